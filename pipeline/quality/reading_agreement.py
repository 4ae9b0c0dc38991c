"""How far two readings of the same stories agree, measured with the project's scorer.

One reading is written into a small DuckDB file with the star schema's tables the scorer reads (articles,
mentions, leaders, figures, agreements), then scored against the other. The agreement of two careful readers
is the ceiling an extractor can be measured to reach.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import duckdb

from pipeline.quality.score_facts import score

TABLES = """
create table dim_country (country_id varchar, name varchar, kind varchar);
create table dim_article (source_id varchar, article_id varchar);
create table fact_mention (article_id varchar, entity_id varchar, label varchar);
create table dim_leader (leader_id varchar, name varchar, country_id varchar);
create table fact_figure (article_id varchar, metric varchar, value double, currency varchar, measure varchar,
                          country_id varchar, counterpart_id varchar, period_year integer);
create table dim_agreement (agreement_id varchar, article_id varchar);
create table bridge_agreement_party (agreement_id varchar, party_name varchar, country_id varchar);
"""


def _code(value) -> str | None:
    return value if value is not None and re.fullmatch(r"[A-Z]{3}", str(value)) else None


def write_reading(entries: list[dict], database: Path) -> None:
    """A reading as the warehouse tables the scorer reads; article ids are the story ids."""
    with duckdb.connect(str(database)) as con:
        con.execute(TABLES)
        codes: set[str] = set()
        for entry in entries:
            article = entry["id"]
            con.execute("insert into dim_article values (?, ?)", [article, article])
            for country in entry.get("countries") or []:
                codes.add(country)
                con.execute("insert into fact_mention values (?, ?, 'GPE')", [article, country])
            for n, leader in enumerate(entry.get("leaders") or []):
                leader_id = f"{article}-l{n}"
                con.execute("insert into dim_leader values (?, ?, ?)", [leader_id, leader.get("name"), leader.get("country")])
                con.execute("insert into fact_mention values (?, ?, 'LEADER')", [article, leader_id])
            for f in entry.get("figures") or []:
                con.execute("insert into fact_figure values (?, ?, ?, ?, ?, ?, ?, ?)",
                            [article, f.get("metric"), f.get("value"), f.get("currency"), f.get("measure") or "level",
                             f.get("country"), f.get("counterpart"), f.get("period_year")])
            for n, agreement in enumerate(entry.get("agreements") or []):
                agreement_id = f"{article}-a{n}"
                con.execute("insert into dim_agreement values (?, ?)", [agreement_id, article])
                for party in agreement.get("parties") or []:
                    con.execute("insert into bridge_agreement_party values (?, ?, ?)", [agreement_id, str(party), _code(party)])
        con.executemany("insert into dim_country values (?, ?, 'country')", [[c, c] for c in sorted(codes)])


def agreement(reference: list[dict], other: list[dict]) -> dict:
    """`other` scored against `reference` (P / R / F1 per kind; F1 is symmetric)."""
    with tempfile.TemporaryDirectory(prefix="newsfacts-agreement-") as folder:
        database = Path(folder) / "reading.duckdb"
        write_reading(other, database)
        return score(str(database), reference)
