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
