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

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cross_validate import folds_of  # noqa: E402
from one_stage_oof import corpus_groups, oof_arguments, print_report, train_stories  # noqa: E402

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
    tallies: dict[str, Tally] = {}
    for story in stories:
        counts = match_agreements(story.expected, [party_keys(a.parties) for a in found[story.source_id]])
        for group in corpus_groups(truth, story.source_id):
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
    parser = oof_arguments(__doc__)
    parser.add_argument("--misses", type=Path, help="write the train stories' misses here")
    parser.add_argument("--threshold", action="append", default=[], metavar="NAME=VALUE",
                        help="read every fold's decisions at these thresholds instead of choosing them (quicker)")
    args = parser.parse_args()
    truth, articles = train_stories(args.work)
    stories = prepare(articles, truth)
    fixed = Thresholds(**{name: float(value) for name, value in (t.split("=", 1) for t in args.threshold)}) if args.threshold else None
    found = predictions(stories, args.folds, args.rules_only, fixed)
    print("train, rules only" if args.rules_only else "train, out of fold")
    print_report(report(truth, stories, found))
    if args.misses:
        write_misses(args.misses, stories, found)


if __name__ == "__main__":
    main()
