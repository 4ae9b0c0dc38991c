"""The fast reading of the fitted models gives what scikit-learn's own methods give."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline.core.learned_models import class_probabilities, load_model, predicted_classes, vectorized


@pytest.mark.parametrize("name", ["figures", "agreements", "capitals", "leaders"])
def test_fast_reading_matches_scikit_learn(name):
    decisions = load_model(name)
    if decisions is None:
        pytest.skip(f"no {name} model is packaged")
    vectorizer = decisions.vectorizer
    names = list(vectorizer.vocabulary_)
    rng = np.random.default_rng(0)
    rows = [{names[i]: float(rng.integers(1, 3)) for i in rng.choice(len(names), 12, replace=False)} | {"never seen": 1.0}
            for _ in range(20)]
    fast, slow = vectorized(vectorizer, rows), vectorizer.transform(rows)
    assert (fast != slow).nnz == 0
    for model in (getattr(decisions, attribute, None) for attribute in ("detector", "metric", "negative", "sector", "status", "model")):
        if model is not None and getattr(model, "n_features_in_", None) == slow.shape[1]:
            assert np.allclose(class_probabilities(model, fast), model.predict_proba(slow))
            assert (predicted_classes(model, fast) == model.predict(slow)).all()
