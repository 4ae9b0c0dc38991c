"""Issue #3 acceptance: incremental and idempotent. The whole pipeline (real spaCy model) is run five times
over one warehouse while the inbox changes; spaCy sees only new articles, an unchanged inbox changes
nothing, and a removed file takes its rows with it.

Runs: 1 seeds + 20 Reuters stories · 2 unchanged · 3 two files added · 4 one of them removed ·
5 the other removed too (the inbox of run 1 again).
"""
from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.defs.resources import WarehouseResource
from tests.conftest import REUTERS, SEEDS_DIR, build_warehouse

SAMPLE_SIZE = 20


@dataclass
class Run:
    annotated: int                  # articles sent through spaCy (nlp_spans metadata, summed over shards)
    from_cache: int
    views: dict[str, list[tuple]]   # every view of newsfacts.duckdb, all rows, ordered
    files: dict[str, str]           # every file of the warehouse folder → sha256
    article_ids: dict[str, str]     # dim_article source_id → article_id
    star_kept: bool                 # the star schema's staged tables kept: its inputs were unchanged


def reuters_stories(count: int, skip: int = 0) -> list[dict]:
    stories = []
    with open(REUTERS, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if (record.get("body") or "").strip():
                stories.append(record)
            if len(stories) == skip + count:
                break
    return stories[skip:]


def query_every_view(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        views = [name for (name,) in con.execute(
            "select view_name from duckdb_views() where not internal order by view_name").fetchall()]
        return {view: con.execute(f"select * from {view} order by all").fetchall() for view in views}


def run_pipeline(inbox: Path, warehouse: Path) -> Run:
    build = build_warehouse(inbox, warehouse)
    assert build.success
    # a run over a partition range records one materialization per shard, each with the run's metadata
    materializations = build.asset_materializations_for_node("nlp_spans")
    assert materializations, "no nlp_spans materialization"
    nlp = materializations[0].metadata
    views = query_every_view(warehouse / "newsfacts.duckdb")
    with duckdb.connect(str(warehouse / "newsfacts.duckdb"), read_only=True) as con:
        article_ids = dict(con.execute("select source_id, article_id from dim_article").fetchall())
    files = {str(p.relative_to(warehouse)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(warehouse.rglob("*")) if p.is_file()}
    star = build.asset_materializations_for_node("star_schema_tables")[0].metadata
    kept = "inputs_unchanged" in star and star["inputs_unchanged"].value
    return Run(nlp["articles_annotated"].value, nlp["articles_from_cache"].value, views, files, article_ids, kept)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Run | Path | str]:
    inbox = tmp_path_factory.mktemp("incremental_inbox")
    warehouse = tmp_path_factory.mktemp("incremental_warehouse")
    outbox = tmp_path_factory.mktemp("incremental_outbox")     # where the two added files wait their turn
    for story in SEEDS_DIR.glob("*.txt"):
        shutil.copy(story, inbox / story.name)
    with open(inbox / "reuters_sample.jsonl", "w", encoding="utf-8") as handle:
        for story in reuters_stories(SAMPLE_SIZE):
            handle.write(json.dumps(story) + "\n")
    added = [inbox / f"added_{story['id']}.txt" for story in reuters_stories(2, skip=SAMPLE_SIZE)]
    for path, story in zip(added, reuters_stories(2, skip=SAMPLE_SIZE)):
        path.write_text(f"{story['title']}\n\n{story['body']}", encoding="utf-8")
    for path in added:
        path.rename(outbox / path.name)

    history: dict[str, Run | Path | str] = {"warehouse": warehouse}
    history["first"] = run_pipeline(inbox, warehouse)
    history["unchanged"] = run_pipeline(inbox, warehouse)
    for path in added:
        (outbox / path.name).rename(path)
    history["added"] = run_pipeline(inbox, warehouse)
    history["removed_name"] = added[0].name
    added[0].unlink()
    history["one_removed"] = run_pipeline(inbox, warehouse)
    added[1].unlink()
    history["all_removed"] = run_pipeline(inbox, warehouse)
    return history


def test_the_first_run_sends_every_article_through_spacy(runs):
    first = runs["first"]
    assert first.annotated == SAMPLE_SIZE + 2 and first.from_cache == 0
    assert len(first.views["dim_article"]) == SAMPLE_SIZE + 2


def test_an_unchanged_inbox_sends_zero_articles_through_spacy(runs):
    assert runs["unchanged"].annotated == 0
    assert runs["unchanged"].from_cache == SAMPLE_SIZE + 2


def test_an_unchanged_inbox_gives_identical_query_results_and_files(runs):
    first, unchanged = runs["first"], runs["unchanged"]
    assert unchanged.views.keys() == first.views.keys()
    for view, rows in first.views.items():
        assert unchanged.views[view] == rows, f"view {view} changed on a run with nothing new"
    changed = sorted(name for name, digest in first.files.items() if unchanged.files.get(name) != digest)
    assert changed == [] and unchanged.files.keys() == first.files.keys()


def test_only_an_unchanged_inbox_keeps_the_staged_star_schema(runs):
    assert runs["unchanged"].star_kept
    assert not any(runs[name].star_kept for name in ("first", "added", "one_removed", "all_removed"))


def test_adding_two_files_sends_exactly_two_articles_through_spacy(runs):
    added = runs["added"]
    assert (added.annotated, added.from_cache) == (2, SAMPLE_SIZE + 2)
    new_sources = set(added.article_ids) - set(runs["first"].article_ids)
    assert len(new_sources) == 2 and all(s.startswith("added_") for s in new_sources)


def test_removing_a_file_removes_its_rows_on_the_next_run(runs):
    removed_id = runs["added"].article_ids[runs["removed_name"]]
    after = runs["one_removed"]
    assert after.annotated == 0
    assert runs["removed_name"] not in after.article_ids and len(after.article_ids) == SAMPLE_SIZE + 3
    leftovers = rows_naming_article(runs["warehouse"] / "newsfacts.duckdb", removed_id)
    assert leftovers == {}, "the removed file's article still has rows"
    for table in ("raw_articles", "clean_articles", "nlp_spans", "entity_mentions", "figure_candidates"):
        frame = pl.read_parquet(WarehouseResource(inbox_dir="", warehouse_dir=str(runs["warehouse"])).shard_glob(table))
        assert frame.filter(pl.col("article_id") == removed_id).is_empty(), table


def test_going_back_to_the_first_inbox_gives_the_first_query_results(runs):
    first, last = runs["first"], runs["all_removed"]
    assert last.annotated == 0
    for view, rows in first.views.items():
        assert last.views[view] == rows, f"view {view} differs from the first run over the same inbox"


def rows_naming_article(database: Path, article_id: str) -> dict[str, int]:
    """view → number of rows that name the article (article_id column or article_ids list); views that do not."""
    found = {}
    with duckdb.connect(str(database), read_only=True) as con:
        for (view,) in con.execute("select view_name from duckdb_views() where not internal").fetchall():
            columns = [d[0] for d in con.execute(f"select * from {view} limit 0").description]
            conditions = ["article_id = $id"] if "article_id" in columns else []
            conditions += ["list_contains(article_ids, $id)"] if "article_ids" in columns else []
            if conditions:
                (count,) = con.execute(f"select count(*) from {view} where {' or '.join(conditions)}",
                                       {"id": article_id}).fetchone()
                if count:
                    found[view] = count
    return found
