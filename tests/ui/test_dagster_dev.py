"""A story dropped in the inbox of a running `dagster dev` is queryable in DuckDB, nobody pressing a button:
the inbox sensor ingests its shard, the publish sensor checks and publishes the warehouse."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import SEEDS_DIR
from tests.ui.running_dagster import DagsterDev, wait_for

STORY = "000_51cd509281dfdc71.txt"
RUN_TIMEOUT_SECONDS = 120       # a sensor tick (15 s) plus a run, each way
FAILED = {"FAILURE", "CANCELED"}


def sensor_run_succeeded(dev: DagsterDev, sensor: str) -> dict | None:
    """The newest run the sensor started, once it succeeded; fails the test as soon as one fails."""
    runs = dev.runs(tags=[{"key": "dagster/sensor_name", "value": sensor}])
    failed = [run for run in runs if run["status"] in FAILED]
    if failed:
        pytest.fail(f"{sensor} started a run that ended {failed[0]['status']}: {failed[0]['runId']}\n{dev.log_tail()}")
    return runs[0] if runs and all(run["status"] == "SUCCESS" for run in runs) else None


def figures_of(database, source_id: str) -> list[tuple]:
    """The article's figures, read-only; nothing while the database does not exist yet."""
    if not database.exists():
        return []
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("""select f.metric, f.country_id, f.counterpart_id, f.value
                              from fact_figure f join dim_article a using (article_id)
                              where a.source_id = ? order by f.start_char""", [source_id]).fetchall()


def test_a_story_dropped_in_the_inbox_reaches_duckdb_through_the_sensors(dagster_dev: DagsterDev):
    shutil.copy(SEEDS_DIR / STORY, dagster_dev.inbox / STORY)

    ingest = wait_for(lambda: sensor_run_succeeded(dagster_dev, "inbox_sensor"), RUN_TIMEOUT_SECONDS,
                      "the inbox sensor's ingest run to succeed", diagnostics=dagster_dev.log_tail)
    assert ingest["jobName"] == "ingest_shards"
    publish = wait_for(lambda: sensor_run_succeeded(dagster_dev, "publish_sensor"), RUN_TIMEOUT_SECONDS,
                       "the publish sensor's run to succeed", diagnostics=dagster_dev.log_tail)
    assert publish["jobName"] == "publish_warehouse"

    figures = wait_for(lambda: figures_of(dagster_dev.warehouse / "newsfacts.duckdb", STORY), 10,
                       "the story's figures in DuckDB")
    assert ("trade", "KAZ", "CHN", 31e9) in figures
    # the same file, unchanged, never starts another ingest
    assert len(dagster_dev.runs(tags=[{"key": "dagster/sensor_name", "value": "inbox_sensor"}])) == 1
