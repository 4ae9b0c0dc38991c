"""Build the whole warehouse through Dagster: every shard of the per-article assets, then the star schema.

The star schema is the only step that reads every shard, so it runs once after them. This is what
`newsfacts build` and the tests run; in the UI the same happens as a backfill of `ingest_shards`
followed by `publish_warehouse` (or the star assets' eager automation).
"""
from __future__ import annotations

import dagster as dg

from pipeline.defs.partitions import article_shards


def build_all(resources: dict, instance: dg.DagsterInstance | None = None, shards: list[str] | None = None) -> list[dg.ExecuteInProcessResult]:
    """Materialize every shard, then the star schema; stops at the first failed run."""
    from pipeline.definitions import INGEST_ASSETS, PUBLISH_ASSETS

    results = []
    for shard in shards or article_shards.get_partition_keys():
        result = dg.materialize(INGEST_ASSETS, partition_key=shard, resources=resources, instance=instance, raise_on_error=False)
        results.append(result)
        if not result.success:
            return results
    results.append(dg.materialize(PUBLISH_ASSETS, resources=resources, instance=instance, raise_on_error=False))
    return results
