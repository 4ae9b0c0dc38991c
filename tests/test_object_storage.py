"""Issue 11: the inbox and the warehouse on object storage, the star schema as a DuckLake.

With moto's S3 server on localhost and the standard AWS_* variables, `newsfacts build` reads the inbox
from the bucket and writes every table there, `newsfacts query` prints the seed figures, and the local
disk holds no table file. A second publish is a new snapshot; the first stays queryable (time travel).
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pipeline import lakehouse, storage
from tests.conftest import REUTERS, SEEDS_DIR
from tests.s3_server import S3Server, running_s3_server

BIN = Path(sys.executable).parent
INBOX, WAREHOUSE = "s3://inbox/seeds", "s3://warehouse/nf"
BUILD_TIMEOUT_SECONDS = 300


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory) -> S3Server:
    with running_s3_server(tmp_path_factory.mktemp("moto") / "moto.log") as server:
        server.upload(sorted(SEEDS_DIR.glob("*.txt")), INBOX.removeprefix("s3://"))
        server.filesystem().mkdir("warehouse")
        yield server


def newsfacts(args: list[str], env: dict, cwd: Path) -> str:
    out = subprocess.run([str(BIN / "newsfacts"), *args], env=env, cwd=cwd, capture_output=True, text=True,
                         timeout=BUILD_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-3000:]
    return out.stdout


def local_env(s3_server: S3Server, tmp_path: Path) -> dict:
    """The user's environment: AWS_* and the two locations; HOME and TMPDIR in tmp_path, to see what lands on disk."""
    (tmp_path / "home").mkdir()
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, **s3_server.env, "NEWSFACTS_INBOX": INBOX, "NEWSFACTS_WAREHOUSE": WAREHOUSE,
           "NEWSFACTS_NLP_PROCESSES": "1", "HOME": str(tmp_path / "home"), "TMPDIR": str(tmp_path / "tmp")}
    for name in ("DAGSTER_HOME", "NEWSFACTS_CATALOG"):
        env.pop(name, None)
    return env


def test_build_and_query_on_object_storage_leave_no_table_on_local_disk(s3_server, tmp_path):
    env = local_env(s3_server, tmp_path)
    newsfacts(["build"], env, tmp_path)
    printed = newsfacts(["query", "figures_by_country"], env, tmp_path)

    assert "Kazakhstan" in printed and "31.0" in printed and "Central Asia" not in printed.split("\n")[0]
    local_tables = [p for p in tmp_path.rglob("*") if p.suffix in {".parquet", ".duckdb", ".sqlite"}]
    assert local_tables == []
    objects = s3_server.filesystem().find("warehouse/nf")
    assert "warehouse/nf/catalog.sqlite" in objects
    assert any(key.startswith("warehouse/nf/lake/main/fact_figure/") and key.endswith(".parquet") for key in objects)
    assert any(key.startswith("warehouse/nf/nlp_spans/shard=") for key in objects)


def test_a_second_publish_is_a_new_snapshot_and_the_first_stays_queryable(s3_server, tmp_path):
    """Runs after the build above: one more story in the bucket, one more build."""
    story = tmp_path / "reuters_one.txt"
    record = pl.read_ndjson(REUTERS, n_rows=5).filter(pl.col("body").str.len_chars() > 200).row(0, named=True)
    story.write_text(f"{record['title']}\n\n{record['body']}", encoding="utf-8")
    s3_server.upload([story], INBOX.removeprefix("s3://"))
    env = local_env(s3_server, tmp_path)
    newsfacts(["build"], env, tmp_path)

    old_env = {**os.environ}
    os.environ.update(s3_server.env)
    try:
        with lakehouse.open_lake("", WAREHOUSE, WAREHOUSE + "/lake/") as con:
            snapshots = [row[0] for row in con.execute("select snapshot_id from ducklake_snapshots('newsfacts') order by 1").fetchall()]
            # snapshot 0 made the catalog; then one per publish
            before = con.execute(f"select count(*) from dim_article at (version => {snapshots[-2]})").fetchone()[0]
            now = con.execute("select count(*) from dim_article").fetchone()[0]
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    assert len(snapshots) == 3 and (before, now) == (2, 3)


def test_snapshots_expire_a_retention_period_after_they_were_replaced(tmp_path):
    with lakehouse.open_lake("", str(tmp_path), str(tmp_path / "lake") + "/", read_only=False) as con:
        for version in range(3):
            staged = tmp_path / f"staged_{version}.parquet"     # staged files are named by their content
            pl.DataFrame({"n": [version]}).write_parquet(staged)
            assert lakehouse.publish(con, {"t": str(staged)}, {})[1] is True
            assert lakehouse.publish(con, {"t": str(staged)}, {})[1] is False      # nothing new: no snapshot
        now = dt.datetime.now(dt.timezone.utc)
        assert lakehouse.expire_snapshots(con, now, dt.timedelta(hours=1)) == []      # all replaced within the hour
        expired = lakehouse.expire_snapshots(con, now + dt.timedelta(hours=2), dt.timedelta(hours=1))
        remaining = [row[0] for row in con.execute("select snapshot_id from ducklake_snapshots('newsfacts')").fetchall()]
        files = sorted(p.name for p in (tmp_path / "lake").rglob("*.parquet"))
        assert con.execute("select n from t").fetchall() == [(2,)]
    assert len(remaining) == 1 and len(expired) >= 3 and len(files) == 1


def test_a_publish_rewrites_only_the_tables_whose_staged_file_changed(tmp_path):
    def staged(name: str, values: list[int]) -> str:
        path = tmp_path / f"{name}_{'_'.join(map(str, values))}.parquet"    # staged files are named by their content
        pl.DataFrame({"n": values}).write_parquet(path)
        return str(path)

    def files(con, table: str) -> list[str]:
        return [row[0] for row in con.execute(f"select data_file from ducklake_list_files('newsfacts', '{table}')").fetchall()]

    with lakehouse.open_lake("", str(tmp_path), str(tmp_path / "lake") + "/", read_only=False) as con:
        assert lakehouse.publish(con, {"kept": staged("kept", [1]), "grown": staged("grown", [1])}, {})[1]
        kept_files, grown_files = files(con, "kept"), files(con, "grown")
        assert lakehouse.publish(con, {"kept": staged("kept", [1]), "grown": staged("grown", [1, 2])}, {})[1]
        assert files(con, "kept") == kept_files and files(con, "grown") != grown_files
        assert con.execute("select n from kept").fetchall() == [(1,)]
        assert con.execute("select n from grown order by n").fetchall() == [(1,), (2,)]
        previous = con.execute("select snapshot_id from ducklake_snapshots('newsfacts') order by 1 desc limit 1 offset 1").fetchone()[0]
        assert con.execute(f"select count(*) from grown at (version => {previous})").fetchone() == (1,)


def test_locations_are_local_paths_or_urls(tmp_path):
    assert not storage.is_remote(tmp_path) and storage.is_remote("s3://bucket/prefix/")
    assert storage.resolve("s3://bucket/prefix/") == "s3://bucket/prefix"
    assert storage.join("s3://bucket/prefix", "t", "shard=00") == "s3://bucket/prefix/t/shard=00"
    assert storage.join(str(tmp_path), "t") == str(tmp_path / "t")
    assert storage.storage_options(str(tmp_path)) is None


def test_an_inbox_on_object_storage_is_listed_recursively_without_hidden_objects(s3_server, tmp_path, monkeypatch):
    for name, value in s3_server.env.items():
        monkeypatch.setenv(name, value)
    story = tmp_path / "story.txt"
    story.write_text("text", encoding="utf-8")
    s3_server.upload([story], "listing/feed/2026/12")
    s3_server.upload([story], "listing/feed/.hidden")
    files = storage.inbox_files("s3://listing/feed")
    assert [(f.relative, f.location, f.size) for f in files] == [("2026/12/story.txt", "s3://listing/feed/2026/12/story.txt", 4)]
    assert files[0].modified_ns > 0
