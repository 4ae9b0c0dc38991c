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


def build_database(database_path: Path, tables: dict[str, str], derived_views: dict[str, str]) -> list[str]:
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
            for name, sql in derived_views.items():
                con.execute(f"create or replace view {name} as {sql}")
            con.execute("checkpoint")
        os.replace(tmp, database_path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return list(tables) + list(derived_views)
