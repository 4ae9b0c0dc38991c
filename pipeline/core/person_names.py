"""One person's given names as the stories write them: "Mike" and "Michael" Pompeo, "Sergei" and "Sergey" Lavrov,
"Tayyip" and "Recep Tayyip" Erdogan are one person each.

Names are compared within one surname only; across surnames nothing is merged.
"""
from __future__ import annotations

import functools
from collections import Counter, defaultdict
from difflib import SequenceMatcher

from nicknames import NickNamer

SPELLING_SIMILARITY = 0.8    # "sergei"/"sergey", "kirsten"/"kirstin", "emanuel"/"emmanuel"; not "jerry"/"jeremy"
MIN_RESPELLED_LENGTH = 5     # short names differ by one letter too often ("dan"/"don", "john"/"joan")


@functools.cache
def _nicknamer() -> NickNamer:
    return NickNamer()


@functools.cache
def _forms(name: str) -> frozenset[str]:
    """The name and the formal names it may stand for ("mike" -> michael, ...)."""
    return frozenset({name} | _nicknamer().canonicals_of(name))


def same_given_name(a: str, b: str) -> bool:
    """Whether two folded given names can name one person: equal, one a nickname of the other or both of one
    formal name, or one spelled a little differently."""
    if a == b or _forms(a) & _forms(b):
        return True
    return min(len(a), len(b)) >= MIN_RESPELLED_LENGTH and SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Given names (without the surname) of one person: the first names match, or the shorter's names are all
    among the longer's ("Tayyip" in "Recep Tayyip")."""
    shorter, longer = sorted((a, b), key=len)
    return same_given_name(a[0], b[0]) or set(shorter) <= set(longer)


def canonical_given_names(names: Counter) -> dict[tuple[str, tuple[str, ...]], str]:
    """{(surname, given names): the first given name of the person's commonest full form}, for names counted as
    (surname, given names) -> mentions. A form joins a person only if it fits each of their forms; one that fits
    two people is a person of its own."""
    by_surname: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for surname, given in names:
        if given:
            by_surname[surname].append(given)
    canonical: dict[tuple[str, tuple[str, ...]], str] = {}
    for surname, forms in by_surname.items():
        forms.sort(key=lambda given: (-names[surname, given], given))
        people: list[list[tuple[str, ...]]] = []
        for given in forms:  # commonest first: each person is named after their commonest form
            matching = [person for person in people if all(_same_person(given, other) for other in person)]
            if len(matching) == 1:
                matching[0].append(given)
            else:  # no one, or either of two people: a person of its own rather than a guess
                people.append([given])
        for person in people:
            for given in person:
                canonical[surname, given] = person[0][0]
    return canonical
