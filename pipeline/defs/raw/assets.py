"""Raw stage: every inbox file becomes articles or rejects, nothing lost and nothing silent."""

import dataclasses
import datetime as dt
import time

import dagster as dg
import polars as pl

from pipeline.core.reading import list_inbox, read_file
from pipeline.defs.metadata import table_metadata
from pipeline.defs.resources import WarehouseResource
from pipeline.storage import read_parquet_or_empty, write_parquet_atomic
from pipeline.tables import TABLES, conform, empty, from_rows

RAW_CODE_VERSION = "1"


def ingest_inbox(warehouse: WarehouseResource) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """All articles and rejects of the inbox; an article keeps the time it was first ingested."""
    inbox = warehouse.inbox
    articles, rejects = [], []
    files = list_inbox(inbox) if inbox.exists() else []
    for path in files:
        found, refused = read_file(path, inbox)
        articles += [dataclasses.asdict(a) for a in found]
        rejects += [dataclasses.asdict(r) for r in refused]
    frame = from_rows(articles, "raw_articles").sort("source_path", "line_number", nulls_last=False)
    duplicates = frame.filter(pl.col("article_id").is_duplicated() & ~pl.col("article_id").is_first_distinct())
    frame = frame.unique("article_id", keep="first", maintain_order=True)
    rejects_frame = pl.concat([
        from_rows(rejects, "rejected_inputs"),
        conform(duplicates.select(
            "source_path", "line_number", pl.lit("duplicate").alias("reason"),
            ("same text as article " + pl.col("article_id")).alias("detail"), "byte_size"), "rejected_inputs"),
    ]).sort("source_path", "line_number", nulls_last=False)
    previous = read_parquet_or_empty(warehouse.table_path("raw_articles"), {n: t for n, t, _ in TABLES["raw_articles"]})
    first_seen = previous.select("article_id", pl.col("ingested_at").alias("first_seen"))
    now = dt.datetime.now(dt.timezone.utc)
    frame = (frame.drop("ingested_at").join(first_seen, on="article_id", how="left")
             .with_columns(pl.col("first_seen").fill_null(now).alias("ingested_at")).drop("first_seen"))
    return conform(frame, "raw_articles"), rejects_frame, len(files)


@dg.multi_asset(
    specs=[
        dg.AssetSpec("raw_articles", group_name="raw", kinds={"polars", "parquet"},
                     description="One row per article read from the inbox: text as received, content-hash id, source and size."),
        dg.AssetSpec("rejected_inputs", group_name="raw", kinds={"polars", "parquet"},
                     description="One row per inbox file or JSON line that could not become an article, with the reason."),
    ],
    code_version=RAW_CODE_VERSION,
)
def raw_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    started = time.perf_counter()
    articles, rejects, files_seen = ingest_inbox(warehouse)
    write_parquet_atomic(articles, warehouse.table_path("raw_articles"))
    write_parquet_atomic(rejects, warehouse.table_path("rejected_inputs"))
    context.log.info(f"{files_seen} files: {len(articles)} articles, {len(rejects)} rejects")
    reasons = rejects.group_by("reason").len().sort("reason")
    yield dg.MaterializeResult(asset_key="raw_articles", metadata=table_metadata(
        "raw_articles", articles.drop("raw_text"), files_seen=files_seen, inbox=str(warehouse.inbox),
        seconds=round(time.perf_counter() - started, 2)))
    yield dg.MaterializeResult(asset_key="rejected_inputs", metadata=table_metadata(
        "rejected_inputs", rejects, by_reason=dg.MetadataValue.json(dict(reasons.iter_rows()))))
