"""Score a warehouse against an expected-facts file written by the annotation guideline.

The matching rules are those of the project's reference scorer (shared/tools/score_facts.py), so
a user can check the pipeline on an annotated sample of their own:
- leaders: (surname, country) pairs of leaders mentioned per article;
- countries: the set of country / historical ids mentioned per article (a DATELINE row is metadata, not a mention);
- figures: greedy one-to-one on value (0.5 % tolerance), currency, metric, `measure` (`level` unless stated) and
  the unordered {country, counterpart} pair; groups compare by folded name; metric `other` is not scored;
- agreements: a gold agreement is found when all its parties are among one predicted agreement's.
A test checks this scorer against the reference one on real warehouses.

usage: python -m pipeline.quality.score_facts WAREHOUSE.duckdb EXPECTED.yaml [--json]
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field

import duckdb
import yaml

VALUE_TOLERANCE = 0.005
KINDS = ("countries", "leaders", "figures", "figures_value_only", "agreements")


def folded_words(name) -> list[str]:
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z ]", " ", text.lower()).split()


def folded(name) -> str:
    return " ".join(folded_words(name))


def surname(name) -> str:
    words = folded_words(name)
    return words[-1] if words else ""


def is_code(value) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}", str(value)))


def place_key(code_or_name, names: dict[str, str], kinds: dict[str, str]):
    """Countries by id; groups by their folded name."""
    if code_or_name is None:
        return None
    text = str(code_or_name)
    if is_code(text) and kinds.get(text, "country") != "group":
        return text
    return folded(names.get(text, text))


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp, self.predicted, self.gold = self.tp + tp, self.predicted + predicted, self.gold + gold

    def report(self) -> dict:
        p = self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)
        r = self.tp / self.gold if self.gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "pred": self.predicted, "gold": self.gold,
                "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


@dataclass
class Warehouse:
    con: duckdb.DuckDBPyConnection
    names: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)
    articles: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        for country_id, name, kind in self.con.execute("select country_id, name, kind from dim_country").fetchall():
            self.names[country_id], self.kinds[country_id] = name, kind
        self.articles = dict(self.con.execute("select source_id, article_id from dim_article").fetchall())

    def rows(self, sql: str, params=()) -> list[dict]:
        cursor = self.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]

    def place_key(self, code_or_name):
        return place_key(code_or_name, self.names, self.kinds)


def _countries(w: Warehouse, gold: dict, article_id) -> tuple[int, int, int]:
    expected = set(gold.get("countries") or [])
    found = set()
    if article_id is not None:
        found = {r["entity_id"] for r in w.rows("select distinct entity_id from fact_mention where article_id = ? "
                                         "and coalesce(label, '') <> 'DATELINE'", (article_id,))
                 if w.kinds.get(r["entity_id"]) in ("country", "historical")}
    return len(expected & found), len(found), len(expected)


def _leaders(w: Warehouse, gold: dict, article_id) -> tuple[int, int, int]:
    expected = {(surname(l["name"]), l.get("country")) for l in gold.get("leaders") or []}
    found = set()
    if article_id is not None:
        found = {(surname(r["name"]), r["country_id"]) for r in w.rows(
            "select distinct l.name, l.country_id from dim_leader l join fact_mention m on m.entity_id = l.leader_id "
            "where m.article_id = ?", (article_id,))}
    return len(expected & found), len(found), len(expected)


def figure_matches(key, g: dict, p: dict, strict: bool) -> bool:
    """Whether a predicted figure row states the expected one; `key` compares places (see `place_key`)."""
    if p.get("value") is None or abs(float(p["value"]) - float(g["value"])) > VALUE_TOLERANCE * abs(float(g["value"])):
        return False
    if (p.get("currency") or "") != (g.get("currency") or ""):
        return False
    if not strict:
        return True
    return p.get("metric") == g.get("metric") and (p.get("measure") or "level") == (g.get("measure") or "level") and (
        {key(g.get("country")), key(g.get("counterpart"))} == {key(p.get("country_id")), key(p.get("counterpart_id"))})


def scored_figures(entry: dict) -> list[dict]:
    """The expected figures of a story that are scored: metric `other` is not."""
    return [f for f in entry.get("figures") or [] if f.get("metric") != "other"]


def _figures(w: Warehouse, gold: dict, article_id, strict: bool, periods: list[bool]) -> tuple[int, int, int]:
    expected = scored_figures(gold)
    found = [f for f in (w.rows("select * from fact_figure where article_id = ?", (article_id,)) if article_id is not None else [])
             if f.get("metric") != "other"]
    matched = matched_figures(w.place_key, expected, found, strict)
    if strict:
        periods.extend(found[i].get("period_year") == g.get("period_year") for g, i in zip(expected, matched) if i is not None)
    return sum(i is not None for i in matched), len(found), len(expected)


def matched_figures(key, expected: list[dict], found: list[dict], strict: bool = True) -> list[int | None]:
    """For each expected figure, the index of the predicted row it is matched to (greedy, one to one), or None."""
    used: set[int] = set()
    matched = []
    for g in expected:
        match = next((i for i, p in enumerate(found) if i not in used and figure_matches(key, g, p, strict)), None)
        matched.append(match)
        if match is not None:
            used.add(match)
    return matched


def agreement_keys(parties: list[tuple[str, str | None]]) -> set[str]:
    """A predicted agreement's parties as the scorer compares them: country ids and folded names."""
    return {country_id for _, country_id in parties if country_id} | {folded(name) for name, _ in parties}


def match_agreements(expected: list[dict], found: list[set[str]]) -> tuple[int, int, int]:
    """(matched, predicted, expected): a gold agreement is found when all its parties are among one predicted
    agreement's (greedy, one to one)."""
    used: set[int] = set()
    for g in expected:
        wanted = {p if is_code(p) else folded(p) for p in g.get("parties") or []}
        match = next((i for i, have in enumerate(found) if i not in used and wanted and wanted <= have), None)
        if match is not None:
            used.add(match)
    return len(used), len(found), len(expected)


def _agreements(w: Warehouse, gold: dict, article_id) -> tuple[int, int, int]:
    found = []
    if article_id is not None:
        for a in w.rows("select agreement_id from dim_agreement where article_id = ?", (article_id,)):
            parties = w.rows("select party_name, country_id from bridge_agreement_party where agreement_id = ?", (a["agreement_id"],))
            found.append(agreement_keys([(p["party_name"], p["country_id"]) for p in parties]))
    return match_agreements(gold.get("agreements") or [], found)


def score(database: str, expected: str | list[dict]) -> dict:
    """P / R / F1 per kind over the expected entries (a YAML path or the entries themselves)."""
    if not isinstance(expected, list):
        expected = yaml.safe_load(open(expected))
    with duckdb.connect(database, read_only=True) as con:
        w = Warehouse(con)
        tallies = {kind: Tally() for kind in KINDS}
        periods: list[bool] = []
        missing = []
        for gold in expected:
            article_id = w.articles.get(gold["id"])
            if article_id is None:
                missing.append(gold["id"])
            tallies["countries"].add(*_countries(w, gold, article_id))
            tallies["leaders"].add(*_leaders(w, gold, article_id))
            tallies["figures"].add(*_figures(w, gold, article_id, True, periods))
            tallies["figures_value_only"].add(*_figures(w, gold, article_id, False, []))
            tallies["agreements"].add(*_agreements(w, gold, article_id))
    report = {kind: tally.report() for kind, tally in tallies.items()}
    report["figures_period_accuracy"] = round(sum(periods) / len(periods), 3) if periods else None
    report["articles_missing"] = missing
    return report


def summary_line(report: dict) -> str:
    return ("summary " + " ".join(f"{k}_f1={report[k]['f1']}" for k in ("countries", "leaders", "figures", "agreements"))
            + f" missing={len(report['articles_missing'])}")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    report = score(argv[0], argv[1])
    if "--json" in argv:
        print(json.dumps(report, indent=2))
    else:
        for kind, value in report.items():
            print(f"{kind:22} {value}")
        print(summary_line(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
