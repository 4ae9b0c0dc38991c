"""Fitting the figure decisions from the train split's expected figures.

Each money amount the rules find in a train story is an example. It is labelled by aligning the story's
expected figures to the amounts: same absolute value (the scorer's 0.5 % tolerance) and currency, in the
expected figure's evidence sentence when the reader gave one. Figures of metric `other` are not scored, so
for learning they are the same as no figure.

The checker learns from the decisions themselves: the train stories are cut into folds, each fold is decided
by models fitted on the other folds, and each decided figure is labelled right when the scorer would match it
to an expected figure (value, currency, metric, measure and places all right).
"""
from __future__ import annotations

import functools
import hashlib
import json
import random
import re
import unicodedata
from collections import Counter

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.core.amounts import Amount
from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import CountryGazetteer, country_dimension
from pipeline.core.figure_features import amount_features, place_candidates, place_features
from pipeline.core.figure_model import UNSCORED, FigureDecisions, Thresholds, figure_candidates
from pipeline.core.figures import Figure, article_amounts, find_figures
from pipeline.quality.ground_truth import GroundTruth
from pipeline.quality.score_facts import matched_figures, place_key as scorer_place_key, scored_figures
from pipeline.training.train import trainer

VALUE_TOLERANCE = 0.005
REGULARIZATION = 1.0
SEED = 0
CHECKER_FOLDS = 5
CHECKER_MIN_STORIES = 50   # with fewer, a fold's models may not even see both classes: no checker
CHECKER_REGULARIZATION = 0.3
KEEP_CHECKED = 0.3    # chosen out of fold on the train split (benchmarks/figures_oof.py)


def _folded(name) -> str:
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z ]", " ", text.lower()).split())


def place_key(place, names: dict[str, str]) -> str | None:
    """Countries by ISO code, groups by folded name: how the scorer compares them."""
    if place is None:
        return None
    text = str(place)
    if re.fullmatch(r"[A-Z]{3}", text):
        return text
    return _folded(names.get(text, text))


def evidence_text(truth_story: dict | None, figure: dict) -> str | None:
    """The words of the expected figure's evidence sentence, from the corpus story the span points into."""
    span = figure.get("evidence_span")
    if not span or truth_story is None:
        return None
    field = truth_story.get(figure.get("evidence_field") or "body") or ""
    return " ".join(field[span[0]:span[1]].split())


def align(article: AnnotatedArticle, amounts: list[Amount], expected: list[dict], corpus_story: dict | None) -> dict[int, dict]:
    """amount start -> the expected figure it states (metric `other` included)."""
    aligned: dict[int, dict] = {}
    for figure in expected:
        value = abs(float(figure["value"]))
        matching = [a for a in amounts if abs(abs(a.value) - value) <= VALUE_TOLERANCE * value
                    and a.currency == figure.get("currency")]
        evidence = evidence_text(corpus_story, figure)
        if evidence:
            matching = [a for a in matching if _words_around(article, a) in evidence] or matching
        for amount in matching:
            aligned.setdefault(amount.start, figure)
    return aligned


def _words_around(article: AnnotatedArticle, amount: Amount) -> str:
    start, end = article.sentence_bounds(amount.start)
    return " ".join(article.text[max(start, amount.start - 20):min(end, amount.end + 20)].split()[1:-1])


def examples(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth, corpus: dict[str, dict]):
    """Amount examples (features, expected figure or None, place rows) of every article."""
    names = CountryGazetteer.load().display_names()
    amount_rows, place_rows = [], []
    for source_id, article in articles:
        expected = truth.entries[source_id].get("figures") or []
        amounts = article_amounts(article)
        rules = {f.start: f for f in find_figures(article, amounts)}
        candidates = figure_candidates(amounts)
        labels = align(article, candidates, expected, corpus.get(source_id))
        mentions = Counter(p.country_id for p in article.places)
        by_sentence: dict[int, list[Amount]] = {}
        for amount in candidates:
            by_sentence.setdefault(article.sentence_index(amount.start), []).append(amount)
        for sentence_amounts in by_sentence.values():
            for n, amount in enumerate(sentence_amounts):
                rule, parse = rules.get(amount.start), article.parse_at(amount.start)
                gold = labels.get(amount.start)
                scored = gold is not None and gold.get("metric") != "other"
                amount_rows.append((source_id, amount_features(article, amount, rule, parse, n, len(sentence_amounts)),
                                    gold if scored else None))
                if scored:
                    want = {place_key(gold.get("country"), names), place_key(gold.get("counterpart"), names)} - {None}
                    for candidate in place_candidates(article, amount):
                        row = place_features(article, amount, candidate, rule, parse, mentions) | {f"metric:{gold['metric']}": 1.0}
                        place_rows.append((source_id, row, place_key(candidate.place_id, names) in want))
    return amount_rows, place_rows


def fit(amount_rows, place_rows, thresholds: Thresholds | None = None) -> FigureDecisions:
    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([f for _, f, _ in amount_rows])
    is_figure = [gold is not None for _, _, gold in amount_rows]
    positives = [i for i, scored in enumerate(is_figure) if scored]
    positive_features = features[positives]
    metrics = [amount_rows[i][2]["metric"] for i in positives]
    measures = [amount_rows[i][2].get("measure") or "level" for i in positives]
    negative = [float(amount_rows[i][2]["value"]) < 0 for i in positives]

    def model():
        return LogisticRegression(C=REGULARIZATION, max_iter=5000, random_state=SEED)

    place_vectorizer = DictVectorizer()
    place_features_matrix = place_vectorizer.fit_transform([f for _, f, _ in place_rows])
    return FigureDecisions(
        vectorizer=vectorizer,
        detector=model().fit(features, is_figure),
        metric=model().fit(positive_features, metrics),
        measure=model().fit(positive_features, measures) if len(set(measures)) > 1 else None,
        negative=model().fit(positive_features, negative),
        place_vectorizer=place_vectorizer,
        place=model().fit(place_features_matrix, [member for _, _, member in place_rows]),
        thresholds=thresholds or Thresholds(),
    )


def corpus_stories(ids: set[str]) -> dict[str, dict]:
    from pipeline.training.stories import CORPUS_FILES

    stories = {}
    for path in CORPUS_FILES:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                story = json.loads(line)
                if story["id"] in ids:
                    stories[story["id"]] = story
    return stories


def figure_row(figure: Figure) -> dict:
    """A decided figure as the scorer reads a `fact_figure` row."""
    return {"value": figure.value, "currency": figure.currency, "metric": figure.metric, "measure": figure.measure,
            "country_id": figure.country_id, "counterpart_id": figure.counterpart_id}


def scorer_places():
    """The scorer's place comparison: countries by id, groups by their folded name."""
    dimension = country_dimension()
    return functools.partial(scorer_place_key, names=dict(zip(dimension["country_id"], dimension["name"])),
                             kinds=dict(zip(dimension["country_id"], dimension["kind"])))


def decided_figures(decisions: FigureDecisions, article: AnnotatedArticle):
    """(figure, evidence) for each figure the decisions keep before the checker, scored metrics only."""
    amounts = article_amounts(article)
    decided = decisions.decide_with_evidence(article, amounts, find_figures(article, amounts))
    return [(figure, evidence) for figure, evidence in decided if figure.metric not in UNSCORED]


def checker_examples(articles, truth: GroundTruth, amount_rows, place_rows) -> list[tuple[dict, bool]]:
    """(evidence, right) for every figure decided out of fold on the training stories."""
    ids = sorted({source_id for source_id, _ in articles})
    if len(ids) < CHECKER_MIN_STORIES:
        return []
    random.Random(SEED).shuffle(ids)
    key, rows = scorer_places(), []
    for k in range(CHECKER_FOLDS):
        held_out = set(ids[k::CHECKER_FOLDS])
        decisions = fit([r for r in amount_rows if r[0] not in held_out], [r for r in place_rows if r[0] not in held_out])
        for source_id, article in articles:
            if source_id not in held_out:
                continue
            decided = decided_figures(decisions, article)
            expected = scored_figures(truth.entries[source_id])
            right = set(matched_figures(key, expected, [figure_row(f) for f, _ in decided])) - {None}
            rows += [(evidence, i in right) for i, (_, evidence) in enumerate(decided)]
    return rows


def fit_decisions(articles, truth: GroundTruth, amount_rows, place_rows) -> FigureDecisions:
    """The decisions from every example, and the checker from the decisions taken out of fold."""
    decisions = fit(amount_rows, place_rows, Thresholds(keep_checked=KEEP_CHECKED))
    checked = checker_examples(articles, truth, amount_rows, place_rows)
    if len({right for _, right in checked}) == 2:
        decisions.checker_vectorizer = DictVectorizer()
        features = decisions.checker_vectorizer.fit_transform([evidence for evidence, _ in checked])
        decisions.checker = LogisticRegression(C=CHECKER_REGULARIZATION, max_iter=5000, random_state=SEED).fit(
            features, [right for _, right in checked])
    return decisions


@trainer("figures")
def train_figures(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> FigureDecisions:
    corpus = corpus_stories({source_id for source_id, _ in articles})
    amount_rows, place_rows = examples(articles, truth, corpus)
    decisions = fit_decisions(articles, truth, amount_rows, place_rows)
    digest = hashlib.sha256(json.dumps(sorted((s, sorted(f.items()), g and g.get("metric")) for s, f, g in amount_rows),
                                       default=str).encode()).hexdigest()[:16]
    decisions.training_digest = digest
    return decisions
