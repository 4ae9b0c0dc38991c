"""Facts stage: mentions, leaders, figures and agreements of each article, with their evidence."""
from dataclasses import dataclass

import dagster as dg
import polars as pl

from pipeline import storage
from pipeline.core.extraction_version import EXTRACTION_VERSION
from pipeline.defs.facts.extraction import FACT_TABLES, ExtractionWorkers, extraction_key
from pipeline.defs.metadata import column_schema, preview_markdown
from pipeline.defs.partitions import article_shards
from pipeline.defs.progress import Progress
from pipeline.defs.resources import SpacyResource, WarehouseResource
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
def article_facts(context: dg.AssetExecutionContext, warehouse: WarehouseResource, spacy: SpacyResource):
    plans = [plan_shard(warehouse, shard) for shard in context.partition_keys]
    new_articles = sum(len(plan.todo) for plan in plans)
    progress = Progress("extraction", new_articles, context.log.info)
    totals = {table: 0 for table in FACT_TABLES}
    # worker processes when the run has enough new articles, however many shards they are dealt over; as many
    # of them as spaCy gets: the stages run one after the other
    with ExtractionWorkers(spacy.n_process, run_articles=new_articles) as workers:
        pending = [workers.submit(plan.todo, plan.todo_spans) for plan in plans]
        for plan, rows in zip(plans, pending):
            for table, count in write_shard(context, warehouse, plan, rows(progress.advance)).items():
                totals[table] += count
    # one line for the run, not one per shard: every log line is an event the run storage writes
    context.log.info(f"{len(plans)} shards: extracted {new_articles} articles in {progress.seconds}s")
    for table in FACT_TABLES:
        yield dg.MaterializeResult(asset_key=table, metadata={
            "dagster/row_count": totals[table], "dagster/column_schema": column_schema(table),
            "preview": dg.MetadataValue.md(preview_markdown(storage.read_parquet(warehouse.shard_path(table, context.partition_keys[0]))))})


@dataclass
class ShardPlan:
    """A shard's articles for extraction: those these rules have not seen (`todo`, with their spans) and those
    whose rows are kept (`done`)."""
    shard: str
    clean: pl.DataFrame
    todo: pl.DataFrame
    todo_spans: pl.DataFrame
    done: pl.Series
    key: str
    unchanged: bool   # nothing to extract and nothing to drop: the shard's files stay as they are


def plan_shard(warehouse: WarehouseResource, shard: str) -> ShardPlan:
    path = lambda table: warehouse.shard_path(table, shard)  # noqa: E731
    clean = storage.read_parquet(path("clean_articles"))
    # an article spaCy failed on waits, out of the log, for the run that reads it
    nlp_failed = read_parquet_or_empty(path("nlp_errors"), {n: t for n, t, _ in TABLES["nlp_errors"]})["article_id"]
    clean = clean.filter(~pl.col("article_id").is_in(nlp_failed.implode()))
    spans = storage.read_parquet(path("nlp_spans"))
    model = spans["model"][0] if len(spans) else ""
    key = extraction_key(model)
    log = read_parquet_or_empty(path("extraction_log"), LOG_SCHEMA)
    done = log.filter((pl.col("extraction_key") == key) & pl.col("article_id").is_in(clean["article_id"].implode()))["article_id"]
    todo = clean.filter(~pl.col("article_id").is_in(done.implode()))
    unchanged = todo.is_empty() and len(done) == len(log) and storage.exists(path("extraction_log"))
    return ShardPlan(shard, clean, todo, spans.filter(pl.col("article_id").is_in(todo["article_id"].implode())), done, key, unchanged)


def write_shard(context: dg.AssetExecutionContext, warehouse: WarehouseResource, plan: ShardPlan,
                rows: dict[str, list[dict]]) -> dict[str, int]:
    """Write the shard's fact tables: the rows kept from articles seen before, and the new ones. Returns the
    rows of each table."""
    path = lambda table: warehouse.shard_path(table, plan.shard)  # noqa: E731
    if plan.unchanged:
        return {table: storage.scan_parquet(path(table)).select(pl.len()).collect().item() for table in FACT_TABLES}
    done = plan.done
    counts = {}
    kept_agreements = None
    for table in FACT_TABLES:
        previous = read_parquet_or_empty(path(table), {n: t for n, t, _ in TABLES[table]})
        if "article_id" in previous.columns:
            previous = previous.filter(pl.col("article_id").is_in(done.implode()))
            if table == "agreement_candidates":
                kept_agreements = previous["agreement_id"]
        else:  # parties are kept through their agreement
            previous = previous.filter(pl.col("agreement_id").is_in(kept_agreements.implode()))
        # diagonal: rows kept from a warehouse written before a column was added get it as null
        frame = pl.concat([previous, from_rows(rows.get(table, []), table)], how="diagonal_relaxed").select(
            [n for n, _, _ in TABLES[table]])
        frame = frame.sort([c for c in ("article_id", "agreement_id", "start_char", "party_name") if c in frame.columns])
        write_parquet_atomic(frame, path(table))
        counts[table] = len(frame)
    errors = from_rows(rows.get("extraction_errors", []), "extraction_errors")
    write_parquet_atomic(errors, path("extraction_errors"))
    for error in errors.head(5).iter_rows(named=True):
        context.log.warning(f"extraction failed for article {error['article_id']}: {error['error']}")
    # failed articles stay out of the log, so the next run tries them again
    extracted = plan.clean.filter(~pl.col("article_id").is_in(errors["article_id"].implode()))
    write_parquet_atomic(pl.DataFrame({"article_id": extracted["article_id"], "extraction_key": plan.key}, schema=LOG_SCHEMA),
                         path("extraction_log"))
    return counts
