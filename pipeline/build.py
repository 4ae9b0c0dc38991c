"""Build the whole warehouse through Dagster: every shard of the per-article assets, then the star schema.

The star schema is the only step that reads every shard, so it runs once after them. This is what
`newsfacts build` and the tests run; in the UI the same happens as a backfill of `ingest_shards`
followed by `publish_warehouse` (or the star assets' eager automation).
"""
from __future__ import annotations

import dagster as dg

from pipeline.defs.partitions import article_shards


def build_all(resources: dict, instance: dg.DagsterInstance | None = None) -> list[dg.ExecuteInProcessResult]:
    """Every shard in one run (a partition range: one process, one spaCy pool), then the star schema."""
    from pipeline.definitions import INGEST_ASSETS, PUBLISH_ASSETS

    keys = article_shards.get_partition_keys()
    ingest = dg.materialize(INGEST_ASSETS, resources=resources, instance=instance, raise_on_error=False,
                            tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]})
    if not ingest.success:
        return [ingest]
    return [ingest, dg.materialize(PUBLISH_ASSETS, resources=resources, instance=instance, raise_on_error=False)]
