"""Per-article assets are split into shards: each shard is one unit of work that Dagster can run on
its own process, worker or pod (multiprocess, celery or Kubernetes executors); the star schema is
the only step that reads them all."""
import dagster as dg

from pipeline.core.sharding import shard_keys

SHARD_COUNT = 8  # changing it re-assigns inputs to shards: rebuild the warehouse afterwards
SHARD_KEYS = shard_keys(SHARD_COUNT)
article_shards = dg.StaticPartitionsDefinition(SHARD_KEYS)
