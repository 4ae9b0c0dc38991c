"""Clean stage: boilerplate removed, metadata parsed, versions of one story grouped."""

import time

import dagster as dg
import polars as pl

from pipeline.core.cleaning import clean_article
from pipeline.core.countries import CountryGazetteer
from pipeline.core.datelines import dateline_country
from pipeline.core.stories import StoryInput, group_stories
from pipeline.defs.metadata import table_metadata
from pipeline.defs.resources import WarehouseResource
from pipeline.storage import write_parquet_atomic
from pipeline.tables import conform, from_rows

CLEAN_CODE_VERSION = "1"


def clean_frame(raw: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for r in raw.select("article_id", "source_id", "source_path", "title", "raw_text", "date_hint",
                        "dateline_hint", "publisher_hint").iter_rows(named=True):
        c = clean_article(r["raw_text"], title=r["title"], date_hint=r["date_hint"],
                          dateline_hint=r["dateline_hint"], publisher_hint=r["publisher_hint"])
        rows.append({"article_id": r["article_id"], "source_id": r["source_id"], "source_path": r["source_path"],
                     "title": c.title or r["title"], "text": c.text, "published_date": c.published_date,
                     "publisher": c.publisher, "dateline": c.dateline, "authors": list(c.authors)})
    frame = from_rows(rows, "clean_articles")
    return with_stories(with_dateline_countries(frame))


def with_dateline_countries(frame: pl.DataFrame) -> pl.DataFrame:
    gazetteer = CountryGazetteer.load()
    keyed = frame.with_columns(pl.col("published_date").dt.year().alias("_year"))
    lookup = keyed.select("dateline", "_year").unique().drop_nulls("dateline")
    lookup = lookup.with_columns(pl.Series("dateline_country_id", [
        dateline_country(d, gazetteer, year=y) for d, y in lookup.iter_rows()], dtype=pl.String))
    return keyed.drop("dateline_country_id").join(lookup, on=["dateline", "_year"], how="left", nulls_equal=True).drop("_year")


def with_stories(frame: pl.DataFrame) -> pl.DataFrame:
    """Story ids, and for undated articles the date of another version of their story."""
    stories = group_stories([StoryInput(*r) for r in frame.select("article_id", "text", "dateline", "published_date").iter_rows()])
    frame = frame.with_columns(
        pl.col("article_id").replace_strict(stories, default=None).alias("story_id"),
        pl.col("text").str.count_matches(r"\S+").cast(pl.Int64).alias("word_count"),
    )
    story_dates = frame.group_by("story_id").agg(pl.col("published_date").drop_nulls().min().alias("story_date"))
    frame = (frame.join(story_dates, on="story_id", how="left")
             .with_columns(pl.coalesce("published_date", "story_date").alias("effective_date")))
    return conform(frame, "clean_articles").sort("article_id")


@dg.asset(
    deps=["raw_articles"], group_name="clean", kinds={"polars", "parquet"}, code_version=CLEAN_CODE_VERSION,
    description="Articles with boilerplate removed (bylines, credits, editor's notes, footers, wire signatures), "
                "metadata parsed (date, publisher, dateline, authors) and story versions grouped under story_id.",
)
def clean_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    started = time.perf_counter()
    raw = pl.read_parquet(warehouse.table_path("raw_articles"))
    frame = clean_frame(raw)
    write_parquet_atomic(frame, warehouse.table_path("clean_articles"))
    multi_version = frame.group_by("story_id").len().filter(pl.col("len") > 1).height
    context.log.info(f"cleaned {len(frame)} articles; {multi_version} stories with several versions")
    return dg.MaterializeResult(metadata=table_metadata(
        "clean_articles", frame.drop("text"), stories_with_versions=multi_version,
        seconds=round(time.perf_counter() - started, 2)))
