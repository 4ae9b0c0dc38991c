"""The <mark> elements of an evidence page, read with the standard library's HTML parser: kind, offsets,
fact ids, the text they hold, and the kinds of the marks around them."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Mark:
    kind: str
    start: int
    end: int
    facts: list[str]
    outer: list[str]                 # kinds of the marks this one is inside
    text: str = ""                   # the marked text, without the label displaCy adds
    label: str = ""


@dataclass
class _MarkParser(HTMLParser):
    marks: list[Mark] = field(default_factory=list)
    open: list[Mark] = field(default_factory=list)
    in_label: int = 0

    def __post_init__(self):
        super().__init__()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark" and "data-kind" in attrs:
            mark = Mark(attrs["data-kind"], int(attrs["data-start"]), int(attrs["data-end"]), attrs["data-facts"].split(),
                        [m.kind for m in self.open])
            self.marks.append(mark)
            self.open.append(mark)
        elif tag == "span" and "nf-label" in (attrs.get("class") or ""):
            self.in_label += 1

    def handle_endtag(self, tag):
        if tag == "mark" and self.open:
            self.open.pop()
        elif tag == "span" and self.in_label:
            self.in_label -= 1

    def handle_data(self, data):
        for mark in self.open:
            if self.in_label and mark is self.open[-1]:
                mark.label += data
            elif not self.in_label:
                mark.text += data


def marks_of(html: str) -> list[Mark]:
    parser = _MarkParser()
    parser.feed(html)
    return parser.marks
