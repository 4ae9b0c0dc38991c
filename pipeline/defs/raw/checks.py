"""Raw stage checks: nothing lost and nothing silent between the inbox and the raw tables."""

import os
from pathlib import Path

import dagster as dg

from pipeline.core.reading import list_inbox
from pipeline.core.validation import input_accounting
from pipeline.defs.metadata import preview_markdown
from pipeline.defs.resources import WarehouseResource
from pipeline.defs.row_checks import read_table, table_files


def modified_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:    # a broken symlink: its own time
        return os.lstat(path).st_mtime_ns


def files_present_at_ingest(inbox: Path, ingested_ns: int) -> tuple[list[str], int]:
    """Inbox files (as `source_path` records them) last modified before the raw tables were written,
    and how many arrived or changed since: those belong to the next run, not to this one."""
    listed = {os.path.abspath(path): modified_ns(path) for path in (list_inbox(inbox) if inbox.exists() else [])}
    present = [path for path, modified in listed.items() if modified < ingested_ns]
    return present, len(listed) - len(present)


@dg.asset_check(asset="raw_articles", additional_deps=["rejected_inputs"], blocking=True)
def every_input_accounted_for(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Files seen = files among articles + rejects: every inbox file became articles or rejects, and
    each input (a file, or a JSONL line) exactly one article or one reject (duplicates are rejects too)."""
    raw_files = table_files(warehouse, "raw_articles") + table_files(warehouse, "rejected_inputs")
    ingested_ns = min(path.stat().st_mtime_ns for path in raw_files)
    present, arrived_since = files_present_at_ingest(warehouse.inbox, ingested_ns)
    accounting = input_accounting(present, read_table(warehouse, "raw_articles"), read_table(warehouse, "rejected_inputs"))
    return dg.AssetCheckResult(
        passed=accounting.balanced,
        description=None if accounting.balanced else
        f"{len(accounting.unaccounted)} inbox files unaccounted for, {len(accounting.counted_twice)} inputs counted twice",
        metadata={"files_seen": accounting.files_listed, "files_accounted": accounting.files_accounted,
                  "articles": accounting.articles, "rejects": accounting.rejects,
                  "files_arrived_since_ingest": arrived_since,
                  "unaccounted_files": dg.MetadataValue.json(accounting.unaccounted[:50]),
                  "inputs_counted_twice": dg.MetadataValue.md(preview_markdown(accounting.counted_twice))},
    )
