"""The plain-data view of one annotated article that every fact extractor reads."""
from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass, field

from pipeline.core.countries import PlaceMatch
from pipeline.core.spans import Span
from pipeline.core.syntax import SentenceParse, Token


LONGEST_PLACE_CHARS = 1000  # no place name (an alias, or an entity the NER model read) is longer


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
        self._token_index = _StartIndex(self.tokens)
        self._entity_index = _StartIndex(self.entities)
        self._place_index = _StartIndex(self.places)

    @property
    def published_year(self) -> int | None:
        return self.published_date.year if self.published_date else None

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

    def entities_covering(self, offset: int) -> list[Span]:
        """The entities holding the character at `offset`, in order."""
        return self._entity_index.covering(offset)

    def places_covering(self, offset: int) -> list[PlaceMatch]:
        return self._place_index.covering(offset)

    def places_starting_at(self, offset: int) -> list[PlaceMatch]:
        return self._place_index.starting_in(offset, offset)

    def places_ending_near(self, offset: int) -> list[PlaceMatch]:
        """A superset, in list order, of the places that end in the spaces (and possessive) right before `offset`."""
        gap_start = offset
        while gap_start > 0 and self.text[gap_start - 1].isspace():
            gap_start -= 1
        if self.text[max(0, gap_start - 2):gap_start] in ("'s", "’s"):
            gap_start -= 2
        return self._place_index.starting_in(gap_start - LONGEST_PLACE_CHARS, offset)

    def home_country(self) -> str | None:
        """Whose dollars a bare "$" means: the dateline's country when the story speaks of it or of no other
        country, else the publisher's country, else the country the story speaks of most. A dateline says where
        the reporter filed, and a story filed from New Zealand about American trade ("TAUPO, New Zealand - ... the
        eight billion dlr Kansai airport project") states US dollars (GUIDELINE: the local dollar is for a story
        about that country's own accounts); a publisher's country says whose "$" the paper writes."""
        if self.dateline_country:
            spoken_of = {p.country_id for p in self.places if p.kind != "group"}
            if self.dateline_country in spoken_of or not spoken_of:
                return self.dateline_country
            return self.main_country(excluding=frozenset({self.dateline_country}))
        return self.publisher_country or self.main_country()

    def main_country(self, excluding: frozenset[str] = frozenset()) -> str | None:
        """The dateline's country, else the most mentioned country: whose story it is (of those not excluded)."""
        if self.dateline_country and self.dateline_country not in excluding:
            return self.dateline_country
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for p in self.places:
            if p.kind != "group" and p.country_id not in excluding:
                counts[p.country_id] = counts.get(p.country_id, 0) + 1
                first[p.country_id] = min(first.get(p.country_id, p.start), p.start)
        return max(counts, key=lambda c: (counts[c], -first[c])) if counts else None


class _StartIndex:
    """Items (with a `start`) that start within a range, found by bisection when the list is in start order (a
    long article has thousands of sentences and tokens: a scan per sentence would cost quadratic time)."""

    def __init__(self, items: list):
        self._items = items
        starts = [item.start for item in items]
        self._starts = starts if all(a <= b for a, b in zip(starts, starts[1:])) else None
        self._longest = max((item.end - item.start for item in items), default=0)

    def covering(self, offset: int) -> list:
        """The items with start <= offset < end, in list order."""
        return [item for item in self.starting_in(offset - self._longest, offset) if item.start <= offset < item.end]

    def starting_in(self, start: int, last: int) -> list:
        """The items whose start is in [start, last], in list order (every item when the list is unordered)."""
        if self._starts is None:
            return self._items
        return self._items[bisect.bisect_left(self._starts, start):bisect.bisect_right(self._starts, last)]


class RangeCover:
    """Whether a range overlaps any of the given (start, end) ranges, by bisection: a long article names thousands
    of places and people, and a scan of them per mention would cost quadratic time."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges = sorted(ranges)
        self._starts = [start for start, _ in ranges]
        self._furthest_end = list(itertools.accumulate((end for _, end in ranges), max))

    def overlaps(self, start: int, end: int) -> bool:
        before_end = bisect.bisect_left(self._starts, end)      # the ranges starting before `end`
        return before_end > 0 and self._furthest_end[before_end - 1] > start

    def holds(self, offset: int) -> bool:
        """Some range has start <= offset < end."""
        return self.overlaps(offset, offset + 1)
