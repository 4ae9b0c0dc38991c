"""The Dagster project loads and shows every stage."""
from __future__ import annotations

from pipeline.definitions import defs

STAGE_GROUPS = {"raw", "clean", "entities", "facts", "warehouse"}
STAR_SCHEMA = {"dim_country", "dim_leader", "dim_article", "dim_agreement", "bridge_agreement_party", "fact_figure", "fact_mention"}


def test_every_stage_has_its_group_and_every_table_an_asset():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw_articles", "rejected_inputs", "clean_articles", "entity_mentions", "newsfacts_duckdb"} <= keys
    assert STAR_SCHEMA <= keys
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert STAGE_GROUPS <= groups


def test_build_job_covers_every_asset():
    job = defs.resolve_job_def("build_everything")
    assert job is not None
