"""Warehouse stage: the star schema staged as Parquet and checked, then published as one DuckLake snapshot
(and, for a local warehouse, the DuckDB database of views over that snapshot's files)."""

import datetime as dt
import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline import lakehouse, storage
from pipeline.core import leader_links, star_schema
from pipeline.core.countries import country_dimension
from pipeline.core.extraction_version import EXTRACTION_VERSION
from pipeline.core.failures import Failure
from pipeline.core.stories import StoryInput, group_stories_and_failures
from pipeline.defs.metadata import table_metadata
from pipeline.defs.resources import WarehouseResource
from pipeline.defs.worker_server import call_in_worker
from pipeline.star_files import read_json, remove_unstaged, write_by_content, write_json_atomic
from pipeline.tables import conform, empty, from_rows
from pipeline.warehouse_db import build_database, derived_views

STAR_CODE_VERSION = "2"
STAR_TABLES = {
    "all_rejected_inputs": "Every input that did not become an article, with the reason: per-shard rejects and "
                           "articles whose text another file already brought.",
    "dim_country": "Countries (ISO 3166-1 alpha-3), historical states (ISO 3166-3) and groups, with kind.",
    "dim_article": "One row per article: source, title, dates, publisher, dateline, authors, story.",
    "dim_leader": "One row per leader across articles: fullest name, country, latest role.",
    "dim_agreement": "Agreements with sector, status and evidence.",
    "bridge_agreement_party": "Parties of each agreement.",
    "fact_figure": "Money figures: metric, signed value, currency, countries, period, with evidence and offsets.",
    "fact_mention": "Every mention of a country, group, leader, person or organization with offsets; entity_id links to dimensions.",
    "fact_leader_role": "Each stated role of each leader, dated by its article: the role history.",
    "all_extraction_errors": "Articles a stage failed on (cleaning, spaCy, extraction, story grouping), with the stage and the error; "
                             "they are tried again on the next run.",
}
# the view users query, where it is not named after its table
VIEW_NAMES = {"all_rejected_inputs": "rejected_inputs", "all_extraction_errors": "extraction_errors"}


def read_shards(warehouse: WarehouseResource, table: str, columns: list[str] | None = None) -> pl.DataFrame:
    files = warehouse.shard_files(table)
    if not files:
        return empty(table).with_columns(pl.lit(None, pl.String).alias("shard")).select(*(columns or [pl.all()]))
    frame = storage.scan_parquet(files, hive_partitioning=True)
    return (frame.select(columns) if columns else frame).collect()


ERROR_TABLES = ("clean_errors", "nlp_errors", "extraction_errors")


def article_errors(warehouse: WarehouseResource) -> pl.DataFrame:
    """Every stage's failed articles. Read file by file: a shard written before errors had a stage is an
    extraction stage's."""
    frames = [conform(storage.read_parquet(path), table).with_columns(pl.col("stage").fill_null("extraction"))
              for table in ERROR_TABLES for path in warehouse.shard_files(table)]
    return pl.concat([empty("extraction_errors"), *frames])


def stories_grouped_in_worker(articles: list[StoryInput], failures: dict[str, Failure] | None) -> dict[str, str]:
    """Story grouping on the fork server's side, whose worker starts with the MinHash library imported: this
    process never imports it, nor the SciPy it brings (half a second of a refresh)."""
    stories, found = call_in_worker(group_stories_and_failures, articles)
    if failures is not None:
        failures.update(found)
    return stories


def build_star(warehouse: WarehouseResource) -> dict[str, pl.DataFrame]:
    raw_index = read_shards(warehouse, "raw_articles", ["article_id", "source_path", "line_number", "byte_size", "shard"])
    kept, duplicates = star_schema.article_sources(raw_index)
    articles = read_shards(warehouse, "clean_articles").join(kept, on=["article_id", "shard"], how="semi")
    read = lambda table: read_shards(warehouse, table).join(kept, on=["article_id", "shard"], how="semi").drop("shard")  # noqa: E731
    leader_mentions = read("leader_mentions")
    published = articles.select("article_id", "published_date")
    identified = star_schema.leader_identities(leader_mentions, published)
    entity_mentions = read("entity_mentions")
    counted = functools.partial(leader_links.counted_links, identified=identified, articles=articles,
                                country_mentions=entity_mentions, published=published)
    mentions = star_schema.fact_mention(entity_mentions, identified, star_schema.out_of_office_names(leader_mentions),
                                        published, counted)
    story_failures: dict = {}
    articles = star_schema.with_stories(articles, star_schema.article_entities(mentions), story_failures,
                                        group=stories_grouped_in_worker)
    agreements = read("agreement_candidates")
    parties = read_shards(warehouse, "agreement_party_candidates").join(
        agreements.select("agreement_id"), on="agreement_id", how="semi").drop("shard")
    rejected = pl.concat([read_shards(warehouse, "rejected_inputs").drop("shard"), duplicates])
    return {
        "all_rejected_inputs": rejected.sort("source_path", "line_number", nulls_last=False),
        "dim_country": country_dimension(),
        "dim_article": articles.select("article_id", "source_id", "source_path", "title", "published_date", "publisher",
                                       "dateline", "dateline_country_id", "authors", "story_id", "effective_date", "word_count", "text"),
        "dim_leader": star_schema.dim_leader(identified, articles),
        "dim_agreement": agreements.select("agreement_id", "article_id", "summary", "sector", "status", "evidence",
                                           "start_char", "end_char", "method"),
        "bridge_agreement_party": parties,
        "fact_figure": star_schema.fact_figure(read("figure_candidates"), articles),
        "fact_mention": pl.concat([mentions, star_schema.dateline_mentions(articles)]).sort("article_id", "start_char", nulls_last=False),
        "fact_leader_role": star_schema.fact_leader_role(identified, articles),
        "all_extraction_errors": pl.concat([article_errors(warehouse), from_rows(
            [failure.row(article_id, "stories") for article_id, failure in story_failures.items()], "extraction_errors")]
        ).sort("article_id", "stage"),
    }


# executors that run every step of a run in the run's own process (`newsfacts build`, dg.materialize, tests)
IN_PROCESS_EXECUTORS = {dg.in_process_executor.name, "execute_in_process_executor"}


@dg.multi_asset(
    specs=[dg.AssetSpec(name, group_name="warehouse", kinds={"polars", "parquet"}, description=doc,
                        deps=["clean_articles", "nlp_spans", "entity_mentions", "leader_mentions", "figure_candidates",
                              "agreement_candidates", "agreement_party_candidates", "rejected_inputs"],
                        automation_condition=dg.AutomationCondition.eager())
           for name, doc in STAR_TABLES.items()],
    code_version=STAR_CODE_VERSION,
)
def star_schema_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    if context.job_def.executor_def.name in IN_PROCESS_EXECUTORS:
        # the publish, in this process too, gets its DuckDB session with its extensions loaded meanwhile, on the core
        # story grouping leaves idle
        lakehouse.connect_ahead(lakehouse.publish_extensions(warehouse.catalog, warehouse.root, warehouse.lake_data_path))
    fingerprint = star_inputs_fingerprint(warehouse)
    staged = unchanged_star(warehouse, fingerprint)
    if staged is not None:
        # the same input files, code and data as the build that staged these files: the same tables
        context.log.info("star schema inputs unchanged: the staged tables are kept")
        for name, path in staged.items():
            yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, storage.read_parquet(path), file=path,
                                                                                 inputs_unchanged=True))
        return
    written = {}
    for name, frame in build_star(warehouse).items():
        path = write_by_content(frame, storage.join(warehouse.star_dir, name))
        written[name] = path[len(warehouse.root) + 1:]
        yield dg.MaterializeResult(asset_key=name, metadata=table_metadata(name, frame, file=path))
    write_json_atomic(written, warehouse.star_manifest_path)
    write_json_atomic({"fingerprint": fingerprint, "tables": written}, star_inputs_path(warehouse))


# every per-article table build_star reads
STAR_INPUTS = ("raw_articles", "rejected_inputs", "clean_articles", "entity_mentions", "leader_mentions", "figure_candidates",
               "agreement_candidates", "agreement_party_candidates", *ERROR_TABLES)


def star_inputs_path(warehouse: WarehouseResource) -> str:
    return storage.join(warehouse.star_dir, "inputs.json")


def star_inputs_fingerprint(warehouse: WarehouseResource) -> str:
    """A hash of everything the star schema is built from: the bytes of every shard file it reads (a stage rewrites
    some files with the same bytes every run), the rules' code and data (EXTRACTION_VERSION), the model of decisions
    across stories (leader links), this module and the
    libraries whose results it keeps (Polars; the MinHash library of story grouping)."""
    digest = hashlib.sha256(f"{STAR_CODE_VERSION}|{EXTRACTION_VERSION}|{leader_links.link_model_version()}|"
                            f"{pl.__version__}|{version('datasketch')}".encode())
    for module in (Path(__file__), Path(__file__).resolve().parents[2] / "tables.py"):   # this stage, the tables' schemas
        digest.update(module.read_bytes())
    for table in STAR_INPUTS:
        for path in warehouse.shard_files(table):
            with storage.filesystem(path).open(path, "rb") as handle:
                digest.update(f"{table}|{path}|".encode() + hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def unchanged_star(warehouse: WarehouseResource, fingerprint: str) -> dict[str, str] | None:
    """The staged star tables (table → file) when the last star build had these very inputs and its files are the
    latest staged and still there; else None."""
    last = read_json(star_inputs_path(warehouse), {})
    tables = last.get("tables") if isinstance(last, dict) else None
    if not tables or last.get("fingerprint") != fingerprint or set(tables) != set(STAR_TABLES):
        return None
    if read_json(warehouse.star_manifest_path, {}) != tables:
        return None
    staged = {name: warehouse.path(path) for name, path in tables.items()}
    return staged if all(storage.exists(path) for path in staged.values()) else None


@dg.asset(
    deps=list(STAR_TABLES), group_name="warehouse", kinds={"duckdb", "ducklake"},
    code_version=STAR_CODE_VERSION, pool="duckdb_writer", automation_condition=dg.AutomationCondition.eager(),
    description="The star schema published as one DuckLake snapshot (catalog: NEWSFACTS_CATALOG, else "
                "<warehouse>/catalog.sqlite; files under <warehouse>/lake/); a local warehouse also gets "
                "newsfacts.duckdb, views over the snapshot's files, swapped in atomically.",
)
def newsfacts_duckdb(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    tables = {VIEW_NAMES.get(name, name): path for name, path in warehouse.star_files().items()}
    views = derived_views()
    now = dt.datetime.now(dt.timezone.utc)
    with lakehouse.open_lake(warehouse.catalog, warehouse.root, warehouse.lake_data_path, read_only=False) as con:
        snapshot, new = lakehouse.publish(con, tables, views)
        expired = lakehouse.expire_snapshots(con, now, lakehouse.retention())
        if not warehouse.is_remote:
            build_database(warehouse.database_path, lakehouse.current_tables(con, list(tables)), views)
    removed = remove_unstaged(warehouse.root)
    context.log.info(f"{'published' if new else 'nothing new: kept'} snapshot {snapshot} of the DuckLake; "
                     f"{len(expired)} snapshots expired")
    return dg.MaterializeResult(metadata={
        "snapshot": snapshot, "new_snapshot": new, "catalog": lakehouse.describe_catalog(warehouse.catalog, warehouse.root),
        "data_path": warehouse.lake_data_path, "views": dg.MetadataValue.json(list(tables) + list(views)),
        "snapshots_expired": len(expired), "staged_files_removed": len(removed),
        **({} if warehouse.is_remote else {"path": str(warehouse.database_path)})})
