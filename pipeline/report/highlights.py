"""An article's text with every mention and fact highlighted by kind, as `<mark>` elements drawn by
spaCy's displaCy entity renderer.

displaCy draws spans that do not overlap. Mentions, leaders and figures are short and rarely do; where
two overlap the more telling kind wins (a figure over a mention). An agreement is a whole clause that
holds mentions and figures: it is drawn as an outer mark whose text is the clause's own rendering
(displaCy lets a span's params replace its text), so both layers show.
"""
from __future__ import annotations

import bisect
import html
from dataclasses import dataclass

from spacy.displacy.render import EntityRenderer
from spacy.displacy.templates import TPL_ENTS

# kind: (label shown on the mark, background colour)
KINDS = {
    "figure": ("FIGURE", "#ffd166"),
    "leader": ("LEADER", "#f4a3c0"),
    "country": ("COUNTRY", "#9ad0f5"),
    "group": ("GROUP", "#b5e3d8"),
    "person": ("PERSON", "#ddc6f5"),
    "org": ("ORG", "#d9d9d9"),
    "agreement": ("AGREEMENT", "#d7f0c6"),
}
MENTION_KINDS = {"COUNTRY": "country", "HISTORICAL": "country", "GROUP": "group", "PERSON": "person", "ORG": "org"}
INLINE_PRIORITY = ["figure", "leader", "country", "group", "person", "org"]   # who wins an overlap

MARK = ('<mark id="{anchor}" class="nf nf-{kind}" data-kind="{kind}" data-facts="{facts}" data-start="{start}" '
        'data-end="{end}" title="{note}" style="background: {bg}">{text}<span class="nf-label">{label}</span></mark>')


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    kind: str
    facts: tuple[str, ...]   # ids of the facts or entities the span is (figure_id, agreement_id, leader_id, country_id)
    note: str = ""

    @property
    def anchor(self) -> str:
        """The mark's element id: fact tables link to it."""
        return self.facts[0] if self.kind in ("figure", "agreement") and self.facts else f"{self.kind}-{self.start}"


def mention_highlights(mentions: list[dict], leader_ids: set[str]) -> list[Highlight]:
    spans = []
    for m in mentions:
        kind = MENTION_KINDS.get(m["label"])
        if kind is None or m["start_char"] is None:   # DATELINE rows have no offsets
            continue
        if kind == "person" and m["entity_id"] in leader_ids:
            kind = "leader"
        spans.append(Highlight(m["start_char"], m["end_char"], kind, (m["entity_id"],) if m["entity_id"] else (), m["label"]))
    return spans


def inline_layer(spans: list[Highlight]) -> list[Highlight]:
    """The spans displaCy can draw side by side: by kind priority, each one that overlaps none already taken."""
    taken: list[Highlight] = []
    starts: list[int] = []
    for span in sorted(spans, key=lambda s: (INLINE_PRIORITY.index(s.kind), s.start, -s.end)):
        at = bisect.bisect_left(starts, span.start)
        before, after = (taken[at - 1] if at else None), (taken[at] if at < len(taken) else None)
        if (before and before.end > span.start) or (after and after.start < span.end):
            continue
        taken.insert(at, span)
        starts.insert(at, span.start)
    return taken


def agreement_regions(agreements: list[Highlight], inline: list[Highlight]) -> list[Highlight]:
    """Agreement clauses as outer regions: overlapping clauses merge, and a region grows to hold any
    inline span it cuts, so every inline span lies wholly inside or outside each region."""
    regions: list[Highlight] = []
    for clause in sorted(agreements, key=lambda a: (a.start, a.end)):
        start, end = clause.start, clause.end
        for span in inline:
            if span.start < start < span.end:
                start = span.start
            if span.start < end < span.end:
                end = span.end
        if regions and start < regions[-1].end:
            last = regions.pop()
            clause = Highlight(last.start, max(end, last.end), "agreement", last.facts + clause.facts, f"{last.note}; {clause.note}")
            start, end = clause.start, clause.end
        regions.append(Highlight(start, end, "agreement", clause.facts, clause.note))
    return regions


def _display_span(span: Highlight, offset: int, text: str | None = None) -> dict:
    label, colour = KINDS[span.kind]
    params = {"anchor": html.escape(span.anchor), "kind": span.kind, "facts": html.escape(" ".join(span.facts)),
              "start": span.start, "end": span.end, "note": html.escape(span.note), "bg": colour}
    if text is not None:
        params["text"] = text
    return {"start": span.start - offset, "end": span.end - offset, "label": label, "params": params}


def _render(renderer: EntityRenderer, text: str, spans: list[dict]) -> str:
    """displaCy's markup of the text, without the block it wraps every rendering in."""
    head, tail = TPL_ENTS.format(content="\0", dir=renderer.direction).split("\0")
    markup = renderer.render_ents(text, spans, None)
    return markup[len(head):len(markup) - len(tail)]


def highlighted_html(text: str, spans: list[Highlight], agreements: list[Highlight]) -> str:
    """The text as HTML: inline spans as marks, agreements as marks around theirs; newlines as <br>."""
    renderer = EntityRenderer({"template": MARK})
    inline = inline_layer(spans)
    regions = agreement_regions(agreements, inline)
    top: list[dict] = []
    for region in regions:
        inside = [_display_span(s, region.start) for s in inline if region.start <= s.start and s.end <= region.end]
        top.append(_display_span(region, 0, _render(renderer, text[region.start:region.end], inside)))
    top += [_display_span(s, 0) for s in inline if not any(r.start <= s.start and s.end <= r.end for r in regions)]
    return _render(renderer, text, sorted(top, key=lambda s: s["start"]))
