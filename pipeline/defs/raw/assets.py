"""Raw stage: every inbox file becomes articles or rejects, nothing lost and nothing silent."""
import dataclasses
import datetime as dt
import tempfile
import time
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline import storage
from pipeline.core.reading import JSONL_EXTENSIONS, MAX_ARTICLE_CHARS, read_file
from pipeline.core.sharding import shard_of_line, shard_of_path
from pipeline.defs.metadata import table_metadata
from pipeline.defs.partitions import SHARD_COUNT, SHARD_KEYS, article_shards
from pipeline.defs.raw.read_cache import InboxReadCache, file_version, reader_fingerprint
from pipeline.defs.resources import WarehouseResource
from pipeline.storage import read_parquet_or_empty, write_parquet_atomic
from pipeline.tables import TABLES, conform, from_rows

RAW_CODE_VERSION = "2"


@dataclasses.dataclass
class ShardInput:
    """What one shard read from the inbox: article and reject rows, and how many files it owns."""
    articles: list[dict] = dataclasses.field(default_factory=list)
    rejects: list[dict] = dataclasses.field(default_factory=list)
    files: int = 0


def read_shards(inbox: str, shards: list[str], max_article_chars: int = MAX_ARTICLE_CHARS,
                warehouse_root: str | None = None) -> dict[str, ShardInput]:
    """Articles and rejects of each shard: its whole files, and its share of every JSON Lines file's lines.
    Each file is read once for all the run's shards (a run over every shard reads an export once, not once
    per shard). An object store's files are read from a local copy, as the object's URL. With a
    `warehouse_root`, a local file unchanged since a run read it whole is not read again (read_cache.py)."""
    read = {shard: ShardInput() for shard in shards}
    every_shard = set(shards) >= set(SHARD_KEYS)
    cache = (InboxReadCache.load(warehouse_root, SHARD_KEYS, reader_fingerprint(max_article_chars, SHARD_COUNT))
             if warehouse_root is not None and not storage.is_remote(inbox) else None)
    with tempfile.TemporaryDirectory(prefix="newsfacts-inbox-") as copies:
        for file in storage.inbox_files(inbox):
            owner = shard_of_path(file.relative, SHARD_COUNT)
            jsonl = Path(file.relative).suffix.lower() in JSONL_EXTENSIONS
            if not (owner in read or jsonl):
                continue
            kept = cache.get(file.location, owner) if cache is not None else None
            if kept is not None:
                found, refused = kept
            else:
                found, refused = _read(inbox, file, jsonl, read, max_article_chars, copies, cache, owner, every_shard)
            # a line's article or reject is its line's shard's; a file-level verdict is its owner's to record
            shard_of = lambda item: shard_of_line(item["line_number"], SHARD_COUNT) if jsonl and item["line_number"] is not None else owner  # noqa: E731
            for article in found:
                if shard_of(article) in read:
                    read[shard_of(article)].articles.append(article)
            for reject in refused:
                if shard_of(reject) in read:
                    read[shard_of(reject)].rejects.append(reject)
            if owner in read:
                read[owner].files += 1
    if cache is not None:
        cache.save()
    return read


def _read(inbox: str, file: storage.InboxFile, jsonl: bool, read: dict[str, ShardInput], max_article_chars: int,
          copies: str, cache: InboxReadCache | None, owner: str, every_shard: bool) -> tuple[list[dict], list[dict]]:
    """One inbox file's articles and rejects as rows (a JSON Lines file's lines of the run's shards only)."""
    local_root = Path(copies) if storage.is_remote(inbox) else Path(inbox)
    path = storage.download(file.location, local_root, file.relative) if storage.is_remote(inbox) else Path(file.location)
    version = file_version(file.location) if cache is not None and every_shard else None
    if jsonl and not every_shard:
        found, refused = read_file(path, local_root, keep_line=lambda n: shard_of_line(n, SHARD_COUNT) in read,
                                   source_path=file.location, max_article_chars=max_article_chars)
    else:
        found, refused = read_file(path, local_root, source_path=file.location, max_article_chars=max_article_chars)
    articles, rejects = [dataclasses.asdict(a) for a in found], [dataclasses.asdict(r) for r in refused]
    if cache is not None and every_shard:
        cache.put(file.location, owner, version, articles, rejects)
    return articles, rejects


def ingest_shard(warehouse: WarehouseResource, shard: str, read: ShardInput) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """A shard's articles and rejects from what it `read` of the inbox; an article keeps the time it was first
    ingested."""
    articles, rejects, files = read.articles, read.rejects, read.files
    frame = from_rows(articles, "raw_articles").sort("source_path", "line_number", nulls_last=False)
    duplicates = frame.filter(pl.col("article_id").is_duplicated() & ~pl.col("article_id").is_first_distinct())
    frame = frame.unique("article_id", keep="first", maintain_order=True)
    rejects_frame = pl.concat([
        from_rows(rejects, "rejected_inputs"),
        conform(duplicates.select(
            "source_path", "line_number", pl.lit("duplicate").alias("reason"),
            ("same text as article " + pl.col("article_id")).alias("detail"), "byte_size"), "rejected_inputs"),
    ]).sort("source_path", "line_number", nulls_last=False)
    previous = read_parquet_or_empty(warehouse.shard_path("raw_articles", shard), {n: t for n, t, _ in TABLES["raw_articles"]})
    first_seen = previous.select("article_id", pl.col("ingested_at").alias("first_seen"))
    now = dt.datetime.now(dt.timezone.utc)
    frame = (frame.drop("ingested_at").join(first_seen, on="article_id", how="left")
             .with_columns(pl.col("first_seen").fill_null(now).alias("ingested_at")).drop("first_seen"))
    return conform(frame, "raw_articles"), rejects_frame, files


@dg.multi_asset(
    specs=[
        dg.AssetSpec("raw_articles", group_name="raw", kinds={"polars", "parquet"},
                     description="One row per article read from the inbox: text as received, content-hash id, source and size."),
        dg.AssetSpec("rejected_inputs", group_name="raw", kinds={"polars", "parquet"},
                     description="One row per inbox file or JSON line that could not become an article, with the reason."),
    ],
    partitions_def=article_shards,
    code_version=RAW_CODE_VERSION,
)
def raw_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One shard per run from a backfill; every shard in one run from `newsfacts build` (a partition range)."""
    started = time.perf_counter()
    all_articles, all_rejects, files = [], [], 0
    inputs = read_shards(warehouse.inbox, context.partition_keys, warehouse.max_article_chars, warehouse.root)
    for shard in context.partition_keys:
        articles, rejects, owned = ingest_shard(warehouse, shard, inputs[shard])
        write_parquet_atomic(articles, warehouse.shard_path("raw_articles", shard))
        write_parquet_atomic(rejects, warehouse.shard_path("rejected_inputs", shard))
        all_articles.append(articles)
        all_rejects.append(rejects)
        files += owned
    articles, rejects = pl.concat(all_articles), pl.concat(all_rejects)
    # one line for the run, not one per shard: every log line is an event the run storage writes
    context.log.info(f"{len(context.partition_keys)} shards: {files} files owned, {len(articles)} articles, {len(rejects)} rejects")
    reasons = rejects.group_by("reason").len().sort("reason")
    yield dg.MaterializeResult(asset_key="raw_articles", metadata=table_metadata(
        "raw_articles", articles.drop("raw_text"), files_owned=files, inbox=warehouse.inbox,
        seconds=round(time.perf_counter() - started, 2)))
    yield dg.MaterializeResult(asset_key="rejected_inputs", metadata=table_metadata(
        "rejected_inputs", rejects, by_reason=dg.MetadataValue.json(dict(reasons.iter_rows()))))
