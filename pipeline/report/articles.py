"""Evidence pages: `<report>/articles/<article_id>.html`, one per article, written on demand."""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.report.evidence import ArticleEvidence, find_article_ids, load_evidence
from pipeline.report.highlights import KINDS
from pipeline.report.pages import render, write_atomic

ARTICLES_DIR = "articles"


def page_path(report_dir: Path, article_id: str) -> Path:
    return report_dir / ARTICLES_DIR / f"{article_id}.html"


def existing_page_ids(report_dir: Path) -> set[str]:
    """Articles whose page is already there: asked for before, kept up to date by every rebuild."""
    return {path.stem for path in (report_dir / ARTICLES_DIR).glob("*.html")}


def article_page(evidence: ArticleEvidence, leader_ids: set[str]) -> str:
    return render("article.html.j2", article=evidence.article, text_html=evidence.text_html(leader_ids), kinds=KINDS,
                  figures=evidence.figures, roles=evidence.roles, agreements=evidence.agreements, mentions=evidence.mentions,
                  has_measure=any("measure" in f for f in evidence.figures))


def write_article_pages(con: duckdb.DuckDBPyConnection, report_dir: Path, article_ids: list[str]) -> list[ArticleEvidence]:
    """The pages of these articles (those that exist); returns what each page shows."""
    found, leader_ids = load_evidence(con, article_ids)
    for evidence in found:
        write_atomic(page_path(report_dir, evidence.article_id), article_page(evidence, leader_ids))
    return found


def show(database: Path, report_dir: Path, article_or_source_id: str) -> list[Path]:
    """The page of the article with this id, or of every article with this source id; [] if none."""
    with duckdb.connect(str(database), read_only=True) as con:
        ids = find_article_ids(con, article_or_source_id)
        written = write_article_pages(con, report_dir, ids)
    return [page_path(report_dir, evidence.article_id) for evidence in written]
