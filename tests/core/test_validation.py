"""What the asset checks look for, on small frames: each function returns the offending rows."""
import datetime as dt

import polars as pl

from pipeline.core.countries import country_dimension
from pipeline.core.validation import (
    articles_without_text,
    dangling_keys,
    duplicate_keys,
    figures_without_currency,
    implausible_period_years,
    input_accounting,
    invalid_figure_values,
    iso_4217_codes,
    unknown_currencies,
    unknown_ids,
    unknown_place_ids,
)
from pipeline.tables import conform

KNOWN = country_dimension()["country_id"].to_list()


def figures(*rows: dict) -> pl.DataFrame:
    base = {"article_id": "a1", "start_char": 0, "metric": "trade", "value": 31e9, "currency": "USD",
            "country_id": "KAZ", "counterpart_id": "CHN", "period_anchor": "absolute", "period_year_stated": 2022,
            "period_month_stated": None, "period_offset": None, "amount_text": "$31 billion", "evidence": "..."}
    return conform(pl.DataFrame([{**base, **row} for row in rows]), "figure_candidates")


def test_duplicate_keys_are_the_keys_held_by_more_than_one_row():
    frame = figures({"start_char": 10}, {"start_char": 10}, {"start_char": 10, "metric": "exports"}, {"start_char": 20})
    duplicates = duplicate_keys(frame, ["article_id", "start_char", "metric"])
    assert duplicates.rows() == [("a1", 10, "trade", 2)]


def test_unknown_ids_lists_each_unknown_id_of_each_column_with_its_count_and_ignores_nulls():
    frame = figures({"country_id": "XXX"}, {"country_id": "XXX"}, {"counterpart_id": "GRP_CENTRAL_ASIA"},
                    {"counterpart_id": None}, {"country_id": "SUN", "counterpart_id": "YYY"})
    assert unknown_ids(frame, ["country_id", "counterpart_id"], KNOWN).rows() == [
        ("counterpart_id", "YYY", 1), ("country_id", "XXX", 2)]


def test_only_place_mentions_need_a_country_id():
    mentions = pl.DataFrame({"label": ["COUNTRY", "GROUP", "HISTORICAL", "PERSON", "ORG", "COUNTRY"],
                             "entity_id": ["KAZ", "GRP_G7", "DDR", "L123", None, "Atlantis"]})
    assert unknown_place_ids(mentions, KNOWN).rows() == [("entity_id", "Atlantis", 1)]


def test_dangling_keys_checks_each_column_against_its_own_dimension():
    roles = pl.DataFrame({"leader_id": ["L1", "L2"], "country_id": ["CHN", "XXX"]})
    assert dangling_keys(roles, {"leader_id": ["L1"], "country_id": KNOWN}).rows() == [
        ("country_id", "XXX", 1), ("leader_id", "L2", 1)]


def test_a_figure_value_must_be_a_finite_nonzero_amount():
    frame = figures({"value": 0.0}, {"value": float("nan")}, {"value": float("inf")}, {"value": None},
                    {"value": -1.5e9}, {"value": 2e9})
    assert invalid_figure_values(frame)["value"].to_list()[:1] == [0.0]
    assert len(invalid_figure_values(frame)) == 4


def test_currencies_are_iso_4217_including_the_withdrawn_ones_old_news_quotes():
    codes = iso_4217_codes()
    assert {"USD", "EUR", "CNY", "XDR"} <= codes                              # in use (pycountry)
    assert {"DEM", "FRF", "BEF", "ITL", "NLG", "ESP", "ATS", "PTE", "FIM", "IEP", "GRD", "SUR"} <= codes  # withdrawn
    frame = figures({"currency": "DEM"}, {"currency": "dlrs"}, {"currency": "dlrs"}, {"currency": None})
    assert unknown_currencies(frame).rows() == [("dlrs", 2)]
    assert len(figures_without_currency(frame)) == 1


def test_period_years_must_be_plausible_for_the_article_date():
    articles = pl.DataFrame({"article_id": ["a1", "a2"], "effective_date": [dt.date(1987, 3, 1), None]})
    frame = figures(
        {"start_char": 1, "period_year_stated": 1986},                          # fine
        {"start_char": 2, "period_year_stated": 2030},                          # a target: fine
        {"start_char": 3, "period_year_stated": 1850},                          # before 1900
        {"start_char": 4, "period_year_stated": 2050},                          # 63 years after 1987
        {"start_char": 5, "period_anchor": "relative_year", "period_offset": -1, "period_year_stated": None},  # 1986
        {"start_char": 6, "article_id": "a2", "period_year_stated": 2060},      # undated: within today + 50
        {"start_char": 7, "period_anchor": None, "period_year_stated": None},   # no period stated: fine
    )
    implausible = implausible_period_years(frame, articles, today=dt.date(2026, 1, 1))
    assert implausible["start_char"].to_list() == [3, 4]


def test_period_years_use_the_articles_own_date_before_stories_are_known():
    articles = pl.DataFrame({"article_id": ["a1"], "published_date": [dt.date(1987, 3, 1)]})
    implausible = implausible_period_years(figures({"period_year_stated": 2040}), articles, today=dt.date(2026, 1, 1))
    assert implausible["period_year"].to_list() == [2040]


def test_an_article_needs_text():
    articles = pl.DataFrame({"article_id": ["a", "b", "c"], "text": ["Trade rose.", "  \n ", None]})
    assert articles_without_text(articles)["article_id"].to_list() == ["b", "c"]


def test_every_inbox_file_is_accounted_for_once_per_input():
    articles = pl.DataFrame({"source_path": ["/in/a.txt", "/in/b.jsonl", "/in/b.jsonl"], "line_number": [None, 1, 2]})
    rejects = pl.DataFrame({"source_path": ["/in/c.bin", "/in/b.jsonl"], "line_number": [None, 3]})
    listed = ["/in/a.txt", "/in/b.jsonl", "/in/c.bin"]
    balanced = input_accounting(listed, articles, rejects)
    assert balanced.balanced and (balanced.files_listed, balanced.files_accounted) == (3, 3)

    lost = input_accounting([*listed, "/in/d.txt"], articles, rejects)
    assert not lost.balanced and lost.unaccounted == ["/in/d.txt"]

    twice = input_accounting(listed, articles, pl.concat([rejects, articles.head(1)]))
    assert not twice.balanced and twice.counted_twice.rows() == [("/in/a.txt", None, 2)]


def test_every_currency_the_amount_reader_can_give_is_iso_4217():
    from pipeline.core.amounts import CURRENCY_WORDS, FAMILY_CODES, FAMILY_DEFAULTS, LOCAL_DOLLAR_HOMES, PREFIX_CURRENCIES
    from pipeline.core.validation import iso_4217_codes

    codes = ({code for code in CURRENCY_WORDS.values() if code.isupper()} | {code for family in FAMILY_CODES.values() for code in family.values()}
             | {code for code in PREFIX_CURRENCIES.values() if code.isupper()} | set(FAMILY_DEFAULTS.values()) | set(LOCAL_DOLLAR_HOMES.values()))
    assert codes - iso_4217_codes() == set()
