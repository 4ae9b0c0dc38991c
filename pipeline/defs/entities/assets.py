"""Entities stage: the spaCy pass (cached per article) and the mentions and facts read from it."""

import dagster as dg
import polars as pl

from pipeline import storage
from pipeline.core.failures import Failure
from pipeline.core.spans import SPAN_COLUMNS, model_signature
from pipeline.defs.entities.annotation import annotated_rows
from pipeline.defs.metadata import column_schema
from pipeline.defs.partitions import article_shards
from pipeline.defs.progress import Progress
from pipeline.defs.resources import SpacyResource, WarehouseResource
from pipeline.storage import read_parquet_or_empty, write_parquet_atomic
from pipeline.tables import TABLES, conform, empty, from_rows

NLP_CODE_VERSION = "2"


def spans_to_annotate(clean: pl.DataFrame, cached: pl.DataFrame, model: str) -> pl.DataFrame:
    """Articles with no cached spans from this model: only these go through spaCy."""
    done = cached.filter(pl.col("model") == model).select("article_id").unique()
    return clean.join(done, on="article_id", how="anti").select("article_id", "text", "word_count")


def spans_in_any_shard(warehouse: WarehouseResource, article_ids: pl.Series, model: str) -> pl.DataFrame:
    """Spans this model already produced for these articles in any shard's file: an article's id is the
    hash of its content, so a changed shard count (NEWSFACTS_SHARDS) or a moved file sends no article
    through spaCy again. One file's spans per article (the same text may sit in two shards)."""
    files = warehouse.any_shard_files("nlp_spans")
    if article_ids.is_empty() or not files:
        return empty("nlp_spans")
    found = (storage.scan_parquet(files, hive_partitioning=False, include_file_paths="_file")
             .filter((pl.col("model") == model) & pl.col("article_id").is_in(article_ids.implode()))
             .collect())
    return conform(found.filter(pl.col("_file") == pl.col("_file").min().over("article_id")), "nlp_spans")


@dg.asset(
    deps=["clean_articles"], group_name="entities", kinds={"spacy", "parquet"}, code_version=NLP_CODE_VERSION,
    partitions_def=article_shards,
    description="Sentence and named-entity spans from the spaCy model, cached by (article content hash, model): "
                "only new or changed articles pass through spaCy.",
)
def nlp_spans(context: dg.AssetExecutionContext, warehouse: WarehouseResource, spacy: SpacyResource) -> dg.MaterializeResult:
    model = model_signature(spacy.model_name)
    shards = {}
    for shard in context.partition_keys:
        clean = storage.read_parquet(warehouse.shard_path("clean_articles", shard), columns=["article_id", "text", "word_count"])
        cached = read_parquet_or_empty(warehouse.shard_path("nlp_spans", shard), {n: t for n, t, _ in TABLES["nlp_spans"]})
        shards[shard] = (clean, cached, spans_to_annotate(clean, cached, model))
    elsewhere = spans_in_any_shard(warehouse, pl.concat([t["article_id"] for _, _, t in shards.values()]), model)
    for shard, (clean, cached, shard_todo) in shards.items():
        reused = elsewhere.join(shard_todo.select("article_id"), on="article_id", how="semi")
        shard_todo = shard_todo.join(reused.select("article_id").unique(), on="article_id", how="anti")
        shards[shard] = (clean, cached, shard_todo.with_columns(pl.lit(shard).alias("shard")), reused)
    # one spaCy pass over every shard's new articles: its worker processes start once per run, not per shard
    todo = pl.concat([t for _, _, t, _ in shards.values()])
    progress = Progress("spaCy", len(todo), context.log.info)
    new_spans, failures = annotate_frame(spacy, todo, model, progress)
    total_spans = 0
    for shard, (clean, cached, shard_todo, reused) in shards.items():
        path = warehouse.shard_path("nlp_spans", shard)
        kept = cached.filter((pl.col("model") == model) & pl.col("article_id").is_in(clean["article_id"].implode()))
        if len(shard_todo) or len(reused) or len(kept) != len(cached) or not storage.exists(path):
            fresh = new_spans.filter(pl.col("shard") == shard).drop("shard")
            write_parquet_atomic(pl.concat([kept, reused, fresh]).sort("article_id", "start_char", "label"), path)
        # a failed article has no spans: the next run reads it again, and extraction leaves it until then
        write_parquet_atomic(failures.filter(pl.col("shard") == shard).drop("shard"), warehouse.shard_path("nlp_errors", shard))
        total_spans += len(kept) + len(reused) + len(shard_todo)
    for failure in failures.head(5).iter_rows(named=True):
        context.log.warning(f"spaCy failed on article {failure['article_id']}: {failure['error']}")
    words = int(todo["word_count"].sum() or 0)
    cached_articles = sum(len(clean) for clean, _, _, _ in shards.values()) - len(todo)
    context.log.info(f"spaCy annotated {len(todo)} new articles ({words} words); {cached_articles} from cache")
    return dg.MaterializeResult(metadata={
        "dagster/row_count": total_spans, "dagster/column_schema": column_schema("nlp_spans"), "model": model,
        "articles_annotated": len(todo) - len(failures), "articles_failed": len(failures), "articles_from_cache": cached_articles, "words_annotated": words,
        "seconds": progress.seconds, "words_per_second": round(words / max(progress.seconds, 1e-9), 1)})


def annotate_frame(spacy: SpacyResource, todo: pl.DataFrame, model: str, progress: Progress) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Spans of every article of `todo` (article_id, text, shard) as one frame, built column-wise, and the
    articles the model failed on (an `nlp_errors` frame with their shard)."""
    columns: dict[str, list] = {"article_id": [], "shard": [], "start_char": [], "end_char": [], "label": [],
                                "lemma": [], "pos": [], "dep": [], "head_start": []}
    failures = []
    if len(todo):
        ids, shard_of = todo["article_id"].to_list(), todo["shard"].to_list()
        for i, rows in enumerate(annotated_rows(spacy, todo["text"].to_list())):
            if isinstance(rows, Failure):
                failures.append({**rows.row(ids[i], "nlp"), "shard": shard_of[i]})
                progress.advance()
                continue
            columns["article_id"] += [ids[i]] * len(rows)
            columns["shard"] += [shard_of[i]] * len(rows)
            for name, values in zip(SPAN_COLUMNS, zip(*rows)):
                columns[name] += values
            progress.advance()
    frame = pl.DataFrame(columns, schema={"article_id": pl.String, "shard": pl.String, "start_char": pl.Int64,
                                          "end_char": pl.Int64, "label": pl.String, "lemma": pl.String, "pos": pl.String,
                                          "dep": pl.String, "head_start": pl.Int64})
    failed = from_rows(failures, "nlp_errors").with_columns(pl.Series("shard", [f["shard"] for f in failures], pl.String))
    return frame.with_columns(pl.lit(model).alias("model")).select(
        "article_id", "model", "start_char", "end_char", "label", "lemma", "pos", "dep", "head_start", "shard"), failed
