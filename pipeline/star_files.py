"""The star schema's tables between building and publishing: staged, checked, then published as one
DuckLake snapshot (pipeline/lakehouse.py).

Each staged file is named by its content hash and never rewritten, so the blocking checks and the
publish read exactly the files the manifest named when the checks ran, even if another build stages
newer ones meanwhile. After a publish, staged files that the manifest no longer names go (once they
are older than STAGED_RETENTION, so a build staging right now keeps its files).

    star/<table>/<content hash>.parquet   one file per staged version of a table
    star/manifest.json                    the latest staged version of every table
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import time

import polars as pl

from pipeline import storage

HASH_CHARS = 20
STAGED_RETENTION = dt.timedelta(hours=1)


def write_by_content(frame: pl.DataFrame, folder: str) -> str:
    """The frame as `<folder>/<hash>.parquet`: written once, never changed; the same rows give the same file."""
    data = storage.parquet_bytes(frame)
    path = storage.join(str(folder), f"{hashlib.sha256(data).hexdigest()[:HASH_CHARS]}.parquet")
    if not storage.exists(path):
        storage.write_bytes_atomic(data, path)
    return path


def write_json_atomic(data: object, path: str) -> None:
    storage.write_bytes_atomic((json.dumps(data, indent=2, sort_keys=True) + "\n").encode("utf-8"), str(path))


def read_json(path: str, default: object) -> object:
    if not storage.exists(str(path)):
        return default
    with storage.filesystem(str(path)).open(str(path), "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def remove_unstaged(root: str, now: float | None = None) -> list[str]:
    """Delete the staged files under `<root>/star/` that the manifest no longer names and older than
    STAGED_RETENTION (the manifest names them relative to the warehouse root). Returns them."""
    star_dir = storage.join(root, "star")
    named = {storage.join(root, path) for path in read_json(storage.join(star_dir, "manifest.json"), {}).values()}
    cutoff = (now or time.time()) - STAGED_RETENTION.total_seconds()
    removed = [path for path in storage.glob(storage.join(star_dir, "*", "*.parquet"))
               if path not in named and storage.modified_ns(path) / 1e9 < cutoff]
    storage.remove(removed)
    return removed


def file_sha256(path) -> str:
    """Hex SHA-256 of a local file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
