"""The spaCy pass with the real model: a text longer than the model reads at once is read in pieces with
every offset into the whole text, and a text the model raises on is a Failure while the others are read."""
from __future__ import annotations

import functools

import pytest
from spacy.language import Language

from pipeline.core.failures import Failure
from pipeline.core.nlp import Span, annotate, load_model, text_pieces
from tests.conftest import REPO
from tests.faults import POISON, poisoned_model

STORY = (REPO / "pipeline" / "sample_inbox" / "000_51cd509281dfdc71.txt").read_text()


@functools.cache
def model() -> Language:
    return load_model()


def entities(spans: list[Span]) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in spans if s.label not in ("SENT", "TOKEN")]


def sentences(spans: list[Span]) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in spans if s.label == "SENT"]


@pytest.mark.parametrize("text, max_chars", [
    (STORY, 1000), ("word " * 5000, 777), ("x" * 2500, 1000), ("one.\n\ntwo.\n" * 300, 100), ("", 10), ("short", 10)])
def test_pieces_cover_the_text_in_order_each_within_the_limit(text, max_chars):
    pieces = text_pieces(text, max_chars)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in zip(pieces, pieces[1:]))
    assert all(0 < end - start <= max_chars for start, end in pieces if text)


def test_pieces_end_at_paragraph_breaks_when_there_are_some():
    for start, end in text_pieces(STORY, 1500)[:-1]:
        assert STORY[:end].endswith("\n\n"), STORY[end - 20:end + 5]


def test_a_text_over_the_models_max_length_is_read_in_pieces_with_offsets_into_the_whole_text():
    whole = next(annotate(model(), [STORY]))
    nlp = load_model()
    nlp.max_length = 1500           # the story is 3,847 characters: three pieces
    pieced = next(annotate(nlp, [STORY, "Short text about Japan."]))
    assert entities(pieced) == entities(whole) and sentences(pieced) == sentences(whole)
    assert [STORY[s.start:s.end] for s in pieced if s.label == "GPE"] == [STORY[s.start:s.end] for s in whole if s.label == "GPE"]
    tokens = [s for s in pieced if s.label == "TOKEN"]
    assert tokens and all(STORY[t.start:t.end].strip() and 0 <= t.head_start < len(STORY) for t in tokens)


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_text_the_model_raises_on_is_a_failure_and_every_other_text_is_read(n_process):
    texts = [f"Story {i}: Japan and Germany signed a trade deal worth $3 billion." for i in range(9)]
    texts[4] = f"Story 4 about France. {POISON}"
    read = list(annotate(poisoned_model(), texts, n_process=n_process, batch_size=2))
    assert len(read) == len(texts)
    failure = read[4]
    assert isinstance(failure, Failure) and "ValueError: this text breaks a spaCy component" in failure.error
    assert "raise_on_poison" in failure.traceback
    for text, spans in zip(texts[:4] + texts[5:], read[:4] + read[5:]):
        assert not isinstance(spans, Failure)
        assert ("Japan", "GPE") in {(text[s.start:s.end], s.label) for s in spans}


def test_a_failed_piece_fails_only_its_own_long_text():
    nlp = poisoned_model()
    nlp.max_length = 1500
    long_text = STORY + "\n\n" + POISON + "\n\n" + STORY
    read = list(annotate(nlp, [STORY, long_text, STORY]))
    assert isinstance(read[1], Failure)
    assert entities(read[0]) == entities(read[2]) == entities(next(annotate(model(), [STORY])))


def test_docs_cross_from_worker_processes_with_their_spans_and_msgpack_still_packs_numpy():
    """The msgpack hooks are read once at model load (nlp._msgpack_hooks_read_once): what the workers send, and
    numpy arrays (a hook of their own), still pack and unpack as before."""
    import numpy as np
    import srsly

    texts = [STORY, "Japan and China signed a trade agreement worth $3 billion."]
    assert list(annotate(model(), texts, n_process=2)) == list(annotate(model(), texts))
    array = np.arange(6, dtype="float32").reshape(2, 3)
    assert (srsly.msgpack_loads(srsly.msgpack_dumps(array)) == array).all()
