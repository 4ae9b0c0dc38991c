"""The star schema's Parquet files are immutable: each is named by its content hash and never rewritten.

A DuckDB scan opens a Parquet file by path more than once (footer, then row groups), so replacing a
file under a view, even by an atomic rename, can hand a reader one file's footer and another's data.
Instead every publish writes new files beside the old ones and a new database whose views name them:
a session opened on the old database keeps reading the old files, whole, and a new session reads
the new ones. Files stay while a database published in the last RETENTION may still name them.

    star/<table>/<content hash>.parquet   one file per version of a table
    star/manifest.json                    the latest version of every table (checked, maybe not yet published)
    star/published.json                   the versions each database swapped in named, with the time
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import uuid
from pathlib import Path

import polars as pl

RETENTION = dt.timedelta(hours=24)   # how long a database swapped out keeps its files
HASH_CHARS = 20


def write_by_content(frame: pl.DataFrame, folder: Path) -> Path:
    """The frame as `<folder>/<hash>.parquet`: written once, never changed; the same rows give the same file."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{uuid.uuid4().hex}.tmp"
    try:
        frame.write_parquet(tmp, compression="zstd", statistics=True)
        path = folder / f"{file_sha256(tmp)[:HASH_CHARS]}.parquet"
        if path.exists():
            tmp.unlink()
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_json_atomic(data: object, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_json(path: Path, default: object) -> object:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else default


def record_publish(star_dir: Path, files: dict[str, str], now: dt.datetime) -> list[Path]:
    """Note that a database naming `files` (table → path relative to star_dir's parent) was swapped in,
    and delete the files no database of the last RETENTION names (nor the manifest). Returns them."""
    history_path = star_dir / "published.json"
    history: list[dict] = read_json(history_path, [])
    if not history or history[-1]["files"] != files:
        history.append({"published_at": now.isoformat(), "files": files})
    # a database stays readable while it was current within RETENTION: keep it and all after it
    kept = [entry for n, entry in enumerate(history)
            if n == len(history) - 1 or dt.datetime.fromisoformat(history[n + 1]["published_at"]) > now - RETENTION]
    if kept != read_json(history_path, []):
        write_json_atomic(kept, history_path)
    named = {star_dir.parent / path for entry in kept for path in entry["files"].values()}
    named |= {star_dir.parent / path for path in read_json(star_dir / "manifest.json", {}).values()}
    removed = [path for path in star_dir.glob("*/*.parquet") if path not in named]
    for path in removed:
        path.unlink()
    return removed


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
