"""Issue #14: the learned decision whether a capital stands for its government or only locates (guideline C1)
(made-up stories, read with the real model)."""
from __future__ import annotations

import pytest

from pipeline.core.capital_model import undecided_capitals
from pipeline.quality.ground_truth import GroundTruth
from pipeline.training.capitals import fit, prepare
from tests.training.made_up_stories import read_made_up
LOCATING = "Ministers of Chile and Peru met in {} on Monday to discuss copper prices."
GOVERNING = "{} said on Monday it would raise tariffs on copper from Chile."
CAPITALS = {"Vienna": "AUT", "Brussels": "BEL", "Athens": "GRC", "Helsinki": "FIN", "Copenhagen": "DNK", "Oslo": "NOR"}


@pytest.fixture(scope="module")
def articles_and_truth():
    texts, expected = {}, {}
    for capital, country in CAPITALS.items():
        texts[f"in-{capital}"], expected[f"in-{capital}"] = LOCATING.format(capital), ["CHL", "PER"]
        texts[f"by-{capital}"], expected[f"by-{capital}"] = GOVERNING.format(capital), ["CHL", country]
    articles = read_made_up(texts)
    truth = GroundTruth(splits={"train": list(texts)}, entries={i: {"id": i, "countries": c} for i, c in expected.items()},
                        second_readings={})
    return articles, truth


def test_only_countries_named_by_their_capital_alone_are_decided(articles_and_truth):
    articles, _ = articles_and_truth
    by_id = dict(articles)
    assert set(undecided_capitals(by_id["in-Vienna"])) == {"AUT"}   # Chile and Peru are named by name


def test_a_capital_that_only_locates_is_no_mention_of_its_country(articles_and_truth):
    articles, truth = articles_and_truth
    held_out = {"in-Oslo", "by-Oslo"}
    decisions = fit(prepare([a for a in articles if a[0] not in held_out], truth))
    by_id = dict(articles)
    assert decisions.only_locating(by_id["in-Oslo"]) == {"NOR"}
    assert decisions.only_locating(by_id["by-Oslo"]) == set()
