"""Issue #3 acceptance: atomic writes. A `newsfacts build` killed with SIGKILL in the middle of its spaCy
stage (some shards re-ingested, others not, the star schema not yet rebuilt) leaves the previous
warehouse complete and readable in DuckDB, and the next run completes.
"""
from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.storage import write_parquet_atomic
from tests.conftest import REPO, REUTERS, SEEDS_DIR, build_warehouse

NEWSFACTS = REPO / ".venv" / "bin" / "newsfacts"
KILL_RUN_STORIES = 500                  # ~5 s of spaCy on one process, over every shard
SPACY_STEP_STARTED = 'Started execution of step "nlp_spans"'
SPACY_STEP_FINISHED = 'Finished execution of step "nlp_spans"'
PUBLISH_STEP_STARTED = 'Started execution of step "star_schema_tables"'
START_TIMEOUT_SECONDS = 120
STAR_SCHEMA_VIEWS = ("dim_country", "dim_article", "dim_leader", "dim_agreement", "bridge_agreement_party",
                     "fact_figure", "fact_mention", "fact_leader_role", "fact_figure_dedup")


def every_view(database: Path) -> dict[str, list[tuple]]:
    """Every row of every view, read-only and ordered: a view over a missing or torn Parquet file raises here."""
    with duckdb.connect(str(database), read_only=True) as con:
        views = [v for (v,) in con.execute("select view_name from duckdb_views() where not internal").fetchall()]
        return {view: con.execute(f"select * from {view} order by all").fetchall() for view in sorted(views)}


def counts(views: dict[str, list[tuple]]) -> dict[str, int]:
    return {view: len(rows) for view, rows in views.items()}


def seed_inbox(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for story in SEEDS_DIR.glob("*.txt"):
        shutil.copy(story, folder / story.name)
    return folder


def write_reuters_lines(path: Path, count: int) -> None:
    with open(REUTERS, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as target:
        for _, line in zip(range(count), source):
            target.write(line)


def wait_for_log(log: Path, text: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None:
            raise AssertionError(f"build exited ({process.returncode}) before {text!r}:\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} after {timeout}s:\n{log.read_text()[-3000:]}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def killed_build(tmp_path_factory) -> dict:
    """A seed warehouse, then a bigger build into the same warehouse SIGKILLed while spaCy runs."""
    root = tmp_path_factory.mktemp("atomic_kill")
    warehouse = root / "warehouse"
    assert build_warehouse(seed_inbox(root / "seed_inbox"), warehouse).success
    before = every_view(warehouse / "newsfacts.duckdb")

    bigger_inbox = seed_inbox(root / "bigger_inbox")
    write_reuters_lines(bigger_inbox / "reuters_sample.jsonl", KILL_RUN_STORIES)
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}        # ephemeral Dagster instance
    env["NEWSFACTS_LOG_LEVEL"] = "DEBUG"                                       # step start and end lines
    env.update(NEWSFACTS_INBOX=str(bigger_inbox), NEWSFACTS_WAREHOUSE=str(warehouse), NEWSFACTS_NLP_PROCESSES="1",
               PYTHONUNBUFFERED="1")
    log = root / "build.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([str(NEWSFACTS), "build"], cwd=REPO, env=env, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_log(log, SPACY_STEP_STARTED, process, START_TIMEOUT_SECONDS)
        time.sleep(0.5)                                   # into the model load and the annotation loop
        os.killpg(process.pid, signal.SIGKILL)            # its own session: the build and any spaCy workers
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    database = warehouse / "newsfacts.duckdb"
    with duckdb.connect(str(database), read_only=True) as con:      # read now: a later test rebuilds it
        orphan_figures = con.execute("select count(*) from fact_figure where article_id not in "
                                     "(select article_id from dim_article)").fetchone()[0]
        sources = {s for (s,) in con.execute("select source_id from dim_article").fetchall()}
    return {"warehouse": warehouse, "before": before, "after": every_view(database), "orphan_figures": orphan_figures,
            "sources": sources, "bigger_inbox": bigger_inbox, "returncode": process.returncode,
            "log": log.read_text(errors="replace")}


def test_the_build_was_killed_in_the_middle_of_the_spacy_stage(killed_build):
    log = killed_build["log"]
    assert killed_build["returncode"] == -signal.SIGKILL
    assert log.count(SPACY_STEP_STARTED) == log.count(SPACY_STEP_FINISHED) + 1, "not killed inside a spaCy step"
    assert PUBLISH_STEP_STARTED not in log, "the build got to the star schema: raise KILL_RUN_STORIES"


def test_the_previous_star_schema_still_reads_correctly(killed_build):
    before, after = counts(killed_build["before"]), counts(killed_build["after"])
    assert after.keys() == before.keys()
    for view in STAR_SCHEMA_VIEWS:
        assert after[view] == before[view], view
    assert killed_build["orphan_figures"] == 0
    assert killed_build["sources"] == {p.name for p in SEEDS_DIR.glob("*.txt")}


def test_every_view_still_shows_the_previous_warehouse_row_for_row(killed_build):
    # rejected_inputs and extraction_errors too: they must describe the same run as dim_article
    before, after = killed_build["before"], killed_build["after"]
    changed = [view for view in before if after.get(view) != before[view]]
    assert changed == []


def test_the_next_run_completes(killed_build):
    warehouse = killed_build["warehouse"]
    assert build_warehouse(killed_build["bigger_inbox"], warehouse).success
    after = counts(every_view(warehouse / "newsfacts.duckdb"))
    assert after["dim_article"] > len(killed_build["before"]["dim_article"])
    # every JSON line and both seeds accounted for: the new inbox, not a mix of old and new
    assert after["dim_article"] + after["rejected_inputs"] == KILL_RUN_STORIES + 2


# --------------------------------------------------------------------------- write_parquet_atomic

def test_write_parquet_atomic_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "table.parquet"
    write_parquet_atomic(pl.DataFrame({"n": [1, 2]}), path)
    write_parquet_atomic(pl.DataFrame({"n": [3]}), path)
    assert pl.read_parquet(path)["n"].to_list() == [3]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.parquet"]


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "table.parquet"
    write_parquet_atomic(pl.DataFrame({"n": [1, 2]}), path)
    unwritable = pl.DataFrame({"thing": [object()]}, schema={"thing": pl.Object})   # Parquet has no Object type
    with pytest.raises(Exception):
        write_parquet_atomic(unwritable, path)
    assert pl.read_parquet(path)["n"].to_list() == [1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["table.parquet"]


def test_write_parquet_atomic_gives_the_file_normal_permissions(tmp_path):
    # other readers (a BI tool, the Dagster UI under another user) read the warehouse like any written file
    umask = os.umask(0)
    os.umask(umask)
    path = write_parquet_atomic(pl.DataFrame({"n": [1]}), tmp_path / "table.parquet")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
