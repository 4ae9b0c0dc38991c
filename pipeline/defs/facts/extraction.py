"""Per-article extraction over cached NLP spans, itself cached by (article, model, extraction version)."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import polars as pl

from pipeline.core.countries import CountryGazetteer
from pipeline.core.failures import Failure
from pipeline.core.extraction_version import EXTRACTION_VERSION
from pipeline.core.spans import SPAN_COLUMNS, Span
from pipeline.defs.worker_server import worker_context

FACT_TABLES = ("entity_mentions", "leader_mentions", "figure_candidates", "agreement_candidates", "agreement_party_candidates")
ROW_GROUPS = {"entity_mentions": "mentions", "leader_mentions": "leaders", "figure_candidates": "figures",
              "agreement_candidates": "agreements", "agreement_party_candidates": "agreement_parties"}


def extraction_key(model: str) -> str:
    return f"{model}|{EXTRACTION_VERSION}"


def extract_articles(clean: pl.DataFrame, spans: pl.DataFrame, on_article: Callable[[], None]) -> dict[str, list[dict]]:
    """Rows of every fact table for the given articles."""
    out: dict[str, list[dict]] = {table: [] for table in (*FACT_TABLES, "extraction_errors")}
    if clean.is_empty():   # a shard with nothing new (every shard of a no-op refresh): no imports, no gazetteer
        return out
    # imported here: the models and SciPy load only in a process that extracts
    from pipeline.core.extract import annotate_article, extract_facts

    gazetteer = CountryGazetteer.load()
    spans_by_article = spans_of_articles(spans)
    for row in clean.iter_rows(named=True):
        span_list = spans_by_article.get(row["article_id"], [])
        try:
            article = annotate_article(row["article_id"], row["text"], span_list, published_date=row["published_date"],
                                       dateline_country=row["dateline_country_id"], authors=row["authors"] or [], gazetteer=gazetteer,
                                       publisher=row["publisher"])
            facts = extract_facts(article, gazetteer)
        except Exception as error:  # one article's failure is recorded, and never costs the others theirs
            out["extraction_errors"].append(Failure.caught(error).row(row["article_id"], "extraction"))
            on_article()
            continue
        for table in FACT_TABLES:
            out[table] += getattr(facts, ROW_GROUPS[table])
        on_article()
    return out


def spans_of_articles(spans: pl.DataFrame) -> dict[str, list[Span]]:
    """Each article's spans, in the frame's order: one pass over the frame (a select per article cost a fifth
    of extraction)."""
    by_article: dict[str, list[Span]] = {}
    columns = [spans[name].to_list() for name in ("article_id", *SPAN_COLUMNS)]   # column lists: faster than rows
    for article_id, *fields in zip(*columns):
        by_article.setdefault(article_id, []).append(Span(*fields))
    return by_article


# below this many articles per process, starting more worker processes costs more than it saves (a refresh of a
# few files is extracted by one worker)
MIN_ARTICLES_PER_PROCESS = 150
CHUNKS_PER_PROCESS = 4


def extract_chunk(clean: pl.DataFrame, spans: pl.DataFrame) -> dict[str, list[dict]]:
    """One worker's share (a top-level function: worker processes import it by name)."""
    return extract_articles(clean, spans, lambda: None)


class ExtractionWorkers:
    """Extraction spread over `processes` worker processes (`worker_context`), started once per run, when a
    shard, or the whole run (`run_articles`), has enough new articles to repay them; a run with fewer extracts
    in one worker, forked from the fork server that imported extraction's modules while the run read and
    annotated its articles (the run's own process would import them only now). The rows come back in the order
    one process would give."""

    def __init__(self, processes: int, run_articles: int | None = None):
        self.processes = processes
        self.run_articles = run_articles   # new articles of the whole run, when it extracts them shard by shard
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionWorkers:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    def extract(self, clean: pl.DataFrame, spans: pl.DataFrame, on_article: Callable[[], None]) -> dict[str, list[dict]]:
        return self.submit(clean, spans)(on_article)

    def submit(self, clean: pl.DataFrame, spans: pl.DataFrame) -> Callable[[Callable[[], None]], dict[str, list[dict]]]:
        """Start extracting these articles; the returned function waits for their rows. A run submits every shard
        before it writes the first: the workers extract the next shards while its process writes one."""
        if self.processes < 2 or clean.is_empty():
            return lambda on_article: extract_articles(clean, spans, on_article)
        enough = max(len(clean), self.run_articles or 0) >= self.processes * MIN_ARTICLES_PER_PROCESS
        workers = self.processes if enough else 1
        if self._pool is None:
            self._pool = ProcessPoolExecutor(workers, mp_context=worker_context())
        size = -(-len(clean) // (workers * CHUNKS_PER_PROCESS))
        chunks = [clean.slice(start, size) for start in range(0, len(clean), size)]
        futures = [self._pool.submit(extract_chunk, chunk, spans.filter(pl.col("article_id").is_in(chunk["article_id"].implode())))
                   for chunk in chunks]

        def rows(on_article: Callable[[], None]) -> dict[str, list[dict]]:
            out: dict[str, list[dict]] = {}
            for chunk, future in zip(chunks, futures):
                for table, chunk_rows in future.result().items():
                    out.setdefault(table, []).extend(chunk_rows)
                for _ in range(len(chunk)):
                    on_article()
            return out
        return rows
