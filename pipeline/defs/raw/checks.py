"""Raw stage checks: nothing lost and nothing silent between the inbox and the raw tables."""

from pathlib import Path

import dagster as dg

from pipeline import storage
from pipeline.core.reading import JSONL_EXTENSIONS
from pipeline.core.sharding import shard_of_path
from pipeline.core.validation import input_accounting
from pipeline.defs.metadata import preview_markdown
from pipeline.defs.partitions import SHARD_COUNT, SHARD_KEYS
from pipeline.defs.resources import WarehouseResource
from pipeline.defs.row_checks import read_table


def shards_written_ns(warehouse: WarehouseResource) -> dict[str, int]:
    """When each shard's raw tables were last written (the older of its articles and rejects files)."""
    written: dict[str, int] = {}
    for table in ("raw_articles", "rejected_inputs"):
        written_files = set(warehouse.shard_files(table))
        for shard in SHARD_KEYS:
            path = warehouse.shard_path(table, shard)
            if path in written_files:
                modified = storage.modified_ns(path)
                written[shard] = min(written.get(shard, modified), modified)
    return written


def files_present_at_ingest(inbox: str, written_ns: dict[str, int]) -> tuple[list[str], int]:
    """Inbox files (as `source_path` records them) that their shards have read: last modified before the
    shard's raw tables were written (or in the same instant: object stores keep whole seconds). The others arrived or changed since, or belong to a shard that has
    not run yet (a backfill runs shards one by one): they belong to a later run, not to this one."""
    present, pending = [], 0
    for file in storage.inbox_files(inbox):
        # a JSON Lines file's lines are spread over every shard; any other file belongs to one
        jsonl = Path(file.relative).suffix.lower() in JSONL_EXTENSIONS
        shards = SHARD_KEYS if jsonl else [shard_of_path(file.relative, SHARD_COUNT)]
        if all(shard in written_ns and file.modified_ns <= written_ns[shard] for shard in shards):
            present.append(file.location)
        else:
            pending += 1
    return present, pending


@dg.asset_check(asset="raw_articles", additional_deps=["rejected_inputs"], blocking=True)
def every_input_accounted_for(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """Files seen = files among articles + rejects: every inbox file became articles or rejects, and
    each input (a file, or a JSONL line) exactly one article or one reject (duplicates are rejects too)."""
    present, not_yet_ingested = files_present_at_ingest(warehouse.inbox, shards_written_ns(warehouse))
    accounting = input_accounting(present, read_table(warehouse, "raw_articles"), read_table(warehouse, "rejected_inputs"))
    return dg.AssetCheckResult(
        passed=accounting.balanced,
        description=None if accounting.balanced else
        f"{len(accounting.unaccounted)} inbox files unaccounted for, {len(accounting.counted_twice)} inputs counted twice",
        metadata={"files_seen": accounting.files_listed, "files_accounted": accounting.files_accounted,
                  "articles": accounting.articles, "rejects": accounting.rejects,
                  "files_not_yet_ingested": not_yet_ingested,
                  "unaccounted_files": dg.MetadataValue.json(accounting.unaccounted[:50]),
                  "inputs_counted_twice": dg.MetadataValue.md(preview_markdown(accounting.counted_twice))},
    )
