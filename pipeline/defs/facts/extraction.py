"""Per-article extraction over cached NLP spans, itself cached by (article, model, extraction version)."""
from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pipeline.core.countries import CountryGazetteer
from pipeline.core.failures import Failure
from pipeline.core.extract import EXTRACTION_VERSION, annotate_article, extract_facts
from pipeline.core.nlp import SPAN_COLUMNS, Span

FACT_TABLES = ("entity_mentions", "leader_mentions", "figure_candidates", "agreement_candidates", "agreement_party_candidates")
ROW_GROUPS = {"entity_mentions": "mentions", "leader_mentions": "leaders", "figure_candidates": "figures",
              "agreement_candidates": "agreements", "agreement_party_candidates": "agreement_parties"}


def extraction_key(model: str) -> str:
    return f"{model}|{EXTRACTION_VERSION}"


def extract_articles(clean: pl.DataFrame, spans: pl.DataFrame, on_article: Callable[[], None]) -> dict[str, list[dict]]:
    """Rows of every fact table for the given articles."""
    gazetteer = CountryGazetteer.load()
    spans_by_article = {key[0]: frame for key, frame in spans.partition_by("article_id", as_dict=True).items()} if len(spans) else {}
    out: dict[str, list[dict]] = {table: [] for table in (*FACT_TABLES, "extraction_errors")}
    for row in clean.iter_rows(named=True):
        article_spans = spans_by_article.get(row["article_id"])
        span_list = [] if article_spans is None else [
            Span(*row) for row in article_spans.select(*SPAN_COLUMNS).iter_rows()]
        try:
            article = annotate_article(row["article_id"], row["text"], span_list, published_date=row["published_date"],
                                       dateline_country=row["dateline_country_id"], authors=row["authors"] or [], gazetteer=gazetteer,
                                       publisher=row["publisher"])
            facts = extract_facts(article, gazetteer)
        except Exception as error:  # one article's failure is recorded, and never costs the others theirs
            out["extraction_errors"].append(Failure.caught(error).row(row["article_id"], "extraction"))
            on_article()
            continue
        for table in FACT_TABLES:
            out[table] += getattr(facts, ROW_GROUPS[table])
        on_article()
    return out
