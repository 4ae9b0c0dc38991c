"""The plain-data view of one annotated article that every fact extractor reads."""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from pipeline.core.countries import PlaceMatch
from pipeline.core.nlp import Span
from pipeline.core.syntax import SentenceParse, Token


@dataclass
class AnnotatedArticle:
    article_id: str
    text: str
    sentences: list[tuple[int, int]]
    entities: list[Span]
    places: list[PlaceMatch]
    published_date: dt.date | None = None
    dateline_country: str | None = None
    authors: list[str] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)  # tokens of the sentences the NLP stage parsed

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences) or [(0, len(self.text))]
        self._sentence_starts = [s for s, _ in self.sentences]
        self._parses: dict[int, SentenceParse | None] = {}
        self._token_index = _StartIndex(self.tokens)
        self._entity_index = _StartIndex(self.entities)
        self._place_index = _StartIndex(self.places)

    def parse_at(self, offset: int) -> SentenceParse | None:
        """The dependency parse of the sentence holding `offset`, if the NLP stage parsed it."""
        index = self.sentence_index(offset)
        if index not in self._parses:
            start, end = self.sentences[index]
            tokens = [t for t in self._token_index.starting_in(start, end - 1) if start <= t.start < end]
            position = {t.start: i for i, t in enumerate(tokens)}
            self._parses[index] = SentenceParse(tuple(
                Token(t.start, t.end, t.lemma or "", t.pos or "", t.dep or "", position.get(t.head_start, i))
                for i, t in enumerate(tokens))) if tokens else None
        return self._parses[index]

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence_bounds(self, offset: int) -> tuple[int, int]:
        return self.sentences[self.sentence_index(offset)]

    def sentence_text(self, offset: int) -> str:
        start, end = self.sentence_bounds(offset)
        return self.text[start:end]

    def entities_in(self, start: int, end: int, *labels: str) -> list[Span]:
        return [e for e in self._entity_index.starting_in(start, end)
                if start <= e.start and e.end <= end and (not labels or e.label in labels)]

    def places_in(self, start: int, end: int) -> list[PlaceMatch]:
        return [p for p in self._place_index.starting_in(start, end) if start <= p.start and p.end <= end]

    def main_country(self, excluding: frozenset[str] = frozenset()) -> str | None:
        """The dateline's country, else the most mentioned country: whose story it is (of those not excluded)."""
        if self.dateline_country and self.dateline_country not in excluding:
            return self.dateline_country
        counts: dict[str, int] = {}
        for p in self.places:
            if p.kind != "group" and p.country_id not in excluding:
                counts[p.country_id] = counts.get(p.country_id, 0) + 1
        return max(counts, key=lambda c: (counts[c], -min(p.start for p in self.places if p.country_id == c))) if counts else None


class _StartIndex:
    """Items (with a `start`) that start within a range, found by bisection when the list is in start order (a
    long article has thousands of sentences and tokens: a scan per sentence would cost quadratic time)."""

    def __init__(self, items: list):
        self._items = items
        starts = [item.start for item in items]
        self._starts = starts if all(a <= b for a, b in zip(starts, starts[1:])) else None

    def starting_in(self, start: int, last: int) -> list:
        """The items whose start is in [start, last], in list order (every item when the list is unordered)."""
        if self._starts is None:
            return self._items
        return self._items[bisect.bisect_left(self._starts, start):bisect.bisect_right(self._starts, last)]
