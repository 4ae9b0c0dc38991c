"""Dagster's SQLite storage during a build: no disk flush per event, nothing changed for other files."""
from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from pipeline import run_storage
from pipeline.run_storage import quick_run_storage

FULL, NORMAL = 2, 1


def _sqlite_file(path, wal: bool) -> None:
    with sqlite3.connect(path) as connection:
        if wal:
            connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE events (id INTEGER)")


def _write_and_read_sync(path) -> int:
    """As Dagster's storage does: a new engine per write, its connection closed after the commit."""
    engine = sa.create_engine(f"sqlite:///{path}", poolclass=NullPool)
    with engine.connect() as connection, connection.begin():
        connection.execute(sa.text("INSERT INTO events VALUES (1)"))
        sync = connection.execute(sa.text("PRAGMA synchronous")).scalar()
    engine.dispose()
    return sync


def test_wal_files_write_without_a_flush_per_event_only_while_open(tmp_path):
    wal, rollback = tmp_path / "wal.db", tmp_path / "rollback.db"
    _sqlite_file(wal, wal=True)
    _sqlite_file(rollback, wal=False)
    with quick_run_storage():
        assert _write_and_read_sync(wal) == NORMAL
        assert _write_and_read_sync(wal) == NORMAL
        assert _write_and_read_sync(rollback) == FULL     # NORMAL is safe in WAL mode only
        assert list(run_storage._kept) == [str(wal)]     # one idle connection per file, however many writes
    assert run_storage._kept == {}
    assert _write_and_read_sync(wal) == FULL
    with sqlite3.connect(wal) as connection:
        assert connection.execute("SELECT count(*) FROM events").fetchone() == (3,)


def test_dagster_sqlite_storages_reuse_one_engine_per_file_only_while_open(tmp_path):
    from dagster._core.storage.event_log.sqlite import sqlite_event_log

    url, other = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with quick_run_storage():
        first = sqlite_event_log.create_engine(url, poolclass=NullPool)
        assert sqlite_event_log.create_engine(url, poolclass=NullPool) is first   # its compiled statements kept
        assert sqlite_event_log.create_engine(other, poolclass=NullPool) is not first
        assert sqlite_event_log.create_engine(url, poolclass=NullPool, connect_args={"timeout": 1}) is not first
        first.dispose()                        # as Dagster does after each use: the engine still connects
        with first.connect() as connection:
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
    assert sqlite_event_log.create_engine(url, poolclass=NullPool) is not first
