"""Issue #4: extraction quality measured with the shared scorer, and the product's own scorer agreeing with it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from pipeline.quality.reuters_tags import tag_recall
from pipeline.quality.score_facts import score as product_score
from tests.conftest import REUTERS, SHARED, build_warehouse, score

DEV_EXPECTED = SHARED / "expected" / "reuters_dev.yaml"
SEEDS_EXPECTED = SHARED / "expected" / "seeds.yaml"
TAG_SAMPLE_STORIES = 1500


def write_reuters_inbox(inbox: Path, keep) -> Path:
    inbox.mkdir(parents=True, exist_ok=True)
    with REUTERS.open() as source, (inbox / "reuters.jsonl").open("w") as out:
        for line in source:
            if keep(json.loads(line)):
                out.write(line)
    return inbox


@pytest.fixture(scope="module")
def dev_warehouse(tmp_path_factory) -> Path:
    ids = {story["id"] for story in yaml.safe_load(DEV_EXPECTED.read_text())}
    inbox = write_reuters_inbox(tmp_path_factory.mktemp("dev") / "inbox", lambda story: story["id"] in ids)
    warehouse = tmp_path_factory.mktemp("dev_warehouse")
    assert build_warehouse(inbox, warehouse).success
    return warehouse


def test_development_set_meets_the_extraction_bar(dev_warehouse):
    report = score(dev_warehouse / "newsfacts.duckdb", DEV_EXPECTED)
    assert report["articles_missing"] == []
    assert report["figures"]["f1"] >= 0.80
    assert report["leaders"]["f1"] >= 0.85
    assert report["countries"]["f1"] >= 0.90
    assert report["agreements"]["f1"] >= 0.60


@pytest.mark.parametrize("expected", [DEV_EXPECTED, SEEDS_EXPECTED], ids=["dev", "seeds"])
def test_product_scorer_agrees_with_the_reference_scorer(expected, dev_warehouse, seed_warehouse):
    warehouse = dev_warehouse if expected == DEV_EXPECTED else seed_warehouse
    database = warehouse / "newsfacts.duckdb"
    assert product_score(str(database), str(expected)) == score(database, expected)


def test_countries_and_people_agree_with_reuters_index_tags(tmp_path):
    stories = iter(range(TAG_SAMPLE_STORIES))
    inbox = write_reuters_inbox(tmp_path / "inbox", lambda story: bool(story.get("body")) and next(stories, None) is not None)
    assert build_warehouse(inbox, tmp_path / "warehouse").success
    recall = tag_recall(tmp_path / "warehouse" / "newsfacts.duckdb")
    assert recall["places_recall_without_usa"] >= 0.90
    assert recall["people_recall"] >= 0.85
    assert recall["unmapped_place_slugs"] == []
