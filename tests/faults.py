"""A fault injected into the real spaCy pipeline: a component that raises on one marked text, in the main
process and in spaCy's worker processes alike (stands for any library error on one odd text)."""
from __future__ import annotations

from spacy.language import Language

from pipeline.core.nlp import load_model

POISON = "POISONED-ARTICLE-MARKER"


@Language.component("raise_on_poison")
def raise_on_poison(doc):
    if POISON in doc.text:
        raise ValueError("this text breaks a spaCy component")
    return doc


def poisoned_model(name: str | None = None) -> Language:
    """The project's model (or `name`) with the raising component after the entity recognizer."""
    nlp = load_model(name) if name else load_model()
    nlp.add_pipe("raise_on_poison", after="ner")
    return nlp
