"""The learned figure decisions: for each money amount the rules found, whether it is a figure of the
guideline, its metric, measure (level or change) and sign, and which places are its country and counterpart.

The models are fitted from the annotated train split (`pipeline/training/figures.py`). The rules' own reading
of each amount is one of their features, and where the rules proposed a figure the model keeps it unless it is
confident that the amount is none: with a few hundred annotated stories a model corrects the rules more
reliably than it replaces them.

A last model, the checker, reads each figure as decided (how sure each decision was, whether rules and model
agree, what the sentence holds) and gives the probability that the figure is right in every scored attribute;
figures below `Thresholds.keep_checked` are dropped. It is fitted out of fold on the train split (the decisions
on each story come from models that never saw it), so its probabilities are those of unseen stories: a wrong
metric or country costs a false figure and gains nothing, so an unsure figure is better left out.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from pipeline.core.amounts import Amount
from pipeline.core.article import AnnotatedArticle
from pipeline.core.figure_cues import MIN_FIGURE_VALUE, ONE_COUNTRY_METRICS
from pipeline.core.figure_features import (
    PlaceCandidate, amount_features, is_market_operation, place_candidates, place_features,
)
from pipeline.core.figures import Figure
from pipeline.core.learned_models import FeatureVocabulary, LinearClassifier, class_probabilities, vectorized
from pipeline.core.periods import find_periods

NOT_A_FIGURE = "none"
UNSCORED = ("other", None)


@dataclass
class Thresholds:
    keep_rule_figure: float = 0.2    # a figure the rules proposed stays unless P(figure) falls below this
    add_figure: float = 0.25         # an amount the rules passed over becomes a figure above this (and the checker's)
    overrule_metric: float = 0.2     # the rules' metric stays unless the model gives it less than this ...
    confident_metric: float = 0.6    # ... and another metric at least this
    new_figure_metric: float = 0.35  # an added figure needs a metric the model is at least this sure of
    pair_member: float = 0.5         # a place joins the pair above this
    lone_owner: float = 0.25         # the best place owns the amount alone above this
    trust_rule_pair: float = 1.0     # keep the rules' country pair unless the model's best pair is this sure
    keep_checked: float = 0.0        # a figure stays when the checker gives it at least this chance of being right


@dataclass
class FigureDecisions:
    """Fitted models (scikit-learn's, kept as `learned_models` reads them) and the thresholds they are read with."""
    vectorizer: FeatureVocabulary
    detector: LinearClassifier          # scored figure or not
    metric: LinearClassifier            # which metric, among scored figures
    measure: LinearClassifier | None    # change vs level
    negative: LinearClassifier          # signed below zero
    place_vectorizer: FeatureVocabulary
    place: LinearClassifier             # is this place in the figure's {country, counterpart}
    thresholds: Thresholds
    training_digest: str = ""
    checker_vectorizer: FeatureVocabulary | None = None
    checker: LinearClassifier | None = None   # the decided figure is right in every scored attribute

    def decide(self, article: AnnotatedArticle, amounts: list[Amount], rule_figures: list[Figure]) -> list[Figure]:
        decided = self.decide_with_evidence(article, amounts, rule_figures)
        if self.checker is not None and decided:
            rows = vectorized(self.checker_vectorizer, [evidence for _, evidence in decided])
            right = class_probabilities(self.checker, rows)[:, 1]
            decided = [item for item, p in zip(decided, right) if p >= self.thresholds.keep_checked]
        return [figure for figure, _ in decided]

    def decide_with_evidence(self, article: AnnotatedArticle, amounts: list[Amount],
                             rule_figures: list[Figure]) -> list[tuple[Figure, dict[str, float]]]:
        """The decided figures (repeats dropped), each with what the checker reads of how it was decided."""
        rules = {f.start: f for f in rule_figures}
        candidates = figure_candidates(amounts)
        by_sentence: dict[int, list[Amount]] = {}
        for amount in candidates:
            by_sentence.setdefault(article.sentence_index(amount.start), []).append(amount)
        mentions = Counter(p.country_id for p in article.places)
        # every amount's features first, read by each model in one matrix: a one-row question per amount and model
        # cost more in building the row than in the answer
        # a figure is money: a count of tonnes or barrels compared "from 1.34 mln" is never one, so it is not asked
        # about (its place among the sentence's amounts still counts for the others)
        items = [(amount, rules.get(amount.start), n, len(sentence_amounts))
                 for sentence_amounts in by_sentence.values() for n, amount in enumerate(sentence_amounts)
                 if amount.currency is not None]
        if not items:
            return []
        rows = [amount_features(article, amount, rule, article.parse_at(amount.start), n, of) for amount, rule, n, of in items]
        answers = self._answers(vectorized(self.vectorizer, rows))
        figures = []
        for (amount, rule, _, _), row, answer in zip(items, rows, answers):
            decided = self._decide_one(article, amount, rule, row, answer, mentions)
            if decided is not None:
                figures.append(decided)
        kept = {id(f) for f in unique_figures([f for f, _ in figures])}
        return [(f, evidence) for f, evidence in figures if id(f) in kept]

    def _answers(self, features) -> list[tuple]:
        """Each row's (P(figure), P(metric) by metric, P(measure) by measure or None, P(negative))."""
        p_figure = class_probabilities(self.detector, features)[:, 1]
        p_metric = class_probabilities(self.metric, features)
        p_measure = class_probabilities(self.measure, features) if self.measure is not None else [None] * len(p_figure)
        p_negative = class_probabilities(self.negative, features)[:, 1]
        return list(zip(p_figure, p_metric, p_measure, p_negative))

    def _decide_one(self, article, amount: Amount, rule: Figure | None, row: dict[str, float], answer: tuple,
                    mentions) -> tuple[Figure, dict[str, float]] | None:
        parse = article.parse_at(amount.start)
        p_figure, metric_row, measure_probabilities, p_negative = answer
        metric_probability = dict(zip(self.metric.classes_, metric_row))
        best = str(max(metric_probability, key=metric_probability.get))
        t = self.thresholds
        if rule is not None and rule.metric not in UNSCORED:
            if p_figure < t.keep_rule_figure:
                return None
            metric = rule.metric
            if metric_probability.get(metric, 0.0) < t.overrule_metric and metric_probability[best] >= t.confident_metric:
                metric = best
        elif p_figure >= t.add_figure and metric_probability[best] >= t.new_figure_metric \
                and not is_market_operation(article, amount):
            metric = best
        else:
            return None
        if self.measure is None:
            measure, p_measure = "level", 1.0
        else:
            best_measure = int(np.argmax(measure_probabilities))
            measure, p_measure = str(self.measure.classes_[best_measure]), float(measure_probabilities[best_measure])
        sign = -1 if p_negative >= 0.5 else 1
        ranked = self.place_probabilities(article, amount, rule, metric, parse, mentions)
        country, counterpart = self._pair(ranked, rule, metric)
        period = rule.period if rule is not None else _first_period(article, amount)
        figure = Figure(
            start=amount.start, end=amount.end, metric=metric, value=sign * abs(amount.value), currency=amount.currency,
            qualifier=amount.qualifier, kind=rule.kind if rule is not None else "actual", country_id=country,
            counterpart_id=counterpart, period=period, sentence_start=article.sentence_bounds(amount.start)[0],
            sentence_end=article.sentence_bounds(amount.start)[1], method="model:figures", measure=measure)
        return figure, decision_evidence(row, figure, rule, p_figure, metric_probability, best, p_measure, p_negative,
                                         ranked, article.main_country())

    def place_probabilities(self, article, amount, rule, metric, parse, mentions) -> list[tuple[PlaceCandidate, float, dict]]:
        candidates = place_candidates(article, amount)
        if not candidates:
            return []
        rows = [place_features(article, amount, c, rule, parse, mentions) | {f"metric:{metric}": 1.0} for c in candidates]
        probabilities = class_probabilities(self.place, vectorized(self.place_vectorizer, rows))[:, 1]
        return sorted(zip(candidates, probabilities, rows), key=lambda item: -item[1])

    def _pair(self, ranked, rule, metric) -> tuple[str | None, str | None]:
        t = self.thresholds
        if rule is not None and rule.metric not in UNSCORED and (not ranked or ranked[0][1] < t.trust_rule_pair):
            return rule.country_id, rule.counterpart_id
        chosen = [item for item in ranked[:2] if item[1] >= t.pair_member]
        if not chosen and ranked and ranked[0][1] >= t.lone_owner:
            chosen = ranked[:1]
        if metric in ONE_COUNTRY_METRICS:
            chosen = chosen[:1]
        ids = [c.place_id for c, _, _ in chosen]
        if rule is not None and set(ids) == {rule.country_id, rule.counterpart_id} - {None}:
            return rule.country_id, rule.counterpart_id    # the rules know which side is which
        if len(chosen) == 2:
            # the partner is the one after "to", "from", "with"; else the one named later
            first, second = chosen
            if first[2].get("counterpart_preposition") and not second[2].get("counterpart_preposition"):
                first, second = second, first
            elif first[2].get("counterpart_preposition") == second[2].get("counterpart_preposition") \
                    and first[0].nearest_start > second[0].nearest_start >= 0:
                first, second = second, first
            return first[0].place_id, second[0].place_id
        return (ids[0], None) if ids else (None, None)


# amount features the checker reads besides the decisions (the words themselves are the base models' part)
CHECKED_CONTEXT = ("company_context", "money_market", "under_measure", "no_place_in_sentence", "org_before_amount",
                   "org_opens_sentence", "person_in_sentence", "trade_story", "undated_story", "in_title_or_lead",
                   "by_amount", "to_amount", "inherited", "first_in_sentence")


def _chance(name: str, p: float) -> dict[str, float]:
    """A probability as the checker reads it: its value and its band."""
    return {name: float(p), f"{name}:{min(int(p * 5), 4)}": 1.0}


def decision_evidence(row: dict[str, float], figure: Figure, rule: Figure | None, p_figure: float,
                      metric_probability: dict, best_metric: str, p_measure: float, p_negative: float,
                      ranked: list, main_country: str | None) -> dict[str, float]:
    """How a figure was decided: the checker's features."""
    f = {"bias": 1.0, f"metric:{figure.metric}": 1.0, f"measure:{figure.measure}": 1.0,
         f"metric_measure:{figure.metric}:{figure.measure}": 1.0, f"currency:{figure.currency}": 1.0,
         "from_rules": float(rule is not None and rule.metric not in UNSCORED),
         "model_metric_agrees": float(best_metric == figure.metric),
         "has_country": float(figure.country_id is not None), "has_counterpart": float(figure.counterpart_id is not None),
         "country_is_main": float(figure.country_id is not None and figure.country_id == main_country),
         "sign_sure": float(abs(p_negative - 0.5) * 2)}
    f |= _chance("p_figure", p_figure) | _chance("p_metric", float(metric_probability.get(figure.metric, 0.0)))
    f |= _chance("p_measure", p_measure)
    chosen = {figure.country_id, figure.counterpart_id} - {None}
    place_p = {c.place_id: p for c, p, _ in ranked}
    f |= _chance("p_place_low", min((place_p.get(c, 0.0) for c in chosen), default=0.0))
    unchosen = [p for c, p, _ in ranked if c.place_id not in chosen]
    f |= _chance("p_place_left_out", max(unchosen, default=0.0))
    if rule is not None:
        f["rule_pair_kept"] = float({rule.country_id, rule.counterpart_id} - {None} == chosen)
        f["rule_metric_kept"] = float(rule.metric == figure.metric)
    for name in CHECKED_CONTEXT:
        if row.get(name):
            f[f"context:{name}"] = 1.0
    f |= {k: v for k, v in row.items() if k.startswith(("amounts_in_sentence:", "places_in_sentence:", "qualifier:", "scale:"))}
    return f


def figure_candidates(amounts: list[Amount]) -> list[Amount]:
    """The amounts that may be a figure: no unit price, no conversion of the amount before, no pocket money."""
    return [a for a in amounts if not a.unit_price and not a.conversion and abs(a.value) >= MIN_FIGURE_VALUE]


def _first_period(article: AnnotatedArticle, amount: Amount):
    start, end = article.sentence_bounds(amount.start)
    return next((p.period for p in find_periods(article.text, start, end) if p.period is not None), None)


def unique_figures(figures: list[Figure]) -> list[Figure]:
    """One figure per stated amount: the same fact repeated later in the story is dropped."""
    seen, kept = set(), []
    for f in figures:
        key = (f.metric, f.measure, round(f.value, 2), f.currency, f.country_id, f.counterpart_id)
        if key not in seen:
            seen.add(key)
            kept.append(f)
    return kept
