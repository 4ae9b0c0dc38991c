"""NEWSFACTS_SHARDS: the number of shards is a setting. Changing it re-deals the inputs over the new shards,
but no unchanged article goes through spaCy again (its spans are found by content hash in any shard's
file), and the warehouse holds the same rows: the old shards' files are not read."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pipeline import lakehouse
from tests.conftest import REUTERS, SEEDS_DIR

BIN = Path(sys.executable).parent
REUTERS_STORIES = 4
COUNTS_SQL = ("select (select count(*) from dim_article), (select count(*) from rejected_inputs), "
              "(select count(*) from fact_figure), (select count(*) from fact_mention)")


def build(inbox: Path, warehouse: Path, shards: int) -> tuple[int, tuple]:
    """Articles spaCy annotated in a `newsfacts build` with this many shards, and the warehouse's row counts."""
    env = {**os.environ, "NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse),
           "NEWSFACTS_SHARDS": str(shards), "NEWSFACTS_NLP_PROCESSES": "1"}
    env.pop("DAGSTER_HOME", None)
    out = subprocess.run([str(BIN / "newsfacts"), "build"], env=env, capture_output=True, text=True, timeout=300,
                         stdin=subprocess.DEVNULL)
    log = out.stdout + out.stderr
    assert out.returncode == 0, log[-3000:]
    annotated = sum(int(n) for n in re.findall(r"spaCy annotated (\d+) new articles", log))
    with lakehouse.open_lake("", str(warehouse), str(warehouse / "lake") + "/") as con:
        return annotated, con.execute(COUNTS_SQL).fetchone()


def test_changing_the_shard_count_sends_no_article_through_spacy_again(tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    inbox.mkdir()
    for story in SEEDS_DIR.glob("*.txt"):
        shutil.copy(story, inbox / story.name)
    with REUTERS.open(encoding="utf-8") as source, (inbox / "reuters.jsonl").open("w", encoding="utf-8") as out:
        kept = 0
        for line in source:
            if kept < REUTERS_STORIES and (json.loads(line).get("body") or "").strip():
                out.write(line)
                kept += 1

    first_annotated, first_counts = build(inbox, warehouse, 8)
    second_annotated, second_counts = build(inbox, warehouse, 3)

    assert first_annotated == 2 + REUTERS_STORIES and second_annotated == 0
    assert first_counts[0] == 2 + REUTERS_STORIES and second_counts == first_counts
    assert sorted(p.name for p in (warehouse / "raw_articles").iterdir())[:3] == ["shard=00", "shard=01", "shard=02"]
