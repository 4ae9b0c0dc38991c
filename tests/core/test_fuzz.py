"""Property-based tests (Hypothesis): whatever bytes or text arrive, the readers, the cleaner, the amount
finder and the period finder and resolver never raise, and every input ends as an article or a reject.

Derandomized (the same examples on every run, so CI never flakes) and bounded: the whole module runs in
well under a minute. A `read_error` reject is a reader bug caught by its last resort, so it fails here.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.core.amounts import find_amounts, find_document_amounts
from pipeline.core.cleaning import clean_article, parse_date
from pipeline.core.periods import find_periods
from pipeline.core.reading import REJECT_REASONS, read_file
from pipeline.core.star_schema import resolve_periods

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
             "shift_jis", "koi8-r", "gb18030", "mac_roman")
# pieces of wire text, so the examples reach the rules and not only their first guard
NEWS_WORDS = ("Japan", "U.S.", "the", "trade", "surplus", "deficit", "rose", "fell", "to", "by", "$", "3.5", "12",
              "billion", "bln", "mln", "dlrs", "yen", "marks", "pct", "in", "1987", "1986/87", "fiscal", "last",
              "this", "next", "year", "month", "quarter", "March", "Feb", "a", "year", "earlier", "said", "(Reuters)",
              "-", "WASHINGTON,", "Feb 26", "By", "John Smith", "Reuter", "\n", "\n\n", ".", ",", "(", ")", "about",
              "more than", "up to", "between", "and", "€1.5bn", "£", "¥", "agreed", "deal", "President", "Reagan",
              "26-FEB-1987 15:01:01.79", "2023-05-17", "Editing by", "Our standards:", "\t", "  ", "\x00", "\u2028")
news_text = st.lists(st.sampled_from(NEWS_WORDS) | st.text(max_size=6), max_size=80).map(" ".join)
any_text = st.text(max_size=400) | news_text
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | any_text,
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                          max_leaves=8)
JSON_FIELDS = ("id", "title", "body", "text", "date", "dateline", "source", "url", "author", "authors", "meta", "places")
json_record = st.dictionaries(st.sampled_from(JSON_FIELDS), json_value | news_text, max_size=8)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz_inbox")


def read_one(inbox: Path, name: str, data: bytes):
    path = inbox / name
    path.write_bytes(data)
    articles, rejects = read_file(path, inbox)
    assert {r.reason for r in rejects} <= set(REJECT_REASONS) - {"read_error"}, rejects
    assert all(r.detail for r in rejects)
    assert all(a.raw_text.strip() and len(a.article_id) == 20 for a in articles)
    return articles, rejects


@FUZZ
@given(data=st.binary(max_size=3000) | any_text.flatmap(
    lambda text: st.sampled_from(ENCODINGS).map(lambda encoding: text.encode(encoding, errors="replace"))))
def test_a_text_file_of_any_bytes_in_any_encoding_is_one_article_or_one_reject(inbox, data):
    articles, rejects = read_one(inbox, "story.txt", data)
    assert len(articles) + len(rejects) == 1


@FUZZ
@given(lines=st.lists(json_record.map(lambda r: json.dumps(r, ensure_ascii=False).encode())
                      | st.binary(max_size=200) | any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      min_size=1, max_size=8))
def test_each_jsonl_line_is_at_most_one_article_or_reject_and_every_record_is_one(inbox, lines):
    data = b"\n".join(line.replace(b"\n", b" ") for line in lines)
    articles, rejects = read_one(inbox, "export.jsonl", data)
    numbers = [a.line_number for a in articles] + [r.line_number for r in rejects if r.line_number is not None]
    assert len(numbers) == len(set(numbers))              # no line counted twice
    whole_file = [r for r in rejects if r.line_number is None]
    if not whole_file:                                    # every line holding a JSON object is accounted for
        objects = {n for n, line in enumerate(data.split(b"\n"), start=1) if line.startswith(b"{") and line.endswith(b"}")}
        assert objects <= set(numbers)


@settings(FUZZ, max_examples=80)          # trafilatura over a page is the slow one
@given(body=any_text, depth=st.integers(0, 600), title=st.text(max_size=30),
       encoding=st.sampled_from(("utf-8", "cp1252", "utf-16")))
def test_an_html_page_of_any_text_and_nesting_is_one_article_or_one_reject(inbox, body, depth, title, encoding):
    page = (f"<!doctype html><html><head><title>{title}</title><meta charset='{encoding}'></head><body>"
            + "<div>" * depth + f"<p>{body}</p>" + "</div>" * (depth // 2) + "</body></html>")
    articles, rejects = read_one(inbox, "page.html", page.encode(encoding, errors="replace"))
    assert len(articles) + len(rejects) == 1


@FUZZ
@given(text=any_text, title=st.none() | st.text(max_size=40), date_hint=st.none() | any_text,
       dateline_hint=st.none() | any_text, publisher_hint=st.none() | st.text(max_size=20),
       authors_hint=st.none() | any_text)
def test_the_cleaner_never_raises_and_returns_clean_text_and_metadata(text, title, date_hint, dateline_hint,
                                                                      publisher_hint, authors_hint):
    clean = clean_article(text, title=title, date_hint=date_hint, dateline_hint=dateline_hint,
                          publisher_hint=publisher_hint, authors_hint=authors_hint)
    assert isinstance(clean.text, str) and all(isinstance(a, str) for a in clean.authors)
    assert clean.published_date is None or isinstance(clean.published_date, dt.date)
    assert parse_date(date_hint) is None or isinstance(parse_date(date_hint), dt.date)


@FUZZ
@given(text=any_text, home=st.none() | st.sampled_from(("USA", "JPN", "GBR", "DEU", "XXX")))
def test_amounts_are_read_from_any_text_with_offsets_into_it_and_finite_values(text, home):
    for amount in find_amounts(text, home_country=home):
        assert text[amount.start:amount.end] == amount.text
        assert math.isfinite(amount.value)
    sentences = [(i * (len(text) + 1), text) for i in range(2)]
    assert all(math.isfinite(a.value) for a in find_document_amounts(sentences, home_country=home))


@FUZZ
@given(text=any_text)
def test_periods_are_found_in_any_text_within_it(text):
    for mention in find_periods(text):
        assert 0 <= mention.start <= mention.end <= len(text)
        assert mention.period is None or mention.period.month is None or 1 <= mention.period.month <= 12


ANCHORS = ("absolute", "month", "relative_year", "relative_month", "relative_month_last_year", None, "nonsense")
figure_row = st.fixed_dictionaries({
    "article_id": st.sampled_from(("a1", "a2", "a3")), "period_anchor": st.sampled_from(ANCHORS),
    "period_year_stated": st.none() | st.integers(-10**6, 10**6), "period_month_stated": st.none() | st.integers(-20, 20),
    "period_offset": st.none() | st.integers(-10**6, 10**6), "kind": st.sampled_from(("actual", "target", "forecast", None))})


@FUZZ
@given(figures=st.lists(figure_row, max_size=10),
       dates=st.fixed_dictionaries({a: st.none() | st.dates() for a in ("a1", "a2")}))
def test_periods_resolve_against_any_date_without_raising(figures, dates):
    figure_frame = pl.DataFrame(figures, schema={"article_id": pl.String, "period_anchor": pl.String,
                                                 "period_year_stated": pl.Int64, "period_month_stated": pl.Int64,
                                                 "period_offset": pl.Int64, "kind": pl.String})
    articles = pl.DataFrame({"article_id": list(dates), "effective_date": list(dates.values())},
                            schema={"article_id": pl.String, "effective_date": pl.Date})
    resolved = resolve_periods(figure_frame, articles)
    assert len(resolved) == len(figures)
    relative = resolved.filter(pl.col("period_anchor") == "relative_month")["period_month"].drop_nulls()
    assert relative.is_between(1, 12).all()
