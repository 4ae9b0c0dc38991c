"""The local DuckDB database: views over the current DuckLake snapshot's Parquet files (pipeline/lakehouse.py),
rebuilt under a temporary name and swapped in after each publish.

Readers keep the old file open (or reopen the new one) and never see a half-built schema; the
database holds no data of its own, so rebuilding it is instant. The files a view names are never
rewritten, and stay while their snapshot is kept (NEWSFACTS_SNAPSHOT_RETENTION_HOURS).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

VIEW_SQL_DIR = Path(__file__).resolve().parent / "sql" / "views"


def derived_views() -> dict[str, str]:
    """Views over the star schema's views, one SQL file each (`sql/views/<name>.sql`)."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(VIEW_SQL_DIR.glob("*.sql"))}


def parquet_sql(source: str | list[str]) -> str:
    """A select over a Parquet file, a hive-partitioned glob or a list of files (absolute paths)."""
    if isinstance(source, list):
        return "select * from read_parquet([" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in source) + "])"
    literal = str(source).replace("'", "''")
    options = ", hive_partitioning = true, union_by_name = true" if "*" in literal else ""
    return f"select * from read_parquet('{literal}'{options})"


def build_database(database_path: Path, tables: dict[str, str | list[str]], views: dict[str, str]) -> list[str]:
    """Create one view per table (a Parquet file, a glob, a list of files, or a select) plus derived views."""
    database_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{database_path.name}.", suffix=".tmp", dir=database_path.parent)
    os.close(fd)
    os.unlink(tmp)  # duckdb creates the file itself
    try:
        with duckdb.connect(tmp) as con:
            for name, source in tables.items():
                sql = source if isinstance(source, str) and source.lstrip().lower().startswith("select ") else parquet_sql(source)
                con.execute(f"create or replace view {name} as {sql}")
            for name, sql in views.items():
                con.execute(f"create or replace view {name} as {sql}")
            con.execute("checkpoint")
        os.replace(tmp, database_path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return list(tables) + list(views)
