"""The report of the seed warehouse: charts as inline SVG with the SQL each was made from, nothing from the
network, rows linked to evidence pages; `newsfacts show` writes an article's page, every fact a <mark>."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipeline.report.build import SECTIONS, build_report
from pipeline.report.queries import REPORT_SQL_DIR, report_query
from pipeline.warehouse_db import VIEW_SQL_DIR, build_database
from tests.conftest import SEEDS_DIR, pipeline_resources
from tests.report.marks import marks_of
from tests.test_example_queries import run_in_cli

REPORT_SQL = sorted(REPORT_SQL_DIR.glob("*.sql"))
EMPTY_ON_THE_SEEDS = {"rejected_inputs_by_reason", "extraction_errors"}   # the seed inbox has no bad input
NEWSFACTS = Path(sys.executable).parent / "newsfacts"
FIRST_SEED = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))[0]
NETWORK_REFERENCE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""", re.I)


def figures_of(database: Path, article_id: str) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select * from fact_figure where article_id = ? order by start_char", [article_id]).pl().to_dicts()


def article_id_of(database: Path, source_id: str) -> str:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute("select article_id from dim_article where source_id = ?", [source_id]).fetchone()[0]


@pytest.fixture(scope="module")
def seed_report(seed_warehouse, tmp_path_factory) -> Path:
    """The report of the seed warehouse, built on its own (the publish built one too, in the warehouse)."""
    report_dir = tmp_path_factory.mktemp("seed_report")
    summary = build_report(seed_warehouse / "newsfacts.duckdb", report_dir)
    assert summary.path == report_dir / "index.html"
    return report_dir


def test_every_section_has_its_sql_file_and_every_file_a_section():
    assert {spec.name for spec in SECTIONS} == {path.stem for path in REPORT_SQL}


@pytest.mark.parametrize("sql_file", REPORT_SQL, ids=[path.stem for path in REPORT_SQL])
def test_every_report_query_runs_in_the_duckdb_cli_on_the_seed_warehouse(seed_warehouse, sql_file):
    rows = run_in_cli(seed_warehouse / "newsfacts.duckdb", sql_file)
    assert bool(rows) == (sql_file.stem not in EMPTY_ON_THE_SEEDS), f"{sql_file.name}: {rows}"


def test_the_publish_makes_the_report(seed_warehouse):
    page = (seed_warehouse / "report" / "index.html").read_text()
    assert page.count("<svg") >= 4


def test_the_report_is_one_offline_page_with_charts_as_svg_and_the_sql_of_each(seed_report):
    page = (seed_report / "index.html").read_text()
    assert page.count("<svg") >= 4
    assert not NETWORK_REFERENCE.search(page), NETWORK_REFERENCE.search(page).group(0)
    assert "<script" not in page and "<link" not in page
    for spec in SECTIONS:
        query = report_query(spec.name)
        assert f"SQL: {query.path}" in page
        assert html.escape(query.sql, quote=False) in page.replace("&#34;", '"').replace("&#39;", "'")


def test_chart_rows_link_to_evidence_pages_that_exist(seed_report, seed_warehouse):
    links = set(re.findall(r'href="(articles/[^"]+\.html)"', (seed_report / "index.html").read_text()))
    with duckdb.connect(str(seed_warehouse / "newsfacts.duckdb"), read_only=True) as con:
        article_ids = {row[0] for row in con.execute("select article_id from dim_article").fetchall()}
    assert links == {f"articles/{article_id}.html" for article_id in article_ids}   # a small warehouse: every article
    assert all((seed_report / link).exists() for link in links)


def test_newsfacts_show_writes_the_page_of_a_source_id_with_every_figure_a_mark(seed_warehouse):
    database = seed_warehouse / "newsfacts.duckdb"
    out = subprocess.run([str(NEWSFACTS), "show", FIRST_SEED], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "NEWSFACTS_WAREHOUSE": str(seed_warehouse)})
    assert out.returncode == 0, out.stderr
    article_id = article_id_of(database, FIRST_SEED)
    page = Path(out.stdout.strip())
    assert page == seed_warehouse / "report" / "articles" / f"{article_id}.html"
    marks = [m for m in marks_of(page.read_text()) if m.kind == "figure"]
    figures = figures_of(database, article_id)
    assert figures
    assert [(m.facts, m.start, m.end, m.text) for m in marks] == [
        ([f["figure_id"]], f["start_char"], f["end_char"], f["amount_text"]) for f in figures]


def test_newsfacts_show_says_so_when_no_article_has_the_id(seed_warehouse):
    out = subprocess.run([str(NEWSFACTS), "show", "no-such-article"], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "NEWSFACTS_WAREHOUSE": str(seed_warehouse)})
    assert out.returncode == 1 and "no-such-article" in out.stderr


def test_the_asset_reports_its_path_and_a_summary(seed_warehouse, tmp_path):
    from pipeline.defs.warehouse.report import newsfacts_report

    result = dg.materialize([newsfacts_report], resources=pipeline_resources(tmp_path, seed_warehouse))
    metadata = result.asset_materializations_for_node("newsfacts_report")[0].metadata
    assert metadata["path"].value == str(seed_warehouse / "report" / "index.html")
    assert "| articles | 2 |" in metadata["summary"].value
    assert metadata["charts"].value >= 4


def test_a_change_is_no_level_once_fact_figure_has_a_measure(seed_warehouse, tmp_path):
    """The figure charts count levels only: when fact_figure has `measure`, a change is left out."""
    from pipeline.defs.resources import WarehouseResource

    star = WarehouseResource(inbox_dir="", warehouse_dir=str(seed_warehouse)).star_files()
    figures = pl.read_parquet(star["fact_figure"]).with_columns(measure=pl.lit("level"))
    kazakh = pl.col("country_id") == "KAZ"
    figures = figures.with_columns(measure=pl.when(kazakh).then(pl.lit("change")).otherwise("measure"))
    tables = {"fact_figure": figures, **{name: pl.read_parquet(star[name]) for name in ("dim_article", "dim_country")}}
    for name, frame in tables.items():
        frame.write_parquet(tmp_path / f"{name}.parquet")
    views = {path.stem: path.read_text() for path in sorted(VIEW_SQL_DIR.glob("*.sql"))}
    build_database(tmp_path / "db.duckdb", {name: str(tmp_path / f"{name}.parquet") for name in tables}, views)
    with_measure = run_in_cli(tmp_path / "db.duckdb", REPORT_SQL_DIR / "figures_by_country_year.sql")
    without = run_in_cli(seed_warehouse / "newsfacts.duckdb", REPORT_SQL_DIR / "figures_by_country_year.sql")
    assert "Kazakhstan" in {row["country"] for row in without}
    assert "Kazakhstan" not in {row["country"] for row in with_measure}
    assert len(with_measure) == len(without) - 1


def test_the_same_warehouse_gives_the_same_report_byte_for_byte(seed_warehouse, seed_report, tmp_path):
    again = build_report(seed_warehouse / "newsfacts.duckdb", tmp_path / "report").path.parent
    files = sorted(p.relative_to(seed_report) for p in seed_report.rglob("*.html"))
    assert files == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    assert all((seed_report / f).read_bytes() == (again / f).read_bytes() for f in files)


def test_every_chart_reference_names_an_element_of_the_page_once(seed_report):
    page = (seed_report / "index.html").read_text()
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r'url\(#([^)]+)\)', page)) <= set(ids)
