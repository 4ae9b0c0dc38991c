"""Draw the stories of the annotated ground truth and fix their splits before anyone reads them.

Deterministic (one seed): the same corpora give the same draw. Per corpus, a share of the stories is
drawn uniformly from every story with a body (no topic filter: company results, takeovers, commodity
notes, where the right answer is mostly "no figure"), the rest from stories on topics that state facts
(trade, budgets, debt, diplomacy). Stories already in an expected-facts file are never drawn again; those
files all go to train. The test split is drawn at random from the new stories of each corpus, and a random
part of the new stories is read twice.

    python benchmarks/ground_truth/draw_sample.py     # writes splits.json and manifest.csv
"""
from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
EXPECTED = REPO / "benchmarks" / "expected"
SEED = 20261202
CORPORA = {
    "reuters21578": SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl",
    "modern_wire": SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl",
    "modern_news": SHARED / "corpus" / "modern_news" / "news_2012_2020.jsonl",
}
# new stories per corpus: (test, train)
NEW_STORIES = {"reuters21578": (40, 60), "modern_wire": (30, 40), "modern_news": (50, 80)}
UNIFORM_SHARE = 0.45
DOUBLE_READ = {"reuters21578": (8, 8), "modern_wire": (6, 6), "modern_news": (10, 10)}
EXISTING_SETS = [
    SHARED / "expected" / "seeds.yaml",
    SHARED / "expected" / "reuters_dev.yaml",
    *sorted(EXPECTED.glob("heldout_*.yaml")),
    EXPECTED / "untuned.yaml",
    EXPECTED / "second_reading.yaml",
    EXPECTED / "third_reading.yaml",
]
REUTERS_FACT_TOPICS = {"trade", "bop", "reserves", "gnp"}
MODERN_FACT_TOPICS = {
    "trade", "economy_and_jobs", "federal_budget", "taxes", "banking_and_finance", "foreign_policy", "world",
    "china", "russia", "north_korea", "middle_east", "europe", "asia", "great_britain", "business", "energy",
    "mexico", "state_department", "nuclear_weapons", "national_security", "us_military", "africa", "israel",
    "palestine",
}
FACT_WORDS = re.compile(
    r"\b(budget|deficit|surplus|debt|loans?|aid|exports?|imports?|trade|agreement|accord|treaty|pact|deal)\b", re.I)
MONEY = re.compile(r"(\$|£|€|\bdlrs?\b|\bstg\b|\byen\b|\bbillion\b|\bmln\b|\bbn\b|\bmillion\b)", re.I)


def stories(corpus: str):
    with CORPORA[corpus].open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            if (story.get("body") or "").strip():
                yield story


def states_facts(corpus: str, story: dict) -> bool:
    body = story["body"]
    if corpus == "reuters21578":
        on_topic = bool(REUTERS_FACT_TOPICS & set(story.get("topics") or [])) or bool(story.get("people"))
    else:
        on_topic = (story.get("meta") or {}).get("topic") in MODERN_FACT_TOPICS
    return on_topic and bool(FACT_WORDS.search(body)) and bool(MONEY.search(body))


def existing_ids() -> dict[str, str]:
    return {entry["id"]: path.name for path in EXISTING_SETS for entry in yaml.safe_load(path.read_text())}


def draw() -> list[dict]:
    rng = random.Random(SEED)
    taken = set(existing_ids())
    rows = []
    for corpus, (n_test, n_train) in NEW_STORIES.items():
        pool = [s for s in stories(corpus) if s["id"] not in taken]
        n_total = n_test + n_train
        n_uniform = round(UNIFORM_SHARE * n_total)
        uniform = rng.sample(pool, n_uniform)
        chosen = {s["id"] for s in uniform}
        topical_pool = [s for s in pool if s["id"] not in chosen and states_facts(corpus, s)]
        topical = rng.sample(topical_pool, n_total - n_uniform)
        drawn = [(s, "uniform") for s in uniform] + [(s, "topic") for s in topical]
        rng.shuffle(drawn)
        double_test, double_train = DOUBLE_READ[corpus]
        for i, (story, draw_kind) in enumerate(drawn):
            split = "test" if i < n_test else "train"
            double = i < double_test or n_test <= i < n_test + double_train
            rows.append({"id": story["id"], "corpus": corpus, "source": story.get("source") or "Reuters",
                         "draw": draw_kind, "split": split, "double_read": double,
                         "words": len(story["body"].split()), "file": ""})
    for story_id, file in existing_ids().items():
        corpus = "seeds" if story_id.endswith(".txt") else ("reuters21578" if story_id.startswith("reuters") else "modern_wire")
        rows.append({"id": story_id, "corpus": corpus, "source": "Reuters" if corpus != "modern_wire" else "",
                     "draw": "existing", "split": "train", "double_read": False, "words": 0, "file": file})
    return rows


def main() -> None:
    rows = draw()
    splits = {
        "seed": SEED,
        "train": [r["id"] for r in rows if r["split"] == "train"],
        "test": [r["id"] for r in rows if r["split"] == "test"],
        "double_annotated": [r["id"] for r in rows if r["double_read"]],
        "uniform": [r["id"] for r in rows if r["draw"] == "uniform"],
    }
    (EXPECTED / "splits.json").write_text(json.dumps(splits, indent=1) + "\n")
    with (EXPECTED / "manifest.csv").open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print({k: len(v) for k, v in splits.items() if isinstance(v, list)})


if __name__ == "__main__":
    main()
