"""What the one-stage out-of-fold scripts (`figures_oof.py`, `leaders_oof.py`, `agreements_oof.py`) share: their
common arguments, the train stories read once from cross_validate's `all` warehouse, the groups a story is
counted in, and the report lines."""
from __future__ import annotations

import argparse
import hashlib
import os
import pickle
from pathlib import Path


def oof_arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsfacts-cv"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rules-only", action="store_true")
    return parser


def train_stories(work: Path):
    """(ground truth, the train split's annotated articles as (story id, article))."""
    os.environ.setdefault("NEWSFACTS_LOG_LEVEL", "WARNING")
    from pipeline.quality.ground_truth import load_ground_truth

    truth = load_ground_truth()
    return truth, articles_of(work, [i for i in truth.splits["train"] if i in truth.entries])


def articles_of(work: Path, ids: list[str]):
    """The stories as annotated articles, read once from cross_validate's `all` warehouse (kept per set of ids)."""
    cache = work / f"figures_oof_articles_{hashlib.sha256(' '.join(sorted(ids)).encode()).hexdigest()[:12]}.pkl"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    from pipeline.training.stories import annotated_articles

    articles = list(annotated_articles(work / "all" / "warehouse", set(ids)))
    cache.write_bytes(pickle.dumps(articles))
    return articles


def corpus_groups(truth, source_id: str) -> list[str]:
    from pipeline.quality.ground_truth import CORPUS_NAMES

    return ["all", CORPUS_NAMES.get(truth.corpus.get(source_id, "other"), "other")]


def print_report(reports: dict[str, dict]) -> None:
    for group, r in reports.items():
        print(f"  {group:14} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}  "
              f"(tp {r['tp']} pred {r['pred']} gold {r['gold']})")
