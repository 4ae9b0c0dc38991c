"""Out-of-fold leader score in one process: for choosing the leader model's features and threshold quickly.

The same folds as `cross_validate.py` (seeded, by story, train split only); each fold's leader model is fitted on
the other folds' stories and decides the fold's candidates; the fold's leader mentions then go through the
warehouse's own person resolution (`star_schema.leader_identities`, `fact_mention`) and are scored as the scorer
scores them: (surname, country) pairs per story. Only the leader stage runs again: the articles are read once from
a built warehouse (cross_validate's `all` folder). `cross_validate.py` stays the number to report.

    .venv/bin/python benchmarks/leaders_oof.py [--work DIR] [--rules-only] [--threshold 0.3,0.5] [--errors]
"""
from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cross_validate import folds_of  # noqa: E402
from one_stage_oof import corpus_groups, oof_arguments, print_report, train_stories  # noqa: E402

from pipeline.core import star_schema  # noqa: E402
from pipeline.core.extract import entity_mention_rows, leader_rows  # noqa: E402
from pipeline.core.leaders import find_leaders  # noqa: E402
from pipeline.quality.score_facts import Tally, surname  # noqa: E402
from pipeline.tables import from_rows  # noqa: E402
from pipeline.training.leaders import fit_decisions, prepare  # noqa: E402


def fold_pairs(articles, found: dict[str, list]) -> dict[str, set[tuple[str, str]]]:
    """{source id: (surname, country) of each leader the warehouse would link to the story}, for one fold."""
    leaders, people, published = [], [], []
    for source_id, article in articles:
        mentions = found[source_id]
        leaders += leader_rows(article, mentions)
        spans = [(m.start, m.end) for m in mentions if m.in_office and m.country_source != "referred"]
        people += [r for r in entity_mention_rows(article, spans) if r["label"] == "PERSON"]
        published.append({"article_id": article.article_id, "published_date": article.published_date})
    leader_mentions = from_rows(leaders, "leader_mentions")
    published = pl.DataFrame(published, schema={"article_id": pl.String, "published_date": pl.Date})
    identified = star_schema.leader_identities(leader_mentions, published)
    mentions = star_schema.fact_mention(from_rows(people, "entity_mentions"), identified,
                                        star_schema.out_of_office_names(leader_mentions), published)
    dated = pl.DataFrame(published).rename({"published_date": "effective_date"})
    leaders_by_id = {r["leader_id"]: (surname(r["name"]), r["country_id"])
                     for r in star_schema.dim_leader(identified, dated).iter_rows(named=True)}
    by_article = {article.article_id: source_id for source_id, article in articles}
    pairs: dict[str, set] = {source_id: set() for source_id, _ in articles}
    for r in mentions.iter_rows(named=True):
        if r["entity_id"] in leaders_by_id:
            pairs[by_article[r["article_id"]]].add(leaders_by_id[r["entity_id"]])
    return pairs


def predictions(articles, truth, folds: int, thresholds: list[float | None], rules_only: bool):
    """For each threshold, {story id: (surname, country) pairs}, every story decided out of fold."""
    found: list[dict] = [{} for _ in thresholds]
    candidates = {} if rules_only else prepare(articles, truth)
    for fold in folds_of([source_id for source_id, _ in articles], folds):
        held_out = set(fold)
        decisions = None if rules_only else fit_decisions({i: c for i, c in candidates.items() if i not in held_out})
        fold_articles = [a for a in articles if a[0] in held_out]
        for n, threshold in enumerate(thresholds):
            if decisions is not None and threshold is not None:
                decisions.threshold = threshold
            mentions = {source_id: find_leaders(article, decisions) for source_id, article in fold_articles}
            found[n] |= fold_pairs(fold_articles, mentions)
    return found


def report(truth, found: dict[str, set], errors: bool) -> dict[str, dict]:
    tallies = {}
    for source_id, pairs in sorted(found.items()):
        expected = {(surname(l["name"]), l.get("country")) for l in truth.entries[source_id].get("leaders") or []}
        if errors and pairs != expected:
            print(f"{source_id}: missed {sorted(expected - pairs, key=str)} false {sorted(pairs - expected, key=str)}")
        for group in corpus_groups(truth, source_id):
            tallies.setdefault(group, Tally()).add(len(expected & pairs), len(pairs), len(expected))
    return {group: t.report() for group, t in sorted(tallies.items())}


def main() -> None:
    parser = oof_arguments(__doc__)
    parser.add_argument("--threshold", default="", help="comma-separated thresholds to score in turn (default: as fitted)")
    parser.add_argument("--errors", action="store_true", help="print each story's missed and false leaders")
    args = parser.parse_args()
    truth, articles = train_stories(args.work)
    thresholds = [float(t) for t in args.threshold.split(",")] if args.threshold else [None]
    for threshold, found in zip(thresholds, predictions(articles, truth, args.folds, thresholds, args.rules_only)):
        print("rules only" if args.rules_only else f"threshold {threshold if threshold is not None else 'as fitted'}")
        print_report(report(truth, found, args.errors))


if __name__ == "__main__":
    main()
