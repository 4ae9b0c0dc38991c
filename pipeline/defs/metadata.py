"""The metadata every table asset reports: row count, column schema and a preview."""
from __future__ import annotations

import dagster as dg
import polars as pl

from pipeline.tables import TABLES

PREVIEW_ROWS = 10
PREVIEW_CELL_CHARS = 80


def column_schema(table: str) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, str(dtype), description=doc) for name, dtype, doc in TABLES[table]])


def preview_markdown(frame: pl.DataFrame) -> str:
    head = frame.head(PREVIEW_ROWS)
    if head.is_empty():
        return "_no rows_"
    cells = head.select([
        pl.col(c).cast(pl.String, strict=False).str.slice(0, PREVIEW_CELL_CHARS).str.replace_all(r"[\n|]", " ").fill_null("")
        if head.schema[c] != pl.List(pl.String) else pl.col(c).list.join(", ").fill_null("")
        for c in head.columns
    ])
    lines = ["| " + " | ".join(cells.columns) + " |", "|" + "---|" * len(cells.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells.iter_rows()]
    return "\n".join(lines)


def table_metadata(table: str, frame: pl.DataFrame, **extra) -> dict:
    metadata = {
        "dagster/row_count": len(frame),
        "preview": dg.MetadataValue.md(preview_markdown(frame)),
    }
    # the star schema's tables are described in the README; their columns are those of the frame
    metadata["dagster/column_schema"] = column_schema(table) if table in TABLES else dg.TableSchema(
        columns=[dg.TableColumn(name, str(dtype)) for name, dtype in frame.schema.items()])
    metadata.update(extra)
    return metadata
