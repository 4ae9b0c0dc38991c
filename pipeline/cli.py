"""`newsfacts` command: build the warehouse through Dagster, query it, score it, report it."""
from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from pathlib import Path

EXAMPLE_SQL_DIR = Path(__file__).resolve().parent / "sql" / "examples"


def _instance():
    import dagster as dg

    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def build(args: argparse.Namespace) -> int:
    """Materialize every shard and the star schema in-process (and the report with --report); non-zero exit
    when any step fails."""
    # importing Dagster, Polars and the pipeline and opening the instance make hundreds of thousands of objects and
    # next to no garbage: no collection until they are there (its passes over them took a quarter of a second)
    gc.disable()
    try:
        from pipeline.defs.worker_server import configured_processes, start_worker_server

        # the fork server (spaCy, extraction, story grouping) boots on the other core while this process imports
        # Dagster: on a refresh its start-up was the longest wait of the run (the clean stage starts it too, for runs
        # started elsewhere)
        start_worker_server(1, configured_processes())
        import pipeline.definitions  # noqa: F401 — build_all's assets, imported before the collector's view is frozen
        from pipeline.build import build_all
        from pipeline.defs.resources import default_resources

        resources = default_resources()
        instance = _instance()
    finally:
        # the modules just imported (Dagster's, Polars') and the instance live as long as the process: the garbage
        # collector's full passes during the run need not walk them again
        gc.freeze()
        gc.enable()
    with instance:
        result = build_all(resources, instance, report=args.report)
    # the process ends after this command: its last collection, over every object left, would take seconds
    gc.freeze()
    if not result.success:
        for event in result.all_events:
            if event.is_failure:
                print(event.message, file=sys.stderr)
        return 1
    warehouse = resources["warehouse"]
    print(f"warehouse ready: {warehouse.root} (DuckLake catalog {lakehouse_catalog(warehouse)})")
    return 0


def lakehouse_catalog(warehouse) -> str:
    from pipeline.lakehouse import describe_catalog

    return describe_catalog(warehouse.catalog, warehouse.root)


def query(args: argparse.Namespace) -> int:
    """Run SQL (text, or a .sql file, or the name of an example) read-only against the warehouse's latest
    snapshot, local or on object storage."""
    from pipeline import lakehouse, storage
    from pipeline.defs.resources import default_resources

    warehouse = default_resources()["warehouse"]
    catalog = lakehouse.catalog_location(warehouse.catalog, warehouse.root)
    if not (lakehouse.is_postgres(catalog) or storage.exists(catalog)):
        return _no_warehouse(catalog)
    sql = args.sql
    example = EXAMPLE_SQL_DIR / f"{sql}.sql"
    if example.exists():
        sql = example.read_text()
    elif sql.endswith(".sql") and Path(sql).exists():
        sql = Path(sql).read_text()
    with lakehouse.open_lake(warehouse.catalog, warehouse.root, warehouse.lake_data_path) as con:
        con.sql(sql).show(max_rows=args.max_rows, max_width=args.max_width)
    return 0


def duckdb_init(_: argparse.Namespace) -> int:
    """Print the SQL that opens the warehouse's DuckLake read-only in a DuckDB session (the duckdb CLI: -init)."""
    from pipeline.defs.resources import default_resources
    from pipeline.lakehouse import duckdb_cli_script

    warehouse = default_resources()["warehouse"]
    print(duckdb_cli_script(warehouse.catalog, warehouse.root, warehouse.lake_data_path), end="")
    return 0


def score(args: argparse.Namespace) -> int:
    """Score the warehouse against an expected-facts file, or against a split of the annotated ground truth."""
    from pipeline.defs.resources import default_resources

    database = str(default_resources()["warehouse"].database_path)
    if args.expected:
        command = [sys.executable, "-m", "pipeline.quality.score_facts", database, args.expected]
        return subprocess.call(command + (["--json"] if args.json else []))
    return score_splits(database, args)


def score_splits(database: str, args: argparse.Namespace) -> int:
    import json

    from pipeline.quality.ground_truth import load_ground_truth
    from pipeline.quality.split_scores import gap, score_split, table

    truth = load_ground_truth(args.ground_truth)
    other = {"test": "train", "train": "test"}.get(args.split)
    reports = {args.split: score_split(database, truth, args.split)}
    built_other = other and score_split(database, truth, other, only_built=True)
    if built_other:
        reports[other] = built_other
    if args.json:
        print(json.dumps(reports, indent=2))
        return 0
    print(table(reports))
    missing = reports[args.split].get("all", {}).get("articles_missing", [])
    if missing:
        print(f"\n{len(missing)} {args.split} stories are not in the warehouse (build them: benchmarks/quality_sets.py)")
    if built_other and "train" in reports and "test" in reports:
        print("\ntrain F1 - test F1: " + ", ".join(f"{k} {v:+.3f}" for k, v in gap(reports["train"], reports["test"]).items()))
    return 0


def _no_warehouse(database: Path | str) -> int:
    print(f"no warehouse at {database}: run `newsfacts build` first (NEWSFACTS_WAREHOUSE sets where)", file=sys.stderr)
    return 1


def report(_: argparse.Namespace) -> int:
    """Write <warehouse>/report/index.html (charts of the warehouse) and the article pages it links to."""
    from pipeline.defs.resources import default_resources
    from pipeline.report.build import build_report

    warehouse = default_resources()["warehouse"]
    if not warehouse.database_path.exists():
        return _no_warehouse(warehouse.database_path)
    summary = build_report(warehouse.database_path, warehouse.report_dir)
    print(f"report ready: {summary.path} ({summary.charts} charts, {summary.article_pages} article pages, {summary.seconds:.1f}s)")
    return 0


def show(args: argparse.Namespace) -> int:
    """Write the evidence page of an article (by article id or source id) and print its path."""
    from pipeline.defs.resources import default_resources
    from pipeline.report.articles import show as show_article

    warehouse = default_resources()["warehouse"]
    if not warehouse.database_path.exists():
        return _no_warehouse(warehouse.database_path)
    pages = show_article(warehouse.database_path, warehouse.report_dir, args.article)
    if not pages:
        print(f"no article with id or source id {args.article!r} in {warehouse.database_path}", file=sys.stderr)
        return 1
    for page in pages:
        print(page)
    return 0


def train(args: argparse.Namespace) -> int:
    """Fit the learned extraction decisions from a split of the annotated ground truth."""
    from pipeline.core.learned_models import MODELS_DIR
    from pipeline.quality.ground_truth import load_ground_truth
    from pipeline.training.train import UnknownModel, train_all

    os.environ.setdefault("NEWSFACTS_LOG_LEVEL", "WARNING")
    truth = load_ground_truth(args.ground_truth)
    try:
        written = train_all(Path(args.work), split=args.split, models_dir=Path(args.models_dir or MODELS_DIR), truth=truth,
                            limit=args.limit, only=set(args.only or ()) or None)
    except UnknownModel as error:   # a typo in --only: say so in one line, before anything is built
        print(f"newsfacts train: {error}", file=sys.stderr)
        return 2
    print("\n".join(f"{name}: {path}" for name, path in written.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsfacts", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="materialize every shard and the star schema (inbox: NEWSFACTS_INBOX, warehouse: NEWSFACTS_WAREHOUSE)")
    b.add_argument("--report", action="store_true", help="also write the report (as `newsfacts report` does)")
    b.set_defaults(run=build)
    q = commands.add_parser("query", help="run SQL, a .sql file or an example name against the warehouse, read-only")
    q.add_argument("sql")
    q.add_argument("--max-rows", type=int, default=40)
    q.add_argument("--max-width", type=int, default=160)
    q.set_defaults(run=query)
    commands.add_parser("duckdb-init", help="print SQL that attaches the warehouse's DuckLake read-only "
                                            "(duckdb -init FILE, locally or on object storage)").set_defaults(run=duckdb_init)
    s = commands.add_parser("score", help="precision / recall / F1 against an expected-facts YAML (GUIDELINE format) "
                                          "or a split of the annotated ground truth (--split test)")
    s.add_argument("expected", nargs="?")
    s.add_argument("--split", choices=["train", "test", "double_annotated", "uniform"])
    s.add_argument("--ground-truth", help="folder of splits.json and the expected facts (default benchmarks/expected)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=score)
    commands.add_parser("report", help="write <warehouse>/report/index.html: charts, their SQL, links to the articles").set_defaults(run=report)
    a = commands.add_parser("show", help="write an article's page, its facts highlighted in its text, and print its path")
    a.add_argument("article", metavar="ARTICLE_ID", help="an article_id, or a source_id (file name, JSON id)")
    a.set_defaults(run=show)
    t = commands.add_parser("train", help="fit the learned extraction decisions from the annotated train split")
    t.add_argument("--split", default="train", choices=["train"])
    t.add_argument("--work", default="warehouse/training", help="where the split's stories are built (kept: reruns reuse it)")
    t.add_argument("--models-dir", help="write the models here instead of the package's pipeline/models/")
    t.add_argument("--ground-truth", help="folder of splits.json and the expected facts (default benchmarks/expected)")
    t.add_argument("--limit", type=int, help="only the first N stories of the split (a quick check)")
    t.add_argument("--only", action="append", metavar="MODEL",
                   help="refit only this model, by its file name in pipeline/models/ (repeatable): the others stay; "
                        "leader_countries refits only the leaders model's country ranker")
    t.set_defaults(run=train)
    args = parser.parse_args(argv)
    if args.command == "score" and not (args.expected or args.split):
        parser.error("score needs an expected-facts file or --split")
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
