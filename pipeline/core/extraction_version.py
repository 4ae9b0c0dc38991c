"""The version of extraction: a hash of its code, reference data and fitted models, read from their bytes.

Importing it loads no model (nor the libraries that read one), so the stages that only compare versions (cleaning,
the cache keys) leave those imports to the processes that extract.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

# NEWSFACTS_MODELS: a folder of models fitted elsewhere (`newsfacts train --models-dir`) instead of the packaged ones
MODELS_DIR = Path(os.environ.get("NEWSFACTS_MODELS") or Path(__file__).resolve().parents[1] / "models")


def models_version(folder: Path = MODELS_DIR) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.joblib")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _rules_fingerprint() -> str:
    """A hash of the extraction code and reference data: cached results of other rules are recomputed."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    # the fitted models are data too: a retrained model re-extracts what it changes
    for path in sorted((package / "core").glob("*.py")) + sorted((package / "data").glob("*.*")):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update(models_version().encode())
    return digest.hexdigest()[:16]


EXTRACTION_VERSION = _rules_fingerprint()
