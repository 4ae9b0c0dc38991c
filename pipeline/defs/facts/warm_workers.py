"""Imported by extraction's fork server (its preload list): the fitted models and the country gazetteer are
loaded there once, while the run does the stages before extraction, so every worker forked from it starts
with them instead of reading them first (half a second per worker, on a refresh all of its extraction)."""
from pipeline.core.countries import CountryGazetteer
from pipeline.core.extraction_version import MODELS_DIR
from pipeline.core.learned_models import load_model

for _path in sorted(MODELS_DIR.glob("*.joblib")):
    load_model(_path.stem)
CountryGazetteer.load()
