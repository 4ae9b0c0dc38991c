"""The fitted models of the learned extraction decisions: small files in `pipeline/models/`, loaded once
per process, versioned by their content (the extraction cache key includes it)."""
from __future__ import annotations

import functools
from pathlib import Path

import joblib
import numpy as np
from scipy.sparse import csr_matrix
from scipy.special import expit, softmax
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.core.extraction_version import MODELS_DIR


@functools.cache
def load_model(name: str, folder: Path = MODELS_DIR):
    """A fitted model by name (`figures`, `agreements`, ...), or None when none has been trained."""
    path = folder / f"{name}.joblib"
    return joblib.load(path) if path.exists() else None


def class_probabilities(model: LogisticRegression, features) -> np.ndarray:
    """`model.predict_proba(features)`, read straight from the fitted weights: extraction asks thousands of
    one-row questions per shard, and scikit-learn's input validation costs more than the answer."""
    scores = np.asarray(features @ model.coef_.T) + model.intercept_
    if scores.shape[1] == 1:
        positive = expit(scores[:, 0])
        return np.column_stack([1.0 - positive, positive])
    return softmax(scores, axis=1)


def predicted_classes(model: LogisticRegression, features) -> np.ndarray:
    """`model.predict(features)`, the same way."""
    return model.classes_[np.argmax(class_probabilities(model, features), axis=1)]


def vectorized(vectorizer: DictVectorizer, rows: list[dict[str, float]]) -> csr_matrix:
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
