"""Articles are annotated, and stories grouped, in workers forked from the fork server (which loaded the model
and the MinHash library beforehand), with the results the run's own process would give; the run's process
imports neither spaCy nor the MinHash library (nor the SciPy it brings)."""
from __future__ import annotations

import subprocess
import sys

from pipeline.core.nlp import annotate_rows, load_model
from pipeline.defs.entities import annotation
from pipeline.defs.entities.annotation import annotated_rows
from pipeline.defs.resources import SpacyResource
from tests.conftest import REPO

TEXTS = [(REPO / "pipeline" / "sample_inbox" / "000_51cd509281dfdc71.txt").read_text(),
         "Japan and China signed a trade agreement worth $3 billion.",
         "Brazil's exports rose to $21.4 billion in May, the trade ministry said."]


def test_texts_read_in_forked_workers_give_the_rows_of_one_process_in_order(monkeypatch):
    alone = list(annotate_rows(load_model(), TEXTS))
    assert list(annotated_rows(SpacyResource(n_process=2), TEXTS)) == alone        # one task per worker
    monkeypatch.setattr(annotation, "ARTICLES_PER_TASK", 1)                        # more tasks than workers
    assert list(annotated_rows(SpacyResource(n_process=2), TEXTS)) == alone


def test_the_run_process_imports_neither_spacy_nor_the_minhash_library():
    code = ("import sys; import pipeline.cli, pipeline.definitions, pipeline.build, pipeline.defs.resources; "
            "print(sorted(m for m in ('spacy', 'datasketch', 'scipy') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_stories_grouped_in_a_forked_worker_are_those_of_one_process_with_their_failures():
    import datetime as dt

    from pipeline.core.stories import StoryInput, group_stories
    from pipeline.defs.warehouse.assets import stories_grouped_in_worker
    from pipeline.defs.worker_server import start_worker_server, worker_server_started

    start_worker_server(1, 2)
    assert worker_server_started()
    entities = frozenset({"CHN", "KAZ", "P:Xi Jinping", "P:Kassym-Jomart Tokayev", "O:Reuters"})
    text = "China and Kazakhstan leaders Xi Jinping and Tokayev agreed trade investment summit Xian pipeline energy deals"
    articles = [StoryInput(f"a{i}", text, "Xian", dt.date(2023, 5, 17), entities) for i in range(2)]
    articles.append(StoryInput("a9", None, "Xian", dt.date(2023, 5, 17), entities))   # text the grouping cannot read
    here, there = {}, {}
    assert stories_grouped_in_worker(articles, there) == group_stories(articles, here) == {"a0": "a0", "a1": "a0", "a9": "a9"}
    assert list(there) == list(here) == ["a9"] and there["a9"].error == here["a9"].error
