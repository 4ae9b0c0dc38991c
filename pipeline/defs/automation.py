"""Refreshes without anyone pressing a button: a daily schedule and two sensors, all on by default.

The warehouse is built in two jobs (pipeline/definitions.py): `ingest_shards`, one run per shard of
the per-article assets, then `publish_warehouse`, which checks every shard (blocking checks) and
builds the star schema and the DuckDB file. So:

- `daily_refresh` (06:00 UTC every day) re-ingests every shard;
- `inbox_sensor` ingests the shards that own new or changed inbox files, a moment after they land;
- `publish_sensor` publishes once ingestion has settled: no ingest run queued or running, and an
  ingest run has succeeded since the last publish.

Only one kind of work runs at a time (ingest runs, or a publish), so a publish never reads a shard
being rewritten. They need the Dagster daemon, which `dagster dev` starts. To switch one off: the
UI's Automation page, or `dagster schedule stop daily_refresh -w workspace.yaml` (and
`dagster sensor stop inbox_sensor` / `publish_sensor`).

Jobs are named, not imported, to keep this module free of an import cycle with definitions.py.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from pipeline import storage
from pipeline.core.reading import JSONL_EXTENSIONS
from pipeline.core.sharding import shard_of_path
from pipeline.defs.partitions import SHARD_COUNT, article_shards
from pipeline.defs.resources import default_resources

INGEST_JOB = "ingest_shards"
PUBLISH_JOB = "publish_warehouse"
SENSOR_INTERVAL_SECONDS = 15
IN_PROGRESS = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
               dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
# Runs the automation starts execute in one process: on two cores a process per step costs more than it saves.
IN_PROCESS = {"execution": {"config": {"in_process": {}}}}

FileVersions = dict[str, list[int]]   # {path relative to the inbox: [size, mtime_ns]}


def inbox_versions(inbox: str | Path) -> FileVersions:
    """Size and modification time of every file the raw stage would read (one stat per file, or one listing
    of an object store prefix); a hidden file is recorded by the raw stage, never a reason to run."""
    return {file.relative: [file.size, file.modified_ns] for file in storage.inbox_files(str(inbox), hidden=False)}


def changed_files(seen: FileVersions, current: FileVersions) -> FileVersions:
    """Files that are new, or whose size or modification time differs from the version seen (not removed ones)."""
    return {path: version for path, version in current.items() if seen.get(path) != version}


def shards_owning(paths: list[str]) -> list[str]:
    """The shards that read these files: a file's own shard, and every shard for a JSON Lines file (its
    lines are spread over all of them)."""
    if any(Path(path).suffix.lower() in JSONL_EXTENSIONS for path in paths):
        return article_shards.get_partition_keys()
    return sorted({shard_of_path(path, SHARD_COUNT) for path in paths})


def versions_key(changed: FileVersions) -> str:
    """The same file versions always give the same key, so Dagster never starts a run twice for them."""
    return hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:24]


def run_in_progress(instance: dg.DagsterInstance) -> dg.DagsterRun | None:
    """A queued or running ingest or publish run, if any."""
    records = instance.get_run_records(dg.RunsFilter(job_name=INGEST_JOB, statuses=IN_PROGRESS), limit=1) or \
        instance.get_run_records(dg.RunsFilter(job_name=PUBLISH_JOB, statuses=IN_PROGRESS), limit=1)
    return records[0].dagster_run if records else None


@dg.schedule(job_name=INGEST_JOB, cron_schedule="0 6 * * *", execution_timezone="UTC",
             default_status=dg.DefaultScheduleStatus.RUNNING,
             description="Every day at 06:00 UTC: re-ingest every shard of the inbox (publish_sensor then "
                         "publishes), so the tables are fresh each morning.")
def daily_refresh(context: dg.ScheduleEvaluationContext):
    day = context.scheduled_execution_time.strftime("%Y-%m-%d")
    for shard in article_shards.get_partition_keys():
        yield dg.RunRequest(run_key=f"daily-{day}-{shard}", partition_key=shard, run_config=IN_PROCESS)


@dg.sensor(job_name=INGEST_JOB, minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Ingests the shards owning new or changed inbox files (size or modification time); "
                       "waits while an ingest or publish run is in progress.")
def inbox_sensor(context: dg.SensorEvaluationContext):
    inbox = default_resources()["warehouse"].inbox   # the same setting the assets read (NEWSFACTS_INBOX)
    seen: FileVersions = json.loads(context.cursor) if context.cursor else {}
    current = inbox_versions(inbox)
    changed = changed_files(seen, current)
    if not changed:
        return dg.SensorResult(skip_reason=dg.SkipReason(f"no new or changed files in {inbox}"),
                               cursor=json.dumps(current, sort_keys=True))
    busy = run_in_progress(context.instance)
    if busy:   # the cursor stays put: these files start the next ingest once this run ends
        return dg.SkipReason(f"{len(changed)} new or changed files wait for run {busy.run_id} ({busy.job_name})")
    key = versions_key(changed)
    context.log.info(f"{len(changed)} new or changed files in {inbox}: " + ", ".join(sorted(changed)[:10]))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"{key}-{shard}", partition_key=shard, run_config=IN_PROCESS,
                                    tags={"newsfacts/inbox_change": key})
                      for shard in shards_owning(list(changed))],
        cursor=json.dumps(current, sort_keys=True),
    )


@dg.sensor(job_name=PUBLISH_JOB, minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
           default_status=dg.DefaultSensorStatus.RUNNING,
           description="Publishes the warehouse (blocking checks, star schema, DuckDB) once ingestion has settled: "
                       "no run in progress and an ingest run has succeeded since the last publish.")
def publish_sensor(context: dg.SensorEvaluationContext):
    if run_in_progress(context.instance):
        return dg.SkipReason("waiting for the runs in progress to end")
    latest = context.instance.get_run_records(
        dg.RunsFilter(job_name=INGEST_JOB, statuses=[dg.DagsterRunStatus.SUCCESS]), limit=1)
    if not latest or latest[0].dagster_run.run_id == context.cursor:
        return dg.SkipReason("no ingest run has succeeded since the last publish")
    ingest_run_id = latest[0].dagster_run.run_id
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"publish-after-{ingest_run_id}", run_config=IN_PROCESS,
                                    tags={"newsfacts/after_ingest_run": ingest_run_id})],
        cursor=ingest_run_id,
    )
