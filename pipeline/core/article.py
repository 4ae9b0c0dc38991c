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
    publisher_country: str | None = None   # the country a publisher writes for, when it writes for one
    tokens: list[Span] = field(default_factory=list)  # tokens of the sentences the NLP stage parsed

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences) or [(0, len(self.text))]
        self._sentence_starts = [s for s, _ in self.sentences]
        self._parses: dict[int, SentenceParse | None] = {}

    def parse_at(self, offset: int) -> SentenceParse | None:
        """The dependency parse of the sentence holding `offset`, if the NLP stage parsed it."""
        index = self.sentence_index(offset)
        if index not in self._parses:
            start, end = self.sentences[index]
            tokens = [t for t in self.tokens if start <= t.start < end]
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
        return [e for e in self.entities if start <= e.start and e.end <= end and (not labels or e.label in labels)]

    def places_in(self, start: int, end: int) -> list[PlaceMatch]:
        return [p for p in self.places if start <= p.start and p.end <= end]

    def home_country(self) -> str | None:
        """Where the story is from, for whose dollars a bare "$" means: its dateline, else its publisher's
        country, else the country it speaks of most."""
        return self.dateline_country or self.publisher_country or self.main_country()

    def main_country(self, excluding: frozenset[str] = frozenset()) -> str | None:
        """The dateline's country, else the most mentioned country: whose story it is (of those not excluded)."""
        if self.dateline_country and self.dateline_country not in excluding:
            return self.dateline_country
        counts: dict[str, int] = {}
        for p in self.places:
            if p.kind != "group" and p.country_id not in excluding:
                counts[p.country_id] = counts.get(p.country_id, 0) + 1
        return max(counts, key=lambda c: (counts[c], -min(p.start for p in self.places if p.country_id == c))) if counts else None
