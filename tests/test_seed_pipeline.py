"""Issue #2 acceptance: every asset materialized on the seed stories and scored by the shared scorer."""
from __future__ import annotations

import duckdb
import pytest
import yaml

from tests.conftest import SHARED, score

SEEDS_EXPECTED = SHARED / "expected" / "seeds.yaml"


@pytest.fixture(scope="module")
def expected():
    return {a["id"]: a for a in yaml.safe_load(SEEDS_EXPECTED.read_text())}


@pytest.fixture(scope="module")
def con(seed_warehouse):
    with duckdb.connect(str(seed_warehouse / "newsfacts.duckdb"), read_only=True) as connection:
        yield connection


def test_scores_meet_the_walking_pipeline_bar(seed_warehouse):
    report = score(seed_warehouse / "newsfacts.duckdb", SEEDS_EXPECTED)
    assert report["articles_missing"] == []
    assert report["countries"]["f1"] >= 0.9
    assert report["leaders"]["f1"] == 1.0
    assert report["figures"]["f1"] >= 0.75
    assert report["agreements"]["recall"] >= 0.5


def test_no_reporter_or_economist_is_a_leader(con, expected):
    leaders = {name for (name,) in con.execute("select name from dim_leader").fetchall()}
    for story in expected.values():
        assert not leaders & set(story["not_leaders"])


def test_non_figures_are_not_figures(con, expected):
    amounts = [text for (text,) in con.execute("select amount_text from fact_figure").fetchall()]
    for story in expected.values():
        for phrase in story["not_figures"]:
            assert not any(phrase in amount or amount in phrase for amount in amounts), phrase


def test_boilerplate_removed_and_metadata_parsed(con, expected):
    rows = con.execute("select source_id, text, authors, dateline, publisher from dim_article").fetchall()
    assert {r[0] for r in rows} == set(expected)
    for source_id, text, authors, dateline, publisher in rows:
        story = expected[source_id]
        for boilerplate in story["boilerplate_removed"]:
            assert boilerplate not in text
        assert authors == story["authors"]
        assert dateline == story["dateline"]
        assert publisher == story["publisher"]


def test_versions_of_one_story_share_a_story_id_and_a_date(con, expected):
    stories = dict(con.execute("select source_id, story_id from dim_article").fetchall())
    for source_id, story in expected.items():
        assert stories[source_id] == stories[story["same_story"]]
    years = {y for (y,) in con.execute("select distinct period_year from fact_figure f join dim_article a using (article_id) "
                                        "where a.source_id like '000%'").fetchall()}
    assert years == {2022}


def test_every_fact_carries_its_evidence(con):
    rows = con.execute("select f.evidence, f.start_char, f.end_char, f.amount_text from fact_figure f").fetchall()
    assert rows
    for evidence, start, end, amount in rows:
        assert amount in evidence and end > start
