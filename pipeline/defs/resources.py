"""Resources: where the inbox and warehouse are, the limits on what is read and published, and the spaCy
model. Set by environment variables (NEWSFACTS_INBOX, NEWSFACTS_WAREHOUSE, NEWSFACTS_MAX_ARTICLE_CHARS,
NEWSFACTS_MAX_FAILED_SHARE, NEWSFACTS_SPACY_MODEL, NEWSFACTS_NLP_PROCESSES) or per run in the launchpad's
run config under `resources`."""
from __future__ import annotations

import functools
import os
from pathlib import Path

import dagster as dg
from spacy.language import Language

from pipeline.core.nlp import DEFAULT_MODEL, load_model
from pipeline.core.reading import MAX_ARTICLE_CHARS
from pipeline.star_files import read_json

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SAMPLE_INBOX = PACKAGE_DIR / "sample_inbox"
DEFAULT_WAREHOUSE = PACKAGE_DIR.parent / "warehouse"
MAX_FAILED_SHARE = 0.05   # a publish stops when a larger share of the articles failed in some stage


class WarehouseResource(dg.ConfigurableResource):
    """The inbox folder read and the warehouse folder written (Parquet files and newsfacts.duckdb); the
    longest article read (longer ones are rejected `too_long`) and the share of failed articles above
    which a publish stops."""

    inbox_dir: str
    warehouse_dir: str
    max_article_chars: int = MAX_ARTICLE_CHARS
    max_failed_share: float = MAX_FAILED_SHARE

    @property
    def inbox(self) -> Path:
        return Path(self.inbox_dir).expanduser().resolve()

    @property
    def root(self) -> Path:
        root = Path(self.warehouse_dir).expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        return root

    @property
    def star_dir(self) -> Path:
        """The star schema's immutable, content-named files (pipeline/star_files.py)."""
        return self.root / "star"

    @property
    def star_manifest_path(self) -> Path:
        return self.star_dir / "manifest.json"

    def star_files(self) -> dict[str, Path]:
        """Each star table's latest file (written and checked; the database may still name older ones)."""
        return {table: self.root / path for table, path in read_json(self.star_manifest_path, {}).items()}

    def shard_path(self, table: str, shard: str) -> Path:
        """One shard of a per-article table, hive-partitioned so DuckDB and Polars read every shard with a glob."""
        return self.root / table / f"shard={shard}" / "part.parquet"

    def shard_glob(self, table: str) -> str:
        return str(self.root / table / "shard=*" / "part.parquet")

    def shard_files(self, table: str) -> list[Path]:
        """The shards of a per-article table written so far."""
        return sorted((self.root / table).glob("shard=*/part.parquet"))

    @property
    def database_path(self) -> Path:
        return self.root / "newsfacts.duckdb"

    @property
    def report_dir(self) -> Path:
        """The report of the warehouse (index.html) and its article pages (articles/)."""
        return self.root / "report"


@functools.cache
def _cached_model(name: str) -> Language:
    return load_model(name)


class SpacyResource(dg.ConfigurableResource):
    """The spaCy model (an installed package name or a path; never downloaded) and how to run it."""

    model_name: str = DEFAULT_MODEL
    n_process: int = 1
    batch_size: int = 64

    def model(self) -> Language:
        return _cached_model(self.model_name)


def default_resources() -> dict:
    return {
        "warehouse": WarehouseResource(
            inbox_dir=os.environ.get("NEWSFACTS_INBOX") or str(SAMPLE_INBOX),
            warehouse_dir=os.environ.get("NEWSFACTS_WAREHOUSE") or str(DEFAULT_WAREHOUSE),
            max_article_chars=int(os.environ.get("NEWSFACTS_MAX_ARTICLE_CHARS") or MAX_ARTICLE_CHARS),
            max_failed_share=float(os.environ.get("NEWSFACTS_MAX_FAILED_SHARE") or MAX_FAILED_SHARE),
        ),
        "spacy": SpacyResource(
            model_name=os.environ.get("NEWSFACTS_SPACY_MODEL") or DEFAULT_MODEL,
            n_process=int(os.environ.get("NEWSFACTS_NLP_PROCESSES") or min(2, os.cpu_count() or 1)),
        ),
    }
