"""The table of city names -> country is built once, kept in the cache folder, and read back the same.
(The table's contents are tested through datelines in test_countries.py: 'Salvador' is Brazil's.)"""
from __future__ import annotations

import pytest

from pipeline.core import city_countries

TABLE = {"salvador": "BRA", "sao paulo": "BRA", "springfield": "USA"}


@pytest.fixture
def builds(tmp_path, monkeypatch) -> list[int]:
    """A small table instead of GeoNames', a fresh cache folder; counts the builds."""
    built: list[int] = []
    monkeypatch.setenv("NEWSFACTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(city_countries, "build_table", lambda: built.append(1) or dict(TABLE))
    city_countries.largest_city_country.cache_clear()
    yield built
    city_countries.largest_city_country.cache_clear()


def test_the_table_is_built_once_then_read_from_the_cache_file(builds):
    assert city_countries.largest_city_country().get("salvador") == "BRA"
    assert city_countries.cache_file().exists()
    city_countries.largest_city_country.cache_clear()     # a new process
    cached = city_countries.largest_city_country()
    assert {name: cached.get(name) for name in TABLE} == TABLE and cached.get("atlantis") is None
    assert len(builds) == 1


def test_a_cache_folder_that_cannot_be_written_keeps_the_table_in_memory(builds, tmp_path):
    (tmp_path / "cache").write_text("a file where the folder would be")
    assert city_countries.largest_city_country().get("springfield") == "USA"
    assert not city_countries.cache_file().exists()


def test_a_damaged_cache_file_is_built_again(builds):
    city_countries.cache_file().parent.mkdir(parents=True)
    city_countries.cache_file().write_bytes(b"not a database")
    assert city_countries.largest_city_country().get("sao paulo") == "BRA"
    assert len(builds) == 1
