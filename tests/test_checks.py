"""The asset checks pass on the seed stories, and a failing one keeps bad data out of the star schema."""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipeline.definitions import ALL_ASSETS, ALL_CHECKS, PUBLISH_ASSETS, PUBLISH_SELECTION, defs
from pipeline.defs.resources import WarehouseResource
from pipeline.defs.row_checks import read_table, table_files
from tests.conftest import pipeline_resources

PUBLISHED_ASSETS = {key.to_user_string() for assets in PUBLISH_ASSETS for key in assets.keys}
STAR_FILES = ["dim_country", "dim_article", "dim_leader", "dim_agreement", "bridge_agreement_party",
              "fact_figure", "fact_mention", "fact_leader_role"]


def tables_in(warehouse: Path) -> WarehouseResource:
    return WarehouseResource(inbox_dir=str(warehouse), warehouse_dir=str(warehouse))


def seed_inbox(warehouse: Path) -> Path:
    """The inbox the seed warehouse was built from: where its articles came from."""
    return Path(read_table(tables_in(warehouse), "raw_articles")["source_path"][0]).parent


def run_checks(inbox: Path, warehouse: Path, selection: dg.AssetSelection) -> dg.ExecuteInProcessResult:
    return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], selection=selection, resources=pipeline_resources(inbox, warehouse),
                          raise_on_error=False)


def test_every_check_is_registered_and_the_publish_job_runs_them_before_the_star_schema():
    graph = defs.resolve_asset_graph()
    checks = {(key.asset_key.to_user_string(), key.name) for key in graph.asset_check_keys}
    assert {("figure_candidates", "known_country_ids"), ("figure_candidates", "iso_4217_currencies"),
            ("clean_articles", "every_article_has_text"), ("raw_articles", "every_input_accounted_for"),
            ("fact_leader_role", "keys_in_dimensions"), ("newsfacts_duckdb", "seed_figures_quality")} <= checks
    publish = defs.resolve_job_def("publish_warehouse")
    assert {"fact_table_checks", "clean_article_checks", "star_schema_tables"} <= {node.name for node in publish.graph.node_defs}


def test_every_check_passes_on_the_seed_warehouse(seed_warehouse):
    result = run_checks(seed_inbox(seed_warehouse), seed_warehouse, dg.AssetSelection.checks(*ALL_CHECKS))
    evaluations = result.get_asset_check_evaluations()
    failed = {f"{e.asset_key.to_user_string()}.{e.check_name}": e.metadata for e in evaluations if not e.passed}
    assert result.success and not failed
    assert len(evaluations) == len(defs.resolve_asset_graph().asset_check_keys)
    quality = next(e for e in evaluations if e.check_name == "seed_figures_quality")
    assert quality.metadata["scored"].value is True and quality.metadata["figures_f1"].value >= 0.9


def test_a_figure_with_an_unknown_country_keeps_the_star_schema_from_being_updated(seed_warehouse, tmp_path):
    warehouse = tmp_path / "warehouse"
    shutil.copytree(seed_warehouse, warehouse, ignore=shutil.ignore_patterns("newsfacts.duckdb*"))
    inbox = seed_inbox(seed_warehouse)

    # the same publish on the untouched copy succeeds: what follows fails because of the bad row alone
    assert run_checks(inbox, warehouse, PUBLISH_SELECTION).success
    published = {name: Path(tables_in(warehouse).star_files()[name]).read_bytes() for name in STAR_FILES}
    (warehouse / "newsfacts.duckdb").unlink()

    figures_file = next(path for path in table_files(tables_in(warehouse), "figure_candidates") if len(pl.read_parquet(path)))
    figures = pl.read_parquet(figures_file)
    unknown_country = figures.head(1).with_columns(country_id=pl.lit("XXX"), start_char=pl.lit(99_999, dtype=pl.Int64))
    pl.concat([figures, unknown_country]).write_parquet(figures_file)

    result = run_checks(inbox, warehouse, PUBLISH_SELECTION)

    assert not result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert [(e.asset_key.to_user_string(), e.check_name) for e in failed] == [("figure_candidates", "known_country_ids")]
    assert "XXX" in failed[0].metadata["offending_preview"].value
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert not materialized & PUBLISHED_ASSETS
    assert {name: Path(tables_in(warehouse).star_files()[name]).read_bytes() for name in STAR_FILES} == published
    assert not (warehouse / "newsfacts.duckdb").exists()
