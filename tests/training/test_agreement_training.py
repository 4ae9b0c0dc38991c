"""Issue #14: the agreement decisions learned from annotated stories (made-up stories, read with the real model)."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.quality.ground_truth import GroundTruth
from pipeline.training.agreements import fit, prepare
from tests.training.made_up_stories import read_made_up

STORIES = {
    "made-up-1": ("Japan and Australia signed a trade pact on Friday.\n\nThe deal cuts tariffs on beef.",
                  [{"parties": ["JPN", "AUS"], "status": "signed", "sector": "trade"}]),
    "made-up-2": ("Canada and Mexico declared a truce in their steel dispute.\n\nFrance and Spain agreed a fishing accord.",
                  [{"parties": ["FRA", "ESP"], "status": "agreed", "sector": "agriculture"}]),
    "made-up-3": ("Brazil and Chile signed a pipeline agreement.\n\nThe two countries also agreed a defence pact.",
                  [{"parties": ["BRA", "CHL"], "status": "signed", "sector": "energy"},
                   {"parties": ["BRA", "CHL"], "status": "agreed", "sector": "security"}]),
    "made-up-4": ("Norway rejected a fishing deal with Iceland.\n\nEgypt and Jordan said talks on gas prices would resume.",
                  [{"parties": ["NOR", "ISL"], "status": "rejected", "sector": "agriculture"}]),
}


@pytest.fixture(scope="module")
def stories():
    articles = read_made_up({source_id: text for source_id, (text, _) in STORIES.items()})
    truth = GroundTruth(splits={"train": list(STORIES)}, entries={i: {"id": i, "agreements": a} for i, (_, a) in STORIES.items()},
                        second_readings={})
    return prepare(articles, truth)


def test_a_sentence_is_labelled_by_the_expected_agreement_the_rules_read_in_it(stories):
    by_id = {s.source_id: s for s in stories}
    first = by_id["made-up-1"]
    assert [bool(gold) for gold in first.labels][:1] == [True]
    second = by_id["made-up-2"]
    truce = next(n for n, c in enumerate(second.candidates) if c.sentence == 0)
    assert second.labels[truce] == []  # an agreement no reader wrote down is a negative example


def test_two_agreements_of_the_same_sides_are_told_apart_by_sector(stories):
    third = next(s for s in stories if s.source_id == "made-up-3")
    assert [[g["sector"] for g in gold] for gold in third.labels] == [["energy"], ["security"]]


def test_fitting_is_deterministic(stories):
    first, second = fit(stories), fit(stories)
    assert first.vectorizer.vocabulary_ == second.vectorizer.vocabulary_
    assert np.array_equal(first.detector.coef_, second.detector.coef_)
