"""Fitting the leader decisions from the train split's expected leaders.

Each candidate of a train story (a name with a political title) is an example: a leader when the story's expected
leaders hold a person of that surname (the name's last word is one of the expected name's words: "President Xi" is
"Xi Jinping"). Each leader's candidate countries are examples of the country ranker: right when the expected leader
serves it. The threshold on the leader probability is chosen by 5-fold cross-validation by story on the stories
given (the most candidates decided right as the scorer counts them: a leader kept that is none is false, one
dropped is missed).
"""
from __future__ import annotations

import dataclasses
import inspect

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from pipeline.core import leader_model
from pipeline.core.article import AnnotatedArticle
from pipeline.core.leader_model import LeaderDecisions, candidate_features, country_options
from pipeline.core.leaders import leader_candidates
from pipeline.quality.ground_truth import GroundTruth
from pipeline.quality.score_facts import folded_words, surname
from pipeline.training.saved_models import training_digest
from pipeline.training.train import trainer

REGULARIZATION = 0.5
COUNTRY_REGULARIZATION = 10.0   # chosen out of fold on the train split: options right 0.962 (C 1), 0.968 (C 10)
SEED = 0
FOLDS = 5
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)

# per candidate: (features, a leader of the story, [(a country option's features, the leader serves it)])
Example = tuple[dict[str, float], bool, list[tuple[dict[str, float], bool]]]


def _expected_leader(entry: dict, name: str) -> dict | None:
    last = surname(name)
    return next((leader for leader in entry.get("leaders") or [] if last and last in folded_words(leader.get("name"))), None)


def story_examples(article: AnnotatedArticle, entry: dict) -> list[Example]:
    candidates = leader_candidates(article)
    examples = []
    for candidate in candidates:
        expected = _expected_leader(entry, candidate.name)
        options = country_options(article, candidate) if expected else {}
        examples.append((candidate_features(article, candidate, candidates), expected is not None,
                         [(row, country == expected.get("country")) for country, row in sorted(options.items())]))
    return examples


def prepare(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> dict[str, list[Example]]:
    return {source_id: story_examples(article, truth.entries[source_id]) for source_id, article in sorted(articles, key=lambda a: a[0])}


def _fit(stories: list[list[Example]], threshold: float) -> LeaderDecisions | None:
    rows = [(features, leader) for story in stories for features, leader, _ in story]
    if len({leader for _, leader in rows}) < 2:
        return None
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=REGULARIZATION, max_iter=5000, random_state=SEED).fit(
        vectorizer.fit_transform([f for f, _ in rows]), [leader for _, leader in rows])
    decisions = LeaderDecisions(vectorizer, model, threshold=threshold)
    return _fit_country_ranker(decisions, stories)


def _fit_country_ranker(decisions: LeaderDecisions, stories: list[list[Example]]) -> LeaderDecisions:
    # only leaders whose country is among the options teach the ranker which option is theirs
    ranked = [option for story in stories for _, _, options in story if any(right for _, right in options) for option in options]
    if len({right for _, right in ranked}) == 2:
        decisions.country_vectorizer = DictVectorizer()
        decisions.country_model = LogisticRegression(C=COUNTRY_REGULARIZATION, max_iter=5000, random_state=SEED).fit(
            decisions.country_vectorizer.fit_transform([row for row, _ in ranked]), [right for _, right in ranked])
    return decisions


def choose_threshold(stories: list[list[Example]], log=print) -> float:
    """The threshold with the most candidates decided right out of fold (the nearest to 0.5 of equals)."""
    probabilities: list[tuple[bool, float]] = []
    for train_index, held_index in KFold(FOLDS, shuffle=True, random_state=SEED).split(stories):
        decisions = _fit([stories[i] for i in train_index], 0.5)
        for i in held_index:
            if not stories[i]:
                continue
            rows = [features for features, _, _ in stories[i]]
            scores = decisions.model.predict_proba(decisions.vectorizer.transform(rows))[:, 1] if decisions else [1.0] * len(rows)
            probabilities += [(leader, float(p)) for (_, leader, _), p in zip(stories[i], scores)]
    right = {t: sum((p >= t) == leader for leader, p in probabilities) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (right[t], -abs(t - 0.5)))
    log(f"leaders CV ({FOLDS} folds by story, {len(probabilities)} candidates): right decisions by threshold {right}, chosen {best}")
    return best


def fit_decisions(stories: dict[str, list[Example]], log=print) -> LeaderDecisions | None:
    ordered = [stories[source_id] for source_id in sorted(stories)]
    threshold = choose_threshold(ordered, log) if len(ordered) >= 2 * FOLDS else 0.5
    decisions = _fit(ordered, threshold)
    if decisions is not None:
        decisions.training_digest = training_digest([inspect.getsource(leader_model), ordered])
    return decisions


@trainer("leaders")
def train_leaders(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> LeaderDecisions | None:
    return fit_decisions(prepare(articles, truth))


@trainer("leader_countries", refits="leaders")
def train_leader_countries(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth,
                           leaders: LeaderDecisions) -> LeaderDecisions:
    """The leaders model with only its country ranker refitted: which leaders a story has stays as it was decided."""
    stories = prepare(articles, truth)
    ordered = [stories[source_id] for source_id in sorted(stories)]
    decisions = _fit_country_ranker(dataclasses.replace(leaders), ordered)
    decisions.training_digest = training_digest([leaders.training_digest, inspect.getsource(leader_model), ordered])
    return decisions
