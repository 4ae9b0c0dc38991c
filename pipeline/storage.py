"""Where the inbox and the warehouse live: a local folder or an object store (`s3://bucket/prefix`).

Every other module handles locations as strings through these functions and stays unaware of which
it is. Object stores go through fsspec (s3fs: credentials, region and endpoint from the standard
AWS_* variables, AWS_ENDPOINT_URL for MinIO, moto or any S3-compatible store) and Polars' own
object-store reader.

Writes are atomic either way: a local file is written beside its target and renamed over it; an
object is written by one PUT of the whole object (a multipart upload only appears when completed),
so a run killed mid-write leaves the previous file or object whole.
"""
from __future__ import annotations

import functools
import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import fsspec
import polars as pl


def is_remote(location: str | Path) -> bool:
    """True for a URL of an object store (s3://…); False for a local path (or file://)."""
    return "://" in str(location) and not str(location).startswith("file://")


def resolve(location: str | Path) -> str:
    """A local path made absolute (`~` expanded); a URL without its trailing slash."""
    if is_remote(location):
        return str(location).rstrip("/")
    return str(Path(str(location).removeprefix("file://")).expanduser().resolve())


def join(root: str, *parts: str) -> str:
    return "/".join([root.rstrip("/"), *parts]) if is_remote(root) else str(Path(root, *parts))


def filesystem(location: str) -> fsspec.AbstractFileSystem:
    """The fsspec filesystem of a location (s3fs reads AWS_* from the environment, through botocore)."""
    scheme = urlparse(location).scheme if is_remote(location) else "file"
    return _filesystem(scheme, tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("AWS_"))))


@functools.lru_cache(maxsize=8)
def _filesystem(scheme: str, aws_environment: tuple) -> fsspec.AbstractFileSystem:
    """One filesystem per scheme and AWS_* settings: a changed endpoint or key gets a new client."""
    return fsspec.filesystem(scheme, skip_instance_cache=True)


def _url(location: str, key: str) -> str:
    """A key returned by an fsspec listing (`bucket/key`) as a URL of the location's scheme."""
    return f"{urlparse(location).scheme}://{key}" if is_remote(location) else key


def exists(location: str) -> bool:
    return filesystem(location).exists(location) if is_remote(location) else os.path.exists(location)


def glob(pattern: str) -> list[str]:
    """Files matching a glob (`*` within one path segment), sorted."""
    if not is_remote(pattern):
        return sorted(str(path) for path in Path("/").glob(pattern.lstrip("/")))
    return sorted(_url(pattern, key) for key in filesystem(pattern).glob(pattern))


def modified_ns(location: str) -> int:
    """When a file or object was last written, in nanoseconds since the epoch."""
    if not is_remote(location):
        return os.stat(location).st_mtime_ns
    return int(filesystem(location).modified(location).timestamp() * 1e9)


def storage_options(location: str) -> dict[str, str] | None:
    """Polars' object-store options for a URL, from the AWS_* variables; None for a local path."""
    if not is_remote(location):
        return None
    options = {name: os.environ[variable] for name, variable in [
        ("aws_access_key_id", "AWS_ACCESS_KEY_ID"), ("aws_secret_access_key", "AWS_SECRET_ACCESS_KEY"),
        ("aws_session_token", "AWS_SESSION_TOKEN"), ("aws_region", "AWS_REGION"),
        ("aws_endpoint_url", "AWS_ENDPOINT_URL")] if os.environ.get(variable)}
    if options.get("aws_endpoint_url", "").startswith("http://"):
        options["aws_allow_http"] = "true"      # a local S3 API server (moto, MinIO) speaks plain HTTP
    return options


def write_bytes_atomic(data: bytes, location: str) -> str:
    if is_remote(location):
        filesystem(location).pipe_file(location, data)      # one PUT: the object appears whole or not at all
        return location
    path = Path(location)
    path.parent.mkdir(parents=True, exist_ok=True)
    # a unique name beside the target (same filesystem, so the rename is atomic); created by the
    # writer itself, so it gets the usual umask permissions, unlike mkstemp's owner-only 0600
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return location


def parquet_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer, compression="zstd", statistics=True)
    return buffer.getvalue()


def write_parquet_atomic(frame: pl.DataFrame, location: str | Path) -> str | Path:
    write_bytes_atomic(parquet_bytes(frame), str(location))
    return location


def read_parquet(source: str | list[str], **options) -> pl.DataFrame:
    """One Parquet file, a glob or a list of them (Polars reads object stores itself)."""
    first = source[0] if isinstance(source, list) else source
    return pl.read_parquet(source, storage_options=storage_options(str(first)), **options)


def scan_parquet(source: str | list[str], **options) -> pl.LazyFrame:
    first = source[0] if isinstance(source, list) else source
    return pl.scan_parquet(source, storage_options=storage_options(str(first)), **options)


def read_parquet_or_empty(location: str | Path, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """The table's rows, or an empty table of the given schema on the first run."""
    if not exists(str(location)):
        return pl.DataFrame(schema=schema)
    return read_parquet(str(location))


def remove(locations: list[str]) -> None:
    for location in locations:
        filesystem(location).rm_file(location) if is_remote(location) else os.unlink(location)


@dataclass(frozen=True)
class InboxFile:
    """A file of the inbox: its path relative to the inbox (which decides its shard), where it is, its version."""

    relative: str
    location: str
    size: int
    modified_ns: int


def list_remote_inbox(inbox: str, *, hidden: bool = True) -> list[InboxFile]:
    """Every object under the inbox prefix, recursively, sorted. Objects under a hidden folder (a dot-segment)
    are skipped; a hidden object is listed for the reader to reject as `ignored_hidden`, unless `hidden` is False."""
    fs = filesystem(inbox)
    found = []
    for key, info in fs.find(inbox, detail=True).items():
        relative = _url(inbox, key)[len(inbox):].lstrip("/")
        *folders, name = relative.split("/")
        if not relative or any(part.startswith(".") for part in folders) or (name.startswith(".") and not hidden):
            continue
        modified = info.get("LastModified") or info.get("mtime")
        found.append(InboxFile(relative, _url(inbox, key), int(info.get("size") or 0),
                               int(modified.timestamp() * 1e9) if modified else 0))
    return sorted(found, key=lambda file: file.relative)


def download(location: str, folder: Path, relative: str) -> Path:
    """A copy of an object at `folder/relative`, to be read by the code that reads local files."""
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    filesystem(location).get_file(location, str(target))
    return target


def inbox_files(inbox: str, *, hidden: bool = True) -> list[InboxFile]:
    """Every file the raw stage reads: a local folder's (pipeline.core.reading.list_inbox) or an object store
    prefix's; hidden ones too (to be rejected as `ignored_hidden`) unless `hidden` is False."""
    if is_remote(inbox):
        return list_remote_inbox(inbox, hidden=hidden)
    from pipeline.core.reading import list_inbox

    root = Path(inbox)
    files = []
    for path in list_inbox(root, hidden=hidden) if root.is_dir() else []:
        try:
            status = path.stat()
        except OSError:          # a broken symlink: its own stat (the raw stage rejects it)
            status = os.lstat(path)
        files.append(InboxFile(path.relative_to(root).as_posix(), os.path.abspath(path), status.st_size, status.st_mtime_ns))
    return files
