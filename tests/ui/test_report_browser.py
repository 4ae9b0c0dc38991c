"""The report and an evidence page of the seed stories in headless Chromium: the charts are drawn (inline
SVG with content), the pages load nothing and log no console error, a chart's row links to its article's
page, and on that page the highlighted spans are the article's facts, at their offsets.

Screenshots go to test-artifacts/ (git-ignored)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from tests.conftest import SEEDS_DIR
from tests.ui.running_dagster import REPO

ARTIFACTS = REPO / "test-artifacts"
FIRST_SEED = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))[0]
MARKS_JS = """return [...document.querySelectorAll('#article-text mark[data-kind]')].map(m => ({
    kind: m.dataset.kind, start: +m.dataset.start, end: +m.dataset.end, facts: m.dataset.facts.split(' ').filter(Boolean),
    text: m.firstChild.nodeType === Node.TEXT_NODE ? m.firstChild.nodeValue : null,
    shown: m.getBoundingClientRect().width > 0 && getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)'}))"""


def rows(database: Path, sql: str, *params) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, list(params)).pl().to_dicts()


def console_errors(driver: webdriver.Chrome) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def loaded_resources(driver: webdriver.Chrome) -> list[str]:
    """Everything the page fetched after its own HTML: an offline page fetches nothing."""
    return driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")


def screenshot(driver: webdriver.Chrome, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / name))


@pytest.fixture(scope="module")
def seed_report(seed_warehouse) -> Path:
    report = seed_warehouse / "report" / "index.html"   # made by the publish
    assert report.exists()
    return report


def test_the_report_draws_its_charts_offline_without_console_errors(browser, seed_report):
    browser.get(seed_report.as_uri())
    charts = browser.find_elements(By.CSS_SELECTOR, ".chart > svg")
    assert len(charts) >= 4
    for chart in charts:
        assert chart.size["width"] > 100 and chart.size["height"] > 50
        assert chart.find_elements(By.CSS_SELECTOR, "path, rect, text")
    assert browser.find_element(By.ID, "figures_by_country_year").find_elements(By.CSS_SELECTOR, "svg text")
    screenshot(browser, "report_index.png")
    assert loaded_resources(browser) == []
    assert console_errors(browser) == []


def test_a_chart_row_leads_to_an_article_page_whose_marks_are_its_facts(browser, seed_report, seed_warehouse):
    database = seed_warehouse / "newsfacts.duckdb"
    article_id = rows(database, "select article_id from dim_article where source_id = ?", FIRST_SEED)[0]["article_id"]
    browser.get(seed_report.as_uri())
    section = browser.find_element(By.ID, "bilateral_flows")
    section.find_element(By.TAG_NAME, "summary").click()             # the rows under the chart
    section.find_element(By.CSS_SELECTOR, f'a[href="articles/{article_id}.html"]').click()
    assert browser.current_url.endswith(f"/articles/{article_id}.html")

    marks = browser.execute_script(MARKS_JS)
    screenshot(browser, "report_article.png")
    assert all(mark["shown"] for mark in marks)
    text = rows(database, "select text from dim_article where article_id = ?", article_id)[0]["text"]
    assert all(mark["text"] == text[mark["start"]:mark["end"]] for mark in marks if mark["kind"] != "agreement")

    figures = rows(database, "select figure_id, start_char, end_char, amount_text from fact_figure where article_id = ? "
                             "order by start_char", article_id)
    assert figures
    assert [(m["facts"], m["start"], m["end"], m["text"]) for m in marks if m["kind"] == "figure"] == [
        ([f["figure_id"]], f["start_char"], f["end_char"], f["amount_text"]) for f in figures]

    leader_spans = {(m["start"], m["end"]) for m in marks if m["kind"] == "leader"}
    roles = rows(database, "select start_char, end_char from fact_leader_role where article_id = ?", article_id)
    assert roles and {(r["start_char"], r["end_char"]) for r in roles} <= leader_spans

    agreements = rows(database, "select agreement_id, start_char, end_char from dim_agreement where article_id = ?", article_id)
    assert agreements
    for agreement in agreements:
        holding = [m for m in marks if m["kind"] == "agreement" and agreement["agreement_id"] in m["facts"]]
        assert len(holding) == 1 and holding[0]["start"] <= agreement["start_char"] < agreement["end_char"] <= holding[0]["end"]

    mentions = rows(database, "select start_char, end_char from fact_mention where article_id = ? and start_char is not null",
                    article_id)
    marked = {(m["start"], m["end"]) for m in marks}
    assert {(m["start_char"], m["end_char"]) for m in mentions} <= marked
    assert loaded_resources(browser) == []
    assert console_errors(browser) == []
