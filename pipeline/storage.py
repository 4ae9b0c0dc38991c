"""Parquet files written atomically: a run killed mid-write leaves the previous file whole."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import polars as pl


def write_parquet_atomic(frame: pl.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # a unique name beside the target (same filesystem, so the rename is atomic); created by the
    # writer itself, so it gets the usual umask permissions, unlike mkstemp's owner-only 0600
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        frame.write_parquet(tmp, compression="zstd", statistics=True)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def read_parquet_or_empty(path: Path, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The table's rows, or an empty table of the given schema on the first run."""
    if not path.exists():
        return pl.DataFrame(schema=schema)
    return pl.read_parquet(path)
