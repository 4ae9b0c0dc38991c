"""Which country mentions an article's text yields, as a specification: real sentences through the real spaCy
model (organization names are read from its ORG spans) and the extraction of one article."""
from __future__ import annotations

from datetime import date
from functools import lru_cache

from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import annotate_article, extract_facts
from pipeline.core.nlp import annotate, load_model
from pipeline.core.leaders import find_leaders


@lru_cache(maxsize=1)
def _nlp():
    return load_model()


def article(text: str, dateline_country: str | None = None):
    return annotate_article("test", text, next(annotate(_nlp(), [text])), published_date=date(2019, 6, 1),
                            dateline_country=dateline_country, authors=[], gazetteer=CountryGazetteer.load())


def country_mentions(text: str, dateline_country: str | None = None) -> set[tuple[str, str]]:
    facts = extract_facts(article(text, dateline_country), CountryGazetteer.load())
    return {(m["text"], m["entity_id"]) for m in facts.mentions if m["label"] == "COUNTRY"}


def test_government_bodies_mention_their_country_but_stay_in_the_title():
    # a Washington story that names the U.S. only through its government: "Senate" is a mention of the U.S.
    # and still the start of McConnell's title, not a country word before "Majority Leader"
    text = "Senate Majority Leader Mitch McConnell said Congress would vote on the bill next week."
    assert country_mentions(text, "USA") == {("Senate", "USA"), ("Congress", "USA")}
    # one mention per span: the warehouse keeps one row per span, and an ORG row would replace the country's
    facts = extract_facts(article(text, "USA"), CountryGazetteer.load())
    assert not [m for m in facts.mentions if m["label"] == "ORG" and m["text"] in ("Senate", "Congress")]
    assert [(m.name, m.country_id, m.role) for m in find_leaders(article(text, "USA"))] == \
        [("Mitch McConnell", "USA", "Senate Majority Leader")]


def test_a_country_word_in_a_company_or_newspaper_name_is_no_mention():
    # reuters21578-6462, reuters21578-5841
    assert country_mentions("General Electric had won a contract for 40 CF-80C aircraft engines from American Airlines.") == set()
    assert country_mentions("The China Times, which has close ties with the government, quoted central bank officials.") == set()
    # a central bank is its government's, not a company
    assert country_mentions("The Bank of Japan was thought to have bought dollars.") == {("Japan", "JPN")}
