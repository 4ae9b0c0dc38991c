"""Wire-text cleaning: one raw article body in, one clean body plus its metadata out.

The clean `text` is the string every later fact offset refers to, so every change of characters
happens here, once. What is removed is boilerplate (headers, bylines, credits, editor's notes,
footers, photo captions, web leftovers); the dateline is cut off the body and returned as metadata.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CleanArticle:
    text: str                          # the clean body: offsets of all later facts refer to THIS string
    published_date: dt.date | None
    publisher: str | None
    dateline: str | None               # 'Xian, China'
    authors: list[str] = field(default_factory=list)
    title: str | None = None


# --------------------------------------------------------------------------- dates

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTH_NUMBER = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?\s*$")
_SLASH_DATE = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\b")
_WIRE_DATE = re.compile(rf"^\s*(\d{{1,2}})-({_MONTH})-(\d{{4}})\b", re.I)        # 26-FEB-1987 15:01:01.79
_MONTH_FIRST_DATE = re.compile(rf"^\s*(?:[a-z]+,?\s+)?({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_DAY_FIRST_DATE = re.compile(rf"^\s*(?:[a-z]+,?\s+)?(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})\b", re.I)                # 'May 17' (no year)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _make_date(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    if isinstance(month, str) and not month.isdigit():
        month = _MONTH_NUMBER[month[:3].lower()]
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(text: str | None) -> dt.date | None:
    """A container's date string → date. ISO, '26-FEB-1987 15:01:01.79', 'May 17, 2023',
    '17 May 2023', RFC 2822. None when it is not a full date."""
    if not text or not text.strip():
        return None
    if m := _ISO_DATE.match(text) or _SLASH_DATE.match(text):
        return _make_date(*m.groups())
    if m := _WIRE_DATE.match(text) or _DAY_FIRST_DATE.match(text):
        day, month, year = m.groups()
        return _make_date(year, month, day)
    if m := _MONTH_FIRST_DATE.match(text):
        month, day, year = m.groups()
        return _make_date(year, month, day)
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------- text normalisation

_LITERAL_CARET_M = re.compile(r"\^M")          # Reuters-21578 keeps carriage returns as the text '^M'
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# The 1987 signature, singular ('told Reuters.' never matches), at the very end; sometimes twice.
_REUTER_SIGNATURE = re.compile(r"(?:\s+\b(?:Reuter|REUTER|reuter)\b[\s.]*)+$")
_MORE_MARKER = re.compile(r"\n[ \t]*(?:More|MORE)\s*$")                        # 1987 'story continues' slug


def _normalise(raw_text: str) -> str:
    text = raw_text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LITERAL_CARET_M.sub("", text)
    text = _INVISIBLE.sub("", text)
    return text.replace("\u00a0", " ").replace("\t", "    ")


# --------------------------------------------------------------------------- header lines

_DATE_HEADER = re.compile(r"^\s*date:?\s+(\d{4}-\d{2}-\d{2})\s*$", re.I)
_BYLINE = re.compile(r"^\s*By\s+(?P<names>[A-Z][^\n]{1,120}?)"
                     r"\s*(?:[,|]\s*(?:Reuters|Bloomberg|AP|Associated Press))?\s*$")
_NAME_SEPARATOR = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|de|da|del|van|von|der|den|bin|al|le|la|du|di|dos)$")
_NOT_A_PERSON = frozenset({"Reuters", "Bloomberg", "Staff", "Newsroom", "Desk", "Bureau", "Team", "Press", "News"})


def _looks_like_name(candidate: str) -> bool:
    words = candidate.split()
    return (2 <= len(words) <= 5 and all(_NAME_WORD.match(w) for w in words)
            and words[0][0].isupper() and not _NOT_A_PERSON.intersection(words))


def _byline_names(line: str) -> list[str] | None:
    """Names of a 'By A B and C D' line, or None when the line is prose ('By contrast, ...')."""
    m = _BYLINE.match(line)
    if not m:
        return None
    names = [n.strip(" .") for n in _NAME_SEPARATOR.split(m.group("names")) if n.strip(" .")]
    return names if names and all(_looks_like_name(n) for n in names) else None


def container_author_names(hint: str | None) -> list[str]:
    """People of a container's author field ('A B; C D, and E F, CNN'); the outlet's name is not a person."""
    return [n.strip(" .") for n in _NAME_SEPARATOR.split(hint or "") if _looks_like_name(n.strip(" ."))]


_HEADLINE_DATE_SUFFIX = re.compile(rf"\s*-\s*(?i:{_MONTH})\.?\s+\d{{1,2}}\s*$")   # 'N.Y. GRAIN FREIGHTS - April 1'


def _is_caps_headline(line: str) -> bool:
    letters = [c for c in _HEADLINE_DATE_SUFFIX.sub("", line) if c.isalpha()]
    return len(letters) >= 4 and len(line) <= 150 and all(c.isupper() for c in letters)


def _is_headline_like(paragraph: str) -> bool:
    return len(paragraph) <= 150 and "\n" not in paragraph and not paragraph.rstrip().endswith((".", "”", '"', ":"))


def _same_words(a: str, b: str) -> bool:
    words = lambda s: re.findall(r"\w+", s.casefold())  # noqa: E731
    return bool(words(a)) and words(a) == words(b)


# --------------------------------------------------------------------------- paragraphs

_COLUMN_GAP = re.compile(r"\S {3,}(?=\S)")
_TABLE_FURNITURE = re.compile(r"\.{4,}|^\s*[-=_]{3,}\s*$")            # dot leaders, rules


def _is_tabular(line: str) -> bool:
    """A table row: dot leaders, two column gaps, or one gap in a short line ('was   78.7 pct' is prose)."""
    gaps = len(_COLUMN_GAP.findall(line))
    return bool(_TABLE_FURNITURE.search(line)) or gaps >= 2 or (gaps == 1 and len(line.split()) <= 6)


_WRAP_WIDTH = 100   # Reuters-21578 wraps at ~70 columns; longer lines are real paragraphs
_HYPHEN_AT_END = re.compile(r"\w-$")


def _paragraphs(text: str) -> list[str]:
    """Blank-line blocks → paragraphs. Hard-wrapped blocks are re-joined (an indented line starts
    a new paragraph); table rows keep their own lines inside one paragraph."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        prose_lengths = [len(line) for line in lines if not _is_tabular(line)]
        if prose_lengths and max(prose_lengths) > _WRAP_WIDTH:
            paragraphs.extend(line.strip() for line in lines)   # one paragraph per line
            continue
        units: list[tuple[str, list[str]]] = []                  # ('prose'|'table', lines)
        for line in lines:
            kind = "table" if _is_tabular(line) else "prose"
            continues = (units and units[-1][0] == kind and (kind == "table" or not line[0].isspace()))
            if continues:
                units[-1][1].append(line.strip())
            else:
                units.append((kind, [line.strip()]))
        for kind, unit_lines in units:
            paragraphs.append("\n".join(unit_lines) if kind == "table" else _join_wrapped(unit_lines))
    return [p for p in paragraphs if p]


def _join_wrapped(lines: list[str]) -> str:
    joined = lines[0]
    for line in lines[1:]:
        joined += line if _HYPHEN_AT_END.search(joined) else " " + line
    return joined


# --------------------------------------------------------------------------- boilerplate

_TRUST_FOOTER = re.compile(r"\s*Our [Ss]tandards:\s*The Thomson Reuters Trust Principles\.?")
_SHARE_WIDGET = re.compile(r"\s*(?:Read more opinion\s+)?(?:LISTEN TO ARTICLE\s+\d{1,2}:\d{2}\s*)?"
                           r"SHARE THIS ARTICLE\s+Share\s+Tweet\s+Post\s+Email\s*")
# Reuters graphics links and tweet media links inside a paragraph
_INLINE_LINK = re.compile(r"\s*\(tmsnrt\.rs/\w+\)|\s*(?:https?://t\.co/|pic\.twitter\.com/)\w+")

_CREDIT_ROLE = (r"(?:(?:Additional|Further|Contributing)\s+)?(?:reporting|writing|editing|research|graphics?)"
                r"|Compiled|Edited|Written|Produced|Prepared|With (?:additional )?assistance")
# A credit block starts a paragraph or follows a sentence end, and runs to the paragraph end.
_CREDIT_TAIL = re.compile(rf"(?:^|(?<=[.!?\"”’)])\s+)[(—–\-\s]*(?=(?i:{_CREDIT_ROLE})\s+by\s+[A-Z])")
_CREDIT_ROLE_BY = re.compile(rf"(?:{_CREDIT_ROLE})\s+by\s+", re.I)
_NAME_QUALIFIER = re.compile(r"\s+(?:in|at|from)\s+.*$")          # 'Joe Cash in Beijing' → 'Joe Cash'
_MAX_CREDIT_CHARS = 400

_EDITOR_NOTE = re.compile(
    r"^\((?:This|Corrects?|Correction|Updates?|Adds|Refiles?|Recasts?|Fixes|Changes|Removes|Repeats?|"
    r"Clarifies|Rewrites|Writes through|Deletes|Inserts|Amends|Story|Version|Editor'?s? note)\b.*\)$", re.S)
_FX_NOTE = re.compile(r"^\(\s*[$€£¥]\s*1\s*=.*\)$")                       # '($1 = 113.4800 yen)'

# Short paragraphs that are page furniture, not reporting (seen in modern_wire). One alternation: fast.
_WEB_LEFTOVER = re.compile("|".join(f"(?:{p})" for p in (
    r"^[_\-=*~•·]{3,}$",                                                   # '___' separators
    r"^Slideshow \(\d+ Images?\)$",
    r"^Related Coverage\b",
    r"^(?:ADVERTISEMENT|Advertisement|Story continues|Continue reading)$",
    r"(?i:\bclick here\b|\bclick\s+(?:tmsnrt\.rs|https?://))",
    r"^Sign up\b|\bSign up (?:here|now)\b|\bSubscribe (?:via|to|on|here)\b",
    r"^(?:Read more|READ MORE|Read More|More from Bloomberg|See also|SEE ALSO)\b|^Earlier:",
    r"(?i:^for more (?:on|about)\b)",
    r"\bQuickTake\b",                                                      # Bloomberg explainer links
    r"\((?:Video|Podcast|Graphic)\)$",
    r"tmsnrt\.rs/",                                                        # Reuters graphics links
    r"^(?:Follow|Find|Contact|More|See|Visit|Watch)\b.*(?:https?://|www\.|twitter|@\w)",
    r"(?i:^this (?:story|version|article)(?: has been| was)? (?:corrected|corrects|updated|clarified|amended|refiled))",
    r"\b(?:AP|Associated Press)(?: \w+)? (?i:writers?|reporters?|journalists?|researchers?)\b.*\bcontributed\b",
    r"^[A-Z][\w'’.\-]+(?:(?:,|,? and) [A-Z][\w'’.\-]+)* reported from\b",   # 'Gannon reported from Islamabad.'
    # 'Veselin Toshkov in Sofia, Bulgaria, and Raf Casert in Brussels contributed to this story.'
    r"^[A-Z][\w'’.\-]+ [A-Z][\w'’.\-]+(?: [A-Z][\w'’.\-]+)?(?: in|,| and)[^“\"$]*\bcontributed"
    r"(?: to this (?:report|story)| from [^.]+)?\.$",
    r"^Photo(?:grapher|graph)?s?:",
)))
_MAX_LEFTOVER_CHARS = 300
# 'Read More on Bloomberg' / 'Earlier:' head a list of linked headlines, one per paragraph.
_LINK_LIST_HEADER = re.compile(r"^(?:Read More on Bloomberg|More from Bloomberg|Earlier|Related|Related stories"
                               r"|Recommended|Read more|Read More)\s*:?$")

# Photo captions: a paragraph that ends with the picture credit.
_CAPTION = re.compile("|".join(f"(?:{p})" for p in (
    r"\([^()]*(?:\bAP Photo\b|\bvia AP\b)[^()]*\)\s*$",                   # (AP Photo/Name, File)
    r"\bREUTERS/[^\n]{0,80}$",                                           # REUTERS/Name/File Photo
    r"\bATTENTION EDITORS\b",
    r"\bPhotographer: [^\n]{2,80}$",                                     # Bloomberg
    r"\bSource: [^.]{2,80}$",                                             # Bloomberg chart/picture source
)))
_MAX_CAPTION_CHARS = 800


def _split_credit_tail(paragraph: str) -> tuple[str, list[str]]:
    """'... last sentence. Reporting by A; Writing by B Editing by C' → ('... last sentence.', [A, B, C])."""
    m = next((m for m in _CREDIT_TAIL.finditer(paragraph) if len(paragraph) - m.start() <= _MAX_CREDIT_CHARS), None)
    if not m:
        return paragraph, []
    tail = paragraph[m.start():]
    names: list[str] = []
    for segment in _CREDIT_ROLE_BY.split(tail)[1:]:
        for piece in _NAME_SEPARATOR.split(segment.strip(" \t()[].;,")):
            name = _NAME_QUALIFIER.sub("", piece).strip(" ().;,")
            if _looks_like_name(name):
                names.append(name)
    return paragraph[:m.start()].rstrip(), names


def _is_boilerplate(paragraph: str) -> bool:
    if len(paragraph) <= _MAX_CREDIT_CHARS and (_EDITOR_NOTE.match(paragraph) or _FX_NOTE.match(paragraph)):
        return True
    if len(paragraph) <= _MAX_LEFTOVER_CHARS and _WEB_LEFTOVER.search(paragraph):
        return True
    return len(paragraph) <= _MAX_CAPTION_CHARS and bool(_CAPTION.search(paragraph))


# --------------------------------------------------------------------------- dateline

_AGENCIES = {"reuters": "Reuters", "reuter": "Reuters", "ap": "Associated Press", "afp": "AFP",
             "bloomberg": "Bloomberg", "upi": "UPI", "dpa": "dpa", "xinhua": "Xinhua", "kyodo": "Kyodo"}
_AGENCY = r"Reuters|Reuter|AP|AFP|Bloomberg|UPI|dpa|Xinhua|Kyodo"
# 'XIAN, China, May 17 (Reuters) – ' / 'SALVADOR, Feb 26 - ' / 'PALM BEACH, Fla. (AP) — ' / 'CHICAGO, April 7  The'
_BODY_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-/& ]*[A-Z.](?:,\s*[A-Z][A-Za-z.'’\- ]*?)*?)"
    rf"(?:,\s*(?P<date>(?i:{_MONTH})\.?\s+\d{{1,2}}))?"
    rf"\s*(?:\((?P<agency>{_AGENCY})\))?"
    r"(?P<sep>\s*[-–—]+\s*|\s{2,})")
_AGENCY_ONLY_DATELINE = re.compile(rf"^\((?P<agency>{_AGENCY})\)\s*[-–—]+\s*")     # '(Reuters) - In a broad...'
_BODY_DATELINE_TITLE_CASE = re.compile(                 # 'Beijing (AP) — ': title case only with an agency
    rf"^(?P<place>[A-Z][A-Za-z.'’\-/ ]{{1,40}}?(?:,\s*[A-Z][A-Za-z.'’\- ]*?)*?)"
    rf"(?:,\s*(?P<date>(?i:{_MONTH})\.?\s+\d{{1,2}}))?"
    rf"\s*\((?P<agency>{_AGENCY})\)(?P<sep>\s*[-–—]+\s*)")
# 'March 2', typos included ('Narch 2', 'March 119'), '2 March', 'March 4,' at the end of a dateline
_DATE_IN_DATELINE = re.compile(r"(?:^|,|\s)\s*(?:[A-Za-z]{3,9}\.?\s*\d{1,3}|\d{1,2}\s+[A-Za-z]{3,9}\.?),?\s*$")
_LOWERCASE_PLACE_WORDS = frozenset({"de", "da", "do", "dos", "das", "del", "di", "du", "la", "es", "of", "the"})


def _title_case_place(part: str) -> str:
    """'XIAN' → 'Xian', 'RIO DE JANEIRO' → 'Rio de Janeiro'; mixed case ('China', 'Fla.') is kept."""
    if not (part.isupper() or part.islower()):
        return part
    words = part.title().split(" ")
    return " ".join(w.lower() if i and w.lower() in _LOWERCASE_PLACE_WORDS else w for i, w in enumerate(words))


def _format_place(place: str) -> str | None:
    parts = [p.strip() for p in place.split(",") if p.strip()]
    formatted = ", ".join(_title_case_place(p) for p in parts)
    if not formatted or "--" in formatted or any(c.isdigit() for c in formatted):
        return None                           # Reuters-21578 table debris such as 'MAR8  --     --'
    return formatted


def _split_body_dateline(paragraph: str) -> tuple[str, str | None, str | None, str | None]:
    """First paragraph → (rest, raw place, 'May 17' or None, agency or None)."""
    if m := _AGENCY_ONLY_DATELINE.match(paragraph):
        return paragraph[m.end():], None, None, m.group("agency")
    m = _BODY_DATELINE.match(paragraph) or _BODY_DATELINE_TITLE_CASE.match(paragraph)
    if not m or not (m.group("date") or m.group("agency")):
        return paragraph, None, None, None
    if not m.group("sep").strip() and not m.group("date"):
        return paragraph, None, None, None      # a bare double space only separates 'CITY, Month D'
    return paragraph[m.end():], m.group("place"), m.group("date"), m.group("agency")


_CITY_FIRST_WORDS = frozenset({"NEW", "LOS", "LAS", "SAN", "SANTA", "SAO", "HONG", "KUALA", "BUENOS", "TEL", "ST.",
                               "ST", "EL", "ABU", "PORT", "KANSAS", "SALT", "MEXICO", "PANAMA", "KUWAIT", "FORT",
                               "RIO", "DAR", "WEST", "EAST", "SOUTH", "NORTH"})
_MAX_PLACE_WORDS = 4


def _split_merged_headline(place: str) -> tuple[str | None, str]:
    """Reuters-21578 'unprocessed' stories run the headline into the dateline:
    'ZIMBABWE MAIZE HARVEST LOWER HARARE' → ('ZIMBABWE MAIZE HARVEST LOWER', 'HARARE')."""
    city, _, region = place.partition(",")
    words = city.split()
    if len(words) <= _MAX_PLACE_WORDS:
        return None, place
    size = 1
    if words[-2] in _CITY_FIRST_WORDS:
        size = 2
    elif words[-2] in {"DE", "DA", "ES"} and len(words) > 3:
        size = 3                                          # RIO DE JANEIRO, DAR ES SALAAM
    headline, city = " ".join(words[:-size]), " ".join(words[-size:])
    return headline, city + ("," + region if region else "")


def parse_dateline_field(dateline: str | None) -> str | None:
    """Reuters-21578 field 'SALVADOR, Feb 26 -' → 'Salvador'."""
    if not dateline:
        return None
    place = re.split(r"\s*[-–—]+(?:\s|$)", " " + dateline.strip() + " ")[0]      # text after ' - ' is story
    place = re.sub(rf"\s*\((?:{_AGENCY})\)", "", place).strip()
    return _format_place(_DATE_IN_DATELINE.sub("", place))


# --------------------------------------------------------------------------- final touches

_DOUBLED_WORD = re.compile(r"\b([a-z]{2,})\s+\1\b")
_LEGITIMATE_DOUBLES = frozenset({"had", "that"})
_SPACE_RUN = re.compile(r"[ \t]{2,}")


def _undouble(paragraph: str) -> str:
    return _DOUBLED_WORD.sub(lambda m: m.group(0) if m.group(1) in _LEGITIMATE_DOUBLES else m.group(1), paragraph)


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------- entry point

def clean_article(raw_text: str, *, title: str | None = None, date_hint: str | None = None,
                  dateline_hint: str | None = None, publisher_hint: str | None = None,
                  authors_hint: str | None = None) -> CleanArticle:
    text = _normalise(raw_text or "")
    signed = bool(_REUTER_SIGNATURE.search(text))
    text = _MORE_MARKER.sub("", _REUTER_SIGNATURE.sub("", text))

    header_date, authors, title, body = _split_header(text, title)
    paragraphs, credited, trust_footer = _story_paragraphs(body, title)
    title, dateline, month_day, agency = _cut_dateline(paragraphs, title)

    published = header_date or parse_date(date_hint)
    if published is None and month_day and date_hint and (year := _YEAR.search(date_hint)):
        m = _MONTH_DAY.match(month_day)                  # 'May 17' + the hint's year
        published = _make_date(year.group(1), m.group(1), m.group(2))
    publisher = (_AGENCIES[agency.lower()] if agency else None) or (
        "Reuters" if signed or trust_footer else None) or publisher_hint

    clean = "\n\n".join(_SPACE_RUN.sub(" ", _undouble(p)).strip() for p in paragraphs if p.strip())
    return CleanArticle(text=clean, published_date=published, publisher=publisher,
                        dateline=dateline or parse_dateline_field(dateline_hint),
                        authors=_dedupe(authors + credited + container_author_names(authors_hint)), title=title)


def _split_header(text: str, title: str | None) -> tuple[dt.date | None, list[str], str | None, str]:
    """Lines before the story: 'date 2023-05-17', 'By Andrew Hayley', an ALL-CAPS headline (Reuters-21578
    'unprocessed' stories). → (header date, byline authors, title, rest of the text)."""
    lines = text.split("\n")
    header_date, authors = None, []
    first = 0
    for first, line in enumerate(lines):
        if m := _DATE_HEADER.match(line):
            header_date = parse_date(m.group(1))
        elif (names := _byline_names(line)) is not None:
            authors += names
        elif line.strip():
            break
    else:
        first = len(lines)
    body = lines[first:]
    if body and title is None and _is_caps_headline(body[0].strip()) and any(line.strip() for line in body[1:]):
        title, body = body[0].strip(), body[1:]
    return header_date, authors, title, "\n".join(body)


def _story_paragraphs(body: str, title: str | None) -> tuple[list[str], list[str], bool]:
    """Paragraphs without boilerplate → (paragraphs, credited authors, saw the Reuters trust footer)."""
    paragraphs: list[str] = []
    credited: list[str] = []
    trust_footer = in_link_list = False
    for paragraph in _paragraphs(body):
        trust_footer = trust_footer or "Trust Principles" in paragraph
        paragraph = _TRUST_FOOTER.sub("", paragraph)
        paragraph = _SHARE_WIDGET.sub(" ", paragraph)
        paragraph = _INLINE_LINK.sub("", paragraph).strip()
        paragraph, names = _split_credit_tail(paragraph)
        credited += names
        in_link_list = bool(paragraph) and (bool(_LINK_LIST_HEADER.match(paragraph))
                                            or in_link_list and _is_headline_like(paragraph))
        if not paragraph or in_link_list or _is_boilerplate(paragraph):
            continue
        if paragraphs and paragraph == paragraphs[-1]:
            continue                                  # AP repeats the photo caption; any exact repeat is noise
        if not paragraphs and title and _same_words(paragraph, title):
            continue                                  # headline repeated as the first paragraph
        paragraphs.append(paragraph)
    return paragraphs, credited, trust_footer


def _cut_dateline(paragraphs: list[str], title: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """Cuts the dateline off the first paragraph (in place) → (title, dateline, 'May 17', agency)."""
    if len(paragraphs) > 1 and _is_headline_like(paragraphs[0]) and _split_body_dateline(paragraphs[1])[1]:
        title = title or paragraphs[0]
        paragraphs.pop(0)                             # a headline above the dateline paragraph
    if not paragraphs:
        return title, None, None, None
    rest, place, month_day, agency = _split_body_dateline(paragraphs[0])
    headline = None
    if place:
        headline, place = _split_merged_headline(place)
        title = title or headline
    if not (place or agency) or (headline and title != headline):
        return title, None, None, None
    paragraphs[0] = rest.strip()
    return title, _format_place(place) if place else None, month_day, agency
