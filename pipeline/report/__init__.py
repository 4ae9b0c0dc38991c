"""The report of the warehouse: charts of its tables as inline SVG and, per article, its text with every
mention and fact highlighted. Plain functions over a read-only DuckDB connection; no Dagster."""
