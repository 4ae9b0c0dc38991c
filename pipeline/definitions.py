"""The one place the Dagster Definitions are assembled: `defs`."""
import dagster as dg

from pipeline.defs.clean.assets import clean_articles
from pipeline.defs.entities.assets import nlp_spans
from pipeline.defs.facts.assets import article_facts
from pipeline.defs.partitions import article_shards
from pipeline.defs.raw.assets import raw_articles
from pipeline.defs.resources import default_resources
from pipeline.defs.warehouse.assets import newsfacts_duckdb, star_schema_tables

INGEST_ASSETS = [raw_articles, clean_articles, nlp_spans, article_facts]
PUBLISH_ASSETS = [star_schema_tables, newsfacts_duckdb]
ALL_ASSETS = INGEST_ASSETS + PUBLISH_ASSETS

ingest_shards = dg.define_asset_job(
    "ingest_shards", selection=dg.AssetSelection.assets(*INGEST_ASSETS), partitions_def=article_shards,
    description="One shard of the per-article assets: read, clean, spaCy, extract. Backfill every shard to ingest the inbox.")
publish_warehouse = dg.define_asset_job(
    "publish_warehouse", selection=dg.AssetSelection.assets(*PUBLISH_ASSETS),
    description="The star schema over every shard, and the DuckDB database of views.")

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[ingest_shards, publish_warehouse],
    resources=default_resources(),
)
