"""Shared fixtures: paths to ../shared and warehouses built by the real pipeline (real model, files, DuckDB)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")            # Debian's chromium and chromium-driver
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHARED = REPO.parent / "shared"
SEEDS_DIR = SHARED / "corpus" / "seeds"
REUTERS = SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl"
SCORER = SHARED / "tools" / "score_facts.py"


def pipeline_resources(inbox: Path, warehouse: Path) -> dict:
    from pipeline.defs.resources import SpacyResource, WarehouseResource

    return {"warehouse": WarehouseResource(inbox_dir=str(inbox), warehouse_dir=str(warehouse)),
            "spacy": SpacyResource(n_process=1)}


def build_warehouse(inbox: Path, warehouse: Path, instance: dg.DagsterInstance | None = None) -> dg.ExecuteInProcessResult:
    """Every shard, then the star schema, through Dagster, with the real model and files."""
    from pipeline.build import build_all

    return build_all(pipeline_resources(inbox, warehouse), instance)


def score(database: Path, expected: Path) -> dict:
    import json

    out = subprocess.run([sys.executable, str(SCORER), str(database), str(expected), "--json"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def models_loaded_in_a_fresh_process(models: Path) -> tuple[list[str], bool]:
    """The fitted models a fresh process loads from `models` (by name), and whether it imported scikit-learn for them."""
    import json

    code = ("import json, sys; from pipeline.core.extraction_version import MODELS_DIR; from pipeline.core.learned_models import load_model; "
            "loaded = [p.stem for p in sorted(MODELS_DIR.glob('*.joblib')) if load_model(p.stem) is not None]; "
            "print(json.dumps([loaded, 'sklearn' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "NEWSFACTS_MODELS": str(models)}).stdout
    loaded, imported = json.loads(out)
    return loaded, imported


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory) -> Path:
    inbox = tmp_path_factory.mktemp("seed_inbox")
    for story in SEEDS_DIR.glob("*.txt"):
        shutil.copy(story, inbox / story.name)
    warehouse = tmp_path_factory.mktemp("seed_warehouse")
    assert build_warehouse(inbox, warehouse).success
    return warehouse


@pytest.fixture(scope="session")
def chromium() -> tuple[Path, Path]:
    """Headless Chromium and its chromedriver, installed from Debian if missing."""
    from tests.system_programs import ensure_installed

    ensure_installed([str(CHROMIUM), str(CHROMEDRIVER)], "install_system_packages.sh")
    return CHROMIUM, CHROMEDRIVER


@pytest.fixture(scope="session")
def redis_server() -> str:
    """The redis-server program, installed from Debian if missing."""
    from tests.system_programs import ensure_installed

    ensure_installed(["redis-server"], "install_scale_out_packages.sh")
    return shutil.which("redis-server")
