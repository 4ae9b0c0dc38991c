"""Agreements: deals, accords, pacts, treaties, memoranda or agreed terms, with their parties,
sector and status, read from the sentence that states them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.core.article import AnnotatedArticle
from pipeline.core.reference_data import csv_rows

AGREEMENT_CUE = re.compile(
    r"\b(?:agreements?|accords?|pacts?|treat(?:y|ies)|memorand(?:um|a)|deals?|understanding|protocol|"
    r"key terms|terms|(?:political )?document|agreed|agrees|signed|sign|initialled|initialed)\b", re.IGNORECASE)
STATUS_CUES: list[tuple[str, re.Pattern]] = [
    ("rejected", re.compile(r"\b(?:reject(?:ed|s)?|refus(?:ed|es)|turn(?:ed)? down|scrap(?:ped)?|walk(?:ed)? away)\b", re.IGNORECASE)),
    ("expected", re.compile(r"\b(?:will be signed|to be signed|will sign|expected to|should result|set to sign|would sign|due to sign|will also be signed)\b", re.IGNORECASE)),
    ("signed", re.compile(r"\b(?:signed|signing|initiall?ed)\b", re.IGNORECASE)),
    ("proposed", re.compile(r"\b(?:propos(?:ed|al|es)|offer(?:ed|s)?|should seek|seek(?:s|ing)?|draft|negotiat(?:e|ing|ions))\b", re.IGNORECASE)),
    ("agreed", re.compile(r"\b(?:agreed|agrees|reached|concluded|struck|accord|pact|agreement|deal)\b", re.IGNORECASE)),
]
SECTOR_CUES: list[tuple[str, re.Pattern]] = [
    ("energy", re.compile(r"\b(?:gas|oil|pipelines?|energy|uranium|nuclear power|petrochemical|polyethylene|electricity|power|coal|refiner(?:y|ies))\b", re.IGNORECASE)),
    ("finance", re.compile(r"\b(?:debts?|loans?|banks?|rescheduling|credits?|IMF|financing|currenc(?:y|ies)|interest|monetary|creditors?)\b", re.IGNORECASE)),
    ("agriculture", re.compile(r"\b(?:grain|wheat|farm|agricultur\w*|sugar|coffee|cocoa|maize|corn|rice|soybeans?|beef|fish(?:ing)?)\b", re.IGNORECASE)),
    ("security", re.compile(r"\b(?:military|arms|defen[cs]e|security|missiles?|troops|ceasefire|cease-fire|weapons)\b", re.IGNORECASE)),
    ("trade", re.compile(r"\b(?:trade|tariffs?|exports?|imports?|semiconductors?|textiles?|quotas?|market access|customs)\b", re.IGNORECASE)),
    ("political", re.compile(r"\b(?:political|summit|diplomatic|friendship|office|embassy|regional pact|cooperation)\b", re.IGNORECASE)),
]
SPLIT_ITEMS = re.compile(r",?\s+as well as\s+|;\s+and\s+")
REFERENCE_BACK = re.compile(r"\b(?:the|this|that) (?:accord|agreement|pact|deal|treaty|memorandum)\b", re.IGNORECASE)
NOT_AN_AGREEMENT = re.compile(r"\b(?:agreed (?:with|that)|I agree|disagree\w*)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Party:
    name: str
    kind: str                # country | group | organization
    country_id: str | None


@dataclass(frozen=True)
class Agreement:
    start: int               # the evidence span: the clause that states the agreement
    end: int
    summary: str
    sector: str
    status: str
    parties: tuple[Party, ...]
    method: str


def _organization_patterns() -> list[tuple[re.Pattern, str]]:
    rows = csv_rows("organizations.csv")
    return [(re.compile(r"(?<![\w-])" + re.escape(r["alias"]) + r"(?![\w-])"), r["name"]) for r in
            sorted(rows, key=lambda r: -len(r["alias"]))]


ORGANIZATIONS = _organization_patterns()


def _parties_in(article: AnnotatedArticle, start: int, end: int, names: dict[str, str]) -> list[Party]:
    parties: dict[str, Party] = {}
    for place in article.places_in(start, end):
        if place.kind == "group":
            parties.setdefault(place.country_id, Party(names.get(place.country_id, place.text), "group", place.country_id))
        else:
            parties.setdefault(place.country_id, Party(names.get(place.country_id, place.country_id), "country", place.country_id))
    text = article.text[start:end]
    for pattern, name in ORGANIZATIONS:
        if pattern.search(text):
            parties.setdefault(name, Party(name, "organization", None))
    for entity in article.entities_in(start, end, "ORG"):
        name = article.text[entity.start:entity.end]
        if not any(p.start < entity.end and entity.start < p.end for p in article.places) and len(name) > 2:
            name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
            parties.setdefault(name, Party(name, "organization", None))
    unique: dict[str, Party] = {}
    for party in parties.values():
        unique.setdefault(party.name.casefold(), party)
    return list(unique.values())


def _leader_countries(article: AnnotatedArticle, start: int, end: int, leader_countries: dict[str, str],
                      names: dict[str, str]) -> list[Party]:
    """Countries of the leaders named in the span: 'Xi and Tokayev agreed' is China and Kazakhstan agreeing."""
    text = article.text[start:end]
    return [Party(names.get(c, c), "country", c) for surname, c in leader_countries.items()
            if re.search(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", text)]


def _status(clause: str) -> str:
    for status, pattern in STATUS_CUES:
        if pattern.search(clause):
            return status
    return "agreed"


def _sector(clause: str) -> str:
    for sector, pattern in SECTOR_CUES:
        if pattern.search(clause):
            return sector
    return "other"


def find_agreements(article: AnnotatedArticle, place_names: dict[str, str], leader_countries: dict[str, str]) -> list[Agreement]:
    """place_names: id → display name of countries and groups; leader_countries: leader surname → country."""
    found: list[Agreement] = []
    for index, (start, end) in enumerate(article.sentences):
        sentence = article.text[start:end]
        if not AGREEMENT_CUE.search(sentence) or NOT_AN_AGREEMENT.search(sentence):
            continue
        parties = _parties_in(article, start, end, place_names)
        if len(parties) < 2:
            parties += [p for p in _leader_countries(article, start, end, leader_countries, place_names) if p not in parties]
        if len(parties) < 2 and index > 0 and re.match(r"\s*(?:They|The two|Both|The sides|The two sides)\b", sentence):
            previous_start, previous_end = article.sentences[index - 1]
            parties += [p for p in _parties_in(article, previous_start, previous_end, place_names)
                        + _leader_countries(article, previous_start, previous_end, leader_countries, place_names) if p not in parties]
        if len(parties) < 2:
            continue
        status = _status(sentence)
        for item_start, item_end in _items(article.text, start, end):
            clause = article.text[item_start:item_end]
            for party_set in _party_sets(parties, _enumerated_countries(article, start, end)):
                if REFERENCE_BACK.search(clause) and any(_same_parties(party_set, earlier.parties) for earlier in found):
                    continue  # "signed the accord": the agreement already recorded
                found.append(Agreement(item_start, item_end, _summary(clause), _sector(clause), status, party_set, "rules:cue-sentence"))
    return found


def _same_parties(a: tuple[Party, ...], b: tuple[Party, ...]) -> bool:
    key = lambda parties: {p.country_id or p.name.casefold() for p in parties}  # noqa: E731
    return key(a) <= key(b) or key(b) <= key(a)


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """'agreed to ensure X, as well as deepen Y' states two agreements."""
    cuts = [m for m in SPLIT_ITEMS.finditer(text, start, end)]
    if not cuts or not re.search(r"\bagreed to\b", text[start:end]):
        return [(start, end)]
    spans, cursor = [], start
    for cut in cuts:
        spans.append((cursor, cut.start()))
        cursor = cut.end()
    spans.append((cursor, end))
    return spans


def _enumerated_countries(article: AnnotatedArticle, start: int, end: int) -> set[str]:
    """Countries written as one list: 'Chile, Venezuela and Mexico'."""
    places = [p for p in article.places_in(start, end) if p.kind != "group"]
    listed: set[str] = set()
    for left, right in zip(places, places[1:]):
        if re.fullmatch(r",\s*|\s+and\s+|,\s+and\s+|\s+or\s+", article.text[left.end:right.start]):
            listed |= {left.country_id, right.country_id}
    return listed


def _party_sets(parties: list[Party], listed_countries: set[str]) -> list[tuple[Party, ...]]:
    """One organization facing a list of countries ('the banks ... with Chile, Venezuela and Mexico') is one deal per country."""
    countries = [p for p in parties if p.kind == "country"]
    others = [p for p in parties if p.kind != "country"]
    if len(others) == 1 and len(countries) >= 2 and {c.country_id for c in countries} <= listed_countries:
        return [(c, others[0]) for c in countries]
    return [tuple(parties)]


def _summary(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip()
    return clause if len(clause) <= 200 else clause[:197].rsplit(" ", 1)[0] + "..."
