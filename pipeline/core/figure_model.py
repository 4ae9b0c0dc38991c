"""The learned figure decisions: for each money amount the rules found, whether it is a figure of the
guideline, its metric, measure (level or change) and sign, and which places are its country and counterpart.

The models are fitted from the annotated train split (`pipeline/training/figures.py`). The rules' own reading
of each amount is one of their features, and where the rules proposed a figure the model keeps it unless it is
confident that the amount is none: with a few hundred annotated stories a model corrects the rules more
reliably than it replaces them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.core.amounts import Amount
from pipeline.core.article import AnnotatedArticle
from pipeline.core.figure_cues import MIN_FIGURE_VALUE, ONE_COUNTRY_METRICS
from pipeline.core.figure_features import (
    PlaceCandidate, amount_features, is_market_operation, place_candidates, place_features,
)
from pipeline.core.figures import Figure
from pipeline.core.learned_models import class_probabilities, predicted_classes, vectorized
from pipeline.core.periods import find_periods

NOT_A_FIGURE = "none"
UNSCORED = ("other", None)


@dataclass
class Thresholds:
    keep_rule_figure: float = 0.2    # a figure the rules proposed stays unless P(figure) falls below this
    add_figure: float = 0.6          # an amount the rules passed over becomes a figure above this
    overrule_metric: float = 0.2     # the rules' metric stays unless the model gives it less than this ...
    confident_metric: float = 0.6    # ... and another metric at least this
    new_figure_metric: float = 0.5   # an added figure needs a metric the model is at least this sure of
    pair_member: float = 0.5         # a place joins the pair above this
    lone_owner: float = 0.25         # the best place owns the amount alone above this
    trust_rule_pair: float = 1.0     # keep the rules' country pair unless the model's best pair is this sure


@dataclass
class FigureDecisions:
    """Fitted models (scikit-learn) and the thresholds they are read with."""
    vectorizer: DictVectorizer
    detector: LogisticRegression          # scored figure or not
    metric: LogisticRegression            # which metric, among scored figures
    measure: LogisticRegression | None    # change vs level
    negative: LogisticRegression          # signed below zero
    place_vectorizer: DictVectorizer
    place: LogisticRegression             # is this place in the figure's {country, counterpart}
    thresholds: Thresholds
    training_digest: str = ""

    def decide(self, article: AnnotatedArticle, amounts: list[Amount], rule_figures: list[Figure]) -> list[Figure]:
        rules = {f.start: f for f in rule_figures}
        candidates = figure_candidates(amounts)
        by_sentence: dict[int, list[Amount]] = {}
        for amount in candidates:
            by_sentence.setdefault(article.sentence_index(amount.start), []).append(amount)
        mentions = Counter(p.country_id for p in article.places)
        figures = []
        for sentence_amounts in by_sentence.values():
            for n, amount in enumerate(sentence_amounts):
                figure = self._decide_one(article, amount, rules.get(amount.start), n, len(sentence_amounts), mentions)
                if figure is not None:
                    figures.append(figure)
        return unique_figures(figures)

    def _decide_one(self, article, amount: Amount, rule: Figure | None, n: int, of: int, mentions) -> Figure | None:
        parse = article.parse_at(amount.start)
        features = vectorized(self.vectorizer, [amount_features(article, amount, rule, parse, n, of)])
        p_figure = class_probabilities(self.detector, features)[0, 1]
        metric_probability = dict(zip(self.metric.classes_, class_probabilities(self.metric, features)[0]))
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
        measure = "level" if self.measure is None else str(predicted_classes(self.measure, features)[0])
        sign = -1 if bool(predicted_classes(self.negative, features)[0]) else 1
        country, counterpart = self._pair(article, amount, rule, metric, parse, mentions)
        period = rule.period if rule is not None else _first_period(article, amount)
        return Figure(
            start=amount.start, end=amount.end, metric=metric, value=sign * abs(amount.value), currency=amount.currency,
            qualifier=amount.qualifier, kind=rule.kind if rule is not None else "actual", country_id=country,
            counterpart_id=counterpart, period=period, sentence_start=article.sentence_bounds(amount.start)[0],
            sentence_end=article.sentence_bounds(amount.start)[1], method="model:figures", measure=measure)

    def place_probabilities(self, article, amount, rule, metric, parse, mentions) -> list[tuple[PlaceCandidate, float, dict]]:
        candidates = place_candidates(article, amount)
        if not candidates:
            return []
        rows = [place_features(article, amount, c, rule, parse, mentions) | {f"metric:{metric}": 1.0} for c in candidates]
        probabilities = class_probabilities(self.place, vectorized(self.place_vectorizer, rows))[:, 1]
        return sorted(zip(candidates, probabilities, rows), key=lambda item: -item[1])

    def _pair(self, article, amount, rule, metric, parse, mentions) -> tuple[str | None, str | None]:
        ranked = self.place_probabilities(article, amount, rule, metric, parse, mentions)
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
