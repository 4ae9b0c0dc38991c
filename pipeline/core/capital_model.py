"""The learned decision on capitals (guideline C1): whether a capital stands for its government ("Washington
said", "Beijing's response") or only says where something happens ("talks in Geneva", "a summit in Brussels").

Only a capital whose country the story names in no other way is decided: where the story names the country
itself, the country is mentioned anyway. Its features are the words around each of its mentions, the entity
the NER model read there, its grammar in parsed sentences and how often the story names it; the model is fitted
from the train split (`pipeline/training/capitals.py`). A country whose capital the model finds only locating
in every mention is no mention of the story's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import PlaceMatch
from pipeline.core.learned_models import FeatureVocabulary, LinearClassifier, class_probabilities, load_model, vectorized

WORD = re.compile(r"[A-Za-z]+|[^\sA-Za-z0-9]")


def undecided_capitals(article: AnnotatedArticle) -> dict[str, list[PlaceMatch]]:
    """Country id -> its capital mentions, for countries the story names only by their capital."""
    capitals: dict[str, list[PlaceMatch]] = defaultdict(list)
    named_otherwise = set()
    for place in article.places:
        if place.kind == "group":
            continue
        if place.alias_kind == "capital":
            capitals[place.country_id].append(place)
        else:
            named_otherwise.add(place.country_id)
    return {country: places for country, places in capitals.items() if country not in named_otherwise}


def _bucket(n: int) -> str:
    return "1" if n == 1 else "2" if n == 2 else "3+"


def capital_features(article: AnnotatedArticle, place: PlaceMatch, mentions: int) -> dict[str, float]:
    """What the words and grammar around one capital mention say about whether it stands for a government."""
    text = article.text
    sentence_start, sentence_end = article.sentence_bounds(place.start)
    before = WORD.findall(text[max(sentence_start, place.start - 40):place.start])[-2:]
    after = WORD.findall(text[place.end:min(sentence_end, place.end + 40)])[:2]
    f: dict[str, float] = {"bias": 1.0, f"mentions:{_bucket(mentions)}": 1.0, f"capital:{place.text}": 0.5}
    if before:
        f[f"prev:{before[-1].lower()}"] = 1.0
        f[f"prev2:{' '.join(w.lower() for w in before)}"] = 1.0
    else:
        f["opens_sentence"] = 1.0
    if after:
        f[f"next:{after[0].lower()}"] = 1.0
        f[f"next2:{' '.join(w.lower() for w in after)}"] = 1.0
    else:
        f["ends_sentence"] = 1.0
    f["possessive"] = float(bool(re.match(r"['’]s\b", text[place.end:place.end + 3])))
    f["hyphenated"] = float(text[place.end:place.end + 1] == "-")
    f["first_line"] = float("\n" not in text[:place.start] and place.start < 200)
    for entity in article.entities_covering(place.start):
        f[f"entity:{entity.label}"] = 1.0
    parse = article.parse_at(place.start)
    if parse is not None:
        head = parse.span_head(place.start, place.end)
        if head is not None:
            token = parse.tokens[head]
            f[f"dep:{token.dep}"] = 1.0
            if token.head != head:
                f[f"head:{parse.tokens[token.head].lemma.lower()}"] = 1.0
    return f


def story_rows(article: AnnotatedArticle) -> list[tuple[str, list[dict[str, float]]]]:
    """(country id, the features of each capital mention) for each country named only by its capital."""
    return [(country, [capital_features(article, p, len(places)) for p in places])
            for country, places in undecided_capitals(article).items()]


@dataclass
class CapitalDecisions:
    vectorizer: FeatureVocabulary
    model: LinearClassifier
    threshold: float = 0.5   # a country stays mentioned when one of its capital mentions is above this
    training_digest: str = ""

    def governments(self, rows: list[dict[str, float]]) -> float:
        """The probability that the most government-like of a country's capital mentions stands for it."""
        return float(max(class_probabilities(self.model, vectorized(self.vectorizer, rows))[:, 1]))

    def only_locating(self, article: AnnotatedArticle) -> set[str]:
        return {country for country, rows in story_rows(article) if self.governments(rows) < self.threshold}


def only_locating_countries(article: AnnotatedArticle) -> set[str]:
    """Countries the story names only by capitals that only locate (none where no model is installed)."""
    decisions = load_model("capitals")
    return set() if decisions is None else decisions.only_locating(article)
