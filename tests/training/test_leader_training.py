"""Issue #14: the learned leader decisions (guideline L1-L3) — which titled or untitled names are leaders of a
country, and whose (made-up stories, read with the real spaCy model)."""
from __future__ import annotations

import pytest

from pipeline.core.leader_model import LeaderDecisions
from pipeline.core.leaders import UNTITLED, find_leaders, leader_candidates
from pipeline.quality.ground_truth import GroundTruth
from pipeline.training.leaders import fit_decisions, prepare
from tests.training.made_up_stories import read_made_up

# a minister named without a title, known by what the story says they do; an economist, no office at all
IN_OFFICE = "{name} told parliament in {place} on Monday that the government would cut tariffs on copper from Canada."
NO_OFFICE = "{name}, an economist at a private bank in {place}, said on Monday that tariffs on copper would rise."
NAMES = [("Maria Lindqvist", "Chile", "CHL"), ("Jorge Pereira", "Peru", "PER"), ("Anna Kowalska", "Poland", "POL"),
         ("Lars Berglund", "Norway", "NOR"), ("Tomas Novak", "Austria", "AUT"), ("Elena Rossi", "Italy", "ITA"),
         ("Pedro Alvarez", "Spain", "ESP"), ("Kenji Sato", "Japan", "JPN")]
HELD_OUT = {"office-Kenji Sato", "none-Kenji Sato"}


@pytest.fixture(scope="module")
def articles_and_truth():
    texts, leaders = {}, {}
    for n, (name, place, country) in enumerate(NAMES):
        other = NAMES[(n + 3) % len(NAMES)][0]   # the other story's person: one name, two roles, as in real wires
        texts[f"office-{name}"], leaders[f"office-{name}"] = (IN_OFFICE.format(name=name, place=place),
                                                              [{"name": name, "country": country}])
        texts[f"none-{name}"], leaders[f"none-{name}"] = NO_OFFICE.format(name=other, place=place), []
    truth = GroundTruth(splits={"train": list(texts)}, second_readings={},
                        entries={i: {"id": i, "leaders": found} for i, found in leaders.items()})
    return read_made_up(texts), truth


@pytest.fixture(scope="module")
def decisions(articles_and_truth) -> LeaderDecisions:
    articles, truth = articles_and_truth
    fitted = fit_decisions(prepare([a for a in articles if a[0] not in HELD_OUT], truth), log=lambda _: None)
    assert fitted is not None and fitted.country_model is not None and fitted.training_digest
    return fitted


def test_an_untitled_name_is_a_candidate_the_rules_take_no_leader(articles_and_truth):
    articles, _ = articles_and_truth
    article = dict(articles)["office-Kenji Sato"]
    assert [(c.name, c.reading) for c in leader_candidates(article)] == [("Kenji Sato", UNTITLED)]
    assert [m for m in find_leaders(article, None) if m.in_office] == []


def test_the_model_reads_a_leader_and_their_country_from_the_words_around(articles_and_truth, decisions):
    articles, _ = articles_and_truth
    by_id = dict(articles)
    found = [m for m in find_leaders(by_id["office-Kenji Sato"], decisions) if m.in_office]
    assert [(m.name, m.country_id, m.titled) for m in found] == [("Kenji Sato", "JPN", False)]
    assert [m for m in find_leaders(by_id["none-Kenji Sato"], decisions) if m.in_office] == []


def test_a_former_office_holder_stays_out_of_office_whatever_the_model(articles_and_truth, decisions):
    article = read_made_up({"former": "Former Finance Minister Maria Lindqvist told parliament in Chile that the "
                                      "government would cut tariffs on copper."})[0][1]
    assert [(m.name, m.in_office) for m in find_leaders(article, decisions)] == [("Maria Lindqvist", False)]


def test_an_official_of_an_international_organisation_is_no_leader(decisions):
    article = read_made_up({"imf": "IMF Managing Director Maria Lindqvist told parliament in Chile that the "
                                   "government would cut tariffs on copper."})[0][1]
    assert [m for m in find_leaders(article, decisions) if m.in_office] == []
