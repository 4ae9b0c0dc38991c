"""Scale-out through Dagster: a backfill of two shards runs on two celery workers over a Redis broker,
and the star schema published afterwards holds both shards' articles.

Everything is real: the system's `redis-server` (installed from Debian if missing) on a free localhost port, two `dagster-celery`
workers (one process each), `dagster job backfill` against the repository's workspace.yaml with a
temporary DAGSTER_HOME whose DefaultRunCoordinator starts the runs at once, without a daemon, the
spaCy model, Parquet and DuckDB. Every process started here is killed at the end, by group.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml

from pipeline.core.sharding import line_belongs, shard_of_path
from pipeline.defs.partitions import SHARD_COUNT
from pipeline.defs.scale_out import BACKEND_ENV, BROKER_ENV, DEFAULT_CELERY_BROKER, celery_config
from tests.conftest import REUTERS, SEEDS_DIR, pipeline_resources
from tests.dagster_instances import IMMEDIATE_RUNS_YAML
from tests.ui.running_dagster import free_port, stop_process_group, wait_for

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "scale_out.md"
BIN = Path(sys.executable).parent
JOB = "ingest_shards_on_celery"
SHARDS = ["00", "01"]                 # the two seed stories live in these two shards
REUTERS_LINES = 16                    # two lines per shard
STEPS = {"raw_articles", "clean_articles", "nlp_spans", "article_facts"}
STARTUP_TIMEOUT_SECONDS = 30
RUNS_TIMEOUT_SECONDS = 90
FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}



def test_the_celery_job_is_ingest_shards_on_the_celery_executor():
    from pipeline.definitions import defs

    celery_job, ingest = defs.resolve_job_def(JOB), defs.resolve_job_def("ingest_shards")
    assert celery_job.executor_def.name == "celery"
    assert celery_job.partitions_def == ingest.partitions_def
    assert set(celery_job.asset_layer.executable_asset_keys) == set(ingest.asset_layer.executable_asset_keys)


def test_the_broker_comes_from_run_config_then_the_environment_then_local_redis(monkeypatch):
    monkeypatch.delenv(BROKER_ENV, raising=False)
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert celery_config({}) == {"broker": DEFAULT_CELERY_BROKER, "backend": DEFAULT_CELERY_BROKER}
    monkeypatch.setenv(BROKER_ENV, "redis://queue:6379/2")
    assert celery_config({"include": ["pipeline.definitions"]}) == {
        "broker": "redis://queue:6379/2", "backend": "redis://queue:6379/2", "include": ["pipeline.definitions"]}
    monkeypatch.setenv(BACKEND_ENV, "redis://results:6379/3")
    assert celery_config({"broker": "redis://other:6379/0"}) == {"broker": "redis://other:6379/0", "backend": "redis://results:6379/3"}


def test_the_run_config_in_the_scale_out_docs_is_valid_for_its_job():
    from pipeline.definitions import defs

    blocks = re.findall(r"```yaml\n(# run config of (\w+).*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S)
    assert {job for _, job in blocks} == {"ingest_shards", JOB}
    for block, job in blocks:
        dg.validate_run_config(defs.resolve_job_def(job), yaml.safe_load(block))


@dataclass
class CeleryCluster:
    root: Path
    home: Path
    inbox: Path
    warehouse: Path
    env: dict
    workers: list[str]
    processes: dict[str, subprocess.Popen]

    def log(self, name: str) -> Path:
        return self.root / f"{name}.log"

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        """A subprocess from the repository root, in its own process group, its output in <name>.log."""
        with self.log(name).open("wb") as out:
            process = subprocess.Popen(args, cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        self.processes[name] = process
        return process

    def log_tails(self, lines: int = 40) -> str:
        tails = []
        for name in self.processes:
            text = self.log(name).read_text(errors="replace").splitlines() if self.log(name).exists() else []
            tails.append(f"--- {name}.log (tail) ---\n" + "\n".join(text[-lines:]))
        return "\n".join(tails)


def write_inbox(inbox: Path) -> None:
    """The two seed stories (one in shard 00, one in 01) and 16 Reuters stories spread over every shard."""
    for story in SEEDS_DIR.glob("*.txt"):
        shutil.copy(story, inbox / story.name)
    with REUTERS.open(encoding="utf-8") as source, (inbox / "reuters.jsonl").open("w", encoding="utf-8") as out:
        written = 0
        for line in source:
            if written == REUTERS_LINES:
                break
            if (json.loads(line).get("body") or "").strip():
                out.write(line)
                written += 1


def expected_source_ids(inbox: Path, shards: list[str]) -> set[str]:
    """What the shards own, by the pipeline's own sharding rule: whole .txt files, and lines of the JSONL."""
    owned = {p.name for p in inbox.glob("*.txt") if shard_of_path(p.name, SHARD_COUNT) in shards}
    lines = (inbox / "reuters.jsonl").read_text(encoding="utf-8").splitlines()
    owned |= {json.loads(line)["id"] for number, line in enumerate(lines, start=1)
              if any(line_belongs(number, shard, SHARD_COUNT) for shard in shards)}
    return owned


def redis_answers(port: int) -> bool:
    import redis

    try:
        return redis.Redis(host="127.0.0.1", port=port, socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def all_answering(broker: str, workers: list[str]) -> set[str] | None:
    """The full names (name@host) of the workers, once every one answers a ping through the broker."""
    import celery

    app = celery.Celery(broker=broker)
    try:
        answering = {name for reply in app.control.ping(timeout=1.0) for name in reply if name.split("@")[0] in workers}
    finally:
        app.close()
    return answering if len(answering) == len(workers) else None


@pytest.fixture
def celery_cluster(tmp_path, redis_server: str) -> Iterator[CeleryCluster]:
    home, inbox, warehouse = tmp_path / "dagster_home", tmp_path / "inbox", tmp_path / "warehouse"
    for folder in (home, inbox, warehouse):
        folder.mkdir()
    (home / "dagster.yaml").write_text(IMMEDIATE_RUNS_YAML)
    write_inbox(inbox)
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    celery_yaml = tmp_path / "celery.yaml"
    celery_yaml.write_text(f"execution:\n  config:\n    broker: {broker}\n    backend: {broker}\n")
    env = {**os.environ,
           "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",   # dagster-celery starts `celery` from PATH
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
           "DAGSTER_HOME": str(home), "DAGSTER_DISABLE_TELEMETRY": "1",
           "NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse),
           "NEWSFACTS_CELERY_BROKER": broker,
           "NEWSFACTS_NLP_PROCESSES": "1"}   # a prefork worker's process may not start spaCy processes of its own
    workers = [f"newsfacts-{port}-{n}" for n in (1, 2)]
    cluster = CeleryCluster(tmp_path, home, inbox, warehouse, env, [], {})
    try:
        # Create the instance's SQLite storage once, before two workers race to create it.
        dg.DagsterInstance.from_config(str(home)).dispose()
        broker_process = cluster.start("redis", [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                               "--appendonly", "no", "--daemonize", "no", "--dir", str(tmp_path)])
        wait_for(lambda: broker_process.poll() is None and redis_answers(port), STARTUP_TIMEOUT_SECONDS,
                 "redis-server to answer", interval=0.2, diagnostics=cluster.log_tails)
        for name in workers:
            cluster.start(name, [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                                 "-y", str(celery_yaml), "-n", name, "-i", "pipeline.definitions", "--", "--concurrency=1"])
        cluster.workers = sorted(wait_for(lambda: all_answering(broker, workers), STARTUP_TIMEOUT_SECONDS,
                                          "both celery workers to answer a ping", interval=0.5, diagnostics=cluster.log_tails))
        yield cluster
    finally:
        # workers and the backfill's code server first, the broker last; each group SIGTERM, then SIGKILL
        for name, process in reversed(cluster.processes.items()):
            stop_process_group(process)


def runs_finished(instance: dg.DagsterInstance, cluster: CeleryCluster) -> list[dg.DagsterRun] | None:
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=JOB))
    failed = [run for run in runs if run.status in FINISHED - {dg.DagsterRunStatus.SUCCESS}]
    if failed:
        pytest.fail(f"run {failed[0].run_id} of shard {failed[0].tags.get('dagster/partition')} ended "
                    f"{failed[0].status.value}\n{cluster.log_tails()}")
    return runs if len(runs) == len(SHARDS) and all(run.status in FINISHED for run in runs) else None


def celery_workers_of(instance: dg.DagsterInstance, run: dg.DagsterRun) -> dict[str, str]:
    """Step key -> the celery worker that ran it, from the run's engine events."""
    records = instance.get_records_for_run(run.run_id, of_type=dg.DagsterEventType.ENGINE_EVENT).records
    steps = {}
    for record in records:
        event = record.event_log_entry.dagster_event
        worker = event.engine_event_data.metadata.get("Celery worker")
        if worker is not None:
            steps[event.step_key] = worker.value
    return steps


def test_a_backfill_of_two_shards_on_two_celery_workers_reaches_the_star_schema(celery_cluster: CeleryCluster):
    from pipeline.definitions import PUBLISH_ASSETS

    cluster = celery_cluster
    backfill = cluster.start("backfill", [str(BIN / "dagster"), "job", "backfill", "-j", JOB, "--partitions", ",".join(SHARDS),
                                          "-w", str(REPO / "workspace.yaml"), "--noprompt"])
    # the CLI submits both runs and returns; its code server stays (same process group) until they finish
    assert backfill.wait(timeout=STARTUP_TIMEOUT_SECONDS * 2) == 0, cluster.log_tails()

    with dg.DagsterInstance.from_config(str(cluster.home)) as instance:
        runs = wait_for(lambda: runs_finished(instance, cluster), RUNS_TIMEOUT_SECONDS,
                        "both backfill runs to succeed", diagnostics=cluster.log_tails)
        assert sorted(run.tags["dagster/partition"] for run in runs) == SHARDS
        assert all(run.tags.get("dagster/backfill") for run in runs)
        placement = {run.tags["dagster/partition"]: celery_workers_of(instance, run) for run in runs}
    for shard, steps in placement.items():
        assert set(steps) == STEPS, f"shard {shard}: steps run on celery workers: {steps}"
        assert set(steps.values()) <= set(cluster.workers), f"shard {shard} ran on unknown workers: {steps}"
    print("steps per celery worker:", json.dumps(placement, indent=1))
    assert sorted(p.name for p in (cluster.warehouse / "raw_articles").iterdir()) == [f"shard={s}" for s in SHARDS]

    published = dg.materialize(PUBLISH_ASSETS, resources=pipeline_resources(cluster.inbox, cluster.warehouse))
    assert published.success

    with duckdb.connect(str(cluster.warehouse / "newsfacts.duckdb"), read_only=True) as con:
        articles = {source_id for (source_id,) in con.execute("select source_id from dim_article").fetchall()}
    expected = expected_source_ids(cluster.inbox, SHARDS)
    assert {p.name for p in SEEDS_DIR.glob("*.txt")} <= expected     # one seed story per shard
    assert len(expected) == 2 + len(SHARDS) * REUTERS_LINES // SHARD_COUNT
    assert articles == expected
