"""The schedule and sensors, evaluated as the daemon evaluates them, on a real inbox folder."""
from __future__ import annotations

import datetime as dt
import os
import shutil

import dagster as dg
import pytest

from pipeline.core.sharding import shard_of_path
from pipeline.definitions import defs
from pipeline.defs.automation import daily_refresh, inbox_sensor, publish_sensor
from pipeline.defs.partitions import SHARD_COUNT, article_shards
from tests.conftest import SEEDS_DIR, pipeline_resources

STORY = "000_51cd509281dfdc71.txt"


@pytest.fixture
def inbox(tmp_path, monkeypatch):
    folder = tmp_path / "inbox"
    folder.mkdir()
    monkeypatch.setenv("NEWSFACTS_INBOX", str(folder))      # what the assets read, and so the sensor
    monkeypatch.setenv("NEWSFACTS_WAREHOUSE", str(tmp_path / "warehouse"))
    return folder


def tick(sensor, instance: dg.DagsterInstance, cursor: str | None) -> dg.SensorResult | dg.SkipReason:
    with dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs) as context:
        return sensor(context)


def test_schedules_and_sensors_are_on_by_default():
    assert defs.resolve_schedule_def("daily_refresh").default_status == dg.DefaultScheduleStatus.RUNNING
    assert defs.resolve_schedule_def("daily_refresh").execution_timezone == "UTC"
    for name in ("inbox_sensor", "publish_sensor"):
        assert defs.resolve_sensor_def(name).default_status == dg.DefaultSensorStatus.RUNNING


def test_the_daily_refresh_ingests_every_shard_once_a_day():
    with dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 5, 17, 6, tzinfo=dt.timezone.utc)) as context:
        requests = list(daily_refresh(context))
    assert sorted(r.partition_key for r in requests) == article_shards.get_partition_keys()
    assert len({r.run_key for r in requests}) == len(requests) and all("2026-05-17" in r.run_key for r in requests)


def test_the_inbox_sensor_starts_one_ingest_per_new_or_changed_file_version_and_never_repeats(inbox):
    with dg.DagsterInstance.ephemeral() as instance:
        empty = tick(inbox_sensor, instance, None)
        assert not empty.run_requests and empty.cursor == "{}"

        shutil.copy(SEEDS_DIR / STORY, inbox / STORY)
        arrived = tick(inbox_sensor, instance, empty.cursor)
        [request] = arrived.run_requests
        assert request.partition_key == shard_of_path(STORY, SHARD_COUNT)

        assert not tick(inbox_sensor, instance, arrived.cursor).run_requests      # seen: nothing to do

        stat = (inbox / STORY).stat()
        os.utime(inbox / STORY, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        changed = tick(inbox_sensor, instance, arrived.cursor)
        [again] = changed.run_requests
        assert again.run_key != request.run_key

        (inbox / "wire.jsonl").write_text('{"id": "w1", "body": "Trade between China and Kazakhstan rose."}\n')
        spread = tick(inbox_sensor, instance, changed.cursor)              # JSON Lines: every shard has lines
        assert sorted(r.partition_key for r in spread.run_requests) == article_shards.get_partition_keys()


def test_the_publish_sensor_publishes_once_after_a_successful_ingest(inbox, tmp_path):
    with dg.DagsterInstance.ephemeral() as instance:
        assert isinstance(tick(publish_sensor, instance, None), dg.SkipReason)   # nothing ingested yet
        ingest = defs.resolve_job_def("ingest_shards").execute_in_process(
            partition_key="00", instance=instance, resources=pipeline_resources(inbox, tmp_path / "warehouse"))
        assert ingest.success
        first = tick(publish_sensor, instance, None)
        [request] = first.run_requests
        assert request.run_key == f"publish-after-{ingest.run_id}"
        assert isinstance(tick(publish_sensor, instance, first.cursor), dg.SkipReason)
