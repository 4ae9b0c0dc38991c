"""Agreement of the warehouse with Reuters-21578's own index tags: extracted countries per story
against `places`, extracted people against `people` (surname match).

Reuters tagged most U.S. company news `usa` without naming the country, so `usa` is left out of the
places recall; a dateline's city counts for its country, as the indexers read it.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import duckdb
import polars as pl

from pipeline.core.countries import CountryGazetteer

# slugs whose title-cased form is not a name the gazetteer knows
SLUG_ALIASES = {"uk": "UK", "usa": "USA", "ussr": "USSR", "uae": "UAE", "west-germany": "West Germany",
                "east-germany": "East Germany", "ivory-coast": "Ivory Coast", "hong-kong": "Hong Kong",
                "south-korea": "South Korea", "north-korea": "North Korea", "trinidad-tobago": "Trinidad and Tobago",
                "yemen-demo-republic": "South Yemen"}


def slug_country(slug: str, gazetteer: CountryGazetteer) -> str | None:
    name = SLUG_ALIASES.get(slug) or " ".join(w.capitalize() for w in slug.split("-"))
    return gazetteer.normalize(name, year=1987) or gazetteer.normalize(name.upper(), year=1987)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def tag_recall(database: Path) -> dict:
    gazetteer = CountryGazetteer.load()
    with duckdb.connect(str(database), read_only=True) as con:
        articles = pl.from_arrow(con.execute(
            "select a.article_id, a.dateline_country_id, r.extra_json from dim_article a "
            "join (select distinct article_id, extra_json from read_parquet(?, hive_partitioning = true)) r using (article_id)",
            [str(database.parent / "raw_articles" / "shard=*" / "part.parquet")]).arrow())
        mentions = pl.from_arrow(con.execute(
            "select distinct m.article_id, m.entity_id from fact_mention m join dim_country c on c.country_id = m.entity_id "
            "where c.kind <> 'group'").arrow())
        people = pl.from_arrow(con.execute(
            "select distinct article_id, lower(text) as text from fact_mention where label = 'PERSON'").arrow())
    countries = mentions.group_by("article_id").agg(pl.col("entity_id")).rows_by_key("article_id", unique=True)
    named = people.group_by("article_id").agg(pl.col("text")).rows_by_key("article_id", unique=True)
    places_hit = places_total = people_hit = people_total = 0
    unmapped: set[str] = set()
    for article_id, dateline_country, extra in articles.iter_rows():
        tags = json.loads(extra or "{}")
        found = set(countries.get(article_id, [[]])[0]) | ({dateline_country} if dateline_country else set())
        for slug in tags.get("places") or []:
            if slug == "usa":
                continue
            country = slug_country(slug, gazetteer)
            if country is None:
                unmapped.add(slug)
            places_total += 1
            places_hit += country in found
        texts = " ".join(named.get(article_id, [[]])[0])
        for person in tags.get("people") or []:
            people_total += 1
            people_hit += _fold(person.split("-")[-1]) in _fold(texts)
    return {
        "places_recall_without_usa": round(places_hit / places_total, 3) if places_total else None,
        "places_tags": places_total,
        "people_recall": round(people_hit / people_total, 3) if people_total else None,
        "people_tags": people_total,
        "unmapped_place_slugs": sorted(unmapped),
    }


if __name__ == "__main__":
    print(json.dumps(tag_recall(Path(sys.argv[1])), indent=2))
