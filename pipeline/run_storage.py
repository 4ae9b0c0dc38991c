"""Dagster's SQLite run and event storage (a DAGSTER_HOME without Postgres) without a disk flush per event.

Dagster writes each event (about 300 in a build: planned and done materializations per shard, check results,
step outputs) through a new connection to a SQLite file in WAL mode, closed right after. Closing the last
connection to a WAL database checkpoints it and flushes the disk, and SQLite's default `synchronous=FULL`
flushes on every commit too: milliseconds per event, seconds per build. While a build runs, this keeps one
idle connection open to each such file (so closing Dagster's is not the last close) and gives Dagster's
connections `synchronous=NORMAL`, the setting SQLite's documentation recommends for WAL: the database never
corrupts; a power loss (not a crashed process) may lose the last events written. An idle connection holds no
lock: the UI, the daemon and other runs read and write as before.
"""
from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine

_kept: dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()


@contextlib.contextmanager
def quick_run_storage() -> Iterator[None]:
    """While open, SQLAlchemy connections to SQLite files in WAL mode write without a flush per event."""
    event.listen(Engine, "connect", _no_flush_per_event)
    try:
        yield
    finally:
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
