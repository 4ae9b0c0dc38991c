"""The fast reading of the fitted models gives what scikit-learn's own methods give, from the plain form training
saves them in; loading the packaged models imports no scikit-learn."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from pipeline.core.extraction_version import MODELS_DIR
from pipeline.core.learned_models import FeatureVocabulary, LinearClassifier, class_probabilities, predicted_classes, vectorized
from pipeline.training.saved_models import plain
from tests.conftest import models_loaded_in_a_fresh_process


def examples(rng, labels: list) -> tuple[list[dict], list]:
    rows = [{f"word:{w}": float(rng.integers(1, 3)) for w in rng.choice(40, 6, replace=False)} | {"kind": str(rng.choice(["a", "b"]))}
            for _ in range(200)]
    return rows, [labels[(int("word:1" in row) + int("word:2" in row) + int(row["kind"] == "a")) % len(labels)] for row in rows]


@pytest.mark.parametrize("labels", [[False, True], ["change", "level"], ["aid", "debt", "gdp"]])
def test_fast_reading_of_the_plain_form_matches_scikit_learn(labels):
    rows, answers = examples(np.random.default_rng(0), labels)
    vectorizer = DictVectorizer()
    model = LogisticRegression(max_iter=1000).fit(vectorizer.fit_transform(rows), answers)
    plain_vectorizer, plain_model = plain(vectorizer), plain(model)
    assert isinstance(plain_vectorizer, FeatureVocabulary) and isinstance(plain_model, LinearClassifier)
    unseen = [row | {"never seen": 1.0, "kind": "c"} for row in examples(np.random.default_rng(1), labels)[0][:20]]
    fast, slow = vectorized(plain_vectorizer, unseen), vectorizer.transform(unseen)
    assert (fast != slow).nnz == 0
    assert np.allclose(class_probabilities(plain_model, fast), model.predict_proba(slow))
    assert (predicted_classes(plain_model, fast) == model.predict(slow)).all()


def test_an_estimator_without_a_plain_form_is_refused():
    with pytest.raises(TypeError, match="StandardScaler"):
        plain(StandardScaler())


def test_loading_the_packaged_models_imports_no_scikit_learn():
    assert models_loaded_in_a_fresh_process(MODELS_DIR) == (["agreements", "capitals", "figures", "leaders"], False)
