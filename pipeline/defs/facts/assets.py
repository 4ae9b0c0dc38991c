"""Facts stage: mentions, leaders, figures and agreements of each article, with their evidence."""

import dagster as dg
import polars as pl

from pipeline import storage
from pipeline.core.extract import EXTRACTION_VERSION
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
    totals = {table: 0 for table in FACT_TABLES}
    extracted = 0
    # as many extraction processes as spaCy gets: the stages run one after the other
    with ExtractionWorkers(spacy.n_process) as workers:
        for shard in context.partition_keys:
            counts, shard_extracted = extract_shard(context, warehouse, shard, workers)
            extracted += shard_extracted
            for table, rows in counts.items():
                totals[table] += rows
    # one line for the run, not one per shard: every log line is an event the run storage writes
    context.log.info(f"{len(context.partition_keys)} shards: extracted {extracted} articles")
    for table in FACT_TABLES:
        yield dg.MaterializeResult(asset_key=table, metadata={
            "dagster/row_count": totals[table], "dagster/column_schema": column_schema(table),
            "preview": dg.MetadataValue.md(preview_markdown(storage.read_parquet(warehouse.shard_path(table, context.partition_keys[0]))))})


def extract_shard(context: dg.AssetExecutionContext, warehouse: WarehouseResource, shard: str,
                  workers: ExtractionWorkers) -> tuple[dict[str, int], int]:
    """Extract the shard's articles that these rules have not seen; keep the rows of the others. Returns the
    rows of each table and how many articles were extracted."""
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
    if todo.is_empty() and len(done) == len(log) and storage.exists(path("extraction_log")):
        return {table: storage.scan_parquet(path(table)).select(pl.len()).collect().item() for table in FACT_TABLES}, 0
    progress = Progress(f"extraction shard {shard}", len(todo), context.log.info)
    rows = workers.extract(todo, spans.filter(pl.col("article_id").is_in(todo["article_id"].implode())), progress.advance)
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
        frame = pl.concat([previous, from_rows(rows[table], table)], how="diagonal_relaxed").select(
            [n for n, _, _ in TABLES[table]])
        frame = frame.sort([c for c in ("article_id", "agreement_id", "start_char", "party_name") if c in frame.columns])
        write_parquet_atomic(frame, path(table))
        counts[table] = len(frame)
    errors = from_rows(rows["extraction_errors"], "extraction_errors")
    write_parquet_atomic(errors, path("extraction_errors"))
    for error in errors.head(5).iter_rows(named=True):
        context.log.warning(f"extraction failed for article {error['article_id']}: {error['error']}")
    # failed articles stay out of the log, so the next run tries them again
    extracted = clean.filter(~pl.col("article_id").is_in(errors["article_id"].implode()))
    write_parquet_atomic(pl.DataFrame({"article_id": extracted["article_id"], "extraction_key": key}, schema=LOG_SCHEMA),
                         path("extraction_log"))
    return counts, len(todo)
