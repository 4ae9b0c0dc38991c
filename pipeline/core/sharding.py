"""Which shard an input belongs to: stable across runs and machines, so each shard reads only its part.

A whole file belongs to the shard of its path; a JSON Lines export is spread over every shard by
line number, so one large export still fans out.
"""
from __future__ import annotations

import zlib


def shard_keys(count: int) -> list[str]:
    return [f"{i:02d}" for i in range(count)]


def shard_of_path(relative_path: str, count: int) -> str:
    return f"{zlib.crc32(relative_path.encode('utf-8')) % count:02d}"


def shard_of_line(line_number: int, count: int) -> str:
    return f"{(line_number - 1) % count:02d}"


def line_belongs(line_number: int, shard: str, count: int) -> bool:
    return int(shard_of_line(line_number, count)) == int(shard)
