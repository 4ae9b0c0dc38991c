"""Build the whole warehouse through Dagster in one run: every shard of the per-article assets, then the star schema.

The star schema is the only step that reads every shard, so it runs once after them. This is what
`newsfacts build` and the tests run; in the UI the same happens as a backfill of `ingest_shards`
followed by `publish_warehouse` (or the star assets' eager automation).
"""
from __future__ import annotations

import os

import dagster as dg

from pipeline.defs.partitions import article_shards
from pipeline.run_storage import quick_run_storage


def console_logs() -> dict:
    """Run config of the console log: INFO (progress, not every engine event) unless NEWSFACTS_LOG_LEVEL says otherwise."""
    return {"loggers": {"console": {"config": {"log_level": os.environ.get("NEWSFACTS_LOG_LEVEL", "INFO").upper()}}}}


def build_all(resources: dict, instance: dg.DagsterInstance | None = None, *, report: bool = True) -> dg.ExecuteInProcessResult:
    """Every shard (a partition range: one process, one spaCy pool), the blocking checks, the star schema and the
    report unless `report` is false (`newsfacts build` makes it only when asked: `newsfacts report` or --report),
    in one run: a second run would cost its own start, run record and event database."""
    from pipeline.definitions import ALL_ASSETS, ALL_CHECKS, BUILD_SELECTION, REPORT_SELECTION

    keys = article_shards.get_partition_keys()
    with quick_run_storage():   # a SQLite DAGSTER_HOME: no disk flush per event
        # a blocking check stops what is downstream of it: bad rows never reach the star schema
        selection = BUILD_SELECTION if report else BUILD_SELECTION - REPORT_SELECTION
        return dg.materialize([*ALL_ASSETS, *ALL_CHECKS], selection=selection, resources=resources, instance=instance,
                               raise_on_error=False, run_config=console_logs(),
                               tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]})
