"""Where the spaCy pass runs. This module imports nothing heavy: the run's process imports spaCy only when it
runs the model itself, and a worker forked from the fork server finds this module's function with the model
already loaded."""
from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from pipeline.defs.worker_server import worker_context

if TYPE_CHECKING:
    from pipeline.core.failures import Failure
    from pipeline.core.spans import SpanRow
    from pipeline.defs.resources import SpacyResource

# below this many new articles per process, spaCy's own worker processes (forked from the run's process, which
# loads the model first) cost more than they save: a refresh of a few files is read in workers forked from the
# fork server, which loaded the model on the idle core while the run read and cleaned
MIN_ARTICLES_PER_PROCESS = 100


def annotated_rows(spacy: SpacyResource, texts: list[str]) -> Iterable[list[SpanRow] | Failure]:
    """The spaCy pass over the texts, in order: in spaCy's own worker processes for many texts, in workers
    forked from the fork server for a few, in this process when the run has one process."""
    if spacy.n_process >= 2 and len(texts) < spacy.n_process * MIN_ARTICLES_PER_PROCESS:
        size = -(-len(texts) // spacy.n_process)
        chunks = [texts[start:start + size] for start in range(0, len(texts), size)]
        with ProcessPoolExecutor(len(chunks), mp_context=worker_context()) as pool:
            return [rows for chunk_rows in pool.map(annotate_in_worker, [spacy.model_name] * len(chunks), chunks,
                                                    [spacy.batch_size] * len(chunks)) for rows in chunk_rows]
    from pipeline.core.nlp import annotate_rows

    processes = spacy.n_process if len(texts) >= spacy.n_process * MIN_ARTICLES_PER_PROCESS else 1
    return annotate_rows(spacy.model(), texts, n_process=processes, batch_size=spacy.batch_size)


def annotate_in_worker(model_name: str, texts: list[str], batch_size: int) -> list[list[SpanRow] | Failure]:
    from pipeline.core.nlp import annotate_rows, cached_model

    return list(annotate_rows(cached_model(model_name), texts, batch_size=batch_size))
