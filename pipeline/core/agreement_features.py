"""Candidate agreement sentences, the sides that may be their parties, and the features the learned agreement
decisions read.

Candidates are taken with high recall: every sentence with one of the rules' agreement cues, a named agreement,
or a word of `pipeline/data/agreement_candidate_cues.csv` ("truce", "phase one", "arms sale", "talks"). Its
possible parties are the sides the rules read in the sentence and its leaders' countries and, where the
sentence names fewer than two sides, those of the sentence before and the story's main country. The rules'
cue lists (status, sector, false cues) and the rules' own reading become features; for parsed sentences, so do
the grammar around the cue word (its head, the governing verb's negation, modal and subject) and around each
side (subject, object of "with" / "between", possessor).
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.core.agreements import (
    AGREEMENT_CUE, AGREEMENT_NOUN_WORD, ANOTHER, FALSE_CUES, NOT_AN_AGREEMENT, REFERENCE_BACK, REFERENCE_ORGANIZATIONS,
    SECTOR_CUES, STATUS_CUES, THE_SIDES, Mention, Party, is_side, leader_parties, names_in, parties_in, party_key,
    rule_mentions, without_false_cues,
)
from pipeline.core.article import AnnotatedArticle
from pipeline.core.reference_data import cue_patterns
from pipeline.core.syntax import SentenceParse

CANDIDATE_CUES = cue_patterns("agreement_candidate_cues.csv", "kind")
WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
NEGATION = re.compile(r"\b(?:no|not|n[’']t|never|without|failed|fail|fails|lack of|instead of|unless)\b", re.IGNORECASE)
HYPOTHETICAL = re.compile(r"\b(?:if|whether|would|could|might|may|hope[sd]?|want(?:s|ed)?|seek(?:s|ing)?|aim(?:s|ed)? to)\b", re.IGNORECASE)
MODALS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must"})
RULE_WEIGHT = 3.0


@dataclass(frozen=True)
class PartyCandidate:
    party: Party
    source: str           # sentence | leader | named | previous | main
    start: int            # where the sentence names it, or -1
    end: int


@dataclass(frozen=True)
class AgreementCandidate:
    sentence: int
    start: int
    end: int
    parties: tuple[PartyCandidate, ...]
    rule_mentions: tuple[Mention, ...]   # what the rules read in this sentence (none: the rules passed it over)


@functools.lru_cache(maxsize=2048)
def _cue_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, feature name) of every cue word of the sentence, offsets within it (cached: a candidate
    sentence is asked once to be found, once for its features and once for each of its sides)."""
    text = without_false_cues(sentence)
    spans = [(m.start(), m.end(), f"rule_cue:{m.group().lower()}") for m in AGREEMENT_CUE.finditer(text)]
    for kind, pattern in CANDIDATE_CUES:
        spans += [(m.start(), m.end(), f"cue:{kind}:{m.group().lower()}") for m in pattern.finditer(text)]
    return tuple(sorted(spans))


def _first_position(article: AnnotatedArticle, party: Party, start: int, end: int) -> tuple[int, int]:
    if party.country_id:
        place = next((p for p in article.places_in(start, end) if p.country_id == party.country_id), None)
        if place is not None:
            return place.start, place.end
    found = article.text.find(party.name, start, end)
    return (found, found + len(party.name)) if found >= 0 else (-1, -1)


def agreement_candidates(article: AnnotatedArticle, names: dict[str, str], leader_countries: dict[str, str]) -> list[AgreementCandidate]:
    by_sentence: dict[int, list[Mention]] = {}
    for mention in rule_mentions(article, names, leader_countries):
        by_sentence.setdefault(mention.sentence, []).append(mention)
    main = article.main_country()
    candidates = []
    for index, (start, end) in enumerate(article.sentences):
        sentence = article.text[start:end]
        if index not in by_sentence and not _cue_spans(sentence) and not names_in(article, start, end):
            continue
        found: dict[str, PartyCandidate] = {}

        def add(party: Party, source: str, in_sentence: bool = True) -> None:
            if party_key(party) not in found:
                position = _first_position(article, party, start, end) if in_sentence else (-1, -1)
                found[party_key(party)] = PartyCandidate(party, source, *position)

        for mention in by_sentence.get(index, []):
            for party in mention.agreement.parties:
                add(party, "named" if mention.name else "sentence")
        for party in parties_in(article, start, end, names, leader_countries):
            add(party, "sentence")
        for party in leader_parties(article, start, end, leader_countries, names):
            add(party, "leader")
        if sum(is_side(c.party) for c in found.values()) < 2:
            if index > 0:
                previous_start, previous_end = article.sentences[index - 1]
                for party in parties_in(article, previous_start, previous_end, names, leader_countries) \
                        + leader_parties(article, previous_start, previous_end, leader_countries, names):
                    add(party, "previous", in_sentence=False)
            if main:
                add(Party(names.get(main, main), "country", main), "main", in_sentence=False)
        if found:
            candidates.append(AgreementCandidate(index, start, end, tuple(found.values()), tuple(by_sentence.get(index, []))))
    return candidates


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2" if n == 2 else "3-4" if n <= 4 else "5+"


def sentence_features(article: AnnotatedArticle, candidate: AgreementCandidate, parse: SentenceParse | None) -> dict[str, float]:
    """What the words, cue lists, rules and grammar of a candidate sentence say about whether it states an agreement."""
    sentence = article.text[candidate.start:candidate.end]
    f: dict[str, float] = {"bias": 1.0}
    for w in {w.lower() for w in WORD.findall(sentence)}:
        f[f"S:{w}"] = 0.3
    cues = _cue_spans(sentence)
    for _, _, name in cues:
        f[name] = 1.0
        f[name.rsplit(":", 1)[0]] = 1.0
    f["no_cue"] = float(not cues)
    f["agreement_noun"] = float(bool(AGREEMENT_NOUN_WORD.search(without_false_cues(sentence))))
    f["false_cue"] = float(bool(FALSE_CUES.search(sentence)))
    f["not_an_agreement"] = float(bool(NOT_AN_AGREEMENT.search(sentence)))
    f["named_agreement"] = float(bool(names_in(article, candidate.start, candidate.end)))
    f["refers_back"] = float(bool(REFERENCE_BACK.search(sentence) or THE_SIDES.search(sentence)))
    f["another"] = float(bool(ANOTHER.search(sentence)))
    f["negation"] = float(bool(NEGATION.search(sentence)))
    f["hypothetical"] = float(bool(HYPOTHETICAL.search(sentence)))
    f["quoted"] = float(sentence.lstrip()[:1] in "\"“‘'")
    for status, pattern in STATUS_CUES:
        if pattern.search(sentence):
            f[f"status_cue:{status}"] = 1.0
    for sector, pattern in SECTOR_CUES:
        if pattern.search(sentence):
            f[f"sector_cue:{sector}"] = 1.0
    f[f"sentence:{_bucket(candidate.sentence)}"] = 1.0
    in_sentence = [c for c in candidate.parties if c.start >= 0]
    f[f"sides_in_sentence:{_bucket(sum(is_side(c.party) for c in in_sentence))}"] = 1.0
    f[f"sides:{_bucket(sum(is_side(c.party) for c in candidate.parties))}"] = 1.0
    for c in candidate.parties:
        f[f"party:{c.party.kind}:{c.source}"] = 1.0
        if c.party.name in REFERENCE_ORGANIZATIONS:
            f["international_organization"] = 1.0
    if candidate.rule_mentions:
        f["rule_mention"] = RULE_WEIGHT
        f[f"rule_status:{candidate.rule_mentions[0].agreement.status}"] = 1.0
        f[f"rule_sector:{candidate.rule_mentions[0].agreement.sector}"] = 1.0
    else:
        f["rule_none"] = RULE_WEIGHT
    if parse is not None:
        f.update(_cue_grammar(parse, [(candidate.start + s, candidate.start + e) for s, e, _ in cues]))
    return f


def _cue_grammar(parse: SentenceParse, cue_spans: list[tuple[int, int]]) -> dict[str, float]:
    f: dict[str, float] = {}
    for start, end in cue_spans[:4]:
        head = parse.span_head(start, end)
        if head is None:
            continue
        t = parse.tokens[head]
        f[f"cue_dep:{t.dep}"] = 1.0
        if t.head != head:
            f[f"cue_head:{parse.tokens[t.head].lemma.lower()}"] = 1.0
        verb = head if t.pos in ("VERB", "AUX") else parse.governing_verb(head)
        if verb is None:
            continue
        v = parse.tokens[verb]
        f[f"cue_verb:{v.lemma.lower()}"] = 1.0
        for child in parse.children(verb):
            c = parse.tokens[child]
            if c.dep == "neg":
                f["cue_verb_negated"] = 1.0
            if c.dep == "aux" and c.lemma.lower() in MODALS:
                f[f"cue_verb_modal:{c.lemma.lower()}"] = 1.0
            if c.dep == "mark":
                f[f"cue_verb_mark:{c.lemma.lower()}"] = 1.0
        subject = parse.subject(verb)
        if subject is not None:
            f[f"cue_subject_pos:{parse.tokens[subject].pos}"] = 1.0
    return f


def party_features(article: AnnotatedArticle, candidate: AgreementCandidate, party: PartyCandidate, parse: SentenceParse | None,
                   mentions: Counter) -> dict[str, float]:
    """How a side stands to a candidate sentence: named where, after which word, how often the story names it, and
    whether the rules made it a party."""
    text = article.text
    f: dict[str, float] = {"bias": 1.0, f"kind:{party.party.kind}": 1.0, f"source:{party.source}": 1.0}
    f["is_main_country"] = float(party.party.country_id is not None and party.party.country_id == article.main_country())
    f["international_organization"] = float(party.party.name in REFERENCE_ORGANIZATIONS)
    f["side"] = float(is_side(party.party))
    ranked = [k for k, _ in mentions.most_common()]
    key = party.party.country_id
    f[f"mention_rank:{min(ranked.index(key), 3) if key in ranked else 9}"] = 1.0
    f[f"others:{_bucket(len(candidate.parties) - 1)}"] = 1.0
    rule_parties = {party_key(p) for m in candidate.rule_mentions for p in m.agreement.parties}
    f["rule_party"] = RULE_WEIGHT * (party_key(party.party) in rule_parties)
    f["rule_mention"] = float(bool(candidate.rule_mentions))
    if party.start >= 0:
        before = [w.lower() for w in WORD.findall(text[max(candidate.start, party.start - 30):party.start])][-2:]
        if before:
            f[f"prev_word:{before[-1]}"] = 1.0
        f["possessive"] = float(bool(re.match(r"[’']s?\b", text[party.end:party.end + 3])))
        f["opens_sentence"] = float(party.start - candidate.start < 8)
        cues = [(candidate.start + s, candidate.start + e) for s, e, _ in _cue_spans(text[candidate.start:candidate.end])]
        if cues:
            nearest = min(cues, key=lambda c: abs(c[0] - party.start))
            gap = len(WORD.findall(text[min(nearest[1], party.end):max(nearest[0], party.start)]))
            f[f"cue_{'before' if nearest[0] < party.start else 'after'}:{_bucket(gap)}"] = 1.0
        if parse is not None:
            f.update(_party_grammar(parse, party, cues))
    return f


def _party_grammar(parse: SentenceParse, party: PartyCandidate, cues: list[tuple[int, int]]) -> dict[str, float]:
    head = parse.span_head(party.start, party.end)
    if head is None:
        return {}
    f = parse.attachment(head, "party")
    up = [head, *parse.ancestors(head)]
    for start, end in cues[:4]:
        cue = parse.span_head(start, end)
        if cue is None:
            continue
        verb = cue if parse.tokens[cue].pos in ("VERB", "AUX") else parse.governing_verb(cue)
        if verb is not None and parse.subject(verb) in up[:3]:
            f["subject_of_cue_verb"] = 1.0
        cue_up = [cue, *parse.ancestors(cue)]
        common = next((a for a in up if a in cue_up), None)
        if common is not None:
            f[f"tree_distance:{min(up.index(common) + cue_up.index(common), 6)}"] = 1.0
    return f

