"""Issue #14: the figure checker, fitted out of fold on train, drops the decided figures it doubts; its labels
are the scorer's own matching."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipeline.core.amounts import find_document_amounts
from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import annotate_article
from pipeline.core.figures import find_figures
from pipeline.core.learned_models import load_model
from pipeline.core.nlp import annotate, load_model as load_spacy
from pipeline.quality.score_facts import matched_figures
from pipeline.training.figures import scorer_places

TEXT = ("Japan's trade surplus with the United States rose to 7.3 billion dlrs in March from 6.1 billion in February. "
        "Tandem Computers said it would raise its research spending to about 100 mln dlrs.")


@pytest.fixture(scope="module")
def decided():
    decisions = load_model("figures")
    if decisions is None or decisions.checker is None:
        pytest.skip("no figure checker is packaged")
    text = TEXT
    article = annotate_article("test", text, next(annotate(load_spacy(), [text])), published_date=dt.date(1987, 4, 1),
                               dateline_country=None, authors=[], gazetteer=CountryGazetteer.load())
    amounts = find_document_amounts([(s, text[s:e]) for s, e in article.sentences], home_country=article.home_country())
    return decisions, article, amounts, find_figures(article, amounts)


def test_the_checker_keeps_a_sure_figure_and_its_threshold_decides(decided):
    decisions, article, amounts, rules = decided
    with_evidence = decisions.decide_with_evidence(article, amounts, rules)
    assert with_evidence and all("p_figure" in evidence for _, evidence in with_evidence)
    kept = decisions.decide(article, amounts, rules)
    assert ("trade_balance", 7.3e9, "JPN", "USA") in {(f.metric, f.value, f.country_id, f.counterpart_id) for f in kept}
    everything = dataclasses.replace(decisions, thresholds=dataclasses.replace(decisions.thresholds, keep_checked=0.0))
    nothing = dataclasses.replace(decisions, thresholds=dataclasses.replace(decisions.thresholds, keep_checked=1.01))
    assert len(everything.decide(article, amounts, rules)) >= len(kept)
    assert nothing.decide(article, amounts, rules) == []


def test_labels_match_figures_as_the_scorer_does():
    key = scorer_places()
    expected = [{"metric": "exports", "value": 5e9, "currency": "USD", "country": "JPN", "counterpart": "European Union"}]
    found = [{"metric": "exports", "value": 5.01e9, "currency": "USD", "measure": "level", "country_id": "JPN",
              "counterpart_id": "JPN"},
             {"metric": "exports", "value": 5.01e9, "currency": "USD", "measure": "level", "country_id": "JPN",
              "counterpart_id": "GRP_EU"}]
    # a group compares by its folded name, whatever id the pipeline gives it
    assert matched_figures(key, expected, found) == [1]
    assert matched_figures(key, expected, found[:1]) == [None]
