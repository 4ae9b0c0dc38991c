"""The one place the Dagster Definitions are assembled: `defs`."""
import dagster as dg

from pipeline.defs.automation import daily_refresh, inbox_sensor, publish_sensor
from pipeline.defs.clean.assets import clean_articles
from pipeline.defs.clean.checks import clean_article_checks
from pipeline.defs.entities.assets import nlp_spans
from pipeline.defs.facts.assets import article_facts
from pipeline.defs.facts.checks import fact_table_checks
from pipeline.defs.raw.assets import raw_articles
from pipeline.defs.raw.checks import every_input_accounted_for
from pipeline.defs.resources import default_resources
from pipeline.defs.scale_out import ingest_shards_on_celery
from pipeline.defs.warehouse.assets import newsfacts_duckdb, star_schema_tables
from pipeline.defs.warehouse.checks import few_failed_articles, seed_figures_quality, star_schema_checks
from pipeline.defs.warehouse.report import newsfacts_report

INGEST_ASSETS = [raw_articles, clean_articles, nlp_spans, article_facts]
PUBLISH_ASSETS = [star_schema_tables, newsfacts_duckdb, newsfacts_report]
ALL_ASSETS = INGEST_ASSETS + PUBLISH_ASSETS

# Checks on the per-article tables read every shard: they run when publishing, and block the star schema.
INGEST_CHECKS = [every_input_accounted_for, clean_article_checks, fact_table_checks]
PUBLISH_CHECKS = [star_schema_checks, few_failed_articles, seed_figures_quality]
ALL_CHECKS = INGEST_CHECKS + PUBLISH_CHECKS
PUBLISH_SELECTION = dg.AssetSelection.assets(*PUBLISH_ASSETS) | dg.AssetSelection.checks(*ALL_CHECKS)
REPORT_SELECTION = dg.AssetSelection.assets(newsfacts_report)
BUILD_SELECTION = dg.AssetSelection.assets(*INGEST_ASSETS) | PUBLISH_SELECTION   # `newsfacts build`: one run of everything

ingest_shards = dg.define_asset_job(
    "ingest_shards", selection=dg.AssetSelection.assets(*INGEST_ASSETS).without_checks(),
    description="One shard of the per-article assets: read, clean, spaCy, extract. Backfill every shard to ingest the inbox.")
publish_warehouse = dg.define_asset_job(
    "publish_warehouse", selection=PUBLISH_SELECTION,
    description="Checks every shard (blocking), then the star schema over every shard, published as one DuckLake "
                "snapshot (and, for a local warehouse, the DuckDB database of views and the report).")

defs = dg.Definitions(
    assets=ALL_ASSETS,
    asset_checks=ALL_CHECKS,
    jobs=[ingest_shards, ingest_shards_on_celery, publish_warehouse],
    schedules=[daily_refresh],
    sensors=[inbox_sensor, publish_sensor],
    resources=default_resources(),
)
