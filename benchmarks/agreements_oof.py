"""Out-of-fold agreement score in one process: for choosing the agreement decisions' features quickly.

The same folds as `cross_validate.py` (seeded, by story, train split only); in each fold the agreement trainer
runs as `newsfacts train` runs it (its inner cross-validation chooses the thresholds) on the other folds'
stories, and decides the fold's stories; the agreements are matched to the expected ones as the scorer matches
them (all of a gold agreement's parties among one predicted agreement's). Only the agreement stage runs again:
the articles are read once from a built warehouse (cross_validate's `all` folder, shared with figures_oof).
`cross_validate.py` stays the number to report: it builds each fold through the whole pipeline.

    .venv/bin/python benchmarks/agreements_oof.py [--work DIR] [--rules-only] [--misses FILE] [--threshold NAME=VALUE ...]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cross_validate import folds_of  # noqa: E402
from figures_oof import articles_of  # noqa: E402

from pipeline.core.agreements import Agreement  # noqa: E402
from pipeline.core.countries import CountryGazetteer  # noqa: E402
from pipeline.quality.score_facts import Tally, match_agreements  # noqa: E402
from pipeline.core.agreement_model import Thresholds  # noqa: E402
from pipeline.training.agreements import Story, choose_thresholds, fit, party_keys, prepare  # noqa: E402


def predictions(stories: list[Story], folds: int, rules_only: bool, fixed: Thresholds | None = None) -> dict[str, list[Agreement]]:
    """{story id: its agreements}, every story decided by decisions fitted without its fold (read at the fixed
    thresholds if given: quicker, for a first look; else at those the trainer chooses)."""
    from pipeline.core.agreements import find_agreements

    names = CountryGazetteer.load().display_names()
    found: dict[str, list[Agreement]] = {}
    for fold in folds_of([s.source_id for s in stories], folds):
        held_out = set(fold)
        training = [s for s in stories if s.source_id not in held_out]
        decisions = None if rules_only else fit(training, fixed or choose_thresholds(training, log=lambda _: None))
        if decisions is not None:
            print(f"fold of {len(fold)}: {decisions.thresholds}", file=sys.stderr)
        for story in stories:
            if story.source_id in held_out:
                found[story.source_id] = find_agreements(story.article, names, story.leader_countries) if decisions is None \
                    else decisions.decide(story.article, names, story.leader_countries)
    return found


def report(truth, stories: list[Story], found: dict[str, list[Agreement]]) -> dict[str, dict]:
    from pipeline.quality.ground_truth import CORPUS_NAMES

    tallies: dict[str, Tally] = {}
    for story in stories:
        counts = match_agreements(story.expected, [party_keys(a.parties) for a in found[story.source_id]])
        for group in ("all", CORPUS_NAMES.get(truth.corpus.get(story.source_id, "other"), "other")):
            tallies.setdefault(group, Tally()).add(*counts)
    return {group: t.report() for group, t in sorted(tallies.items())}


def write_misses(path: Path, stories: list[Story], found: dict[str, list[Agreement]]) -> None:
    """Each train story's expected agreements beside the decided ones, where they differ: to read the losses."""
    lines = []
    for story in stories:
        decided = found[story.source_id]
        matched, predicted, expected = match_agreements(story.expected, [party_keys(a.parties) for a in decided])
        if matched == predicted == expected:
            continue
        lines.append(f"## {story.source_id}  tp {matched} pred {predicted} gold {expected}")
        lines += [f"  gold {sorted(map(str, g.get('parties') or []))} {g.get('status')} {g.get('sector')}: {g.get('summary')}"
                  for g in story.expected]
        lines += [f"  got  {sorted(party_keys(a.parties))} {a.status} {a.sector}: {a.summary}" for a in decided]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsfacts-cv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--misses", type=Path, help="write the train stories' misses here")
    parser.add_argument("--threshold", action="append", default=[], metavar="NAME=VALUE",
                        help="read every fold's decisions at these thresholds instead of choosing them (quicker)")
    args = parser.parse_args()
    os.environ.setdefault("NEWSFACTS_LOG_LEVEL", "WARNING")
    from pipeline.quality.ground_truth import load_ground_truth

    truth = load_ground_truth()
    ids = [i for i in truth.splits["train"] if i in truth.entries]
    stories = prepare(articles_of(args.work, ids), truth)
    fixed = Thresholds(**{name: float(value) for name, value in (t.split("=", 1) for t in args.threshold)}) if args.threshold else None
    found = predictions(stories, args.folds, args.rules_only, fixed)
    print("train, rules only" if args.rules_only else "train, out of fold")
    for group, r in report(truth, stories, found).items():
        print(f"  {group:14} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}  "
              f"(tp {r['tp']} pred {r['pred']} gold {r['gold']})")
    if args.misses:
        write_misses(args.misses, stories, found)


if __name__ == "__main__":
    main()
