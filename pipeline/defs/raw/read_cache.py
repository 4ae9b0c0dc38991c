"""What each local inbox file read as, kept between runs: a file whose version is unchanged is not read again.

A refresh used to read, decode, parse and language-check every line of every inbox file to find the few new
ones (0.6 s of a refresh for a 4,000-story export). A file's articles and rejects are kept here, keyed by its
path and version: size, modification time, inode and status-change time (`os.stat`, no read at all); when
those differ but the bytes are the same (a `touch`, a copy over itself), its SHA-256 finds it again. A file
modified within RACY_NS of being read is checked by its bytes even when its version matches (as git does
for its index: a filesystem with coarse timestamps can rewrite a file within one tick, same size, same time). The
core code and data (EXTRACTION_VERSION, which covers the reader and the modules it imports), the charset
detector's version, the article length limit and the shard count are part of the key, so a change to any of
them reads every file again.

    <warehouse>/inbox_reads/<owner shard>.parquet   one row per file the shard owns (its path's shard)

Only whole-file reads are kept (a run over every shard); a run of some shards reads a JSON Lines file for its
lines only and reuses a kept read by taking its lines. An object-store inbox is always read.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from importlib import metadata

import polars as pl

from pipeline import storage
from pipeline.core.extraction_version import EXTRACTION_VERSION
from pipeline.star_files import file_sha256

READ_CACHE_VERSION = "2"
RACY_NS = 2_000_000_000
SCHEMA = {"location": pl.String, "size": pl.Int64, "mtime_ns": pl.Int64, "inode": pl.Int64, "ctime_ns": pl.Int64,
          "target": pl.String, "sha256": pl.String, "read_ns": pl.Int64, "reader": pl.String, "articles": pl.String, "rejects": pl.String}


def reader_fingerprint(max_article_chars: int, shard_count: int) -> str:
    """What else a kept read depends on: the core code and data (the reader and every module it imports, whatever
    those are), the charset detector, the length limit, the shard count (line shards)."""
    key = f"{READ_CACHE_VERSION}|{EXTRACTION_VERSION}|{metadata.version('charset-normalizer')}|{max_article_chars}|{shard_count}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def file_version(path: str) -> tuple[int, int, int, int] | None:
    """size, mtime, inode, ctime of a regular file (through symlinks); None for anything else (always read)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    return status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns


def _sha256(path: str) -> str | None:
    """The file's SHA-256, or None when it cannot be read (an unreadable file is read, and rejected, every run)."""
    try:
        return file_sha256(path)
    except OSError:
        return None


@dataclass
class InboxReadCache:
    """The kept reads of the owner shards a run reads, and the ones it adds (written by `save`)."""

    root: str
    reader: str
    kept: dict[str, dict] = field(default_factory=dict)           # location → row
    owner_of: dict[str, str] = field(default_factory=dict)        # location → owner shard
    changed: set[str] = field(default_factory=set)                 # owner shards to rewrite
    seen: dict[str, set[str]] = field(default_factory=dict)        # owner shard → locations listed this run

    @classmethod
    def load(cls, warehouse_root: str, owners: list[str], reader: str) -> InboxReadCache:
        cache = cls(storage.join(warehouse_root, "inbox_reads"), reader)
        for owner in owners:
            path = cache.path(owner)
            if not storage.exists(path):
                continue
            try:
                frame = storage.read_parquet(path)
            except Exception:  # noqa: BLE001 — an unreadable cache is only a slower run: every file is read
                frame = None
            if frame is None or dict(frame.schema) != SCHEMA:   # unreadable, or kept by another version
                cache.changed.add(owner)
                continue
            rows = frame.to_dicts()
            for row in rows:
                cache.kept[row["location"]] = row
                cache.owner_of[row["location"]] = owner
        return cache

    def path(self, owner: str) -> str:
        return storage.join(self.root, f"{owner}.parquet")

    def get(self, location: str, owner: str) -> tuple[list[dict], list[dict]] | None:
        """The file's articles and rejects as last read, when its version (or failing that, its bytes) is the same."""
        self.seen.setdefault(owner, set()).add(location)
        row, version = self.kept.get(location), file_version(location)
        if row is None or version is None or row["reader"] != self.reader or self.owner_of.get(location) != owner:
            return None
        # what a symlink points to decides what is read (or whether it is outside the inbox): the same target only
        if row["target"] != os.path.realpath(location):
            return None
        same_version = (row["size"], row["mtime_ns"], row["inode"], row["ctime_ns"]) == version
        if not same_version or row["mtime_ns"] + RACY_NS > row["read_ns"]:
            if row["size"] != version[0] or _sha256(location) != row["sha256"]:
                return None
        if not same_version:
            # the same bytes under a new version (touched, copied over itself): keep the read under it (a racy
            # version that is the same stays as it is: an unchanged inbox rewrites no file)
            row.update(zip(("size", "mtime_ns", "inode", "ctime_ns"), version), read_ns=time.time_ns())
            self.changed.add(owner)
        return json.loads(row["articles"]), json.loads(row["rejects"])

    def put(self, location: str, owner: str, version: tuple[int, int, int, int] | None,
            articles: list[dict], rejects: list[dict]) -> None:
        """Keep a whole-file read, when the file was still the version seen before reading it."""
        read_ns = time.time_ns()
        sha256 = _sha256(location) if version is not None else None
        if version is None or sha256 is None or file_version(location) != version:
            self.kept.pop(location, None)
            self.changed.add(owner)
            return
        self.kept[location] = {"location": location, **dict(zip(("size", "mtime_ns", "inode", "ctime_ns"), version)),
                               "target": os.path.realpath(location), "sha256": sha256, "read_ns": read_ns, "reader": self.reader,
                               "articles": json.dumps(articles), "rejects": json.dumps(rejects)}
        self.owner_of[location] = owner
        self.changed.add(owner)

    def save(self) -> None:
        """Rewrite the owner shards whose kept reads changed; files gone from the inbox are dropped."""
        for owner in self.seen:
            gone = [loc for loc, own in self.owner_of.items() if own == owner and loc not in self.seen[owner]]
            if gone:
                self.changed.add(owner)
        for owner in sorted(self.changed & set(self.seen)):
            rows = [row for loc, row in sorted(self.kept.items())
                    if self.owner_of.get(loc) == owner and loc in self.seen[owner]]
            storage.write_parquet_atomic(pl.DataFrame(rows, schema=SCHEMA), self.path(owner))
