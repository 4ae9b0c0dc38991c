"""Extraction over worker processes gives the rows one process gives, in the same order."""
from __future__ import annotations

import polars as pl

from pipeline.defs.facts import extraction


def test_worker_processes_give_the_rows_of_one_process(seed_warehouse, monkeypatch):
    clean = pl.read_parquet(seed_warehouse / "clean_articles" / "*" / "*.parquet")
    spans = pl.read_parquet(seed_warehouse / "nlp_spans" / "*" / "*.parquet")
    alone = extraction.extract_articles(clean, spans, lambda: None)
    monkeypatch.setattr(extraction, "MIN_ARTICLES_PER_PROCESS", 1)
    monkeypatch.setattr(extraction, "CHUNKS_PER_PROCESS", 1)   # two seed stories: one chunk each
    advanced = []
    with extraction.ExtractionWorkers(2) as workers:
        spread = workers.extract(clean, spans, lambda: advanced.append(1))
        assert workers._pool is not None
    assert spread == alone and len(advanced) == len(clean)
    assert sum(map(len, alone.values())) > 0


def test_a_run_with_enough_new_articles_uses_the_workers_for_a_small_shard_too(seed_warehouse):
    clean = pl.read_parquet(seed_warehouse / "clean_articles" / "*" / "*.parquet")
    spans = pl.read_parquet(seed_warehouse / "nlp_spans" / "*" / "*.parquet")
    alone = extraction.extract_articles(clean, spans, lambda: None)
    run_articles = 2 * extraction.MIN_ARTICLES_PER_PROCESS   # the run's new articles, over every shard
    with extraction.ExtractionWorkers(2, run_articles=run_articles) as workers:
        assert workers.extract(clean.head(0), spans.head(0), lambda: None)["entity_mentions"] == []
        spread = workers.extract(clean, spans, lambda: None)
        assert workers._pool is not None
    assert spread == alone


def test_a_run_with_few_new_articles_extracts_in_one_worker_with_the_rows_of_one_process(seed_warehouse):
    clean = pl.read_parquet(seed_warehouse / "clean_articles" / "*" / "*.parquet")
    spans = pl.read_parquet(seed_warehouse / "nlp_spans" / "*" / "*.parquet")
    alone = extraction.extract_articles(clean, spans, lambda: None)
    with extraction.ExtractionWorkers(2, run_articles=len(clean)) as workers:
        spread = workers.extract(clean, spans, lambda: None)
        assert workers._pool is not None and workers._pool._max_workers == 1
    assert spread == alone
