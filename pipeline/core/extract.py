"""One article's text and NLP spans in, its mentions and facts out, as plain rows.

This is the per-article unit of work: its output is cached by content hash, so an article passes
through here once per model and extraction-code version.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from pipeline.core.agreement_model import decide_agreements
from pipeline.core.article import AnnotatedArticle, RangeCover
from pipeline.core.capital_model import only_locating_countries
from pipeline.core.countries import CountryGazetteer, PlaceMatch, find_institutions
from pipeline.core.datelines import publisher_country
from pipeline.core.figures import article_amounts, find_figures
from pipeline.core.leaders import find_leaders
from pipeline.core.learned_models import load_model
from pipeline.core.reference_data import word_list
from pipeline.core.spans import TOKEN_LABEL, Span

COUNTRY_ENTITY_LABELS = ("GPE", "NORP", "LOC", "ORG")


@dataclass
class ArticleFacts:
    mentions: list[dict] = field(default_factory=list)
    leaders: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    agreement_parties: list[dict] = field(default_factory=list)


def annotate_article(article_id: str, text: str, spans: list[Span], *, published_date: dt.date | None,
                     dateline_country: str | None, authors: list[str], gazetteer: CountryGazetteer,
                     publisher: str | None = None) -> AnnotatedArticle:
    year = published_date.year if published_date else None
    places = gazetteer.find(text, year=year)
    covered = RangeCover([(p.start, p.end) for p in places])
    # NER finds place names the alias table lacks ("the Federal Republic of Germany")
    for span in spans:
        if span.label in COUNTRY_ENTITY_LABELS and not covered.overlaps(span.start, span.end):
            country_id = gazetteer.normalize(text[span.start:span.end], year=year)
            if country_id is not None and span.label != "ORG":
                places.append(gazetteer.match_at(span.start, span.end, text[span.start:span.end], country_id))
    places.sort(key=lambda p: p.start)
    return AnnotatedArticle(
        article_id=article_id, text=text,
        sentences=[(s.start, s.end) for s in spans if s.label == "SENT"],
        entities=[s for s in spans if s.label not in ("SENT", TOKEN_LABEL)],
        tokens=[s for s in spans if s.label == TOKEN_LABEL],
        places=places, published_date=published_date, dateline_country=dateline_country, authors=authors,
        publisher_country=publisher_country(publisher))


def extract_facts(article: AnnotatedArticle, gazetteer: CountryGazetteer) -> ArticleFacts:
    facts = ArticleFacts()
    aid = article.article_id
    named_by_office = find_leaders(article)
    leader_mentions = [m for m in named_by_office if m.in_office]
    # an office only referred to ("the Labour government") may be no leader's: its words stay a mention of their own
    leader_spans = [(m.start, m.end) for m in leader_mentions if m.country_source != "referred"]
    locating_only = only_locating_countries(article)  # "talks in Geneva": no mention of Switzerland (guideline C1)
    in_business_names = RangeCover(business_names(article))
    places = [p for p in article.places + institutions_outside_places(article) if not in_business_names.overlaps(p.start, p.end)]
    for place in places:
        if place.country_id not in locating_only:
            facts.mentions.append(_mention(aid, article.text, place.start, place.end, place.kind.upper(), place.country_id))
    facts.mentions += entity_mention_rows(article, leader_spans, places)
    facts.leaders += leader_rows(article, named_by_office)
    amounts = article_amounts(article)
    figures = find_figures(article, amounts)
    decisions = load_model("figures")
    if decisions is not None:
        figures = decisions.decide(article, amounts, figures)
    for f in figures:
        period = f.period
        facts.figures.append({
            "article_id": aid, "start_char": f.start, "end_char": f.end, "amount_text": article.text[f.start:f.end],
            "metric": f.metric, "measure": f.measure, "value": f.value, "currency": f.currency, "qualifier": f.qualifier, "kind": f.kind,
            "country_id": f.country_id, "counterpart_id": f.counterpart_id,
            "period_anchor": period.anchor if period else None, "period_year_stated": period.year if period else None,
            "period_month_stated": period.month if period else None, "period_offset": period.offset if period else None,
            "evidence": article.text[f.sentence_start:f.sentence_end], "evidence_start": f.sentence_start,
            "evidence_end": f.sentence_end, "method": f.method})
    names = gazetteer.display_names()
    for n, a in enumerate(decide_agreements(article, names, leader_countries(article, leader_mentions))):
        agreement_id = f"{aid}-a{n}"
        facts.agreements.append({
            "agreement_id": agreement_id, "article_id": aid, "summary": a.summary, "sector": a.sector, "status": a.status,
            "evidence": article.text[a.start:a.end], "start_char": a.start, "end_char": a.end, "method": a.method})
        for p in a.parties:
            facts.agreement_parties.append({"agreement_id": agreement_id, "party_name": p.name, "party_kind": p.kind,
                                            "country_id": p.country_id})
    return facts


def institutions_outside_places(article: AnnotatedArticle) -> list[PlaceMatch]:
    """The government institutions that mention a country ("the Federal Trade Commission", "Congress" in a Washington
    story) where no place was found: mentions only, so titles and agreement parties still read them as bodies."""
    place_cover = RangeCover([(p.start, p.end) for p in article.places])
    return [i for i in find_institutions(article.text, year=article.published_year, filed_from=article.dateline_country)
            if not place_cover.overlaps(i.start, i.end)]


def business_names(article: AnnotatedArticle) -> list[tuple[int, int]]:
    """Spans of the organizations named as a company or news outlet ("American Airlines", "the China Times")."""
    endings = _business_name_endings()
    return [(e.start, e.end) for e in article.entities
            if e.label == "ORG" and article.text[e.start:e.end].endswith(endings)]


@functools.cache
def _business_name_endings() -> tuple[str, ...]:
    return tuple(sep + end for end in sorted(word_list("business_name_ends.txt")) for sep in (" ", "-"))


def entity_mention_rows(article: AnnotatedArticle, leader_spans: list[tuple[int, int]],
                        places: list[PlaceMatch] | None = None) -> list[dict]:
    """The PERSON and ORG entities that are neither a leader's name nor a place (the article's, or those given: a
    government body that mentions its country is that mention, not an ORG one besides)."""
    places = article.places if places is None else places
    leader_cover, place_cover = RangeCover(leader_spans), RangeCover([(p.start, p.end) for p in places])
    return [_mention(article.article_id, article.text, entity.start, entity.end, entity.label, None)
            for entity in article.entities
            if entity.label in ("PERSON", "ORG") and not leader_cover.overlaps(entity.start, entity.end)
            and not place_cover.overlaps(entity.start, entity.end)]


def leader_rows(article: AnnotatedArticle, named_by_office) -> list[dict]:
    return [{"article_id": article.article_id, "start_char": m.start, "end_char": m.end, "text": article.text[m.start:m.end],
             "name": m.name, "role": m.role, "country_id": m.country_id, "country_source": m.country_source,
             "titled": m.titled, "in_office": m.in_office, "evidence": article.text[m.sentence_start:m.sentence_end],
             "evidence_start": m.sentence_start, "evidence_end": m.sentence_end, "method": m.method}
            for m in named_by_office]


def leader_countries(article: AnnotatedArticle, leader_mentions) -> dict[str, str]:
    """Each leader in office by the shortest form the article writes ("Xi", "Obama", "Liu He"), not by a surname it
    never uses alone ("He"), with their country; legislators are no side of an agreement between countries. Extraction
    and the agreements' training read the same leaders through here."""
    shortest: dict[str, str] = {}
    for m in leader_mentions:
        if m.in_office and m.country_id and not m.legislator and len(article.text[m.start:m.end]) < len(shortest.get(m.name, m.name + " ")):
            shortest[m.name] = article.text[m.start:m.end]
    return {shortest[m.name]: m.country_id for m in leader_mentions if m.name in shortest}


def _mention(article_id: str, text: str, start: int, end: int, label: str, entity_id: str | None) -> dict:
    return {"article_id": article_id, "start_char": start, "end_char": end, "text": text[start:end],
            "label": label, "entity_id": entity_id}
