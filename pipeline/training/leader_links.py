"""Fitting which untitled links of a story to a leader count, from the train split's expected leaders.

Each (story, leader) pair the star schema links only through an untitled name is an example: right when the
story's expected leaders hold that person (surname and country, as the scorer counts them). The threshold is
chosen with the regularization by 5-fold cross-validation by story: the most pairs decided right (a link kept that is none is false, one
dropped is missed).
"""
from __future__ import annotations

import inspect
from pathlib import Path

import polars as pl
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from pipeline.core import leader_links, star_schema
from pipeline.core.leader_links import LinkDecisions, link_features
from pipeline.quality.ground_truth import GroundTruth
from pipeline.quality.score_facts import surname
from pipeline.training.saved_models import training_digest
from pipeline.training.train import trainer

REGULARIZATIONS = (0.3, 1.0, 3.0)
SEED = 0
FOLDS = 5
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)

# per story: [(features, the expected leaders hold the person)]
Examples = dict[str, list[tuple[dict[str, float], bool]]]


def _table(warehouse: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(warehouse / name / "*" / "*.parquet", hive_partitioning=False)


def prepare(warehouse: Path, truth: GroundTruth, ids: set[str]) -> Examples:
    """The examples of the built stories of `ids`, linked across them as the star schema links them."""
    articles = _table(warehouse, "clean_articles").filter(pl.col("source_id").is_in(sorted(ids)))
    kept = articles.select("article_id")
    leader_mentions = _table(warehouse, "leader_mentions").join(kept, on="article_id", how="semi")
    entity_mentions = _table(warehouse, "entity_mentions").join(kept, on="article_id", how="semi")
    published = articles.select("article_id", "published_date")
    identified = star_schema.leader_identities(leader_mentions, published)
    links = star_schema.untitled_leader_mentions(entity_mentions, identified, star_schema.out_of_office_names(leader_mentions),
                                                 published)
    keys, rows = link_features(links, identified, articles, entity_mentions, published)
    people = {leader_id: (surname(name), country) for leader_id, name, country in
              identified.sort("article_id", "start_char").group_by("leader_id", maintain_order=True)
              .agg(pl.first("name"), pl.first("country_id")).iter_rows()}
    source_ids = dict(articles.select("article_id", "source_id").iter_rows())
    examples: Examples = {}
    for (article_id, leader_id), features in zip(keys, rows):
        source_id = source_ids[article_id]
        expected = {(surname(leader["name"]), leader.get("country")) for leader in truth.entries[source_id].get("leaders") or []}
        examples.setdefault(source_id, []).append((features, people[leader_id] in expected))
    return examples


def _fit(stories: list[list[tuple[dict, bool]]], regularization: float) -> tuple[DictVectorizer, LogisticRegression] | None:
    rows = [example for story in stories for example in story]
    if len({right for _, right in rows}) < 2:
        return None
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=regularization, max_iter=5000, random_state=SEED).fit(
        vectorizer.fit_transform([f for f, _ in rows]), [right for _, right in rows])
    return vectorizer, model


def choose_setting(stories: list[list[tuple[dict, bool]]], log=print) -> tuple[float, float]:
    """The regularization and threshold with the most pairs decided right out of fold (of equals, the nearest to
    C 1 and to 0.5)."""
    right: dict[tuple[float, float], int] = {}
    for regularization in REGULARIZATIONS:
        decided: list[tuple[bool, float]] = []
        for train_index, held_index in KFold(FOLDS, shuffle=True, random_state=SEED).split(stories):
            fitted = _fit([stories[i] for i in train_index], regularization)
            held = [example for i in held_index for example in stories[i]]
            if not held:
                continue
            scores = fitted[1].predict_proba(fitted[0].transform([f for f, _ in held]))[:, 1] if fitted else [1.0] * len(held)
            decided += [(counts, float(p)) for (_, counts), p in zip(held, scores)]
        right |= {(regularization, t): sum((p >= t) == counts for counts, p in decided) for t in THRESHOLDS}
    best = max(right, key=lambda s: (right[s], -abs(s[0] - 1.0), -abs(s[1] - 0.5)))
    kept_all = sum(counts for counts, _ in decided)
    log(f"leader links CV ({FOLDS} folds by story, {len(decided)} pairs, {kept_all} right to keep): right decisions "
        f"by (C, threshold) {right}, chosen {best}")
    return best


@trainer("leader_links", across_stories=True)
def train_leader_links(warehouse: Path, truth: GroundTruth, ids: set[str], log=print) -> LinkDecisions | None:
    examples = prepare(warehouse, truth, ids)
    ordered = [examples[source_id] for source_id in sorted(examples)]
    regularization, threshold = choose_setting(ordered, log) if len(ordered) >= 2 * FOLDS else (1.0, 0.5)
    fitted = _fit(ordered, regularization)
    if fitted is None:
        return None
    vectorizer, model = fitted
    return LinkDecisions({name: float(model.coef_[0][column]) for name, column in sorted(vectorizer.vocabulary_.items())},
                         float(model.intercept_[0]), threshold,
                         training_digest([inspect.getsource(leader_links), [[[f, right] for f, right in story] for story in ordered]]))
