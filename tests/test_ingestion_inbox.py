"""Issue #3 acceptance: a real, messy inbox — the seeds, the whole Reuters-21578 JSONL, a real CNN web
page and a folder of bad files — goes through the raw and clean stages with nothing lost: every file
and every JSONL line is an article or a reject with its reason.

Only `raw_articles` and `clean_articles` are materialized (every shard): spaCy over 19,779 Reuters
stories would take minutes and has nothing to do with ingestion. Copies of one text in different
shards are resolved by `star_schema.article_sources`, the function the warehouse stage uses.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipeline.core.reading import JSONL_EXTENSIONS, MAX_FILE_BYTES, REJECT_REASONS
from pipeline.core.star_schema import article_sources
from pipeline.defs.clean.assets import clean_articles
from pipeline.defs.partitions import article_shards
from pipeline.defs.raw.assets import raw_articles
from pipeline.defs.resources import SpacyResource, WarehouseResource
from tests.conftest import REUTERS, SEEDS_DIR, SHARED
from tests.fixtures_news_html import (CNN_DATE, CNN_FIRST_REPORTED_SENTENCE, CNN_MARKUP_LEFTOVERS,
                                      CNN_NAVIGATION_ITEMS, CNN_TITLE, cnn_article_page, default_cache_dir)

MODERN_WIRE = SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl"

HTML_PAGE = "cnn_thanksgiving_storm.html"
EMPTY = "bad/empty.txt"
PNG = "bad/photo.png"
PNG_NAMED_TXT = "bad/chart_saved_as_text.txt"
LATIN1 = "bad/latin1_mexico_deal.txt"
UTF16 = "bad/utf16_venezuela_venture.txt"
TOO_LARGE = "bad/wire_dump_60mb.txt"
BROKEN_JSONL = "bad/half_written_export.jsonl"
PASSWD_LINK = "bad/passwd"
ODD_NAME = "bad/Überschuss März – São Paulo report.txt"
TOO_LARGE_BYTES = 60 * 1024 * 1024

# modern_wire stories (real Reuters/AP/Bloomberg text) used for the re-encoded files, by line index
LATIN1_STORY, UTF16_STORY, ODD_NAME_STORY = 141, 129, 97   # Bárcena; Chávez, Guaidó; Peña
BROKEN_JSONL_STORIES = (0, 1, 2, 3, 4)          # its third line is cut in half, as a crashed writer leaves it

# relative path → (reason, a fragment of the detail)
BAD_FILE_REJECTS = {
    EMPTY: ("empty", "0 bytes"),
    PNG_NAMED_TXT: ("binary", "PNG image"),
    PNG: ("unsupported_extension", "PNG image"),   # a .png is not a text format; the detail still says why
    TOO_LARGE: ("too_large", f"{MAX_FILE_BYTES:,}-byte limit"),
    PASSWD_LINK: ("outside_inbox", "/etc/passwd"),
}


@dataclass
class Ingested:
    inbox: Path
    results: list[dg.ExecuteInProcessResult]     # one per shard
    articles: pl.DataFrame          # raw_articles, every shard
    rejects: pl.DataFrame           # rejected_inputs, every shard
    clean: pl.DataFrame             # clean_articles, every shard
    kept: pl.DataFrame              # article_id, shard: the copy of each text that counts
    duplicates: pl.DataFrame        # the other copies, as rejects

    def path(self, relative: str) -> str:
        return str(self.inbox / relative)

    def clean_row(self, relative: str) -> dict:
        rows = self.clean.filter(pl.col("source_path") == self.path(relative)).to_dicts()
        assert len(rows) == 1, f"{relative}: {len(rows)} clean articles"
        return rows[0]

    def rejects_of(self, relative: str) -> list[dict]:
        return self.rejects.filter(pl.col("source_path") == self.path(relative)).to_dicts()


def tiny_png() -> bytes:
    """A valid 1×1 PNG, built chunk by chunk."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def modern_wire_stories() -> list[dict]:
    with open(MODERN_WIRE, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def as_latin1(text: str) -> bytes:
    """What a Latin-1 export writes: typographic quotes and dashes flattened, accented letters kept."""
    flattened = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "•": "*"}))
    return flattened.encode("latin-1")


def write_bad_folder(inbox: Path) -> None:
    stories = modern_wire_stories()
    bad = inbox / "bad"
    bad.mkdir()
    (inbox / EMPTY).write_bytes(b"")
    (inbox / PNG).write_bytes(tiny_png())
    (inbox / PNG_NAMED_TXT).write_bytes(tiny_png())
    (inbox / LATIN1).write_bytes(as_latin1(stories[LATIN1_STORY]["body"]))
    (inbox / UTF16).write_bytes(stories[UTF16_STORY]["body"].encode("utf-16"))     # with its BOM
    with open(inbox / TOO_LARGE, "wb") as handle:
        handle.truncate(TOO_LARGE_BYTES)                                            # sparse: instant, no disk
    lines = [json.dumps(stories[i], ensure_ascii=False) for i in BROKEN_JSONL_STORIES]
    lines[2] = lines[2][: len(lines[2]) // 2]
    (inbox / BROKEN_JSONL).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (inbox / PASSWD_LINK).symlink_to("/etc/passwd")
    (inbox / ODD_NAME).write_text(stories[ODD_NAME_STORY]["body"], encoding="utf-8")


def inbox_units(inbox: Path) -> set[tuple[str, int | None]]:
    """What must be accounted for, counted independently of the pipeline: (path, None) per whole file,
    (path, line) per non-blank line of a JSON Lines file."""
    units: set[tuple[str, int | None]] = set()
    for folder, _, names in os.walk(inbox):
        for name in names:
            path = Path(folder) / name
            if path.suffix.lower() in JSONL_EXTENSIONS and not path.is_symlink():
                with open(path, "rb") as handle:
                    units |= {(str(path), n) for n, line in enumerate(handle, start=1) if line.strip()}
            else:
                units.add((str(path), None))
    return units


@pytest.fixture(scope="module")
def news_page(tmp_path_factory) -> bytes:
    try:
        cache = default_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:                                     # read-only home: cache for this session only
        cache = tmp_path_factory.mktemp("newspaper4k_sdist")
    return cnn_article_page(cache)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, news_page) -> Ingested:
    inbox = tmp_path_factory.mktemp("messy_inbox").resolve()
    for story in SEEDS_DIR.glob("*.txt"):
        shutil.copy(story, inbox / story.name)
    shutil.copy(REUTERS, inbox / REUTERS.name)          # a copy: a symlink out of the inbox is rejected by design
    (inbox / HTML_PAGE).write_bytes(news_page)
    write_bad_folder(inbox)
    warehouse = WarehouseResource(inbox_dir=str(inbox), warehouse_dir=str(tmp_path_factory.mktemp("messy_warehouse")))
    results = [dg.materialize([raw_articles, clean_articles], partition_key=shard, resources={"warehouse": warehouse, "spacy": SpacyResource(n_process=1)})
               for shard in article_shards.get_partition_keys()]
    read = lambda table: pl.read_parquet(warehouse.shard_glob(table), hive_partitioning=True)  # noqa: E731
    articles = read("raw_articles")
    kept, duplicates = article_sources(articles.select("article_id", "source_path", "line_number", "byte_size", "shard"))
    return Ingested(inbox=inbox, results=results, articles=articles, rejects=read("rejected_inputs"),
                    clean=read("clean_articles"), kept=kept, duplicates=duplicates)


def test_every_shard_succeeds_and_the_metadata_counts_every_file_once(ingested):
    assert all(result.success for result in ingested.results)
    metadata = [m.metadata for result in ingested.results for m in result.asset_materializations_for_node("raw_articles")
                if m.asset_key.to_user_string() == "raw_articles"]
    assert len(metadata) == len(ingested.results)
    files = {path for path, _ in inbox_units(ingested.inbox)}
    assert sum(m["files_owned"].value for m in metadata) == len(files)
    assert sum(m["dagster/row_count"].value for m in metadata) == len(ingested.articles)


def test_every_file_and_every_jsonl_line_is_exactly_one_article_or_one_reject(ingested):
    expected = inbox_units(ingested.inbox)
    found = [*ingested.articles.select("source_path", "line_number").rows(),
             *ingested.rejects.select("source_path", "line_number").rows()]
    assert set(found) == expected
    assert len(found) == len(expected), "some input was counted twice"
    assert set(ingested.rejects["reason"]) <= {*REJECT_REASONS, "duplicate"}
    assert ingested.rejects.filter(pl.col("detail").str.strip_chars().fill_null("") == "").is_empty()
    assert ingested.clean.select("article_id", "shard").sort(pl.all()).equals(
        ingested.articles.select("article_id", "shard").sort(pl.all())), "an article was not cleaned"


def test_after_copies_are_resolved_each_text_is_one_article(ingested):
    # the warehouse's accounting: articles + rejects (per shard) + copies in other shards = inputs
    assert ingested.kept["article_id"].is_unique().all()
    total = len(ingested.kept) + len(ingested.rejects) + len(ingested.duplicates)
    assert total == len(inbox_units(ingested.inbox))


@pytest.mark.parametrize("relative", list(BAD_FILE_REJECTS))
def test_each_bad_file_is_rejected_with_its_reason(ingested, relative):
    reason, detail = BAD_FILE_REJECTS[relative]
    [reject] = ingested.rejects_of(relative)
    assert (reject["reason"], reject["line_number"]) == (reason, None)
    assert detail in reject["detail"]
    if reason != "outside_inbox":                      # a link out of the inbox is not even looked at
        assert reject["byte_size"] == (ingested.inbox / relative).stat().st_size
    assert ingested.articles.filter(pl.col("source_path") == ingested.path(relative)).is_empty()


def test_the_oversized_file_is_refused_by_its_size_alone(ingested):
    [reject] = ingested.rejects_of(TOO_LARGE)
    assert reject["byte_size"] == TOO_LARGE_BYTES > MAX_FILE_BYTES


def test_the_broken_jsonl_line_is_rejected_and_the_good_lines_ingested(ingested):
    [reject] = ingested.rejects_of(BROKEN_JSONL)
    assert (reject["reason"], reject["line_number"]) == ("malformed_json", 3)
    assert "line 3" in reject["detail"]
    stories = modern_wire_stories()
    good = ingested.articles.filter(pl.col("source_path") == ingested.path(BROKEN_JSONL)).sort("line_number")
    assert good["line_number"].to_list() == [1, 2, 4, 5]
    assert good["source_id"].to_list() == [stories[i]["id"] for i in (0, 1, 3, 4)]
    assert good["title"].to_list() == [stories[i]["title"] for i in (0, 1, 3, 4)]


def test_the_news_page_becomes_clean_text_with_title_and_date(ingested):
    page = ingested.clean_row(HTML_PAGE)
    assert page["title"] == CNN_TITLE
    assert page["published_date"] == CNN_DATE
    assert CNN_FIRST_REPORTED_SENTENCE in page["text"]
    leftovers = [bit for bit in CNN_MARKUP_LEFTOVERS if bit in page["text"]]
    assert leftovers == [], "script, share bar or ad text survived"
    paragraphs = {p.strip() for p in page["text"].split("\n")}
    assert paragraphs.isdisjoint(CNN_NAVIGATION_ITEMS), "navigation menu survived"
    assert page["word_count"] > 500                  # the whole story, not a teaser


@pytest.mark.parametrize("relative, fragments", [
    (LATIN1, ["Bárcena", "U.S. President Donald Trump defended his administration's deal with Mexico"]),
    (UTF16, ["Chávez", "Guaidó", "José", "developments – a combined total of at least $1.4 billion"]),
])
def test_latin1_and_utf16_stories_are_articles_with_their_accents(ingested, relative, fragments):
    assert ingested.rejects_of(relative) == []
    text = ingested.clean_row(relative)["text"]
    for fragment in fragments:
        assert fragment in text
    assert "\ufffd" not in text and "Ã" not in text          # no replacement characters, no mojibake


def test_a_file_name_with_spaces_and_non_ascii_letters_is_read(ingested):
    row = ingested.clean_row(ODD_NAME)
    assert row["source_id"] == Path(ODD_NAME).name
    assert "Peña" in row["text"]


def test_the_reuters_jsonl_ingests_as_is(ingested):
    with open(REUTERS, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    with_text = [r for r in records if isinstance(r.get("body"), str) and r["body"].strip()]
    distinct = {((r.get("title") or "").strip(), r["body"]) for r in with_text}

    reuters = pl.col("source_path") == ingested.path(REUTERS.name)
    articles = ingested.articles.filter(reuters)
    reasons = dict(ingested.rejects.filter(reuters).group_by("reason").len().iter_rows())
    copies_in_other_shards = len(ingested.duplicates.filter(reuters))
    assert articles["article_id"].n_unique() == len(distinct)
    assert reasons.get("no_text_field") == len(records) - len(with_text)
    assert reasons.get("duplicate", 0) + copies_in_other_shards == len(with_text) - len(distinct)
    assert set(reasons) <= {"no_text_field", "duplicate"}

    first = ingested.clean.filter(pl.col("source_id") == "reuters21578-1").to_dicts()[0]
    assert (first["title"], first["dateline"], first["published_date"]) == ("BAHIA COCOA REVIEW", "Salvador",
                                                                            dt.date(1987, 2, 26))
    assert not first["text"].rstrip().endswith("Reuter")


def test_the_news_page_byline_becomes_its_authors(ingested):
    # <meta name="author" content="Dana A. Ford, James S.A. Corey, Chien-Ming Wang, and Tom Watkins, CNN">
    authors = ingested.clean_row(HTML_PAGE)["authors"]
    for surname in ("Ford", "Corey", "Wang", "Watkins"):
        assert any(author.endswith(surname) for author in authors), (surname, authors)
    assert "CNN" not in authors
