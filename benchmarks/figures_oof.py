"""Out-of-fold figure score in one process: for choosing the figure model's features and thresholds quickly.

The same folds as `cross_validate.py` (seeded, by story, train split only); each fold's figure model is fitted on
the other folds' stories and decides the fold's amounts, and the decisions are matched to the expected figures
as the scorer matches them (strict: value, currency, metric, measure, {country, counterpart}). Only the figure
stage runs again: the articles are read once from a built warehouse (cross_validate's `all` folder) and kept
in a pickle. `cross_validate.py` stays the number to report: it builds each fold through the whole pipeline.

    .venv/bin/python benchmarks/figures_oof.py [--work DIR] [--threshold NAME=VALUE ...] [--rules-only]
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cross_validate import UNIFORM, folds_of  # noqa: E402
from one_stage_oof import corpus_groups, oof_arguments, print_report, train_stories  # noqa: E402

from pipeline.core.figures import article_amounts, find_figures  # noqa: E402
from pipeline.quality.score_facts import Tally, matched_figures, scored_figures  # noqa: E402
from pipeline.training.figures import (  # noqa: E402
    corpus_stories, examples, figure_row, fit_decisions, scorer_places,
)


def predictions(articles, truth, folds: int, settings: list[dict[str, float]], rules_only: bool) -> list[dict[str, list[dict]]]:
    """For each threshold setting, {story id: decided figure rows}, every story decided out of fold."""
    found: list[dict[str, list[dict]]] = [{} for _ in settings]
    amount_rows, place_rows = ([], []) if rules_only else examples(articles, truth, corpus_stories({i for i, _ in articles}))
    for fold in folds_of([source_id for source_id, _ in articles], folds):
        held_out = set(fold)
        decisions = None if rules_only else fit_decisions(
            [a for a in articles if a[0] not in held_out], truth,
            [r for r in amount_rows if r[0] not in held_out], [r for r in place_rows if r[0] not in held_out])
        fitted = decisions.thresholds if decisions is not None else None
        for source_id, article in articles:
            if source_id not in held_out:
                continue
            amounts = article_amounts(article)
            rules = find_figures(article, amounts)
            for n, setting in enumerate(settings):
                figures = rules
                if decisions is not None:
                    decisions.thresholds = dataclasses.replace(fitted, **setting)
                    figures = decisions.decide(article, amounts, rules)
                found[n][source_id] = [figure_row(f) for f in figures]
    return found


def report(truth, found: dict[str, list[dict]]) -> dict[str, dict]:
    key, tallies, uniform = scorer_places(), {}, set(truth.splits["uniform"])
    for source_id, rows in found.items():
        expected = scored_figures(truth.entries[source_id])
        rows = [r for r in rows if r["metric"] != "other"]
        matched = sum(i is not None for i in matched_figures(key, expected, rows))
        for group in corpus_groups(truth, source_id) + ([UNIFORM] if source_id in uniform else []):
            tallies.setdefault(group, Tally()).add(matched, len(rows), len(expected))
    return {group: t.report() for group, t in sorted(tallies.items())}


def main() -> None:
    parser = oof_arguments(__doc__)
    parser.add_argument("--threshold", action="append", default=[], metavar="NAME=V1,V2,...",
                        help="read the fitted models with these thresholds (each value scored in turn)")
    args = parser.parse_args()
    truth, articles = train_stories(args.work)
    settings = [{}]
    for name, values in (t.split("=", 1) for t in args.threshold):
        settings = [s | {name: float(v)} for s in settings for v in values.split(",")]
    for setting, found in zip(settings, predictions(articles, truth, args.folds, settings, args.rules_only)):
        print(setting or "as fitted")
        print_report(report(truth, found))


if __name__ == "__main__":
    main()
