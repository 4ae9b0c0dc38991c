"""The star schema as a DuckLake: every publish is one snapshot, readers see whole snapshots, and older
snapshots stay queryable for NEWSFACTS_SNAPSHOT_RETENTION_HOURS (time travel), then their files go.

- Data files: Parquet under `<warehouse>/lake/` (a folder or `s3://…`), written by DuckDB, never rewritten.
- Catalog (NEWSFACTS_CATALOG): `postgres://…`/`postgresql://…` when several machines publish;
  a SQLite file otherwise (many processes read it while one publishes; a DuckDB file would lock
  readers and the publisher out of each other). Default: `<warehouse>/catalog.sqlite` for a
  local warehouse; for one on object storage, the same object, downloaded by whoever opens
  it and uploaded whole after each publish (one machine publishing at a time).
- Extensions (ducklake, httpfs, sqlite_scanner, postgres_scanner) are loaded from their packages
  on the index (duckdb-extension-*), never installed from the network at run time.
- A local warehouse also gets `newsfacts.duckdb`: views over the current snapshot's files, swapped in
  after each publish, for tools that open a DuckDB file (`duckdb -readonly`, the scorer); a session
  holding it open keeps reading its snapshot's files until the snapshot expires.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import duckdb

from pipeline import storage

LAKE = "newsfacts"          # the catalog's name in a session: newsfacts.fact_figure
CATALOG_FILE = "catalog.sqlite"
DEFAULT_RETENTION_HOURS = 24
EXTENSIONS = ("ducklake", "httpfs", "sqlite_scanner", "postgres_scanner")


def retention() -> dt.timedelta:
    return dt.timedelta(hours=float(os.environ.get("NEWSFACTS_SNAPSHOT_RETENTION_HOURS") or DEFAULT_RETENTION_HOURS))


def extension_file(name: str) -> str:
    """The extension's binary shipped in the `duckdb-extension-<name>` package, for this duckdb version."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"DuckDB extension {name} is not installed: package duckdb-extension-{name.replace('_', '-')}")
    path = Path(list(spec.submodule_search_locations)[0]) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.exists():
        raise RuntimeError(f"{path} missing: duckdb-extension-{name.replace('_', '-')} must match duckdb {duckdb.__version__}")
    return str(path)


def s3_secret_sql() -> str:
    """A DuckDB secret for S3 from the standard AWS_* variables (the endpoint of an S3-compatible store too)."""
    options = {"TYPE": "s3", "PROVIDER": "config"}
    for option, variable in [("KEY_ID", "AWS_ACCESS_KEY_ID"), ("SECRET", "AWS_SECRET_ACCESS_KEY"),
                             ("SESSION_TOKEN", "AWS_SESSION_TOKEN"), ("REGION", "AWS_REGION")]:
        if os.environ.get(variable):
            options[option] = os.environ[variable]
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if endpoint:
        url = urlparse(endpoint)
        options.update(ENDPOINT=url.netloc, USE_SSL=url.scheme == "https", URL_STYLE="path")
    return "CREATE OR REPLACE SECRET newsfacts_s3 (" + ", ".join(f"{k} {_literal(v)}" for k, v in options.items()) + ")"


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return "'" + str(value).replace("'", "''") + "'"


def connect(extensions: tuple[str, ...] = EXTENSIONS) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB session with the extensions loaded and, with httpfs, S3 credentials from the environment
    (the session `connect_ahead` opened for these extensions, when there is one)."""
    with _ahead_lock:
        ahead = _sessions_ahead.pop(extensions, None)
    return ahead.result() if ahead is not None else _new_session(extensions)


_sessions_ahead: dict[tuple[str, ...], Future] = {}
_ahead_lock = threading.Lock()


def connect_ahead(extensions: tuple[str, ...]) -> None:
    """Start opening a session with these extensions on a thread, for the next `connect` that asks for them. Loading
    an extension and checking its signature takes a few tenths of a second, in DuckDB, without holding the GIL: a
    run that will publish goes on with its work meanwhile. An error is raised where the session is used."""
    with _ahead_lock:
        if extensions in _sessions_ahead:
            return
        # the executor's thread is joined at the interpreter's exit: DuckDB is never unloaded under it
        opener = ThreadPoolExecutor(max_workers=1, thread_name_prefix="duckdb-extensions")
        _sessions_ahead[extensions] = opener.submit(_new_session, extensions)
        opener.shutdown(wait=False)


def _new_session(extensions: tuple[str, ...]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    for name in extensions:
        con.execute(f"LOAD '{extension_file(name)}'")
    if "httpfs" in extensions:
        con.execute(s3_secret_sql())
    return con


def publish_extensions(catalog: str, root: str, data_path: str) -> tuple[str, ...]:
    """The extensions a publish needs: the DuckLake, its catalog's scanner, and httpfs only for object storage
    (loading one takes a few tenths of a second: a refresh of a local warehouse skips two)."""
    scanner = "postgres_scanner" if is_postgres(catalog) else "sqlite_scanner"
    remote = any(storage.is_remote(location) for location in (root, data_path, catalog_location(catalog, root)))
    return ("ducklake", scanner, *(("httpfs",) if remote else ()))


def duckdb_cli_script(catalog: str, root: str, data_path: str) -> str:
    """SQL that opens the lakehouse read-only in any DuckDB session, the duckdb CLI's included: the extensions
    from their packages, the S3 secret, the ATTACH. A SQLite catalog on object storage is copied to a local
    temporary file first (a snapshot of the catalog as it is now)."""
    if is_postgres(catalog):
        metadata = f"postgres:{catalog}"
    else:
        location = catalog_location(catalog, root)
        if storage.is_remote(location):
            fd, local = tempfile.mkstemp(prefix="newsfacts-catalog-", suffix=".sqlite")
            os.close(fd)
            storage.filesystem(location).get_file(location, local)
            location = local
        metadata = f"sqlite:{location}"
    lines = [f"LOAD '{extension_file(name)}';" for name in EXTENSIONS]
    if any(variable.startswith("AWS_") for variable in os.environ):
        lines.append(s3_secret_sql() + ";")
    lines += [attach_sql(metadata, data_path, read_only=True) + ";", f"USE {LAKE};"]
    return "\n".join(lines) + "\n"


def catalog_location(catalog: str, root: str) -> str:
    """NEWSFACTS_CATALOG when set, else the catalog file beside the warehouse's tables."""
    return catalog or storage.join(root, CATALOG_FILE)


def is_postgres(catalog: str) -> bool:
    return catalog.startswith(("postgres://", "postgresql://"))


@contextlib.contextmanager
def catalog_file(catalog: str, root: str, writing: bool) -> Iterator[str]:
    """The DuckLake metadata location to attach: Postgres, a local SQLite file, or a local copy of
    the warehouse's catalog object (uploaded whole after a write)."""
    if is_postgres(catalog):
        yield f"postgres:{catalog}"
        return
    location = catalog_location(catalog, root)
    if not storage.is_remote(location):
        Path(location).parent.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:{location}"
        return
    with tempfile.TemporaryDirectory(prefix="newsfacts-catalog-") as folder:
        local = Path(folder) / CATALOG_FILE
        if storage.exists(location):
            storage.filesystem(location).get_file(location, str(local))
        yield f"sqlite:{local}"
        if writing:
            storage.write_bytes_atomic(local.read_bytes(), location)


def attach_sql(metadata: str, data_path: str, read_only: bool) -> str:
    # the warehouse's own lake/ folder even when the catalog was made elsewhere (a copied or moved warehouse)
    options = [f"DATA_PATH {_literal(data_path)}", "OVERRIDE_DATA_PATH true"]
    # no data inlining: every row is in Parquet under DATA_PATH, none in the catalog
    options += ["READ_ONLY"] if read_only else ["DATA_INLINING_ROW_LIMIT 0"]
    return f"ATTACH {_literal('ducklake:' + metadata)} AS {LAKE} ({', '.join(options)})"


@contextlib.contextmanager
def open_lake(catalog: str, root: str, data_path: str, read_only: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A session on the lakehouse, its tables and views unqualified (`USE newsfacts`). A reader gets every
    extension (its SQL may read any file or database), a publish only those it needs."""
    with catalog_file(catalog, root, writing=not read_only) as metadata:
        con = connect() if read_only else connect(publish_extensions(catalog, root, data_path))
        try:
            con.execute(attach_sql(metadata, data_path, read_only))
            con.execute(f"USE {LAKE}")
            yield con
        finally:
            con.close()


def latest_snapshot(con: duckdb.DuckDBPyConnection) -> tuple[int, str | None]:
    """The current snapshot's id and what it published (its commit's extra info)."""
    return con.execute(f"SELECT snapshot_id, commit_extra_info FROM ducklake_snapshots('{LAKE}') "
                       "ORDER BY snapshot_id DESC LIMIT 1").fetchone()


def publish(con: duckdb.DuckDBPyConnection, tables: dict[str, str], views: dict[str, str]) -> tuple[int, bool]:
    """Replace every changed table by its staged Parquet file and every view, in one transaction: one snapshot.
    Staged files are named by content, so a table whose file the latest snapshot published keeps its rows and
    files, and when every table and view is the same nothing is written. Returns the current snapshot's id and
    whether this publish made it."""
    published = json.dumps({"tables": tables, "views": views}, sort_keys=True)
    snapshot, previous = latest_snapshot(con)
    if previous == published:
        return snapshot, False
    unchanged = unchanged_tables(con, tables, previous)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"CALL ducklake_set_commit_message('{LAKE}', 'newsfacts', 'publish', extra_info => {_literal(published)})")
        for name, path in tables.items():
            if name not in unchanged:
                con.execute(f"CREATE OR REPLACE TABLE {LAKE}.{name} AS SELECT * FROM read_parquet({_literal(path)})")
        for name, sql in views.items():
            con.execute(f"CREATE OR REPLACE VIEW {LAKE}.{name} AS {sql}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return latest_snapshot(con)[0], True


def unchanged_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, str], previous: str | None) -> set[str]:
    """Tables whose staged file is the one the latest snapshot published (its commit's extra info), and which
    that snapshot still holds."""
    try:
        before = json.loads(previous or "{}").get("tables", {})
    except (ValueError, AttributeError):   # a commit this code did not make
        return set()
    present = {name for (name,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [LAKE]).fetchall()}
    return {name for name, path in tables.items() if before.get(name) == path and name in present}


def expire_snapshots(con: duckdb.DuckDBPyConnection, now: dt.datetime, keep: dt.timedelta) -> list[int]:
    """Expire the snapshots replaced more than `keep` ago (a snapshot stays readable for `keep` after the
    next one was published), then delete the files only they named. Returns the expired ids."""
    times = con.execute(f"SELECT snapshot_id, snapshot_time FROM ducklake_snapshots('{LAKE}') ORDER BY snapshot_id").fetchall()
    expired = [snapshot for (snapshot, _), (_, replaced_at) in zip(times, times[1:]) if replaced_at <= now - keep]
    if expired:
        con.execute(f"CALL ducklake_expire_snapshots('{LAKE}', versions => {expired})")
        con.execute(f"CALL ducklake_cleanup_old_files('{LAKE}', cleanup_all => true)")
    return expired


def current_tables(con: duckdb.DuckDBPyConnection, tables: list[str]) -> dict[str, str | list[str]]:
    """Each table of the current snapshot as its Parquet files, or as a typed empty select when it has no
    rows (so no file). A replaced table has no delete files: its files are its rows."""
    sources: dict[str, str | list[str]] = {}
    for name in tables:
        rows = con.execute(f"SELECT data_file, delete_file FROM ducklake_list_files('{LAKE}', '{name}')").fetchall()
        assert all(delete is None for _, delete in rows), f"{name} has delete files: read it through the DuckLake"
        if rows:
            sources[name] = [data for data, _ in rows]
        else:
            columns = con.execute(f"DESCRIBE {LAKE}.{name}").fetchall()
            sources[name] = "select " + ", ".join(f'cast(null as {c[1]}) as "{c[0]}"' for c in columns) + " where false"
    return sources


def describe_catalog(catalog: str, root: str) -> str:
    """Where the catalog is, for logs and metadata (a Postgres URL without its password)."""
    if is_postgres(catalog):
        url = urlparse(catalog)
        return url._replace(netloc=url.netloc.rsplit("@", 1)[-1]).geturl()
    return catalog_location(catalog, root)
