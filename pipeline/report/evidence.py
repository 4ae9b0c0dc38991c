"""What an evidence page shows of an article: its row of dim_article, its mentions and its facts, read
from the warehouse for many articles in one query per table."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from pipeline.report.highlights import Highlight, highlighted_html, mention_highlights

IDS = "(select unnest(?::varchar[]))"
ARTICLES_SQL = f"""
select article_id, source_id, source_path, title, published_date, effective_date, publisher, dateline, story_id, word_count, text
from dim_article where article_id in {IDS}"""
MENTIONS_SQL = f"""
select article_id, start_char, end_char, text, label, entity_id
from fact_mention where article_id in {IDS} order by article_id, start_char"""
FIGURES_SQL = f"""
select * from fact_figure where article_id in {IDS} order by article_id, start_char"""
ROLES_SQL = f"""
select r.article_id, r.leader_id, l.name as leader, r.role, r.country_id, r.role_date, r.start_char, r.end_char, r.method, r.evidence
from fact_leader_role r join dim_leader l using (leader_id)
where r.article_id in {IDS} order by r.article_id, r.start_char"""
AGREEMENTS_SQL = f"""
select a.*, list(p.party_name order by p.party_name) filter (where p.party_name is not null) as parties
from dim_agreement a left join bridge_agreement_party p using (agreement_id)
where a.article_id in {IDS}
group by all order by a.article_id, a.start_char"""
LEADER_IDS_SQL = f"select distinct entity_id from fact_mention where label = 'PERSON' and article_id in {IDS} and entity_id in (select leader_id from dim_leader)"


@dataclass
class ArticleEvidence:
    article: dict
    mentions: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.article["article_id"]

    def highlights(self, leader_ids: set[str]) -> list[Highlight]:
        spans = [Highlight(f["start_char"], f["end_char"], "figure", (f["figure_id"],), figure_note(f)) for f in self.figures]
        spans += [Highlight(r["start_char"], r["end_char"], "leader", (r["leader_id"],), f"{r['role']} ({r['country_id'] or '?'})")
                  for r in self.roles if r["start_char"] is not None]
        return spans + mention_highlights(self.mentions, leader_ids)

    def agreement_highlights(self) -> list[Highlight]:
        return [Highlight(a["start_char"], a["end_char"], "agreement", (a["agreement_id"],),
                          f"{a['sector']}, {a['status']}: {', '.join(a['parties'] or [])}")
                for a in self.agreements if a["start_char"] is not None]

    def text_html(self, leader_ids: set[str]) -> str:
        return highlighted_html(self.article["text"] or "", self.highlights(leader_ids), self.agreement_highlights())


def figure_note(figure: dict) -> str:
    pair = figure["country_id"] or "?"
    if figure["counterpart_id"]:
        pair += f"–{figure['counterpart_id']}"
    measure = f" {figure['measure']}" if figure.get("measure") else ""
    return f"{figure['metric']}{measure} {figure['value']:,.0f} {figure['currency']} {pair} {figure['period_year'] or ''}".strip()


def _rows(con: duckdb.DuckDBPyConnection, sql: str, ids: list[str]) -> list[dict]:
    cursor = con.execute(sql, [ids])
    columns = [c[0] for c in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def load_evidence(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> tuple[list[ArticleEvidence], set[str]]:
    """The articles (those that exist), each with its mentions and facts; and the ids of the leaders they name."""
    ids = sorted(set(article_ids))
    found = {row["article_id"]: ArticleEvidence(row) for row in _rows(con, ARTICLES_SQL, ids)}
    ids = sorted(found)
    for name, sql in (("mentions", MENTIONS_SQL), ("figures", FIGURES_SQL), ("roles", ROLES_SQL), ("agreements", AGREEMENTS_SQL)):
        by_article = defaultdict(list)
        for row in _rows(con, sql, ids):
            by_article[row["article_id"]].append(row)
        for article_id, rows in by_article.items():
            setattr(found[article_id], name, rows)
    leader_ids = {row["entity_id"] for row in _rows(con, LEADER_IDS_SQL, ids)}
    return [found[i] for i in ids], leader_ids


def find_article_ids(con: duckdb.DuckDBPyConnection, article_or_source_id: str) -> list[str]:
    """The article with this id, else the articles with this source id (a file name, a JSON id)."""
    rows = con.execute("select article_id from dim_article where article_id = ? order by 1", [article_or_source_id]).fetchall() or \
        con.execute("select article_id from dim_article where source_id = ? order by 1", [article_or_source_id]).fetchall()
    return [row[0] for row in rows]
