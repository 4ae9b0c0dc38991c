"""The Dagster project loads and shows every stage."""
from __future__ import annotations

import dagster as dg

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


def test_shards_are_ingested_by_one_job_and_published_by_another():
    ingest = defs.resolve_job_def("ingest_shards")
    publish = defs.resolve_job_def("publish_warehouse")
    assert len(ingest.partitions_def.get_partition_keys()) >= 2
    assert publish.partitions_def is None
    graph = defs.resolve_asset_graph()
    partitioned = {key.to_user_string() for key in graph.get_all_asset_keys() if graph.get(key).partitions_def is not None}
    assert {"raw_articles", "clean_articles", "nlp_spans", "figure_candidates"} <= partitioned
    assert not partitioned & STAR_SCHEMA


def test_the_report_is_made_after_the_duckdb_file_on_every_publish():
    graph = defs.resolve_asset_graph()
    report = graph.get(dg.AssetKey("newsfacts_report"))
    assert report.group_name == "warehouse"
    assert {key.to_user_string() for key in report.parent_keys} == {"newsfacts_duckdb"}
    publish = defs.resolve_job_def("publish_warehouse")
    assert "newsfacts_report" in {node.name for node in publish.graph.node_defs}


def test_a_build_without_the_report_still_checks_and_publishes_everything_else():
    from pipeline.definitions import PUBLISH_SELECTION, REPORT_SELECTION

    graph = defs.resolve_asset_graph()
    without_report = {key.to_user_string() for key in (PUBLISH_SELECTION - REPORT_SELECTION).resolve(graph)}
    assert "newsfacts_report" not in without_report
    assert STAR_SCHEMA | {"newsfacts_duckdb"} <= without_report
    checks = (PUBLISH_SELECTION - REPORT_SELECTION).resolve_checks(graph)
    assert checks == PUBLISH_SELECTION.resolve_checks(graph)


def test_newsfacts_build_is_one_run_of_every_asset_and_check():
    from pipeline.definitions import BUILD_SELECTION

    graph = defs.resolve_asset_graph()
    assert BUILD_SELECTION.resolve(graph) == graph.get_all_asset_keys()
    assert BUILD_SELECTION.resolve_checks(graph) == graph.asset_check_keys
