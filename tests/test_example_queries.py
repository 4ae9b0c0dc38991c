"""Every example query runs in the real `duckdb` CLI against a warehouse opened read-only.

On the seed stories each returns rows, except the two that look for disagreement: the seed stories
agree wherever they state the same figure, and Central Asia's parts ($69.5bn) stay under China's
$70bn total with it. Those two are shown to find what they look for on a small warehouse made
from the seed figures with a conflict and an oversized part written in.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from pipeline.defs.resources import WarehouseResource
from pipeline.warehouse_db import VIEW_SQL_DIR, build_database

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "pipeline" / "sql" / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.sql"))
EMPTY_WHEN_SOURCES_AGREE = {"figure_conflicts", "parts_exceeding_totals"}
DUCKDB_CLI = shutil.which("duckdb", path=str(Path(sys.executable).parent))


def run_in_cli(database: Path, sql_file: Path) -> list[dict]:
    """The query's rows as the duckdb CLI prints them (JSON lines), on the database opened read-only."""
    out = subprocess.run([DUCKDB_CLI, "-readonly", "-bail", "-no-init", "-jsonlines", str(database), "-f", str(sql_file)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and not out.stderr.strip(), f"{sql_file.name}: {out.stderr}"
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def test_the_duckdb_cli_comes_with_the_environment():
    assert DUCKDB_CLI, f"no duckdb CLI beside {sys.executable} (package duckdb-cli)"
    assert {"figures_by_country", "leader_roles_over_time", "agreements_by_sector_and_status",
            *EMPTY_WHEN_SOURCES_AGREE} <= {path.stem for path in EXAMPLES}


@pytest.mark.parametrize("sql_file", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_runs_on_the_seed_warehouse(seed_warehouse, sql_file):
    rows = run_in_cli(seed_warehouse / "newsfacts.duckdb", sql_file)
    if sql_file.stem in EMPTY_WHEN_SOURCES_AGREE:
        assert rows == []
    else:
        assert rows, f"{sql_file.name} returned no rows on the seed stories"


def test_leader_roles_and_agreements_read_as_the_seed_stories_say(seed_warehouse):
    database = seed_warehouse / "newsfacts.duckdb"
    roles = {(row["leader"], row["role"]) for row in run_in_cli(database, EXAMPLES_DIR / "leader_roles_over_time.sql")}
    assert {("Xi Jinping", "President"), ("Kassym-Jomart Tokayev", "President")} <= roles
    agreements = {(row["sector"], row["status"]) for row in run_in_cli(database, EXAMPLES_DIR / "agreements_by_sector_and_status.sql")}
    assert ("energy", "agreed") in agreements


def figure_like(template: dict, **changes) -> dict:
    row = {**template, **changes}
    row["figure_id"] = f"F-{row['article_id']}-{row['country_id']}-{row['counterpart_id']}-{row['period_year']}-{row['value']:.0f}"
    return row


@pytest.fixture(scope="module")
def disagreeing_warehouse(seed_warehouse, tmp_path_factory) -> Path:
    """Two articles made from the seed figures: the second says China-Kazakhstan trade was $35bn where the
    first says $31bn, and the first gives Kyrgyzstan-China $80bn beside China-Central Asia's $70bn total."""
    root = tmp_path_factory.mktemp("disagreeing_warehouse")
    star = WarehouseResource(inbox_dir="", warehouse_dir=str(seed_warehouse)).star_files()
    seed_figures = pl.read_parquet(star["fact_figure"])
    total = seed_figures.filter(pl.col("counterpart_id") == "GRP_CENTRAL_ASIA", pl.col("metric") == "trade").row(0, named=True)
    part = seed_figures.filter(pl.col("country_id") == "KAZ", pl.col("metric") == "trade", pl.col("period_year") == 2022).row(0, named=True)
    common = {"kind": "actual", "qualifier": "exact", "period_month": None}
    figures = pl.DataFrame([
        figure_like(total, article_id="A1", **common),                                                # total: $70bn
        figure_like(part, article_id="A1", value=31e9, **common),                                     # part: $31bn
        figure_like(part, article_id="A1", country_id="KGZ", value=80e9, **common),                   # part above total
        figure_like(part, article_id="A2", country_id="CHN", counterpart_id="KAZ", value=35e9, **common),  # disagrees
        figure_like(part, article_id="A2", value=31.1e9, **common),                                   # agrees (rounding)
        figure_like(part, article_id="A2", value=50e9, period_year=2023, **common),                   # another year
    ], schema=seed_figures.schema)
    seed_article = pl.read_parquet(star["dim_article"]).row(0, named=True)
    articles = pl.DataFrame([{**seed_article, "article_id": a, "source_id": f"{a}.txt", "story_id": f"S-{a}"} for a in ("A1", "A2")],
                            schema=pl.read_parquet(star["dim_article"]).schema)
    tables = {"fact_figure": figures, "dim_article": articles,
              "dim_country": pl.read_parquet(star["dim_country"])}
    for name, frame in tables.items():
        frame.write_parquet(root / f"{name}.parquet")
    views = {path.stem: path.read_text() for path in sorted(VIEW_SQL_DIR.glob("*.sql"))}
    build_database(root / "newsfacts.duckdb", {name: str(root / f"{name}.parquet") for name in tables}, views)
    return root / "newsfacts.duckdb"


def test_figure_conflicts_are_the_same_figure_stated_with_different_values(disagreeing_warehouse):
    rows = run_in_cli(disagreeing_warehouse, EXAMPLES_DIR / "figure_conflicts.sql")
    assert [(r["metric"], r["period_year"], sorted([r["billions_1"], r["billions_2"]]), r["same_story"]) for r in rows] == [
        ("trade", 2022, [31.0, 35.0], False)]


def test_parts_exceeding_totals_are_a_countrys_figure_above_its_groups(disagreeing_warehouse):
    rows = run_in_cli(disagreeing_warehouse, EXAMPLES_DIR / "parts_exceeding_totals.sql")
    assert [(r["group_name"], r["anchor"], r["part_country"], r["part_billions"], r["total_billions"]) for r in rows] == [
        ("Central Asia", "China", "Kyrgyzstan", 80.0, 70.0)]


def run_on_the_lake_in_cli(warehouse: Path, sql_file: Path, tmp_path: Path) -> list[dict]:
    """The query's rows in the duckdb CLI on the DuckLake itself, attached read-only by `newsfacts duckdb-init`."""
    from pipeline.lakehouse import duckdb_cli_script

    init = tmp_path / "attach.sql"
    init.write_text(duckdb_cli_script("", str(warehouse), str(warehouse / "lake") + "/"))
    out = subprocess.run([DUCKDB_CLI, "-bail", "-jsonlines", "-init", str(init), "-f", str(sql_file)],
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, f"{sql_file.name}: {out.stderr}"
    # the init script's own output comes first, in the CLI's default mode
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("sql_file", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_example_runs_on_the_ducklake_attached_in_the_cli(seed_warehouse, sql_file, tmp_path):
    assert run_on_the_lake_in_cli(seed_warehouse, sql_file, tmp_path) == run_in_cli(seed_warehouse / "newsfacts.duckdb", sql_file)
