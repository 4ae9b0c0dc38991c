"""The country gazetteer: finds countries, historical states and groups of countries in text and
turns entity strings into their ids.

Everything comes from the project's own tables (pipeline/data/country_aliases.csv and
country_groups.csv) over ISO data from pycountry. We never use pycountry's fuzzy search: it maps
"British" to a British territory and knows no demonyms ("Chinese", "Kazakh").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from collections.abc import Iterable, Iterator

import polars as pl
import pycountry

from pipeline.core.reference_data import csv_rows

COUNTRY_KINDS = ("country", "historical", "group")
ALIAS_KINDS = ("name", "abbreviation", "demonym", "capital", "institution")  # of country_aliases.csv; groups: "group"

# Phrases that contain an alias but are not that place. They are matched like aliases, so the
# longest match swallows the inner alias, and then dropped ("New Mexico" is not Mexico).
_NOT_PLACES = (
    "New Mexico", "New Mexican", "New Guinea", "New England", "New South Wales", "British Columbia",
    "American Indian", "American Indians", "Indian Ocean", "West Indies", "West Indian", "Inter-American",
    "George Washington", "Washington Post", "Washington state", "Washington State",
    "Niger Delta", "Niger River", "River Niger", "Benin City", "Gulf of Mexico", "Gulf of Guinea",
    "Uruguay Round", "Uruguay round",  # the GATT trade round
    # the 1987 wire's market boilerplate: a venue, not a country the story is about
    "London Interbank", "London interbank", "London Club", "London club", "listed in Luxembourg", "listed in London",
    # institutions named after a region, not the region itself
    "European Commission", "European Parliament", "European Council", "European Court",
    "European Central Bank", "European Investment Bank", "Asian Development Bank", "African Development Bank",
)

# Names pycountry knows but we never take as a country by themselves (US state, New Jersey, a continent).
_AMBIGUOUS_NAMES = frozenset({"Georgia", "Jersey", "Antarctica"})

# Before a successor state existed, its capital and names stood for the state it came from:
# "Moscow", "the Kremlin" and "Russia" in a 1987 story are the Soviet Union. successor -> (predecessor, first year).
_PREDECESSORS = {"RUS": ("SUN", 1992), "CZE": ("CSK", 1993), "SVK": ("CSK", 1993), "SRB": ("YUG", 1992)}

# An alias written "the X" (the West, the Gulf) matches X only right after "the", and not when a
# capitalised word or "of" follows ("the West Bank", "the West Virginia", "the Gulf of Mexico").
_THE_PREFIX = re.compile(r"^the\s+", re.IGNORECASE)
_AFTER_THE = r"(?<=\b[Tt]he\s)"
_NOT_BEFORE_NAME = r"(?!\w|\s+(?:[A-Z]|of\b))"


@dataclass(frozen=True)
class PlaceMatch:
    start: int
    end: int
    text: str
    country_id: str
    kind: str  # country | historical | group
    alias_kind: str  # name | abbreviation | demonym | capital | institution | group


@dataclass(frozen=True)
class _Alias:
    alias: str
    country_id: str | None  # None: a phrase from _NOT_PLACES
    kind: str
    alias_kind: str


def _key(text: str) -> str:
    """Text as the alias tables write it: single spaces, straight apostrophes."""
    return re.sub(r"\s+", " ", text).replace("\u2019", "'").strip()


@functools.cache
def _country_kinds() -> dict[str, str]:
    kinds = {c.alpha_3: "historical" for c in pycountry.historic_countries}
    kinds.update({c.alpha_3: "country" for c in pycountry.countries})
    return kinds


def _checked_rows(name: str, column: str, allowed) -> Iterator[dict[str, str]]:
    """A data file's rows, each naming a known country and one of the allowed values in `column`."""
    kinds = _country_kinds()
    for row in csv_rows(name):
        if row["country_id"] not in kinds or row[column] not in allowed:
            raise ValueError(f"{name}: bad row {row}")
        yield row


@functools.cache
def _aliases() -> tuple[_Alias, ...]:
    kinds, aliases = _country_kinds(), []
    for row in _checked_rows("country_aliases.csv", "alias_kind", ALIAS_KINDS):
        aliases.append(_Alias(row["alias"], row["country_id"], kinds[row["country_id"]], row["alias_kind"]))
    aliases += [_Alias(row["alias"], row["group_id"], "group", "group") for row in csv_rows("country_groups.csv")]
    aliases += [_Alias(phrase, None, "", "") for phrase in _NOT_PLACES]
    return tuple(aliases)


def country_dimension() -> pl.DataFrame:
    """(country_id, name, kind) for every pycountry country, every historical state we alias and every group."""
    display_name: dict[str, str] = {}
    for a in _aliases():  # the first `name` row of a country is its display name ("Russia", "South Korea")
        if a.alias_kind == "name":
            display_name.setdefault(a.country_id, a.alias)
    group_names = {row["group_id"]: row["name"] for row in csv_rows("country_groups.csv")}

    rows = {c.alpha_3: (display_name.get(c.alpha_3) or getattr(c, "common_name", None) or c.name, "country")
            for c in pycountry.countries}
    rows.update({a.country_id: (display_name[a.country_id], "historical") for a in _aliases() if a.kind == "historical"})
    rows.update({gid: (name, "group") for gid, name in group_names.items()})
    return pl.DataFrame(
        [(cid, name, kind) for cid, (name, kind) in sorted(rows.items())],
        schema={"country_id": pl.String, "name": pl.String, "kind": pl.String},
        orient="row",
    )


def _trie_pattern(phrases: Iterable[str]) -> str:
    """One regex for many phrases, factored as a trie so matching costs one branch per character,
    not one per phrase; greedy optional tails make it prefer the longest phrase."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for token in re.findall(r"\s+|'|.", phrase):
            node = node.setdefault(" " if token.isspace() else token, {})
        node[""] = {}

    def token_regex(token: str) -> str:
        return {" ": r"\s+", "'": "['\u2019]"}.get(token) or re.escape(token)

    def node_regex(node: dict) -> str:
        branches = [token_regex(t) + node_regex(child) for t, child in node.items() if t]
        if not branches:
            return ""
        if "" in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return node_regex(trie)


class CountryGazetteer:
    def __init__(self, aliases: Iterable[_Alias]):
        self._anywhere: dict[str, _Alias] = {}  # matched text -> alias
        self._after_the: dict[str, _Alias] = {}  # "the West": matched "West" -> alias
        for a in aliases:
            if a.alias.startswith("the "):
                self._after_the.setdefault(_key(a.alias[4:]), a)
            else:
                self._anywhere.setdefault(_key(a.alias), a)
        self._after_the = {k: a for k, a in self._after_the.items() if k not in self._anywhere}  # "the Kremlin"
        branches = [rf"(?<!\w)(?P<anywhere>{_trie_pattern(self._anywhere)})(?!\w)" if self._anywhere else "",
                    rf"{_AFTER_THE}(?P<after_the>{_trie_pattern(self._after_the)}){_NOT_BEFORE_NAME}" if self._after_the else ""]
        self._pattern = re.compile("|".join(b for b in branches if b) or r"(?!)")   # (?!): no alias, no match
        self._ids = self._exact_ids()
        self._folded_ids = self._case_folded_ids()

    @classmethod
    def load(cls) -> "CountryGazetteer":
        return _shared_gazetteer()

    def find(self, text: str, *, year: int | None = None) -> list[PlaceMatch]:
        """Alias occurrences in text: longest first, non-overlapping, on word boundaries, by start.
        With the story's year, successor states are read as their predecessor (1987 "Moscow" -> SUN)."""
        matches = []
        for m in self._pattern.finditer(text):
            table = self._anywhere if m.lastgroup == "anywhere" else self._after_the
            alias = table[_key(m.group())]
            if alias.country_id:
                country_id, kind = _as_of(alias.country_id, alias.kind, year)
                matches.append(PlaceMatch(m.start(), m.end(), m.group(), country_id, kind, alias.alias_kind))
        return matches

    def normalize(self, name: str, *, year: int | None = None) -> str | None:
        """An entity string ("the United States", "China's", "Kazakh", "PEKING") -> country or group id."""
        country_id = self._normalize(name)
        return _as_of(country_id, "", year)[0] if country_id else None

    def match_at(self, start: int, end: int, text: str, country_id: str) -> PlaceMatch:
        """A match for a place found by other means (NER), with its kind from the dimension."""
        return PlaceMatch(start, end, text, country_id, self.kinds().get(country_id, "country"), "name")

    @functools.cache
    def kinds(self) -> dict[str, str]:
        return dict(country_dimension().select("country_id", "kind").iter_rows())

    @functools.cache
    def display_names(self) -> dict[str, str]:
        return dict(country_dimension().select("country_id", "name").iter_rows())

    def _normalize(self, name: str) -> str | None:
        text = _THE_PREFIX.sub("", _key(name))
        text = re.sub(r"'s?$", "", text)  # possessive: "China's", "Philippines'"
        if not text:
            return None
        if text in self._ids:
            return self._ids[text]
        # case-insensitive only for longer or all-caps strings, so "us" never becomes the US
        if (len(text) > 4 or text.isupper()) and text.casefold() in self._folded_ids:
            return self._folded_ids[text.casefold()]
        return _pycountry_id(text)

    def _exact_ids(self) -> dict[str, str]:
        tables = (self._anywhere, self._after_the)
        return {text: a.country_id for table in tables for text, a in table.items() if a.country_id}

    def _case_folded_ids(self) -> dict[str, str]:
        folded: dict[str, str] = {}
        clashes = set()  # one folded spelling, two ids: no answer
        for alias, cid in self._ids.items():
            if folded.setdefault(alias.casefold(), cid) != cid:
                clashes.add(alias.casefold())
        return {k: v for k, v in folded.items() if k not in clashes}


def _as_of(country_id: str, kind: str, year: int | None) -> tuple[str, str]:
    predecessor, first_year = _PREDECESSORS.get(country_id, (None, 0))
    if predecessor and year is not None and year < first_year:
        return predecessor, "historical"
    return country_id, kind


@functools.cache
def _shared_gazetteer() -> CountryGazetteer:
    return CountryGazetteer(_aliases())


def find_institutions(text: str, *, year: int | None = None, filed_from: str | None = None) -> list[PlaceMatch]:
    """Government institutions that mention their country without being a place (institution_mentions.csv):
    those named anywhere, and those that stand for the government of the country the story was filed from."""
    return _institution_gazetteer(filed_from).find(text, year=year)


@functools.cache
def _institution_gazetteer(filed_from: str | None) -> CountryGazetteer:
    kinds, aliases = _country_kinds(), []
    for row in _checked_rows("institution_mentions.csv", "where", ("anywhere", "filed_from")):
        if row["where"] == "anywhere" or row["country_id"] == filed_from:
            aliases.append(_Alias(row["alias"], row["country_id"], kinds[row["country_id"]], "institution"))
    return CountryGazetteer(aliases)


@functools.cache
def _pycountry_names() -> dict[str, str]:
    names = {}
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            if n and n not in _AMBIGUOUS_NAMES:
                names[n] = c.alpha_3
    return names


def _pycountry_id(text: str) -> str | None:
    """Exact ISO names and, for all-caps strings, alpha-2/alpha-3 codes of countries we know."""
    if text in _pycountry_names():
        return _pycountry_names()[text]
    if text.isupper() and len(text) == 3 and (c := pycountry.countries.get(alpha_3=text)):
        return c.alpha_3
    if text.isupper() and len(text) == 2 and (c := pycountry.countries.get(alpha_2=text)):
        return c.alpha_3
    return None
