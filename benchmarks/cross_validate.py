"""Out-of-fold quality of the learned decisions on the train split: the honest train score.

A model scored on the stories it was fitted on looks better than it is. Here the train split is cut into
folds by story (seeded); for each fold every trainer of `newsfacts train` is fitted on the other folds, the
fold's stories are built through the whole pipeline with those models (a fresh process, NEWSFACTS_MODELS),
and the fold's warehouse is scored with the project's scorer. The folds' counts are summed per corpus.
With --rules-only the same folds are built with no model at all, for comparison.

    .venv/bin/python benchmarks/cross_validate.py [--work DIR] [--folds 5] [--rules-only] [--threshold NAME=VALUE]

The work folder keeps each fold's NLP cache: a second run only re-extracts. Only train stories are read.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

SEED = 20261203
UNIFORM = "uniform draws"
BUILD_FOLD = "import sys, pathlib; from pipeline.training.stories import build_stories; " \
             "build_stories(set(sys.argv[1].split(',')), pathlib.Path(sys.argv[2]))"


def folds_of(ids: list[str], folds: int) -> list[list[str]]:
    shuffled = sorted(ids)
    random.Random(SEED).shuffle(shuffled)
    return [shuffled[k::folds] for k in range(folds)]


def fit_fold(articles, warehouse: Path, truth, held_out: set[str], models_dir: Path, thresholds: dict[str, float]) -> None:
    from pipeline.training.train import ACROSS_STORIES, REFITS, TRAINERS, register_trainers, save_fitted

    register_trainers()
    models_dir.mkdir(parents=True, exist_ok=True)
    for stale in [*models_dir.glob("*.joblib"), *models_dir.glob("*.json")]:
        stale.unlink()
    training = [(source_id, article) for source_id, article in articles if source_id not in held_out]
    for name, fit in TRAINERS.items():
        if name in REFITS:   # a refit of part of a model: the model is fitted whole here
            continue
        if name in ACROSS_STORIES:
            model = fit(warehouse, truth, {source_id for source_id, _ in training})
        else:
            model = fit(training, truth)
        for setting, value in thresholds.items():
            if hasattr(getattr(model, "thresholds", None), setting):
                setattr(model.thresholds, setting, value)
        save_fitted(name, model, models_dir)


def build_fold(ids: list[str], work: Path, models_dir: Path) -> Path:
    environment = os.environ | {"NEWSFACTS_MODELS": str(models_dir), "NEWSFACTS_LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-c", BUILD_FOLD, ",".join(ids), str(work)], env=environment, check=True)
    return work / "warehouse" / "newsfacts.duckdb"


def uniform_report(database: str, truth, fold: list[str]) -> dict[str, dict]:
    """The fold's uniformly drawn stories (train only): the precision a user's random story would see."""
    from pipeline.quality.score_facts import score

    drawn = set(truth.splits["uniform"])
    entries = [truth.entries[i] for i in fold if i in drawn]
    if not entries:
        return {}
    report = score(database, entries)
    return {UNIFORM: report | {"stories": len(entries) - len(report["articles_missing"])}}


def summed(reports: list[dict[str, dict]]) -> dict[str, dict]:
    """Corpus -> kind -> P/R/F1 from the folds' summed counts."""
    from pipeline.quality.score_facts import Tally
    from pipeline.quality.split_scores import KINDS

    tallies: dict[str, dict[str, Tally]] = {}
    stories: dict[str, int] = {}
    for report in reports:
        for corpus, kinds in report.items():
            stories[corpus] = stories.get(corpus, 0) + kinds["stories"]
            for kind in KINDS:
                tallies.setdefault(corpus, {}).setdefault(kind, Tally()).add(
                    kinds[kind]["tp"], kinds[kind]["pred"], kinds[kind]["gold"])
    return {corpus: {kind: t.report() for kind, t in kinds.items()} | {"stories": stories[corpus]}
            for corpus, kinds in sorted(tallies.items(), key=lambda item: item[0] != "all")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsfacts-cv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rules-only", action="store_true", help="build the folds with no learned model")
    parser.add_argument("--threshold", action="append", default=[], metavar="NAME=VALUE",
                        help="read the fitted models with this threshold instead (to choose thresholds on train)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    thresholds = {name: float(value) for name, value in (t.split("=", 1) for t in args.threshold)}
    os.environ.setdefault("NEWSFACTS_LOG_LEVEL", "WARNING")
    from pipeline.quality.ground_truth import load_ground_truth
    from pipeline.quality.split_scores import score_split, table
    from pipeline.training.stories import annotated_articles, build_stories

    truth = load_ground_truth()
    ids = [i for i in truth.splits["train"] if i in truth.entries]
    warehouse = None if args.rules_only else build_stories(set(ids), args.work / "all")
    articles = [] if args.rules_only else list(annotated_articles(warehouse, set(ids)))
    reports = []
    for k, fold in enumerate(folds_of(ids, args.folds)):
        models_dir = args.work / f"fold_{k}" / ("no_models" if args.rules_only else "models")
        if args.rules_only:
            models_dir.mkdir(parents=True, exist_ok=True)
        else:
            fit_fold(articles, warehouse, truth, set(fold), models_dir, thresholds)
        database = build_fold(fold, args.work / f"fold_{k}", models_dir)
        reports.append(score_split(str(database), truth, "train", only_built=True) | uniform_report(str(database), truth, fold))
        print(f"fold {k}: {len(fold)} stories scored", file=sys.stderr)
    label = "train, rules only" if args.rules_only else "train, out of fold"
    result = summed(reports)
    print(json.dumps(result, indent=2) if args.json else table({label: result}))


if __name__ == "__main__":
    main()
