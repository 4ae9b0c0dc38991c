"""Made-up stories read with the real model, as the trainers receive them."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import annotate_article
from pipeline.core.nlp import annotate, load_model

GAZETTEER = CountryGazetteer.load()


def read_made_up(texts: dict[str, str]) -> list[tuple[str, object]]:
    """(source id, annotated article) per text, dated 2019-06-01, with no dateline."""
    try:
        nlp = load_model()
    except OSError:
        pytest.skip("spaCy model not installed")
    return [(source_id, annotate_article(source_id, text, next(annotate(nlp, [text])), published_date=dt.date(2019, 6, 1),
                                         dateline_country=None, authors=[], gazetteer=GAZETTEER))
            for source_id, text in texts.items()]
