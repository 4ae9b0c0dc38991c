"""The fitted models of the learned extraction decisions: small files in `pipeline/models/`, loaded once
per process, versioned by their content (the extraction cache key includes it)."""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import joblib

# NEWSFACTS_MODELS: a folder of models fitted elsewhere (`newsfacts train --models-dir`) instead of the packaged ones
MODELS_DIR = Path(os.environ.get("NEWSFACTS_MODELS") or Path(__file__).resolve().parents[1] / "models")


@functools.cache
def load_model(name: str, folder: Path = MODELS_DIR):
    """A fitted model by name (`figures`, `agreements`, ...), or None when none has been trained."""
    path = folder / f"{name}.joblib"
    return joblib.load(path) if path.exists() else None


def models_version(folder: Path = MODELS_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.joblib")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]
