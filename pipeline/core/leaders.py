"""Leaders: people named with a political office, and every later mention of them.

A leader is found where a political title stands right before a name ("Kyrgyz President Sadyr
Japarov", "Japan's Finance Minister Kiichi Miyazawa", "Bank of Japan Governor Satoshi Sumita") or
after it as an apposition ("Mahbubul Haq, Commerce and Planning Minister"). The country comes from
the title itself, from "of <country>" after the name, from another titled mention of the same
person, from what the title implies in wire usage (a bare "Treasury Secretary" is American), and
last from the country the story is about.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import PlaceMatch
from pipeline.core.reference_data import csv_rows, word_list

INSTITUTION_WORDS = {"bank", "reserve", "house", "department", "ministry", "senate", "committee",
                     "subcommittee", "treasury", "federal", "central", "cabinet", "board", "state", "panel"}
# "Howard Metzenbaum (D-Ohio)": a member of the U.S. Congress
US_LEGISLATOR = re.compile(r"\s*\((?:D|R|I)-[A-Z][A-Za-z. ]+\)")
NAME_TOKEN = r"(?:[A-Z]\.|[A-Z][\w'’\-]*[a-z][\w'’\-]*|[A-Z]{2,}(?=\s+[A-Z][a-z]))"
NAME_PARTICLE = r"(?:de|da|van|von|bin|al|ibn|le|la|do|dos|del)"
NAME_AFTER_TITLE = re.compile(rf"\s+({NAME_TOKEN}(?:\s+(?:{NAME_PARTICLE}\s+)?{NAME_TOKEN})*)")
# words that may open a sentence or clause right before a title without owning it
CLAUSE_OPENERS = {"The", "A", "An", "But", "And", "In", "On", "At", "By", "When", "After", "Before", "Former", "Then",
                  "Now", "Meanwhile", "Also", "Yesterday", "Today", "Earlier", "Later", "As", "While", "With", "For", "Under"}
WORD = re.compile(r"[\w.'’\-]+")
POSSESSIVE = re.compile(r"['’]s$")
# a name is cut before words that open a clause instead of continuing the name
NOT_NAME_WORDS = {"On", "In", "At", "The", "He", "She", "It", "They", "But", "And", "Said", "Says", "Today",
                  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mr", "Mrs"}


@dataclass(frozen=True)
class TitleSpec:
    head: str
    needs: str
    implied_country: str | None


@dataclass(frozen=True)
class LeaderMention:
    start: int            # the name's characters in the clean text
    end: int
    name: str             # the fullest form of the name the article gives
    role: str | None      # as stated; None for a later mention by name only
    country_id: str | None
    country_source: str   # explicit | article | title | story
    sentence_start: int
    sentence_end: int
    titled: bool          # this mention carries the title


def _title_specs() -> list[TitleSpec]:
    return sorted((TitleSpec(r["head"], r["needs"], r["implied_country"] or None) for r in csv_rows("political_titles.csv")),
                  key=lambda t: -len(t.head))


TITLE_SPECS = _title_specs()
TITLE_HEAD = re.compile(r"\b(" + "|".join(re.escape(t.head) for t in TITLE_SPECS) + r")(?!\w)(?:-[a-z]+\b)?")
SPEC_BY_HEAD = {t.head: t for t in TITLE_SPECS}


def fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def surname(name: str) -> str:
    parts = [p for p in re.split(r"\s+", name.strip()) if p]
    return parts[-1] if parts else ""


@dataclass
class _Title:
    start: int
    end: int
    role: str
    spec: TitleSpec
    country_id: str | None
    has_institution: bool
    of_organization: bool = False  # "AFL-CIO President", "World Bank President": not a country's office


def _read_title(article: AnnotatedArticle, head: re.Match, places_by_end: dict[int, PlaceMatch]) -> _Title:
    """Walk back from a title head over portfolio words and places: 'Bank of Japan Governor', "Japan's Finance Minister"."""
    text = article.text
    sentence_start, _ = article.sentence_bounds(head.start())
    modifiers = word_list("title_modifiers.txt")
    words = [m for m in WORD.finditer(text, sentence_start, head.start())]
    start, country, has_institution, of_organization = head.start(), None, False, False
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if text[w.end():start].strip():
            break
        bare = POSSESSIVE.sub("", w.group())
        place = places_by_end.get(w.end()) or places_by_end.get(w.start() + len(bare))
        if place is not None and place.kind == "group" and country is None:
            of_organization = True
            break
        if place is not None and place.kind != "group":
            country = country or place.country_id
            start = place.start
            has_institution = has_institution or place.alias_kind == "institution"
            while i >= 0 and words[i].start() > place.start:
                i -= 1
            if i >= 0 and words[i].start() == place.start:
                i -= 1
            if not (i >= 0 and words[i].group().lower() == "of"):
                break  # a country before the title opens it: "Kazakh President"
            continue
        lowered = [part for part in bare.lower().split("-") if part]
        if not lowered or not all(part in modifiers for part in lowered) or bare.lower() in {"the", "and", "of", "for"} and i == 0:
            # a name right before the title owns it, unless it only opens the sentence
            if bare[:1].isupper() and i > 0 and bare not in CLAUSE_OPENERS and country is None:
                of_organization = True
            break
        has_institution = has_institution or any(part in INSTITUTION_WORDS for part in lowered)
        start = w.start()
        i -= 1
    # a title never starts with a function word
    role_words = text[start:head.end()]
    while True:
        stripped = re.sub(r"^(?:the|The|and|of|for)\s+", "", role_words)
        if stripped == role_words:
            break
        start += len(role_words) - len(stripped)
        role_words = stripped
    role = role_words
    opening_place = next((p for p in article.places if p.start == start), None)
    if opening_place is not None:
        role = re.sub(r"^['’]s\s+", "", text[opening_place.end:head.end()]).strip()
    return _Title(start, head.end(), role, SPEC_BY_HEAD[head.group(1)], country, has_institution, of_organization)


def _title_accepts(title: _Title) -> bool:
    if title.of_organization:
        return False
    if title.spec.needs == "country":
        return title.country_id is not None
    if title.spec.needs == "institution":
        return title.has_institution
    return True


def _name_after(article: AnnotatedArticle, title_end: int, authors: set[str]) -> tuple[int, int, str] | None:
    m = NAME_AFTER_TITLE.match(article.text, title_end)
    if not m:
        return None
    start, end = m.start(1), m.end(1)
    tokens = list(re.finditer(r"\S+", article.text[start:end]))
    kept = []
    for t in tokens:
        if t.group() in NOT_NAME_WORDS:
            break
        kept.append(t)
        if POSSESSIVE.search(t.group()):
            break  # "Donald Trump's White House": the name ends at the possessive
    if not kept:
        return None
    end = start + kept[-1].end()
    name = re.sub(r"['’]s$", "", article.text[start:end])
    end = start + len(name)
    if any(p.start <= start < p.end for p in article.places):
        return None  # "President Reagan" yes; "the President Kazakhstan" no
    covering = [e for e in article.entities if e.start <= start < e.end]
    if covering and covering[0].label != "PERSON":
        return None
    if fold(name) in authors:
        return None
    return start, end, name


def _country_after_name(article: AnnotatedArticle, name_end: int) -> str | None:
    m = re.compile(r"\s+of\s+(?:the\s+)?").match(article.text, name_end)
    if not m:
        return None
    place = next((p for p in article.places if p.start == m.end() and p.kind != "group"), None)
    return place.country_id if place else None


APPOSITION = re.compile(r",\s+(?:the\s+|a\s+)?")


def _apposition_titles(article: AnnotatedArticle, places_by_end, authors) -> list[tuple[int, int, str, _Title]]:
    """'Mahbubul Haq, Commerce and Planning Minister, said': a PERSON followed by a title."""
    found = []
    for person in article.entities:
        if person.label != "PERSON":
            continue
        m = APPOSITION.match(article.text, person.end)
        if not m:
            continue
        _, sentence_end = article.sentence_bounds(person.start)
        window_end = min(sentence_end, m.end() + 80)
        for head in TITLE_HEAD.finditer(article.text, m.end(), window_end):
            title = _read_title(article, head, places_by_end)
            if title.start != m.end():
                break
            tail = article.text[head.end():head.end() + 2]
            if tail[:1].isalpha():
                break
            if _title_accepts(title):
                name = article.text[person.start:person.end]
                if fold(name) not in authors:
                    found.append((person.start, person.end, name, title))
            break
    return found


def find_leaders(article: AnnotatedArticle) -> list[LeaderMention]:
    authors = {fold(a) for a in article.authors}
    places_by_end = {p.end: p for p in article.places}
    titled: list[tuple[int, int, str, _Title]] = []
    for head in TITLE_HEAD.finditer(article.text):
        title = _read_title(article, head, places_by_end)
        name = _name_after(article, head.end(), authors)
        if name is None:
            continue
        start, end, name_text = name
        if US_LEGISLATOR.match(article.text, end):
            title.country_id = title.country_id or "USA"
        elif not _title_accepts(title):
            continue
        if title.country_id is None:
            title.country_id = _country_after_name(article, end)
        titled.append((start, end, name_text, title))
    titled += _apposition_titles(article, places_by_end, authors)
    return _with_later_mentions(article, titled)


def _with_later_mentions(article: AnnotatedArticle, titled) -> list[LeaderMention]:
    people: dict[str, dict] = {}  # by folded surname
    for start, end, name, title in sorted(titled, key=lambda t: t[0]):
        key = fold(surname(name))
        person = people.setdefault(key, {"name": name, "country": None, "source": None, "roles": []})
        if len(name) > len(person["name"]):
            person["name"] = name
        if title.country_id and person["source"] != "explicit":
            person["country"], person["source"] = title.country_id, "explicit"
        person["roles"].append((start, end, title))
    story_country = article.main_country()
    for person in people.values():
        if person["country"] is None:
            implied = next((t.spec.implied_country for _, _, t in person["roles"] if t.spec.implied_country), None)
            person["country"], person["source"] = (implied, "title") if implied else (story_country, "story")
    mentions: list[LeaderMention] = []
    titled_spans = set()
    for key, person in people.items():
        for start, end, title in person["roles"]:
            s, e = article.sentence_bounds(start)
            mentions.append(LeaderMention(start, end, person["name"], title.role, person["country"], person["source"], s, e, True))
            titled_spans.add((start, end))
        pattern = re.compile(r"(?<![\w\-])" + re.escape(surname(person["name"])) + r"(?![\w\-])")
        for m in pattern.finditer(article.text):
            if any(s <= m.start() < e for s, e in titled_spans):
                continue
            s, e = article.sentence_bounds(m.start())
            mentions.append(LeaderMention(m.start(), m.end(), person["name"], None, person["country"], person["source"], s, e, False))
    return sorted(mentions, key=lambda m: m.start)
