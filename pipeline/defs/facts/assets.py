"""Facts stage: mentions, leaders, figures and agreements of each article, with their evidence."""

import dagster as dg
import polars as pl

from pipeline.core.extract import EXTRACTION_VERSION
from pipeline.defs.facts.extraction import FACT_TABLES, extract_articles, extraction_key
from pipeline.defs.metadata import table_metadata
from pipeline.defs.partitions import article_shards
from pipeline.defs.progress import Progress
from pipeline.defs.resources import WarehouseResource
from pipeline.storage import read_parquet_or_empty, write_parquet_atomic
from pipeline.tables import TABLES, from_rows

LOG_SCHEMA = {"article_id": pl.String, "extraction_key": pl.String}
DESCRIPTIONS = {
    "entity_mentions": ("entities", "Every mention of a country, group, person or organization, normalized (countries to ISO3) with offsets."),
    "leader_mentions": ("facts", "People named with a political office, and later mentions of them by name, with role and country."),
    "figure_candidates": ("facts", "Money figures with metric, value, currency, countries and a period still relative to the article date."),
    "agreement_candidates": ("facts", "Agreements with sector, status and evidence clause."),
    "agreement_party_candidates": ("facts", "Parties of each agreement."),
}


@dg.multi_asset(
    specs=[dg.AssetSpec(table, group_name=group, kinds={"polars", "parquet"}, description=doc,
                        deps=["clean_articles", "nlp_spans"])
           for table, (group, doc) in DESCRIPTIONS.items()],
    partitions_def=article_shards,
    code_version=EXTRACTION_VERSION,
)
def article_facts(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    shard = context.partition_key
    path = lambda table: warehouse.shard_path(table, shard)  # noqa: E731
    clean = pl.read_parquet(path("clean_articles"))
    spans = pl.read_parquet(path("nlp_spans"))
    model = spans["model"][0] if len(spans) else ""
    key = extraction_key(model)
    log_path = path("extraction_log")
    log = read_parquet_or_empty(log_path, LOG_SCHEMA)
    current = clean["article_id"].implode()
    done = log.filter((pl.col("extraction_key") == key) & pl.col("article_id").is_in(current))["article_id"]
    todo = clean.filter(~pl.col("article_id").is_in(done.implode()))
    progress = Progress(f"extraction shard {shard}", len(todo), context.log.info)
    rows = extract_articles(todo, spans.filter(pl.col("article_id").is_in(todo["article_id"].implode())), progress.advance)
    for table in FACT_TABLES:
        previous = read_parquet_or_empty(path(table), {n: t for n, t, _ in TABLES[table]})
        if "article_id" in previous.columns:
            previous = previous.filter(pl.col("article_id").is_in(done.implode()))
        else:  # parties are kept through their agreement
            kept_agreements = read_parquet_or_empty(path("agreement_candidates"), {"agreement_id": pl.String, "article_id": pl.String})
            kept_ids = kept_agreements.filter(pl.col("article_id").is_in(done.implode()))["agreement_id"]
            previous = previous.filter(pl.col("agreement_id").is_in(kept_ids.implode()))
        frame = pl.concat([previous, from_rows(rows[table], table)])
        sort_keys = [c for c in ("article_id", "agreement_id", "start_char", "party_name") if c in frame.columns]
        frame = frame.sort(sort_keys)
        write_parquet_atomic(frame, path(table))
        yield dg.MaterializeResult(asset_key=table, metadata=table_metadata(table, frame))
    errors = from_rows(rows["extraction_errors"], "extraction_errors")
    write_parquet_atomic(errors, path("extraction_errors"))
    for error in errors.head(5).iter_rows(named=True):
        context.log.warning(f"extraction failed for article {error['article_id']}: {error['error']}")
    # failed articles stay out of the log, so the next run tries them again
    extracted = clean.filter(~pl.col("article_id").is_in(errors["article_id"].implode()))
    write_parquet_atomic(pl.DataFrame({"article_id": extracted["article_id"], "extraction_key": key}, schema=LOG_SCHEMA),
                         log_path)
    context.log.info(f"extracted {len(todo)} articles; {len(done)} from cache in {progress.seconds}s")
