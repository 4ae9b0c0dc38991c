"""Inbox files → raw article records or rejects. Nothing lost, nothing silent.

Every file (and every non-blank JSONL line) becomes exactly one RawArticle or one Reject with a
reason and a human-readable detail; `read_file` never raises for bad input.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from pipeline.core.cleaning import parse_date
from pipeline.core.failures import Failure

MAX_FILE_BYTES = 50 * 1024 * 1024     # documented limit; larger files are rejected 'too_large'
# documented default (NEWSFACTS_MAX_ARTICLE_CHARS): a longer article is rejected 'too_long'. spaCy reads any
# article in pieces, but one of 2M characters (a book) already takes the pipeline a minute or two
MAX_ARTICLE_CHARS = 2_000_000
ARTICLE_ID_HEX_CHARS = 20

REJECT_REASONS = ("empty", "binary", "undecodable", "too_large", "too_long", "malformed_json", "no_text_field",
                  "not_english", "outside_inbox", "unsupported_extension", "ignored_hidden",
                  "unreadable",       # unreadable: permission denied, broken symlink, directory, FIFO...
                  "read_error")       # the reader itself raised: a bug, recorded with its traceback

JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
JSON_EXTENSIONS = frozenset({".json"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ""})   # any other extension is tried as text too

_TEXT_FIELDS = ("body", "text")
_AUTHOR_FIELDS = ("authors", "author")
_KNOWN_JSON_FIELDS = frozenset({"id", "title", "date", "dateline", "source", "url", *_AUTHOR_FIELDS, *_TEXT_FIELDS})


@dataclass(frozen=True)
class RawArticle:
    article_id: str            # content hash of title + decoded text: stable across runs and paths
    source_path: str           # absolute path of the file (a symlink keeps its own name)
    source_id: str             # a JSON line's `id`, else the file name
    line_number: int | None    # 1-based line within a JSONL file, None for whole files
    source_format: str         # 'txt' | 'jsonl' | 'json' | 'html'
    title: str | None
    raw_text: str              # decoded body text, unchanged otherwise
    date_hint: str | None      # container date (JSON `date`, HTML metadata), ISO 'YYYY-MM-DD' when parsable
    dateline_hint: str | None  # JSON `dateline` field (Reuters-21578)
    publisher_hint: str | None # JSON `source`, HTML site name
    authors_hint: str | None   # JSON `authors`/`author` (or meta's), HTML author metadata: names as given
    url: str | None
    extra_json: str | None     # other fields as a JSON object string (Reuters-21578 places/topics/people/orgs)
    byte_size: int


@dataclass(frozen=True)
class Reject:
    source_path: str
    line_number: int | None
    reason: str                # one of REJECT_REASONS
    detail: str
    byte_size: int


class _Rejected(Exception):
    """Internal control flow: a whole file (or line) is rejected."""

    def __init__(self, reason: str, detail: str, byte_size: int = 0):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail, self.byte_size = reason, detail, byte_size


# --------------------------------------------------------------------------- listing

def list_inbox(inbox_root: Path, *, hidden: bool = True) -> list[Path]:
    """Every regular file or symlink under inbox_root, recursively, sorted. Linked directories are not entered;
    one pointing outside the inbox is listed so it gets rejected. Hidden files and folders (dot-names) are
    listed for the reader to reject as `ignored_hidden` (a hidden folder as one entry, never entered), unless
    `hidden` is False."""
    root = Path(inbox_root)
    real_root = root.resolve()
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):          # followlinks=False
        here = Path(dirpath)
        found += [here / d for d in dirnames if hidden and is_hidden(d)]
        dirnames[:] = [d for d in dirnames if not is_hidden(d)]
        for name in dirnames:
            linked = here / name
            if linked.is_symlink() and not _resolves_inside(linked, real_root):
                found.append(linked)
        for name in filenames:
            path = here / name
            if (hidden or not is_hidden(name)) and (path.is_symlink() or path.is_file()):
                found.append(path)
    return sorted(found)


def is_hidden(name: str) -> bool:
    return name.startswith(".")


def _resolves_inside(path: Path, real_root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(real_root)
    except (OSError, RuntimeError):                   # symlink loop: list it, read_file will reject it
        return False


# --------------------------------------------------------------------------- language

_EN_STOPWORDS = frozenset("the and of to in a is for on that said".split())
_OTHER_STOPWORDS = frozenset(      # only words that are not also English or wire abbreviations ('per', 'die')
    "der die das und ist nicht mit den von zu sich des auf für dem ein eine "      # German
    "le la les et est une pas dans pour que qui sur "                              # French
    "el los las y del por una para como "                                          # Spanish
    "il di che non gli della sono "                                                # Italian
    "het een van en dat niet ook zijn "                                            # Dutch
    "não uma com".split())                                                         # Portuguese
_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS_TO_JUDGE = 30
_MIN_LETTERS_TO_JUDGE_SCRIPT = 40
_LANGUAGE_SAMPLE_CHARS = 4000


def looks_english(text: str) -> bool:
    """Cheap test over the start of the text. False only when it is clearly another language: mostly
    non-Latin letters, or (with >= 30 words) few English and many foreign stopwords. Short texts,
    tables and word lists pass."""
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    if len(sample) - len(sample.encode("ascii", "ignore")) >= _MIN_LETTERS_TO_JUDGE_SCRIPT / 2:
        letters = [c for c in sample if c.isalpha()]      # only loops over texts with many non-ASCII chars
        non_latin = sum(not (c.isascii() or "LATIN" in unicodedata.name(c, "")) for c in letters)
        if len(letters) >= _MIN_LETTERS_TO_JUDGE_SCRIPT and non_latin > 0.5 * len(letters):
            return False                                  # Cyrillic, CJK, Arabic... (no spaces needed)
    words = [w.lower() for w in _WORD.findall(sample)[:200]]
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return True
    if sum(w in _EN_STOPWORDS for w in words) / len(words) >= 0.08:
        return True
    return sum(w in _OTHER_STOPWORDS for w in words) / len(words) < 0.15


# --------------------------------------------------------------------------- bytes → text

_MAGIC_NUMBERS = (
    (b"\x89PNG", "PNG image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "ZIP archive (or docx/xlsx)"),
    (b"PK\x05\x06", "empty ZIP archive"), (b"\x1f\x8b", "GZIP archive"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"), (b"\x7fELF", "ELF executable"), (b"\xd0\xcf\x11\xe0", "OLE2 (old Office) file"),
    (b"SQLite format 3\x00", "SQLite database"), (b"\xfd7zXZ\x00", "XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"), (b"\x28\xb5\x2f\xfd", "Zstandard archive"),
    (b"RIFF", "RIFF media file"), (b"OggS", "Ogg media file"), (b"ID3", "MP3 audio"),
)
# UTF-32 LE before UTF-16 LE: its BOM starts with the UTF-16 one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def _magic(head: bytes) -> str | None:
    return next((name for magic, name in _MAGIC_NUMBERS if head.startswith(magic)), None)


def _bom_encoding(head: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if head.startswith(bom)), None)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of the start is NUL (ASCII text in UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.9 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.9 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _decode_bytes(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding). BOMs and strict UTF-8 first (fast), then charset-normalizer.
    Raises _Rejected('binary' | 'undecodable')."""
    if kind := _magic(data[:16]):
        raise _Rejected("binary", f"{kind} (file signature {data[:8]!r})", len(data))
    encoding = _bom_encoding(data[:4])
    if encoding is None and b"\x00" in data:
        encoding = _bomless_utf16(data)
        if encoding is None:
            offset = data.index(b"\x00")
            raise _Rejected("binary", f"NUL byte at offset {offset} in a file that is not UTF-16", len(data))
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding:
            raise _Rejected("undecodable", f"invalid {encoding} at byte {exc.start}: {exc.reason}", len(data))
        text, encoding = _guess_decode(data)
    else:
        encoding = encoding or "utf-8"
    controls = len(_CONTROL_CHARS.findall(text[:100_000]))
    if controls > _MAX_CONTROL_SHARE * min(len(text), 100_000):
        raise _Rejected("binary", f"{controls} control characters after decoding as {encoding}", len(data))
    return text, encoding


_MAX_NON_ASCII_SHARE = 0.1


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_for_invalid_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: the bytes that are not UTF-8 read as cp1252 (its five unassigned bytes as Latin-1)."""
    bad = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end


codecs.register_error("newsfacts_cp1252", _cp1252_for_invalid_utf8)


def _mixed_utf8_cp1252(data: bytes) -> str | None:
    """A file pasted together from UTF-8 and Windows text: mostly valid UTF-8 sequences, a few cp1252 bytes."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    if not valid:
        return None
    invalid = data.decode("utf-8", errors="replace").count("\ufffd")
    return data.decode("utf-8", errors="newsfacts_cp1252") if valid >= invalid else None


def _guess_decode(data: bytes) -> tuple[str, str]:
    if (text := _mixed_utf8_cp1252(data)) is not None:
        return text, "utf-8 with cp1252 bytes"
    # English news that is not UTF-8 is nearly always cp1252/Latin-1: mostly ASCII with a few accents and
    # curly quotes. charset-normalizer alone picks cp1250 for such short texts ('Peńa'), so a mostly-ASCII
    # cp1252 reading wins; anything else (CJK, Cyrillic codepages...) is left to charset-normalizer.
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if len(text) - len(text.encode("ascii", "ignore")) <= _MAX_NON_ASCII_SHARE * len(text):
            return text, "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _Rejected("undecodable", "not UTF-8 and charset-normalizer found no fitting encoding", len(data))
    return str(best), best.encoding


# --------------------------------------------------------------------------- records

def _article_id(title: str | None, text: str) -> str:
    digest = hashlib.sha256(f"{title or ''}\x1f{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:ARTICLE_ID_HEX_CHARS]


def _as_text(value: object) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _authors_hint(*records: object) -> str | None:
    """The first author field of the records, as one '; '-joined string (a list or a string as given)."""
    for record in records:
        if not isinstance(record, dict):
            continue
        for field in _AUTHOR_FIELDS:
            value = record.get(field)
            names = [_as_text(v) for v in value] if isinstance(value, list) else [_as_text(value)]
            if names := [n for n in names if n]:
                return "; ".join(names)
    return None


def _date_hint(value: object) -> str | None:
    text = _as_text(value)
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else text


def _make_article(*, source_path: str, source_id: str, line_number: int | None, source_format: str,
                  title: str | None, text: str, byte_size: int, date_hint: str | None = None,
                  dateline_hint: str | None = None, publisher_hint: str | None = None, authors_hint: str | None = None,
                  url: str | None = None, extra: dict | None = None) -> RawArticle | Reject:
    where = f"line {line_number}: " if line_number else ""
    if not text.strip():
        return Reject(source_path, line_number, "empty", f"{where}only whitespace", byte_size)
    if not looks_english(text):
        return Reject(source_path, line_number, "not_english",
                      f"{where}language test says not English: {text[:80]!r}", byte_size)
    return RawArticle(
        article_id=_article_id(title, text), source_path=source_path, source_id=source_id,
        line_number=line_number, source_format=source_format, title=title, raw_text=text,
        date_hint=date_hint, dateline_hint=dateline_hint, publisher_hint=publisher_hint, authors_hint=authors_hint, url=url,
        extra_json=json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None,
        byte_size=byte_size)


def _article_from_record(record: object, *, source_path: str, fallback_id: str, line_number: int | None,
                         source_format: str, byte_size: int) -> RawArticle | Reject:
    where = f"line {line_number}" if line_number else "record"
    if not isinstance(record, dict):
        return Reject(source_path, line_number, "malformed_json",
                      f"{where}: expected a JSON object, got {type(record).__name__}", byte_size)
    source_id = _as_text(record.get("id")) or fallback_id
    text_field = next((f for f in _TEXT_FIELDS if isinstance(record.get(f), str) and record[f].strip()), None)
    if text_field is None:
        return Reject(source_path, line_number, "no_text_field",
                      f"{where} (id {source_id}): no non-blank 'body' or 'text' field", byte_size)
    meta = record.get("meta")
    url = _as_text(record.get("url")) or (_as_text(meta.get("url")) if isinstance(meta, dict) else None)
    extra = {k: v for k, v in record.items()
             if k not in _KNOWN_JSON_FIELDS or (k in _TEXT_FIELDS and k != text_field and _as_text(v))}
    return _make_article(
        source_path=source_path, source_id=source_id, line_number=line_number, source_format=source_format,
        title=_as_text(record.get("title")), text=record[text_field], byte_size=byte_size,
        date_hint=_date_hint(record.get("date")), dateline_hint=_as_text(record.get("dateline")),
        publisher_hint=_as_text(record.get("source")), authors_hint=_authors_hint(record, meta), url=url, extra=extra)


# --------------------------------------------------------------------------- formats

def _read_jsonl(path: Path, name: str, source_path: str,
                keep_line: Callable[[int], bool] | None = None) -> Iterator[RawArticle | Reject]:
    """Streams line by line; each non-blank line is one article or one reject. `keep_line` picks the
    lines this reader is responsible for (a shard's share); the others are skipped unparsed."""
    with open(path, "rb") as handle:
        head = handle.read(16)
        if kind := _magic(head):
            raise _Rejected("binary", f"{kind} with a JSON Lines extension", path.stat().st_size)
        handle.seek(0)
        encoding = _bom_encoding(head)
        if encoding in ("utf-16", "utf-32"):
            sized_as = encoding + "-le"                   # same size as the file's own byte order, no BOM
            lines = ((line, len(line.encode(sized_as))) for line in io.TextIOWrapper(handle, encoding=encoding))
        else:
            lines = ((raw, len(raw)) for raw in handle)
        non_blank = 0
        for line_number, (line, byte_size) in enumerate(lines, start=1):
            if keep_line is not None and not keep_line(line_number):
                non_blank += bool(line.strip())
                continue
            if byte_size > MAX_FILE_BYTES:
                yield Reject(source_path, line_number, "too_large",
                             f"line {line_number}: {byte_size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit", byte_size)
                continue
            try:
                text = _decode_json_line(line).lstrip("\ufeff") if isinstance(line, bytes) else line
            except _Rejected as rejected:
                yield Reject(source_path, line_number, rejected.reason, f"line {line_number}: {rejected.detail}",
                             byte_size)
                continue
            if not text.strip():
                continue                                  # blank lines are not articles
            non_blank += 1
            try:
                record = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Reject(source_path, line_number, "malformed_json",
                             f"line {line_number}: {exc.msg} at column {exc.colno}: {text.strip()[:60]!r}", byte_size)
                continue
            yield _article_from_record(record, source_path=source_path, fallback_id=f"{name}:{line_number}",
                                       line_number=line_number, source_format="jsonl", byte_size=byte_size)
        if non_blank == 0:
            raise _Rejected("empty", "JSON Lines file without a non-blank line", path.stat().st_size)


def _decode_json_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return raw.decode("cp1252")                   # a Windows-written line; JSON should be UTF-8
        except UnicodeDecodeError:
            raise _Rejected("undecodable", f"invalid UTF-8 at byte {utf8_error.start} and not cp1252") from None


def _read_json(data: bytes, path: Path, source_path: str) -> Iterator[RawArticle | Reject]:
    """A .json file holding one article object or a list of them."""
    text, _ = _decode_bytes(data)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _Rejected("malformed_json", f"{exc.msg} at line {exc.lineno} column {exc.colno}", len(data))
    records = document if isinstance(document, list) else [document]
    if not records:
        raise _Rejected("empty", "JSON file holds an empty list", len(data))
    for index, record in enumerate(records):
        single = len(records) == 1
        yield _article_from_record(
            record, source_path=source_path, fallback_id=path.name if single else f"{path.name}#{index}",
            line_number=None, source_format="json",
            byte_size=len(data) if single else len(json.dumps(record, ensure_ascii=False).encode()))


_MIN_HTML_WORDS = 5          # a page whose 'main text' is a menu word or two has no article


def _read_html(data: bytes, path: Path, source_path: str) -> Iterator[RawArticle | Reject]:
    import trafilatura                                    # heavy import, only when HTML shows up

    if kind := _magic(data[:16]):
        raise _Rejected("binary", f"{kind} with an HTML extension", len(data))
    try:
        fields = _html_fields(trafilatura.bare_extraction(data, **_HTML_OPTIONS))
    except Exception as exc:                              # trafilatura/lxml failures on broken markup
        raise _Rejected("undecodable", f"HTML extraction failed: {type(exc).__name__}: {exc}", len(data))
    if not _as_text(fields.get("text")):
        fields = _deeply_nested_fields(data) or fields
    text = _as_text(fields.get("text"))
    if not text or len(text.split()) < _MIN_HTML_WORDS:
        raise _Rejected("no_text_field", f"HTML page has no main text (extracted only {text!r})", len(data))
    extra = {k: fields[k] for k in ("description", "hostname", "categories", "tags") if fields.get(k)}
    yield _make_article(
        source_path=source_path, source_id=path.name, line_number=None, source_format="html",
        title=_as_text(fields.get("title")), text=fields["text"], byte_size=len(data),
        date_hint=_date_hint(fields.get("date")), publisher_hint=_as_text(fields.get("sitename")),
        authors_hint=_as_text(fields.get("author")),
        url=_as_text(fields.get("url")), extra=extra)


_HTML_OPTIONS = {"with_metadata": True, "include_comments": False, "include_tables": True,
                 "date_extraction_params": {"extensive_search": False, "original_date": True}}


def _html_fields(document) -> dict:
    return document.as_dict() if hasattr(document, "as_dict") else (document or {})


def _deeply_nested_fields(data: bytes) -> dict | None:
    """libxml2 stops reading a page at 256 nested elements: such a page is parsed again without that limit
    (trafilatura still gives up a few thousand levels down, and the page is then rejected)."""
    import lxml.html
    import trafilatura

    try:
        tree = lxml.html.fromstring(data, parser=lxml.html.HTMLParser(huge_tree=True))
        return _html_fields(trafilatura.bare_extraction(tree, **_HTML_OPTIONS))
    except Exception:                                     # noqa: BLE001 — the first reading's verdict stands
        return None


_LOOKS_LIKE_HTML = re.compile(rb"^\s*(?:<!doctype html|<html)", re.I)


def _read_text(data: bytes, path: Path, source_path: str) -> Iterator[RawArticle | Reject]:
    suffix = path.suffix.lower()
    if _LOOKS_LIKE_HTML.match(data[:512]):
        yield from _read_html(data, path, source_path)    # a saved web page with a .txt name
        return
    try:
        text, _ = _decode_bytes(data)
    except _Rejected as rejected:
        if rejected.reason == "binary" and suffix not in TEXT_EXTENSIONS:
            raise _Rejected("unsupported_extension",
                            f"extension {suffix!r} is not a text format and the content is binary: {rejected.detail}",
                            len(data))
        raise
    if not text.strip():
        raise _Rejected("empty", f"{len(data)} bytes of whitespace", len(data))
    yield _make_article(source_path=source_path, source_id=path.name, line_number=None, source_format="txt",
                        title=None, text=text, byte_size=len(data))


# --------------------------------------------------------------------------- entry point

def read_file(path: Path, inbox_root: Path, keep_line: Callable[[int], bool] | None = None,
              source_path: str | None = None,
              max_article_chars: int = MAX_ARTICLE_CHARS) -> tuple[list[RawArticle], list[Reject]]:
    """One inbox file → articles and rejects. Never raises for bad input: any failure becomes a Reject
    with a clear detail (articles read before a mid-file failure are kept). `keep_line` restricts a
    JSON Lines file to the lines it accepts; `source_path` names a local copy's original (an object's URL);
    an article longer than `max_article_chars` is a 'too_long' reject."""
    path = Path(path)
    source_path = source_path or os.path.abspath(path)
    articles: list[RawArticle] = []
    rejects: list[Reject] = []
    try:
        for item in _read_items(path, Path(inbox_root), source_path, keep_line):
            if isinstance(item, RawArticle) and len(item.raw_text) > max_article_chars:
                item = _too_long(item, max_article_chars)
            (articles if isinstance(item, RawArticle) else rejects).append(item)
    except _Rejected as rejected:
        rejects.append(Reject(source_path, None, rejected.reason, rejected.detail, rejected.byte_size))
    except OSError as exc:
        rejects.append(Reject(source_path, None, "unreadable", f"{type(exc).__name__}: {exc.strerror or exc}", 0))
    except Exception as exc:                              # noqa: BLE001 — a bug must not lose the file, nor stop the run
        rejects.append(Reject(source_path, None, "read_error", Failure.caught(exc).describe(), 0))
    return articles, rejects


def _too_long(article: RawArticle, limit: int) -> Reject:
    where = f"line {article.line_number}: " if article.line_number else ""
    return Reject(article.source_path, article.line_number, "too_long",
                  f"{where}{len(article.raw_text):,} characters is over the {limit:,}-character limit "
                  f"(NEWSFACTS_MAX_ARTICLE_CHARS)", article.byte_size)


def _read_items(path: Path, inbox_root: Path, source_path: str,
                keep_line: Callable[[int], bool] | None) -> Iterator[RawArticle | Reject]:
    if is_hidden(path.name):
        folder = path.is_dir() and not path.is_symlink()
        raise _Rejected("ignored_hidden", f"hidden {'folder' if folder else 'file'} (its name starts with a dot): "
                                          f"{'its files are' if folder else 'it is'} not read",
                        0 if folder else os.lstat(path).st_size)
    resolved, real_root = path.resolve(), inbox_root.resolve()
    if not resolved.is_relative_to(real_root):
        raise _Rejected("outside_inbox", f"resolves to {resolved}, outside the inbox {real_root}; not read")
    try:
        status = resolved.stat()
    except FileNotFoundError:
        raise _Rejected("unreadable", f"{'broken symlink to' if path.is_symlink() else 'no such file'} {resolved}")
    if stat.S_ISDIR(status.st_mode):
        raise _Rejected("unreadable", "is a directory (linked directories are not followed)")
    if not stat.S_ISREG(status.st_mode):
        raise _Rejected("unreadable", "not a regular file (FIFO, socket or device)")
    size = status.st_size
    suffix = path.suffix.lower()
    if size > MAX_FILE_BYTES and suffix not in JSONL_EXTENSIONS:  # an export is limited per line, not as a whole
        raise _Rejected("too_large", f"{size:,} bytes is over the {MAX_FILE_BYTES:,}-byte limit", size)
    if size == 0:
        raise _Rejected("empty", "0 bytes")

    if suffix in JSONL_EXTENSIONS:
        yield from _read_jsonl(resolved, path.name, source_path, keep_line)
        return
    data = resolved.read_bytes()
    if suffix in JSON_EXTENSIONS:
        yield from _read_json(data, path, source_path)
    elif suffix in HTML_EXTENSIONS:
        yield from _read_html(data, path, source_path)
    else:
        yield from _read_text(data, path, source_path)
