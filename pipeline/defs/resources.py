"""Resources: where the inbox and warehouse are, the limits on what is read and published, and the spaCy
model. Set by environment variables (NEWSFACTS_INBOX, NEWSFACTS_WAREHOUSE, NEWSFACTS_CATALOG,
NEWSFACTS_MAX_ARTICLE_CHARS, NEWSFACTS_MAX_FAILED_SHARE, NEWSFACTS_SPACY_MODEL, NEWSFACTS_NLP_PROCESSES) or per
run in the launchpad's run config under `resources`."""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

from pipeline import storage
from pipeline.core.spans import DEFAULT_MODEL
from pipeline.defs.worker_server import configured_model_name, configured_processes
from pipeline.defs.partitions import SHARD_KEYS
from pipeline.core.reading import MAX_ARTICLE_CHARS
from pipeline.star_files import read_json

if TYPE_CHECKING:
    from spacy.language import Language

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SAMPLE_INBOX = PACKAGE_DIR / "sample_inbox"
DEFAULT_WAREHOUSE = PACKAGE_DIR.parent / "warehouse"
MAX_FAILED_SHARE = 0.05   # a publish stops when a larger share of the articles failed in some stage


@functools.lru_cache(maxsize=64)
def _resolved(location: str, cwd: str) -> str:
    """`storage.resolve` of a location as seen from a working directory."""
    return storage.resolve(location)


class WarehouseResource(dg.ConfigurableResource):
    """The inbox read and the warehouse written (per-shard Parquet, the star schema as a DuckLake): local
    folders or `s3://bucket/prefix` locations (pipeline/storage.py); the DuckLake catalog where
    `catalog` (NEWSFACTS_CATALOG) says, else beside the tables (pipeline/lakehouse.py); the longest article
    read (longer ones are rejected `too_long`) and the share of failed articles above which a publish stops."""

    inbox_dir: str
    warehouse_dir: str
    catalog: str = ""
    max_article_chars: int = MAX_ARTICLE_CHARS
    max_failed_share: float = MAX_FAILED_SHARE

    @property
    def inbox(self) -> str:
        return storage.resolve(self.inbox_dir)

    @property
    def is_remote(self) -> bool:
        return storage.is_remote(self.warehouse_dir)

    @property
    def root(self) -> str:
        # every table path goes through here (hundreds of times a run): the path is resolved once per folder
        root = _resolved(self.warehouse_dir, os.getcwd())
        if not self.is_remote:
            Path(root).mkdir(parents=True, exist_ok=True)
        return root

    def path(self, *parts: str) -> str:
        return storage.join(self.root, *parts)

    @property
    def star_dir(self) -> str:
        """The star schema's tables as checked before they are published: content-named staged files."""
        return self.path("star")

    @property
    def star_manifest_path(self) -> str:
        return storage.join(self.star_dir, "manifest.json")

    def star_files(self) -> dict[str, str]:
        """Each star table's latest staged file (written and checked, maybe not yet published)."""
        return {table: self.path(path) for table, path in read_json(self.star_manifest_path, {}).items()}

    def shard_path(self, table: str, shard: str) -> str:
        """One shard of a per-article table, hive-partitioned so DuckDB and Polars read every shard with a glob."""
        return self.path(table, f"shard={shard}", "part.parquet")

    def shard_glob(self, table: str) -> str:
        return self.path(table, "shard=*", "part.parquet")

    def shard_files(self, table: str) -> list[str]:
        """The shards of a per-article table written so far, of the current shards only (NEWSFACTS_SHARDS:
        files of shards from another count are not read, but still serve as the spaCy cache)."""
        current = {self.shard_path(table, shard) for shard in SHARD_KEYS}
        return [path for path in storage.glob(self.shard_glob(table)) if path in current]

    def any_shard_files(self, table: str) -> list[str]:
        """Every shard file of a table, whatever shard count wrote it."""
        return storage.glob(self.shard_glob(table))

    @property
    def lake_data_path(self) -> str:
        """Where the DuckLake writes the published star schema's Parquet files."""
        return self.path("lake") + "/"

    @property
    def database_path(self) -> Path:
        """The local DuckDB database of views over the current snapshot's files (a local warehouse only)."""
        return Path(self.root) / "newsfacts.duckdb"

    @property
    def report_dir(self) -> Path:
        """The report of the warehouse (index.html) and its article pages (articles/)."""
        return Path(self.root) / "report"


class SpacyResource(dg.ConfigurableResource):
    """The spaCy model (an installed package name or a path; never downloaded) and how to run it."""

    model_name: str = DEFAULT_MODEL
    n_process: int = 1
    batch_size: int = 64

    def model(self) -> Language:
        # spaCy is imported only by the processes that run the model: with two processes, the fork server's workers
        from pipeline.core.nlp import cached_model

        return cached_model(self.model_name)


def default_resources() -> dict:
    return {
        "warehouse": WarehouseResource(
            inbox_dir=os.environ.get("NEWSFACTS_INBOX") or str(SAMPLE_INBOX),
            warehouse_dir=os.environ.get("NEWSFACTS_WAREHOUSE") or str(DEFAULT_WAREHOUSE),
            catalog=os.environ.get("NEWSFACTS_CATALOG") or "",
            max_article_chars=int(os.environ.get("NEWSFACTS_MAX_ARTICLE_CHARS") or MAX_ARTICLE_CHARS),
            max_failed_share=float(os.environ.get("NEWSFACTS_MAX_FAILED_SHARE") or MAX_FAILED_SHARE),
        ),
        "spacy": SpacyResource(
            model_name=configured_model_name(),
            n_process=configured_processes(),
        ),
    }
