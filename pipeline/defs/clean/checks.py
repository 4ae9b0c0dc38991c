"""Clean stage checks: one row per article, and every article has text for the later stages to read."""

import dagster as dg

from pipeline.core.validation import articles_without_text, duplicate_keys
from pipeline.defs.resources import WarehouseResource
from pipeline.defs.row_checks import RowCheck, per_shard, run_row_checks

CLEAN_CHECKS = [
    RowCheck("clean_articles", "unique_article_ids", "no two clean articles share an article_id",
             lambda tables: duplicate_keys(tables("clean_articles"), per_shard(tables("clean_articles"), ["article_id"]))),
    RowCheck("clean_articles", "every_article_has_text", "no clean article has empty or missing text",
             lambda tables: articles_without_text(tables("clean_articles")).select("article_id", "source_id", "source_path")),
]


@dg.multi_asset_check(specs=[check.spec for check in CLEAN_CHECKS], can_subset=True,
                      description="Keys and text of the clean articles (blocking).")
def clean_article_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from run_row_checks(context, CLEAN_CHECKS, warehouse)
