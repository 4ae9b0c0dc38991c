"""What the asset checks look for, as plain functions over Polars frames (no Dagster).

Each function returns the offending rows (or ids): an empty frame means the data passes.
The Dagster checks in pipeline/defs/*/checks.py only read the tables, call these and report.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl
import pycountry

from pipeline.core.reference_data import csv_rows
from pipeline.core.star_schema import resolve_periods

PLACE_LABELS = ("COUNTRY", "HISTORICAL", "GROUP")   # mention labels whose entity_id is a country_id
EARLIEST_PERIOD_YEAR = 1900
PERIOD_YEARS_AHEAD = 50   # targets and forecasts ("by 2030") look ahead of the article's date, not further


def duplicate_keys(frame: pl.DataFrame, keys: Sequence[str]) -> pl.DataFrame:
    """Key values held by more than one row, with how many rows hold each."""
    return frame.group_by(keys).len("rows").filter(pl.col("rows") > 1).sort(keys)


def unknown_ids(frame: pl.DataFrame, columns: Sequence[str], known: Iterable[str]) -> pl.DataFrame:
    """(column, id, rows) for every non-null id in `columns` that is not among `known`."""
    known_ids = pl.Series("known", sorted(set(known)), dtype=pl.String)
    parts = [
        frame.select(pl.lit(column).alias("column"), pl.col(column).cast(pl.String).alias("id"))
        .filter(pl.col("id").is_not_null() & ~pl.col("id").is_in(known_ids.implode()))
        for column in columns
    ]
    found = pl.concat(parts) if parts else pl.DataFrame(schema={"column": pl.String, "id": pl.String})
    return found.group_by("column", "id").len("rows").sort("column", "id")


def unknown_place_ids(mentions: pl.DataFrame, known: Iterable[str]) -> pl.DataFrame:
    """Country, historical-state and group mentions whose entity_id is not a known country_id."""
    return unknown_ids(mentions.filter(pl.col("label").is_in(PLACE_LABELS)), ["entity_id"], known)


def invalid_figure_values(figures: pl.DataFrame) -> pl.DataFrame:
    """Figures whose value is missing, NaN, infinite or zero: none of them is an amount."""
    value = pl.col("value")
    return figures.filter(value.is_null() | value.is_nan() | value.is_infinite() | (value == 0))


@functools.cache
def iso_4217_codes() -> frozenset[str]:
    """Every ISO 4217 currency code: those in use (pycountry) and the withdrawn ones old news quotes."""
    current = {currency.alpha_3 for currency in pycountry.currencies}
    return frozenset(current | {row["code"] for row in csv_rows("historic_currencies.csv")})


def unknown_currencies(figures: pl.DataFrame, codes: Iterable[str] | None = None) -> pl.DataFrame:
    """(currency, rows) for stated currencies that are not ISO 4217 codes (a missing one is not stated)."""
    known = sorted(iso_4217_codes() if codes is None else set(codes))
    return (figures.filter(pl.col("currency").is_not_null() & ~pl.col("currency").is_in(pl.Series(known).implode()))
            .group_by("currency").len("rows").sort("currency"))


def figures_without_currency(figures: pl.DataFrame) -> pl.DataFrame:
    """Figures with no currency: the extractor saw an amount but not whose money it is."""
    return figures.filter(pl.col("currency").is_null())


def implausible_period_years(figures: pl.DataFrame, articles: pl.DataFrame, today: dt.date | None = None) -> pl.DataFrame:
    """Figures whose period, resolved as the star schema resolves it, falls before 1900 or more than
    50 years after the article's date (today's, for an article with no date). The date is the
    article's `effective_date` when known, else its own `published_date` (before publishing, an
    undated article's story date is not known yet: its relative periods stay unresolved here).
    A figure without a period is not implausible: the text gave none."""
    this_year = (today or dt.date.today()).year
    date_columns = [c for c in ("effective_date", "published_date") if c in articles.columns]
    dates = articles.select("article_id", pl.coalesce(date_columns).alias("effective_date")).unique("article_id")
    resolved = resolve_periods(figures, dates).join(dates, on="article_id", how="left")
    latest = pl.coalesce(pl.col("effective_date").dt.year().cast(pl.Int64), pl.lit(this_year)) + PERIOD_YEARS_AHEAD
    return (resolved.filter((pl.col("period_year") < EARLIEST_PERIOD_YEAR) | (pl.col("period_year") > latest))
            .select("article_id", "start_char", "amount_text", "period_year", "effective_date", "evidence"))


def articles_without_text(articles: pl.DataFrame) -> pl.DataFrame:
    """Articles whose clean text is missing or only whitespace."""
    return articles.filter(pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""))


@dataclass(frozen=True)
class InputAccounting:
    """Nothing lost between the inbox and the raw tables: every inbox file is an article or a reject
    (or, for JSON Lines, several), and every input (a file, or a JSONL line) is exactly one row."""

    files_listed: int
    files_accounted: int
    articles: int
    rejects: int
    unaccounted: list[str]        # inbox files that are neither among the articles nor the rejects
    counted_twice: pl.DataFrame   # (source_path, line_number) that became more than one row

    @property
    def balanced(self) -> bool:
        return not self.unaccounted and self.counted_twice.is_empty()


def input_accounting(listed_files: Iterable[str], articles: pl.DataFrame, rejects: pl.DataFrame) -> InputAccounting:
    """Account for `listed_files` (absolute paths, as `source_path` records them) in the raw tables."""
    listed = set(listed_files)
    inputs = pl.concat([articles.select("source_path", "line_number"), rejects.select("source_path", "line_number")])
    recorded = set(inputs["source_path"].drop_nulls())
    return InputAccounting(
        files_listed=len(listed),
        files_accounted=len(listed & recorded),
        articles=len(articles),
        rejects=len(rejects),
        unaccounted=sorted(listed - recorded),
        counted_twice=duplicate_keys(inputs, ["source_path", "line_number"]),
    )


def dangling_keys(frame: pl.DataFrame, references: dict[str, Iterable[str]]) -> pl.DataFrame:
    """(column, id, rows) for every non-null key in `frame` missing from the ids its column refers to."""
    return pl.concat([unknown_ids(frame, [column], known) for column, known in references.items()]).sort("column", "id")


def failed_articles(errors: pl.DataFrame, articles: pl.DataFrame) -> tuple[int, int]:
    """(failed, total): the articles some stage failed on, among all articles read — those published in
    `articles` and those that never got there (cleaning failed on them)."""
    failed = set(errors["article_id"].drop_nulls())
    return len(failed), len(failed | set(articles["article_id"].drop_nulls()))
