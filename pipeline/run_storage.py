"""Dagster's SQLite run and event storage (a DAGSTER_HOME without Postgres) without a disk flush per event.

Dagster writes each event (about 300 in a build: planned and done materializations per shard, check results,
step outputs) through a new connection to a SQLite file in WAL mode, closed right after. Closing the last
connection to a WAL database checkpoints it and flushes the disk, and SQLite's default `synchronous=FULL`
flushes on every commit too: milliseconds per event, seconds per build. While a build runs, this keeps one
idle connection open to each such file (so closing Dagster's is not the last close) and gives Dagster's
connections `synchronous=NORMAL`, the setting SQLite's documentation recommends for WAL: the database never
corrupts; a power loss (not a crashed process) may lose the last events written. An idle connection holds no
lock: the UI, the daemon and other runs read and write as before.

Dagster also builds a new SQLAlchemy engine for each of those connections, so every statement of every event
was compiled again (an engine keeps the compiled statements): about a third of an event's cost. While a build
runs, the SQLite storages get one engine per database file and settings, reused (still no pool: each use opens
and closes its own SQLite connection, as before).
"""
from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from unittest import mock

from sqlalchemy import event
from sqlalchemy.engine import Engine

# the modules of Dagster's SQLite run and event storages, which each name `create_engine`
_SQLITE_STORAGES = ("dagster._core.storage.event_log.sqlite.sqlite_event_log",
                    "dagster._core.storage.runs.sqlite.sqlite_run_storage")

_kept: dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()


@contextlib.contextmanager
def quick_run_storage() -> Iterator[None]:
    """While open, SQLAlchemy connections to SQLite files in WAL mode write without a flush per event."""
    import importlib

    event.listen(Engine, "connect", _no_flush_per_event)
    engines: dict[tuple, Engine] = {}
    patches = []
    for name in _SQLITE_STORAGES:
        module = importlib.import_module(name)
        patches.append(mock.patch.object(module, "create_engine", _reused_engines(module.create_engine, engines)))
    try:
        for patch in patches:
            patch.start()
        yield
    finally:
        for patch in patches:
            patch.stop()
        for engine in engines.values():
            engine.dispose()
        event.remove(Engine, "connect", _no_flush_per_event)
        with _lock:
            for connection in _kept.values():
                connection.close()
            _kept.clear()


def _no_flush_per_event(connection, _record) -> None:
    if not isinstance(connection, sqlite3.Connection):
        return
    path = connection.execute("PRAGMA database_list").fetchone()[2]
    if not path:   # an in-memory database
        return
    with _lock:
        if path not in _kept:
            # a file in another journal mode keeps FULL: there NORMAL could corrupt it on a power loss
            if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                return
            kept = sqlite3.connect(path, check_same_thread=False)
            # a first read opens its share of the WAL; read to the end, it holds no read transaction
            kept.execute("SELECT count(*) FROM sqlite_master").fetchall()
            _kept[path] = kept
    connection.execute("PRAGMA synchronous=NORMAL")


def _reused_engines(create_engine, engines: dict[tuple, Engine]):
    """`create_engine` that returns the engine it made before for the same URL and settings (thread-safe)."""
    def reused(url, **options):
        key = (str(url), repr(sorted(options.items(), key=lambda item: item[0])))
        with _lock:
            if key not in engines:
                engines[key] = create_engine(url, **options)
            return engines[key]
    return reused
