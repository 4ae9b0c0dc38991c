"""The learned agreement decisions: which candidate sentences state an agreement of the guideline, which of
their possible sides are its parties, and (where cross-validation showed the model reads them better than the
cue lists) its status and sector.

The models are fitted from the annotated train split (`pipeline/training/agreements.py`). The rules' reading
is one of their features, and a sentence the rules read as an agreement stays one unless the model is
confident that it is none; a sentence the rules passed over becomes one only above a higher threshold. Mentions
of one agreement are then merged by the rules' own merging (a linker learned from which mentions the annotated
stories count as one agreement did not beat it in cross-validation, even with the rules' answer among its
features: it splits off the false mentions that the rules' merging absorbs, 0.582 against 0.628 on train).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from pipeline.core.agreement_features import (
    AgreementCandidate, agreement_candidates, party_features, sentence_features,
)
from pipeline.core.agreements import (
    THE_SIDES, Agreement, Mention, clause_sector, clause_status, find_agreements, is_side, merge_mentions, names_in,
    noun_kind, party_key, summary_of, with_group_members,
)
from pipeline.core.article import AnnotatedArticle
from pipeline.core.learned_models import (
    FeatureVocabulary, LinearClassifier, class_probabilities, load_model, predicted_classes, vectorized,
)


@dataclass
class Thresholds:
    keep_rule_mention: float = 0.0   # a sentence the rules read stays an agreement unless P falls below this
    add_mention: float = 1.01        # a sentence the rules passed over becomes one above this (above 1: never)
    party: float = 0.5               # a side of an added agreement is a party above this
    add_party: float = 1.01          # a side the rules left out joins a rule agreement above this
    use_status_model: bool = False   # the status model replaces the cue lists' status
    use_sector_model: bool = False


@dataclass(frozen=True)
class ScoredCandidate:
    candidate: AgreementCandidate
    probability: float
    party_probabilities: tuple[float, ...]
    status: str | None
    sector: str | None


@dataclass
class AgreementDecisions:
    """Fitted models (scikit-learn's, kept as `learned_models` reads them) and the thresholds they are read with."""
    vectorizer: FeatureVocabulary
    detector: LinearClassifier | None     # does the sentence state an agreement (None: too few examples, the rules decide)
    party_vectorizer: FeatureVocabulary
    party: LinearClassifier | None        # is this side one of its parties (None: only the rules' parties)
    status: LinearClassifier | None
    sector: LinearClassifier | None
    thresholds: Thresholds = field(default_factory=Thresholds)
    training_digest: str = ""

    def decide(self, article: AnnotatedArticle, place_names: dict[str, str], leader_countries: dict[str, str]) -> list[Agreement]:
        return [with_group_members(a, place_names)
                for a in assemble(self.score(article, place_names, leader_countries), article, self.thresholds)]

    def score(self, article: AnnotatedArticle, place_names: dict[str, str], leader_countries: dict[str, str]) -> list[ScoredCandidate]:
        candidates = agreement_candidates(article, place_names, leader_countries)
        if not candidates:
            return []
        mentions = Counter(p.country_id for p in article.places)
        rows = [sentence_features(article, c, article.parse_at(c.start)) for c in candidates]
        features = vectorized(self.vectorizer, rows)
        probabilities = class_probabilities(self.detector, features)[:, 1] if self.detector is not None else \
            [float(bool(c.rule_mentions)) for c in candidates]
        statuses = predicted_classes(self.status, features) if self.status is not None else [None] * len(candidates)
        sectors = predicted_classes(self.sector, features) if self.sector is not None else [None] * len(candidates)
        # every side of every candidate in one matrix (a candidate names at least one side)
        party_rows = [party_features(article, candidate, party, article.parse_at(candidate.start), mentions)
                      for candidate in candidates for party in candidate.parties]
        party_p = [float(x) for x in class_probabilities(self.party, vectorized(self.party_vectorizer, party_rows))[:, 1]] \
            if self.party is not None else [0.0] * len(party_rows)
        scored, first = [], 0
        for candidate, p, status, sector in zip(candidates, probabilities, statuses, sectors):
            last = first + len(candidate.parties)
            scored.append(ScoredCandidate(candidate, float(p), tuple(party_p[first:last]),
                                          None if status is None else str(status), None if sector is None else str(sector)))
            first = last
        return scored


def assemble(scored: list[ScoredCandidate], article: AnnotatedArticle, t: Thresholds) -> list[Agreement]:
    """The agreements the scored candidates state, at these thresholds, merged as the rules merge them."""
    return merge_mentions(accepted_mentions(scored, article, t))


def accepted_mentions(scored: list[ScoredCandidate], article: AnnotatedArticle, t: Thresholds) -> list[Mention]:
    """The mentions of an agreement the model accepts, with the parties it keeps, in the story's order."""
    mentions: list[Mention] = []
    for s in scored:
        c = s.candidate
        if c.rule_mentions:
            if s.probability < t.keep_rule_mention:
                continue
            extra = [p.party for p, q in zip(c.parties, s.party_probabilities) if q >= t.add_party]
            for mention in c.rule_mentions:
                mentions.append(_revised(mention, extra, s, t))
        elif s.probability >= t.add_mention:
            parties = tuple(p.party for p, q in zip(c.parties, s.party_probabilities) if q >= t.party)
            if len(parties) >= 2 or any(p.kind != "country" and is_side(p) for p in parties):
                mentions.append(new_mention(article, c, parties, s, t))
    return mentions


def _revised(mention: Mention, extra, s: ScoredCandidate, t: Thresholds) -> Mention:
    a = mention.agreement
    known = {party_key(p) for p in a.parties}
    parties = a.parties + tuple(p for p in extra if party_key(p) not in known)
    status = s.status if t.use_status_model and s.status else a.status
    sector = s.sector if t.use_sector_model and s.sector and not mention.kind else a.sector
    return replace(mention, agreement=replace(a, parties=parties, status=status, sector=sector, method="model:agreements"))


def new_mention(article: AnnotatedArticle, c: AgreementCandidate, parties, s: ScoredCandidate, t: Thresholds) -> Mention:
    clause = article.text[c.start:c.end]
    status, explicit = clause_status(clause)
    kind = noun_kind(clause)
    sector = kind or clause_sector(clause) or "other"
    if t.use_status_model and s.status:
        status = s.status
    if t.use_sector_model and s.sector and not kind:
        sector = s.sector
    named = names_in(article, c.start, c.end)
    agreement = Agreement(c.start, c.end, summary_of(clause), sector, status, parties, "model:agreements")
    return Mention.of_clause(agreement, c.sentence, clause, named[0][2].name if named else None, kind, explicit,
                             bool(THE_SIDES.search(clause)))


def decide_agreements(article: AnnotatedArticle, place_names: dict[str, str], leader_countries: dict[str, str]) -> list[Agreement]:
    """The agreements of an article: the fitted decisions where a model is installed, else the rules."""
    decisions = load_model("agreements")
    if decisions is None:
        return find_agreements(article, place_names, leader_countries)
    return decisions.decide(article, place_names, leader_countries)
