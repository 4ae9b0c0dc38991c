"""The one place the Dagster Definitions are assembled: `defs`."""
from __future__ import annotations

import dagster as dg

from pipeline.defs.clean.assets import clean_articles
from pipeline.defs.entities.assets import nlp_spans
from pipeline.defs.facts.assets import article_facts
from pipeline.defs.raw.assets import raw_articles
from pipeline.defs.resources import default_resources
from pipeline.defs.warehouse.assets import newsfacts_duckdb, star_schema_tables

ALL_ASSETS = [raw_articles, clean_articles, nlp_spans, article_facts, star_schema_tables, newsfacts_duckdb]

build_everything = dg.define_asset_job("build_everything", selection=dg.AssetSelection.all(),
                                       description="Every asset, inbox to DuckDB.")

defs = dg.Definitions(
    assets=ALL_ASSETS,
    jobs=[build_everything],
    resources=default_resources(),
)
