"""What the project knows of currencies, read from its data files — adding a currency or a way of writing
one is a row there, not an edit here:

* `currency_forms.csv`: how a currency is written next to a number — a word after it ("dlrs", "Swiss
  francs") or a symbol or code before it ("US$", "€"); `currency` is an ISO 4217 code or a family
  ("dollar", "franc") resolved by country; `needs_scale` marks words that are also plain English
  ("the 1.80 mark", "won"), money only with a scale word or a country adjective.
* `currency_families.csv`: whose dollars, francs, pesos…: family, country, ISO code; `family_default`
  is the code taken when nothing says whose; `bare_dollar_home` marks the countries whose wire stories
  write a bare "dlrs" for their own dollar (GUIDELINE.md).
* `currency_country_words.csv`: country words that say whose currency it is: `before_currency` right
  before a currency word ("N.Z. dlrs"), `in_sentence` anywhere in the sentence ("Paris" for francs).
* `historic_currencies.csv`: ISO 4217 codes of withdrawn currencies, with the year of withdrawal.
"""
from __future__ import annotations

from pipeline.core.reference_data import csv_rows


def _flag(row: dict[str, str], column: str) -> bool:
    return row[column] == "1"


_FORMS = csv_rows("currency_forms.csv")
_FAMILIES = csv_rows("currency_families.csv")
_COUNTRY_WORDS = csv_rows("currency_country_words.csv")

# Currency words after a number. Values are an ISO code, or a family resolved by country.
CURRENCY_WORDS = {row["surface"]: row["currency"] for row in _FORMS if row["position"] == "after"}
NEEDS_SCALE = {row["surface"] for row in _FORMS if _flag(row, "needs_scale")}
# Symbols and codes written before the number. "$" alone is a bare dollar.
PREFIX_CURRENCIES = {row["surface"]: row["currency"] for row in _FORMS if row["position"] == "before"}

FAMILY_CODES: dict[str, dict[str, str]] = {}
for _row in _FAMILIES:
    FAMILY_CODES.setdefault(_row["family"], {})[_row["country_id"]] = _row["currency"]
# When neither the words around nor home_country say whose (a family without one: "cannot tell").
FAMILY_DEFAULTS = {row["family"]: row["currency"] for row in _FAMILIES if _flag(row, "family_default")}
DOLLAR_CODES = set(FAMILY_CODES["dollar"].values())
LOCAL_DOLLAR_HOMES = {row["country_id"]: row["currency"] for row in _FAMILIES if _flag(row, "bare_dollar_home")}

# Surface form -> ISO 3166 alpha-3.
COUNTRY_ADJECTIVES = {row["surface"]: row["country_id"] for row in _COUNTRY_WORDS if _flag(row, "before_currency")}
CONTEXT_COUNTRIES = {row["surface"]: row["country_id"] for row in _COUNTRY_WORDS if _flag(row, "in_sentence")}


def _gazetteer_currency_countries() -> dict[str, str]:
    """Every name and demonym of a country whose currency is in a family: "jamaica dlrs", "Canada dollars"."""
    family_countries = {country for codes in FAMILY_CODES.values() for country in codes}
    return {row["alias"]: row["country_id"] for row in csv_rows("country_aliases.csv")
            if row["alias_kind"] in ("name", "demonym") and row["country_id"] in family_countries}


COUNTRY_ADJECTIVES = _gazetteer_currency_countries() | COUNTRY_ADJECTIVES
