"""Issue #13: the annotated ground truth — its size and make-up, the frozen splits, every story's entry,
evidence spans that point into ../shared, and the readers' agreement on the double-read stories."""
from __future__ import annotations

import csv
import json

import pytest
import yaml

from pipeline.quality.ground_truth import five_word_runs, ground_truth_dir, is_version_of, load_ground_truth
from pipeline.quality.reading_agreement import agreement
from pipeline.training.stories import CORPUS_FILES

KINDS = ("countries", "leaders", "figures", "agreements")


@pytest.fixture(scope="module")
def truth():
    return load_ground_truth()


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict]:
    return {row["id"]: row for row in csv.DictReader((ground_truth_dir() / "manifest.csv").open())}


@pytest.fixture(scope="module")
def bodies() -> dict[str, str]:
    stories = {}
    for path in CORPUS_FILES:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                story = json.loads(line)
                stories[story["id"]] = story
    return stories


def test_the_splits_are_disjoint_and_large_enough(truth):
    train, test = set(truth.splits["train"]), set(truth.splits["test"])
    assert len(train) >= 300 and len(test) >= 100
    assert not train & test


def test_no_train_story_is_a_version_of_a_test_story(truth, bodies):
    # Reuters sent some stories twice under new ids: a twin in train would be a test story the models learned
    test = {i: five_word_runs(bodies[i]["body"]) for i in truth.splits["test"] if i in bodies}
    for story_id in truth.splits["train"]:
        if story_id not in bodies:
            continue
        runs = five_word_runs(bodies[story_id]["body"])
        for test_id, test_runs in test.items():
            assert not is_version_of(runs, test_runs), (story_id, test_id)


def test_every_listed_story_has_expected_facts(truth):
    for name in ("train", "test", "double_annotated", "uniform"):
        assert truth.missing(name) == [], name


def test_the_sample_covers_three_corpora_and_draws_a_quarter_with_no_topic_filter(truth, manifest):
    listed = set(truth.splits["train"]) | set(truth.splits["test"])
    corpora = [manifest[i]["corpus"] for i in listed]
    assert {"reuters21578", "modern_wire", "modern_news"} <= set(corpora)
    assert sum(c in ("modern_wire", "modern_news") for c in corpora) >= 150
    british_style = [i for i in listed if manifest[i]["source"] in ("BBC News", "The Guardian", "Al Jazeera")]
    assert len(british_style) >= 40
    assert len(truth.splits["uniform"]) >= len(listed) / 4
    assert {manifest[i]["corpus"] for i in truth.splits["test"]} == {"reuters21578", "modern_wire", "modern_news"}


def test_double_read_stories_have_two_readings_and_an_adjudication(truth):
    double = truth.splits["double_annotated"]
    assert len(double) >= 40
    for story_id in double:
        assert story_id in truth.first_readings and story_id in truth.second_readings
    adjudicated = {e["id"] for e in yaml.safe_load((ground_truth_dir() / "adjudicated.yaml").read_text())}
    assert set(double) == adjudicated


def test_evidence_spans_point_into_the_story_body(truth, bodies):
    checked = 0
    for story_id, entry in truth.entries.items():
        story = bodies.get(story_id)
        for item in (entry.get("figures") or []) + (entry.get("agreements") or []):
            span = item.get("evidence_span")
            if span is None or story is None:
                continue
            text = story.get(item.get("evidence_field") or "body") or ""
            assert 0 <= span[0] < span[1] <= len(text), story_id
            checked += 1
    assert checked > 500


def test_the_readers_agreement_is_measured_with_the_projects_scorer(truth):
    double = truth.splits["double_annotated"]
    first = [truth.first_readings[i] for i in double]
    itself = agreement(first, first)
    assert all(itself[kind]["f1"] == 1.0 for kind in KINDS)
    other = agreement(first, [truth.second_readings[i] for i in double])
    assert all(0.5 < other[kind]["f1"] <= 1.0 for kind in KINDS)
