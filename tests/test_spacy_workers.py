"""A refresh's few new articles are annotated in workers forked from the fork server (which loaded the model
beforehand), with the rows the run's own process would give, and the run's process never imports spaCy."""
from __future__ import annotations

import subprocess
import sys

from pipeline.core.nlp import annotate_rows, load_model
from pipeline.defs.entities.annotation import annotated_rows
from pipeline.defs.resources import SpacyResource
from tests.conftest import REPO

TEXTS = [(REPO / "pipeline" / "sample_inbox" / "000_51cd509281dfdc71.txt").read_text(),
         "Japan and China signed a trade agreement worth $3 billion.",
         "Brazil's exports rose to $21.4 billion in May, the trade ministry said."]


def test_a_few_texts_read_in_forked_workers_give_the_rows_of_one_process():
    assert annotated_rows(SpacyResource(n_process=2), TEXTS) == list(annotate_rows(load_model(), TEXTS))


def test_the_run_process_of_a_refresh_imports_neither_spacy_nor_the_model():
    code = ("import sys; import pipeline.definitions, pipeline.build, pipeline.defs.resources; "
            "print('spacy' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
