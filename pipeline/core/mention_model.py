"""The learned decision on country mentions: whether the words that name a country in a story mention it as the
guideline counts mentions, or only label something else ("48 U.S. cents", "the Swiss franc" (R13), "American
Express", "British Aerospace" (R14), "the London interbank offered rate").

Each country the story names is decided once, from all its mentions together: for every mention a set of tags (how
it is named, the words around it, the entity the NER model read there, whether a currency word follows, where it
stands), and for the country which tags any of its mentions has and which every one has. A currency label is no
mention when it is the only way the story names the country, and a mention wherever else the story names it too:
the "every mention" tags let the model tell the two apart. The model is fitted from the train split's expected
countries (`pipeline/training/mentions.py`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline.core.article import AnnotatedArticle
from pipeline.core.capital_model import WORD
from pipeline.core.countries import PlaceMatch
from pipeline.core.currencies import CURRENCY_WORDS
from pipeline.core.learned_models import FeatureVocabulary, LinearClassifier, class_probabilities, load_model, vectorized

COUNTRY_KINDS = ("country", "historical")   # the places scored as countries; groups are kept as they are


def mention_tags(article: AnnotatedArticle, place: PlaceMatch) -> set[str]:
    """What one mention's naming, neighbours and place in the story say about whether it mentions its country."""
    text = article.text
    sentence_start, sentence_end = article.sentence_bounds(place.start)
    before = WORD.findall(text[max(sentence_start, place.start - 40):place.start])[-2:]
    after = WORD.findall(text[place.end:min(sentence_end, place.end + 40)])[:2]
    tags = {f"alias:{place.alias_kind}"}
    tags.add(f"prev:{before[-1].lower()}" if before else "opens_sentence")
    tags.add(f"next:{after[0].lower()}" if after else "ends_sentence")
    if len(after) == 2 and after[0] == "-":
        tags.add(f"hyphen:{after[1].lower()}")
    if re.match(r"['’]s\b", text[place.end:place.end + 3]):
        tags.add("possessive")
    line_start = text.rfind("\n", 0, place.start) + 1
    line_end = text.find("\n", place.end)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    if line_start == 0:
        tags.add("title_line")
    if line.isupper():
        tags.add("capitals_line")
    if place.text.isupper():
        tags.add("all_capitals")
    for entity in article.entities_covering(place.start):
        tags.add(f"entity:{entity.label}")
        if entity.label == "ORG" and (entity.start < place.start or entity.end > place.end):
            words = text[entity.start:entity.end].split()
            tags.add("inside_org")
            tags.add(f"org_ends:{words[-1].lower()}")
    if article.dateline_country == place.country_id:
        tags.add("filed_from_it")
    # a currency label or a name inside an organisation's weighs its words apart from a plain mention's
    role = ("currency" if after and (after[0].lower() in CURRENCY_WORDS or after[0].lower() in ("cent", "cents"))
            else "inside_org" if "inside_org" in tags else "plain")
    return tags | {role} | {f"{role}:{tag}" for tag in tags}


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6+"


def country_features(article: AnnotatedArticle, places: list[PlaceMatch]) -> dict[str, float]:
    """One country's features: the tags any of its mentions has, the tags every one has, how often it is named."""
    tag_sets = [mention_tags(article, p) for p in places]
    every = set.intersection(*tag_sets)
    features = {"bias": 1.0, f"mentions:{_bucket(len(places))}": 1.0}
    features.update({f"any:{tag}": 1.0 for tag in set.union(*tag_sets)})
    features.update({f"every:{tag}": 1.0 for tag in every})
    return features


def countries_named(places: list[PlaceMatch]) -> dict[str, list[PlaceMatch]]:
    """Country id -> its mentions, for the places scored as countries."""
    named: dict[str, list[PlaceMatch]] = defaultdict(list)
    for place in places:
        if place.kind in COUNTRY_KINDS:
            named[place.country_id].append(place)
    return named


def story_rows(article: AnnotatedArticle, places: list[PlaceMatch]) -> list[tuple[str, dict[str, float]]]:
    """(country id, its features) for each country the places name only as a currency's label or inside an
    organisation's name: a country named plainly anywhere in the story is mentioned."""
    rows = []
    for country, mentions in countries_named(places).items():
        features = country_features(article, mentions)
        if "every:plain" not in features and "any:plain" not in features:
            rows.append((country, features))
    return rows


@dataclass
class MentionDecisions:
    vectorizer: FeatureVocabulary
    model: LinearClassifier
    threshold: float = 0.5   # a country stays mentioned at this probability or above
    training_digest: str = ""

    def probabilities(self, rows: list[dict[str, float]]) -> list[float]:
        return [float(p) for p in class_probabilities(self.model, vectorized(self.vectorizer, rows))[:, 1]] if rows else []

    def not_mentioned(self, article: AnnotatedArticle, places: list[PlaceMatch]) -> set[str]:
        rows = story_rows(article, places)
        return {country for (country, _), p in zip(rows, self.probabilities([r for _, r in rows])) if p < self.threshold}


def countries_not_mentioned(article: AnnotatedArticle, places: list[PlaceMatch]) -> set[str]:
    """Countries whose every naming in `places` only labels something else (none where no model is installed)."""
    decisions = load_model("mentions")
    return set() if decisions is None else decisions.not_mentioned(article, places)
