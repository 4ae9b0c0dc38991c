"""Take a reader's checked file into the repository: evidence sentences become character spans into the
story's body (the corpus text stays out of the repository; ids and spans point into ../shared).

    python benchmarks/ground_truth/import_reading.py BATCH_FOLDER [--file reading.yaml]

Writes benchmarks/expected/readings/<batch>.yaml and, if the reader left notes, <batch>.notes.md.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_reading import problems  # noqa: E402
from corpus import all_stories, find_evidence  # noqa: E402

READINGS = Path(__file__).resolve().parents[1] / "expected" / "readings"
HEADER = """# Expected facts for {n} stories of ../shared/corpus, written by one reader following
# ../shared/expected/GUIDELINE.md and ANNOTATING.md, blind to the project's code (batch {batch}: {kind}).
# Evidence is kept as `evidence_span: [start, end]`, character offsets into the story's `body` in its corpus
# (`evidence_field: title` where the sentence is the title); the text itself stays out of the repository.
"""


def with_spans(entry: dict, story: dict) -> dict:
    for item in (entry.get("figures") or []) + (entry.get("agreements") or []):
        evidence = item.pop("evidence", None)
        if evidence is None:
            continue
        span = find_evidence(story.get("body") or "", evidence)
        if span is None and find_evidence(story.get("title") or "", evidence) is not None:
            item["evidence_field"] = "title"
            span = find_evidence(story["title"], evidence)
        item["evidence_span"] = list(span) if span else None
    return entry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("batch_folder", type=Path)
    parser.add_argument("--file", default="reading.yaml")
    parser.add_argument("--kind", default="first reading")
    args = parser.parse_args()
    entries = yaml.safe_load((args.batch_folder / args.file).read_text(encoding="utf-8"))
    found = problems(entries)
    if found:
        sys.exit("\n".join(found))
    stories = all_stories()
    converted = [with_spans(entry, stories[entry["id"]]) for entry in entries]
    READINGS.mkdir(parents=True, exist_ok=True)
    batch = args.batch_folder.name
    body = yaml.safe_dump(converted, sort_keys=False, allow_unicode=True, width=120)
    (READINGS / f"{batch}.yaml").write_text(HEADER.format(n=len(converted), batch=batch, kind=args.kind) + body)
    notes = next((n for n in (args.batch_folder / "notes.md", args.batch_folder / "reading.notes.md") if n.exists()), None)
    if notes is not None:
        shutil.copy(notes, READINGS / f"{batch}.notes.md")
    print(f"{batch}: {len(converted)} stories")


if __name__ == "__main__":
    main()
