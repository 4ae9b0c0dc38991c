"""Entities stage: the spaCy pass (cached per article) and the mentions and facts read from it."""

import dagster as dg
import polars as pl

from pipeline.core.nlp import annotate, model_signature
from pipeline.defs.metadata import table_metadata
from pipeline.defs.partitions import article_shards
from pipeline.defs.progress import Progress
from pipeline.defs.resources import SpacyResource, WarehouseResource
from pipeline.storage import read_parquet_or_empty, write_parquet_atomic
from pipeline.tables import TABLES, from_rows

NLP_CODE_VERSION = "1"


def spans_to_annotate(clean: pl.DataFrame, cached: pl.DataFrame, model: str) -> pl.DataFrame:
    """Articles with no cached spans from this model: only these go through spaCy."""
    done = cached.filter(pl.col("model") == model).select("article_id").unique()
    return clean.join(done, on="article_id", how="anti").select("article_id", "text")


@dg.asset(
    deps=["clean_articles"], group_name="entities", kinds={"spacy", "parquet"}, code_version=NLP_CODE_VERSION,
    partitions_def=article_shards,
    description="Sentence and named-entity spans from the spaCy model, cached by (article content hash, model): "
                "only new or changed articles pass through spaCy.",
)
def nlp_spans(context: dg.AssetExecutionContext, warehouse: WarehouseResource, spacy: SpacyResource) -> dg.MaterializeResult:
    shard = context.partition_key
    clean = pl.read_parquet(warehouse.shard_path("clean_articles", shard), columns=["article_id", "text", "word_count"])
    path = warehouse.shard_path("nlp_spans", shard)
    cached = read_parquet_or_empty(path, {n: t for n, t, _ in TABLES["nlp_spans"]})
    nlp = spacy.model()
    model = model_signature(nlp)
    todo = spans_to_annotate(clean, cached, model)
    progress = Progress(f"spaCy shard {shard}", len(todo), context.log.info)
    rows = []
    ids = todo["article_id"].to_list()
    for article_id, spans in zip(ids, annotate(nlp, todo["text"].to_list(), n_process=spacy.n_process, batch_size=spacy.batch_size)):
        rows += [{"article_id": article_id, "model": model, "start_char": s.start, "end_char": s.end, "label": s.label} for s in spans]
        progress.advance()
    kept = cached.filter((pl.col("model") == model) & pl.col("article_id").is_in(clean["article_id"].implode()))
    spans = pl.concat([kept, from_rows(rows, "nlp_spans")]).sort("article_id", "start_char", "label")
    if len(todo) or len(kept) != len(cached) or not path.exists():
        write_parquet_atomic(spans, path)
    words = clean.filter(pl.col("article_id").is_in(todo["article_id"].implode()))["word_count"].sum()
    context.log.info(f"spaCy annotated {len(todo)} new articles ({words} words); {len(clean) - len(todo)} from cache")
    return dg.MaterializeResult(metadata=table_metadata(
        "nlp_spans", spans, model=model, articles_annotated=len(todo), articles_from_cache=len(clean) - len(todo),
        words_annotated=int(words or 0), seconds=progress.seconds,
        words_per_second=round((words or 0) / max(progress.seconds, 1e-9), 1)))
