"""Whether a story's untitled mention of a leader other stories title counts as that leader in the story.

The guideline counts a person as a leader only where the story itself gives or refers to their office (L2):
"Labour leader Jeremy Corbyn", "his predecessor, Barack Obama", "nominee Tom Price" or a photo caption's "Prime
Minister Theresa May" name someone other stories title, but no leader of this story. Which links count is a
decision learned from the annotated stories (`newsfacts train`), read from the words around each mention, whether
the story names the person's office or country, and how the story's date stands to the dates of the stories that
title the person.
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.core.extraction_version import MODELS_DIR
from pipeline.core.leaders import CAPTION
from pipeline.core.reference_data import csv_rows

WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
WORDS_BEFORE, WORDS_AFTER = 5, 3
BEFORE_CHARS, AFTER_CHARS = 60, 40
# "Trump's administration", "the Putin government": the story refers to the person's office (L2)
OFFICE_REFERENCES = r"(?:'s|’s)? (?:administration|government|regime|cabinet|white house)"
LINK_KEYS = ["article_id", "entity_id"]


@dataclass(frozen=True)
class LinkDecisions:
    """A fitted logistic regression as plain numbers: the star schema is built in the run's own process, which
    loads neither NumPy nor SciPy (nor joblib), so the model is a JSON file read and applied in pure Python."""
    weights: dict[str, float]
    intercept: float
    threshold: float
    training_digest: str = ""

    def probability(self, features: dict[str, float]) -> float:
        score = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-score))


MODEL_FILE = "leader_links.json"


def link_model_version(folder: Path = MODELS_DIR) -> str:
    """A hash of the fitted decision's file: the star schema is rebuilt when it changes (no article is extracted
    again)."""
    path = folder / MODEL_FILE
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "none"


@functools.cache
def load_link_decisions(folder: Path = MODELS_DIR) -> LinkDecisions | None:
    """The fitted decision (`newsfacts train`), or None where none has been fitted."""
    path = folder / MODEL_FILE
    fitted = json.loads(path.read_text()) if path.exists() else None
    return LinkDecisions(**fitted) if fitted else None


def _people(identified: pl.DataFrame, published: pl.DataFrame | None) -> dict[str, dict]:
    """Per leader: surname, country, the head word of their most stated role, how many articles title them and the
    first and last dates of those articles."""
    titled = identified.filter(pl.col("titled"))
    if published is not None:
        titled = titled.join(published.select("article_id", "published_date"), on="article_id", how="left")
    else:
        titled = titled.with_columns(pl.lit(None, pl.Date).alias("published_date"))
    roles = (titled.with_columns(pl.col("role").str.to_lowercase().str.extract(r"(\w+)\s*$").alias("role_head"))
             .filter(pl.col("role_head").is_not_null())
             .group_by("leader_id", "role_head").len()
             .sort("len", "role_head", descending=[True, False])
             .group_by("leader_id", maintain_order=True).agg(pl.first("role_head")))
    people = (identified.group_by("leader_id").agg(pl.first("surname_key"), pl.first("country_id"))
              .join(titled.group_by("leader_id").agg(pl.col("article_id").n_unique().alias("titled_articles"),
                                                     pl.col("published_date").min().alias("first_titled"),
                                                     pl.col("published_date").max().alias("last_titled")),
                    on="leader_id", how="left")
              .join(roles, on="leader_id", how="left"))
    return {row["leader_id"]: row for row in people.iter_rows(named=True)}


@functools.cache
def _title_words() -> frozenset[str]:
    """The last word of every political title ("minister", "president", "senator")."""
    return frozenset(row["head"].split()[-1].lower() for row in csv_rows("political_titles.csv"))


def _mention_words(text: str, start: int, end: int) -> dict[str, float]:
    features: dict[str, float] = {}
    line_start = text.rfind("\n", 0, start) + 1
    line = text[line_start: start]
    before = WORD.findall(line[-BEFORE_CHARS:])[-WORDS_BEFORE:]
    for distance, word in enumerate(reversed(before)):
        features[f"before:{word.lower()}"] = 1.0
        if distance < 2:
            features[f"before{distance}:{word.lower()}"] = 1.0
    if before:
        features["title_before"] = float(before[-1].lower() in _title_words())
    if len(before) >= 2:
        features[f"before_pair:{before[-2].lower()} {before[-1].lower()}"] = 1.0
    for word in WORD.findall(text[end: end + AFTER_CHARS].split("\n")[0])[:WORDS_AFTER]:
        features[f"after:{word.lower()}"] = 1.0
    line_end = text.find("\n", end)
    if "caption" in line.lower() or CAPTION.search(text[line_start: len(text) if line_end < 0 else line_end]):
        features["caption"] = 1.0
    return features


def link_features(links: pl.DataFrame, identified: pl.DataFrame, articles: pl.DataFrame,
                  country_mentions: pl.DataFrame, published: pl.DataFrame | None) -> tuple[list[tuple[str, str]], list[dict]]:
    """((article_id, leader_id), features) per untitled link of a story to a leader the story neither titles nor
    refers to (`links_to_decide`). `links`: article_id, start_char, end_char, entity_id (the leader); `articles`:
    article_id, text; `country_mentions`: article_id, entity_id of the story's mentions."""
    links = links_to_decide(links, identified)
    people = _people(identified.join(links.select(pl.col("entity_id").alias("leader_id")).unique(), on="leader_id", how="semi"),
                     published)
    linked = links.select("article_id").unique()
    texts = {article_id: text or "" for article_id, text in
             articles.join(linked, on="article_id", how="semi").select("article_id", "text").iter_rows()}
    lowered_texts = {article_id: text.lower() for article_id, text in texts.items()}
    dates = (dict(published.join(linked, on="article_id", how="semi").select("article_id", "published_date").iter_rows())
             if published is not None else {})
    mentioned = set(country_mentions.join(linked, on="article_id", how="semi").select("article_id", "entity_id").unique().iter_rows())
    mentions_by_link: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    for article_id, leader_id, start, end, text in links.sort("article_id", "entity_id", "start_char").select(
            "article_id", "entity_id", "start_char", "end_char", "text").iter_rows():
        mentions_by_link.setdefault((article_id, leader_id), []).append((start, end, text))
    keys, rows = [], []
    for (article_id, leader_id), mentions in mentions_by_link.items():
        person, text = people.get(leader_id), texts.get(article_id, "")
        if person is None:
            continue
        features: dict[str, float] = {}
        for start, end, _ in mentions:
            for name, value in _mention_words(text, start, end).items():
                features[name] = max(features.get(name, 0.0), value)
        lowered, role_head = lowered_texts.get(article_id, ""), person["role_head"]
        features["role_in_story"] = float(bool(role_head) and re.search(rf"\b{re.escape(role_head)}\b", lowered) is not None)
        features["office_referred"] = float(re.search(re.escape(person["surname_key"] or "") + OFFICE_REFERENCES, lowered) is not None)
        features["mentions"] = float(len(mentions).bit_length())
        features["named_in_full"] = float(any(" " in written for _, _, written in mentions))
        features["country_in_story"] = float((article_id, person["country_id"]) in mentioned)
        features["titled_articles"] = float((person["titled_articles"] or 0).bit_length())
        date, first, last = dates.get(article_id), person["first_titled"], person["last_titled"]
        if date is None or first is None:
            features["undated"] = 1.0
        else:
            features["years_after_titled"] = max(0, (date - last).days) / 365
            features["years_before_titled"] = max(0, (first - date).days) / 365
        features[f"role:{role_head}"] = 1.0
        keys.append((article_id, leader_id))
        rows.append(features)
    return keys, rows


def links_to_decide(links: pl.DataFrame, identified: pl.DataFrame) -> pl.DataFrame:
    """The untitled links of stories that do not themselves title the leader or refer to their office: where the
    story does, the leader is in it anyway."""
    named_by_office = identified.select("article_id", pl.col("leader_id").alias("entity_id")).unique()
    return links.join(named_by_office, on=LINK_KEYS, how="anti")


def counted_links(links: pl.DataFrame, identified: pl.DataFrame, articles: pl.DataFrame, country_mentions: pl.DataFrame,
                  published: pl.DataFrame | None, decisions: LinkDecisions | None = None) -> pl.DataFrame:
    """The untitled links that count: all of them where no model has been trained."""
    decisions = decisions or load_link_decisions()
    if decisions is None or links.is_empty():
        return links
    keys, rows = link_features(links, identified, articles, country_mentions, published)
    dropped = pl.DataFrame([key for key, row in zip(keys, rows) if decisions.probability(row) < decisions.threshold],
                           schema={"article_id": pl.String, "entity_id": pl.String}, orient="row")
    return links.join(dropped, on=LINK_KEYS, how="anti")
