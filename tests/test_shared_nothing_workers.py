"""Issue 11: workers that share no disk. Two celery workers, each started from its own working directory with
its own DAGSTER_HOME and temporary folder, share only the bucket (moto's S3 server), the broker (Redis) and
Postgres (Dagster's run and event storage through dagster-postgres, and the DuckLake catalog). A backfill
over every shard and a publish from a third directory succeed, and the warehouse on the bucket answers
the example queries.

Everything is real and on localhost: moto's server mode, Debian's postgresql and redis-server (installed
when missing), dagster-celery workers, the spaCy model, DuckDB. The shards are NEWSFACTS_SHARDS=2, set for
every process alike, to keep the test short. Every process started here is stopped at the end, by group.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import pytest

from pipeline import lakehouse
from tests.conftest import REUTERS, SEEDS_DIR
from tests.dagster_instances import IMMEDIATE_RUNS_YAML
from tests.postgres_server import running_postgres
from tests.s3_server import running_s3_server
from tests.test_celery_backfill import all_answering, celery_workers_of, redis_answers
from tests.ui.running_dagster import free_port, stop_process_group, wait_for

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
JOB = "ingest_shards_on_celery"
SHARD_COUNT = 2
SHARDS = [f"{n:02d}" for n in range(SHARD_COUNT)]
REUTERS_LINES = 4
INBOX, WAREHOUSE = "s3://inbox/feed", "s3://warehouse/newsfacts"
EXAMPLES_DIR = REPO / "pipeline" / "sql" / "examples"
EMPTY_WHEN_SOURCES_AGREE = {"figure_conflicts", "parts_exceeding_totals"}
STEPS = {"raw_articles", "clean_articles", "nlp_spans", "article_facts"}
STARTUP_TIMEOUT_SECONDS = 60
RUNS_TIMEOUT_SECONDS = 180
FINISHED = {dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED}


def instance_yaml(postgres_url: str) -> str:
    # run and event storage in Postgres: every machine sees every run
    return f"storage:\n  postgres:\n    postgres_url: {postgres_url}\n" + IMMEDIATE_RUNS_YAML


@dataclass
class Machine:
    """One process's own working directory, DAGSTER_HOME and temporary folder: nothing shared on disk."""

    root: Path
    env: dict

    @property
    def home(self) -> Path:
        return self.root / "dagster_home"


@dataclass
class Cluster:
    root: Path
    machines: dict[str, Machine]
    catalog: str
    s3_env: dict
    workers: list[str] = field(default_factory=list)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def log(self, name: str) -> Path:
        return self.root / f"{name}.log"

    def start(self, name: str, machine: str, args: list[str]) -> subprocess.Popen:
        with self.log(name).open("wb") as out:
            process = subprocess.Popen(args, cwd=self.machines[machine].root, env=self.machines[machine].env, stdout=out,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.processes[name] = process
        return process

    def log_tails(self, lines: int = 40) -> str:
        return "\n".join(f"--- {name}.log (tail) ---\n" + "\n".join(
            self.log(name).read_text(errors="replace").splitlines()[-lines:]) for name in self.processes)


def inbox_files(folder: Path) -> list[Path]:
    """The two seed stories and a JSON Lines file of a few Reuters stories (its lines dealt over every shard)."""
    feed = folder / "reuters.jsonl"
    with REUTERS.open(encoding="utf-8") as source, feed.open("w", encoding="utf-8") as out:
        written = 0
        for line in source:
            if written < REUTERS_LINES and (json.loads(line).get("body") or "").strip():
                out.write(line)
                written += 1
    return sorted(SEEDS_DIR.glob("*.txt")) + [feed]


@pytest.fixture
def cluster(tmp_path, redis_server: str) -> Iterator[Cluster]:
    with running_s3_server(tmp_path / "moto.log") as s3, \
            running_postgres(["dagster", "catalog"], tmp_path / "postgres.log") as postgres:
        s3.upload(inbox_files(tmp_path), INBOX.removeprefix("s3://"))
        s3.filesystem().mkdir("warehouse")
        port = free_port()
        broker = f"redis://127.0.0.1:{port}/0"
        shared = {**os.environ, **s3.env,
                  "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",   # dagster-celery starts `celery` from PATH
                  "DAGSTER_DISABLE_TELEMETRY": "1", "NEWSFACTS_INBOX": INBOX, "NEWSFACTS_WAREHOUSE": WAREHOUSE,
                  "NEWSFACTS_CATALOG": f"{postgres}/catalog", "NEWSFACTS_SHARDS": str(SHARD_COUNT),
                  "NEWSFACTS_CELERY_BROKER": broker, "NEWSFACTS_NLP_PROCESSES": "1"}
        machines = {}
        for name in ("worker1", "worker2", "launcher"):
            root = tmp_path / name
            (root / "tmp").mkdir(parents=True)
            machine = Machine(root, {**shared, "TMPDIR": str(root / "tmp")})
            machine.home.mkdir()
            # psycopg2 (dagster-postgres' driver): SQLAlchemy's default for postgresql:// is psycopg 3
            dagster_db = postgres.replace("postgresql://", "postgresql+psycopg2://") + "/dagster"
            machine.home.joinpath("dagster.yaml").write_text(instance_yaml(dagster_db))
            machine.env["DAGSTER_HOME"] = str(machine.home)
            machines[name] = machine
        cluster = Cluster(tmp_path, machines, f"{postgres}/catalog", s3.env)
        celery_yaml = tmp_path / "celery.yaml"
        celery_yaml.write_text(f"execution:\n  config:\n    broker: {broker}\n    backend: {broker}\n")
        try:
            dg.DagsterInstance.from_config(str(machines["launcher"].home)).dispose()   # the schema, once
            redis = cluster.start("redis", "launcher", [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                                        "--appendonly", "no", "--daemonize", "no"])
            wait_for(lambda: redis.poll() is None and redis_answers(port), STARTUP_TIMEOUT_SECONDS, "redis-server to answer",
                     interval=0.2, diagnostics=cluster.log_tails)
            names = [f"newsfacts-{port}-{n}" for n in (1, 2)]
            for machine, name in zip(("worker1", "worker2"), names):
                cluster.start(name, machine, [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                                              "-y", str(celery_yaml), "-n", name, "-i", "pipeline.definitions",
                                              "--", "--concurrency=1"])
            cluster.workers = sorted(wait_for(lambda: all_answering(broker, names), STARTUP_TIMEOUT_SECONDS,
                                              "both celery workers to answer a ping", interval=0.5, diagnostics=cluster.log_tails))
            yield cluster
        finally:
            for process in reversed(cluster.processes.values()):
                stop_process_group(process)


def runs_finished(instance: dg.DagsterInstance, cluster: Cluster) -> list[dg.DagsterRun] | None:
    runs = instance.get_runs(filters=dg.RunsFilter(job_name=JOB))
    failed = [run for run in runs if run.status in FINISHED - {dg.DagsterRunStatus.SUCCESS}]
    if failed:
        pytest.fail(f"run {failed[0].run_id} ended {failed[0].status.value}\n{cluster.log_tails()}")
    return runs if len(runs) == len(SHARDS) and all(run.status in FINISHED for run in runs) else None


def test_workers_sharing_only_the_bucket_the_broker_and_postgres_build_the_warehouse(cluster: Cluster, monkeypatch):
    backfill = cluster.start("backfill", "launcher", [str(BIN / "dagster"), "job", "backfill", "-j", JOB,
                                                      "--partitions", ",".join(SHARDS),
                                                      "-w", str(REPO / "workspace.yaml"), "--noprompt"])
    assert backfill.wait(timeout=STARTUP_TIMEOUT_SECONDS * 2) == 0, cluster.log_tails()
    with dg.DagsterInstance.from_config(str(cluster.machines["launcher"].home)) as instance:
        runs = wait_for(lambda: runs_finished(instance, cluster), RUNS_TIMEOUT_SECONDS, "every shard's run to succeed",
                        diagnostics=cluster.log_tails)
        placement = {run.tags["dagster/partition"]: celery_workers_of(instance, run) for run in runs}
    assert sorted(placement) == SHARDS
    for shard, steps in placement.items():
        assert set(steps) == STEPS and set(steps.values()) <= set(cluster.workers), f"shard {shard}: {steps}"
    print("steps per celery worker:", json.dumps(placement, indent=1))

    in_process = cluster.root / "in_process.yaml"      # one process for the publish's steps: no start-up per step
    in_process.write_text("execution:\n  config:\n    in_process: {}\n")
    publish = cluster.start("publish", "launcher", [str(BIN / "dagster"), "job", "execute", "-j", "publish_warehouse",
                                                    "-m", "pipeline.definitions", "-c", str(in_process)])
    assert publish.wait(timeout=RUNS_TIMEOUT_SECONDS) == 0, cluster.log_tails()

    local_tables = [p for p in cluster.root.rglob("*") if p.suffix in {".parquet", ".duckdb", ".sqlite"}]
    assert local_tables == []
    for name, value in cluster.s3_env.items():    # this process reads the bucket like any other machine
        monkeypatch.setenv(name, value)
    with lakehouse.open_lake(cluster.catalog, WAREHOUSE, WAREHOUSE + "/lake/") as con:
        articles = {row[0] for row in con.execute("select source_id from dim_article").fetchall()}
        results = {path.stem: con.execute(path.read_text(encoding="utf-8")).fetchall() for path in sorted(EXAMPLES_DIR.glob("*.sql"))}
    assert {p.name for p in SEEDS_DIR.glob("*.txt")} <= articles and len(articles) == 2 + REUTERS_LINES
    for name, rows in results.items():
        assert (rows == []) if name in EMPTY_WHEN_SOURCES_AGREE else rows, f"{name}: {rows[:3]}"
