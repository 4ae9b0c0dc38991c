"""Issue 12 acceptance: a hostile inbox builds with `newsfacts build` exiting 0, and every file in it is
an article of `dim_article` or a row of `rejected_inputs` with its reason.

The inbox is made at test time (nothing large is committed): a JSON Lines export with a 12 MB article,
broken lines, NUL characters inside JSON strings and a bad date among good articles; a 70 MB file; a
symlink out of the inbox; binary data named .txt; a German page; pages nested 1,500 and 100,000 levels deep;
one file in two encodings; hidden files and folders.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.core.nlp import MAX_PIECE_CHARS
from pipeline.core.reading import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, list_inbox
from tests.conftest import REPO

SAMPLE_STORIES = sorted((REPO / "pipeline" / "sample_inbox").glob("*.txt"))
HUGE_ARTICLE_CHARS = 12_000_000
GERMAN = ("Die Bundesregierung hat am Mittwoch in Berlin einen neuen Haushalt beschlossen. Der Finanzminister sagte, "
          "dass die Ausgaben für die Verteidigung und für die Bildung steigen werden, und dass die Schulden nicht "
          "weiter wachsen sollen. Die Opposition kritisierte den Plan als zu wenig ehrgeizig für das kommende Jahr, "
          "und die Länder forderten mehr Geld für den Ausbau der Schulen und der Bahn.")
ENGLISH = ("Japan and the United States agreed on Tuesday to expand their trade talks, officials said, after Japan's "
           "trade surplus with the United States rose to $52 billion last year. The two governments will meet again "
           "in Tokyo next month to discuss tariffs on cars, rice and semiconductors, the trade ministry said.")
# over spaCy's piece size: read in pieces, every offset into the whole text
LONG_REPORT = "\n\n".join(f"Report part {i}. " + ENGLISH.replace("Japan", ("Japan", "France", "Brazil")[i % 3])
                           for i in range(150))

# inbox path → what it must become: "article", or the reason of its (file-level) reject
EXPECTED_FILES = {
    "export.jsonl": "lines",
    "wire_dump_70mb.txt": "too_large",
    "passwd_link.txt": "outside_inbox",
    "chart.txt": "binary",
    "german_page.html": "not_english",
    "deep_page.html": "article",
    "bottomless_page.html": "no_text_field",
    "mixed_encodings.txt": "article",
    ".draft.txt": "ignored_hidden",
    ".cache": "ignored_hidden",
    **{f"stories/{story.name}": "article" for story in SAMPLE_STORIES},
}


def write_hostile_inbox(inbox: Path) -> dict[int, str]:
    """The inbox; returns each JSONL line's expected outcome ("article" or a reject reason)."""
    (inbox / "stories").mkdir(parents=True)
    for story in SAMPLE_STORIES:
        (inbox / "stories" / story.name).write_bytes(story.read_bytes())
    lines = {
        1: ("article", json.dumps({"id": "good-1", "date": "2023-05-17", "title": "Trade talks", "body": ENGLISH})),
        2: ("too_long", json.dumps({"id": "huge", "body": ("The trade deficit of Japan rose to $3 billion in 1987. "
                                                           * (HUGE_ARTICLE_CHARS // 55 + 1))[:HUGE_ARTICLE_CHARS]})),
        3: ("malformed_json", '{"id": "cut-off", "body": "Japan and the United St'),
        4: ("malformed_json", "not json at all"),
        5: ("article", json.dumps({"id": "bad-date", "date": "31-FOO-20x7", "body": ENGLISH.replace("Tuesday", "Monday")})),
        6: ("article", json.dumps({"id": "nul-inside", "body": ENGLISH.replace("officials", "offi\u0000cials")})),
        7: ("malformed_json", '{"id": "raw-nul", "body": "Japan \x00 trade"}'),
        8: ("no_text_field", json.dumps({"id": "no-body", "title": "Only a title"})),
        9: ("not_english", json.dumps({"id": "german", "body": GERMAN})),
        10: ("article", json.dumps({"id": "long-report", "body": LONG_REPORT})),
    }
    (inbox / "export.jsonl").write_text("\n".join(line for _, line in lines.values()) + "\n", encoding="utf-8")
    with open(inbox / "wire_dump_70mb.txt", "wb") as handle:   # sparse: 70 MB on paper, nothing on disk
        handle.truncate(70 * 1024 * 1024)
    (inbox / "passwd_link.txt").symlink_to("/etc/passwd")
    (inbox / "chart.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    (inbox / "german_page.html").write_text(f"<html><head><title>Haushalt</title></head><body><article><p>{GERMAN}</p>"
                                            f"<p>{GERMAN}</p></article></body></html>")
    for name, depth in (("deep_page.html", 1500), ("bottomless_page.html", 100_000)):
        (inbox / name).write_text("<html><body>" + "<div>" * depth + f"<p>{ENGLISH}</p>" + "</div>" * depth + "</body></html>")
    (inbox / "mixed_encodings.txt").write_bytes(ENGLISH.encode("utf-8") + " Peña and Guaidó met in Caracas.".encode("cp1252")
                                               + " The “deal” was signed in São Paulo.".encode("utf-8"))
    (inbox / ".draft.txt").write_text(ENGLISH)
    (inbox / ".cache").mkdir()
    (inbox / ".cache" / "state.json").write_text("{}")
    return {number: outcome for number, (outcome, _) in lines.items()}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    inbox, warehouse = tmp_path_factory.mktemp("hostile_inbox"), tmp_path_factory.mktemp("hostile_warehouse")
    line_outcomes = write_hostile_inbox(inbox)
    env = {**os.environ, "NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse), "NEWSFACTS_NLP_PROCESSES": "1"}
    env.pop("DAGSTER_HOME", None)
    build = subprocess.run([sys.executable, "-m", "pipeline.cli", "build"], env=env, capture_output=True, text=True,
                           timeout=600)
    with duckdb.connect(str(warehouse / "newsfacts.duckdb"), read_only=True) as con:
        articles = con.sql("select source_path, source_id, published_date, text from dim_article").pl()
        rejects = con.sql("select source_path, line_number, reason, detail from rejected_inputs").pl()
        long_report_places = con.sql(
            "select m.text, substr(a.text, m.start_char + 1, m.end_char - m.start_char) as at_offsets from fact_mention m "
            "join dim_article a using (article_id) where a.source_id = 'long-report' and m.label = 'COUNTRY'").pl()
    return inbox, build, articles, rejects, line_outcomes, long_report_places


def test_newsfacts_build_exits_zero(hostile_build):
    _, build, *_ = hostile_build
    assert build.returncode == 0, build.stderr[-3000:]


def test_every_file_is_an_article_or_a_reject_with_its_reason(hostile_build):
    inbox, _, articles, rejects, *_ = hostile_build
    listed = {path.relative_to(inbox).as_posix() for path in list_inbox(inbox)}
    assert listed == set(EXPECTED_FILES)
    for relative, outcome in EXPECTED_FILES.items():
        path = str(inbox / relative)
        file_rejects = rejects.filter((pl.col("source_path") == path) & pl.col("line_number").is_null())["reason"].to_list()
        file_articles = articles.filter(pl.col("source_path") == path)
        if outcome == "article":
            assert len(file_articles) == 1 and not file_rejects, relative
        elif outcome != "lines":
            assert file_rejects == [outcome] and file_articles.is_empty(), relative


def test_each_jsonl_line_is_an_article_or_its_reject(hostile_build):
    inbox, _, articles, rejects, line_outcomes, _ = hostile_build
    path = str(inbox / "export.jsonl")
    line_rejects = dict(rejects.filter(pl.col("source_path") == path).select("line_number", "reason").rows())
    assert line_rejects == {n: outcome for n, outcome in line_outcomes.items() if outcome != "article"}
    assert set(articles.filter(pl.col("source_path") == path)["source_id"]) == {"good-1", "bad-date", "nul-inside", "long-report"}


def test_the_12_mb_article_is_rejected_too_long_with_its_length(hostile_build):
    inbox, _, _, rejects, *_ = hostile_build
    detail = rejects.filter((pl.col("source_path") == str(inbox / "export.jsonl")) & (pl.col("line_number") == 2))["detail"].item()
    assert f"{HUGE_ARTICLE_CHARS:,} characters" in detail and f"{MAX_ARTICLE_CHARS:,}" in detail


def test_odd_articles_keep_what_they_hold(hostile_build):
    inbox, _, articles, rejects, *_ = hostile_build
    by_id = {row["source_id"]: row for row in articles.iter_rows(named=True)}
    assert by_id["bad-date"]["published_date"] is None
    assert "offi\x00cials" in by_id["nul-inside"]["text"]      # kept as written: offsets stay true
    assert "Peña" in by_id["mixed_encodings.txt"]["text"] and "São Paulo" in by_id["mixed_encodings.txt"]["text"]
    assert f"{MAX_FILE_BYTES:,}-byte limit" in rejects.filter(pl.col("reason") == "too_large")["detail"].item()


def test_the_limits_are_settings(monkeypatch):
    from pipeline.defs.resources import MAX_FAILED_SHARE, default_resources

    monkeypatch.delenv("NEWSFACTS_MAX_ARTICLE_CHARS", raising=False)
    monkeypatch.delenv("NEWSFACTS_MAX_FAILED_SHARE", raising=False)
    assert (default_resources()["warehouse"].max_article_chars, default_resources()["warehouse"].max_failed_share) == (
        MAX_ARTICLE_CHARS, MAX_FAILED_SHARE) == (2_000_000, 0.05)
    monkeypatch.setenv("NEWSFACTS_MAX_ARTICLE_CHARS", "15000000")
    monkeypatch.setenv("NEWSFACTS_MAX_FAILED_SHARE", "0.2")
    warehouse = default_resources()["warehouse"]
    assert (warehouse.max_article_chars, warehouse.max_failed_share) == (15_000_000, 0.2)


def test_an_article_over_the_piece_size_is_read_whole_with_true_offsets(hostile_build):
    *_, long_report_places = hostile_build
    assert len(LONG_REPORT) > 2 * MAX_PIECE_CHARS
    assert long_report_places["text"].to_list() == long_report_places["at_offsets"].to_list()
    assert {"Japan", "France", "Brazil"} <= set(long_report_places["text"])
    assert long_report_places.height >= 150 * 2            # each part names its country and the United States
