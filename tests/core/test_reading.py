"""Reading inbox files: real bad files written to tmp_path, and the real corpora from ../shared."""
from __future__ import annotations

import codecs
import json
import os
import time
from pathlib import Path

import pytest

from pipeline.core import reading
from pipeline.core.reading import REJECT_REASONS, RawArticle, Reject, list_inbox, looks_english, read_file

SHARED = Path(os.environ.get("NEWSFACTS_SHARED", Path(__file__).resolve().parents[3] / "shared"))
REUTERS_JSONL = SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl"
MODERN_JSONL = SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl"
SEEDS_DIR = SHARED / "corpus" / "seeds"
needs_shared = pytest.mark.skipif(not REUTERS_JSONL.is_file(), reason=f"shared corpora not found at {SHARED}")

STORY = ("LONDON, March 3 - Britain's visible trade deficit narrowed to 1.2 billion stg in February from 1.6 "
         "billion in January, the Department of Trade and Industry said. Exports rose to 6.1 billion stg and the "
         "cafe owners of Soho said the rise in tourism had helped, while imports fell to 7.3 billion stg.\n")
GERMAN_STORY = ("Die Bundesregierung hat am Mittwoch beschlossen, dass die Exporte nach China im kommenden Jahr "
                "um zehn Prozent steigen sollen. Der Minister sagte, das sei ein wichtiger Schritt für die deutsche "
                "Wirtschaft und die Beziehungen mit Peking, die in den letzten Jahren schwierig waren.")


def write(directory: Path, name: str, content: bytes | str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def only_article(path: Path, inbox: Path, **options) -> RawArticle:
    articles, rejects = read_file(path, inbox, **options)
    assert rejects == [] and len(articles) == 1, rejects
    return articles[0]


def only_reject(path: Path, inbox: Path, **options) -> Reject:
    articles, rejects = read_file(path, inbox, **options)
    assert articles == [] and len(rejects) == 1, (articles, rejects)
    assert rejects[0].reason in REJECT_REASONS and rejects[0].detail
    return rejects[0]


# --------------------------------------------------------------------------- text files

def test_plain_utf8_story(tmp_path):
    path = write(tmp_path, "story.txt", STORY)
    article = only_article(path, tmp_path)
    assert article.raw_text == STORY
    assert article.source_format == "txt" and article.source_id == "story.txt" and article.line_number is None
    assert article.source_path == str(path.absolute()) and article.byte_size == len(STORY.encode())
    assert len(article.article_id) == 20 and int(article.article_id, 16) >= 0
    assert article.title is None and article.extra_json is None


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n"])
def test_empty_and_whitespace_only(tmp_path, content):
    assert only_reject(write(tmp_path, "blank.txt", content), tmp_path).reason == "empty"


def test_png_named_txt_is_binary(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
    reject = only_reject(write(tmp_path, "story.txt", png), tmp_path)
    assert reject.reason == "binary" and "PNG" in reject.detail and reject.byte_size == len(png)


def test_png_with_its_own_extension_is_unsupported(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    reject = only_reject(write(tmp_path, "chart.png", png), tmp_path)
    assert reject.reason == "unsupported_extension" and "'.png'" in reject.detail


def test_nul_bytes_are_binary(tmp_path):
    reject = only_reject(write(tmp_path, "dump.txt", b"TOKYO, March 3 - Japan\x00\x01\x02 said" * 20), tmp_path)
    assert reject.reason == "binary" and "NUL" in reject.detail


def test_latin1_text(tmp_path):
    text = STORY.replace("cafe", "café") + "Peña Nieto met the São Paulo delegation in Zürich.\n"
    article = only_article(write(tmp_path, "latin1.txt", text.encode("latin-1")), tmp_path)
    assert "café owners" in article.raw_text and "Peña Nieto" in article.raw_text and "Zürich" in article.raw_text


def test_cp1252_curly_quotes(tmp_path):
    text = STORY + "“We are ready,” the minister said – adding that the café’s owner agreed.\n"
    article = only_article(write(tmp_path, "windows.txt", text.encode("cp1252")), tmp_path)
    assert "“We are ready,” the minister said – adding that the café’s owner agreed." in article.raw_text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "utf-8-sig", "utf-32"])
def test_byte_order_marks(tmp_path, encoding):
    text = STORY.replace("cafe", "café")
    data = (codecs.BOM_UTF16_BE + text.encode("utf-16-be")) if encoding == "utf-16-be-bom" else text.encode(encoding)
    article = only_article(write(tmp_path, f"{encoding}.txt", data), tmp_path)
    assert article.raw_text == text                      # decoded, BOM gone
    assert not article.raw_text.startswith("\ufeff")


def test_bomless_utf16_is_text_not_binary(tmp_path):
    article = only_article(write(tmp_path, "nobom.txt", STORY.encode("utf-16-le")), tmp_path)
    assert article.raw_text == STORY


def test_unicode_file_name_with_spaces(tmp_path):
    path = write(tmp_path, "Ünïcode story.txt", STORY)
    article = only_article(path, tmp_path)
    assert article.source_id == "Ünïcode story.txt"
    assert article.source_path == str(path.absolute()) and os.path.isabs(article.source_path)


def test_file_without_extension_is_read_as_text(tmp_path):
    assert only_article(write(tmp_path, "WIRE_0317", STORY), tmp_path).source_format == "txt"


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    reject = only_reject(write(tmp_path, "long.txt", STORY * 3), tmp_path)
    assert reject.reason == "too_large" and reject.byte_size == len((STORY * 3).encode())


def test_not_english(tmp_path):
    reject = only_reject(write(tmp_path, "de.txt", GERMAN_STORY), tmp_path)
    assert reject.reason == "not_english"


@pytest.mark.parametrize("name, data", [
    ("tokyo.txt", "日本政府は水曜日、中国への輸出が来年10パーセント増加する見通しだと発表した。経済産業大臣は、これは日本経済と"
                  "北京との関係にとって重要な一歩だと述べた。野党はこの決定を批判し、議論が不十分だと主張している。".encode("shift_jis")),
    ("moscow.txt", ("Правительство в среду объявило, что экспорт в Китай в следующем году должен вырасти на десять "
                    "процентов. Министр заявил, что это важный шаг для экономики страны.").encode("cp1251")),
])
def test_other_scripts_in_legacy_encodings_are_not_english(tmp_path, name, data):
    assert only_reject(write(tmp_path, name, data), tmp_path).reason == "not_english"


def test_looks_english():
    assert looks_english(STORY)
    assert not looks_english(GERMAN_STORY)
    assert looks_english("Kurz und gut.")                 # too short to judge
    assert looks_english(" Silver up 15.0 cts per oz\n Copper up 0.15 cts per lb\n" * 10)   # a wire table


def test_article_id_is_a_content_hash(tmp_path):
    first = only_article(write(tmp_path, "a/one.txt", STORY), tmp_path)
    second = only_article(write(tmp_path, "b/two.txt", STORY), tmp_path)
    third = only_article(write(tmp_path, "c/three.txt", STORY + "More.\n"), tmp_path)
    assert first.article_id == second.article_id != third.article_id


# --------------------------------------------------------------------------- paths

def test_symlink_outside_inbox_is_not_read(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    link = inbox / "passwd.txt"
    link.symlink_to("/etc/passwd")
    assert link in list_inbox(inbox)
    reject = only_reject(link, inbox)
    assert reject.reason == "outside_inbox" and "/etc/passwd" in reject.detail and reject.byte_size == 0


def test_symlink_inside_inbox_is_read(tmp_path):
    target = write(tmp_path, "real/story.txt", STORY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    article = only_article(link, tmp_path)
    assert article.source_id == "link.txt" and article.source_path == str(link.absolute())


def test_broken_symlink_and_directory_never_raise(tmp_path):
    broken = tmp_path / "gone.txt"
    broken.symlink_to(tmp_path / "missing.txt")
    assert only_reject(broken, tmp_path).reason == "unreadable"
    (tmp_path / "folder").mkdir()
    assert only_reject(tmp_path / "folder", tmp_path).reason == "unreadable"


def test_list_inbox_recursive_sorted_hidden_folders_not_entered(tmp_path):
    for name in ("b.txt", "a/z.jsonl", "a/deep/c.html", ".hidden.txt", ".git/config", "a/.DS_Store"):
        write(tmp_path, name, STORY)
    (tmp_path / "outside_link").symlink_to("/etc")
    listed = [p.relative_to(tmp_path).as_posix() for p in list_inbox(tmp_path)]
    assert listed == [".git", ".hidden.txt", "a/.DS_Store", "a/deep/c.html", "a/z.jsonl", "b.txt", "outside_link"]
    assert [p.name for p in list_inbox(tmp_path, hidden=False)] == ["c.html", "z.jsonl", "b.txt", "outside_link"]
    assert only_reject(tmp_path / "outside_link", tmp_path).reason == "outside_inbox"


@pytest.mark.parametrize("name", [".hidden.txt", "a/.DS_Store", ".git"])
def test_hidden_files_and_folders_are_rejected_unread(tmp_path, name):
    write(tmp_path, ".hidden.txt", STORY)
    write(tmp_path, "a/.DS_Store", STORY)
    write(tmp_path, ".git/config", STORY)
    reject = only_reject(tmp_path / name, tmp_path)
    assert reject.reason == "ignored_hidden" and "not read" in reject.detail
    assert reject.byte_size == (0 if name == ".git" else len(STORY.encode()))


def test_an_article_over_the_length_limit_is_rejected_too_long_with_its_length(tmp_path):
    long_story = STORY * 50
    reject = only_reject(write(tmp_path, "long.txt", long_story), tmp_path, max_article_chars=len(long_story) - 1)
    assert reject.reason == "too_long" and f"{len(long_story):,} characters" in reject.detail
    assert only_article(tmp_path / "long.txt", tmp_path, max_article_chars=len(long_story)).raw_text == long_story


def test_a_reader_bug_is_a_read_error_reject_with_its_traceback(tmp_path, monkeypatch):
    import pipeline.core.reading as reading

    def broken(*args, **kwargs):
        raise KeyError("a bug in the reader")
    monkeypatch.setattr(reading, "_read_text", broken)
    reject = only_reject(write(tmp_path, "story.txt", STORY), tmp_path)
    assert reject.reason == "read_error" and "KeyError" in reject.detail and "Traceback" in reject.detail


# --------------------------------------------------------------------------- JSON Lines

def jsonl_line(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False) + "\n"


def test_jsonl_with_a_broken_third_line(tmp_path):
    lines = [
        jsonl_line(id="r-1", date="26-FEB-1987 15:01:01.79", title="BAHIA COCOA REVIEW", dateline="SALVADOR, Feb 26 -",
                   body=STORY, places=["brazil"], topics=["cocoa"], people=[], orgs=[]),
        jsonl_line(id=2, text=STORY, source="Reuters", meta={"url": "https://example.com/a"}),
        '{"id": "r-3", "body": "truncated...\n',
        "\n",
        jsonl_line(id="r-5", title="NO BODY", body="   "),
        jsonl_line(id="r-6", body=None, text=""),
        "[1, 2, 3]\n",
        jsonl_line(id="r-8", body=GERMAN_STORY),
        jsonl_line(id="r-9", date="2017-01-26", body="Café prices rose in Paris, the ministry said on Monday."),
    ]
    path = write(tmp_path, "batch.jsonl", "".join(lines))
    articles, rejects = read_file(path, tmp_path)

    assert [(a.source_id, a.line_number) for a in articles] == [("r-1", 1), ("2", 2), ("r-9", 9)]
    assert [(r.line_number, r.reason) for r in rejects] == [
        (3, "malformed_json"), (5, "no_text_field"), (6, "no_text_field"), (7, "malformed_json"), (8, "not_english")]
    assert "line 3" in rejects[0].detail and "r-5" in rejects[1].detail

    first, second, ninth = articles
    assert first.source_format == "jsonl" and first.title == "BAHIA COCOA REVIEW"
    assert first.date_hint == "1987-02-26" and first.dateline_hint == "SALVADOR, Feb 26 -"
    assert json.loads(first.extra_json) == {"places": ["brazil"], "topics": ["cocoa"], "people": [], "orgs": []}
    assert first.byte_size == len(lines[0].encode())
    assert second.raw_text == STORY and second.publisher_hint == "Reuters" and second.url == "https://example.com/a"
    assert ninth.raw_text.startswith("Café") and ninth.date_hint == "2017-01-26"
    assert len(articles) + len(rejects) == sum(1 for line in lines if line.strip())


def test_jsonl_with_bom_and_crlf(tmp_path):
    data = codecs.BOM_UTF8 + jsonl_line(id="x", body=STORY).replace("\n", "\r\n").encode()
    article = only_article(write(tmp_path, "windows.ndjson", data), tmp_path)
    assert article.source_id == "x" and article.raw_text == STORY


def test_jsonl_utf16(tmp_path):
    data = (jsonl_line(id="u1", body=STORY) + jsonl_line(id="u2", body=STORY + "Again.")).encode("utf-16")
    articles, rejects = read_file(write(tmp_path, "wide.jsonl", data), tmp_path)
    assert rejects == [] and [a.source_id for a in articles] == ["u1", "u2"]


@pytest.mark.parametrize("name, content", [("blank.jsonl", "\n  \n\n"), ("none.json", "[]")])
def test_json_without_records_is_empty_not_silent(tmp_path, name, content):
    assert only_reject(write(tmp_path, name, content), tmp_path).reason == "empty"


def test_jsonl_line_in_cp1252_and_undecodable_line(tmp_path):
    good = jsonl_line(id="w1", body="Café owners in Soho said the rise in tourism had helped.").encode("cp1252")
    bad = b'{"id": "w2", "body": "\x81\x8d\x8f\x90 broken"}\n'
    articles, rejects = read_file(write(tmp_path, "mixed.jsonl", good + bad), tmp_path)
    assert articles[0].raw_text.startswith("Café owners")
    assert [(r.line_number, r.reason) for r in rejects] == [(2, "undecodable")] and "line 2" in rejects[0].detail


def test_json_file_with_a_list(tmp_path):
    data = json.dumps([{"id": "j1", "body": STORY}, {"id": "j2", "title": "empty"}])
    articles, rejects = read_file(write(tmp_path, "two.json", data), tmp_path)
    assert [a.source_id for a in articles] == ["j1"] and [r.reason for r in rejects] == ["no_text_field"]


# --------------------------------------------------------------------------- HTML

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Kazakhstan targets $40 billion in trade with China | Steppe Wire</title>
  <meta property="og:site_name" content="Steppe Wire">
  <meta property="og:title" content="Kazakhstan targets $40 billion in trade with China">
  <meta property="article:published_time" content="2023-05-17T09:30:00+00:00">
  <meta name="author" content="Andrew Hayley">
  <link rel="canonical" href="https://news.example.com/world/kazakhstan-china-trade">
  <script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
  <style>.ad { display: block; } nav a { color: #333; }</style>
</head>
<body>
  <nav class="site-nav"><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
  <div class="ad ad-top">ADVERTISEMENT - Trade smarter with our premium terminal. Click here for a free trial.</div>
  <main>
    <article>
      <h1>Kazakhstan targets $40 billion in trade with China</h1>
      <p class="byline">By Andrew Hayley</p>
      <p>XIAN, China, May 17 (Reuters) - Kazakhstan will target $40 billion in annual two-way trade with China by
      2030, up from more than $31 billion in 2022, President Kassym-Jomart Tokayev told Xi Jinping on Wednesday.</p>
      <p>China will host an in-person summit of Central Asian leaders for the first time this week, building ties
      in Russia's backyard as Beijing's relationship with the West sours.</p>
      <div class="ad ad-inline"><script>renderAd('inline-1');</script>Sponsored: Best savings accounts</div>
      <p>Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan, formerly part of the Soviet Union, are
      all seeking other sources of investment as Moscow funnels resources into the war in Ukraine.</p>
      <p>Investments between China and the five nations hit an all-time high of over $70 billion in 2022.</p>
    </article>
  </main>
  <aside class="related"><h3>Most read</h3><ul><li><a href="/a">Oil prices slip</a></li></ul></aside>
  <footer><p>&copy; 2023 Steppe Wire. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


def test_html_page(tmp_path):
    article = only_article(write(tmp_path, "kazakhstan.html", NEWS_PAGE), tmp_path)
    assert article.source_format == "html" and article.source_id == "kazakhstan.html"
    assert article.title == "Kazakhstan targets $40 billion in trade with China"
    assert article.date_hint == "2023-05-17"
    assert article.publisher_hint == "Steppe Wire"
    assert article.url == "https://news.example.com/world/kazakhstan-china-trade"
    assert article.authors_hint == "Andrew Hayley"
    assert "Kazakhstan will target $40 billion in annual two-way trade" in article.raw_text
    assert "over $70 billion in 2022" in article.raw_text
    for furniture in ("ADVERTISEMENT", "Subscribe", "Most read", "gtag", "renderAd", "All rights reserved", "Privacy"):
        assert furniture not in article.raw_text


def test_html_without_text(tmp_path):
    page = "<html><head><title>Photo gallery</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    assert only_reject(write(tmp_path, "gallery.htm", page), tmp_path).reason == "no_text_field"


def test_saved_web_page_with_txt_name_goes_through_html_extraction(tmp_path):
    article = only_article(write(tmp_path, "saved.txt", NEWS_PAGE), tmp_path)
    assert article.source_format == "html" and "<p>" not in article.raw_text


# --------------------------------------------------------------------------- the real corpora

@needs_shared
def test_whole_reuters21578_jsonl():
    with open(REUTERS_JSONL, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    with_body = sum(1 for row in rows if (row["body"] or "").strip())
    assert with_body == 19_779

    started = time.perf_counter()
    articles, rejects = read_file(REUTERS_JSONL, REUTERS_JSONL.parent)
    elapsed = time.perf_counter() - started

    assert len(articles) == with_body
    assert len(rejects) == len(rows) - with_body
    assert {r.reason for r in rejects} == {"no_text_field"}
    assert elapsed < 20, f"reading took {elapsed:.1f} s"

    first = articles[0]
    assert (first.source_id, first.line_number, first.title) == ("reuters21578-1", 1, "BAHIA COCOA REVIEW")
    assert first.date_hint == "1987-02-26" and first.dateline_hint == "SALVADOR, Feb 26 -"
    extra = json.loads(first.extra_json)
    assert extra["places"] == ["el-salvador", "usa", "uruguay"] and extra["topics"] == ["cocoa"]
    assert {"people", "orgs", "lewissplit"} <= extra.keys()
    assert sum(1 for a in articles if a.title is None) == 736        # 'unprocessed' stories kept, title in body


@needs_shared
def test_modern_wire_jsonl():
    articles, rejects = read_file(MODERN_JSONL, SHARED / "corpus")
    assert rejects == [] and len(articles) == 230
    assert {a.publisher_hint for a in articles} == {"Reuters", "Associated Press", "Bloomberg"}
    assert all(a.url and a.url.startswith("http") for a in articles)
    assert all(len(a.date_hint) == 10 for a in articles)


@needs_shared
def test_seed_files():
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        article = only_article(path, SHARED / "corpus")
        assert article.source_id == path.name and article.raw_text == path.read_text(encoding="utf-8")


def test_a_jsonl_file_growing_while_it_is_read_never_raises_nor_counts_a_line_twice(tmp_path):
    import threading

    path = tmp_path / "live_export.jsonl"
    path.write_text(jsonl_line(id="first", body=STORY))
    stop = threading.Event()

    def append():                                  # a writer flushing half lines, as an exporter mid-write does
        with open(path, "a", encoding="utf-8") as handle:
            for i in range(2000):
                if stop.is_set():
                    return
                line = jsonl_line(id=f"r-{i}", body=STORY.replace("Japan", f"Japan {i}"))
                handle.write(line[:len(line) // 2])
                handle.flush()
                handle.write(line[len(line) // 2:])
                handle.flush()

    writer = threading.Thread(target=append)
    writer.start()
    try:
        for _ in range(5):
            articles, rejects = read_file(path, tmp_path)
            numbers = [a.line_number for a in articles] + [r.line_number for r in rejects]
            assert len(numbers) == len(set(numbers)) and articles[0].source_id == "first"
            assert {r.reason for r in rejects} <= {"malformed_json"}   # at most the line being written
    finally:
        stop.set()
        writer.join()
