"""Where the spaCy pass runs: in workers forked from the fork server, which loaded the model once. This module
imports nothing heavy: the run's own process imports spaCy only when it runs the model itself (one process),
and a worker finds this module's function with the model already loaded."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import accumulate
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
    tasks = worker_tasks(texts, spacy.n_process)
    with ProcessPoolExecutor(spacy.n_process, mp_context=worker_context()) as pool:
        for task_rows in pool.map(annotate_in_worker, [spacy.model_name] * len(tasks), tasks, [spacy.batch_size] * len(tasks)):
            yield from task_rows


def worker_tasks(texts: list[str], processes: int) -> list[list[str]]:
    """The texts in order, cut into tasks of ARTICLES_PER_TASK articles; a run that fills no more than one task per
    process is cut into one task per process of about as much text each (the last worker to finish sets the stage's
    time: the 40 new articles of a refresh, cut into two tasks of 20, made 3,377 and 2,278 words)."""
    if len(texts) > processes * ARTICLES_PER_TASK:
        return [texts[start:start + ARTICLES_PER_TASK] for start in range(0, len(texts), ARTICLES_PER_TASK)]
    ends = list(accumulate(len(text) for text in texts))
    cuts = [0, *(_nearest_cut(ends, ends[-1] * k / processes) for k in range(1, processes)), len(texts)] if texts else [0]
    return [texts[start:end] for start, end in zip(cuts, cuts[1:]) if end > start]


def _nearest_cut(ends: list[int], target: float) -> int:
    """Where to cut between articles (whose text ends at `ends`) so that the text before the cut is nearest `target`."""
    crossing = bisect_left(ends, target)
    before = ends[crossing - 1] if crossing else 0
    return crossing + 1 if ends[crossing] - target <= target - before else crossing


def annotate_in_worker(model_name: str, texts: list[str], batch_size: int) -> list[list[SpanRow] | Failure]:
    from pipeline.core.nlp import annotate_rows, cached_model

    return list(annotate_rows(cached_model(model_name), texts, batch_size=batch_size))
