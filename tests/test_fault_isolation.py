"""Issue 12: one article a stage fails on never fails the run. spaCy is made to raise for one article (a
real component in the real pipeline); the run stays green with that article in `extraction_errors`, a
publish stops when too large a share of the articles failed, and the next run reads the article."""
from __future__ import annotations

import shutil

import duckdb
import polars as pl
import pytest

import pipeline.core.nlp as nlp
import pipeline.defs.clean.assets as clean_assets
from pipeline.build import build_all
from pipeline.core.cleaning import clean_article
from pipeline.defs.clean.assets import refresh_clean
from pipeline.defs.resources import SpacyResource, WarehouseResource
from pipeline.tables import empty
from tests.conftest import REPO
from tests.faults import POISON, poisoned_model

SAMPLE_INBOX = REPO / "pipeline" / "sample_inbox"
POISONED_FILE = "poisoned_story.txt"
POISONED_TEXT = (SAMPLE_INBOX / "002_131fd39b467027c8.txt").read_text().replace("Xi said.", f"Xi said {POISON}.", 1)


def build(inbox, warehouse, max_failed_share: float | None = None):
    settings = {} if max_failed_share is None else {"max_failed_share": max_failed_share}
    return build_all({"warehouse": WarehouseResource(inbox_dir=str(inbox), warehouse_dir=str(warehouse), **settings),
                      "spacy": SpacyResource(n_process=1)})


def query(warehouse, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(warehouse / "newsfacts.duckdb"), read_only=True) as con:
        return con.sql(sql).pl()


def check_result(run, name: str):
    return next(e for e in run.get_asset_check_evaluations() if e.check_name == name)


def test_spacy_raising_on_one_article_leaves_the_run_green_and_the_next_run_reads_it(tmp_path, monkeypatch):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    shutil.copytree(SAMPLE_INBOX, inbox)
    (inbox / POISONED_FILE).write_text(POISONED_TEXT)
    monkeypatch.setattr(nlp, "cached_model", lambda name: poisoned_model(name))

    run = build(inbox, warehouse, max_failed_share=0.5)
    assert run.success
    errors = query(warehouse, "select e.*, a.source_id from extraction_errors e join dim_article a using (article_id)")
    assert errors.select("source_id", "stage").rows() == [(POISONED_FILE, "nlp")]
    assert "this text breaks a spaCy component" in errors["error"][0] and "raise_on_poison" in errors["traceback"][0]
    # every article is published; the failed one without what spaCy reads (its dateline is read without it)
    per_article = dict(query(warehouse, "select a.source_id, count(m.label) from dim_article a left join fact_mention m "
                                        "on m.article_id = a.article_id and m.label <> 'DATELINE' group by all").rows())
    assert len(per_article) == 3 and per_article.pop(POISONED_FILE) == 0 and all(per_article.values())
    check = check_result(run, "few_failed_articles")
    assert check.passed and check.metadata["failed_articles"].value == 1 and check.metadata["articles"].value == 3

    # one failed article in three is over the default 5 %: the blocking check stops the publish
    published = (warehouse / "newsfacts.duckdb").stat().st_mtime_ns
    run = build(inbox, warehouse)
    assert not check_result(run, "few_failed_articles").passed
    assert (warehouse / "newsfacts.duckdb").stat().st_mtime_ns == published

    monkeypatch.undo()             # the fault is gone: the next run reads the article it failed on
    run = build(inbox, warehouse)
    assert run.success
    assert query(warehouse, "select count(*) from extraction_errors").item() == 0
    mentions = query(warehouse, f"select count(*) from fact_mention join dim_article using (article_id) "
                                f"where source_id = '{POISONED_FILE}' and label <> 'DATELINE'").item()
    assert mentions > 0


def test_cleaning_raising_on_one_article_records_it_and_cleans_the_others(monkeypatch):
    def clean_or_raise(text, **hints):
        if POISON in text:
            raise RuntimeError("the cleaning rules break on this text")
        return clean_article(text, **hints)
    monkeypatch.setattr(clean_assets, "clean_article", clean_or_raise)
    raw = pl.DataFrame({"article_id": ["a1", "a2"], "source_id": ["a.txt", "b.txt"], "source_path": ["/in/a.txt", "/in/b.txt"],
                        "raw_text": [POISONED_TEXT, POISONED_TEXT.replace(POISON, "")]})
    raw = raw.with_columns(*(pl.lit(None, pl.String).alias(c) for c in
                             ("title", "date_hint", "dateline_hint", "publisher_hint", "authors_hint")))
    frame, cleaned, failures = refresh_clean(raw, empty("clean_articles"))
    assert frame["article_id"].to_list() == ["a2"] and cleaned == 2
    assert failures.select("article_id", "stage").rows() == [("a1", "clean")]
    assert "RuntimeError: the cleaning rules break on this text" in failures["error"][0]


def test_story_grouping_failing_on_one_article_makes_it_a_story_of_its_own():
    import datetime as dt

    from pipeline.core.stories import StoryInput, group_stories

    entities = frozenset({"CHN", "KAZ", "P:Xi Jinping", "P:Kassym-Jomart Tokayev", "O:Reuters"})
    text = "China and Kazakhstan leaders Xi Jinping and Tokayev agreed trade investment summit Xian pipeline energy deals"
    versions = [StoryInput(f"a{i}", text, "Xian", dt.date(2023, 5, 17), entities) for i in range(2)]
    unreadable = StoryInput("a9", None, "Xian", dt.date(2023, 5, 17), entities)     # text the grouping cannot read
    failures = {}
    stories = group_stories([*versions, unreadable], failures)
    assert stories == {"a0": "a0", "a1": "a0", "a9": "a9"}
    assert list(failures) == ["a9"] and "AttributeError" in failures["a9"].error
