"""Periods a figure is about: explicit years and months, fiscal years, and phrases relative to the
article's date ("last year", "a year earlier"), kept relative until the article's date is known."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"])}
MONTH_ABBREVIATIONS = {m[:3]: i for m, i in MONTHS.items()}

PERIOD_PATTERN = re.compile(
    r"(?P<fiscal>\b(?:19|20)\d\d/(?:19|20)?\d\d\b)"
    r"|(?P<month>\b(?:January|February|March|April|June|July|August|September|October|November|December"
    r"|january|february|march|april|june|july|august|september|october|november|december)(?:['’]s)?"
    r"(?:\s+(?P<month_year>(?:19|20)\d\d)\b|\s+(?P<month_last_year>(?:of )?last year|a year (?:ago|earlier)|the previous year)\b)?)"
    r"|(?P<year_ago>\ba year (?:earlier|ago|before)\b|\bthe (?:a )?year[- ]ago\b|\byear-earlier\b|\bprevious year\b)"
    r"|(?P<relative>\b(?i:last|this|next|the current|the coming|the past) (?:year|month)\b)"
    r"|(?P<by_year>\bby (?P<by_year_value>(?:19|20)\d\d)\b)"
    r"|(?P<year>(?<![\d.,$])\b(?:19[5-9]\d|20[0-4]\d)\b(?![\d%]|[.,]\d|\s*(?:pct|per cent|percent)))"
)
RELATIVE_OFFSETS = {"last": -1, "the past": -1, "this": 0, "the current": 0, "next": 1, "the coming": 1}


@dataclass(frozen=True)
class Period:
    """A period, possibly still relative to the publication date.

    anchor: 'absolute' (year known), 'month' (a month whose year follows from the publication date),
    'relative_year' / 'relative_month' (offset from the publication year / month).
    """
    anchor: str
    year: int | None = None
    month: int | None = None
    offset: int = 0
    is_target_year: bool = False  # "by 2030"

    def minus_one_year(self) -> "Period":
        if self.anchor == "absolute" and self.year is not None:
            return replace(self, year=self.year - 1)
        if self.anchor == "month":
            return Period("relative_month_last_year", month=self.month)
        if self.anchor == "relative_year":
            return replace(self, offset=self.offset - 1)
        if self.anchor == "relative_month":
            return replace(self, offset=self.offset - 12)
        return self


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: Period | None   # None: "a year earlier", resolved against the run's period
    year_ago: bool = False


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[PeriodMention]:
    found = []
    for m in PERIOD_PATTERN.finditer(text, start, len(text) if end is None else end):
        if m.group("fiscal"):
            first, second = m.group("fiscal").split("/")
            year = int(second) if len(second) == 4 else int(first[:2] + second)
            if year < int(first):
                year += 100
            found.append(PeriodMention(m.start(), m.end(), Period("absolute", year)))
        elif m.group("month"):
            word = m.group("month").split()[0].rstrip("'’s").lower()
            month = MONTHS.get(word) or MONTH_ABBREVIATIONS.get(word[:3])
            if m.group("month_last_year"):  # "February last year"
                found.append(PeriodMention(m.start(), m.end(), Period("relative_month_last_year", month=month)))
            elif m.group("month_year"):
                found.append(PeriodMention(m.start(), m.end(), Period("absolute", int(m.group("month_year")), month)))
            else:
                found.append(PeriodMention(m.start(), m.end(), Period("month", month=month)))
        elif m.group("year_ago"):
            found.append(PeriodMention(m.start(), m.end(), None, year_ago=True))
        elif m.group("relative"):
            which, unit = m.group("relative").rsplit(" ", 1)
            offset = RELATIVE_OFFSETS[which.lower()]
            anchor = "relative_year" if unit == "year" else "relative_month"
            found.append(PeriodMention(m.start(), m.end(), Period(anchor, offset=offset)))
        elif m.group("by_year"):
            found.append(PeriodMention(m.start(), m.end(), Period("absolute", int(m.group("by_year_value")), is_target_year=True)))
        else:
            found.append(PeriodMention(m.start(), m.end(), Period("absolute", int(m.group("year")))))
    return found
