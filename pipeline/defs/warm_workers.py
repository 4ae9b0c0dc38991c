"""The fork server's preload: extraction's modules, spaCy's pass and story grouping imported, and the fitted models,
the country gazetteer, the spaCy model and story grouping's MinHash library loaded there once, while the run does
the stages before spaCy and extraction, so every worker forked from it starts with them instead of reading them
first (half a second to a second per worker: on a refresh, more than its whole spaCy pass, extraction or story
grouping)."""
import gc


def _load() -> None:
    import datasketch  # noqa: F401

    import pipeline.core.extract  # noqa: F401
    import pipeline.defs.entities.annotation  # noqa: F401
    import pipeline.defs.facts.extraction  # noqa: F401
    from pipeline.core.countries import CountryGazetteer
    from pipeline.core.extraction_version import MODELS_DIR
    from pipeline.core.learned_models import load_model
    from pipeline.core.nlp import cached_model
    from pipeline.defs.worker_server import configured_model_name

    for path in sorted(MODELS_DIR.glob("*.joblib")):
        load_model(path.stem)
    CountryGazetteer.load()
    try:
        cached_model(configured_model_name())
    except OSError:   # not installed: a worker that needs it loads it itself and reports the error where it belongs
        pass


# all this makes millions of objects and next to no garbage: no collection until it is loaded (its passes took a
# third of a second of the server's start, which a refresh's spaCy pass waits for). A zero threshold, not
# gc.disable(): srsly turns the collector on again after each msgpack read of the spaCy model.
_thresholds = gc.get_threshold()
gc.set_threshold(0)
try:
    _load()
finally:
    # what the server loaded lives as long as it does: its workers' collections need not walk it (nor copy its pages
    # on write), and the server's exit skips a last collection over it, which kept a caller reading the run's output
    # (the server inherits its stdout and stderr) waiting about half a second after the run ended
    gc.freeze()
    gc.set_threshold(*_thresholds)
