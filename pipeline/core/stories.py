"""Versions of one story: articles that tell the same event, grouped under one story id.

Rewrites of a wire story share few word sequences (the two seed versions share 3% of their
3-word shingles), so shingle MinHash misses them. What versions do share is the entities they
name (countries, leaders, people, organizations), some vocabulary, the dateline and the dates.
MinHash LSH over entity sets proposes candidate pairs cheaply; a pair is one story when entities
and vocabulary overlap enough and dateline and dates do not contradict it. Templated wire items
(results tables, bond issues, money-market notes) name one company or none, so they never share
enough entities to be taken for versions of each other.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.core.failures import Failure

NUM_PERM = 64
CANDIDATE_THRESHOLD = 0.3
MIN_WORD_JACCARD = 0.12
MIN_ENTITY_JACCARD = 0.35
MIN_SHARED_ENTITIES = 4
MAX_DAYS_APART = 3
WORD = re.compile(r"[a-z][a-z'-]{3,}")
STOPWORDS = frozenset("""that this with from have will said says were been their which would there about
after they than also more into other over some could when what while only most such them those these
against under between since before where both being because during first year years last told""".split())


@dataclass(frozen=True)
class StoryInput:
    article_id: str
    text: str
    dateline: str | None
    published_date: dt.date | None
    entities: frozenset[str]   # normalized ids of the countries, leaders, people and organizations it names


def _content_words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOPWORDS}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _compatible(a: StoryInput, b: StoryInput) -> bool:
    if a.dateline and b.dateline and a.dateline.lower() != b.dateline.lower():
        return False
    if a.published_date and b.published_date and abs((a.published_date - b.published_date).days) > MAX_DAYS_APART:
        return False
    return True


def group_stories(articles: list[StoryInput], failures: dict[str, Failure] | None = None) -> dict[str, str]:
    """article_id → story_id; the story id is the smallest article id of the group, so it is stable across runs.

    Complete linkage: two groups merge only when every article of one is a version of every article
    of the other, so a chain of loosely related reports (White House stories naming the same people
    week after week) never becomes one story through its neighbours. An article the grouping cannot read
    is a story of its own, and the reason is put in `failures` (when given)."""
    # datasketch imports SciPy's integrators (half a second): only a process that groups stories pays for it
    from datasketch import MinHash, MinHashLSH

    failures = {} if failures is None else failures
    # an article naming too few entities cannot be matched; leaving it out keeps empty sets from colliding
    words: dict[str, set[str]] = {}
    encoded: dict[str, list[bytes]] = {}
    for a in articles:
        if len(a.entities) < MIN_SHARED_ENTITIES:
            continue
        try:
            encoded[a.article_id] = [e.encode() for e in a.entities]
            words[a.article_id] = _content_words(a.text)
        except Exception as error:  # noqa: BLE001 — one article's failure never costs the others their stories
            failures[a.article_id] = Failure.caught(error)
            encoded.pop(a.article_id, None)
    candidates = [a for a in articles if a.article_id in words]
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    signatures = dict(zip((a.article_id for a in candidates),
                          MinHash.bulk([encoded[a.article_id] for a in candidates], num_perm=NUM_PERM)))
    with lsh.insertion_session() as session:
        for article_id, signature in signatures.items():
            session.insert(article_id, signature)

    by_id = {a.article_id: a for a in articles}

    def similarity(a_id: str, b_id: str) -> float | None:
        """How alike two articles are, or None when they are not versions of one story."""
        a, b = by_id[a_id], by_id[b_id]
        if not _compatible(a, b) or len(a.entities & b.entities) < MIN_SHARED_ENTITIES:
            return None
        entity_jaccard = _jaccard(a.entities, b.entities)
        if entity_jaccard < MIN_ENTITY_JACCARD:
            return None
        word_jaccard = _jaccard(words[a_id], words[b_id])
        return entity_jaccard + word_jaccard if word_jaccard >= MIN_WORD_JACCARD else None

    pairs = []
    for a in candidates:
        for other_id in lsh.query(signatures[a.article_id]):
            if other_id > a.article_id and (score := similarity(a.article_id, other_id)) is not None:
                pairs.append((-score, a.article_id, other_id))
    group_of = {a.article_id: a.article_id for a in articles}
    members = {a.article_id: [a.article_id] for a in articles}
    for _, a_id, b_id in sorted(pairs):
        ga, gb = group_of[a_id], group_of[b_id]
        if ga == gb or not all(similarity(x, y) is not None for x in members[ga] for y in members[gb]):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for x in members.pop(gone):
            group_of[x] = keep
            members[keep].append(x)
    return group_of


def group_stories_and_failures(articles: list[StoryInput]) -> tuple[dict[str, str], dict[str, Failure]]:
    """`group_stories` with the failures returned: what a worker process sends back."""
    failures: dict[str, Failure] = {}
    return group_stories(articles, failures), failures
