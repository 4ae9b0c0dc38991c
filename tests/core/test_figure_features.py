"""Features of an amount for the learned figure decisions: the word classes around it and, where the sentence
was parsed, the classes of its verb, subject and the words it is for or in (made-up sentences, real spaCy)."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.amounts import find_amounts
from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import annotate_article
from pipeline.core.figure_features import amount_features, context_features
from pipeline.core.figures import article_amounts
from pipeline.core.nlp import annotate, load_model


@pytest.fixture(scope="module")
def features_of():
    nlp = load_model()
    gazetteer = CountryGazetteer.load()

    def read(text: str) -> dict[str, float]:
        article = annotate_article("test", text, next(annotate(nlp, [text])), published_date=dt.date(2019, 6, 1),
                                   dateline_country=None, authors=[], gazetteer=gazetteer)
        (amount,) = article_amounts(article)
        return amount_features(article, amount, None, article.parse_at(amount.start), 0, 1)

    return read


def test_word_classes_near_an_amount_and_in_its_sentence():
    text = "Lawmakers offered the president $25 billion for the wall in a concession."
    (amount,) = find_amounts(text)
    f = context_features(text, amount, 0, len(text))
    assert f["context_before:public_actor"] == 1.0 and f["context_after:programme"] == 1.0
    assert "context_in_sentence:markets" not in f


def test_the_grammar_names_who_spends_and_what_the_amount_is_in(features_of):
    f = features_of("The U.S. House approved $8.3 billion in emergency aid on Wednesday to fight the outbreak.")
    assert f["verb_class:spend_verb"] == 1.0 and f["subject_class:public_actor"] == 1.0
    assert f["amount_prep_obj:in:aid"] == 1.0


def test_money_of_markets_is_a_class_of_its_own(features_of):
    f = features_of("Investors in U.S. bonds rated BBB hold about $3 trillion of the debt.")
    assert f["context_in_sentence:markets"] == 1.0
