"""The learned decisions on leaders (guideline L1-L3): which titled names are leaders of a country, and whose.

The rules find the candidates (`leaders.leader_candidates`: a name with a political title before or after it) and
read each one: in office, out of office ("former", "ex-", "the late", "-elect"), a title that does not count (an
organisation's, one without its country or body) or a photo caption. Those readings, the title's words, the words
around it, the organisations the sentence names and the name itself are features; a model fitted on the train
split (`pipeline/training/leaders.py`) decides whether the candidate is a leader in office. A second model ranks the
countries the candidate could serve: the title's own (its adjective, "of Japan", "R-Ohio"), what the title implies,
the places of the sentence, the dateline's and the story's main country.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, replace

from pipeline.core.article import AnnotatedArticle
from pipeline.core.leaders import (
    CAPTIONED, IN_OFFICE, NO_LONGER_UNCOUNTED, UNTITLED, NOT_YET_OR_NO_LONGER, OUT_OF_OFFICE, LeaderCandidate, implied_country, international_bodies,
    organisation_after, fold, rules_country, surname,
)
from pipeline.core.learned_models import FeatureVocabulary, LinearClassifier, class_probabilities, vectorized

WORD = re.compile(r"[A-Za-z]+|[^\sA-Za-z0-9]")
NEAR = 120   # characters around the title in which an organisation's name or a place is "near"
RULED_OUT = (OUT_OF_OFFICE, NO_LONGER_UNCOUNTED, CAPTIONED)
# a title the rules do not count (no country or government body named with it) is taken only on surer evidence:
# most such titles are a company's or a union's
UNCOUNTED_MARGIN = 0.2
WINDOW = 50  # characters either side whose words are features
MIN_COUNTRY_CHANCE = 0.1   # the ranker's best country below this: none of the options is the leader's
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
OFFICE_TERM_AFTER = re.compile(r"(?:['’]s)?\s+(?:administration|presidency|government|era|tenure|regime|term)\b", re.IGNORECASE)


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2" if n == 2 else "3+"


@functools.cache
def _body_pattern() -> re.Pattern:
    """Any international organisation's name: "the IMF", "World Bank", "European Commission"."""
    names = sorted(international_bodies(), key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w\-])", re.IGNORECASE)


def candidate_features(article: AnnotatedArticle, candidate: LeaderCandidate, candidates: list[LeaderCandidate]) -> dict[str, float]:
    """What the rules read, the title's words, the words around title and name and the name itself."""
    text, title = article.text, candidate.title
    first, last = min(title.start, candidate.start), max(title.end, candidate.end)
    sentence_start, sentence_end = article.sentence_bounds(first)
    before = WORD.findall(text[max(sentence_start, first - 40):first])[-2:]
    after = WORD.findall(text[last:min(sentence_end, last + 30)])[:1]
    head = title.spec.head.lower()
    f: dict[str, float] = {"bias": 1.0, f"reading:{candidate.reading}": 1.0, f"placement:{candidate.placement}": 1.0,
                           f"head:{head}": 1.0, f"needs:{title.spec.needs}": 1.0,
                           f"reading_head:{candidate.reading}:{head}": 1.0}
    for word in sorted(set(WORD.findall(title.role.lower()))):
        f[f"role:{word}"] = 1.0
    f["title_country"] = float(title.country_id is not None)
    f["institution"] = float(title.has_institution)
    f["organisation"] = float(title.of_organization or organisation_after(article, title.end))
    f["legislature"] = float(title.spec.legislature)
    f["implied"] = float(implied_country(title, article.dateline_country) is not None)
    f["prev:" + (before[-1].lower() if before else "<s>")] = 1.0
    if len(before) == 2:
        f[f"prev2:{before[0].lower()} {before[1].lower()}"] = 1.0
    f["next:" + (after[0].lower() if after else "</s>")] = 1.0
    f["no_longer_cue"] = float(bool(NOT_YET_OR_NO_LONGER.search(text, max(sentence_start, title.start - 60), title.start)))
    f["body_near"] = float(bool(_body_pattern().search(text, max(sentence_start, first - NEAR), min(sentence_end, last + NEAR))))
    name_words = candidate.name.split()
    f[f"name_words:{min(len(name_words), 4)}"] = 1.0
    labels = {e.label for e in article.entities_covering(candidate.start)}
    f["person_entity"] = float("PERSON" in labels)
    for label in sorted(labels - {"PERSON"}):
        f[f"entity:{label}"] = 1.0
    same = [c for c in candidates if fold(surname(c.name)) == fold(surname(candidate.name))]
    f[f"titled_times:{_bucket(len(same))}"] = 1.0
    f["titled_in_office_elsewhere"] = float(any(c.reading == IN_OFFICE and c is not candidate for c in same))
    f["titled_out_of_office_elsewhere"] = float(any(c.reading == OUT_OF_OFFICE and c is not candidate for c in same))
    # the words around the mention: "fired", "predecessor", "under", "Inc", "union" say more than the title alone
    for word in sorted(set(w.lower() for w in WORD.findall(text[max(sentence_start, first - WINDOW):first]) if w.isalpha())):
        f[f"before_word:{word}"] = 0.5
    for word in sorted(set(w.lower() for w in WORD.findall(text[last:min(sentence_end, last + WINDOW)]) if w.isalpha())):
        f[f"after_word:{word}"] = 0.5
    f["administration_after"] = float(bool(OFFICE_TERM_AFTER.match(text, candidate.end)))
    year = article.published_year
    years = [int(y) for y in YEAR.findall(text, sentence_start, sentence_end)]
    f["earlier_year_in_sentence"] = float(year is not None and any(y < year - 1 for y in years))
    f["organisation_before"] = float(any(e.label == "ORG" and e.end <= title.start and title.start - e.end <= 3
                                         for e in article.entities_in(max(sentence_start, title.start - 60), title.start)))
    f["title_capitalised_word_before"] = float(bool(re.search(r"[A-Z][\w.&\-]*\s+$", text[max(0, title.start - 30):title.start])))
    f["era:" + ("unknown" if year is None else "wire_1980s" if year < 2000 else "modern")] = 1.0
    f["first_sentence"] = float(sentence_start == article.sentences[0][0])
    # who holds an office when, as the training stories tell it: "President Obama" in a story of 2018 holds it no more
    person = fold(surname(candidate.name))
    f[f"person:{person}"] = 1.0
    if year is not None:
        f[f"person_year:{person}:{year}"] = 1.0
    return f


def country_options(article: AnnotatedArticle, candidate: LeaderCandidate) -> dict[str, dict[str, float]]:
    """Each country the candidate could serve, with where it comes from."""
    title = candidate.title
    options: dict[str, dict[str, float]] = {}

    def add(country: str | None, source: str, value: float = 1.0) -> None:
        if country:
            options.setdefault(country, {})[source] = value

    implied = implied_country(title, article.dateline_country)
    main = article.main_country(title.spec.absent_in)
    add(title.country_id, "title")
    add(implied, "implied")
    add(main, "main")
    add(article.dateline_country, "dateline")
    add(article.publisher_country, "publisher")
    rules = title.country_id or implied or main
    add(rules, "rules")
    sentence_start, sentence_end = article.sentence_bounds(title.start)
    anchor = min(title.start, candidate.start)
    in_sentence = [p for p in article.places_in(sentence_start, sentence_end) if p.kind != "group"]
    by_distance = sorted(in_sentence, key=lambda p: abs(p.start - anchor))
    for rank, country in enumerate(dict.fromkeys(p.country_id for p in by_distance)):
        add(country, f"sentence_rank:{min(rank, 3)}")
    # the sentence's own country: named first, before the title ("West Germany takes ..., State Secretary Hans
    # Tietmeyer said"), named more than once, or its capital opening it ("In Caracas, President Jaime Lusinchi said")
    if in_sentence and in_sentence[0].start < title.start:
        add(in_sentence[0].country_id, "first_in_sentence_before_title")
    for country, n in Counter(p.country_id for p in in_sentence).items():
        add(country, f"sentence_mentions:{_bucket(n)}")
    for place in in_sentence:
        if place.alias_kind == "capital" and place.end <= title.start:
            add(place.country_id, "capital_before_title")
    counts: dict[str, int] = {}
    for p in article.places:
        if p.kind != "group":
            counts[p.country_id] = counts.get(p.country_id, 0) + 1
    for rank, country in enumerate(sorted(counts, key=lambda c: -counts[c])[:3]):
        add(country, f"story_rank:{rank}")
    head = title.spec.head.lower()
    person = fold(surname(candidate.name))
    for country, sources in options.items():
        sources["bias"] = 1.0
        sources[f"person_country:{person}:{country}"] = 1.0   # "Reagan" serves the U.S. in every story that titles him
        for source in list(sources):
            if source != "bias":
                sources[f"{source}|head:{head}"] = 1.0
                sources[f"{source}|title_country:{title.country_id is not None}"] = 1.0
        if title.spec.absent_in and country in title.spec.absent_in:
            sources["office_absent"] = 1.0
        sources[f"mentions:{_bucket(counts.get(country, 0))}"] = 1.0
    return options


def person_probabilities(candidates: list[LeaderCandidate], probabilities: list[float]) -> dict[str, float]:
    """Folded surname -> the mean probability of the person's candidates in the story: one person, one decision."""
    by_person: dict[str, list[float]] = {}
    for candidate, p in zip(candidates, probabilities):
        by_person.setdefault(fold(surname(candidate.name)), []).append(p)
    return {person: sum(ps) / len(ps) for person, ps in by_person.items()}


@dataclass
class LeaderDecisions:
    vectorizer: FeatureVocabulary
    model: LinearClassifier
    country_vectorizer: FeatureVocabulary | None = None
    country_model: LinearClassifier | None = None
    threshold: float = 0.5
    training_digest: str = ""

    def leader_probabilities(self, article: AnnotatedArticle, candidates: list[LeaderCandidate]) -> list[float]:
        if not candidates:
            return []
        rows = [candidate_features(article, c, candidates) for c in candidates]
        return [float(p) for p in class_probabilities(self.model, vectorized(self.vectorizer, rows))[:, 1]]

    def country(self, article: AnnotatedArticle, candidate: LeaderCandidate) -> str | None:
        """The most likely of the candidate's countries (None where none is named, none is likely or no ranker is
        fitted: "President Reagan" in a story that names only Japan and Chad is left to what the rules know)."""
        options = country_options(article, candidate)
        if not options or self.country_model is None:
            return None
        countries = sorted(options)
        scores = class_probabilities(self.country_model, vectorized(self.country_vectorizer, [options[c] for c in countries]))[:, 1]
        best = int(scores.argmax())
        return countries[best] if scores[best] >= MIN_COUNTRY_CHANCE else None

    def decide(self, article: AnnotatedArticle, candidates: list[LeaderCandidate]) -> list[LeaderCandidate]:
        """The candidates with the model's reading: a leader in office (with the country the ranker gives), else none
        of the story's leaders (left out). A title the rules read in office stays (out of fold the model drops as
        many leaders as false ones there); the model takes the titles the rules do not count and untitled names. What the guideline rules out the model never takes: an office held before
        or after the story's time (L1, kept as evidence of the country), an organisation's office (L3), a photo
        caption (C2)."""
        decided = []
        probabilities = self.leader_probabilities(article, candidates)
        people = person_probabilities(candidates, probabilities)
        for candidate, p in zip(candidates, probabilities):
            if candidate.reading in RULED_OUT or candidate.reading != IN_OFFICE and candidate.title.of_organization:
                if candidate.reading == OUT_OF_OFFICE:
                    decided.append(candidate)
                continue
            bar = self.threshold if candidate.reading == UNTITLED else self.threshold + UNCOUNTED_MARGIN
            if candidate.reading == IN_OFFICE or people[fold(surname(candidate.name))] >= bar:
                country = self.country(article, candidate)
                title = candidate.title if country in (None, rules_country(article, candidate.title)) else replace(candidate.title, country_id=country)
                decided.append(replace(candidate, title=title, reading=IN_OFFICE))
        return decided
