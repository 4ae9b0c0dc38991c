"""Raw stage checks: nothing lost and nothing silent between the inbox and the raw tables."""

import dagster as dg
import polars as pl

from pipeline.core.reading import list_inbox
from pipeline.core.validation import input_accounting
from pipeline.defs.metadata import preview_markdown
from pipeline.defs.resources import WarehouseResource


def files_seen_by_raw_stage(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> tuple[int, str]:
    """How many inbox files the raw stage read, as its latest materialization recorded, and where that came from.

    The recorded count, not a new listing: files may arrive while a run is going on."""
    event = context.instance.get_latest_materialization_event(dg.AssetKey("raw_articles"))
    recorded = event.asset_materialization.metadata.get("files_seen") if event and event.asset_materialization else None
    if recorded is not None:
        return int(recorded.value), "raw_articles materialization metadata"
    inbox = warehouse.inbox
    return len(list_inbox(inbox) if inbox.exists() else []), f"listing of {inbox}"


@dg.asset_check(asset="raw_articles", additional_deps=["rejected_inputs"], blocking=True)
def every_input_accounted_for(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Files seen = files among articles + rejects, and each input (file or JSONL line) is exactly one
    article or one reject (duplicates are rejects too)."""
    files_seen, source = files_seen_by_raw_stage(context, warehouse)
    articles = pl.read_parquet(warehouse.table_path("raw_articles"), columns=["source_path", "line_number"])
    rejects = pl.read_parquet(warehouse.table_path("rejected_inputs"), columns=["source_path", "line_number"])
    accounting = input_accounting(articles, rejects, files_seen)
    return dg.AssetCheckResult(
        passed=accounting.balanced,
        metadata={"files_seen": files_seen, "files_seen_from": source, "files_accounted": accounting.files_accounted,
                  "articles": accounting.articles, "rejects": accounting.rejects,
                  "inputs_counted_twice": dg.MetadataValue.md(preview_markdown(accounting.counted_twice))},
    )
