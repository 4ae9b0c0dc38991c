"""Facts stage checks: what must hold before the facts become the star schema.

Blocking (ERROR): unique keys, every country id a known country / historical state / group,
every article id a clean article, figure values real amounts in ISO 4217 currencies with plausible
periods. A failure stops `star_schema_tables` and `newsfacts_duckdb`: the warehouse keeps its
previous build. Non-blocking (WARN): figures with no currency.
"""

import functools

import dagster as dg

from pipeline.core.countries import country_dimension
from pipeline.core.validation import (
    duplicate_keys,
    figures_without_currency,
    implausible_period_years,
    invalid_figure_values,
    unknown_currencies,
    unknown_ids,
    unknown_place_ids,
)
from pipeline.defs.resources import WarehouseResource
from pipeline.defs.row_checks import RowCheck, TableReader, per_shard, run_row_checks

FIGURES = "figure_candidates"


@functools.cache
def known_countries() -> tuple[str, ...]:
    return tuple(country_dimension()["country_id"])


def article_ids(tables: TableReader) -> list[str]:
    return tables("clean_articles")["article_id"].to_list()


def known_article_ids_check(table: str) -> RowCheck:
    return RowCheck(table, "known_article_ids", "every article_id is a clean article",
                    lambda tables: unknown_ids(tables(table), ["article_id"], article_ids(tables)), reads=["clean_articles"])


FACT_CHECKS = [
    RowCheck(FIGURES, "unique_figure_keys", "one figure per (article_id, start_char, metric)",
             lambda tables: duplicate_keys(tables(FIGURES), per_shard(tables(FIGURES), ["article_id", "start_char", "metric"]))),
    RowCheck(FIGURES, "known_country_ids", "every country_id and counterpart_id is in dim_country",
             lambda tables: unknown_ids(tables(FIGURES), ["country_id", "counterpart_id"], known_countries())),
    RowCheck(FIGURES, "finite_nonzero_values", "every value is a finite, non-zero amount",
             lambda tables: invalid_figure_values(tables(FIGURES)).select("article_id", "start_char", "amount_text", "value")),
    RowCheck(FIGURES, "iso_4217_currencies", "every stated currency is an ISO 4217 code (current or withdrawn)",
             lambda tables: unknown_currencies(tables(FIGURES))),
    RowCheck(FIGURES, "plausible_period_years", "periods resolve to 1900 .. article year + 50",
             lambda tables: implausible_period_years(tables(FIGURES), tables("clean_articles")), reads=["clean_articles"]),
    RowCheck(FIGURES, "figures_have_currency", "every figure says whose money it is",
             lambda tables: figures_without_currency(tables(FIGURES)).select("article_id", "start_char", "amount_text", "evidence"),
             severity=dg.AssetCheckSeverity.WARN),
    known_article_ids_check(FIGURES),
    RowCheck("entity_mentions", "known_country_ids", "every country, historical state and group mention is in dim_country",
             lambda tables: unknown_place_ids(tables("entity_mentions"), known_countries())),
    known_article_ids_check("entity_mentions"),
    RowCheck("leader_mentions", "known_country_ids", "every leader's country_id is in dim_country",
             lambda tables: unknown_ids(tables("leader_mentions"), ["country_id"], known_countries())),
    known_article_ids_check("leader_mentions"),
    RowCheck("agreement_candidates", "unique_agreement_ids", "no two agreements share an agreement_id",
             lambda tables: duplicate_keys(tables("agreement_candidates"), per_shard(tables("agreement_candidates"), ["agreement_id"]))),
    known_article_ids_check("agreement_candidates"),
    RowCheck("agreement_party_candidates", "known_country_ids", "every country party's country_id is in dim_country",
             lambda tables: unknown_ids(tables("agreement_party_candidates"), ["country_id"], known_countries())),
    RowCheck("agreement_party_candidates", "known_agreement_ids", "every party belongs to an agreement",
             lambda tables: unknown_ids(tables("agreement_party_candidates"), ["agreement_id"],
                                        tables("agreement_candidates")["agreement_id"].to_list()),
             reads=["agreement_candidates"]),
]


@dg.multi_asset_check(specs=[check.spec for check in FACT_CHECKS], can_subset=True,
                      description="Keys, country ids, amounts, currencies and periods of the extracted facts.")
def fact_table_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    yield from run_row_checks(context, FACT_CHECKS, warehouse)
