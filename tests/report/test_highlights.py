"""Every mention and fact of an article becomes a <mark> of its kind at its offsets; agreements hold theirs."""
from __future__ import annotations

from pipeline.report.highlights import Highlight, agreement_regions, highlighted_html, inline_layer, mention_highlights
from tests.report.marks import marks_of

TEXT = "China and Kazakhstan agreed to lift trade to $40 billion, President Xi Jinping said.\nTrade was $31 billion."


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


def mention(word: str, label: str, entity_id: str | None = None) -> dict:
    start, end = at(word)
    return {"start_char": start, "end_char": end, "label": label, "entity_id": entity_id, "text": word}


MENTIONS = [mention("China", "COUNTRY", "CHN"), mention("Kazakhstan", "COUNTRY", "KAZ"),
            mention("Xi Jinping", "PERSON", "L1"), {"start_char": None, "end_char": None, "label": "DATELINE",
                                                     "entity_id": "CHN", "text": None}]
FIGURES = [Highlight(*at("$40 billion"), "figure", ("F1",)), Highlight(*at("$31 billion"), "figure", ("F2",))]
AGREEMENT = Highlight(0, at("$40 billion")[1], "agreement", ("A1",), "trade, agreed")


def test_mentions_take_their_kind_and_a_named_leader_is_a_leader():
    spans = mention_highlights(MENTIONS, leader_ids={"L1"})
    assert [(TEXT[s.start:s.end], s.kind, s.facts) for s in spans] == [
        ("China", "country", ("CHN",)), ("Kazakhstan", "country", ("KAZ",)), ("Xi Jinping", "leader", ("L1",))]


def test_where_spans_overlap_a_figure_wins_over_a_mention():
    org = Highlight(at("trade to $40")[0], at("$40")[1], "org", ())
    kept = inline_layer([org, *FIGURES])
    assert [s.kind for s in kept] == ["figure", "figure"]


def test_an_agreement_region_grows_to_hold_a_mention_it_would_cut():
    cut = Highlight(*at("Kazakhstan"), "country", ("KAZ",))
    region, = agreement_regions([Highlight(0, cut.start + 3, "agreement", ("A1",))], [cut])
    assert (region.start, region.end) == (0, cut.end)


def test_every_figure_and_mention_is_a_mark_and_the_agreement_holds_its_own():
    html = highlighted_html(TEXT, FIGURES + mention_highlights(MENTIONS, {"L1"}), [AGREEMENT])
    marks = marks_of(html)
    by_kind = {}
    for mark in marks:
        by_kind.setdefault(mark.kind, []).append(mark)
    assert [(m.text, m.start, m.end, m.facts) for m in by_kind["figure"]] == [
        ("$40 billion", *at("$40 billion"), ["F1"]), ("$31 billion", *at("$31 billion"), ["F2"])]
    assert all(TEXT[m.start:m.end] == m.text for m in marks if m.kind != "agreement")
    agreement, = by_kind["agreement"]
    assert (agreement.start, agreement.end, agreement.facts) == (AGREEMENT.start, AGREEMENT.end, ["A1"])
    inside = {m.text for m in marks if m.outer == ["agreement"]}
    assert inside == {"China", "Kazakhstan", "$40 billion"}
    assert {m.text for m in marks if not m.outer} == {TEXT[:AGREEMENT.end], "Xi Jinping", "$31 billion"}
    assert "<br>" in html and "&" not in TEXT and "<script" not in html
