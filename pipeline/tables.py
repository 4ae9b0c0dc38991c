"""Every table the pipeline writes: its columns, types and meaning — the contract of the warehouse.

Assets build empty frames and Dagster column schemas from here, and the README documents it.
"""
from __future__ import annotations

import polars as pl

Column = tuple[str, pl.DataType, str]

# an article a stage failed on: written per shard by the stage (clean_errors, nlp_errors, extraction_errors),
# published together as `extraction_errors`; the article is tried again on the next run
ARTICLE_ERROR_COLUMNS: list[Column] = [
    ("article_id", pl.String, "content hash"),
    ("stage", pl.String, "clean | nlp | extraction | stories: the stage that failed on the article"),
    ("error", pl.String, "the exception raised"),
    ("traceback", pl.String, "where it was raised"),
]

TABLES: dict[str, list[Column]] = {
    "raw_articles": [
        ("article_id", pl.String, "content hash of the article's text and title"),
        ("source_id", pl.String, "the input's own id: a JSON line's id, else the file name"),
        ("source_path", pl.String, "absolute path of the inbox file"),
        ("line_number", pl.Int64, "1-based line of a JSONL file; null for whole files"),
        ("source_format", pl.String, "txt | jsonl | html"),
        ("title", pl.String, "title given by the container, if any"),
        ("raw_text", pl.String, "decoded text as received"),
        ("date_hint", pl.String, "date given by the container (JSON date, HTML metadata)"),
        ("dateline_hint", pl.String, "dateline given by the container"),
        ("publisher_hint", pl.String, "publisher given by the container"),
        ("authors_hint", pl.String, "authors given by the container (JSON author fields, HTML metadata), '; '-joined"),
        ("url", pl.String, "source URL, if any"),
        ("extra_json", pl.String, "other JSON fields of the input, as JSON"),
        ("byte_size", pl.Int64, "size of the file, or of the JSON line, in bytes"),
        ("ingested_at", pl.Datetime("us", "UTC"), "when the article was first seen"),
    ],
    "rejected_inputs": [
        ("source_path", pl.String, "absolute path of the inbox file"),
        ("line_number", pl.Int64, "1-based line of a JSONL file; null for whole files"),
        ("reason", pl.String, "empty | binary | undecodable | too_large | too_long | malformed_json | no_text_field | not_english | "
                              "outside_inbox | unsupported_extension | ignored_hidden | unreadable | read_error | duplicate"),
        ("detail", pl.String, "what exactly was wrong"),
        ("byte_size", pl.Int64, "size in bytes"),
    ],
    "clean_articles": [
        ("article_id", pl.String, "content hash"),
        ("source_id", pl.String, "the input's own id"),
        ("source_path", pl.String, "absolute path of the inbox file"),
        ("title", pl.String, "title"),
        ("text", pl.String, "clean text; every offset in the warehouse points into it"),
        ("published_date", pl.Date, "the article's own date"),
        ("publisher", pl.String, "publisher"),
        ("dateline", pl.String, "dateline place"),
        ("dateline_country_id", pl.String, "country of the dateline (a named country, else its city's country)"),
        ("authors", pl.List(pl.String), "reporters, writers and editors credited"),
        ("word_count", pl.Int64, "words in the clean text"),
        ("rules_version", pl.String, "fingerprint of the cleaning and extraction rules that produced the row"),
    ],
    "nlp_spans": [
        ("article_id", pl.String, "content hash"),
        ("model", pl.String, "spaCy model name and version that produced the span"),
        ("start_char", pl.Int64, "span start in the clean text"),
        ("end_char", pl.Int64, "span end in the clean text"),
        ("label", pl.String, "SENT for a sentence, TOKEN for a token of a parsed sentence, else the entity label"),
        ("lemma", pl.String, "tokens: lemma"),
        ("pos", pl.String, "tokens: universal part of speech"),
        ("dep", pl.String, "tokens: dependency label"),
        ("head_start", pl.Int64, "tokens: start of the head token (the root's own start)"),
    ],
    "entity_mentions": [
        ("article_id", pl.String, "content hash"),
        ("start_char", pl.Int64, "mention start in the clean text"),
        ("end_char", pl.Int64, "mention end in the clean text"),
        ("text", pl.String, "the mention as written"),
        ("label", pl.String, "COUNTRY | HISTORICAL | GROUP | PERSON | ORG"),
        ("entity_id", pl.String, "country_id for places; leader_id for leaders (set in fact_mention)"),
    ],
    "leader_mentions": [
        ("article_id", pl.String, "content hash"),
        ("start_char", pl.Int64, "name start"),
        ("end_char", pl.Int64, "name end"),
        ("text", pl.String, "the name as written here"),
        ("name", pl.String, "fullest form of the name in the article"),
        ("role", pl.String, "political office as stated; null on mentions by name only"),
        ("country_id", pl.String, "country served"),
        ("country_source", pl.String, "explicit | title | story | referred: where the country came from (referred: none here, 'the Trump administration')"),
        ("titled", pl.Boolean, "this mention carries the title"),
        ("in_office", pl.Boolean, "false: named by an office held before or after the story's time ('former President')"),
        ("evidence", pl.String, "the sentence"),
        ("evidence_start", pl.Int64, "sentence start"),
        ("evidence_end", pl.Int64, "sentence end"),
        ("method", pl.String, "extraction method"),
    ],
    "figure_candidates": [
        ("article_id", pl.String, "content hash"),
        ("start_char", pl.Int64, "amount start"),
        ("end_char", pl.Int64, "amount end"),
        ("amount_text", pl.String, "the amount as written"),
        ("metric", pl.String, "GUIDELINE metric"),
        ("measure", pl.String, "level | change: an amount a quantity moves by, signed by direction"),
        ("value", pl.Float64, "signed value in units of the currency"),
        ("currency", pl.String, "ISO 4217"),
        ("qualifier", pl.String, "exact | approx | more_than | less_than | up_to"),
        ("kind", pl.String, "actual | target | forecast | estimate"),
        ("country_id", pl.String, "whose quantity"),
        ("counterpart_id", pl.String, "partner country or group"),
        ("period_anchor", pl.String, "absolute | month | relative_year | relative_month | relative_month_last_year"),
        ("period_year_stated", pl.Int64, "year as written"),
        ("period_month_stated", pl.Int64, "month as written"),
        ("period_offset", pl.Int64, "offset from the publication year or month"),
        ("evidence", pl.String, "the sentence"),
        ("evidence_start", pl.Int64, "sentence start"),
        ("evidence_end", pl.Int64, "sentence end"),
        ("method", pl.String, "extraction method"),
    ],
    "agreement_candidates": [
        ("agreement_id", pl.String, "article id and ordinal"),
        ("article_id", pl.String, "content hash"),
        ("summary", pl.String, "the clause stating the agreement"),
        ("sector", pl.String, "trade | energy | finance | agriculture | security | political | other"),
        ("status", pl.String, "signed | agreed | proposed | expected | rejected"),
        ("evidence", pl.String, "the clause"),
        ("start_char", pl.Int64, "clause start"),
        ("end_char", pl.Int64, "clause end"),
        ("method", pl.String, "extraction method"),
    ],
    "clean_errors": ARTICLE_ERROR_COLUMNS,
    "nlp_errors": ARTICLE_ERROR_COLUMNS,
    "extraction_errors": ARTICLE_ERROR_COLUMNS,
    "agreement_party_candidates": [
        ("agreement_id", pl.String, "agreement"),
        ("party_name", pl.String, "country, group or organization name"),
        ("party_kind", pl.String, "country | group | organization"),
        ("country_id", pl.String, "ISO3 for country parties"),
    ],
}


def empty(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema={name: dtype for name, dtype, _ in TABLES[table]})


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Columns in contract order and types, missing ones null."""
    columns = TABLES[table]
    return frame.select([
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name) for name, dtype, _ in columns
    ])


def from_rows(rows: list[dict], table: str) -> pl.DataFrame:
    if not rows:
        return empty(table)
    schema = {name: dtype for name, dtype, _ in TABLES[table]}
    return conform(pl.DataFrame(rows, schema_overrides={k: v for k, v in schema.items() if k in rows[0]}, infer_schema_length=None), table)
