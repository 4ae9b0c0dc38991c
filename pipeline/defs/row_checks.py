"""Asset checks that look for offending rows, declared as a table and run together in one step per stage.

A stage's checks share one op (`@dg.multi_asset_check`): each check is still its own blocking check
in the UI, but a run starts one process per stage for them instead of one per check.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
import dagster as dg
import polars as pl

from pipeline import storage
from pipeline.defs.metadata import preview_markdown
from pipeline.defs.resources import WarehouseResource


def table_files(warehouse: WarehouseResource, table: str) -> list[str]:
    """The Parquet files of a table: a star table's latest file, or one per shard (`<table>/shard=<key>/part.parquet`)."""
    star = warehouse.star_files().get(table)
    return [star] if star is not None else warehouse.shard_files(table)


def read_table(warehouse: WarehouseResource, table: str) -> pl.DataFrame:
    """A whole table; a sharded one with its `shard` column (keys are unique within a shard)."""
    files = table_files(warehouse, table)
    if not files:
        raise FileNotFoundError(f"no Parquet file for table {table} under {warehouse.root}")
    return storage.read_parquet(files, hive_partitioning=len(files) > 1 or "/shard=" in files[0].replace("\\", "/"))


def per_shard(frame: pl.DataFrame, keys: Sequence[str]) -> list[str]:
    """Keys that identify a row: within its shard when the table is sharded (the star schema
    resolves the same article arriving in two shards)."""
    return (["shard"] if "shard" in frame.columns else []) + list(keys)


class TableReader:
    """The warehouse's Parquet tables, each read once per check step."""

    def __init__(self, warehouse: WarehouseResource):
        self._warehouse = warehouse
        self._frames: dict[str, pl.DataFrame] = {}

    def __call__(self, table: str) -> pl.DataFrame:
        if table not in self._frames:
            self._frames[table] = read_table(self._warehouse, table)
        return self._frames[table]


@dataclass(frozen=True)
class RowCheck:
    """A check on `asset` that passes when `offending` finds no rows. ERROR checks block downstream assets."""

    asset: str
    name: str
    description: str
    offending: Callable[[TableReader], pl.DataFrame]
    reads: Sequence[str] = field(default_factory=tuple)   # other tables it reads besides `asset`
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR

    @property
    def key(self) -> dg.AssetCheckKey:
        return dg.AssetCheckKey(dg.AssetKey(self.asset), self.name)

    @property
    def spec(self) -> dg.AssetCheckSpec:
        return dg.AssetCheckSpec(self.name, asset=self.asset, description=self.description,
                                 additional_deps=[t for t in self.reads if t != self.asset],
                                 blocking=self.severity == dg.AssetCheckSeverity.ERROR)

    def result(self, tables: TableReader) -> dg.AssetCheckResult:
        rows = self.offending(tables)
        return dg.AssetCheckResult(
            asset_key=self.asset, check_name=self.name, passed=rows.is_empty(), severity=self.severity,
            description=None if rows.is_empty() else f"{len(rows)} offending rows: {self.description}",
            metadata={"offending_rows": len(rows), "offending_preview": dg.MetadataValue.md(preview_markdown(rows))},
        )


def run_row_checks(context: dg.AssetCheckExecutionContext, checks: Sequence[RowCheck],
                   warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    """The selected checks' results (a UI user may run one check alone)."""
    tables = TableReader(warehouse)
    selected = context.selected_asset_check_keys
    for check in checks:
        if check.key in selected:
            yield check.result(tables)
