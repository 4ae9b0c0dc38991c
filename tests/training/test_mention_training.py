"""Issue #14: the learned decision whether the words naming a country mention it (guideline R13: a currency label
alone is no mention) (made-up stories, read with the real model)."""
from __future__ import annotations

import pytest

from pipeline.core.extract import extract_facts, mention_places
from pipeline.core.mention_model import countries_named
from pipeline.quality.ground_truth import GroundTruth
from pipeline.training.mentions import fit, prepare
from tests.training.made_up_stories import GAZETTEER, read_made_up

CURRENCY_ONLY = "{}'s trade surplus widened to 4.2 billion U.S. dlrs in March from 3.1 billion in February."
NAMED = "{} said on Monday the U.S. would lift its tariffs on steel, worth 4.2 billion dlrs a year."
COUNTRIES = {"Taiwan": "TWN", "Thailand": "THA", "Malaysia": "MYS", "Indonesia": "IDN", "Singapore": "SGP", "Kenya": "KEN"}


@pytest.fixture(scope="module")
def articles_and_truth():
    texts, expected = {}, {}
    for name, country in COUNTRIES.items():
        texts[f"currency-{name}"], expected[f"currency-{name}"] = CURRENCY_ONLY.format(name), [country]
        texts[f"named-{name}"], expected[f"named-{name}"] = NAMED.format(name), [country, "USA"]
    articles = read_made_up(texts)
    truth = GroundTruth(splits={"train": list(texts)}, entries={i: {"id": i, "countries": c} for i, c in expected.items()},
                        second_readings={})
    return articles, truth


def test_every_country_a_story_names_is_one_decision(articles_and_truth):
    articles, _ = articles_and_truth
    article = dict(articles)["named-Kenya"]
    assert set(countries_named(mention_places(article))) == {"KEN", "USA"}


def test_a_currency_label_alone_is_no_mention_of_its_country(articles_and_truth):
    articles, truth = articles_and_truth
    held_out = {"currency-Kenya", "named-Kenya"}
    decisions = fit(prepare([a for a in articles if a[0] not in held_out], truth))
    by_id = dict(articles)
    assert decisions.not_mentioned(by_id["currency-Kenya"], mention_places(by_id["currency-Kenya"])) == {"USA"}
    assert decisions.not_mentioned(by_id["named-Kenya"], mention_places(by_id["named-Kenya"])) == set()


def test_the_packaged_model_reads_dollars_as_no_mention_of_the_united_states():
    text = "Taiwan's balance of payments surplus widened to a record 16.62 billion U.S. dlrs in calendar 1986."
    (_, article), = read_made_up({"taiwan": text})
    mentioned = {m["entity_id"] for m in extract_facts(article, GAZETTEER).mentions if m["entity_id"]}
    assert mentioned == {"TWN"}
