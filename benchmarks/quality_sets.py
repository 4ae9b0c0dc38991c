"""Extraction quality on every expected-facts set: the shared seeds and development set, and this
project's held-out sets (benchmarks/expected/). Each set's stories are taken from ../shared/corpus by
id, built into a warehouse of their own through Dagster (real model, files, DuckDB) and scored with
../shared/tools/score_facts.py.

    .venv/bin/python benchmarks/quality_sets.py [--json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_facts.py"
CORPORA = [SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl", SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl"]
SETS = {
    "seeds": SHARED / "expected" / "seeds.yaml",
    "development": SHARED / "expected" / "reuters_dev.yaml",
    "held-out Reuters": REPO / "benchmarks" / "expected" / "heldout_reuters.yaml",
    "held-out modern wire": REPO / "benchmarks" / "expected" / "heldout_modern.yaml",
    "untuned": REPO / "benchmarks" / "expected" / "untuned.yaml",
    "second reading": REPO / "benchmarks" / "expected" / "second_reading.yaml",
    "third reading": REPO / "benchmarks" / "expected" / "third_reading.yaml",
}
KINDS = ("countries", "leaders", "figures", "agreements")


def write_inbox(expected: Path, inbox: Path) -> None:
    """The set's stories: seed files by name, corpus lines by id."""
    ids = {story["id"] for story in yaml.safe_load(expected.read_text())}
    inbox.mkdir(parents=True)
    for seed in (SHARED / "corpus" / "seeds").glob("*.txt"):
        if seed.name in ids:
            shutil.copy(seed, inbox / seed.name)
    with (inbox / "stories.jsonl").open("w", encoding="utf-8") as out:
        for corpus in CORPORA:
            with corpus.open(encoding="utf-8") as lines:
                out.writelines(line for line in lines if json.loads(line)["id"] in ids)


def score_set(expected: Path, work: Path) -> dict:
    from pipeline.build import build_all
    from pipeline.defs.resources import SpacyResource, WarehouseResource

    inbox, warehouse = work / "inbox", work / "warehouse"
    write_inbox(expected, inbox)
    resources = {"warehouse": WarehouseResource(inbox_dir=str(inbox), warehouse_dir=str(warehouse)), "spacy": SpacyResource()}
    if not all(result.success for result in build_all(resources)):
        raise SystemExit(f"the build of {expected.name}'s stories failed")
    out = subprocess.run([sys.executable, str(SCORER), str(warehouse / "newsfacts.duckdb"), str(expected), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    reports = {}
    with tempfile.TemporaryDirectory(prefix="newsfacts-quality-") as tmp:
        for n, (name, expected) in enumerate(SETS.items()):
            reports[name] = score_set(expected, Path(tmp) / str(n))
    if args.json:
        print(json.dumps(reports, indent=2))
        return
    print("| set | stories | " + " | ".join(KINDS) + " |")
    print("|---|---|" + "---|" * len(KINDS))
    for name, report in reports.items():
        stories = len(yaml.safe_load(SETS[name].read_text()))
        print(f"| {name} | {stories} | " + " | ".join(f"{report[kind]['f1']:.3f}" for kind in KINDS) + " |")


if __name__ == "__main__":
    main()
