"""The report's SQL: one file per chart under `pipeline/sql/report/`, run exactly as written, read-only."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

REPORT_SQL_DIR = Path(__file__).resolve().parents[1] / "sql" / "report"


@dataclass(frozen=True)
class Query:
    name: str
    sql: str

    @property
    def path(self) -> str:
        """Where the SQL lives, relative to the repository: what the page tells users to rerun."""
        return f"pipeline/sql/report/{self.name}.sql"

    @property
    def description(self) -> str:
        """The file's leading comment: what the query counts and what it leaves out."""
        lines = []
        for line in self.sql.splitlines():
            if not line.startswith("--"):
                break
            lines.append(line.removeprefix("--").strip())
        return " ".join(lines)


def report_query(name: str) -> Query:
    return Query(name, (REPORT_SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def run(con: duckdb.DuckDBPyConnection, query: Query) -> pl.DataFrame:
    return con.sql(query.sql).pl()
