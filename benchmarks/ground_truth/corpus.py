"""The shared corpora's stories by id: what readers read and what evidence spans point into."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPUS_FILES = {
    "reuters21578": SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl",
    "modern_wire": SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl",
    "modern_news": SHARED / "corpus" / "modern_news" / "news_2012_2020.jsonl",
}
SEEDS = SHARED / "corpus" / "seeds"


@lru_cache(maxsize=1)
def all_stories() -> dict[str, dict]:
    """id -> story (id, date, title, dateline, body, source, corpus); seeds by file name, body = whole file."""
    stories = {}
    for corpus, path in CORPUS_FILES.items():
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                story = json.loads(line)
                story["corpus"] = corpus
                stories[story["id"]] = story
    for seed in SEEDS.glob("*.txt"):
        stories[seed.name] = {"id": seed.name, "corpus": "seeds", "title": "", "date": None, "dateline": None,
                              "body": seed.read_text(encoding="utf-8"), "source": "Reuters"}
    return stories


def story_text(story_id: str) -> str:
    return all_stories()[story_id].get("body") or ""


def find_evidence(text: str, evidence: str) -> tuple[int, int] | None:
    """Character span of the evidence in the text, whatever whitespace the reader's copy has (wire lines break
    mid-sentence)."""
    words = str(evidence or "").split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text)
    return (match.start(), match.end()) if match else None
