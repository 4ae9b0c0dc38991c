"""The country of a dateline: 'XIAN, China' names it; 'SALVADOR' needs a gazetteer of cities.

Cities come from GeoNames (pipeline/core/city_countries.py); a city name shared by several places is
read as the most populous one, which is the one a wire dateline means.
"""
from __future__ import annotations

import functools

import pycountry
import us

from pipeline.core.city_countries import fold, largest_city_country
from pipeline.core.countries import CountryGazetteer
from pipeline.core.reference_data import csv_rows


@functools.cache
def _publisher_countries() -> dict[str, str]:
    return {fold(row["publisher"]): row["country_id"] for row in csv_rows("publisher_countries.csv")}


def publisher_country(publisher: str | None) -> str | None:
    """The country of a publisher known to write for one country's readers (pipeline/data/publisher_countries.csv):
    an undated, dateline-less page of the Sydney Morning Herald is an Australian story."""
    return _publisher_countries().get(fold(publisher)) if publisher else None


@functools.cache
def us_state_names() -> frozenset[str]:
    """Folded names of the U.S. states (and the District of Columbia)."""
    return frozenset(s.name.casefold() for s in (*us.states.STATES, us.states.DC))


@functools.cache
def _us_state_dateline_forms() -> frozenset[str]:
    """How a dateline abbreviates a state after its city: 'Fla.' (AP style), 'NY', 'D.C.'; full names such as
    Georgia are also countries, so the gazetteer reads those first."""
    forms = {"d.c."}
    for state in (*us.states.STATES, us.states.DC):
        forms |= {form.casefold() for form in (state.ap_abbr, state.abbr) if form and form != state.name}
    return frozenset(forms)


def dateline_country(dateline: str | None, gazetteer: CountryGazetteer, *, year: int | None = None) -> str | None:
    if not dateline:
        return None
    parts = [p.strip() for p in dateline.split(",") if p.strip()]
    if len(parts) > 1 and parts[-1].casefold() in _us_state_dateline_forms():
        return "USA"   # 'PALM BEACH, Fla.': before any gazetteer guess at the city
    places = [p for p in gazetteer.find(dateline, year=year) if p.kind != "group"]
    if places:
        return places[-1].country_id
    if len(parts) > 1 and parts[-1].rstrip(".").casefold() in us_state_names():
        return "USA"
    city = parts[0] if parts else ""
    named = gazetteer.normalize(city, year=year)
    if named:
        return named
    found = largest_city_country().get(fold(city))
    return gazetteer.normalize(pycountry.countries.get(alpha_3=found).name, year=year) or found if found else None
