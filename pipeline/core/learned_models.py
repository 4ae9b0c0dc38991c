"""The fitted models of the learned extraction decisions: small files in `pipeline/models/`, loaded once
per process, versioned by their content (the extraction cache key includes it).

Extraction reads a fitted model only through the functions below, and they read only a few of its attributes:
the files hold those, named as scikit-learn names them, in the plain classes here, so that loading them imports no
scikit-learn (half a second to a second of the fork server's start, on the machine the run's first stages share).
Training converts what it fits when it saves it (`pipeline/training/saved_models.py`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from scipy.sparse import csr_matrix
# SciPy's expit and not numpy's exp: numpy's vectorised exp differs from the C library's in the last bit for about
# one value in fifty, and the models' decisions stay those they were checked with (SciPy is loaded anyway by
# story grouping's MinHash library in the processes that extract)
from scipy.special import expit, softmax

from pipeline.core.extraction_version import MODELS_DIR


@dataclass(frozen=True, eq=False)
class LinearClassifier:
    """A fitted logistic regression: its weights by class."""
    coef_: np.ndarray
    intercept_: np.ndarray
    classes_: np.ndarray


@dataclass(frozen=True, eq=False)
class FeatureVocabulary:
    """A fitted dict vectorizer: the column of each feature name (a text value's as name, separator, value)."""
    vocabulary_: dict[str, int]
    separator: str


@functools.cache
def load_model(name: str, folder: Path = MODELS_DIR):
    """A fitted model by name (`figures`, `agreements`, ...), or None when none has been trained."""
    path = folder / f"{name}.joblib"
    return joblib.load(path) if path.exists() else None


def class_probabilities(model: LinearClassifier, features) -> np.ndarray:
    """`model.predict_proba(features)` of the scikit-learn model it was fitted as, read straight from the weights:
    extraction asks thousands of one-row questions per shard, and scikit-learn's input validation costs more than
    the answer."""
    scores = np.asarray(features @ model.coef_.T) + model.intercept_
    if scores.shape[1] == 1:
        positive = expit(scores[:, 0])
        return np.column_stack([1.0 - positive, positive])
    return softmax(scores, axis=1)


def predicted_classes(model: LinearClassifier, features) -> np.ndarray:
    """`model.predict(features)`, the same way."""
    return model.classes_[np.argmax(class_probabilities(model, features), axis=1)]


def vectorized(vectorizer: FeatureVocabulary, rows: list[dict[str, float]]) -> csr_matrix:
    """`vectorizer.transform(rows)` for numeric features, by the fitted vocabulary (same reason as above)."""
    vocabulary = vectorizer.vocabulary_
    data, columns, row_starts = [], [], [0]
    for row in rows:
        for name, value in row.items():
            column = vocabulary.get(name if not isinstance(value, str) else f"{name}{vectorizer.separator}{value}")
            if column is not None:
                columns.append(column)
                data.append(1.0 if isinstance(value, str) else float(value))
        row_starts.append(len(columns))
    return csr_matrix((data, columns, row_starts), shape=(len(rows), len(vocabulary)))
