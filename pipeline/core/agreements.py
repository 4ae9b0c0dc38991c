"""Agreements: deals, accords, pacts, treaties, memoranda or agreed terms, with their parties,
sector and status.

Each sentence with a cue word and two sides (countries, groups or international organizations) is
a mention of an agreement. Mentions of one agreement are then merged: a story about a deal talks
about "the deal" in many sentences, and that is one agreement, not one per sentence.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import PlaceMatch
from pipeline.core.reference_data import csv_rows, cue_patterns, word_list

AGREEMENT_NOUN = r"(?:agreements?|accords?|pacts?|treat(?:y|ies)|memorand(?:um|a)|deal)"
AGREEMENT_NOUN_WORD = re.compile(rf"\b{AGREEMENT_NOUN}\b", re.IGNORECASE)
AGREEMENT_CUE = re.compile(
    rf"\b(?:{AGREEMENT_NOUN}|an understanding|understanding (?:with|between)|protocol|key terms|(?:political|joint) document|"
    r"agreed|agrees|initiall?ed|sign(?:s|ed|ing)? (?:up )?with|"
    r"sign(?:s|ed|ing)? (?:\w+ ){0,3}?(?:declaration|communiqu[eé]|convention|charter)s?|(?:declaration|communiqu[eé]|convention|charter) signed)\b",
    re.IGNORECASE)  # "signed" alone signs laws, letters and orders too
# Phrases whose cue word states no agreement; they are blanked out before looking for a cue.
FALSE_CUES = re.compile(
    r"\b(?:great|good) deal (?:of|more|less|better|worse)\b"               # "a great deal of"
    r"|\b(?:fair|raw|square) deal\b|\bno big deal\b|\bno[- ]deal\b|\bwithout (?:a|any) deal\b|\btreaty (?:allies|ally|partners)\b"
    r"|\bGeneral Agreement on \w+ and \w+|\bTreaty Organi[sz]ation\b|\bWarsaw Pact\b"      # organizations, not agreements
    r"|\b(?:broad|general|wide|widespread) agreement (?:among|that)\b|\bin (?:complete |full |broad |general )?agreement\b"  # a consensus
    r"|\bin accord(?:ance)? with\b"
    r"|\b(?:to|will|would|can|could|must|should|cannot|can[’']t|won[’']t|not) deal\b"  # the verb: "to deal with"
    r"|\bdeal (?:a|another) (?:\w+ )?blow\b"
    r"|\b(?:a|an|another|any|no|first|clear|strong(?:est)?|positive|latest|further|encouraging|good|hopeful|early|welcome|sure|only)"
    r" (?:\w+ )?signs?\b|\bsigns? (?:of|that)\b"                           # the noun: "a sign that", "signs of"
    r"|\bsign(?:s|ed|ing)? (?:into law|up\b|(?:a|an|the|his|her) (?:\w+ )?(?:letter|law|bill|order|directive|decree|petition|motion|proclamation)s?\b)"
    r"|\bagree[sd]? (?:[\w,]+ ){0,3}?to (?:\w+ )?(?:meet|discuss|talk|testify|consider|study|review|examine|look into"  # "agreed to hold talks"
    r"|(?:hold|continue|resume|keep|start|restart|begin|open|reopen|launch) (?:\w+ ){0,5}?"
    r"(?:talks|talking|negotiations|negotiating|discussions|consultations|dialogue|meetings?|summits?|(?:a )?votes?|elections?|(?:a )?referendum))\b"
    r"|\bagreed(?=\s*(?:[.,;:!?\"”]|$))"                                    # a person concurring: "Schumer agreed."
    r"|\b(?:[Cc]ommittee|[Ss]ubcommittee|panel|Senate|House|Congress|lawmakers|legislators|[Pp]arliament|[Cc]abinet|court|judge|senators)"
    r" (?:\w+ )?agree[sd]\b")                                              # a vote of a country's own body
NOT_AN_AGREEMENT = re.compile(r"\b(?:agreed (?:with|that)|I agree|disagree\w*)\b", re.IGNORECASE)
STATUS_CUES = cue_patterns("agreement_status_cues.csv", "status")
# an agreement reached and one still to be reached between the same sides are two; a rejection may be of either
STATUS_TENSE = {"signed": "done", "agreed": "done", "expected": "to come", "proposed": "to come", "rejected": "either"}
STATUS_RANK = {"rejected": 5, "signed": 4, "agreed": 3, "expected": 1, "proposed": 0}  # the most informative first: a rejection ends it
SECTOR_CUES = cue_patterns("agreement_sector_cues.csv", "sector")
SPLIT_ITEMS = re.compile(r",?\s+as well as\s+|;\s+and\s+")
# The words right before an agreement noun say which agreement it is: "the nuclear deal", "a trade pact".
NOUN_MODIFIERS = re.compile(rf"((?:[\w.’'-]+ ){{1,3}}){AGREEMENT_NOUN}\b", re.IGNORECASE)
# "the deal", "this accord", "Friday's agreement", "his trade deal": an agreement already spoken of.
REFERENCE_BACK = re.compile(
    rf"\b(?:(?i:the|this|that|such|its|their|his|her)|[A-Z]\w+[’']s) (?:[\w-]+ ){{0,3}}?{AGREEMENT_NOUN}\b")
# "a new deal", "another agreement": not the one already spoken of.
ANOTHER = re.compile(rf"\b(?:another|(?:a|any) new|a separate|a second|a follow-on|a further|a fresh) (?:[\w-]+ ){{0,2}}?{AGREEMENT_NOUN}\b", re.IGNORECASE)
THE_SIDES = re.compile(r"\b(?:[Tt]he two|[Bb]oth) (?:sides|countries|nations|governments|leaders|parties)\b")
MEETING_AFTER = re.compile(r"^\s+(?:summit|meeting|conference|gathering|talks)\b")
MEETING_OR_AGREEMENT_AFTER = re.compile(rf"^\s+(?:summit|meeting|conference|gathering|talks|{AGREEMENT_NOUN})\b", re.IGNORECASE)
GOVERNMENTS_AFTER = re.compile(r"^\s+(?:heads|leaders|countries|states|nations|governments|members|partners|allies|neighbou?rs|ministers|officials|powers|creditors|bloc)\b")
TOLD_MEDIA = re.compile(r"\b(?:told|according to|interview with|said on|speaking (?:to|on)|report(?:ed)? by|quoted by|cited by|wrote in)\s+(?:the\s+)?$")
MEDIA_AFTER = re.compile(r"^(?:[’']s)?\s+(?:reported|report|newspaper|news agency|television|TV|radio|said in a report)\b")


@dataclass(frozen=True)
class Party:
    name: str
    kind: str                # country | group | organization
    country_id: str | None


@dataclass(frozen=True)
class Agreement:
    start: int               # the evidence span: the clause of the agreement's first mention
    end: int
    summary: str
    sector: str
    status: str
    parties: tuple[Party, ...]
    method: str


@dataclass(frozen=True)
class Mention:
    """One sentence's (or clause's) statement of an agreement, before mentions of one agreement are merged."""
    agreement: Agreement
    sentence: int
    name: str | None           # a named agreement ("NAFTA")
    kind: str | None           # the sector its own noun phrase states ("nuclear deal"): tells agreements apart
    explicit_status: bool      # the status comes from a cue word, not the default
    refers_back: bool          # "the deal", "the two sides": an agreement already spoken of
    another: bool              # "a new deal": not the one already spoken of
    noun: bool                 # an agreement noun ("the deal"), not only a verb ("agreed to")

    @classmethod
    def of_clause(cls, agreement: Agreement, sentence: int, clause: str, name: str | None, kind: str | None,
                  explicit_status: bool, refers_back: bool) -> Mention:
        """The mention a clause makes; it refers back also where it says "the deal" again."""
        return cls(agreement, sentence, name, kind, explicit_status, refers_back or bool(REFERENCE_BACK.search(clause)),
                   bool(ANOTHER.search(clause)), bool(AGREEMENT_NOUN_WORD.search(without_false_cues(clause))))


@dataclass(frozen=True)
class _NamedAgreement:
    alias: str
    name: str
    sector: str
    members: tuple[str, ...]
    from_year: int | None
    until_year: int | None

    def meant_in(self, year: int | None) -> bool:
        """Whether a story of that year means this agreement by the alias (an undated story: any)."""
        return year is None or ((self.from_year or year) <= year <= (self.until_year or year))


def _organization_patterns() -> list[tuple[re.Pattern, str]]:
    rows = csv_rows("organizations.csv")
    return [(re.compile(r"(?<![\w-])" + re.escape(r["alias"]) + r"(?![\w-])"), r["name"]) for r in
            sorted(rows, key=lambda r: -len(r["alias"]))]


def _named_agreements() -> dict[str, list[_NamedAgreement]]:
    """Each alias's agreements, longest alias first; of one alias's agreements, the latest first (an undated story
    is a recent page)."""
    by_alias: dict[str, list[_NamedAgreement]] = {}
    for r in sorted(csv_rows("named_agreements.csv"), key=lambda r: (-len(r["alias"]), -int(r["from_year"] or 0))):
        by_alias.setdefault(r["alias"], []).append(_NamedAgreement(
            r["alias"], r["name"], r["sector"], tuple((r["members"] or "").split()),
            int(r["from_year"]) if r["from_year"] else None, int(r["until_year"]) if r["until_year"] else None))
    return by_alias


def _group_members() -> dict[str, frozenset[str]]:
    return {r["group_id"]: frozenset(r["members"].split()) for r in csv_rows("group_members.csv")}


ORGANIZATIONS = _organization_patterns()
REFERENCE_ORGANIZATIONS = frozenset(name for _, name in ORGANIZATIONS)
# matches where any of ORGANIZATIONS does: most sentences name none, and are passed in one search instead of one per alias
ANY_ORGANIZATION = re.compile("|".join(pattern.pattern for pattern, _ in ORGANIZATIONS))
NAMED_AGREEMENTS_BY_ALIAS = _named_agreements()
# one pass over the text for every name (the aliases are longest first, so a longer alias wins at a position)
ANY_NAMED_AGREEMENT = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, NAMED_AGREEMENTS_BY_ALIAS)) + r")(?![\w-])")
GROUP_MEMBERS = _group_members()
NEWS_MEDIA = word_list("news_media.txt")
REGIONS = word_list("regions.txt")
GOVERNMENT_BODY = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(word_list("government_bodies.txt"), key=len, reverse=True)) + r")\b")


def party_key(party: Party) -> str:
    return party.country_id or party.name.casefold()


def is_side(party: Party) -> bool:
    """Countries, groups and international organizations make an agreement international; a company alone does not."""
    return party.kind != "organization" or party.name in REFERENCE_ORGANIZATIONS


def two_sides(parties: list[Party]) -> bool:
    return sum(map(is_side, parties)) >= 2


def names_in(article: AnnotatedArticle, start: int, end: int) -> list[tuple[int, int, _NamedAgreement]]:
    """Named agreements in the span, non-overlapping, the longest name winning where two start together; an
    alias means the agreement it meant in the story's year."""
    found = []
    for m in ANY_NAMED_AGREEMENT.finditer(article.text, start, end):
        named = next((n for n in NAMED_AGREEMENTS_BY_ALIAS[m.group()] if n.meant_in(article.published_year)), None)
        if named is not None:
            found.append((m.start(), m.end(), named))
    return found


def with_group_members(agreement: Agreement, names: dict[str, str]) -> Agreement:
    """The agreement of a group of a fixed membership is also each member's, and one of all the members is
    also the group's (the largest group only: the G-7's is not also the G-5's)."""
    ids = {p.country_id for p in agreement.parties if p.country_id}
    added = [member for group, members in GROUP_MEMBERS.items() if group in ids for member in sorted(members - ids)]
    ids |= set(added)
    whole = [g for g, members in GROUP_MEMBERS.items() if members <= ids]
    added += [g for g in whole if g not in ids and not any(GROUP_MEMBERS[g] < GROUP_MEMBERS[other] for other in whole)]
    if not added:
        return agreement
    return replace(agreement, parties=agreement.parties + tuple(_country(i, names) for i in added))


def _is_news_medium(article: AnnotatedArticle, start: int, end: int, name: str) -> bool:
    """CBS, the New York Times: named as a source ("told CNBC", "according to the Journal"), never as a party."""
    before, after = article.text[max(0, start - 40):start], article.text[end:end + 30]
    return name in NEWS_MEDIA or bool(TOLD_MEDIA.search(before) or MEDIA_AFTER.match(after))


def _organization_party(article: AnnotatedArticle, start: int, end: int, leader_countries: dict[str, str],
                        names: dict[str, str]) -> Party | None:
    """An ORG entity as a party: a leader's surname stands for his country, a government body for the story's
    country; news media and people's names are no party."""
    name = re.sub(r"^the\s+|[’']s$", "", article.text[start:end], flags=re.IGNORECASE).strip()
    if len(name) <= 2 or _is_news_medium(article, start, end, name):
        return None
    for pattern, reference_name in ORGANIZATIONS:
        if pattern.fullmatch(name):
            return Party(reference_name, "organization", None)  # "U.N." is the United Nations found by alias
    last_word = name.split()[-1]
    if last_word in leader_countries:  # spaCy tags "Trump" ORG now and then
        return _country(leader_countries[last_word], names)
    if any(e.label == "PERSON" and article.text[e.start:e.end].split()[-1] == last_word for e in article.entities):
        return None
    if GOVERNMENT_BODY.search(name):
        return _country(article.dateline_country, names) if article.dateline_country else None
    return Party(name, "organization", None)


def _country(country_id: str, names: dict[str, str]) -> Party:
    return Party(names.get(country_id, country_id), "group" if country_id.startswith("GRP_") else "country", country_id)


def _is_venue(text: str, place: PlaceMatch) -> bool:
    """Where the agreement is talked about, not who makes it: "talks in Washington", "the G20 summit in Argentina",
    "the Paris accord"."""
    before, after = text[max(0, place.start - 60):place.start], text[place.end:place.end + 20]
    return bool((place.alias_kind == "capital" and (re.search(r"\b(?i:in|at)\s+$", before) or MEETING_OR_AGREEMENT_AFTER.match(after)))
                or re.search(r"\b(?:meeting|summit|talks|conference|gathering)\s+(?:\w+\s+){0,2}?in\s+(?:the\s+)?(?:[A-Z]\w+,\s+)?$", before)
                or (place.kind == "group" and MEETING_AFTER.match(after))
                or (re.search(r"\bin\s+the\s+$", before) and re.match(r"\s+capital\b", after)))


def _is_currency(text: str, place: PlaceMatch) -> bool:
    """"47 mln U.S. dlrs", "paid in Australian dollars": whose money, not who agrees."""
    return re.match(r"\s+(?:dlrs?|dollars?|cents)\b", text[place.end:place.end + 12], re.IGNORECASE) is not None


def _is_adjective_region(text: str, place: PlaceMatch) -> bool:
    """"Asian markets", "Central American migrants", "a Middle East trip": a region as an adjective is no party,
    unless it qualifies the governments themselves ("Central Asian heads of state", "European countries")."""
    after = text[place.end:place.end + 20]
    return place.country_id in REGIONS and re.match(r"\s+[a-z]", after) is not None and not GOVERNMENTS_AFTER.match(after)


def parties_in(article: AnnotatedArticle, start: int, end: int, names: dict[str, str],
                leader_countries: dict[str, str]) -> list[Party]:
    text = article.text
    agreement_names = names_in(article, start, end)
    parties: dict[str, Party] = {}

    def add(party: Party | None) -> None:
        if party is not None:
            parties.setdefault(party_key(party), party)

    def inside_a_name(s: int, e: int) -> bool:
        return any(ns < e and s < ne for ns, ne, _ in agreement_names)

    for _, _, named in agreement_names:
        for member in named.members:
            add(_country(member, names))
    for place in article.places_in(start, end):
        if inside_a_name(place.start, place.end):
            continue
        if _is_venue(text, place) or _is_adjective_region(text, place) or _is_currency(text, place):
            continue
        if place.kind == "group":
            add(Party(names.get(place.country_id, place.text), "group", place.country_id))
        else:
            add(Party(names.get(place.country_id, place.country_id), "country", place.country_id))
    if ANY_ORGANIZATION.search(text, start, end):
        for pattern, name in ORGANIZATIONS:
            if pattern.search(text, start, end):
                add(Party(name, "organization", None))
    for entity in article.entities_in(start, end, "ORG"):
        if not any(p.start < entity.end and entity.start < p.end for p in article.places) and not inside_a_name(entity.start, entity.end):
            add(_organization_party(article, entity.start, entity.end, leader_countries, names))
    unique: dict[str, Party] = {}
    for party in parties.values():
        unique.setdefault(party.name.casefold(), party)
    return list(unique.values())


def leader_parties(article: AnnotatedArticle, start: int, end: int, leader_countries: dict[str, str],
                      names: dict[str, str]) -> list[Party]:
    """Countries of the leaders named in the span: 'Xi and Tokayev agreed' is China and Kazakhstan agreeing."""
    text = article.text[start:end]
    return [_country(c, names) for surname, c in leader_countries.items()
            if re.search(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])", text)]


def clause_status(clause: str) -> tuple[str, bool]:
    """The status and whether a cue word states it (else it is the default, "agreed"). A rejection or an expectation
    decides; otherwise the first of signed / proposed / agreed the clause states ("agreed to delay the increase to buy
    time for negotiations" was agreed)."""
    found = [(m.start(), n, status) for n, (status, pattern) in enumerate(STATUS_CUES) if (m := pattern.search(clause))]
    if not found:
        return "agreed", False
    decisive = [f for f in found if f[2] in ("rejected", "expected")]
    return min(decisive or found)[2], True


def clause_sector(clause: str) -> str | None:
    for sector, pattern in SECTOR_CUES:
        if pattern.search(clause):
            return sector
    return None


def noun_kind(clause: str) -> str | None:
    """The sector the agreement's own noun phrase states: "nuclear deal" is security even in a sentence about oil."""
    for m in NOUN_MODIFIERS.finditer(clause):
        words = re.split(r"\b(?:a|an|the|this|that|its|their|his|her|of|with|to|and|on|for|in)\b", m.group(1), flags=re.IGNORECASE)[-1]
        if (sector := clause_sector(words)) is not None:
            return sector
    return None


def _with_parties(parties: list[Party], more: list[Party]) -> list[Party]:
    merged = {party_key(p): p for p in parties}
    for party in more:
        merged.setdefault(party_key(party), party)
    return list(merged.values())


@functools.lru_cache(maxsize=2048)
def without_false_cues(text: str) -> str:
    # cached: the rules and the learned decisions ask it of each sentence of an article several times
    return FALSE_CUES.sub(lambda m: " " * len(m.group()), text)


def rule_mentions(article: AnnotatedArticle, names: dict[str, str], leader_countries: dict[str, str]) -> list[Mention]:
    mentions: list[Mention] = []
    for index, (start, end) in enumerate(article.sentences):
        sentence = article.text[start:end]
        agreement_names = names_in(article, start, end)
        if not (AGREEMENT_CUE.search(without_false_cues(sentence)) or agreement_names):
            continue
        if NOT_AN_AGREEMENT.search(sentence):
            continue
        parties = parties_in(article, start, end, names, leader_countries)
        refers_back = False
        if THE_SIDES.search(sentence) and mentions:  # "the two countries": the parties of the agreement spoken of
            parties, refers_back = list(mentions[-1].agreement.parties), True
        if not two_sides(parties):
            parties = _with_parties(parties, leader_parties(article, start, end, leader_countries, names))
        if not two_sides(parties) and index > 0 and re.match(r"\s*(?:They|The two|Both|The sides|The two sides)\b", sentence):
            previous_start, previous_end = article.sentences[index - 1]
            parties = _with_parties(parties, parties_in(article, previous_start, previous_end, names, leader_countries)
                                    + leader_parties(article, previous_start, previous_end, leader_countries, names))
        if not two_sides(parties):
            continue
        status, explicit = clause_status(sentence)
        name = agreement_names[0][2] if agreement_names else None
        party_sets = _party_sets(parties, _enumerated_countries(article, start, end))
        for item_start, item_end in _items(article.text, start, end):
            clause = article.text[item_start:item_end]
            kind = name.sector if name else noun_kind(clause)
            sector = kind or clause_sector(clause) or "other"
            for party_set in party_sets:
                agreement = Agreement(item_start, item_end, summary_of(clause), sector, status, party_set, "rules:cue-sentence")
                mentions.append(Mention.of_clause(agreement, index, clause, name.name if name else None, kind, explicit, refers_back))
    return mentions


def continues(earlier: Mention, later: Mention) -> bool:
    """Whether a later mention speaks of the agreement of an earlier one: the same name, or no new side, or
    "the deal" among sides already spoken of; unless it is "a new deal" or one of another kind."""
    if earlier.sentence == later.sentence:
        return False  # one sentence stating two agreements ("agreed to X, as well as Y") states two
    if earlier.name and later.name:
        return earlier.name == later.name
    sides_earlier, sides_later = sides_of(earlier), sides_of(later)
    if later.name:  # the name of an agreement spoken of: "his North American trade deal" ... "the USMCA"
        return earlier.noun and earlier.kind in (None, later.kind) and sides_earlier <= sides_later
    if later.another or (earlier.kind and later.kind and earlier.kind != later.kind):
        return False  # "a new agreement"; a trade deal after a nuclear deal
    if earlier.explicit_status and later.explicit_status and \
            {STATUS_TENSE[earlier.agreement.status], STATUS_TENSE[later.agreement.status]} == {"done", "to come"}:
        return False  # the truce they agreed and the broader deal they expect are two agreements
    return sides_later <= sides_earlier or (later.refers_back and bool(sides_earlier & sides_later))


def sides_of(mention: Mention) -> set[str]:
    return {party_key(p) for p in mention.agreement.parties if is_side(p)}


def merge_two(earlier: Mention, later: Mention) -> Mention:
    """The first mention's evidence and summary stand (it introduces the agreement) and the parties are the union.
    The status is the most informative one a cue word states (an agreement one sentence says was signed is signed);
    the sector the agreement's own noun phrase states ("the trade deal") beats one read from a sentence's other words."""
    a, b = earlier.agreement, later.agreement
    status = a.status
    if later.explicit_status and (not earlier.explicit_status or STATUS_RANK[b.status] > STATUS_RANK[a.status]):
        status = b.status
    sector = earlier.kind or later.kind or (a.sector if a.sector != "other" else b.sector)
    parties = tuple(_with_parties(list(a.parties), list(b.parties)))
    return replace(earlier, agreement=replace(a, status=status, sector=sector, parties=parties),
                   explicit_status=earlier.explicit_status or later.explicit_status, name=earlier.name or later.name,
                   kind=earlier.kind or later.kind)


def find_agreements(article: AnnotatedArticle, place_names: dict[str, str], leader_countries: dict[str, str]) -> list[Agreement]:
    """place_names: id → display name of countries and groups; leader_countries: leader surname → country.
    One agreement per agreement spoken of: a later mention of it merges into the latest agreement it continues."""
    return [with_group_members(a, place_names) for a in merge_mentions(rule_mentions(article, place_names, leader_countries))]


def merge_mentions(mentions: list[Mention]) -> list[Agreement]:
    merged: list[Mention] = []
    for mention in mentions:
        target = next((i for i in reversed(range(len(merged))) if continues(merged[i], mention)), None)
        if target is None:
            merged.append(mention)
        else:
            merged[target] = merge_two(merged[target], mention)
    return [m.agreement for m in merged]


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
    others = [p for p in parties if p.kind != "country" and is_side(p)]
    if len(others) == 1 and others[0].kind == "organization" and len(countries) >= 2 and {c.country_id for c in countries} <= listed_countries:
        return [(c, others[0]) for c in countries]
    return [tuple(parties)]


def summary_of(clause: str) -> str:
    clause = re.sub(r"\s+", " ", clause).strip()
    return clause if len(clause) <= 200 else clause[:197].rsplit(" ", 1)[0] + "..."
