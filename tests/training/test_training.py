"""Issue #14: `newsfacts train` fits the learned decisions from a split of the ground truth, the pipeline
reads with the fitted models it is given, and `newsfacts score --split` scores a warehouse per corpus."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import joblib
import pytest

from pipeline.core.agreement_model import AgreementDecisions
from pipeline.core.figure_model import FigureDecisions
from pipeline.core.leader_links import LinkDecisions, load_link_decisions
from pipeline.core.leader_model import LeaderDecisions
from pipeline.core.learned_models import MODELS_DIR as DEFAULT_MODELS
from pipeline.quality.ground_truth import DEFAULT_DIR, load_ground_truth
from pipeline.training.stories import write_inbox
from tests.conftest import SEEDS_DIR, models_loaded_in_a_fresh_process

TRAIN_SAMPLE = 12


def newsfacts(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          env={**os.environ, "NEWSFACTS_LOG_LEVEL": "WARNING", **(env or {})}, timeout=900)


@pytest.fixture(scope="module")
def small_ground_truth(tmp_path_factory) -> Path:
    """The project's ground truth with splits cut down to a few short train stories (a 'test' split among them)."""
    folder = tmp_path_factory.mktemp("ground_truth") / "expected"
    shutil.copytree(DEFAULT_DIR, folder)
    truth = load_ground_truth()
    reuters = [i for i in truth.splits["train"] if i.startswith("reuters") and (truth.entries.get(i) or {}).get("figures")]
    splits = {"train": reuters[:TRAIN_SAMPLE], "test": reuters[TRAIN_SAMPLE:TRAIN_SAMPLE + 3], "double_annotated": [], "uniform": []}
    (folder / "splits.json").write_text(json.dumps(splits))
    return folder


@pytest.fixture(scope="module")
def fitted_models(small_ground_truth, tmp_path_factory) -> Path:
    models = tmp_path_factory.mktemp("models")
    work = tmp_path_factory.mktemp("training")
    done = newsfacts("train", "--ground-truth", str(small_ground_truth), "--work", str(work), "--models-dir", str(models))
    assert done.returncode == 0, done.stderr[-3000:]
    return models


def test_training_writes_a_model_of_the_figure_decisions(fitted_models):
    decisions = joblib.load(fitted_models / "figures.joblib")
    assert isinstance(decisions, FigureDecisions)
    assert "bias" in decisions.vectorizer.vocabulary_


def test_training_writes_a_model_of_the_agreement_decisions(fitted_models):
    decisions = joblib.load(fitted_models / "agreements.joblib")
    assert isinstance(decisions, AgreementDecisions)
    assert "bias" in decisions.vectorizer.vocabulary_ and decisions.training_digest


def test_training_writes_a_model_of_the_leader_decisions(fitted_models):
    decisions = joblib.load(fitted_models / "leaders.joblib")
    assert isinstance(decisions, LeaderDecisions)
    assert "bias" in decisions.vectorizer.vocabulary_ and decisions.training_digest


def test_training_writes_the_decision_of_which_untitled_links_to_a_leader_count(fitted_models):
    # a dozen stories may hold no untitled link at all: then no model is fitted, and every link counts
    assert (fitted_models / "leader_links.json").exists()
    decisions = load_link_decisions.__wrapped__(fitted_models)
    assert decisions is None or (isinstance(decisions, LinkDecisions) and decisions.training_digest)


def test_the_fitted_models_load_without_scikit_learn(fitted_models):
    loaded, imported_scikit_learn = models_loaded_in_a_fresh_process(fitted_models)
    assert {"agreements", "figures", "leaders"} <= set(loaded) and not imported_scikit_learn


def test_the_pipeline_reads_with_the_models_it_is_given(fitted_models, tmp_path):
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    shutil.copytree(SEEDS_DIR, inbox)
    env = {"NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse), "NEWSFACTS_MODELS": str(fitted_models)}
    done = newsfacts("build", env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    with duckdb.connect(str(warehouse / "newsfacts.duckdb"), read_only=True) as con:
        methods = {m for (m,) in con.execute("select distinct method from fact_figure").fetchall()}
        measures = {m for (m,) in con.execute("select distinct measure from fact_figure").fetchall()}
        agreement_methods = {m for (m,) in con.execute("select distinct method from dim_agreement").fetchall()}
        leader_methods = {m for (m,) in con.execute("select distinct method from fact_leader_role").fetchall()}
    assert methods == {"model:figures"}
    assert agreement_methods == {"model:agreements"}
    assert leader_methods == {"model:title-name"}
    assert measures <= {"level", "change"}


def test_score_split_prints_each_corpus_and_the_gap(small_ground_truth, tmp_path):
    truth = load_ground_truth(small_ground_truth)
    inbox, warehouse = tmp_path / "inbox", tmp_path / "warehouse"
    write_inbox(set(truth.splits["test"]) | set(truth.splits["train"][:3]), inbox)
    env = {"NEWSFACTS_INBOX": str(inbox), "NEWSFACTS_WAREHOUSE": str(warehouse)}
    assert newsfacts("build", env=env).returncode == 0
    done = newsfacts("score", "--split", "test", "--ground-truth", str(small_ground_truth), env=env)
    assert done.returncode == 0, done.stderr
    assert "| test | all | 3 |" in done.stdout and "| test | Reuters 1987 | 3 |" in done.stdout
    assert "| train | all | 3 |" in done.stdout and "train F1 - test F1" in done.stdout


def test_training_only_one_model_leaves_the_others(small_ground_truth, tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    (models / "agreements.joblib").write_bytes(b"the packaged model")
    done = newsfacts("train", "--ground-truth", str(small_ground_truth), "--work", str(tmp_path / "work"),
                     "--models-dir", str(models), "--only", "capitals")
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(p.name for p in models.iterdir()) == ["agreements.joblib", "capitals.joblib"]
    assert (models / "agreements.joblib").read_bytes() == b"the packaged model"


def test_training_an_unknown_model_says_so_in_one_line(small_ground_truth, tmp_path, capsys):
    from pipeline.cli import main

    assert main(["train", "--ground-truth", str(small_ground_truth), "--work", str(tmp_path / "work"),
                 "--models-dir", str(tmp_path / "models"), "--only", "figurs"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("newsfacts train: no trainer named figurs") and "Traceback" not in error
    assert not (tmp_path / "work").exists() and not (tmp_path / "models").exists()   # refused before any build


def test_refitting_the_leader_countries_keeps_the_leader_detector(small_ground_truth, tmp_path):
    models = tmp_path / "models"
    done = newsfacts("train", "--ground-truth", str(small_ground_truth), "--work", str(tmp_path / "work"),
                     "--models-dir", str(models), "--only", "leader_countries")
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(p.name for p in models.iterdir()) == ["leaders.joblib"]
    packaged, refitted = (joblib.load(folder / "leaders.joblib") for folder in (DEFAULT_MODELS, models))
    assert refitted.vectorizer.vocabulary_ == packaged.vectorizer.vocabulary_ and refitted.threshold == packaged.threshold
    assert (refitted.model.coef_ == packaged.model.coef_).all()
    assert refitted.country_model is not None and refitted.training_digest != packaged.training_digest
