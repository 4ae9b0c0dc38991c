"""The annotated stories as the pipeline sees them: an inbox written from ../shared by id, built through the
pipeline's own stages, and read back as annotated articles (clean text, sentences, entities, parses)."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import annotate_article
from pipeline.core.spans import SPAN_COLUMNS, Span
from pipeline.quality.ground_truth import SHARED_EXPECTED

SHARED_CORPUS = SHARED_EXPECTED.parent / "corpus"
CORPUS_FILES = [SHARED_CORPUS / "reuters21578" / "reuters21578.jsonl",
                SHARED_CORPUS / "modern_wire" / "wire_2017_2020.jsonl",
                SHARED_CORPUS / "modern_news" / "news_2012_2020.jsonl"]


def write_inbox(ids: set[str], inbox: Path) -> Path:
    """The stories of `ids`: seed files by name, corpus lines by id."""
    inbox.mkdir(parents=True, exist_ok=True)
    for seed in (SHARED_CORPUS / "seeds").glob("*.txt"):
        if seed.name in ids:
            shutil.copy(seed, inbox / seed.name)
    with (inbox / "stories.jsonl").open("w", encoding="utf-8") as out:
        for corpus in CORPUS_FILES:
            with corpus.open(encoding="utf-8") as lines:
                out.writelines(line for line in lines if json.loads(line)["id"] in ids)
    return inbox


def build_stories(ids: set[str], work: Path) -> Path:
    """Build the stories through the pipeline into `work/warehouse` (reused: only new stories go through NLP)."""
    from pipeline.build import build_all
    from pipeline.defs.resources import SpacyResource, WarehouseResource

    inbox = work / "inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    write_inbox(ids, inbox)
    warehouse = work / "warehouse"
    resources = {"warehouse": WarehouseResource(inbox_dir=str(inbox), warehouse_dir=str(warehouse)), "spacy": SpacyResource()}
    if not build_all(resources, report=False).success:
        raise RuntimeError("the build of the annotated stories failed")
    return warehouse


def annotated_articles(warehouse: Path, ids: set[str] | None = None) -> Iterator[tuple[str, AnnotatedArticle]]:
    """(source id, annotated article) for each built story, as the extraction stage sees it."""
    gazetteer = CountryGazetteer.load()
    clean = pl.read_parquet(warehouse / "clean_articles" / "*" / "*.parquet")
    spans = pl.read_parquet(warehouse / "nlp_spans" / "*" / "*.parquet")
    spans_by_article = {key[0]: frame for key, frame in spans.partition_by("article_id", as_dict=True).items()}
    for row in clean.sort("source_id").iter_rows(named=True):
        if ids is not None and row["source_id"] not in ids:
            continue
        article_spans = spans_by_article.get(row["article_id"])
        span_list = [] if article_spans is None else [Span(*r) for r in article_spans.select(*SPAN_COLUMNS).iter_rows()]
        yield row["source_id"], annotate_article(
            row["article_id"], row["text"], span_list, published_date=row["published_date"],
            dateline_country=row["dateline_country_id"], authors=row["authors"] or [], gazetteer=gazetteer,
            publisher=row["publisher"])
