"""Cleaning on real wire text: the seed stories, Reuters-21578 rows and modern_wire rows."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from pipeline.core.cleaning import clean_article, parse_date, parse_dateline_field

SHARED = Path(os.environ.get("NEWSFACTS_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SEEDS_DIR = SHARED / "corpus" / "seeds"
REUTERS_JSONL = SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl"
MODERN_JSONL = SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl"

needs_shared = pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason=f"shared corpora not found at {SHARED}")


@cache
def seed_expectations() -> dict[str, dict]:
    return {entry["id"]: entry for entry in yaml.safe_load((SHARED / "expected" / "seeds.yaml").read_text())}


@cache
def jsonl_rows(path: Path) -> tuple[dict, ...]:
    with open(path, encoding="utf-8") as handle:
        return tuple(json.loads(line) for line in handle if line.strip())


def clean_row(row: dict):
    return clean_article(row["body"], title=row.get("title"), date_hint=row.get("date"),
                         dateline_hint=row.get("dateline"), publisher_hint=row.get("source"))


# --------------------------------------------------------------------------- seeds

SEED_IDS = ["000_51cd509281dfdc71.txt", "002_131fd39b467027c8.txt"]


@needs_shared
@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_story_metadata_and_boilerplate(seed_id):
    expected = seed_expectations()[seed_id]
    clean = clean_article((SEEDS_DIR / seed_id).read_text(encoding="utf-8"))

    for boilerplate in expected["boilerplate_removed"]:
        assert boilerplate not in clean.text
    assert clean.authors == expected["authors"]
    assert clean.dateline == expected["dateline"] == "Xian, China"
    assert clean.publisher == expected["publisher"] == "Reuters"
    assert clean.published_date == expected["published_date"]
    assert not clean.text.startswith("XIAN") and "(Reuters)" not in clean.text
    for leftover in ("By Andrew Hayley", "Reporting by", "Editing by", "Trust Principles", "date 2023"):
        assert leftover not in clean.text


@needs_shared
@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_story_keeps_every_evidence_sentence(seed_id):
    clean = clean_article((SEEDS_DIR / seed_id).read_text(encoding="utf-8"))
    evidence = [f["evidence"] for f in seed_expectations()[seed_id]["figures"] if f.get("evidence")]
    assert evidence
    for sentence in evidence:
        assert sentence in clean.text
    assert "\n" not in clean.text.replace("\n\n", "")


@needs_shared
def test_seed_000_keeps_its_story_and_subhead():
    clean = clean_article((SEEDS_DIR / SEED_IDS[0]).read_text(encoding="utf-8"))
    assert clean.text.startswith("Central Asian heads of state gathered in the historic city of Xian")
    assert "\n\nCLOSER TO CHINA\n\n" in clean.text
    assert clean.text.endswith("is expected to be under scrutiny. the agenda.")


@needs_shared
def test_seed_002_dated_header_and_inline_credits():
    clean = clean_article((SEEDS_DIR / SEED_IDS[1]).read_text(encoding="utf-8"))
    assert clean.published_date == dt.date(2023, 5, 17)
    assert clean.text.startswith("China wants to further deepen its ties with Kazakhstan")
    assert clean.text.endswith("the ancient Silk Road trade route that once crossed Central Asia.")


# --------------------------------------------------------------------------- Reuters-21578

# The 15 stories of reuters_dev.yaml plus five early prose stories: 20 real rows.
REUTERS_PROSE_IDS = [f"reuters21578-{n}" for n in (
    1890, 6976, 12828, 951, 7600, 16929, 5684, 9135, 19947, 4268, 3711, 11174, 8315, 4020, 240, 1, 2, 10, 20, 42)]


@cache
def reuters_rows_by_id() -> dict[str, dict]:
    return {row["id"]: row for row in jsonl_rows(REUTERS_JSONL)}


@needs_shared
@pytest.mark.parametrize("row_id", REUTERS_PROSE_IDS)
def test_reuters21578_row(row_id):
    row = reuters_rows_by_id()[row_id]
    clean = clean_row(row)

    assert not re.search(r"(?i)\breuter\W*$", clean.text), "1987 signature left at the end"
    assert "\n" not in clean.text.replace("\n\n", ""), "hard line break left inside a paragraph"
    assert "  " not in clean.text
    assert clean.published_date == dt.datetime.strptime(row["date"].split()[0], "%d-%b-%Y").date()
    assert clean.dateline.split(",")[0] == row["dateline"].split(",")[0].strip().title().replace(" De ", " de ")
    assert clean.publisher == "Reuters"
    assert clean.title == row["title"]
    # nothing of the story itself is lost: its opening words and its last sentence survive
    raw_words = " ".join(row["body"].split())
    assert raw_words[:60] in clean.text
    last_sentence = re.sub(r"\s*\bReuter\b\W*$", "", raw_words, flags=re.I)[-60:]
    assert last_sentence in clean.text


@needs_shared
def test_reuters21578_paragraphs_follow_the_indents():
    clean = clean_row(reuters_rows_by_id()["reuters21578-1"])
    paragraphs = clean.text.split("\n\n")
    assert paragraphs[0] == (
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought since early "
        "January and improving prospects for the coming temporao, although normal humidity levels have not been "
        "restored, Comissaria Smith said in its weekly review.")
    assert paragraphs[1] == "The dry period means the temporao will be late this year."
    assert clean.dateline == "Salvador"


@needs_shared
def test_reuters21578_unprocessed_story_takes_title_and_dateline_from_body():
    rows = reuters_rows_by_id()
    zimbabwe = clean_row(rows["reuters21578-934"])          # headline runs into 'HARARE, March 3 -'
    assert zimbabwe.title == "ZIMBABWE MAIZE HARVEST LOWER AFTER BUMPER CROPS"
    assert zimbabwe.dateline == "Harare"
    assert zimbabwe.text.startswith("Zimbabwe's maize crop in 1986/87")
    fed = clean_row(rows["reuters21578-99"])                 # a table: rows stay on their own lines
    assert fed.title == "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"
    assert "\nBank borrowings...............680 vs.......425\n" in fed.text
    assert not fed.text.rstrip().endswith("Reuter")


@needs_shared
def test_reuters21578_every_row_cleans_without_losing_text():
    rows = [row for row in jsonl_rows(REUTERS_JSONL) if (row["body"] or "").strip()]
    assert len(rows) == 19_779
    for row in rows:
        clean = clean_row(row)
        assert clean.text, row["id"]
        assert clean.published_date is not None, row["id"]
        assert not re.search(r"(?i)\breuter\W*$", clean.text), row["id"]


# --------------------------------------------------------------------------- modern_wire

WEB_LEFTOVERS = [
    "SHARE THIS ARTICLE", "Share Tweet Post Email", "LISTEN TO ARTICLE", "Slideshow (", "Related Coverage",
    "REUTERS/", "(AP Photo", "via AP)", "Photographer:", "Sign up", "Click here", "Read more:", "Read More:",
    "QuickTake", "tmsnrt.rs", "Story continues", "ADVERTISEMENT", "\n\n___", "Follow Julie Pace",
    "contributed to this report", "— With assistance by",
]


@needs_shared
@pytest.mark.parametrize("leftover", WEB_LEFTOVERS)
def test_modern_wire_leftovers_removed(leftover):
    rows = [row for row in jsonl_rows(MODERN_JSONL) if leftover in row["body"]]
    assert rows, f"no modern_wire row carries {leftover!r}"
    for row in rows:
        assert leftover not in clean_row(row).text, row["id"]


@needs_shared
def test_modern_wire_metadata():
    for row in jsonl_rows(MODERN_JSONL):
        clean = clean_row(row)
        assert clean.published_date == dt.date.fromisoformat(row["date"]), row["id"]
        assert clean.publisher == row["source"], row["id"]
        if re.search(r"[A-Z] \((?:AP|Reuters)\) [-—–]", row["body"][:3000]):
            assert clean.dateline, row["id"]                     # captions above the dateline are gone
        assert not re.search(r"\((?:AP|Reuters)\) [-—–]", clean.text[:200]), row["id"]


@needs_shared
def test_modern_wire_bloomberg_credits_become_authors():
    first = jsonl_rows(MODERN_JSONL)[0]
    clean = clean_row(first)
    assert clean.authors == ["Justin Sink", "Eric Martin", "Margaret Talev"]
    assert clean.text.startswith("Mexico’s President Enrique Pena Nieto canceled a meeting")


@needs_shared
def test_modern_wire_ap_caption_and_dateline():
    row = next(r for r in jsonl_rows(MODERN_JSONL) if r["body"].startswith("FILE - In this April 16, 2018"))
    clean = clean_row(row)
    assert clean.dateline == "Washington" and clean.publisher == "Associated Press"
    assert clean.text.startswith("After striking an elusive nuclear deal with Iran")
    assert "(AP Photo/John Minchillo, file)" not in clean.text


# --------------------------------------------------------------------------- rules on short real-style snippets

@pytest.mark.parametrize("raw, expected_dateline, expected_publisher, expected_start", [
    ("XIAN, China (Reuters) – Central Asian heads of state gathered.", "Xian, China", "Reuters", "Central Asian"),
    ("XIAN, China, May 17 (Reuters) – China wants deeper ties.", "Xian, China", "Reuters", "China wants"),
    ("SALVADOR, Feb 26 - Showers continued throughout the week.", "Salvador", None, "Showers continued"),
    ("WASHINGTON (AP) — The United States vowed Friday to act.", "Washington", "Associated Press", "The United"),
    ("PALM BEACH, Fla. (AP) — The United States vowed Friday.", "Palm Beach, Fla.", "Associated Press", "The United"),
    ("BEIJING/SEOUL (Reuters) - China has dispatched a team.", "Beijing/Seoul", "Reuters", "China has"),
    ("RIO DE JANEIRO, March 16 - Brazil said on Monday.", "Rio de Janeiro", None, "Brazil said"),
    ("Beijing (AP) — For decades, the imam was a bedrock.", "Beijing", "Associated Press", "For decades"),
    ("U.S. officials said on Monday that talks would resume.", None, None, "U.S. officials"),
])
def test_body_dateline_is_cut_and_returned(raw, expected_dateline, expected_publisher, expected_start):
    clean = clean_article(raw)
    assert clean.dateline == expected_dateline
    assert clean.publisher == expected_publisher
    assert clean.text.startswith(expected_start)


@pytest.mark.parametrize("field, expected", [
    ("SALVADOR, Feb 26 -", "Salvador"), ("NEW YORK, March 119 -", "New York"),
    ("WEST HARTFORD, Conn., FEb 26 -", "West Hartford, Conn."), ("omaha, april 7 -", "Omaha"),
    ("AMSTERDAM, 2 March -", "Amsterdam"), ("Calgary, Alberta, March 16 -", "Calgary, Alberta"),
    ("ST. LOUIS, March 3 -", "St. Louis"), ("MAR8  --     --", None), ("APRIL 7  -", None), (None, None),
])
def test_dateline_field(field, expected):
    assert parse_dateline_field(field) == expected


@pytest.mark.parametrize("credits, authors", [
    ("(Reporting by Andrew Hayley; Additional reporting by Joe Cash in Beijing; Writing by Ryan Woo; "
     "Editing by Raju Gopalakrishnan)", ["Andrew Hayley", "Joe Cash", "Ryan Woo", "Raju Gopalakrishnan"]),
    ("Reporting by Andrew Hayley; Writing by Ryan Woo Editing by Gareth Jones",
     ["Andrew Hayley", "Ryan Woo", "Gareth Jones"]),
    ("(Reporting by David Lawder and Andrea Shalal in Washington; Compiled by Jan Harvey)",
     ["David Lawder", "Andrea Shalal", "Jan Harvey"]),
    ("— With assistance by Debra Mao, Steven T. Dennis, and Connor Cislo",
     ["Debra Mao", "Steven T. Dennis", "Connor Cislo"]),
])
def test_credit_lines_become_authors(credits, authors):
    clean = clean_article(f"LONDON (Reuters) - Trade talks resumed on Monday.\n\n{credits}\n")
    assert clean.authors == authors
    assert clean.text == "Trade talks resumed on Monday."


def test_prose_mentioning_reporting_is_not_a_credit():
    text = "The ministry said the data was revised. Reporting by the statistics office was delayed by a strike."
    assert clean_article(text).text == text


def test_doubled_words_and_spaces():
    clean = clean_article("Exports rose to to 5 billion dlrs in  the the year, and he had had enough of that that.")
    assert clean.text == "Exports rose to 5 billion dlrs in the year, and he had had enough of that that."


def test_hard_wrapped_wire_lines_are_joined():
    raw = ("The dry period means the temporao will be\nlate this year, with long-\nterm effects.\n"
           "    Arrivals for the week were 155,221 bags.\n Reuter\n")
    clean = clean_article(raw)
    assert clean.text == ("The dry period means the temporao will be late this year, with long-term effects."
                          "\n\nArrivals for the week were 155,221 bags.")
    assert clean.publisher == "Reuters"


def test_editor_notes_and_footer_removed():
    raw = ("LONDON (Reuters) - Britain's trade gap narrowed in May.\n\n"
           "(Corrects paragraph 2 to show gap narrowed, not widened)\n\n"
           "($1 = 0.7612 pounds)\n\nOur Standards: The Thomson Reuters Trust Principles.")
    assert clean_article(raw).text == "Britain's trade gap narrowed in May."


@pytest.mark.parametrize("kwargs, expected", [
    ({"raw_text": "date 2023-05-17\n\nXIAN, China, May 17 (Reuters) - Talks.", "date_hint": "2020-01-01"},
     dt.date(2023, 5, 17)),                                                   # header beats hint
    ({"raw_text": "SALVADOR, Feb 26 - Showers.", "date_hint": "26-FEB-1987 15:01:01.79"}, dt.date(1987, 2, 26)),
    ({"raw_text": "XIAN, China, May 17 (Reuters) - Talks.", "date_hint": "2023"}, dt.date(2023, 5, 17)),
    ({"raw_text": "XIAN, China, May 17 (Reuters) - Talks."}, None),          # no year anywhere
    ({"raw_text": "Talks went on.", "date_hint": "not a date"}, None),
])
def test_date_priority(kwargs, expected):
    assert clean_article(**kwargs).published_date == expected


@pytest.mark.parametrize("text, expected", [
    ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)), ("2017-01-26", dt.date(2017, 1, 26)),
    ("2023-05-17T09:30:00+00:00", dt.date(2023, 5, 17)), ("May 17, 2023", dt.date(2023, 5, 17)),
    ("Wednesday, May 17, 2023", dt.date(2023, 5, 17)), ("17 May 2023", dt.date(2023, 5, 17)),
    ("Wed, 17 May 2023 09:30:00 GMT", dt.date(2023, 5, 17)), ("2023-02-30", None), ("", None), (None, None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_byline_only_in_header_and_only_names():
    clean = clean_article("By Andrew Hayley and Joe Cash\n\nBy contrast, exports fell.\n\nBy Aug. 30, talks end.")
    assert clean.authors == ["Andrew Hayley", "Joe Cash"]
    assert clean.text == "By contrast, exports fell.\n\nBy Aug. 30, talks end."
