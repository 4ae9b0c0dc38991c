"""Fitting the capital decision from the train split's expected countries.

Each capital mention of a country a train story names only by its capital is an example; it stands for its
government when the story's expected countries hold that country. The threshold is chosen by 5-fold
cross-validation by story on the train split, counting countries as the scorer counts them (a country kept that
the story does not mention is a false one, a country dropped that it does is a missed one); where no threshold
beats keeping every capital, every capital is kept.
"""
from __future__ import annotations


from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from pipeline.core.article import AnnotatedArticle
from pipeline.core.capital_model import CapitalDecisions, story_rows
from pipeline.quality.ground_truth import GroundTruth
from pipeline.training.saved_models import training_digest
from pipeline.training.train import trainer

REGULARIZATION = 0.5
SEED = 0
FOLDS = 5
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)   # 0.0 keeps every capital (the rules alone)

Story = list[tuple[bool, list[dict[str, float]]]]   # (country expected, its capital mentions' features)


def prepare(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> list[Story]:
    stories = []
    for source_id, article in articles:
        expected = set(truth.entries[source_id].get("countries") or [])
        stories.append([(country in expected, rows) for country, rows in story_rows(article)])
    return stories


def fit(stories: list[Story], threshold: float = 0.5) -> CapitalDecisions | None:
    rows = [(row, expected) for story in stories for expected, mentions in story for row in mentions]
    if len({expected for _, expected in rows}) < 2:
        return None
    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([row for row, _ in rows])
    model = LogisticRegression(C=REGULARIZATION, max_iter=5000, random_state=SEED).fit(features, [e for _, e in rows])
    return CapitalDecisions(vectorizer, model, threshold)


def cross_validate(stories: list[Story], log=print) -> float:
    """The threshold with the most right decisions out of fold (the lowest of equals: closest to the rules)."""
    probabilities: list[tuple[bool, float]] = []
    indices = list(range(len(stories)))
    for train_index, held_index in KFold(FOLDS, shuffle=True, random_state=SEED).split(indices):
        decisions = fit([stories[i] for i in train_index])
        for i in held_index:
            for expected, rows in stories[i]:
                probabilities.append((expected, decisions.governments(rows) if decisions else 1.0))
    right = {t: sum((p >= t) == expected for expected, p in probabilities) for t in THRESHOLDS}
    best = max(THRESHOLDS, key=lambda t: (right[t], -t))
    log(f"capitals CV ({FOLDS} folds by story, {len(probabilities)} countries named only by a capital): "
        f"right decisions by threshold {right}, chosen {best}")
    return best


@trainer("capitals")
def train_capitals(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> CapitalDecisions | None:
    stories = prepare(sorted(articles, key=lambda a: a[0]), truth)
    threshold = cross_validate(stories) if len(stories) >= 2 * FOLDS else 0.0
    decisions = fit(stories, threshold)
    if decisions is not None:
        decisions.training_digest = training_digest(stories)
    return decisions
