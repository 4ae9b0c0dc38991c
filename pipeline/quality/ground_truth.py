"""The annotated ground truth: which stories are in which split, and each story's expected facts.

Lives in the repository's `benchmarks/expected/` (override with NEWSFACTS_GROUND_TRUTH or a path):
`splits.json` (train / test / double_annotated / uniform ids, fixed before any reading; `withheld_from_train`:
train stories that are a test story's own text under another id, drawn before that was checked, with why),
`manifest.csv`
(each story's corpus, source and how it was drawn), and the expected-facts YAML files. A story's entry is,
in order of precedence: the adjudicated entry of a double-read story (`adjudicated.yaml` for the first 48,
`readings/adjudicate_*.yaml` for later ones), its first reading, the aligned
version of an earlier set's entry, the earlier entry. Second readings are kept apart: they measure how
far two careful readers agree.
"""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "benchmarks" / "expected"
SHARED_EXPECTED = DEFAULT_DIR.parents[2] / "shared" / "expected"
# earlier sets, lowest precedence first
EARLIER_SETS = ("heldout_reuters.yaml", "heldout_modern.yaml", "untuned.yaml", "second_reading.yaml", "third_reading.yaml")
CORPUS_NAMES = {"reuters21578": "Reuters 1987", "modern_wire": "modern wire", "modern_news": "modern news", "seeds": "seeds"}


@dataclass
class GroundTruth:
    splits: dict[str, list[str]]
    entries: dict[str, dict]
    second_readings: dict[str, dict]
    first_readings: dict[str, dict] = field(default_factory=dict)
    corpus: dict[str, str] = field(default_factory=dict)

    def split(self, name: str) -> list[dict]:
        return [self.entries[story_id] for story_id in self.splits[name] if story_id in self.entries]

    def missing(self, name: str) -> list[str]:
        return [story_id for story_id in self.splits[name] if story_id not in self.entries]


def ground_truth_dir(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("NEWSFACTS_GROUND_TRUTH") or DEFAULT_DIR)


def _entries(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def load_ground_truth(path: str | Path | None = None) -> GroundTruth:
    folder = ground_truth_dir(path)
    splits = json.loads((folder / "splits.json").read_text())
    # a model that learned from a test story's twin would be measured on what it saw
    withheld = splits.get("withheld_from_train") or {}
    splits["train"] = [i for i in splits["train"] if i not in withheld]
    corpus = {row["id"]: row["corpus"] for row in csv.DictReader((folder / "manifest.csv").open())}
    entries: dict[str, dict] = {}
    for shared in ("seeds.yaml", "reuters_dev.yaml"):
        if (SHARED_EXPECTED / shared).exists():
            entries |= {e["id"]: e for e in _entries(SHARED_EXPECTED / shared)}
    for name in EARLIER_SETS:
        if (folder / name).exists():
            entries |= {e["id"]: e for e in _entries(folder / name)}
    readings = folder / "readings"
    for path in sorted(readings.glob("align_*.yaml")):
        entries |= {e["id"]: e for e in _entries(path)}
    first = {e["id"]: e for path in sorted(readings.glob("first_*.yaml")) for e in _entries(path)}
    entries |= first
    second = {e["id"]: e for path in sorted(readings.glob("reread_*.yaml")) for e in _entries(path)}
    adjudicated = [folder / "adjudicated.yaml", *sorted(readings.glob("adjudicate_*.yaml"))]
    for path in adjudicated:
        if path.exists():
            entries |= {e["id"]: e for e in _entries(path)}
    return GroundTruth(splits=splits, entries=entries, second_readings=second, first_readings=first, corpus=corpus)


def five_word_runs(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + 5]) for i in range(max(1, len(words) - 4))}


def is_version_of(runs: set[str], other_runs: set[str]) -> bool:
    """Reuters sent some stories twice under new ids: two bodies sharing most five-word runs are one story."""
    return len(runs & other_runs) > 0.5 * min(len(runs), len(other_runs))
