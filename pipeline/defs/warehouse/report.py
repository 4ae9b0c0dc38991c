"""The report of the warehouse, re-made after every publish of the DuckDB file."""

import dagster as dg

from pipeline.defs.resources import WarehouseResource

REPORT_CODE_VERSION = "1"


@dg.asset(
    deps=["newsfacts_duckdb"], group_name="warehouse", kinds={"html", "duckdb"}, code_version=REPORT_CODE_VERSION,
    automation_condition=dg.AutomationCondition.eager(),
    description="warehouse/report/index.html: charts of the warehouse as inline SVG, each with its SQL, rows linked to "
                "the evidence pages of the articles that state them (report/articles/).",
)
def newsfacts_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    if warehouse.is_remote:    # the report's pages are local files, read from the local DuckDB database
        context.log.info(f"no report: the warehouse is on object storage ({warehouse.root})")
        return dg.MaterializeResult(metadata={"skipped": "the report is made for a local warehouse"})
    from pipeline.report.build import build_report   # here: its charting libraries load only when a report is made

    summary = build_report(warehouse.database_path, warehouse.report_dir)
    context.log.info(f"report: {summary.charts} charts, {summary.article_pages} article pages in {summary.seconds:.1f}s")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(summary.path)),
        "summary": dg.MetadataValue.md(summary.markdown()),
        "charts": summary.charts,
        "article_pages": summary.article_pages,
        "seconds": round(summary.seconds, 2),
    })
