"""`newsfacts train`: fit every learned decision from the train split, deterministically.

The train split's stories are built through the pipeline once (cached in the work folder: a second run only
re-reads them), read back as annotated articles, and each trainer fits its model from them and the expected
facts; the fitted models are written to `pipeline/models/` (or another folder), named by decision.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import joblib

from pipeline.core.learned_models import MODELS_DIR
from pipeline.quality.ground_truth import GroundTruth, load_ground_truth
from pipeline.training.saved_models import save_json_model, save_model
from pipeline.training.stories import annotated_articles, build_stories

# name -> trainer(articles, truth) -> fitted model; each trainer lives in its own module
TRAINERS: dict[str, Callable] = {}
# a trainer that refits one part of another model: its name -> that model's name. It is called with the model as it
# stands (trainer(articles, truth, model)), writes it back, and runs only when `only` names it
REFITS: dict[str, str] = {}
# trainers of decisions the star schema takes across stories: called with the built warehouse's folder, the truth and
# the story ids (trainer(warehouse, truth, ids)) instead of the annotated articles; their models are JSON files
ACROSS_STORIES: set[str] = set()


class UnknownModel(ValueError):
    """`only` names a model no trainer fits."""


def trainer(name: str, refits: str | None = None, across_stories: bool = False):
    def register(function: Callable) -> Callable:
        TRAINERS[name] = function
        if refits:
            REFITS[name] = refits
        if across_stories:
            ACROSS_STORIES.add(name)
        return function
    return register


def _model_as_it_stands(name: str, models_dir: Path):
    """The model in `models_dir`, or the packaged one where that folder has none. Read from the file, not through
    `load_model`'s cache: this run may have just written it."""
    path = models_dir / f"{name}.joblib"
    return joblib.load(path if path.exists() else MODELS_DIR / f"{name}.joblib")


def save_fitted(name: str, model, models_dir: Path) -> Path:
    """Write a fitted model where the pipeline reads it, atomically: decisions across stories as JSON (the star schema
    applies them without NumPy), the others as joblib."""
    if name in ACROSS_STORIES:
        path = models_dir / f"{name}.json"
        save_json_model(model, path)
    else:
        path = models_dir / f"{name}.joblib"
        save_model(model, path)
    return path


def register_trainers() -> None:
    """Import every trainer module: each registers itself."""
    from pipeline.training import agreements, capitals, figures, leader_links, leaders  # noqa: F401


def train_all(work: Path, *, split: str = "train", models_dir: Path = MODELS_DIR, truth: GroundTruth | None = None,
              limit: int | None = None, only: set[str] | None = None, log: Callable[[str], None] = print) -> dict[str, Path]:
    """Fit every registered model (or `only` those named) and write each to `models_dir`, atomically."""
    register_trainers()
    unknown = (only or set()) - set(TRAINERS)
    if unknown:
        raise UnknownModel(f"no trainer named {', '.join(sorted(unknown))}; trainers: {', '.join(TRAINERS)}")
    truth = truth or load_ground_truth()
    ids = [i for i in truth.splits[split] if i in truth.entries][:limit]
    started = time.perf_counter()
    warehouse = build_stories(set(ids), work)
    articles = list(annotated_articles(warehouse, set(ids)))
    log(f"{len(articles)} {split} stories built in {time.perf_counter() - started:.0f}s")
    models_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    chosen = only or set(TRAINERS) - set(REFITS)   # a refit of part of a model runs only when named
    for name, fit in TRAINERS.items():
        if name not in chosen:
            continue
        started = time.perf_counter()
        target = REFITS.get(name, name)
        if name in ACROSS_STORIES:
            model = fit(warehouse, truth, set(ids))
        elif name in REFITS:
            model = fit(articles, truth, _model_as_it_stands(target, models_dir))
        else:
            model = fit(articles, truth)
        path = save_fitted(target, model, models_dir)
        written[name] = path
        log(f"{name}: fitted in {time.perf_counter() - started:.1f}s -> {path}")
    return written
