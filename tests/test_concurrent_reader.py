"""An analyst's DuckDB session stays open while the pipeline rebuilds the warehouse: both succeed,
every query in the session during and after the rebuild sees the tables it opened on, whole, and a
new session sees the new ones. (Each publish is a DuckLake snapshot whose files are never rewritten, and
newsfacts.duckdb's views name the current snapshot's files: pipeline/lakehouse.py.)"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipeline import lakehouse
from tests.conftest import SEEDS_DIR, build_warehouse

FIRST, SECOND = "000_51cd509281dfdc71.txt", "002_131fd39b467027c8.txt"
BUILD_TIMEOUT_SECONDS = 300
TABLES = ["dim_article", "dim_leader", "fact_figure", "fact_mention", "fact_leader_role", "dim_agreement"]
SNAPSHOT_SQL = ", ".join(f"(select count(*) from {table})" for table in TABLES)
# complete results: no figure without its article, whatever moment the query runs at
ORPHAN_FIGURES_SQL = "select count(*) from fact_figure f anti join dim_article a using (article_id)"


def snapshot(con: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    return con.execute(f"select {SNAPSHOT_SQL}").fetchone()


def snapshot_in_another_process(database: Path) -> tuple[int, ...]:
    """A new session's view (in this process a new connection would share the open one's database)."""
    code = f"import duckdb; print(list(duckdb.connect({str(database)!r}, read_only=True).execute({('select ' + SNAPSHOT_SQL)!r}).fetchone()))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return tuple(json.loads(out.stdout))


def test_a_reader_holding_the_database_open_and_a_full_rebuild_both_succeed(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    shutil.copy(SEEDS_DIR / FIRST, inbox / FIRST)
    assert build_warehouse(inbox, warehouse).success
    database = warehouse / "newsfacts.duckdb"

    reader = duckdb.connect(str(database), read_only=True)   # held open all through the rebuild
    lake_session = lakehouse.open_lake("", str(warehouse), str(warehouse / "lake") + "/")
    lake = lake_session.__enter__()                            # the DuckLake itself, attached read-only all through
    before = snapshot(reader)
    assert snapshot(lake) == before
    shutil.copy(SEEDS_DIR / SECOND, inbox / SECOND)
    env = {**os.environ, "NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse), "NEWSFACTS_NLP_PROCESSES": "1"}
    env.pop("DAGSTER_HOME", None)
    log = tmp_path / "build.log"
    with log.open("wb") as out:
        build = subprocess.Popen([str(Path(sys.executable).parent / "newsfacts"), "build"], env=env, stdout=out,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    observed, orphans, lake_observed = [], [], []
    deadline = time.monotonic() + BUILD_TIMEOUT_SECONDS
    try:
        while build.poll() is None and time.monotonic() < deadline:
            observed.append(snapshot(reader))
            orphans.append(reader.execute(ORPHAN_FIGURES_SQL).fetchone()[0])
            lake_observed.append(snapshot(lake))
            orphans.append(lake.execute(ORPHAN_FIGURES_SQL).fetchone()[0])
            time.sleep(0.02)
    finally:
        if build.poll() is None:
            build.kill()
        build.wait()
    assert build.returncode == 0, log.read_text()[-3000:]

    after = snapshot_in_another_process(database)
    assert after[0] == before[0] + 1                        # the second story is in the new database
    assert len(observed) >= 10                              # the session was queried all through the rebuild
    assert set(observed) == {before}                        # each table whole, as the session opened it
    assert set(orphans) == {0}
    assert snapshot(reader) == before                       # the open session keeps its snapshot; a new one reads the new tables
    # a DuckLake session sees one whole snapshot or the next, never a publish half done; then the new one
    assert set(lake_observed) <= {before, after} and snapshot(lake) == after
    reader.close()
    lake_session.__exit__(None, None, None)


def test_a_new_version_of_a_table_is_a_new_file(tmp_path):
    """Why the star files are immutable: a view over a path that is replaced, even by an atomic rename,
    can fail in a reader scanning at that moment (DuckDB opens the file by path more than once)."""
    from pipeline.star_files import write_by_content

    first = write_by_content(big_frame(0), str(tmp_path / "t"))
    second = write_by_content(big_frame(1), str(tmp_path / "t"))
    assert first != second and Path(first).exists() and Path(second).exists()   # a new version is a new file
    assert write_by_content(big_frame(1), str(tmp_path / "t")) == second         # the same rows, the same file


def big_frame(seed: int):
    import polars as pl

    return pl.DataFrame({"n": range(seed, seed + 1000)})
