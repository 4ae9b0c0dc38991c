"""Fitting the agreement decisions from the train split's expected agreements, and measuring them by
cross-validation by story.

Each candidate sentence of a train story is an example. It states an agreement when it is the evidence
sentence of one of the story's expected agreements, or when the rules read it as an agreement whose sides hold
all the parties of an expected one (a later "the deal" of an agreement already spoken of). Its possible sides
are labelled by the parties of the agreements it states. The thresholds are chosen by 5-fold cross-validation
by story on the train split, scored as the project's scorer scores agreements (all of a gold agreement's
parties among one predicted agreement's); a model that does not beat the rules alone is kept at thresholds
that leave the rules' reading as it is.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
from collections import Counter
from dataclasses import dataclass

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from pipeline.core.agreement_features import AgreementCandidate, agreement_candidates, party_features, sentence_features
from pipeline.core.agreement_model import AgreementDecisions, ScoredCandidate, Thresholds, assemble
from pipeline.core.agreements import Agreement, clause_sector, clause_status, find_agreements, noun_kind
from pipeline.core.article import AnnotatedArticle
from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import leader_countries
from pipeline.core.leaders import find_leaders
from pipeline.quality.ground_truth import GroundTruth
from pipeline.quality.score_facts import Tally, agreement_keys, folded, is_code, match_agreements
from pipeline.training.figures import corpus_stories, evidence_text
from pipeline.training.train import trainer

REGULARIZATION = 0.5
CLASS_WEIGHT = None
SEED = 0
FOLDS = 5
MIN_EXAMPLES = 2   # of each class: fewer, and a decision keeps the rules' reading
GRID = {
    "keep_rule_mention": (0.0, 0.1, 0.2),
    "add_mention": (0.1, 0.15, 0.2, 0.3, 0.5, 1.01),
    # the scorer does not count an extra party against an agreement, so left free the search keeps parties the
    # model doubts; an analyst reading bridge_agreement_party should find them right more often than not
    "party": (0.4, 0.5),
    "add_party": (0.4, 0.5, 1.01),
}


@dataclass
class Story:
    """A train story as the agreement decisions see it."""
    source_id: str
    article: AnnotatedArticle
    leader_countries: dict[str, str]
    expected: list[dict]
    candidates: list[AgreementCandidate]
    sentence_rows: list[dict]
    party_rows: list[list[dict]]
    labels: list[list[dict]]          # the expected agreements each candidate states


def _gold_keys(agreement: dict) -> set[str]:
    return {p if is_code(p) else folded(p) for p in agreement.get("parties") or []}


def party_keys(parties) -> set[str]:
    """An agreement's parties as the scorer compares them."""
    return agreement_keys([(p.name, p.country_id) for p in parties])


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


def _is_evidence(sentence: str, evidence: str | None) -> bool:
    if not evidence:
        return False
    sentence, evidence = _words(sentence), _words(evidence)
    return bool(sentence) and (sentence[:60] in evidence or evidence[:60] in sentence)


def label(article: AnnotatedArticle, candidate: AgreementCandidate, expected: list[dict], corpus_story: dict | None) -> list[dict]:
    """The expected agreements a candidate sentence states: those it is the evidence of; else those the rules read
    in it (all their parties among the sides of a rule mention), of the mention's sector where that tells two
    agreements of the same sides apart."""
    sentence = article.text[candidate.start:candidate.end]
    evidence = [a for a in expected if _is_evidence(sentence, evidence_text(corpus_story, a))]
    if evidence:
        return evidence
    rule_sides = [party_keys(m.agreement.parties) for m in candidate.rule_mentions]
    read = [a for a in expected if any(_gold_keys(a) and _gold_keys(a) <= sides for sides in rule_sides)]
    sectors = {m.agreement.sector for m in candidate.rule_mentions}
    return [a for a in read if a.get("sector") in sectors] or read


def prepare(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> list[Story]:
    names = CountryGazetteer.load().display_names()
    corpus = corpus_stories({source_id for source_id, _ in articles})
    stories = []
    for source_id, article in articles:
        expected = truth.entries[source_id].get("agreements") or []
        leaders = leader_countries(article, find_leaders(article))
        candidates = agreement_candidates(article, names, leaders)
        mentions = Counter(p.country_id for p in article.places)
        sentence_rows, party_rows, labels = [], [], []
        for candidate in candidates:
            parse = article.parse_at(candidate.start)
            sentence_rows.append(sentence_features(article, candidate, parse))
            party_rows.append([party_features(article, candidate, party, parse, mentions) for party in candidate.parties])
            labels.append(label(article, candidate, expected, corpus.get(source_id)))
        stories.append(Story(source_id, article, leaders, expected, candidates, sentence_rows, party_rows, labels))
    return stories


def _model() -> LogisticRegression:
    return LogisticRegression(C=REGULARIZATION, class_weight=CLASS_WEIGHT, max_iter=5000, random_state=SEED)


def _fitted(features, targets: list) -> LogisticRegression | None:
    counts = Counter(targets)
    if len(counts) < 2 or min(counts.values()) < MIN_EXAMPLES:
        return None
    return _model().fit(features, targets)


def fit(stories: list[Story], thresholds: Thresholds | None = None) -> AgreementDecisions:
    rows = [(row, gold) for s in stories for row, gold in zip(s.sentence_rows, s.labels)]
    vectorizer = DictVectorizer()
    features = vectorizer.fit_transform([row for row, _ in rows] or [{"bias": 1.0}])
    states = [bool(gold) for _, gold in rows]
    positives = [i for i, stated in enumerate(states) if stated]
    party_rows, members = [], []
    for s in stories:
        for candidate, rows_of_parties, gold in zip(s.candidates, s.party_rows, s.labels):
            if gold:
                wanted = set().union(*(_gold_keys(g) for g in gold))
                party_rows += rows_of_parties
                members += [bool(party_keys([p.party]) & wanted) for p in candidate.parties]
    party_vectorizer = DictVectorizer()
    party_matrix = party_vectorizer.fit_transform(party_rows or [{"bias": 1.0}])
    return AgreementDecisions(
        vectorizer=vectorizer,
        detector=_fitted(features, states),
        party_vectorizer=party_vectorizer,
        party=_fitted(party_matrix, members),
        status=_fitted(features[positives], [rows[i][1][0]["status"] for i in positives]) if positives else None,
        sector=_fitted(features[positives], [rows[i][1][0]["sector"] for i in positives]) if positives else None,
        thresholds=thresholds or Thresholds(),
    )


def story_tally(stories: list[Story], predict) -> Tally:
    tally = Tally()
    for story in stories:
        found = predict(story)
        tally.add(*match_agreements(story.expected, [party_keys(a.parties) for a in found]))
    return tally


def _rules(story: Story, names: dict[str, str]) -> list[Agreement]:
    return find_agreements(story.article, names, story.leader_countries)


def _folds(stories: list[Story]):
    order = sorted(range(len(stories)), key=lambda i: stories[i].source_id)
    for train_index, held_index in KFold(FOLDS, shuffle=True, random_state=SEED).split(order):
        yield [stories[order[i]] for i in train_index], [stories[order[i]] for i in held_index]


def cross_validate(stories: list[Story], log=print) -> dict:
    """5-fold by story: the rules alone and the rules with the model at each threshold setting; the setting with
    the best pooled F1 is chosen, and the status and sector models are kept where they read more aligned
    agreements right than the cue lists."""
    names = CountryGazetteer.load().display_names()
    scored: dict[str, list[ScoredCandidate]] = {}
    status_right, sector_right = Counter(), Counter()
    for train, held in _folds(stories):
        decisions = fit(train)
        for story in held:
            scored[story.source_id] = decisions.score(story.article, names, story.leader_countries)
            for s, gold in zip(scored[story.source_id], story.labels):
                if gold:
                    status = _rule_status_sector(story, s)
                    status_right["rules"] += status[0] == gold[0]["status"]
                    status_right["model"] += s.status == gold[0]["status"]
                    sector_right["rules"] += status[1] == gold[0]["sector"]
                    sector_right["model"] += s.sector == gold[0]["sector"]
                    status_right["n"] += 1
    rules = story_tally(stories, lambda story: _rules(story, names)).report()

    def evaluate(thresholds: Thresholds) -> dict:
        return story_tally(stories, lambda story: assemble(scored[story.source_id], story.article, thresholds)).report()

    best, best_report = _best([Thresholds(**dict(zip(GRID, values))) for values in itertools.product(*GRID.values())], evaluate)
    n = max(status_right["n"], 1)
    best.use_status_model = status_right["model"] > status_right["rules"]
    best.use_sector_model = sector_right["model"] > sector_right["rules"]
    result = {"rules": rules, "model": best_report, "thresholds": best.__dict__,
              "status_accuracy": {"rules": round(status_right["rules"] / n, 3), "model": round(status_right["model"] / n, 3)},
              "sector_accuracy": {"rules": round(sector_right["rules"] / n, 3), "model": round(sector_right["model"] / n, 3)},
              "aligned_sentences": status_right["n"]}
    log(f"agreements CV ({FOLDS} folds by story, {len(stories)} stories): rules {rules}, rules+model {best_report}, {result}")
    return result


def _best(settings: list[Thresholds], evaluate) -> tuple[Thresholds, dict]:
    """The setting with the highest F1 (the first of equals: the grids run from the rules' side)."""
    reports = [(evaluate(t), n) for n, t in enumerate(settings)]
    report, n = max(reports, key=lambda item: (item[0]["f1"], -item[1]))
    return settings[n], report


def _rule_status_sector(story: Story, s: ScoredCandidate) -> tuple[str, str]:
    """The cue lists' status and sector of a candidate sentence (the rules' mention's, else the clause's)."""
    c = s.candidate
    if c.rule_mentions:
        return c.rule_mentions[0].agreement.status, c.rule_mentions[0].agreement.sector
    clause = story.article.text[c.start:c.end]
    return clause_status(clause)[0], noun_kind(clause) or clause_sector(clause) or "other"


def choose_thresholds(stories: list[Story], log=print) -> Thresholds:
    result = cross_validate(stories, log)
    if result["model"]["f1"] <= result["rules"]["f1"]:
        return Thresholds(use_status_model=result["thresholds"]["use_status_model"],
                          use_sector_model=result["thresholds"]["use_sector_model"])  # the rules' agreements stand
    return Thresholds(**result["thresholds"])


@trainer("agreements")
def train_agreements(articles: list[tuple[str, AnnotatedArticle]], truth: GroundTruth) -> AgreementDecisions:
    stories = prepare(articles, truth)
    thresholds = choose_thresholds(stories) if len(stories) >= 2 * FOLDS else Thresholds()
    decisions = fit(stories, thresholds)
    decisions.training_digest = hashlib.sha256(json.dumps(
        [(s.source_id, [sorted(r) for r in s.sentence_rows], [[g.get("summary") for g in gold] for gold in s.labels]) for s in stories],
        default=str).encode()).hexdigest()[:16]
    return decisions
