"""Where the spaCy pass runs: in workers forked from the fork server, which loaded the model once. This module
imports nothing heavy: the run's own process imports spaCy only when it runs the model itself (one process),
and a worker finds this module's function with the model already loaded."""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from pipeline.defs.worker_server import worker_context

if TYPE_CHECKING:
    from pipeline.core.failures import Failure
    from pipeline.core.spans import SpanRow
    from pipeline.defs.resources import SpacyResource

# articles per task sent to a worker: results stream back while the workers read on, and the two workers end
# their last tasks close together
ARTICLES_PER_TASK = 100


def annotated_rows(spacy: SpacyResource, texts: list[str]) -> Iterator[list[SpanRow] | Failure]:
    """The spaCy pass over the texts, in order: in `spacy.n_process` workers forked from the fork server (which
    loaded the model on the idle core while the run read and cleaned, so neither they nor this process load
    it), or in this process when the run has one process."""
    if spacy.n_process < 2:
        from pipeline.core.nlp import annotate_rows

        yield from annotate_rows(spacy.model(), texts, batch_size=spacy.batch_size)
        return
    size = max(1, min(ARTICLES_PER_TASK, -(-len(texts) // spacy.n_process)))
    tasks = [texts[start:start + size] for start in range(0, len(texts), size)]
    with ProcessPoolExecutor(spacy.n_process, mp_context=worker_context()) as pool:
        for task_rows in pool.map(annotate_in_worker, [spacy.model_name] * len(tasks), tasks, [spacy.batch_size] * len(tasks)):
            yield from task_rows


def annotate_in_worker(model_name: str, texts: list[str], batch_size: int) -> list[list[SpanRow] | Failure]:
    from pipeline.core.nlp import annotate_rows, cached_model

    return list(annotate_rows(cached_model(model_name), texts, batch_size=batch_size))
