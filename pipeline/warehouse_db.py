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


def build_database(database_path: Path, tables: dict[str, Path], derived_views: dict[str, str]) -> list[str]:
    """Create one view per Parquet table (absolute paths) plus derived views; return the view names."""
    database_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{database_path.name}.", suffix=".tmp", dir=database_path.parent)
    os.close(fd)
    os.unlink(tmp)  # duckdb creates the file itself
    try:
        with duckdb.connect(tmp) as con:
            for name, path in tables.items():
                literal = str(path.resolve()).replace("'", "''")
                con.execute(f"create or replace view {name} as select * from read_parquet('{literal}')")
            for name, sql in derived_views.items():
                con.execute(f"create or replace view {name} as {sql}")
            con.execute("checkpoint")
        os.replace(tmp, database_path)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return list(tables) + list(derived_views)
