"""The same shards on other executors: `ingest_shards_on_celery` runs every step of a shard as a
celery task, on whichever worker takes it (docs/scale_out.md says how to run workers, and how the
multiprocess and Kubernetes executors are configured).

It is `ingest_shards` (the same assets, so the same `article_shards` partitions, which Dagster infers
from them) with the celery executor.
The broker and result backend come from the run config (`execution: config: broker/backend`), else
from the environment of the process that runs the run:

| setting | environment variable | default |
|---|---|---|
| celery broker | `NEWSFACTS_CELERY_BROKER` | `redis://localhost:6379/0` |
| celery result backend | `NEWSFACTS_CELERY_BACKEND` | the broker |

Workers must point at the same broker (their own `-y celery.yaml`), share DAGSTER_HOME's run and
event storage with the run, import `pipeline`, and see the same warehouse folder.
"""
from __future__ import annotations

import os

import dagster as dg
from dagster_celery import celery_executor
from dagster_celery.executor import CELERY_CONFIG

from pipeline.defs.clean.assets import clean_articles
from pipeline.defs.entities.assets import nlp_spans
from pipeline.defs.facts.assets import article_facts
from pipeline.defs.raw.assets import raw_articles

DEFAULT_CELERY_BROKER = "redis://localhost:6379/0"
BROKER_ENV = "NEWSFACTS_CELERY_BROKER"
BACKEND_ENV = "NEWSFACTS_CELERY_BACKEND"

# Same fields as dagster-celery's own executor config, but broker and backend default to the project's settings.
CELERY_RUN_CONFIG_SCHEMA = {
    **CELERY_CONFIG,
    "broker": dg.Field(dg.Noneable(dg.StringSource), is_required=False,
                       description=f"Celery broker URL. Default: ${BROKER_ENV}, else {DEFAULT_CELERY_BROKER}."),
    "backend": dg.Field(dg.Noneable(dg.StringSource), is_required=False,
                        description=f"Celery result backend URL. Default: ${BACKEND_ENV}, else the broker."),
}


def celery_config(config: dict) -> dict:
    """The celery executor's config: run config first, then the environment, then the local Redis."""
    broker = config.get("broker") or os.environ.get(BROKER_ENV) or DEFAULT_CELERY_BROKER
    backend = config.get("backend") or os.environ.get(BACKEND_ENV) or broker
    return {**config, "broker": broker, "backend": backend}


newsfacts_celery_executor = celery_executor.configured(celery_config, config_schema=CELERY_RUN_CONFIG_SCHEMA)

ingest_shards_on_celery = dg.define_asset_job(
    "ingest_shards_on_celery",
    selection=dg.AssetSelection.assets(raw_articles, clean_articles, nlp_spans, article_facts).without_checks(),
    executor_def=newsfacts_celery_executor,
    description="`ingest_shards` with every step a celery task on the workers listening to the broker "
                f"(${BROKER_ENV}, default {DEFAULT_CELERY_BROKER}). Backfill it like `ingest_shards`, then run "
                "`publish_warehouse`. See docs/scale_out.md.",
)
