"""Features of a money amount and of the places around it, for the learned figure decisions.

The rules' cue lists (metric words, balance signs, tariff and company contexts) and the rules' own reading
of the amount become features here; a model trained on annotated stories decides. Features are plain
`{name: value}` dicts over the article's text, its sentence spans, places and entities, and — for sentences
the parser read — the amount's syntactic head, its verb and the verb's subject.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pipeline.core.amounts import Amount
from pipeline.core.article import AnnotatedArticle
from pipeline.core.figure_cues import (
    CENTRAL_BANK_TRADES, COMPANY_CONTEXT, COUNTERPART_PREPOSITIONS, METRIC_BY_GROUP, METRIC_PATTERN, MONEY_MARKET_OPERATION, SIGN_PATTERN,
    SUBJECT_TO_MEASURE, SUBJECT_TO_MEASURE_AFTER, TRADE_STORY,
)
from pipeline.core.figures import Figure
from pipeline.core.reference_data import cue_patterns
from pipeline.core.syntax import SentenceParse

WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*|[$£€%]")
CHANGE_WORDS = re.compile(
    r"\b(?:rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|drop(?:s|ped|ping)?|jump(?:s|ed|ing)?|surg(?:e|es|ed|ing)|"
    r"climb(?:s|ed|ing)?|slump(?:s|ed|ing)?|declin(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|"
    r"grew|grow(?:s|n|ing)?|widen(?:s|ed|ing)?|narrow(?:s|ed|ing)?|shrank|shrink(?:s|ing)?|cut(?:s|ting)?|"
    r"reduc(?:e|es|ed|ing|tion|tions)|add(?:s|ed|ing)?|boost(?:s|ed|ing)?|rais(?:e|es|ed|ing)|lower(?:s|ed|ing)?|"
    r"up|down|more|less|higher|lower|savings?)\b", re.IGNORECASE)
BY_AMOUNT = re.compile(r"\bby\s+(?:about\s+|some\s+|nearly\s+|almost\s+|around\s+|more\s+than\s+|over\s+)?$", re.IGNORECASE)
TO_AMOUNT = re.compile(r"\b(?:to|at|of|was|were|is|totall?ed|totals?|stood at|reached|hit)\s+(?:a\s+|an\s+)?"
                       r"(?:record\s+|about\s+|some\s+|nearly\s+|almost\s+|around\s+|more\s+than\s+|over\s+)?$", re.IGNORECASE)
NEGATIVE_DIRECTION = re.compile(r"\b(?:fell|fall(?:s|en|ing)?|drop(?:s|ped|ping)?|slump(?:s|ed|ing)?|declin(?:e|es|ed|ing)|"
                                r"decreas(?:e|es|ed|ing)|narrow(?:s|ed|ing)?|shrank|shrink(?:s|ing)?|cut(?:s|ting)?|"
                                r"reduc(?:e|es|ed|ing|tion|tions)|lower(?:s|ed|ing)?|down|less|savings?)\b", re.IGNORECASE)
RULE_WEIGHT = 3.0
# word classes around an amount (a programme, a public actor, a spending verb, a cut, taxes, markets, arms):
# features, so that "$25bn for the wall" and "$8.3bn in emergency aid" are learned as kinds, not word by word
CONTEXT_CUES = cue_patterns("figure_context_cues.csv", "context")
NEAR_CHARS = 50


@dataclass(frozen=True)
class PlaceCandidate:
    """A country or group that may own an amount or be its partner."""
    place_id: str
    kind: str                      # country | historical | group
    nearest_start: int             # the mention nearest the amount, or -1 for story-level candidates
    nearest_end: int
    alias_kind: str
    in_sentence: bool
    sentences_back: int            # 0: the amount's sentence; 1..: earlier sentences; 99: story-level only


def _words(text: str) -> list[str]:
    return [("<num>" if w[0].isdigit() else w.lower()) for w in WORD.findall(text)]


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8+"


def _metric_cues(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    return [(m.start(), m.end(), METRIC_BY_GROUP[m.lastgroup], m.group().lower()) for m in METRIC_PATTERN.finditer(text, start, end)]


def amount_features(article: AnnotatedArticle, amount: Amount, rule: Figure | None, parse: SentenceParse | None,
                    index_in_sentence: int, amounts_in_sentence: int) -> dict[str, float]:
    """What the words, cues, rules and grammar around an amount say about it."""
    text = article.text
    s_start, s_end = article.sentence_bounds(amount.start)
    f: dict[str, float] = {"bias": 1.0}
    left, right = _words(text[s_start:amount.start]), _words(text[amount.end:s_end])
    for i, w in enumerate(reversed(left[-8:])):
        f[f"L{_bucket(i + 1)}:{w}"] = 1.0
    for i, w in enumerate(right[:8]):
        f[f"R{_bucket(i + 1)}:{w}"] = 1.0
    if left:
        f[f"L1w:{left[-1]}"] = 1.0
        if len(left) > 1:
            f[f"L2g:{left[-2]}_{left[-1]}"] = 1.0
    if right:
        f[f"R1w:{right[0]}"] = 1.0
        if len(right) > 1:
            f[f"R2g:{right[0]}_{right[1]}"] = 1.0
    for w in set(_words(text[s_start:s_end])):
        f[f"S:{w}"] = 0.3
    # the amount itself
    f[f"currency:{amount.currency}"] = 1.0
    f[f"qualifier:{amount.qualifier}"] = 1.0
    f[f"scale:{int(math.log10(max(abs(amount.value), 1)))}"] = 1.0
    f["unit_price"] = float(amount.unit_price)
    f["inherited"] = float(amount.inherited)
    f["parsed_change"] = float(amount.change)
    f["first_in_sentence"] = float(index_in_sentence == 0)
    f[f"amounts_in_sentence:{_bucket(amounts_in_sentence)}"] = 1.0
    f["in_title_or_lead"] = float(article.sentence_index(amount.start) == 0)
    # cue lists: the metric words nearest the amount on each side
    cues = _metric_cues(text, s_start, s_end)
    before = [c for c in cues if c[1] <= amount.start]
    after = [c for c in cues if c[0] >= amount.end]
    if before:
        c = before[-1]
        gap = len(_words(text[c[1]:amount.start]))
        f[f"cue_before:{c[2]}"] = 1.0
        f[f"cue_before:{c[2]}:{_bucket(gap)}"] = 1.0
        f[f"cue_word_before:{c[3]}"] = 1.0
    if after:
        c = after[0]
        gap = len(_words(text[amount.end:c[0]]))
        f[f"cue_after:{c[2]}"] = 1.0
        f[f"cue_after:{c[2]}:{_bucket(gap)}"] = 1.0
        f[f"cue_word_after:{c[3]}"] = 1.0
    for c in cues:
        f[f"cue_in_sentence:{c[2]}"] = 1.0
    f["sign_word_in_sentence"] = float(bool(SIGN_PATTERN.search(text, s_start, s_end)))
    f["company_context"] = float(bool(COMPANY_CONTEXT.search(text, s_start, s_end)))
    f["money_market"] = float(is_market_operation(article, amount))
    f["under_measure"] = float(bool(SUBJECT_TO_MEASURE.search(text, max(s_start, amount.start - 80), amount.start)
                                    or SUBJECT_TO_MEASURE_AFTER.match(text, amount.end, s_end)))
    f["by_amount"] = float(bool(BY_AMOUNT.search(text, max(s_start, amount.start - 30), amount.start)))
    f["to_amount"] = float(bool(TO_AMOUNT.search(text, max(s_start, amount.start - 30), amount.start)))
    f["change_word_before"] = float(bool(CHANGE_WORDS.search(text, max(s_start, amount.start - 40), amount.start)))
    f["change_word_after"] = float(bool(CHANGE_WORDS.match(" " + text[amount.end:min(s_end, amount.end + 25)])))
    f["negative_direction"] = float(bool(NEGATIVE_DIRECTION.search(text, s_start, s_end)))
    # what else the sentence holds
    places = article.places_in(s_start, s_end)
    f[f"places_in_sentence:{_bucket(len({p.country_id for p in places}))}"] = 1.0 if places else 0.0
    f["no_place_in_sentence"] = float(not places)
    orgs = article.entities_in(s_start, s_end, "ORG")
    f["org_before_amount"] = float(any(e.end <= amount.start for e in orgs))
    f["org_opens_sentence"] = float(any(e.start - s_start < 5 for e in orgs))
    f["person_in_sentence"] = float(bool(article.entities_in(s_start, s_end, "PERSON")))
    f["trade_story"] = float(bool(TRADE_STORY.search(text)))
    f["undated_story"] = float(article.published_date is None)
    # the rules' reading, weighted up: a few hundred stories cannot outvote them word by word
    if rule is not None:
        f[f"rule_metric:{rule.metric}"] = RULE_WEIGHT
        f["rule_negative"] = RULE_WEIGHT * (rule.value < 0)
        f["rule_has_country"] = RULE_WEIGHT * (rule.country_id is not None)
        f["rule_has_counterpart"] = RULE_WEIGHT * (rule.counterpart_id is not None)
    else:
        f["rule_none"] = RULE_WEIGHT
    f.update(context_features(text, amount, s_start, s_end))
    if parse is not None:
        f.update(parse.amount_features(amount.start, amount.end))
        f.update(grammar_context_features(text, parse, amount))
    return f


def context_features(text: str, amount: Amount, s_start: int, s_end: int) -> dict[str, float]:
    """Which word classes the sentence holds, and which lie next to the amount."""
    f: dict[str, float] = {}
    near_start, near_end = max(s_start, amount.start - NEAR_CHARS), min(s_end, amount.end + NEAR_CHARS)
    for context, pattern in CONTEXT_CUES:
        if not pattern.search(text, s_start, s_end):
            continue
        f[f"context_in_sentence:{context}"] = 1.0
        if pattern.search(text, near_start, amount.start):
            f[f"context_before:{context}"] = 1.0
        if pattern.search(text, amount.end, near_end):
            f[f"context_after:{context}"] = 1.0
    return f


def grammar_context_features(text: str, parse: SentenceParse, amount: Amount) -> dict[str, float]:
    """The word classes of the amount's verb, its subject and what the amount is for or in ("$5bn for the wall")."""
    head = parse.span_head(amount.start, amount.end)
    if head is None:
        return {}
    f: dict[str, float] = {}

    def classes(name: str, index: int) -> None:
        token = parse.tokens[index]
        for context, pattern in CONTEXT_CUES:
            if pattern.fullmatch(text[token.start:token.end]) or pattern.fullmatch(token.lemma):
                f[f"{name}:{context}"] = 1.0

    verb = parse.governing_verb(head)
    if verb is not None:
        classes("verb_class", verb)
        subject = parse.subject(verb)
        if subject is not None:
            classes("subject_class", subject)
    # prepositions hanging on the amount's head (or on its currency word): "for", "in", "of", "to"
    for token in (head, *[j for j in parse.children(head) if amount.start <= parse.tokens[j].start < amount.end]):
        for j in parse.children(token):
            prep = parse.tokens[j]
            if prep.pos != "ADP":
                continue
            word = prep.lemma.lower()
            f[f"amount_prep:{word}"] = 1.0
            for k in parse.children(j):
                obj = parse.tokens[k]
                f[f"amount_prep_obj:{word}:{obj.lemma.lower()}"] = 1.0
                classes(f"amount_prep_class:{word}", k)
    return f


def is_market_operation(article: AnnotatedArticle, amount: Amount) -> bool:
    """A central bank's money-market or currency operation: no country's economic quantity."""
    start, end = article.sentence_bounds(amount.start)
    return bool(MONEY_MARKET_OPERATION.search(article.text, start, end) or CENTRAL_BANK_TRADES.search(article.text, start, end))


def place_candidates(article: AnnotatedArticle, amount: Amount, lookback: int = 2) -> list[PlaceCandidate]:
    """Places of the amount's sentence and the sentences just before, and the story's main country."""
    index = article.sentence_index(amount.start)
    s_start, s_end = article.sentences[index]
    first = article.sentences[max(0, index - lookback)][0]
    by_id: dict[str, PlaceCandidate] = {}
    for place in article.places_in(first, s_end):
        back = index - article.sentence_index(place.start)
        distance = abs(place.start - amount.start)
        known = by_id.get(place.country_id)
        if known is None or (back, distance) < (known.sentences_back, abs(known.nearest_start - amount.start)):
            by_id[place.country_id] = PlaceCandidate(place.country_id, place.kind, place.start, place.end, place.alias_kind,
                                                     back == 0, back)
    main = article.main_country()
    if main and main not in by_id:
        by_id[main] = PlaceCandidate(main, article_kind(article, main), -1, -1, "story", False, 99)
    return list(by_id.values())


def article_kind(article: AnnotatedArticle, place_id: str) -> str:
    return next((p.kind for p in article.places if p.country_id == place_id), "country")


def place_features(article: AnnotatedArticle, amount: Amount, candidate: PlaceCandidate, rule: Figure | None,
                   parse: SentenceParse | None, mention_counts: dict[str, int]) -> dict[str, float]:
    """How a place stands to an amount: where, after which word, how often the story names it, what the rules said."""
    text = article.text
    f: dict[str, float] = {"bias": 1.0, f"kind:{candidate.kind}": 1.0, f"alias:{candidate.alias_kind}": 1.0,
                           f"back:{min(candidate.sentences_back, 3)}": 1.0}
    main = article.main_country()
    f["is_main_country"] = float(candidate.place_id == main)
    f["is_dateline_country"] = float(candidate.place_id == article.dateline_country)
    ranked = sorted(mention_counts, key=lambda c: -mention_counts[c])
    rank = ranked.index(candidate.place_id) if candidate.place_id in ranked else 9
    f[f"mention_rank:{min(rank, 3)}"] = 1.0
    f[f"mentions:{_bucket(mention_counts.get(candidate.place_id, 0))}"] = 1.0
    if candidate.nearest_start >= 0:
        s_start, s_end = article.sentence_bounds(candidate.nearest_start)
        before_amount = candidate.nearest_end <= amount.start
        gap_text = text[candidate.nearest_end:amount.start] if before_amount else text[amount.end:candidate.nearest_start]
        gap = len(_words(gap_text))
        side = "before" if before_amount else "after"
        f[f"{side}:{_bucket(gap)}"] = 1.0
        preceding = _words(text[max(s_start, candidate.nearest_start - 25):candidate.nearest_start])[-2:]
        if preceding:
            f[f"prev_word:{preceding[-1]}"] = 1.0
            f[f"{side}_prev_word:{preceding[-1]}"] = 1.0
        following = text[candidate.nearest_end:candidate.nearest_end + 3]
        f["possessive"] = float(bool(re.match(r"['’]s?\b", following)))
        f["counterpart_preposition"] = float(bool(COUNTERPART_PREPOSITIONS.search(text, max(s_start, candidate.nearest_start - 25),
                                                                                  candidate.nearest_start)))
        if candidate.in_sentence:
            in_sentence = article.places_in(s_start, s_end)
            ids = [p.country_id for p in in_sentence]
            f["first_place_of_sentence"] = float(bool(ids) and ids[0] == candidate.place_id)
            f["sentence_opens_with_place"] = float(candidate.nearest_start - s_start < 6)
            f[f"places_in_sentence:{_bucket(len(set(ids)))}"] = 1.0
            cues = _metric_cues(text, s_start, s_end)
            after_place = [c for c in cues if c[0] >= candidate.nearest_end]
            if after_place and after_place[0][0] - candidate.nearest_end < 30:
                f[f"cue_right_after_place:{after_place[0][2]}"] = 1.0
        if parse is not None:
            f.update(parse.place_features(amount.start, amount.end, candidate.nearest_start, candidate.nearest_end))
    else:
        f["story_level_only"] = 1.0
    if rule is not None:
        f["rule_country"] = RULE_WEIGHT * (rule.country_id == candidate.place_id)
        f["rule_counterpart"] = RULE_WEIGHT * (rule.counterpart_id == candidate.place_id)
    return f
