"""Extraction quality on the annotated ground truth (benchmarks/expected/): the frozen test split and the
train split, per corpus, the seed stories, and the agreement of two independent readers on the double-read
stories (the ceiling). The stories are taken from ../shared/corpus by id, built into one warehouse through
Dagster (real model, files, DuckDB) and scored with the project's scorer (the reference scorer's rules).

    .venv/bin/python benchmarks/quality_sets.py [--warehouse DIR] [--split train|test] [--json]

--split train builds and scores the train split alone (the one to learn from while working: the test
split's output is then never built, so it cannot be looked at).

With --warehouse DIR the build is kept (and reused by the next run), so that
`NEWSFACTS_WAREHOUSE=DIR/warehouse newsfacts score --split test` reads it again.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "expected" / "seeds.yaml"


def reader_agreement(truth) -> dict[str, dict] | None:
    """{corpus name or 'all': the second readings scored against the first} on every story read twice: the
    adjudicated double-read set and the later train re-reads that check each round's readers."""
    from pipeline.quality.ground_truth import CORPUS_NAMES
    from pipeline.quality.reading_agreement import agreement

    ids = sorted(i for i in truth.second_readings if i in truth.first_readings)
    if not ids:
        return None
    groups = {"all": ids}
    for corpus in sorted({truth.corpus.get(i, "other") for i in ids}):
        groups[CORPUS_NAMES.get(corpus, corpus)] = [i for i in ids if truth.corpus.get(i, "other") == corpus]
    reports = {}
    for name, group in groups.items():
        reports[name] = agreement([truth.first_readings[i] for i in group], [truth.second_readings[i] for i in group])
        reports[name]["stories"] = len(group)
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, help="build into (and keep) this folder: its warehouse/ is the one built")
    parser.add_argument("--split", choices=("train", "test"), action="append",
                        help="only this split (repeatable; default: both)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("NEWSFACTS_LOG_LEVEL", "WARNING")
    from pipeline.quality.ground_truth import load_ground_truth
    from pipeline.quality.score_facts import score
    from pipeline.quality.split_scores import KINDS, gap, score_split, table
    from pipeline.training.stories import build_stories

    truth = load_ground_truth()
    splits = tuple(args.split or ("test", "train"))
    ids = {i for split in splits for i in truth.splits[split] if i in truth.entries}
    with tempfile.TemporaryDirectory(prefix="newsfacts-quality-") as tmp:
        work = args.warehouse or Path(tmp)
        database = str(build_stories(ids, work) / "newsfacts.duckdb")
        reports = {split: score_split(database, truth, split) for split in splits}
        seeds = score(database, str(SHARED_SEEDS))
    ceiling = reader_agreement(truth)
    if args.json:
        print(json.dumps({"splits": reports, "seeds": seeds, "reader_agreement": ceiling}, indent=2))
        return
    print(table(reports | ({"two readers": ceiling} if ceiling else {})))
    if len(reports) == 2:
        print("\ntrain F1 - test F1: " + ", ".join(f"{k} {v:+.3f}" for k, v in gap(reports["train"], reports["test"]).items()))
    print("seeds F1: " + ", ".join(f"{k} {seeds[k]['f1']:.3f}" for k in KINDS))
    if ceiling:
        print(f"reader agreement on {ceiling['all']['stories']} double-read stories (F1): "
              + ", ".join(f"{k} {ceiling['all'][k]['f1']:.3f}" for k in KINDS))
    missing = [i for split in splits for i in truth.missing(split)]
    if missing:
        print(f"{len(missing)} stories of the splits have no expected facts yet", file=sys.stderr)


if __name__ == "__main__":
    main()
