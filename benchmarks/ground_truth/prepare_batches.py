"""Split the drawn stories into reading batches and write each batch's packet for its reader.

First readings of the new stories go to batches of about equal length; the second readings of the
double-read stories go to batches of their own, so a second reader is never the first reader of the same
story. The packets (the stories' text) are written outside the repository; the batch of each reading is
kept in the manifest.

    python benchmarks/ground_truth/prepare_batches.py OUT_DIR
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import all_stories  # noqa: E402

EXPECTED = Path(__file__).resolve().parents[1] / "expected"
FIRST_READING_BATCHES = 17
SECOND_READING_BATCHES = 3


def balanced(rows: list[dict], n_batches: int) -> list[list[dict]]:
    """Longest first into the lightest batch; each batch then in manifest order."""
    batches: list[list[dict]] = [[] for _ in range(n_batches)]
    for row in sorted(rows, key=lambda r: -int(r["words"])):
        min(batches, key=lambda b: sum(int(r["words"]) for r in b)).append(row)
    order = {row["id"]: n for n, row in enumerate(rows)}
    return [sorted(batch, key=lambda r: order[r["id"]]) for batch in batches]


def packet(story_ids: list[str]) -> str:
    stories = all_stories()
    parts = []
    for sid in story_ids:
        s = stories[sid]
        parts.append(
            f"=== STORY {sid} ===\n"
            f"source: {s.get('source') or 'Reuters'} | date field: {s.get('date')} | dateline: {s.get('dateline')}\n"
            f"TITLE: {s.get('title') or ''}\n"
            f"BODY:\n{s['body'].rstrip()}\n"
            f"=== END {sid} ===\n")
    return "\n".join(parts)


def main() -> None:
    out = Path(sys.argv[1])
    manifest = EXPECTED / "manifest.csv"
    rows = list(csv.DictReader(manifest.open()))
    new = [r for r in rows if r["draw"] != "existing"]
    batches = {f"first_{n + 1:02d}": b for n, b in enumerate(balanced(new, FIRST_READING_BATCHES))}
    doubles = [r for r in new if r["double_read"] == "True"]
    batches |= {f"second_{n + 1:02d}": b for n, b in enumerate(balanced(doubles, SECOND_READING_BATCHES))}
    first_of, second_of = {}, {}
    for name, batch in batches.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "stories.txt").write_text(packet([r["id"] for r in batch]), encoding="utf-8")
        (folder / "ids.txt").write_text("\n".join(r["id"] for r in batch) + "\n")
        for r in batch:
            (second_of if name.startswith("second") else first_of)[r["id"]] = name
        print(name, len(batch), sum(int(r["words"]) for r in batch))
    for r in rows:
        r["first_reading"] = first_of.get(r["id"], r.get("first_reading") or r["file"])
        r["second_reading"] = second_of.get(r["id"], "")
    with manifest.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=[k for k in rows[0] if k != "file"])
        writer.writeheader()
        writer.writerows({k: v for k, v in r.items() if k != "file"} for r in rows)


if __name__ == "__main__":
    main()
