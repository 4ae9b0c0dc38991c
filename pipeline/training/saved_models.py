"""Fitted decisions saved as extraction reads them: every scikit-learn estimator in the plain form of
`pipeline.core.learned_models` (the attributes extraction reads, the same arrays), so that loading a model
imports no scikit-learn and gives the very same answers."""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
from pathlib import Path

import joblib
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline import storage
from pipeline.core.learned_models import FeatureVocabulary, LinearClassifier


def plain(value):
    """A fitted estimator in the form extraction reads; a setting as it is."""
    if isinstance(value, LogisticRegression):
        return LinearClassifier(value.coef_, value.intercept_, value.classes_)
    if isinstance(value, DictVectorizer):
        return FeatureVocabulary(value.vocabulary_, value.separator)
    if type(value).__module__.startswith("sklearn"):   # a new kind of estimator needs its plain form first
        raise TypeError(f"no plain form of a fitted {type(value).__name__}")
    return value


def without_scikit_learn(decisions):
    """The decisions (a dataclass of fitted models and settings; None where too few examples fitted any) with every
    fitted model in its plain form."""
    if decisions is None:
        return None
    return dataclasses.replace(decisions, **{f.name: plain(getattr(decisions, f.name)) for f in dataclasses.fields(decisions)})


def training_digest(parts) -> str:
    """The version of a fitted model: a hash of what it was fitted from (the feature code, the examples)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def save_model(decisions, path: Path) -> None:
    """Write the decisions to `path` in their plain form, atomically."""
    buffer = io.BytesIO()
    joblib.dump(without_scikit_learn(decisions), buffer)
    storage.write_bytes_atomic(buffer.getvalue(), str(path))


def save_json_model(decisions, path: Path) -> None:
    """Write decisions held as plain numbers (a dataclass; None where too few examples fitted any) to `path` as JSON,
    atomically."""
    body = None if decisions is None else dataclasses.asdict(decisions)
    storage.write_bytes_atomic((json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8"), str(path))
