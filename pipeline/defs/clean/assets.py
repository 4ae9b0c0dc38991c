"""Clean stage: boilerplate removed and metadata parsed, for a shard's new or changed articles."""
import time

import dagster as dg
import polars as pl

from pipeline import storage
from pipeline.core.cleaning import clean_article
from pipeline.core.countries import CountryGazetteer
from pipeline.core.datelines import dateline_country
from pipeline.core.extraction_version import EXTRACTION_VERSION
from pipeline.core.failures import Failure
from pipeline.defs.worker_server import start_worker_server, worker_server_started
from pipeline.defs.metadata import table_metadata
from pipeline.defs.partitions import article_shards
from pipeline.defs.resources import SpacyResource, WarehouseResource
from pipeline.storage import read_parquet_or_empty, write_parquet_atomic
from pipeline.tables import TABLES, conform, from_rows


def clean_frame(raw: pl.DataFrame) -> tuple[pl.DataFrame, list[dict]]:
    """Clean articles, and a `clean_errors` row for each article the cleaning rules raised on (it is left out
    here and cleaned again on the next run)."""
    rows, failures = [], []
    for r in raw.select("article_id", "source_id", "source_path", "title", "raw_text", "date_hint",
                        "dateline_hint", "publisher_hint", "authors_hint").iter_rows(named=True):
        try:
            c = clean_article(r["raw_text"], title=r["title"], date_hint=r["date_hint"],
                              dateline_hint=r["dateline_hint"], publisher_hint=r["publisher_hint"],
                              authors_hint=r["authors_hint"])
        except Exception as error:  # noqa: BLE001 — one article's failure never costs the others theirs
            failures.append(Failure.caught(error).row(r["article_id"], "clean"))
            continue
        rows.append({"article_id": r["article_id"], "source_id": r["source_id"], "source_path": r["source_path"],
                     "title": c.title or r["title"], "text": c.text, "published_date": c.published_date,
                     "publisher": c.publisher, "dateline": c.dateline, "authors": list(c.authors),
                     "rules_version": EXTRACTION_VERSION})
    frame = with_dateline_countries(from_rows(rows, "clean_articles")).with_columns(
        pl.col("text").str.count_matches(r"\S+").cast(pl.Int64).alias("word_count"))
    return frame, failures


def with_dateline_countries(frame: pl.DataFrame) -> pl.DataFrame:
    if frame.is_empty():   # nothing cleaned (every shard of a refresh with nothing new): no gazetteer to load
        return frame
    gazetteer = CountryGazetteer.load()
    keyed = frame.with_columns(pl.col("published_date").dt.year().alias("_year"))
    lookup = keyed.select("dateline", "_year").unique().drop_nulls("dateline")
    lookup = lookup.with_columns(pl.Series("dateline_country_id", [
        _dateline_country(d, gazetteer, y) for d, y in lookup.iter_rows()], dtype=pl.String))
    return keyed.drop("dateline_country_id").join(lookup, on=["dateline", "_year"], how="left", nulls_equal=True).drop("_year")


def _dateline_country(dateline: str, gazetteer: CountryGazetteer, year: int | None) -> str | None:
    try:
        return dateline_country(dateline, gazetteer, year=year)
    except Exception:  # noqa: BLE001 — a dateline the gazetteer cannot read names no country; the article goes on
        return None


def refresh_clean(raw: pl.DataFrame, previous: pl.DataFrame) -> tuple[pl.DataFrame, int, pl.DataFrame]:
    """Clean only articles not cleaned before by these rules; keep the rest; drop articles gone from the inbox.
    Also returns the articles cleaning failed on (`clean_errors`)."""
    kept = previous.filter((pl.col("rules_version") == EXTRACTION_VERSION) & pl.col("article_id").is_in(raw["article_id"].implode()))
    # the row of an article follows its current source (a moved file keeps its text, not its path)
    kept = conform(kept.drop("source_id", "source_path").join(raw.select("article_id", "source_id", "source_path"), on="article_id"),
                   "clean_articles")
    todo = raw.join(kept.select("article_id"), on="article_id", how="anti")
    cleaned, failures = clean_frame(todo)
    return pl.concat([kept, conform(cleaned, "clean_articles")]).sort("article_id"), len(todo), from_rows(failures, "clean_errors")


def articles_to_clean(warehouse: WarehouseResource, shards: list[str]) -> int:
    """How many of the shards' articles these rules have not cleaned yet (from the id columns alone)."""
    count = 0
    for shard in shards:
        raw = storage.read_parquet(warehouse.shard_path("raw_articles", shard), columns=["article_id"])
        path = warehouse.shard_path("clean_articles", shard)
        done = (storage.read_parquet(path, columns=["article_id", "rules_version"]).filter(pl.col("rules_version") == EXTRACTION_VERSION)
                if storage.exists(path) else pl.DataFrame(schema={"article_id": pl.String}))
        count += len(raw.join(done.select("article_id"), on="article_id", how="anti"))
    return count


@dg.asset(
    deps=["raw_articles"], group_name="clean", kinds={"polars", "parquet"}, partitions_def=article_shards,
    code_version=EXTRACTION_VERSION,
    description="Articles with boilerplate removed (bylines, credits, editor's notes, footers, wire signatures) "
                "and metadata parsed (date, publisher, dateline and its country, authors).",
)
def clean_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource, spacy: SpacyResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    # extraction's worker processes get ready on the other core while this stage runs on one (as many as spaCy gets);
    # `newsfacts build` started the server first thing: no need to count the articles (16 file reads) to decide
    if not worker_server_started():
        start_worker_server(articles_to_clean(warehouse, context.partition_keys), spacy.n_process)
    frames, cleaned, failed = [], 0, 0
    for shard in context.partition_keys:
        raw = storage.read_parquet(warehouse.shard_path("raw_articles", shard))
        path = warehouse.shard_path("clean_articles", shard)
        previous = read_parquet_or_empty(path, {n: t for n, t, _ in TABLES["clean_articles"]})
        frame, shard_cleaned, failures = refresh_clean(raw, previous)
        if shard_cleaned or len(frame) != len(previous) or not storage.exists(path):
            write_parquet_atomic(frame, path)
        write_parquet_atomic(failures, warehouse.shard_path("clean_errors", shard))
        for failure in failures.head(5).iter_rows(named=True):
            context.log.warning(f"cleaning failed for article {failure['article_id']}: {failure['error']}")
        failed += len(failures)
        frames.append(frame)
        cleaned += shard_cleaned
    frame = pl.concat(frames)
    # one line for the run, not one per shard: every log line is an event the run storage writes
    context.log.info(f"{len(context.partition_keys)} shards: cleaned {cleaned} articles, {len(frame) - cleaned} unchanged")
    return dg.MaterializeResult(metadata=table_metadata(
        "clean_articles", frame.drop("text"), articles_cleaned=cleaned - failed, articles_failed=failed, seconds=round(time.perf_counter() - started, 2)))
