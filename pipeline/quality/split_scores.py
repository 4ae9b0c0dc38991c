"""Scores of a warehouse on the ground truth's splits, per corpus, and the gap between train and test.

The test split is frozen: its score is read, its misses never are. The train–test gap tells how much of a
score comes from fitting the stories it was learned from.
"""
from __future__ import annotations

import duckdb

from pipeline.quality.ground_truth import CORPUS_NAMES, GroundTruth
from pipeline.quality.score_facts import score

KINDS = ("countries", "leaders", "figures", "agreements")


def warehouse_story_ids(database: str) -> set[str]:
    with duckdb.connect(database, read_only=True) as con:
        return {row[0] for row in con.execute("select source_id from dim_article").fetchall()}


def score_split(database: str, truth: GroundTruth, split: str, *, only_built: bool = False) -> dict[str, dict]:
    """{corpus name or 'all': scorer report} for the split's stories (those in the warehouse, if only_built)."""
    entries = truth.split(split)
    if only_built:
        built = warehouse_story_ids(database)
        entries = [e for e in entries if e["id"] in built]
    groups = {"all": entries} if entries else {}
    for corpus in sorted({truth.corpus.get(e["id"], "other") for e in entries}):
        groups[CORPUS_NAMES.get(corpus, corpus)] = [e for e in entries if truth.corpus.get(e["id"], "other") == corpus]
    reports = {}
    for name, group in groups.items():
        reports[name] = score(database, group)
        reports[name]["stories"] = len(group) - len(reports[name]["articles_missing"])
    return reports


def table(reports_by_split: dict[str, dict[str, dict]]) -> str:
    lines = ["| split | corpus | stories | " + " | ".join(f"{k} P / R / F1" for k in KINDS) + " |",
             "|---|---|---|" + "---|" * len(KINDS)]
    for split, reports in reports_by_split.items():
        for corpus, report in reports.items():
            stories = report["stories"]
            cells = [f"{report[k]['precision']:.3f} / {report[k]['recall']:.3f} / **{report[k]['f1']:.3f}**" for k in KINDS]
            lines.append(f"| {split} | {corpus} | {stories} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def gap(train: dict, test: dict) -> dict[str, float]:
    """Train F1 minus test F1, per kind, over all corpora."""
    return {k: round(train["all"][k]["f1"] - test["all"][k]["f1"], 3) for k in KINDS}
