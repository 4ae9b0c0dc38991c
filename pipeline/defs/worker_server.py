"""The fork server that worker processes are forked from: spaCy's, extraction's and story grouping's. This
module imports nothing heavy, so that `newsfacts build` can start the server first thing: it imports their
modules and loads the fitted models and the spaCy model on the idle core while the run's own process imports
Dagster and reads and cleans."""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import forkserver
from typing import TypeVar

from pipeline.core.spans import DEFAULT_MODEL

Result = TypeVar("Result")

# what the server imports before it forks a worker: extraction's modules, spaCy's pass, story grouping, and the
# fitted models, spaCy model and MinHash library they use (warm_workers imports and loads them)
PRELOAD = ["pipeline.defs.warm_workers"]


def configured_processes() -> int:
    """The processes spaCy and extraction each get: NEWSFACTS_NLP_PROCESSES, else both cores."""
    return int(os.environ.get("NEWSFACTS_NLP_PROCESSES") or min(2, os.cpu_count() or 1))


def configured_model_name() -> str:
    """The spaCy model runs use unless their run config names another: NEWSFACTS_SPACY_MODEL, else the default."""
    return os.environ.get("NEWSFACTS_SPACY_MODEL") or DEFAULT_MODEL


def worker_context() -> multiprocessing.context.BaseContext:
    """Workers forked from a fork server that imported extraction's modules and loaded the models once (spaCy,
    SciPy, Polars: seconds per process when each worker imports them), never from the run's process: it
    holds Polars' and Dagster's threads, which a fork would copy mid-lock."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


_started = False


def start_worker_server(new_articles: int, processes: int) -> None:
    """Start the fork server in the background when there may be new articles and there are worker processes:
    it gets ready on the idle core while the run's process does the stages before spaCy and extraction."""
    global _started
    if processes >= 2 and new_articles > 0:
        worker_context()
        forkserver.ensure_running()
        _started = True


def worker_server_started() -> bool:
    """Whether this process started the fork server: a worker forked from it costs milliseconds, while a
    server started on demand would first import and load everything its preload list names (seconds)."""
    return _started


def call_in_worker(function: Callable[..., Result], *args) -> Result:
    """`function(*args)` in a worker forked from the fork server when this process started it (its modules are
    imported there already), else in this process."""
    if not worker_server_started():
        return function(*args)
    with ProcessPoolExecutor(1, mp_context=worker_context()) as pool:
        return pool.submit(function, *args).result()
