"""Per-article assets are split into shards: each shard is one unit of work that Dagster can run on
its own process, worker or pod (multiprocess, celery or Kubernetes executors); the star schema is
the only step that reads them all."""
import os

import dagster as dg

from pipeline.core.sharding import shard_keys

# NEWSFACTS_SHARDS: more shards, more workers can help. Changing it re-assigns inputs to shards: the next
# run of every shard re-reads its inputs, but spaCy's output is found again by article content (nlp_spans).
DEFAULT_SHARD_COUNT = 8
SHARD_COUNT = int(os.environ.get("NEWSFACTS_SHARDS") or DEFAULT_SHARD_COUNT)
SHARD_KEYS = shard_keys(SHARD_COUNT)
article_shards = dg.StaticPartitionsDefinition(SHARD_KEYS)
