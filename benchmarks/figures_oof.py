"""Out-of-fold figure score in one process: for choosing the figure model's features and thresholds quickly.

The same folds as `cross_validate.py` (seeded, by story, train split only); each fold's figure model is fitted on
the other folds' stories and decides the fold's amounts, and the decisions are matched to the expected figures
as the scorer matches them (strict: value, currency, metric, measure, {country, counterpart}). Only the figure
stage runs again: the articles are read once from a built warehouse (cross_validate's `all` folder) and kept
in a pickle. `cross_validate.py` stays the number to report: it builds each fold through the whole pipeline.

    .venv/bin/python benchmarks/figures_oof.py [--work DIR] [--threshold NAME=VALUE ...] [--rules-only] [--errors] [--misses]

`--errors` counts each train miss and false figure by kind (wrong metric, measure, sign, places; amount never
offered; no amount of that value at all); `--misses` lists them with their sentence, to study train stories.
"""
from __future__ import annotations

import dataclasses
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cross_validate import UNIFORM, folds_of  # noqa: E402
from one_stage_oof import corpus_groups, oof_arguments, print_report, train_stories  # noqa: E402

from pipeline.core.figures import article_amounts, find_figures  # noqa: E402
from pipeline.quality.score_facts import Tally, figure_matches, matched_figures, scored_figures  # noqa: E402
from pipeline.training.figures import (  # noqa: E402
    corpus_stories, evidence_text, examples, figure_row, fit_decisions, scorer_places,
)


def predictions(articles, truth, folds: int, settings: list[dict[str, float]], rules_only: bool) -> list[dict[str, list]]:
    """For each threshold setting, {story id: decided figures}, every story decided out of fold."""
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
                found[n][source_id] = figures
    return found


def scored_rows(figures) -> list[dict]:
    return [figure_row(f) for f in figures if f.metric != "other"]


def report(truth, found: dict[str, list]) -> dict[str, dict]:
    key, tallies, uniform = scorer_places(), {}, set(truth.splits["uniform"])
    for source_id, figures in found.items():
        expected = scored_figures(truth.entries[source_id])
        rows = scored_rows(figures)
        matched = sum(i is not None for i in matched_figures(key, expected, rows))
        for group in corpus_groups(truth, source_id) + ([UNIFORM] if source_id in uniform else []):
            tallies.setdefault(group, Tally()).add(matched, len(rows), len(expected))
    return {group: t.report() for group, t in sorted(tallies.items())}


def _same_amount(g: dict, p: dict) -> bool:
    return figure_matches(None, g, p, strict=False) or figure_matches(None, g | {"value": -float(g["value"])}, p, strict=False)


def error_kind(key, g: dict, p: dict | None) -> str:
    """What a predicted row of the expected figure's amount gets wrong (the first attribute that differs)."""
    if p is None:
        return "not offered"
    if p["metric"] != g.get("metric"):
        return f"metric {g.get('metric')}->{p['metric']}"
    if (p.get("measure") or "level") != (g.get("measure") or "level"):
        return f"measure {g.get('measure') or 'level'}->{p.get('measure') or 'level'}"
    if (float(p["value"]) < 0) != (float(g["value"]) < 0):
        return "sign"
    want, have = {key(g.get("country")), key(g.get("counterpart"))}, {key(p.get("country_id")), key(p.get("counterpart_id"))}
    if want - {None} and have - {None} and want & have - {None}:
        return "places: partly"
    return "places: missing" if not have - {None} else "places: wrong"


def errors(truth, articles, found: dict[str, list], listing: bool) -> Counter:
    """Count (and list) the train misses and false figures by kind and corpus."""
    key, text, by_group = scorer_places(), dict(articles), Counter()
    corpus_text = corpus_stories(set(found)) if listing else {}
    for source_id, figures in sorted(found.items()):
        scored = [f for f in figures if f.metric != "other"]
        expected, rows = scored_figures(truth.entries[source_id]), [figure_row(f) for f in scored]
        matched = matched_figures(key, expected, rows)
        corpus = corpus_groups(truth, source_id)[1]
        right = set(matched) - {None}
        used = set(right)
        for g, m in zip(expected, matched):
            if m is not None:
                continue
            candidates = [i for i, p in enumerate(rows) if i not in used and _same_amount(g, p)]
            kind = error_kind(key, g, rows[candidates[0]] if candidates else None)
            used.update(candidates[:1])
            by_group[(corpus, "miss", kind)] += 1
            if listing:
                print(f"MISS {source_id} [{kind}] want {g.get('metric')}/{g.get('measure') or 'level'} {g['value']} "
                      f"{g.get('currency')} {g.get('country')}-{g.get('counterpart')}"
                      + (f" got {rows[candidates[0]]}" if candidates else "") + f"\n     {(evidence_text(corpus_text.get(source_id), g) or '')[:300]!r}")
        for i, (f, p) in enumerate(zip(scored, rows)):
            if i in right or any(_same_amount(g, p) for g in expected):
                continue
            by_group[(corpus, "false", "no such figure")] += 1
            if listing:
                sentence = " ".join(text[source_id].text[f.sentence_start:f.sentence_end].split())
                print(f"FALSE {source_id} {p}\n     {sentence[:300]!r}")
    return by_group


def print_errors(by_group: Counter) -> None:
    for (corpus, side, kind), n in sorted(by_group.items(), key=lambda item: (item[0][0], item[0][1], -item[1])):
        print(f"  {corpus:14} {side:5} {n:4}  {kind}")


def main() -> None:
    parser = oof_arguments(__doc__)
    parser.add_argument("--threshold", action="append", default=[], metavar="NAME=V1,V2,...",
                        help="read the fitted models with these thresholds (each value scored in turn)")
    parser.add_argument("--errors", action="store_true", help="count misses and false figures by kind")
    parser.add_argument("--misses", action="store_true", help="list each train miss and false figure")
    args = parser.parse_args()
    truth, articles = train_stories(args.work)
    settings = [{}]
    for name, values in (t.split("=", 1) for t in args.threshold):
        settings = [s | {name: float(v)} for s in settings for v in values.split(",")]
    started = time.perf_counter()
    decided = predictions(articles, truth, args.folds, settings, args.rules_only)
    print(f"fitted and decided in {time.perf_counter() - started:.0f} s")
    for setting, found in zip(settings, decided):
        print(setting or "as fitted")
        print_report(report(truth, found))
        if args.errors or args.misses:
            print_errors(errors(truth, articles, found, args.misses))


if __name__ == "__main__":
    main()
