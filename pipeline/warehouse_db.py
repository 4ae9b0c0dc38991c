"""The DuckDB database: views over the Parquet files, rebuilt under a temporary name and swapped in.

Readers keep the old file open (or reopen the new one) and never see a half-built schema; the
database holds no data of its own, so rebuilding it is instant.
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


def build_database(database_path: Path, tables: dict[str, str], views: dict[str, str]) -> list[str]:
    """Create one view per Parquet file or glob (absolute paths; hive-partitioned globs) plus derived views."""
    database_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{database_path.name}.", suffix=".tmp", dir=database_path.parent)
    os.close(fd)
    os.unlink(tmp)  # duckdb creates the file itself
    try:
        with duckdb.connect(tmp) as con:
            for name, path in tables.items():
                literal = str(path).replace("'", "''")
                options = ", hive_partitioning = true, union_by_name = true" if "*" in literal else ""
                con.execute(f"create or replace view {name} as select * from read_parquet('{literal}'{options})")
            for name, sql in views.items():
                con.execute(f"create or replace view {name} as {sql}")
            con.execute("checkpoint")
        os.replace(tmp, database_path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return list(tables) + list(views)
