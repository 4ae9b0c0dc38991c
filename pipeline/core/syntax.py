"""The grammar of one sentence as plain data, and the syntactic features read from it.

Only sentences that may state a fact are parsed (the NLP stage picks them); their tokens are kept as
`(start, end, lemma, pos, dep, head)` rows with character offsets into the article, so extraction reads the
dependency tree without spaCy objects. Features name the relation between an amount and the words that
govern it — its verb, the verb's subject, the preposition before it ("rose by", "exports to") — and between
an amount and a place (subject of the same verb, possessor of the amount's noun, object of "to" / "from").
"""
from __future__ import annotations

from dataclasses import dataclass

VERB_POS = ("VERB", "AUX")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    lemma: str
    pos: str
    dep: str
    head: int  # index of the head token in the sentence; the root is its own head


@dataclass(frozen=True)
class SentenceParse:
    tokens: tuple[Token, ...]

    def _tokens_in(self, start: int, end: int) -> list[int]:
        return [i for i, t in enumerate(self.tokens) if t.start < end and start < t.end]

    def span_head(self, start: int, end: int) -> int | None:
        """The token of a character span whose head lies outside the span."""
        inside = self._tokens_in(start, end)
        for i in inside:
            head = self.tokens[i].head
            if head == i or head not in inside:
                return i
        return None

    def ancestors(self, i: int) -> list[int]:
        chain = []
        while self.tokens[i].head != i and len(chain) < 30:
            i = self.tokens[i].head
            chain.append(i)
        return chain

    def governing_verb(self, i: int) -> int | None:
        return next((a for a in self.ancestors(i) if self.tokens[a].pos in VERB_POS), None)

    def children(self, i: int) -> list[int]:
        return [j for j, t in enumerate(self.tokens) if t.head == i and j != i]

    def subject(self, verb: int) -> int | None:
        return next((j for j in self.children(verb) if self.tokens[j].dep in ("nsubj", "nsubjpass")), None)

    def amount_features(self, start: int, end: int) -> dict[str, float]:
        head = self.span_head(start, end)
        if head is None:
            return {}
        t = self.tokens[head]
        f = {f"dep:{t.dep}": 1.0}
        if t.head != head:
            parent = self.tokens[t.head]
            f[f"parent:{parent.lemma.lower()}"] = 1.0
            f[f"dep_parent:{t.dep}:{parent.lemma.lower()}"] = 1.0
            if parent.pos == "ADP" and parent.head != t.head:
                grand = self.tokens[parent.head]
                f[f"prep_head:{parent.lemma.lower()}:{grand.lemma.lower()}"] = 1.0
                f[f"prep_head_pos:{parent.lemma.lower()}:{grand.pos}"] = 1.0
            if parent.pos in ("NOUN", "PROPN"):
                f[f"noun_parent:{parent.lemma.lower()}"] = 1.0
        # "a $3bn trade deficit": the noun the amount modifies, through its currency token
        for j in self.children(head):
            c = self.tokens[j]
            if c.pos in ("NOUN", "PROPN") and not (start <= c.start < end):
                f[f"child_noun:{c.lemma.lower()}"] = 1.0
        verb = self.governing_verb(head)
        if verb is not None:
            v = self.tokens[verb]
            f[f"verb:{v.lemma.lower()}"] = 1.0
            subject = self.subject(verb)
            if subject is not None and not (start <= self.tokens[subject].start < end):
                s = self.tokens[subject]
                f[f"subject:{s.lemma.lower()}"] = 1.0
                f[f"subject_pos:{s.pos}"] = 1.0
                f[f"verb_subject:{v.lemma.lower()}:{s.lemma.lower()}"] = 1.0
            f[f"path_len:{min(len(self.ancestors(head)) - len(self.ancestors(verb)), 4)}"] = 1.0
        else:
            f["no_verb"] = 1.0
        return f

    def attachment(self, index: int, prefix: str) -> dict[str, float]:
        """How a token hangs in the sentence: its relation, and the preposition that governs it ("to", "with")."""
        token = self.tokens[index]
        f = {f"{prefix}_dep:{token.dep}": 1.0}
        if token.head != index and self.tokens[token.head].pos == "ADP":
            f[f"{prefix}_prep:{self.tokens[token.head].lemma.lower()}"] = 1.0
        return f

    def place_features(self, amount_start: int, amount_end: int, place_start: int, place_end: int) -> dict[str, float]:
        amount, place = self.span_head(amount_start, amount_end), self.span_head(place_start, place_end)
        if amount is None or place is None:
            return {}
        p = self.tokens[place]
        f = self.attachment(place, "place")
        amount_up = [amount, *self.ancestors(amount)]
        place_up = [place, *self.ancestors(place)]
        common = next((a for a in amount_up if a in place_up), None)
        if common is not None:
            f[f"tree_distance:{min(amount_up.index(common) + place_up.index(common), 6)}"] = 1.0
            f[f"meet_pos:{self.tokens[common].pos}"] = 1.0
        verb = self.governing_verb(amount)
        subject = self.subject(verb) if verb is not None else None
        if subject is not None and (subject == place or subject in place_up[:3]):
            f["subject_of_amount_verb"] = 1.0
        if p.dep == "poss" and p.head in amount_up[:3]:
            f["possessor_of_amount_noun"] = 1.0
        if p.head == amount or (p.head in amount_up[:2] and p.dep in ("compound", "amod", "nmod")):
            f["modifies_amount_noun"] = 1.0
        return f


def parse_from_rows(rows: list[tuple[int, int, str, str, str, int]]) -> SentenceParse:
    return SentenceParse(tuple(Token(*row) for row in rows))
