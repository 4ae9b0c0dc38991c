"""Refreshes without anyone pressing a button: a daily schedule and an inbox sensor, both on by default.

Both run the `build_everything` job (defined in pipeline/definitions.py, named here to keep this
module free of an import cycle). They need the Dagster daemon, which `dagster dev` starts. To stop
one: the UI's Automation page, or `dagster schedule stop daily_refresh` /
`dagster sensor stop inbox_sensor` with `-w workspace.yaml`.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import dagster as dg

from pipeline.core.reading import list_inbox
from pipeline.defs.resources import default_resources

BUILD_JOB_NAME = "build_everything"
INBOX_SENSOR_INTERVAL_SECONDS = 15
IN_PROGRESS = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
               dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]

FileVersions = dict[str, list[int]]   # {path relative to the inbox: [size, mtime_ns]}

daily_refresh = dg.ScheduleDefinition(
    name="daily_refresh",
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    job_name=BUILD_JOB_NAME,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every day at 06:00 UTC: rebuild everything from the inbox, so the tables are fresh each morning.",
)


def inbox_versions(inbox: Path) -> FileVersions:
    """Size and modification time of every file the raw stage would read (one stat per file)."""
    versions: FileVersions = {}
    for path in list_inbox(inbox) if inbox.is_dir() else []:
        try:
            status = path.stat()
        except OSError:          # broken symlink, or gone since the listing: the raw stage rejects or skips it
            status = os.lstat(path) if path.is_symlink() else None
        if status is not None:
            versions[path.relative_to(inbox).as_posix()] = [status.st_size, status.st_mtime_ns]
    return versions


def changed_files(seen: FileVersions, current: FileVersions) -> FileVersions:
    """Files that are new, or whose size or modification time differs from the version seen (not removed ones)."""
    return {path: version for path, version in current.items() if seen.get(path) != version}


def run_key(changed: FileVersions) -> str:
    """The same file versions always give the same key, so Dagster never starts a second run for them."""
    return hashlib.sha256(json.dumps(changed, sort_keys=True).encode()).hexdigest()[:32]


@dg.sensor(
    name="inbox_sensor",
    job_name=BUILD_JOB_NAME,
    minimum_interval_seconds=INBOX_SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts build_everything when files arrive in the inbox or change (size or modification time); "
                "waits while a run is in progress, so one build writes the warehouse at a time.",
)
def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    inbox = default_resources()["warehouse"].inbox   # the same setting the assets read (NEWSFACTS_INBOX)
    seen: FileVersions = json.loads(context.cursor) if context.cursor else {}
    current = inbox_versions(inbox)
    changed = changed_files(seen, current)
    if not changed:
        return dg.SensorResult(skip_reason=dg.SkipReason(f"no new or changed files in {inbox}"),
                               cursor=json.dumps(current, sort_keys=True))
    running = context.instance.get_run_records(dg.RunsFilter(statuses=IN_PROGRESS), limit=1)
    if running:   # the cursor stays put: these files start the next run once this one ends
        return dg.SkipReason(f"{len(changed)} new or changed files wait for run {running[0].dagster_run.run_id} to end")
    context.log.info(f"{len(changed)} new or changed files in {inbox}: " + ", ".join(sorted(changed)[:10]))
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key(changed), tags={"newsfacts/changed_files": str(len(changed))})],
        cursor=json.dumps(current, sort_keys=True),
    )
