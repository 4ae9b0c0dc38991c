"""Leaders: people named with a political office, and every later mention of them.

A leader is found where a political title stands right before a name ("Kyrgyz President Sadyr
Japarov", "Japan's Finance Minister Kiichi Miyazawa", "Bank of Japan Governor Satoshi Sumita",
"Undersecretary of State for Economic Affairs Allen Wallis"), before it set off by commas ("Iran's
foreign minister, Mohammad Javad Zarif,") or after it as an apposition ("Mahbubul Haq, Commerce and
Planning Minister"). The country comes from the title itself (a U.S. state or party in it is
American: "South Dakota Senator"), from "of <country or U.S. state>" or "R-Ohio" after the name,
from another titled mention of the same person, from what the title implies in wire usage (a bare
"Treasury Secretary" is American), and last from the country the story is about; the warehouse then gives
each person the country most of the articles titling them state (`star_schema.leader_identities`). A person's
name is the fullest form the article gives ("President Xi" is the article's "Xi Jinping") and never runs
across a line break.

Only offices held at the story's time count (guideline L1): "former", "ex-", "then-", "the late", "-elect"
holders are returned with `in_office=False`, as evidence of their country, not as leaders. Offices of
international organisations ("UN Yemen envoy", "President of the European Commission"), of companies, and
mayors are none (L3); photo captions state no leader (C2). An office only referred to ("the Trump
administration") is a mention by surname whose person and country the warehouse finds in other stories.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

from pipeline.core.article import AnnotatedArticle, RangeCover
from pipeline.core.countries import PlaceMatch
from pipeline.core.datelines import us_state_names
from pipeline.core.spans import Span
from pipeline.core.reference_data import csv_rows, office_holder_titles, word_list

INSTITUTION_WORDS = {"bank", "reserve", "house", "department", "ministry", "senate", "committee",
                     "subcommittee", "treasury", "federal", "central", "cabinet", "board", "state", "panel",
                     "cia", "fbi", "intelligence", "opposition", "police", "assembly", "commission", "commons"}
ORGANIZATION_LABELS = {"ORG", "NORP", "FAC", "PRODUCT"}
# a U.S. party named in a title makes it American: "Republican Senator", "Senate Democratic leader"
US_PARTY_WORDS = {"democratic", "democrat", "republican", "gop"}
# "Howard Metzenbaum (D-Ohio)", "Sen. Rob Portman, R-Ohio,": a member of the U.S. Congress
US_LEGISLATOR = re.compile(r"\s*\((?:D|R|I)-[A-Z][A-Za-z. ]+\)"
                           r"|,\s+(?:D|R|I)-[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?(?=[,;)]|\.?\s*$)", re.MULTILINE)
# a name never runs across a line break: "Jane Doe\n\nEarlier" is Jane Doe
SAME_LINE_SPACE = r"[^\S\n]+"
NAME_TOKEN = rf"(?:(?:[A-Z]\.){{1,3}}|[A-Z][\w'’\-]*[a-z][\w'’\-]*|[A-Z]{{2,}}(?={SAME_LINE_SPACE}[A-Z][a-z]))"
NAME_PARTICLE = r"(?:de|da|di|du|des|della|van|von|den|der|ter|bin|al|el|ibn|le|la|do|dos|del|arap)"
# "Sheikh Ali al-Khalifa al-Sabah": an Arabic article joined to the name it belongs to
JOINED_ARTICLE_NAME = r"(?:al|el|ad|as|ash|an|ar|at|az)-[A-Z][\w'’\-]*"
# "Prime Minister (Brian) Mulroney": a first name the wire adds in brackets
NAME_AFTER_TITLE = re.compile(rf"{SAME_LINE_SPACE}((?:\({NAME_TOKEN}\){SAME_LINE_SPACE})?{NAME_TOKEN}"
                              rf"(?:{SAME_LINE_SPACE}(?:{NAME_PARTICLE}{SAME_LINE_SPACE})*(?:{JOINED_ARTICLE_NAME}|{NAME_TOKEN}))*)")
# "(Brazilian Finance Minister Dilson) Funaro", "(Finance Minister) Nigel Lawson": the wire's bracketed insertion
# into a quote ends inside the name
BRACKET_CLOSES_IN_NAME = re.compile(rf"\){SAME_LINE_SPACE}({NAME_TOKEN}(?:{SAME_LINE_SPACE}{NAME_TOKEN})?)")
FULL_NAME = re.compile(rf"{NAME_TOKEN}(?:{SAME_LINE_SPACE}{NAME_TOKEN}){{1,2}}(?=\s*,)")
# family name first: a later "Xi" refers to "Xi Jinping"
# "Mohamed bin Salman" is Salman's son: his name ending with "Salman" does not make him "King Salman"
PATRONYMIC = re.compile(r"\b(?:bin|ibn|bint|ben)\s+$")
FAMILY_NAME_FIRST = {"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "VNM", "KHM", "MNG", "SGP"}
# what a title may name after its head: "Undersecretary of State for Economic Affairs", "Ambassador to Japan"
PORTFOLIO_AFTER_HEAD = re.compile(r"\s+(of|for|on)\s+(?:the\s+)?([A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*)")
# "President of the European Commission", "head of research at the IMF": an organisation's office
ORGANISATION_AFTER_TITLE = re.compile(r"\s+(?:of|at|for)\s+(?:the\s+)?")
POSTING_AFTER_HEAD = re.compile(r"\s+to\s+(?:the\s+)?")
# "Iran’s foreign minister, Mohammad Javad Zarif, told reporters"
NAME_APPOSITION_AFTER_TITLE = re.compile(r",\s+")
# the name set off by commas ends at a comma, or at the verb when the wire drops the comma ("..., Howard Baker told")
APPOSED_NAME_END = re.compile(r"\s*,|\s+(?:said|says|told|added|adds|warned|stated)\b")
# words that may open a sentence or clause right before a title without owning it
CLAUSE_OPENERS = {"The", "A", "An", "But", "And", "In", "On", "At", "By", "When", "After", "Before", "Former", "Then",
                  "Now", "Meanwhile", "Also", "Yesterday", "Today", "Earlier", "Later", "As", "While", "With", "For", "Under"}
# the executive departments of the U.S. government, as the wire names them
_US_PORTFOLIOS = (r"State|Defen[cs]e|Treasury|Justice|Commerce|Agriculture|Labor|Energy|Homeland Security|Interior|"
                  r"Transportation|Education|Health and Human Services|Veterans Affairs|Housing and Urban Development")
US_DEPARTMENT = re.compile(rf"(?:the\s+)?(?:U\.S\.\s+)?(?:Department\s+of\s+(?:{_US_PORTFOLIOS})|(?:{_US_PORTFOLIOS})\s+Department"
                           r"|National Economic Council|National Security Council|White House|CIA|FBI)")
# an office held before or after the story's time is no leadership (guideline L1): "former President", "ex-Premier",
# "the late King", "then-Senator", "Mexico's then President", "In 2014, then US President"; "then President" alone
# is often "and then President X said"
NOT_YET_OR_NO_LONGER = re.compile(r"(?:\b(?:former|ex|one-?time|erstwhile)[\s\-–]+|\bthen[\-–](?:\w+\s+)?|(?:['’]s|\bthe)\s+then\s+"
                                  r"|\b(?:1[89]|20)\d\d,\s+then\s+"
                                  r"|\b(?:the|his|her)\s+late\s+|\bserved\s+(?:\S+\s+){0,5}under\s+)$", re.IGNORECASE)
# photo captions are page furniture, no statement of the story (guideline C2)
CAPTION = re.compile(r"\b(?:in this (?:file )?(?:photo|picture|image)|(?:photo|picture|image)s? (?:taken|released|provided)"
                     r"|Image caption|File Photo|REUTERS/|\(L-R\)|\(R-L\))"
                     r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)"
                     r" \d{1,2}, \d{4}\.?\s*$", re.IGNORECASE)
BEFORE_APPOSED_TITLE = re.compile(r"(?:(?:former|ex|one-?time|then)[\s\-–]+|(?:the\s+)?late\s+)", re.IGNORECASE)
ELECT_OR_DESIGNATE = re.compile(r"-(?:elect|designate)\b", re.IGNORECASE)
# "the Trump administration", "Putin's authoritarian regime": an office referred to by its holder's surname
LED_BY = re.compile(r"(?<![\w\-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:['’]s)?(?:\s+[a-z]+)?\s+"
                    r"(?:administration|Administration|government|regime)\b")
# U.S. bodies a title may name without a country: a committee of Congress, the White House, a department
_US_DEPARTMENTS = (r"Treasury|Justice|Commerce|Agriculture|Labor|Energy|Homeland Security|Interior|Transportation|"
                   r"Health and Human Services|Veterans Affairs|Housing and Urban Development|Defense|State")
US_BODY_IN_TITLE = re.compile(rf"\bSenate\b|\bWhite House\b|\bCongressional\b|\bHouse of Representatives\b"
                              rf"|\bHouse\s+\w+(?:\s+and\s+\w+)?\s+Committee\b"
                              rf"|(?:Secretary|Department)\s+of\s+(?:the\s+)?(?:{_US_PORTFOLIOS})\b"
                              rf"|\b(?:{_US_DEPARTMENTS}) Department\b"
                              r"|\b(?:Health and Human Services|Homeland Security|Veterans Affairs|Housing and Urban Development"
                              r"|Transportation) Secretary\b")
BRITISH_BODY_IN_TITLE = re.compile(r"\b(?:Commons|Westminster|Downing Street|Whitehall)\b")
SENATOR_HEADS = {"Senator", "Sen.", "senator"}
QUOTED_NICKNAME = re.compile(r"[“\"‘'][”\"’']")
ACRONYM = re.compile(r"[A-Z]{2,}(?:[-&][A-Z]{2,})*")  # "AFL-CIO President": an organization's, even opening a sentence
WORD = re.compile(r"[\w.'’\-]+")
POSSESSIVE = re.compile(r"['’]s$")
# a name is cut before words that open a clause instead of continuing the name
NOT_NAME_WORDS = {"On", "In", "At", "The", "He", "She", "It", "They", "But", "And", "Said", "Says", "Today",
                  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mr", "Mrs", "Officer"}


@dataclass(frozen=True)
class TitleSpec:
    head: str
    needs: str
    implied_country: str | None
    legislature: bool
    absent_in: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LeaderMention:
    start: int            # the name's characters in the clean text
    end: int
    name: str             # the fullest form of the name the article gives
    role: str | None      # as stated; None for a later mention by name only
    country_id: str | None
    country_source: str   # explicit | title | story | referred (an office referred to: the country other stories state)
    sentence_start: int
    sentence_end: int
    titled: bool          # this mention carries the title
    legislator: bool = False  # a member of a parliament: no side of an agreement between countries
    in_office: bool = True    # False: named by an office they no longer or not yet hold ("former President X")
    method: str = "rules:title-name"


# the rules' reading of a candidate
IN_OFFICE, OUT_OF_OFFICE, NOT_ACCEPTED, CAPTIONED, UNTITLED = "in_office", "out_of_office", "not_accepted", "caption", "untitled"
NO_LONGER_UNCOUNTED = "not_accepted_out_of_office"   # a title the rules do not count, held before or after the story's time


def _title_specs() -> list[TitleSpec]:
    return sorted((TitleSpec(r["head"], r["needs"], r["implied_country"] or None, r["legislature"] == "yes",
                             frozenset(r["absent_in"].split("|")) - {""})
                   for r in csv_rows("political_titles.csv")),
                  key=lambda t: -len(t.head))


TITLE_SPECS = _title_specs()
# "Sens. Patrick Moynihan of New York, Christopher Dodd of Connecticut": an abbreviation's plural
ABBREVIATED_PLURALS = {t.head[:-1] + "s.": t.head for t in TITLE_SPECS if t.head.endswith(".")}
# "Presidents Xi Jinping and Donald Trump": a plural head titles each name of the list after it
TITLE_HEAD = re.compile(r"\b(" + "|".join(re.escape(h) for h in [*ABBREVIATED_PLURALS, *(t.head for t in TITLE_SPECS)])
                        + r")(?P<plural>s)?(?!\w)(?:-[a-z]+\b)?")
# "..., Lloyd Bentsen of Texas and Democrat Ernest Hollings": a party may stand before the next name
NEXT_LISTED_NAME = re.compile(r"(?:,?\s+and|,)(?:\s+(?:Democrat|Republican|Independent)(?=\s))?(?=\s)")
SPEC_BY_HEAD = {t.head: t for t in TITLE_SPECS}


def _singular_head(head: re.Match) -> str:
    return ABBREVIATED_PLURALS.get(head.group(1), head.group(1))


def _is_plural(head: re.Match) -> bool:
    return bool(head.group("plural")) or head.group(1) in ABBREVIATED_PLURALS


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


@dataclass(frozen=True)
class LeaderCandidate:
    """A name with the political title written before or after it, and the rules' reading of it."""
    start: int
    end: int
    name: str
    title: _Title
    reading: str          # IN_OFFICE | OUT_OF_OFFICE | NOT_ACCEPTED | CAPTIONED | UNTITLED
    placement: str        # before (the title before the name) | apposition (after it) | listed (a plural title's list) | untitled


def _name_ending_at(text: str, words: list[re.Match], i: int, names: frozenset[str]) -> int | None:
    """Index of the first word of one of `names` (folded) that ends with words[i], else None."""
    end = words[i].start() + len(POSSESSIVE.sub("", words[i].group()))
    for j in range(i, max(i - 4, -1), -1):
        if words[j].group()[:1].isupper() and " ".join(text[words[j].start():end].split()).casefold() in names:
            return j
    return None


@functools.cache
def international_bodies() -> frozenset[str]:
    return frozenset(row["alias"].casefold() for row in csv_rows("organizations.csv") if row["alias"][:1].isupper())


@functools.cache
def _international_body_name() -> re.Pattern:
    aliases = sorted({row["alias"] for row in csv_rows("organizations.csv") if row["alias"][:1].isupper()}, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(a) for a in aliases) + r")\b")


def _us_state_end(text: str, pos: int) -> int | None:
    """Where a U.S. state's name that starts at pos ends: 'Chuck Grassley of Iowa', 'of North Carolina'."""
    run = re.compile(r"[A-Z][a-z]+(?:\s+(?:of\s+)?[A-Z][a-z]+){0,2}").match(text, pos)
    words = list(re.finditer(r"\S+", run.group())) if run else []
    return max((pos + words[n - 1].end() for n in range(1, len(words) + 1)
                if " ".join(w.group() for w in words[:n]).casefold() in us_state_names()), default=None)


def _us_state_at(text: str, pos: int) -> bool:
    return _us_state_end(text, pos) is not None


def _country_before(article: AnnotatedArticle, body_start: int) -> PlaceMatch | None:
    """"China's U.N. Ambassador", "Greek EC Commissioner": the country whose envoy to a body the title names."""
    return next((p for p in article.places_ending_near(body_start) if p.kind != "group" and p.end <= body_start
                 and re.fullmatch(r"(?:['’]s)?\s+", article.text[p.end:body_start])), None)


def _title_head_after(text: str, pos: int) -> bool:
    space = re.compile(r"\s+").match(text, pos)
    return bool(space and TITLE_HEAD.match(text, space.end()))


def _title_end(article: AnnotatedArticle, head_end: int, modifiers: frozenset[str]) -> tuple[int, str | None, bool]:
    """Where a title ends after its head, with the country and government body it names there:
    'Undersecretary of State for Economic Affairs', 'Minister for Foreign Affairs', 'Ambassador to Japan'."""
    text, end, country, has_institution = article.text, head_end, None, False
    while True:
        posting = POSTING_AFTER_HEAD.match(text, end)
        place = posting and next((p for p in article.places if p.start == posting.end()), None)
        if place is not None:
            end = place.end
            continue
        body = posting and _international_body_name().match(text, posting.end())
        if body:   # "U.S. Ambassador to GATT Michael Samuels"
            end = body.end()
            continue
        portfolio = PORTFOLIO_AFTER_HEAD.match(text, end)
        if portfolio is None:
            return end, country, has_institution
        place = next((p for p in article.places if p.start == portfolio.start(2) and p.kind != "group"), None)
        if place is not None:  # "Prime Minister of Japan Shinzo Abe"; "Special Representative for North Korea" is a brief
            end = place.end
            country = country or (place.country_id if portfolio.group(1) == "of" else None)
            continue
        kept = []
        for word in re.finditer(r"\S+", portfolio.group(2)):
            if word.group() != "and" and word.group().lower() not in modifiers:
                break
            kept.append(word)
        while kept and kept[-1].group() == "and":
            kept.pop()
        if not kept or _title_head_after(text, portfolio.start(2) + kept[-1].end()):
            return end, country, has_institution  # "a spokesman for House Speaker Paul Ryan": the boss, not a portfolio
        end = portfolio.start(2) + kept[-1].end()
        has_institution = has_institution or any(w.group().lower() in INSTITUTION_WORDS for w in kept)


def _names_us_party(title_words: list[str]) -> bool:
    """'Republican Senator', 'Senate Democratic leader'; not 'Social Democratic leader', 'Liberal Democrat leader'."""
    return any(word in US_PARTY_WORDS and (n == 0 or title_words[n - 1] in INSTITUTION_WORDS)
               for n, word in enumerate(title_words))


def _read_title(article: AnnotatedArticle, head: re.Match, places_by_end: dict[int, PlaceMatch]) -> _Title:
    """Walk back from a title head over portfolio words and places: 'Bank of Japan Governor', "Japan's Finance Minister"."""
    text = article.text
    sentence_start, _ = article.sentence_bounds(head.start())
    modifiers = word_list("title_modifiers.txt")
    end, country, has_institution = _title_end(article, head.end(), modifiers)
    words = [m for m in WORD.finditer(text, sentence_start, head.start())]
    start, of_organization = head.start(), False
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if text[w.end():start].strip():
            break
        bare = POSSESSIVE.sub("", w.group())
        place = places_by_end.get(w.end()) or places_by_end.get(w.start() + len(bare))
        if place is not None and place.start > w.start():
            place = None  # "Pro-Beijing lawmaker": not Beijing's
        capitalised = bare[:1].isupper()
        body = _name_ending_at(text, words, i, international_bodies()) if place is None and capitalised else None
        if (place is not None and place.kind == "group" or body is not None) and country is None:
            start = place.start if place is not None else words[body].start()
            if _country_before(article, start) is None:
                of_organization = True
                break
            while i >= 0 and words[i].start() >= start:
                i -= 1
            continue
        if place is not None and place.kind != "group":
            country = country or place.country_id
            start = place.start
            has_institution = has_institution or place.alias_kind == "institution"
            while i >= 0 and words[i].start() > place.start:
                i -= 1
            if i >= 0 and words[i].start() == place.start:
                i -= 1
            if not (i >= 0 and words[i].group().lower() == "of"):
                owner = _country_before(article, place.start)
                if owner is not None and re.match(r"['’]s", text[owner.end:]):
                    country, start = owner.country_id, owner.start  # "Russia's U.S. ambassador"
                if i >= 0 and not text[words[i].end():place.start].strip() and _name_ending_at(
                        text, words, i, international_bodies()) is not None:
                    of_organization = True   # "the UN's Yemen envoy", "EU Trade Commissioner": an organisation's
                break  # a country before the title opens it: "Kazakh President"
            continue
        state = _name_ending_at(text, words, i, us_state_names()) if capitalised else None
        before_state = words[state - 1].group() if state else ""
        if state is not None and not (before_state == "of" or before_state[:1].isupper() and before_state not in CLAUSE_OPENERS):
            # "South Dakota Senator John Thune"; but "Bank of New York Chairman" is a company's
            country, has_institution, start = country or "USA", True, words[state].start()
            break
        lowered = [part for part in bare.lower().split("-") if part]
        if not lowered or not all(part in modifiers for part in lowered) or bare.lower() in {"the", "and", "of", "for"} and i == 0:
            # a name right before the title owns it, unless it only opens the sentence or a person ends a list before it
            # ("Lighthizer and Treasury Secretary Steven Mnuchin"; but "Plan and Cooperation Minister" is one title)
            listed_person = text.startswith("and", start) and any(
                e.label == "PERSON" for e in article.entities_covering(w.start()))
            department = next((e for e in article.entities_covering(w.start()) if e.end <= head.start()
                               and US_DEPARTMENT.fullmatch(text, e.start, e.end)), None)
            if department is not None and country is None:
                country, has_institution, start = "USA", True, department.start   # "Department of Homeland Security acting Secretary"
                break
            if capitalised and bare not in CLAUSE_OPENERS and country is None and not listed_person:
                # a sentence's first word is capitalised anyway: it owns the title only if it names an organization;
                # "Trump's Secretary of State" is an appointee's title that implies its country; no organisation
                # has members of parliament: "Tory MP", "Great Grimsby MP" name a party or a seat
                spec = SPEC_BY_HEAD[_singular_head(head)]
                appointee = POSSESSIVE.search(w.group()) and spec.implied_country
                of_organization = not appointee and not spec.legislature and bare.lower() not in US_PARTY_WORDS and (
                    i > 0 or ACRONYM.fullmatch(bare) is not None
                    or any(e.start <= w.start() < e.end and e.label in ORGANIZATION_LABELS for e in article.entities))
            break
        has_institution = has_institution or any(part in INSTITUTION_WORDS for part in lowered)
        start = w.start()
        i -= 1
    # a title never starts with a function word
    role_words = text[start:end]
    while True:
        stripped = re.sub(r"^(?:the|The|and|of|for|new|under)\s+", "", role_words)
        if stripped == role_words:
            break
        start += len(role_words) - len(stripped)
        role_words = stripped
    role = role_words
    if country is None and _names_us_party(text[start:head.start()].lower().split()) and not (
            i >= 0 and words[i].group()[:1].isupper() and words[i].group() not in CLAUSE_OPENERS):
        country = "USA"
    opening_place = next(iter(article.places_starting_at(start)), None)
    if opening_place is not None:
        role = re.sub(r"^(?:['’]s\s+)?(?:new\s+)?", "", text[opening_place.end:end].strip()).strip()
    if _is_plural(head):
        role = role.replace(head.group(1) + (head.group("plural") or ""), _singular_head(head), 1)
    of_organization = of_organization or country is None and organisation_after(article, end)
    return _Title(start, end, role, SPEC_BY_HEAD[_singular_head(head)], country, has_institution, of_organization)


def _out_of_office(text: str, title_start: int, title_end: int, line_start: int) -> bool:
    """The title names an office held before or after the story's time: "former Chinese finance minister",
    "then-national security adviser", "Prime Minister-elect"."""
    return bool(NOT_YET_OR_NO_LONGER.search(text, max(line_start, title_start - 40), title_start)
                or ELECT_OR_DESIGNATE.search(text, title_start, title_end))


def implied_country(title: _Title, dateline_country: str | None) -> str | None:
    """What a title implies in wire usage: Britain for the Commons ("Commons Speaker"), its spec's country, or the
    U.S. for a committee of the Senate or the House of Representatives or an Under Secretary of a U.S. department
    ("Senate Finance Committee Chairman"); a bare Senator in a story filed from a country with senators is none."""
    if BRITISH_BODY_IN_TITLE.search(title.role):
        return "GBR"
    if title.spec.head in SENATOR_HEADS and dateline_country in word_list("senates.txt"):
        return None   # "Senator Affonso Camargo" in a story filed from Brazil is Brazil's
    return title.spec.implied_country or ("USA" if US_BODY_IN_TITLE.search(title.role) else None)


def rules_country(article: AnnotatedArticle, title: _Title, main_country=None) -> str | None:
    """The country the rules give a title's holder: the title's own, what it implies, else the story's main country
    (`main_country`: the article's, or a cached copy of it)."""
    main_country = main_country or article.main_country
    return title.country_id or implied_country(title, article.dateline_country) or main_country(title.spec.absent_in)


def organisation_after(article: AnnotatedArticle, title_end: int) -> bool:
    """The title names an international organisation after its head: "President of the European Commission"."""
    m = ORGANISATION_AFTER_TITLE.match(article.text, title_end)
    if m is None:
        return False
    if any(p.start == m.end() and p.kind == "group" for p in article.places):
        return True
    words = list(WORD.finditer(article.text, m.end(), min(len(article.text), m.end() + 60)))[:6]
    return any(_name_ending_at(article.text, words, i, international_bodies()) == 0 for i in range(len(words)))


def _title_accepts(title: _Title) -> bool:
    """needs: 'country', 'institution', both as alternatives ('country|institution'), or '-' for nothing."""
    if title.of_organization:
        return False
    needs = set(title.spec.needs.split("|")) - {"-"}
    return (not needs or "country" in needs and title.country_id is not None
            or "institution" in needs and title.has_institution)


def _name_after(article: AnnotatedArticle, title_end: int, authors: set[str],
                family_name_first: bool = False) -> tuple[int, int, str] | None:
    bracketed = _inside_brackets(article.text, title_end)
    if bracketed and article.text.startswith(")", title_end):
        title_end += 1
    m = NAME_AFTER_TITLE.match(article.text, title_end)
    if not m:
        return None
    start, end = m.start(1), m.end(1)
    rest_of_name = BRACKET_CLOSES_IN_NAME.match(article.text, end) if bracketed else None
    if rest_of_name:
        end = rest_of_name.end(1)
    person = next((e for e in article.entities_covering(start) if e.label == "PERSON"), None)
    opening = _name_opening(article, start, end, person)
    if opening is None:
        return None
    start, person = opening
    tokens = list(re.finditer(r"\S+", article.text[start:end]))
    kept = []
    for t in tokens:
        if kept and not kept[-1].group().islower() and article.places_covering(start + t.start()) \
                and not (person and start + t.end() <= person.end):
            break  # "told Secretary of State George Shultz China's troubles were over": a place ends the name
        # "Chinese Vice Premier Liu He said": a word the PERSON entity covers stays in the name, and so does a
        # Chinese "He" on the same line ("Vice Premier He Lifeng")
        chinese_name_word = family_name_first and t.group() == "He" and "\n" not in article.text[start:start + t.start()]
        if t.group() in NOT_NAME_WORDS and not (person and start + t.end() <= person.end) and not chinese_name_word:
            break
        kept.append(t)
        if POSSESSIVE.search(t.group()):
            break  # "Donald Trump's White House": the name ends at the possessive
    if not kept or kept[-1].group().lower().rstrip(".,") in ORGANISATION_NAME_ENDS:
        return None   # "Queen Elizabeth College", "American President Cos Ltd": an organisation's name
    end = start + kept[-1].end()
    name = re.sub(r"['’]s$", "", article.text[start:end])
    end = start + len(name)
    name = " ".join(re.sub(r"[()]", "", name).split())
    if article.places_covering(start):
        return None  # "President Reagan" yes; "the President Kazakhstan" no
    covering = article.entities_covering(start)
    if covering and covering[0].label != "PERSON" and not (
            covering[0].label == "FAC" and covering[0].end == end and TITLE_HEAD.search(article.text, covering[0].start, start)
            or covering[0].label == "ORG" and covering[0].end == end and covering[0].start < start
            and _a_persons_name_words(name)):
        # but "King Fahd" read as a facility (a causeway, an airport), "Under Secretary of Agriculture Daniel
        # Amstutz" as an organisation that runs from the title's words over a person's name
        return None
    if fold(name) in authors:
        return None
    return start, end, name


def _name_opening(article: AnnotatedArticle, start: int, end: int, person: Span | None) -> tuple[int, Span | None] | None:
    """Where the name after a title really begins (and the PERSON span that covers it), past words that are no part
    of it; None where the words after the title are no person's name."""
    tokens = list(re.finditer(r"\S+", article.text[start:end]))
    if tokens and TITLE_HEAD.fullmatch(tokens[0].group()) and tokens[0].group() not in HONORIFICS_IN_NAMES:
        return None   # "adviser to West German Chancellor Helmut Kohl": the name is the inner title's
    inner = None if article.entities_covering(start) else next(
        (e for e in article.entities_in(start, end) if e.label == "PERSON" and e.start > start), None)
    if inner is not None and len(article.text[start:inner.start].split()) >= 2 \
            and len(article.text[inner.start:inner.end].split()) >= 2:
        # "Trade Representative Chief Agricultural Negotiator Gregg Doud": words of a title the head left out, then
        # the person the model tags
        return inner.start, inner
    ranks = 0
    while ranks < len(tokens) - 1 and (tokens[ranks].group() in MILITARY_RANKS
                                       or ranks and tokens[ranks].group() in TITLE_TAIL_WORDS):
        ranks += 1   # "spokeswoman Lt Col Carla Gleason", "Lieutenant General Bill Mayville": a rank, not a name
    if ranks:
        return start + tokens[ranks].start(), person
    if tokens and tokens[0].group() in TITLE_TAIL_WORDS:
        return None   # "Secretary General Antonio Guterres": an international body's office (L3), no country's
    return start, person


# words of a body's name: "Chairman of the Senate Armed Services Committee" goes on with a body, not a person
BODY_NAME_WORDS = INSTITUTION_WORDS | {"bureau", "institute", "services", "association", "management", "research",
                                       "council", "agency", "office", "foundation", "center", "centre", "fund",
                                       "union", "party", "affairs", "administration", "authority", "service"}


# last words of an organisation's name, never of a person's
ORGANISATION_NAME_ENDS = (BODY_NAME_WORDS - {"house", "state"}) | {w.lower().rstrip(".") for w in word_list("business_name_ends.txt")} | {
    "college", "university", "school", "hospital", "federation", "force", "forces", "cos", "co", "group", "lines"}
# title heads that are also part of the name a person goes by ("Oil Minister Sheikh Ali al-Khalifa al-Sabah")
HONORIFICS_IN_NAMES = {"Sheikh", "Shah", "Emir", "Prince", "Sultan", "King", "Queen"}
# the rest of a title that its head leaves out ("Secretary General"): no name begins with it
TITLE_TAIL_WORDS = {"General"}
MILITARY_RANKS = {"Lt", "Lt.", "Lieutenant", "Col", "Col.", "Colonel", "Gen", "Gen.", "Maj", "Maj.", "Major", "Brig",
                  "Brig.", "Brigadier", "Adm", "Adm.", "Admiral", "Rear", "Capt", "Capt.", "Captain", "Sgt", "Sgt.", "Cmdr"}


def _a_persons_name_words(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 3 and not any(w.lower() in BODY_NAME_WORDS for w in words)


def _inside_brackets(text: str, pos: int) -> bool:
    """Whether a bracket opened earlier on the line is still open at `pos`."""
    line = text[text.rfind("\n", 0, pos) + 1:pos]
    return line.rfind("(") > line.rfind(")")


def _name_in_apposition(article: AnnotatedArticle, title_end: int, authors: set[str]) -> tuple[int, int, str] | None:
    """"Iran’s foreign minister, Mohammad Javad Zarif, told reporters": a PERSON set off by commas after the title."""
    m = NAME_APPOSITION_AFTER_TITLE.match(article.text, title_end)
    if not m:
        return None
    person = next((e for e in article.entities if e.label == "PERSON" and e.start == m.end()), None)
    if person is None:
        person = _untagged_full_name_at(article, m.end())
    if person is None or "\n" in article.text[person.start:person.end] or not APPOSED_NAME_END.match(article.text, person.end):
        return None
    name = article.text[person.start:person.end]
    return None if fold(name) in authors else (person.start, person.end, name)


def _untagged_full_name_at(article: AnnotatedArticle, start: int) -> Span | None:
    """"ambassador to the United States, Cui Tiankai,": a full name the model took for a place, not one we know."""
    m = FULL_NAME.match(article.text, start)
    if m is None or TITLE_HEAD.match(article.text, start) or any(p.start < m.end() and start < p.end for p in article.places):
        return None
    if any(e.start < m.end() and start < e.end and e.label not in ("GPE", "NORP", "LOC") for e in article.entities):
        return None  # a PERSON the model found starts elsewhere: "Representative Adam Schiff" is a title and a name
    return Span(start, m.end(), "PERSON")


OF_PLACE = re.compile(r",?\s+of\s+(?:the\s+)?")


def _place_after_name(article: AnnotatedArticle, name_end: int) -> tuple[str | None, int] | None:
    """The country and end of 'of <place>' after a name: 'Chuck Grassley of Iowa', 'Nawaz Sharif of Pakistan'."""
    m = OF_PLACE.match(article.text, name_end)
    if not m:
        return None
    place = next((p for p in article.places if p.start == m.end() and p.kind != "group"), None)
    if place is not None:
        return place.country_id, place.end
    state_end = _us_state_end(article.text, m.end())
    return ("USA", state_end) if state_end is not None else None


def _country_after_name(article: AnnotatedArticle, name_end: int) -> str | None:
    place = _place_after_name(article, name_end)
    return place[0] if place else None


def _listed_name_tail_end(article: AnnotatedArticle, name_end: int) -> int:
    """Where what a listed name carries ends: 'Patrick Moynihan of New York,', 'Joe Cunningham, D-S.C., and'."""
    tag = US_LEGISLATOR.match(article.text, name_end)
    if tag:
        return tag.end()
    place = _place_after_name(article, name_end)
    return place[1] if place else name_end


APPOSITION = re.compile(r",\s+(?:the\s+|a\s+)?")
COMPANY_AFTER_TITLE = re.compile(r"(?:\s+[A-Z][\w&.\-]*){0,4}\s+at\s+[A-Z]")


def _apposition_titles(article: AnnotatedArticle, places_by_end, authors) -> list[LeaderCandidate]:
    """'Mahbubul Haq, Commerce and Planning Minister, said': a PERSON followed by a title, with the rules' reading
    ('Kevin Rudd, a former prime minister,' holds it no more)."""
    found = []
    for person in article.entities:
        if person.label != "PERSON":
            continue
        m = APPOSITION.match(article.text, person.end)
        if not m:
            continue
        out_of_office = BEFORE_APPOSED_TITLE.match(article.text, m.end())
        title_start = out_of_office.end() if out_of_office else m.end()
        _, sentence_end = article.sentence_bounds(person.start)
        window_end = min(sentence_end, title_start + 80)
        for head in TITLE_HEAD.finditer(article.text, title_start, window_end):
            title = _read_title(article, head, places_by_end)
            if title.start != title_start:
                break
            tail = article.text[title.end:title.end + 2]
            if tail[:1].isalpha() or COMPANY_AFTER_TITLE.match(article.text, title.end):
                break   # "Vice President for International Services at Chase Econometrics": a company's
            if any(e.label == "PERSON" and 0 <= e.start - title.end <= 1 for e in article.entities):
                break   # "Russia's Vladimir Putin, U.S. President Donald Trump": the title is the next person's
            start = max(person.start, article.text.rfind("\n", person.start, person.end) + 1)  # on the title's line
            name = article.text[start:person.end]
            if fold(name) in authors:
                break
            if CAPTION.search(article.sentence_text(title.start)):
                reading = CAPTIONED
            else:
                held_then = not (out_of_office or ELECT_OR_DESIGNATE.search(article.text, title.start, title.end))
                if not _title_accepts(title):
                    reading = NOT_ACCEPTED if held_then else NO_LONGER_UNCOUNTED
                else:
                    reading = IN_OFFICE if held_then else OUT_OF_OFFICE
            found.append(LeaderCandidate(start, person.end, name, title, reading, "apposition"))
            break
    return found


def leader_candidates(article: AnnotatedArticle) -> list[LeaderCandidate]:
    """Every name a political title stands before or after, with what the rules read there: in office, out of office,
    a title that does not count (an organisation's, one that lacks its country or body) or a photo caption."""
    authors = {fold(a) for a in article.authors}
    places_by_end = {p.end: p for p in article.places}
    found: list[LeaderCandidate] = []
    for head in TITLE_HEAD.finditer(article.text):
        title = _read_title(article, head, places_by_end)
        name = (_name_after(article, title.end, authors, title.country_id in FAMILY_NAME_FIRST)
                or _name_in_apposition(article, title.end, authors))
        if name is None:
            continue
        start, end, name_text = name
        if QUOTED_NICKNAME.match(article.text[max(0, title.start - 1):title.start] + article.text[end:end + 1]):
            continue  # "named Donald Trump “President Evil”": a nickname in quotes, not an office
        if title.country_id is None and not _is_plural(head):
            title.country_id = _country_after_name(article, end)   # "King Salman of Saudi Arabia"
        line_start = article.text.rfind("\n", 0, title.start) + 1
        if US_LEGISLATOR.match(article.text, end):
            title.country_id = title.country_id or "USA"
            reading = IN_OFFICE
        else:
            reading = IN_OFFICE if _title_accepts(title) else NOT_ACCEPTED
        if _out_of_office(article.text, title.start, title.end, line_start):
            # "the late King": out of office, whether or not the rules count the title
            reading = OUT_OF_OFFICE if reading == IN_OFFICE else NO_LONGER_UNCOUNTED
        elif reading == IN_OFFICE and CAPTION.search(article.sentence_text(title.start)):
            reading = CAPTIONED
        if _is_plural(head):
            found += [LeaderCandidate(s, e, n, t, reading, "listed") for s, e, n, t in _listed_names(article, title, name, authors)]
            continue
        found.append(LeaderCandidate(start, end, name_text, title, reading, "before"))
    found += _apposition_titles(article, places_by_end, authors)
    return found + _untitled_people(article, found, authors)


NO_TITLE = TitleSpec("", "-", None, False)


def _people_outside(article: AnnotatedArticle, spans: list[tuple[int, int]]) -> Iterator[tuple[Span, str]]:
    """Each person the NER model reads outside these spans, with the name without a possessive ending."""
    covered = RangeCover(spans)
    for person in article.entities:
        if person.label == "PERSON" and not covered.overlaps(person.start, person.end):
            yield person, POSSESSIVE.sub("", article.text[person.start:person.end])


def _untitled_people(article: AnnotatedArticle, titled: list[LeaderCandidate], authors: set[str]) -> list[LeaderCandidate]:
    """The first full-name mention of each person no title stands by: a leader where the story refers to their office
    in other words ("the prime minister said"); the rules take none of them, the model reads the words around."""
    # a titled person's name words: "Moon Jae" the NER model reads in "President Moon Jae-in" is no one else
    taken = {fold(word) for c in titled for word in (c.name.split()[0], surname(c.name))}
    found = []
    for person, name in _people_outside(article, [(c.start, c.end) for c in titled]):
        key = fold(surname(name))
        if ("\n" in name or " " not in name or fold(name) in authors or key in taken or fold(name.split()[0]) in taken
                or article.places_covering(person.start)):
            continue
        taken.add(key)
        title = _Title(person.start, person.start, "", NO_TITLE, None, False)
        found.append(LeaderCandidate(person.start, person.start + len(name), name, title, UNTITLED, "untitled"))
    return found


RULES = object()   # find_leaders' default: the fitted leader model where one is installed, else the rules' reading


def find_leaders(article: AnnotatedArticle, decisions=RULES) -> list[LeaderMention]:
    """The article's leaders, their later mentions, and people named by an office they do not hold then. `decisions`
    (a fitted `LeaderDecisions`, or None for the rules alone) decides which candidates are leaders and their country."""
    candidates = leader_candidates(article)
    if decisions is RULES:
        from pipeline.core.learned_models import load_model   # the models and SciPy only where leaders are extracted
        decisions = load_model("leaders")
    if decisions is not None:
        candidates = decisions.decide(article, candidates)
    titled = [(c.start, c.end, c.name, c.title) for c in candidates if c.reading == IN_OFFICE and _a_persons_name(article, c)]
    out_of_office = [(c.start, c.end, c.name, c.title) for c in candidates if c.reading == OUT_OF_OFFICE]
    # "former Vice President Joe Biden ... Vice President Biden": the story names the same office of the person past
    left = {(fold(surname(name)), title.spec.head) for _, _, name, title in out_of_office}
    out_of_office += [t for t in titled if (fold(surname(t[2])), t[3].spec.head) in left]
    titled = [t for t in titled if (fold(surname(t[2])), t[3].spec.head) not in left]
    method = "rules:title-name" if decisions is None else "model:title-name"
    leaders = [replace(m, method=method) for m in _with_later_mentions(article, titled)]
    # a name out of office in this story is out in each of its mentions, the later ones by name alone too
    left_office = _superseded_heads(leaders)
    current = [m for m in leaders if m.name not in left_office]
    story_time = _StoryTime.of(article.published_date, current)
    left_office |= _out_of_term(current, story_time)
    leaders = [replace(m, in_office=False) if m.name in left_office else m for m in leaders]
    former = _out_of_office_mentions(article, out_of_office, titled) + _former_holders_named(article, leaders, story_time)
    return sorted(leaders + former + _offices_referred_to(article, leaders + former), key=lambda m: m.start)


def _a_persons_name(article: AnnotatedArticle, candidate: LeaderCandidate) -> bool:
    """A one-word name is a name only where spaCy reads a person there ("Secretary General", "MP Seat", "USTR
    Statement", "Dr." and "on Twitter, the senator" give a title a word, not a person), or a monarch's: "King Fahd"."""
    return " " in candidate.name or candidate.title.spec.head.lower() in office_holder_titles("given_name_alone") or any(
        e.label == "PERSON" for e in article.entities_covering(candidate.start))


# one person holds each of these offices of a country at a time
SINGLE_HOLDER_ROLES = {"president", "prime minister"}
SUPERSEDING_MENTIONS = 2   # the holder then is named at least this many times as often as the other


def _superseded_heads(mentions: list[LeaderMention]) -> set[str]:
    """"Mr Trump said ... President Obama had not called": where a story titles two people with a country's one
    office, the one it names at least twice as often holds it then, and the other held it before (or will): the
    names of those others, no leaders of that story."""
    holders: dict[tuple[str, str], set[str]] = {}
    for m in mentions:
        if m.titled and m.country_id and (office := _office_of_role(m.role)) in SINGLE_HOLDER_ROLES:
            holders.setdefault((m.country_id, office), set()).add(m.name)
    named = Counter(m.name for m in mentions)
    superseded = set()
    for names in holders.values():
        ranked = sorted(names, key=lambda name: -named[name])
        superseded.update(name for name in ranked[1:] if named[ranked[0]] >= SUPERSEDING_MENTIONS * named[name])
    return superseded


@dataclass(frozen=True)
class _Term:
    country_id: str
    name_words: frozenset[str]
    took_office: dt.date
    left_office: dt.date | None

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return (end is None or self.took_office < end) and (self.left_office is None or start < self.left_office)


@functools.cache
def _office_terms() -> dict[tuple[str, str], tuple[_Term, ...]]:
    terms: dict[tuple[str, str], list[_Term]] = {}
    for row in csv_rows("office_terms.csv"):
        left = dt.date.fromisoformat(row["left_office"]) if row["left_office"] else None
        term = _Term(row["country"], frozenset(fold(w) for w in row["name"].split()), dt.date.fromisoformat(row["took_office"]), left)
        terms.setdefault((row["country"], row["role"].casefold()), []).append(term)
    return {office: tuple(held) for office, held in terms.items()}


def _office_of_role(role: str | None) -> str:
    """The office a stated role names: "Republican President" is the president's."""
    words = (role or "").casefold().split()
    return " ".join(words[1:] if words and words[0] in US_PARTY_WORDS else words)


def _terms_of_title(m: LeaderMention) -> list[_Term]:
    return [t for t in _office_terms().get((m.country_id, _office_of_role(m.role)), ()) if fold(surname(m.name)) in t.name_words]


def _terms_of_full_name(name: str) -> list[_Term]:
    """Every listed term, of any office, of the person every word of a name of two or more words names ("Barack
    Obama"): a bare surname could be a namesake's ("Clinton")."""
    words = {fold(w) for w in name.split()}
    if len(words) < 2:
        return []
    return [t for held in _office_terms().values() for t in held if words <= t.name_words]


def _known_holders_country(name: str, titles: list[_Title], published: dt.date | None) -> str | None:
    """The country whose office a listed holder of it held when the story was written ("President Reagan" in a story
    about Japan, 1987): the one country of the listed terms of the titled office that the name's words name and, for
    a dated story, that span its day."""
    words = {fold(w) for w in name.split()}
    offices = {_office_of_role(t.role) for t in titles}
    countries = {country for (country, office), held in _office_terms().items() if office in offices for t in held
                 if words <= t.name_words and (published is None or t.overlaps(published, published + dt.timedelta(days=1)))}
    return countries.pop() if len(countries) == 1 else None


@dataclass(frozen=True)
class _StoryTime:
    """When a story may be from: its day, or for an undated one each term of the known holder of a one-holder office
    it titles and names most ("President Trump ... Mr Trump"); nothing where two such holders tie."""
    spans: tuple[tuple[dt.date, dt.date | None], ...]

    @classmethod
    def of(cls, published: dt.date | None, mentions: list[LeaderMention]) -> _StoryTime:
        if published is not None:
            return cls(((published, published + dt.timedelta(days=1)),))
        named = Counter(m.name for m in mentions)
        heads = {m.name: _terms_of_title(m) for m in mentions if m.titled and _office_of_role(m.role) in SINGLE_HOLDER_ROLES}
        ranked = sorted((name for name, held in heads.items() if held), key=lambda name: -named[name])
        if not ranked or (len(ranked) > 1 and named[ranked[0]] == named[ranked[1]]):
            return cls(())
        return cls(tuple((t.took_office, t.left_office) for t in heads[ranked[0]]))

    def after_terms(self, terms: list[_Term]) -> bool:
        """The person of these terms held none of them at any time the story may be from, and one before it: only an
        office held before, for "not yet" ("would be a difficult situation for President Trump", in 2016) is the
        title model's reading, and across stories an earlier out-of-office mention means "left office"."""
        return bool(self.spans and terms) and all(
            not any(t.overlaps(start, end) for t in terms) and any(t.left_office and t.left_office <= start for t in terms)
            for start, end in self.spans)


def _out_of_term(mentions: list[LeaderMention], story_time: _StoryTime) -> set[str]:
    """"President Obama" in a story of 2019: a known holder of an office, titled with it, or named with no title by a
    story that titles them nowhere (the leader model took "under Barack Obama"), after their terms: the names of
    those, named for an office they held before. A person with no listed term is left alone."""
    titled_names = {m.name for m in mentions if m.titled}
    out = set()
    for m in mentions:
        if m.titled:
            terms = _terms_of_title(m)
        elif m.name not in titled_names:
            terms = _terms_of_full_name(m.name)
        else:
            continue
        if story_time.after_terms(terms):
            out.add(m.name)
    return out


def _former_holders_named(article: AnnotatedArticle, leaders: list[LeaderMention], story_time: _StoryTime) -> list[LeaderMention]:
    """"the former housing secretary under Barack Obama", in 2019: a known office holder named in full after their
    terms, whom the story reads as no leader, is out of office there, so that the warehouse does not take the name
    for the leader other stories title."""
    if not story_time.spans:
        return []
    found = []
    for person, name in _people_outside(article, [(m.start, m.end) for m in leaders]):
        terms = _terms_of_full_name(name)
        if "\n" not in name and story_time.after_terms(terms):
            s, e = article.sentence_bounds(person.start)
            found.append(LeaderMention(person.start, person.start + len(name), name, None, terms[0].country_id, "story",
                                       s, e, False, in_office=False, method="rules:office-terms"))
    return found


def _offices_referred_to(article: AnnotatedArticle, named: list[LeaderMention]) -> list[LeaderMention]:
    """"the Trump administration", "the Abe government": a person whose office the story refers to without a title
    (guideline L2), by surname; their country is the one other stories title them with."""
    known = {fold(surname(m.name)) for m in named}
    found = []
    for m in LED_BY.finditer(article.text):
        word = m.group(1)
        if fold(word) in known or word in CLAUSE_OPENERS or word in NOT_NAME_WORDS:
            continue  # a person this story names anyway
        if any(p.start < m.end(1) and m.start(1) < p.end for p in article.places) or any(
                e.start <= m.start(1) < e.end and e.label in ("NORP", "GPE", "LOC", "FAC") for e in article.entities):
            continue  # "the Chinese government", "the Kremlin administration"
        s, e = article.sentence_bounds(m.start())
        found.append(LeaderMention(m.start(1), m.end(1), word, None, None, "referred", s, e, False))
    return found


def _out_of_office_mentions(article: AnnotatedArticle, named, titled) -> list[LeaderMention]:
    """People named by an office they do not hold at the story's time: no leaders, kept so that the warehouse does
    not take their name for the leader other stories title."""
    titled_names = [name for _, _, name, _ in titled]
    mentions = []
    for start, end, name, title in named:
        country = rules_country(article, title)
        s, e = article.sentence_bounds(start)
        mentions.append(LeaderMention(start, end, _fullest_name(article, name, country, titled_names + [name]), title.role,
                                      country, "explicit" if title.country_id else "story", s, e, True,
                                      title.spec.legislature, in_office=False))
    return mentions


def _listed_names(article: AnnotatedArticle, title: _Title, first: tuple[int, int, str],
                  authors: set[str]) -> list[tuple[int, int, str, _Title]]:
    """Each name a plural title lists: "Presidents Xi Jinping and Donald Trump"; none without a list ("House of
    Representatives Speaker Nancy Pelosi" is an institution's name before another title)."""
    names = [first]
    while link := NEXT_LISTED_NAME.match(article.text, _listed_name_tail_end(article, names[-1][1])):
        name = _name_after(article, link.end(), authors)
        if name is None:
            break
        names.append(name)
    if len(names) == 1:
        return []
    return [(start, end, name, replace(title, country_id=title.country_id or _country_after_name(article, end)))
            for start, end, name in names]


def _fullest_name(article: AnnotatedArticle, name: str, country: str | None, titled_names: list[str]) -> str:
    """The fullest form of a one-word name: "President Xi" is the article's "Xi Jinping", "Minister Lee" its
    "Lee Hsien Loong" — another titled name that begins or ends with the word, else a PERSON that begins with it,
    else for a country that writes the family name first the capitalised words after it."""
    if " " in name:
        return name
    word = fold(name)
    titled = {n for n in titled_names if " " in n and word in (fold(n.split()[0]), fold(surname(n)))
              and not PATRONYMIC.search(n.casefold(), 0, len(n) - len(surname(n)))}
    people = [re.sub(r"['’]s$", "", article.text[e.start:e.end]) for e in article.entities
              if e.label == "PERSON" and "\n" not in article.text[e.start:e.end]]
    # where the article also writes the word last in a full name ("Donald Trump"), it is a surname: "Trump Tower"
    # or "Trump Jr" is not who "President Trump" is
    is_a_surname = country not in FAMILY_NAME_FIRST and any(" " in n and fold(surname(n)) == word for n in people)
    untitled = set() if is_a_surname else {n for n in people if fold(n.split()[0]) == word}
    if country in FAMILY_NAME_FIRST:
        followed = re.finditer(rf"(?<![\w\-]){re.escape(name)}(?:{SAME_LINE_SPACE}{NAME_TOKEN}){{1,2}}", article.text)
        untitled |= {POSSESSIVE.sub("", m.group(0)) for m in followed
                     if not any(e.start < m.end() and m.start() < e.end and e.label != "PERSON" for e in article.entities)
                     and not any(w in NOT_NAME_WORDS for w in m.group(0).split())}
    candidates = titled or {n for n in untitled if 1 < len([w for w in n.split() if not re.fullmatch(NAME_PARTICLE, w)]) <= 4}
    if len({fold(surname(n)) for n in candidates}) != 1:
        return name  # none, or two different people
    return max(candidates, key=len)


def _with_later_mentions(article: AnnotatedArticle, titled) -> list[LeaderMention]:
    people: dict[str, dict] = {}  # by folded surname of the fullest name
    titled_names = [name for _, _, name, _ in titled]
    story_country = functools.cache(article.main_country)   # one count of the article's places per exclusion
    for start, end, name, title in sorted(titled, key=lambda t: t[0]):
        country = rules_country(article, title, story_country)
        full_name = _fullest_name(article, name, country, titled_names)
        person = people.setdefault(fold(surname(full_name)), {"name": full_name, "country": None, "source": None,
                                                                "roles": [], "short_forms": set()})
        if len(full_name) > len(person["name"]):
            person["name"] = full_name
        if full_name != name:
            person["short_forms"].add(name)
        if title.country_id and person["source"] != "explicit":
            person["country"], person["source"] = title.country_id, "explicit"
        person["roles"].append((start, end, title))
    for person in people.values():
        if person["country"] is None:
            absent_in = frozenset().union(*(t.spec.absent_in for _, _, t in person["roles"]))
            implied = next(filter(None, (implied_country(t, article.dateline_country) for _, _, t in person["roles"])), None)
            known = implied or _known_holders_country(person["name"], [t for _, _, t in person["roles"]], article.published_date)
            person["country"], person["source"] = (known, "title") if known else (story_country(absent_in), "story")
    mentions: list[LeaderMention] = []
    titled_spans = RangeCover([(start, end) for person in people.values() for start, end, _ in person["roles"]])
    first_words = [fold(p["name"].split()[0]) for p in people.values()]
    for person in people.values():
        legislator = all(title.spec.legislature for _, _, title in person["roles"])
        for start, end, title in person["roles"]:
            s, e = article.sentence_bounds(start)
            # a name the model takes for a leader's with no title by it ("Theresa May" where "the prime minister" follows)
            mentions.append(LeaderMention(start, end, person["name"], title.role or None, person["country"], person["source"], s, e,
                                          bool(title.role), legislator))
        for start, end in _later_mentions(article, person, first_words, titled_spans):
            s, e = article.sentence_bounds(start)
            mentions.append(LeaderMention(start, end, person["name"], None, person["country"], person["source"], s, e,
                                          False, legislator))
    return sorted(mentions, key=lambda m: m.start)


def _later_mentions(article: AnnotatedArticle, person: dict, first_words: list[str],
                    titled_spans: RangeCover) -> list[tuple[int, int]]:
    """Mentions by the surname, and by the first word where the article uses it alone: 'Xi' for Xi Jinping."""
    persons = [e for e in article.entities if e.label == "PERSON"]
    first = person["name"].split()[0]
    short_forms = {surname(person["name"]), *person["short_forms"]}
    if " " in person["name"] and first_words.count(fold(first)) == 1 and any(
            article.text[e.start:e.end] == first for e in persons):
        short_forms.add(first)
    found = []
    for short in short_forms:
        for m in re.finditer(r"(?<![\w\-])" + re.escape(short) + r"(?![\w\-])", article.text):
            if titled_spans.holds(m.start()):
                continue
            if short in NOT_NAME_WORDS and not any(e.label == "PERSON" for e in article.entities_covering(m.start())):
                continue  # "Liu He" is not every "He"
            found.append((m.start(), m.end()))
    return found
