"""Loaders for the project's own reference tables in pipeline/data (cached: read once per process)."""
from __future__ import annotations

import csv
import functools
import re
from importlib import resources


def _data_lines(name: str) -> list[str]:
    text = resources.files("pipeline.data").joinpath(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(_data_lines(name)))


@functools.cache
def word_list(name: str) -> frozenset[str]:
    return frozenset(line.strip() for line in _data_lines(name))


@functools.cache
def office_holder_titles(column: str) -> frozenset[str]:
    """The titles (lower case) of `office_holder_titles.csv` marked yes in `column`: head_of_state, given_name_alone."""
    return frozenset(row["title"] for row in csv_rows("office_holder_titles.csv") if row[column] == "yes")


def cue_patterns(name: str, label: str) -> list[tuple[str, re.Pattern]]:
    """A table of (label, regular-expression fragment) rows compiled into one whole-word, case-insensitive pattern
    per label, in the order the labels first appear."""
    fragments: dict[str, list[str]] = {}
    for row in csv_rows(name):
        fragments.setdefault(row[label], []).append(row["cue"])
    return [(key, re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)) for key, parts in fragments.items()]
