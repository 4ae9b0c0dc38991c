"""Fitting the country-mention decision from the train split's expected countries.

Each country a train story names (outside company names, not only by a capital that locates) is an example; it is
mentioned when the story's expected countries hold it. The threshold is chosen by 5-fold cross-validation by story
on the train split, counting countries as the scorer counts them; where no threshold beats keeping every country,
every country is kept (the rules alone).
"""
from __future__ import annotations

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from pipeline.core.article import AnnotatedArticle
from pipeline.core.extract import mention_places
from pipeline.core.mention_model import MentionDecisions, story_rows
from pipeline.quality.ground_truth import GroundTruth
from pipeline.training.saved_models import training_digest
from pipeline.training.train import trainer

REGULARIZATION = 0.5
SEED = 0
FOLDS = 5
THRESHOLDS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)   # 0.0 keeps every country (the rules alone)

Story = list[tuple[bool, dict[str, float]]]   # (country expected, its features) for each country named


def prepare(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> list[Story]:
    stories = []
    for source_id, article in articles:
        expected = set(truth.entries[source_id].get("countries") or [])
        stories.append([(country in expected, row) for country, row in story_rows(article, mention_places(article))])
    return stories


def fit(stories: list[Story], threshold: float = 0.5) -> MentionDecisions | None:
    rows = [(row, expected) for story in stories for expected, row in story]
    if len({expected for _, expected in rows}) < 2:
        return None
    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([row for row, _ in rows])
    model = LogisticRegression(C=REGULARIZATION, max_iter=5000, random_state=SEED).fit(features, [e for _, e in rows])
    return MentionDecisions(vectorizer, model, threshold)


def cross_validate(stories: list[Story], log=print) -> float:
    """The threshold with the most right decisions out of fold (the lowest of equals: closest to the rules)."""
    probabilities: list[tuple[bool, float]] = []
    indices = list(range(len(stories)))
    for train_index, held_index in KFold(FOLDS, shuffle=True, random_state=SEED).split(indices):
        decisions = fit([stories[i] for i in train_index])
        for i in held_index:
            rows = [row for _, row in stories[i]]
            found = decisions.probabilities(rows) if decisions else [1.0] * len(rows)
            probabilities += [(expected, p) for (expected, _), p in zip(stories[i], found)]
    right = {t: sum((p >= t) == expected for expected, p in probabilities) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (right[t], -t))
    log(f"mentions CV ({FOLDS} folds by story, {len(probabilities)} countries named): "
        f"right decisions by threshold {right}, chosen {best}")
    return best


@trainer("mentions")
def train_mentions(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> MentionDecisions | None:
    stories = prepare(sorted(articles, key=lambda a: a[0]), truth)
    threshold = cross_validate(stories) if len(stories) >= 2 * FOLDS else 0.0
    decisions = fit(stories, threshold)
    if decisions is not None:
        decisions.training_digest = training_digest(stories)
    return decisions
