"""spaCy model loading and the annotation pass.

Every sentence needs only its boundaries and named entities, so the pass runs the model's `senter` and
`ner` over the whole text. Grammar is read only where a fact may be stated: sentences with a money amount
beside a place or a metric word, or with an agreement word, go through the model's tagger, parser and
lemmatizer too (the `candidate_syntax` component, in the same worker processes), a fifth of the text. Its
output is plain data (character spans, and token rows for the parsed sentences), so everything after it is
testable and cacheable without spaCy objects.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence

import spacy
import srsly.msgpack
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.core.failures import Failure
from pipeline.core.figure_cues import METRIC_PATTERN
from pipeline.core.spans import DEFAULT_MODEL, TOKEN_LABEL, Span, SpanRow

SYNTAX_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# sentences whose grammar the fact extractors read: an agreement, or an amount of money that may be a country's
# figure — with a place or a metric word beside it (a company's results, most of the money of a wire, are not parsed)
MONEY = re.compile(
    r"[$£€¥]|\d\s*(?:bn|m|tn)\b|\b(?:billions?|millions?|trillions?|bln|mln|dlrs?|stg|yen|marks|francs|pesos|rupees|euros?)\b",
    re.IGNORECASE)
AGREEMENT_WORD = re.compile(r"\b(?:agree(?:d|s|ment|ments)?|accords?|deals?|treat(?:y|ies)|pacts?|truce|memorandum|ceasefire|cease-fire)\b",
                            re.IGNORECASE)
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
# a longer text goes through the model in pieces of at most this many characters (and never more than the
# model's own `max_length`): memory stays bounded and spaCy's E088 never fires. Sentences never run across a
# paragraph break, where pieces are cut, so the cut costs nothing
MAX_PIECE_CHARS = 20_000
# where a piece may end, best first: a paragraph break, a line break, a sentence end, any space
PIECE_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'\u201d)\]]*\s+"), re.compile(r"\s+"))


def load_model(name: str = DEFAULT_MODEL, *, parse_candidates: bool = True) -> Language:
    """Load an installed model package by name (never downloads), once: its sentence and entity components run
    over every text, its syntax components only in the component that parses the sentences that may state a fact."""
    _msgpack_hooks_read_once()
    nlp = spacy.load(name, exclude=[] if parse_candidates else list(SYNTAX_COMPONENTS))
    for component in SYNTAX_COMPONENTS:
        if component in nlp.pipe_names:
            nlp.disable_pipe(component)
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    if "senter" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer", first=True)
    if parse_candidates:
        nlp.add_pipe("candidate_syntax", last=True, config={"model": name})
    nlp.add_pipe("span_rows", last=True)
    return nlp


@functools.cache
def cached_model(name: str) -> Language:
    """`load_model(name)`, once per process: worker processes forked after it inherit the loaded model."""
    return load_model(name)


def _msgpack_hooks_read_once() -> None:
    """srsly looks its msgpack encoders and decoders up on each pack and unpack, in every installed package's
    entry points and then through the whole catalogue registry (0.3 to 0.5 ms a time), and a doc crossing
    from a spaCy worker process is packed and unpacked several times: about a millisecond per article on each
    side, ten times the packing itself. The hooks (those registered on import, and any entry point's) are read
    once here and kept; the worker processes, forked after, inherit them."""
    for registry in (srsly.msgpack.msgpack_encoders, srsly.msgpack.msgpack_decoders):
        if registry.entry_points:
            for hook_name, hook in registry.get_entry_points().items():
                registry.register(hook_name, func=hook)
            registry.entry_points = False
            hooks = registry.get_all()
            registry.get_all = lambda hooks=hooks: dict(hooks)


@Language.factory("candidate_syntax", default_config={"model": DEFAULT_MODEL, "batch_size": 256})
class CandidateSyntax:
    """Parses the sentences that may state a fact with the model's own tagger, parser and lemmatizer, and keeps
    their tokens in `doc.user_data["syntax"]` as plain rows (start, end, lemma, pos, dep, head start). The
    components are the pipeline's own (loaded with it, left out of its pass over whole texts), or, when the
    pipeline has none, those of `model` loaded beside it."""

    def __init__(self, nlp: Language, name: str, model: str, batch_size: int):
        own = [component for component in SYNTAX_COMPONENTS if component in nlp.component_names]
        syntax = nlp if own else spacy.load(model, exclude=["ner", "senter"])
        self.make_doc = syntax.make_doc
        self.components = [syntax.get_pipe(component) for component in SYNTAX_COMPONENTS if component in syntax.component_names]
        self.batch_size = batch_size

    def __call__(self, doc):
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int = 64):
        batch: list = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._parse(batch)
                batch = []
        if batch:
            yield from self._parse(batch)

    def _parse(self, docs: list):
        # `doc.text` joins every token each time it is read: once per doc, or a long text costs quadratic time
        wanted = []
        for doc in docs:
            text = doc.text
            places = [e.start_char for e in doc.ents if e.label_ in PLACE_LABELS]
            bounds = sentence_bounds(doc, text)
            wanted += [(doc, text, start, end) for start, end in bounds if may_state_a_fact(text, start, end, places)]
            doc.user_data["syntax"] = []
            doc.user_data["sentences"] = bounds   # for span_rows, which would read them again
        parsed = (self.make_doc(text[start:end]) for _, text, start, end in wanted)
        for component in self.components:   # as Language.pipe chains them, batch by batch
            parsed = component.pipe(parsed, batch_size=self.batch_size)
        for (doc, _, start, _), sentence in zip(wanted, parsed):
            doc.user_data["syntax"] += [(start + t.idx, start + t.idx + len(t), t.lemma_, t.pos_, t.dep_, start + t.head.idx)
                                        for t in sentence]
        return docs


@Language.factory("span_rows")
class SpanRows:
    """Replaces each doc by an empty one that carries its spans as plain rows (`doc.user_data["spans"]`): a
    worker process of `nlp.pipe` sends only these back, not a whole serialized Doc that the main process
    would read back token by token, only to take these same spans from it."""

    def __init__(self, nlp: Language, name: str):
        self.vocab = nlp.vocab

    def __call__(self, doc):
        bounds = doc.user_data["sentences"] if "sentences" in doc.user_data else sentence_bounds(doc)
        rows = [(start, end, "SENT") for start, end in bounds]
        rows += [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        rows += [(start, end, TOKEN_LABEL, lemma, pos, dep, head) for start, end, lemma, pos, dep, head in doc.user_data.get("syntax", [])]
        compact = Doc(self.vocab)
        compact.user_data["spans"] = rows
        compact._context = doc._context
        return compact


def may_state_a_fact(text: str, start: int, end: int, place_starts: list[int]) -> bool:
    """An agreement word, or money with a place (an entity starting in the sentence: `place_starts`, in order)
    or a metric word beside it."""
    if AGREEMENT_WORD.search(text, start, end):
        return True
    has_place = bisect.bisect_left(place_starts, start) < bisect.bisect_left(place_starts, end)
    return bool(MONEY.search(text, start, end)) and (has_place or bool(METRIC_PATTERN.search(text, start, end)))


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _split_paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence model sometimes runs a sentence across a paragraph break; a paragraph always ends one."""
    for m in PARAGRAPH_BREAK.finditer(text, start, end):
        if text[start:m.start()].strip():
            yield start, m.start()
        start = m.end()
    if text[start:end].strip():
        yield start, end


def sentence_bounds(doc, text: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence; `text` is `doc.text` when the caller has it already."""
    text = doc.text if text is None else text
    return [(start, end) for s in doc.sents for start, end in _split_paragraphs(text, s.start_char, s.end_char)]


def text_pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most `max_chars` that cover the text, each cut at the last
    paragraph break in the second half of its window, else a line break, a sentence end or a space (a
    hard cut only when the window has none of them)."""
    pieces, start = [], 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        end = next((last.end() for pattern in PIECE_BREAKS
                    if (last := _last_match(pattern, text, start + max_chars // 2, limit))), limit)
        pieces.append((start, end))
        start = end
    pieces.append((start, len(text)))
    return pieces


def _last_match(pattern: re.Pattern, text: str, start: int, end: int) -> re.Match | None:
    last = None
    for last in pattern.finditer(text, start, end):
        pass
    return last


def annotate(nlp: Language, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64,
             piece_chars: int = MAX_PIECE_CHARS) -> Iterator[list[Span] | Failure]:
    """For each text, in order: its sentences (label SENT), its entities, and the tokens of its parsed
    sentences, as character spans into the whole text; or the Failure that kept the model from reading it
    (the other texts are read all the same).

    A long text is read in pieces (`text_pieces`), one piece at a time (a batch of its pieces would hold its
    whole length in the model's memory at once), before the other texts, which are read in batches."""
    for rows in annotate_rows(nlp, texts, n_process=n_process, batch_size=batch_size, piece_chars=piece_chars):
        yield rows if isinstance(rows, Failure) else [Span(*row) for row in rows]


def annotate_rows(nlp: Language, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 64,
                  piece_chars: int = MAX_PIECE_CHARS) -> Iterator[list[SpanRow] | Failure]:
    """`annotate`, each span as a plain row of the fields of `Span` (SPAN_COLUMNS): the NLP stage puts them in
    columns straight away, without making an object of each."""
    limit = min(piece_chars, nlp.max_length)
    pieces = [text_pieces(text, limit) for text in texts]
    long_texts = [i for i, text_pieces_ in enumerate(pieces) if len(text_pieces_) > 1]
    read_long = _pipe_isolated(nlp, [texts[i][start:end] for i in long_texts for start, end in pieces[i]], n_process, 1)
    long_spans = {i: _joined(pieces[i], read_long) for i in long_texts}
    read = _pipe_isolated(nlp, [text for i, text in enumerate(texts) if i not in long_spans], n_process, batch_size)
    for i in range(len(texts)):
        yield long_spans.pop(i) if i in long_spans else _joined(pieces[i], read)
    if next(read, None) is not None:  # reads the pipe to its end, so its worker processes finish
        raise RuntimeError("spaCy returned more documents than texts")


def _joined(pieces: list[tuple[int, int]], read: Iterator) -> list[SpanRow] | Failure:
    """The span rows of one text from the docs of its pieces (offsets into the whole text), or its first failure."""
    rows: list[SpanRow] = []
    failure = None
    for start, _ in pieces:
        doc = next(read)
        if isinstance(doc, Failure):
            failure = failure or doc
        elif failure is None:
            rows += _doc_rows(doc, start)
    return failure or rows


def _doc_rows(doc, offset: int) -> list[SpanRow]:
    return [(offset + row[0], offset + row[1], row[2], None, None, None, None) if len(row) == 3
            else (offset + row[0], offset + row[1], row[2], row[3], row[4], row[5], offset + row[6])
            for row in doc.user_data["spans"]]


def _pipe_isolated(nlp: Language, texts: list[str], n_process: int, batch_size: int) -> Iterator:
    """`nlp.pipe` over the texts, yielding a Doc or a Failure for each. When the pipe raises, the docs it
    yielded are kept, the batch it failed in is read again one text at a time in this process (each text
    that raises again is a Failure), and the pipe resumes after that batch."""
    start = 0
    while start < len(texts):
        try:
            for doc in nlp.pipe(texts[start:] if start else texts, n_process=n_process, batch_size=batch_size):
                start += 1
                yield doc
            return
        except Exception:  # noqa: BLE001 — which text failed is found by reading the batch one by one
            pass
        for text in texts[start:start + batch_size]:
            try:
                yield nlp(text)
            except Exception as error:  # noqa: BLE001 — one text's failure never costs the others theirs
                yield Failure.caught(error)
        start += batch_size
