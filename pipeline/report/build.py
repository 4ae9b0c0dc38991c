"""Build `<warehouse>/report/`: index.html (every chart with its SQL and its rows, each row linked to the
articles that state it) and the evidence pages those rows link to.

The same warehouse gives the same bytes (no build time in the page): a publish with nothing new changes
no file. A small warehouse gets every article's page. A large one gets only the pages the charts link to, plus
those asked for before (`newsfacts show`), so the report's cost does not grow with the warehouse.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
from markupsafe import Markup, escape

from pipeline.report import charts
from pipeline.report.articles import ARTICLES_DIR, existing_page_ids, write_article_pages
from pipeline.report.pages import render, write_atomic
from pipeline.report.queries import Query, report_query, run

ALL_PAGES_UP_TO = 200       # articles: a warehouse this small gets every article's page
ARTICLE_COLUMNS = {"article_id", "article_ids"}


@dataclass(frozen=True)
class SectionSpec:
    name: str                                  # its SQL file: pipeline/sql/report/<name>.sql
    title: str
    chart: Callable[[pl.DataFrame], object] | None


SECTIONS = [
    SectionSpec("warehouse_counts", "What the warehouse holds", charts.warehouse_counts),
    SectionSpec("figures_by_country_year", "Figures by country and year", charts.figures_by_country_year),
    SectionSpec("bilateral_flows", "The largest bilateral flows", charts.bilateral_flows),
    SectionSpec("leaders_over_time", "Leaders by country over time", charts.leaders_over_time),
    SectionSpec("agreements_by_sector_status", "Agreements by sector and status", charts.agreements_by_sector_status),
    SectionSpec("agreement_partners", "Who agrees with whom", charts.agreement_partners),
    SectionSpec("rejected_inputs_by_reason", "Inputs that did not become articles", charts.rejected_inputs_by_reason),
    SectionSpec("extraction_errors", "Articles a stage failed on", None),
]


@dataclass
class Section:
    spec: SectionSpec
    query: Query
    frame: pl.DataFrame
    svg: str | None

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str:
        return self.spec.title

    @property
    def description(self) -> str:
        return self.query.description

    @property
    def rows_count(self) -> int:
        return len(self.frame)

    @property
    def columns(self) -> list[str]:
        return self.frame.columns

    @property
    def rows(self) -> list[list[Markup]]:
        return [[_cell(column, value) for column, value in zip(self.frame.columns, row)] for row in self.frame.iter_rows()]

    def article_ids(self) -> set[str]:
        ids: set[str] = set()
        for column in ARTICLE_COLUMNS & set(self.frame.columns):
            values = self.frame[column].explode(empty_as_null=False) if self.frame.schema[column] == pl.List(pl.String) else self.frame[column]
            ids.update(values.drop_nulls().to_list())
        return ids


@dataclass
class ReportSummary:
    path: Path
    counts: dict[str, int]
    charts: int
    article_pages: int
    seconds: float

    def markdown(self) -> str:
        lines = ["| what | rows |", "|---|---|"] + [f"| {what} | {rows:,} |" for what, rows in self.counts.items()]
        return "\n".join(lines)


def _link(article_id: str) -> str:
    return f'<a href="{ARTICLES_DIR}/{escape(article_id)}.html">{escape(article_id)}</a>'


def _cell(column: str, value) -> Markup:
    if column in ARTICLE_COLUMNS and value is not None:
        ids = value if isinstance(value, list) else [value]
        return Markup("<td>" + " ".join(_link(i) for i in ids) + "</td>")
    if isinstance(value, float):
        return Markup(f'<td class="num">{value:,.2f}</td>')
    if isinstance(value, int):
        return Markup(f'<td class="num">{value:,}</td>')
    if isinstance(value, dt.datetime):
        value = value.date()
    return Markup(f"<td>{escape('' if value is None else str(value))}</td>")


def build_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    sections = []
    for spec in SECTIONS:
        query = report_query(spec.name)
        frame = run(con, query)
        svg = charts.to_svg(spec.chart(frame), spec.name) if spec.chart and len(frame) else None
        sections.append(Section(spec, query, frame, svg))
    return sections


def build_report(database: Path, report_dir: Path) -> ReportSummary:
    started = time.perf_counter()
    report_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database), read_only=True) as con:
        sections = build_sections(con)
        (article_count,) = con.execute("select count(*) from dim_article").fetchone()
        all_pages = article_count <= ALL_PAGES_UP_TO
        wanted = set().union(*(section.article_ids() for section in sections)) | existing_page_ids(report_dir)
        if all_pages:
            wanted |= {row[0] for row in con.execute("select article_id from dim_article").fetchall()}
        pages = write_article_pages(con, report_dir, sorted(wanted))
    written = {page.article_id for page in pages}
    for stale in (report_dir / ARTICLES_DIR).glob("*.html"):   # articles gone from the warehouse
        if stale.stem not in written:
            stale.unlink()
    page_rows = [{"article_id": p.article_id, "source_id": p.article["source_id"], "word_count": p.article["word_count"],
                  "date": p.article["published_date"] or p.article["effective_date"]} for p in pages]
    index = write_atomic(report_dir / "index.html", render(
        "index.html.j2", sections=sections, pages=page_rows, all_pages=all_pages, database=str(database)))
    counts = dict(sections[0].frame.iter_rows())
    return ReportSummary(index, counts, sum(1 for s in sections if s.svg), len(pages), time.perf_counter() - started)
