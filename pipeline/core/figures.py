"""Figures: money amounts tied to a metric, a country (and counterpart) and a period.

Wire stories state figures in runs ("Exports were 905 mln dlrs against 929 mln, revised from
971 mln in December, while imports fell to 858 mln ..."): a metric word, a country or pair and a
period hold for every amount that follows until the text names another. The extractor reads each
sentence left to right keeping that state, and lets cues written right after an amount ("a 3.3 mln
dlr deficit", "68 billion dlrs worth of debt", "1.8 billion from the U.S.", "in January") win.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.core.amounts import Amount, find_document_amounts
from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import PlaceMatch
from pipeline.core.figure_cues import (
    ANTECEDENT_SENTENCES, BALANCE_AFTER, BALANCE_METRICS, BALANCE_OF_OTHER_ACCOUNTS, BETWEEN_PAIR, BUDGET_STORY,
    BUYING_BEFORE, CENTRAL_BANK_TRADES, CLAUSE_BOUNDARY, COMPANY_CONTEXT, COMPANY_REVENUE, COMPARISON_LINK,
    COUNTERPART_PREPOSITIONS, COVERED_GOODS, DEFINITE_BEFORE, ESTIMATE, EXCESS_OF_SALES, FORECAST, GIVING_VERB,
    GOODS_BOUGHT, GOODS_IN, GOODS_NOUN, GOODS_OF, GOVERNMENT_BALANCE, GOVERNMENT_BODY, GROUP_REFERENCE, INVESTED_IN,
    LIST_ITEM, MAX_INHERIT_SENTENCES, MEASURE_AMOUNT, MEASURE_VERB, METRIC_BY_GROUP, METRIC_PATTERN,
    MIN_FIGURE_VALUE, MIRRORED_METRICS, MONEY_MARKET_OPERATION, NEGATIVE_BALANCE, ONE_COUNTRY_METRICS, OWED,
    OWED_BEFORE, OWNER_GAP, OWN_QUANTITY_BEFORE, PAIR_REFERENCE, PARTNER_LIST_GOES_ON, PARTNER_LIST_LINK,
    POSSESSIVE_PERIOD_GAP, PUBLIC_FINANCE, SHARES_NEXT_PERIOD, SIGN_PATTERN, SUBJECT_TO_MEASURE,
    SUBJECT_TO_MEASURE_AFTER, TARGET, TRADE_STORY, WORLDWIDE,
)
from pipeline.core.periods import Period, PeriodMention, find_periods


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    metric: str
    value: float
    currency: str | None
    qualifier: str
    kind: str
    country_id: str | None
    counterpart_id: str | None
    period: Period | None
    sentence_start: int
    sentence_end: int
    method: str
    measure: str = "level"  # level | change (GUIDELINE: "exports rose by $12bn" is a change of exports)


@dataclass
class _RunState:
    metric: str | None = None
    sign: int = 1
    country: str | None = None
    counterpart: str | None = None
    period: Period | None = None
    sentence_index: int = -10
    last_balance_metric: str | None = None


@dataclass
class _Cue:
    start: int
    end: int
    kind: str  # metric | place | period
    metric: str | None = None
    place: PlaceMatch | None = None
    period: PeriodMention | None = None
    role: str = "country"  # for places: country | counterpart | pair_first | pair_second | list_item


def _place_role(text: str, sentence_start: int, place: PlaceMatch, next_place: PlaceMatch | None) -> str:
    before = text[max(sentence_start, place.start - 40):place.start]
    after = text[place.end:place.end + 40]
    if LIST_ITEM.match(after):
        return "list_item"
    if BETWEEN_PAIR.search(before):
        return "pair_first"
    if re.search(r"\bbetween\s+(?:the\s+)?\S+(?:\s+\S+){0,3}\s+and\s+(?:the\s+)?$", before, re.IGNORECASE):
        return "pair_second"
    if COUNTERPART_PREPOSITIONS.search(before) or GIVING_VERB.search(before):
        return "counterpart"
    return "country"


def _sentence_cues(article: AnnotatedArticle, start: int, end: int) -> list[_Cue]:
    text = article.text
    cues = [_Cue(m.start(), m.end(), "metric", metric=METRIC_BY_GROUP[m.lastgroup]) for m in METRIC_PATTERN.finditer(text, start, end)]
    places = article.places_in(start, end)
    for i, place in enumerate(places):
        role = _place_role(text, start, place, places[i + 1] if i + 1 < len(places) else None)
        cues.append(_Cue(place.start, place.end, "place", place=place, role=role))
    cues += [_Cue(p.start, p.end, "period", period=p) for p in find_periods(text, start, end)]
    cues += _pair_reference_cues(article, start, end)
    for m in GROUP_REFERENCE.finditer(text, start, end):
        group = next((p for p in reversed(article.places) if p.kind == "group" and p.end <= m.start()), None)
        if group is not None and not any(c.kind == "place" and c.start == m.start() for c in cues):
            referenced = replace(group, start=m.start(), end=m.end(), text=m.group())
            role = _place_role(text, start, referenced, None)
            cues.append(_Cue(m.start(), m.end(), "place", place=referenced, role=role))
    return sorted(cues, key=lambda c: (c.start, c.kind != "metric"))


def _pair_reference_cues(article: AnnotatedArticle, start: int, end: int) -> list[_Cue]:
    cues = []
    for m in PAIR_REFERENCE.finditer(article.text, start, end):
        # the two countries the story has named most so far (the later named first on a tie)
        earlier = [p for p in article.places if p.end <= m.start() and p.kind != "group"]
        counts = Counter(p.country_id for p in earlier)
        latest = {p.country_id: p for p in earlier}
        named = sorted(latest.values(), key=lambda p: (counts[p.country_id], p.start), reverse=True)[:2]
        if len(named) == 2:
            first, second = sorted(named, key=lambda p: min(q.start for q in earlier if q.country_id == p.country_id))
            for place, role in ((first, "pair_first"), (second, "pair_second")):
                cues.append(_Cue(m.start(), m.end(), "place", place=replace(place, start=m.start(), end=m.end(), text=m.group()), role=role))
    return cues


def _balance_metric(text: str, cue_start: int, sentence_start: int, sentence_end: int, state: _RunState) -> str:
    """A bare surplus/deficit: the balance named near it in its sentence, else the story's last balance, else trade."""
    near = text[max(sentence_start, cue_start - 60):min(sentence_end, cue_start + 60)].lower()
    if "current account" in near:
        return "current_account"
    if BALANCE_OF_OTHER_ACCOUNTS.search(near):
        return "other"
    if "budget" in near or "fiscal" in near or GOVERNMENT_BALANCE.search(near):
        return "budget_balance"
    if "trade" in near or "merchandise" in near or "exports" in near:
        return "trade_balance"
    return state.last_balance_metric or "trade_balance"


def _is_negative(balance_word: str) -> bool:
    return NEGATIVE_BALANCE.search(balance_word) is not None


def _sign_near(text: str, amount: Amount, sentence_start: int, fallback: int) -> int:
    after = BALANCE_AFTER.match(text[amount.end:amount.end + 45])
    if after and not re.search(r"[,;]|\b(?:and|from|against|compared)\b", text[amount.end:amount.end + after.start(1)]):
        return -1 if _is_negative(after.group(1)) else 1
    before = list(SIGN_PATTERN.finditer(text, sentence_start, amount.start))
    if before:
        return -1 if _is_negative(before[-1].group(1)) else 1
    return fallback


def _right_metric(text: str, amount: Amount, limit: int) -> str | None:
    """A metric written right after the amount: 'a 3.3 mln dlr deficit', '68 billion dlrs worth of debt'."""
    window = text[amount.end:min(limit, amount.end + 45)]
    window = re.split(r"[,;(]|\b(?:and|while|but|whereas|from|against|compared|vs|for|after|before|as)\b", window)[0]
    # the head of the noun phrase is its last metric word: "a 300 mln dlr trade adjustment loan" is a loan
    near = [m for m in METRIC_PATTERN.finditer(window) if len(window[:m.start()].split()) <= 3]
    if not near:
        return None
    head = near[0]
    for later in near[1:]:
        if re.search(r"\b(?:of|in|on|to|with|by|at)\b", window[head.end():later.start()]):
            break
        head = later
    return METRIC_BY_GROUP[head.lastgroup]


def _kind(sentence: str, metric_is_target: bool) -> str:
    if ESTIMATE.search(sentence):
        return "estimate"
    if TARGET.search(sentence) or metric_is_target:
        return "target"
    if FORECAST.search(sentence):
        return "forecast"
    return "actual"


def article_amounts(article: AnnotatedArticle) -> list[Amount]:
    """Every money amount of the article, sentence by sentence, its dollars read by the story's home country."""
    return find_document_amounts([(s, article.text[s:e]) for s, e in article.sentences], home_country=article.home_country())


def _story_balance(text: str) -> str | None:
    """The balance a bare surplus or deficit is where its sentence names none: the budget's in a story that speaks
    of the budget more than of trade; in a story that never speaks of trade some other account's ("the surplus of
    597 mln pesos"); else (None) the trade balance."""
    trade_words = len(TRADE_STORY.findall(text))
    if len(BUDGET_STORY.findall(text)) > trade_words:
        return "budget_balance"
    return None if trade_words else "other"


def find_figures(article: AnnotatedArticle, amounts: list[Amount]) -> list[Figure]:
    text = article.text
    state = _RunState(last_balance_metric=_story_balance(text))
    story_country = article.main_country()
    figures: list[Figure] = []
    by_sentence: dict[int, list[Amount]] = {}
    for amount in amounts:
        if not amount.unit_price and abs(amount.value) >= MIN_FIGURE_VALUE:
            by_sentence.setdefault(article.sentence_index(amount.start), []).append(amount)
    for index, sentence_amounts in sorted(by_sentence.items()):
        start, end = article.sentences[index]
        sentence = text[start:end]
        company = COMPANY_CONTEXT.search(sentence) or COMPANY_REVENUE.search(sentence) and not PUBLIC_FINANCE.search(sentence)
        if company and not any(p.kind != "group" for p in article.places_in(start, end)):
            continue
        if _company_speaks(article, start, sentence_amounts[0].start):
            continue
        if MONEY_MARKET_OPERATION.search(sentence) or CENTRAL_BANK_TRADES.search(sentence):
            continue
        if index - state.sentence_index > MAX_INHERIT_SENTENCES:
            state = _RunState(last_balance_metric=state.last_balance_metric)
        else:
            # a new sentence keeps the run's metric and places only while it names none of its own
            state = replace(state)
        figures += _read_sentence(article, index, start, end, sentence_amounts, state, story_country)
        state.sentence_index = index
    return _unique(figures)


def _read_sentence(article, index, start, end, amounts, state: _RunState, story_country) -> list[Figure]:
    text = article.text
    cues = _sentence_cues(article, start, end)
    sentence_has_metric = any(c.kind == "metric" for c in cues)
    if sentence_has_metric:
        state.metric = None
    figures: list[Figure] = []
    consumed_periods: set[int] = set()
    reference_period = state.period
    sentence_period: Period | None = None
    list_country: str | None = None
    cue_i = 0
    for n, amount in enumerate(amounts):
        if amount.conversion:
            continue
        while cue_i < len(cues) and cues[cue_i].start < amount.start:
            cue = cues[cue_i]
            cue_i += 1
            if cue.kind == "metric":
                metric = cue.metric
                if metric == "balance":
                    metric = _balance_metric(text, cue.start, start, end, state)
                if metric in BALANCE_METRICS - {"other"}:
                    state.last_balance_metric = metric
                bought_from = _goods_bought_from(article, cue, end) if metric in ("spending", "imports") else None
                state.metric = "imports" if bought_from else metric
                state.sign = _sign_word(text, cue)
                _attach_places_to_metric(article, cue, cues, state, start)
                if bought_from:
                    state.counterpart = bought_from   # "Chinese spending on U.S. farm goods": China's imports from the U.S.
            elif cue.kind == "place":
                _apply_place(cue, state)
                if cue.role == "counterpart" and GIVING_VERB.search(text, max(start, cue.start - 30), cue.start):
                    state.counterpart = cue.place.country_id   # "the U.S. has given Israel 25 billion dlrs in aid"
                if cue.role == "list_item":
                    list_country = cue.place.country_id
            elif cue.kind == "period" and id(cue) not in consumed_periods:
                if cue.period.period is not None:
                    sentence_period = cue.period.period
        compared_with = figures[-1] if figures and n and COMPARISON_LINK.fullmatch(text, amounts[n - 1].end, amount.start) \
            and figures[-1].start == amounts[n - 1].start else None
        # "to 3.36 billion rand from 3.31 billion in January but imports fell": a compared value keeps its partner's metric
        right_metric = None if compared_with else _right_metric(text, amount, end)
        metric = right_metric or (compared_with.metric if compared_with else state.metric)
        origin = _goods_origin(article, amount, end)
        if origin is not None and metric in (None, "trade", "imports", "spending"):
            metric = "imports"  # "bought $1.5 billion worth of American hams": the buyer's imports
        excess = EXCESS_OF_SALES.match(text, amount.end, end)
        if excess is not None:
            metric = "trade_balance"   # "the Japanese selling us 3.7 billion sterling more than we sold them"
        elif _under_a_measure(text, amount, start, end) or amount.change:
            metric = "other"  # goods under a tariff, a change of a quantity: not the quantity itself
        if metric == "balance":
            metric = _balance_metric(text, amount.end, start, end, state)
        if metric == "loan" and OWED_BEFORE.search(text, max(start, amount.start - 60), amount.start):
            metric = "debt"
        if metric is None:
            continue
        country, counterpart = state.country, state.counterpart
        if compared_with is not None:
            country, counterpart = compared_with.country_id, compared_with.counterpart_id
        owner = _owner_before_metric(article, amount, end) if right_metric else None
        if owner is not None:
            country, counterpart = owner, None   # "the record 169 billion dlrs U.S. trade deficit"
        elif right_metric and OWN_QUANTITY_BEFORE.search(text, max(start, amount.start - 30), amount.start):
            counterpart = None   # "owed the World Bank 520 mln dlrs out of the country's 14 billion dlr debt": all of it
        right_place = _right_counterpart(article, amount, amounts[n + 1].start if n + 1 < len(amounts) else end)
        if list_country is not None:
            # a member of a listed breakdown trades with the run's country side: China, not Central Asia
            partner = next((p for p in (state.country, state.counterpart) if p not in (None, list_country) and _is_country(article, p)), None)
            country, counterpart = list_country, partner
            list_country = None
        elif right_place is not None:
            counterpart = right_place
            if metric in MIRRORED_METRICS:
                state.counterpart = right_place  # "exported 500 mln dlrs to the U.S. ... and imported 1.5 billion"
        elif origin is not None and origin != country and metric in ("imports", "other"):
            counterpart = origin
        if metric in ONE_COUNTRY_METRICS:
            country, counterpart = country or counterpart, None
        if country is None:
            country = story_country if counterpart != story_country else None
        if counterpart is None and metric in MIRRORED_METRICS and owner is None:
            # "Taiwan's exports to China ..., while China's exports rose": China's go to Taiwan
            counterpart = next((f.country_id for f in figures if f.counterpart_id == country and f.metric == metric), None)
        if country == counterpart:
            counterpart = None
        first_period = figures[0].period if figures and figures[0].sentence_start == start else reference_period
        period = _period_for(article, amount, amounts, n, end, cues, consumed_periods, first_period) or sentence_period or reference_period
        if n == 0 or reference_period is None:
            reference_period = period
        sign = _sign_near(text, amount, start, state.sign) if metric in BALANCE_METRICS else 1
        if excess is not None:
            sign = -1 if BUYING_BEFORE.search(text, max(start, amount.start - 40), amount.start) else 1
        figures.append(Figure(
            start=amount.start, end=amount.end, metric=metric, value=sign * amount.value, currency=amount.currency,
            qualifier=amount.qualifier, kind=_kind(_clause(text, amount, start, end), period is not None and period.is_target_year),
            country_id=country, counterpart_id=counterpart, period=period,
            sentence_start=start, sentence_end=end, method="rules:run-state"))
    state.period = reference_period or state.period
    if sentence_has_metric or figures:
        state.metric = state.metric if figures else state.metric
    return figures


def _under_a_measure(text: str, amount: Amount, start: int, end: int) -> bool:
    """Goods a tariff or sanction covers ('tariffs on $250 billion of Chinese goods', 'hit a further $300 billion in
    imports from China', '$300 mln in tariffs'): not a flow of trade."""
    before = text[max(start, amount.start - 60):amount.start]
    return bool(SUBJECT_TO_MEASURE.search(text, max(start, amount.start - 80), amount.start)
                or SUBJECT_TO_MEASURE_AFTER.match(text, amount.end, end)
                or MEASURE_AMOUNT.match(text, amount.end, end)
                or MEASURE_VERB.search(before) and COVERED_GOODS.match(text, amount.end, end))


def _owner_before_metric(article: AnnotatedArticle, amount: Amount, limit: int) -> str | None:
    """A country written between the amount and its metric word: '169 billion dlrs U.S. trade deficit'."""
    for place in article.places_in(amount.end, min(limit, amount.end + 30)):
        gap, rest = article.text[amount.end:place.start], article.text[place.end:min(limit, place.end + 25)]
        named = METRIC_PATTERN.search(rest)
        if place.kind != "group" and re.fullmatch(r"\s*(?:[\w.-]+\s+)?", gap) and not re.search(r"\b(?:of|in|to|from|with)\b", gap) \
                and named is not None and re.fullmatch(r"(?:['’]s)?\s*(?:[a-z-]+\s+)?", rest[:named.start()]):
            return place.country_id
        break
    return None


def _clause(text: str, amount: Amount, sentence_start: int, sentence_end: int) -> str:
    """The clause holding the amount: its kind (target, forecast) is read there only."""
    before = list(CLAUSE_BOUNDARY.finditer(text, sentence_start, amount.start))
    after = CLAUSE_BOUNDARY.search(text, amount.end, sentence_end)
    return text[before[-1].end() if before else sentence_start:after.start() if after else sentence_end]


def _company_speaks(article: AnnotatedArticle, sentence_start: int, first_amount: int) -> bool:
    """'Alphabet spent $1 billion on acquisitions': a company, no country or group, before the amount."""
    if article.places_in(sentence_start, first_amount):
        return False
    text = article.text
    people = " ".join(text[e.start:e.end] for e in article.entities if e.label == "PERSON")
    for e in article.entities_in(sentence_start, first_amount, "ORG"):
        name = text[e.start:e.end]
        opens_sentence = not re.sub(r"^(?:The|the)\s+", "", text[sentence_start:e.start].strip())
        # NER sometimes calls a person an organization ("Fendt said"): a name it also calls a person is one
        if opens_sentence and not GOVERNMENT_BODY.search(name) and name not in people:
            return True
    return False


def _is_country(article: AnnotatedArticle, place_id: str | None) -> bool:
    return any(p.country_id == place_id and p.kind != "group" for p in article.places)


def _sign_word(text: str, cue: _Cue) -> int:
    word = text[cue.start:cue.end].lower()
    if _is_negative(word):
        return -1
    m = SIGN_PATTERN.search(text, cue.start, cue.end + 25)
    if m and m.start() <= cue.end + 25 and _is_negative(m.group(1)):
        return -1
    return 1


def _attach_places_to_metric(article: AnnotatedArticle, cue: _Cue, cues: list[_Cue], state: _RunState, sentence_start: int) -> None:
    """'Taiwan's trade surplus with the U.S.', 'Chinese imports from the EC', 'trade between China and Taiwan'."""
    text = article.text
    owner = None
    for other in cues:
        if other.kind != "place":
            continue
        if other.end <= cue.start and other.role == "country":
            gap = text[other.end:cue.start]
            # a group owns a metric only when written as its owner: "the EC's trade deficit", "EC budget"
            if OWNER_GAP.fullmatch(gap) and (other.place.kind != "group" or re.match(r"['’]s\b|\s+\w+$", gap)):
                owner = other.place.country_id
    traders = _coordinated_pair_before(article, cue, cues) if cue.metric == "trade" else None
    if traders is not None:
        state.country, state.counterpart = traders   # "The U.S. and Mexico traded $531 billion"
    elif owner is not None:
        state.country, state.counterpart = owner, None
    elif WORLDWIDE.search(text, max(sentence_start, cue.start - 20), cue.start):
        state.counterpart = None   # "overall imports", "a Japanese global trade surplus": no partner
    partner_window_end = cue.end + 60
    first = second = None
    for other in cues:
        if other.kind != "place" or not (cue.end <= other.start <= partner_window_end):
            continue
        if other.role == "pair_first" and first is None:
            first = other.place.country_id
        elif other.role == "pair_second" and first is not None and second is None:
            second = other.place.country_id
        elif first is None and (
                other.role == "counterpart" and re.fullmatch(r"\s*(?:\w+\s+){0,3}(?:with|to|from)\s+(?:the\s+)?", text[cue.end:other.start], re.IGNORECASE)
                or other.role == "counterpart" and OWED.fullmatch(text, cue.start, cue.end) and other.start - cue.end <= 6
                or cue.metric == "investment" and INVESTED_IN.fullmatch(text, cue.end, other.start)):
            if owner is None and state.country == other.place.country_id:
                state.country = None
            state.counterpart = None if _partners_listed(article, other.place) else other.place.country_id
            break
    if first is not None:
        state.country, state.counterpart = first, second
    elif owner is None and state.counterpart is None and DEFINITE_BEFORE.search(text, max(sentence_start, cue.start - 40), cue.start):
        # "The politically sensitive surplus hit $31.05 billion" after "China's surplus with the United States"
        antecedent = _antecedent_partner(article, cue, sentence_start)
        if antecedent is not None:
            state.country, state.counterpart = antecedent


def _coordinated_pair_before(article: AnnotatedArticle, cue: _Cue, cues: list[_Cue]) -> tuple[str, str] | None:
    places = [c.place for c in cues if c.kind == "place" and c.end <= cue.start and c.place.kind != "group"]
    if len(places) >= 2:
        first, second = places[-2], places[-1]
        if re.fullmatch(r"\s+and\s+(?:the\s+)?", article.text[first.end:second.start]) and \
                re.fullmatch(r"(?:['’]s)?\s+(?:\w+\s+){0,2}", article.text[second.end:cue.start]) and first.country_id != second.country_id:
            return first.country_id, second.country_id
    return None


def _antecedent_partner(article: AnnotatedArticle, cue: _Cue, sentence_start: int) -> tuple[str | None, str] | None:
    """The owner and partner of the same metric word in the sentences just before: '... surplus with the U.S.'."""
    word = re.escape(article.text[cue.start:cue.end].lower())
    first_sentence = max(0, article.sentence_index(sentence_start) - ANTECEDENT_SENTENCES)
    window_start = article.sentences[first_sentence][0]
    for m in reversed(list(re.finditer(rf"\b{word}\s+with\s+(?:the\s+)?", article.text[window_start:sentence_start].lower()))):
        partner = next((p for p in article.places if p.start == window_start + m.end() and p.kind != "group"), None)
        if partner is not None:
            owner = next((p.country_id for p in reversed(article.places_in(window_start, window_start + m.start()))
                          if p.kind != "group" and OWNER_GAP.fullmatch(article.text[p.end:window_start + m.start()])), None)
            return owner, partner.country_id
    return None


def _apply_place(cue: _Cue, state: _RunState) -> None:
    place_id = cue.place.country_id
    if cue.role == "pair_first":
        state.country, state.counterpart = place_id, None
    elif cue.role == "pair_second":
        state.counterpart = place_id
    elif cue.role == "country" and cue.place.kind != "group" and state.metric is None:
        state.country = place_id


def _right_counterpart(article: AnnotatedArticle, amount: Amount, limit: int) -> str | None:
    """'about 1.8 billion from the U.S.', '40 mln dlrs in military aid to the Nicaraguan rebels'."""
    window_end = min(limit, amount.end + 60)
    for place in article.places_in(amount.end, window_end):
        between = article.text[amount.end:place.start]
        if re.search(r"[;,]|\band\b|\bwhile\b", between):
            return None
        if re.search(r"\b(?:from|to|with)\s+(?:the\s+)?$", between, re.IGNORECASE):
            return None if _partners_listed(article, place) else place.country_id
    return None


def _partners_listed(article: AnnotatedArticle, place: PlaceMatch) -> bool:
    """'exports to Canada and Mexico': several partners, so no single counterpart."""
    m = PARTNER_LIST_LINK.match(article.text, place.end)
    if m is None:
        return False
    listed = next((p for p in article.places if p.start == m.end() and p.kind != "group" and p.country_id != place.country_id), None)
    if listed is None or re.match(r"['’]s\b", article.text[listed.end:listed.end + 3]):
        return False  # "exports to the U.S. and Japan's imports": an owner, not a partner
    # after a comma the next place must go on listing: "to Japan, Taiwan and Korea", not "to the U.S., Britain said"
    return "," not in m.group() or bool(PARTNER_LIST_GOES_ON.match(article.text, listed.end))


def _goods_origin(article: AnnotatedArticle, amount: Amount, limit: int) -> str | None:
    """'$20 billion of U.S. farm goods', '$1.5 billion worth of American hams': the country the goods come from."""
    for place in article.places_in(amount.end, min(limit, amount.end + 40)):
        gap = " " + article.text[amount.end:place.start].lstrip()
        if place.kind == "group" or not (GOODS_OF.fullmatch(gap) or GOODS_IN.fullmatch(gap) and GOODS_NOUN.match(article.text[place.end:limit].lstrip())):
            return None
        # "of Brazilian debt", "of Japanese investment": another quantity, not goods bought
        named = METRIC_PATTERN.search(" ".join(article.text[place.end:limit].split()[:3]))
        return place.country_id if named is None or METRIC_BY_GROUP[named.lastgroup] == "imports" else None
    return None


def _goods_bought_from(article: AnnotatedArticle, cue: _Cue, limit: int) -> str | None:
    """'spending on U.S. farm goods', 'purchases of American soybeans': the country the goods come from."""
    link = GOODS_BOUGHT.match(article.text, cue.end, limit)
    place = link and next((p for p in article.places_in(link.end(), limit) if p.start == link.end()), None)
    if place is None or place.kind == "group" or not GOODS_NOUN.match(article.text[place.end:limit].lstrip()):
        return None
    return place.country_id


def _possessive(text: str, cue: _Cue) -> bool:
    return text[cue.start:cue.end].endswith(("'s", "’s")) or bool(re.match(r"['’]s\b", text[cue.end:cue.end + 3]))


def _period_for(article, amount: Amount, amounts: list[Amount], n: int, sentence_end: int, cues, consumed: set[int],
                first_period: Period | None) -> Period | None:
    """The period written after the amount, before the next amount; a revised figure shares its revision's period."""
    text = article.text
    limit = amounts[n + 1].start if n + 1 < len(amounts) else sentence_end
    for cue in cues:
        # "from 1986's 9.5 billion", "January's 623 mln dlrs surplus": a possessive period is its amount's own
        if cue.kind == "period" and _possessive(text, cue) and cue.end <= amount.start and \
                POSSESSIVE_PERIOD_GAP.fullmatch(text, cue.end, amount.start) and cue.period.period is not None:
            consumed.add(id(cue))
            return cue.period.period
    for cue in cues:
        if cue.kind == "period" and amount.end <= cue.start < limit and cue.start - amount.end < 60 and not _possessive(text, cue):
            between = text[amount.end:cue.start]
            if re.search(r"[;]|\bwhile\b|\bbut\b|\d\s*(?:%|pct\b|per\s*cent\b|percent\b)", between):
                break
            consumed.add(id(cue))
            if cue.period.year_ago:
                # "816 mln a year earlier": a year before the run's first figure
                return first_period.minus_one_year() if first_period else Period("relative_year", offset=-1)
            return cue.period.period
    # a figure "revised from" another shares its period, as do coordinated ones ("exports of 6.72 billion and
    # imports of 6.64 billion in January"); the chain only ever moves right, so it ends
    if n + 1 < len(amounts) and SHARES_NEXT_PERIOD.fullmatch(text, amount.end, amounts[n + 1].start):
        return _period_for(article, amounts[n + 1], amounts, n + 1, sentence_end, cues, set(consumed), first_period)
    return None


def _unique(figures: list[Figure]) -> list[Figure]:
    """One figure per stated amount: a repeat of the same fact later in the story is dropped."""
    seen = set()
    kept = []
    for f in figures:
        key = (f.metric, round(f.value, 2), f.currency, f.country_id, f.counterpart_id, f.period)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept
