"""Check a reader's expected-facts file before it is handed in.

    python benchmarks/ground_truth/check_reading.py READING.yaml

Checks what ANNOTATING.md asks: the file loads with yaml.safe_load; every entry has the guideline's
keys; values are floats; currencies are ISO 4217 codes; countries ISO 3166 alpha-3 (or the historical
codes); metric, measure, qualifier, kind, status and sector are from the guideline's lists; every evidence
string is verbatim in its story's title or body. Prints one line per problem; exit 1 if any.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import all_stories, find_evidence  # noqa: E402

METRICS = {"trade", "exports", "imports", "trade_balance", "current_account", "budget_balance", "investment", "aid",
           "loan", "debt", "reserves", "gdp", "spending", "other"}
QUALIFIERS = {"exact", "approx", "more_than", "less_than", "up_to"}
KINDS = {"actual", "target", "forecast", "estimate"}
MEASURES = {"level", "change"}
STATUSES = {"signed", "agreed", "proposed", "expected", "rejected"}
SECTORS = {"trade", "energy", "finance", "agriculture", "security", "political", "other"}
HISTORICAL = {"SUN", "DDR", "YUG", "CSK", "SCG", "ANT", "BUR", "ZAR", "TMP", "YMD", "YMN", "VDR", "DHY", "RHO"}
WITHDRAWN_CURRENCIES = {"DEM", "FRF", "ITL", "ESP", "NLG", "BEF", "ATS", "PTE", "GRD", "IEP", "FIM", "LUF", "XEU",
                        "SUR", "YUD", "ECS", "ZRZ", "PEI", "PEN", "BRC", "BRZ", "ARA", "MXP", "PLZ", "CSK", "DDM",
                        "ROL", "TRL", "VEB", "GHC", "SLL", "ZWD", "SDD", "MGF", "TPE", "XFO", "BOP", "NIC", "UYP"}
FIGURE_KEYS = {"metric", "value", "currency", "country", "counterpart", "period_year", "period_month", "qualifier",
               "kind", "measure", "evidence"}


def iso_codes() -> tuple[set[str], set[str]]:
    import pycountry

    countries = {c.alpha_3 for c in pycountry.countries} | HISTORICAL
    currencies = {c.alpha_3 for c in pycountry.currencies} | WITHDRAWN_CURRENCIES
    return countries, currencies


def problems(entries) -> list[str]:
    countries, currencies = iso_codes()
    stories = all_stories()
    found = []
    if not isinstance(entries, list):
        return ["the file is not a YAML list of stories"]
    seen = set()
    for entry in entries:
        sid = entry.get("id")
        where = f"{sid}:"
        if sid not in stories:
            found.append(f"{where} no story of that id in ../shared/corpus")
            continue
        if sid in seen:
            found.append(f"{where} the story has two entries")
        seen.add(sid)
        story = stories[sid]
        text = (story.get("title") or "") + "\n" + (story.get("body") or "")
        for key in ("published_date", "countries", "groups", "leaders", "figures", "agreements"):
            if key not in entry:
                found.append(f"{where} missing key {key}")
        for code in entry.get("countries") or []:
            if code not in countries:
                found.append(f"{where} country {code!r} is no ISO 3166 alpha-3 code")
        for leader in entry.get("leaders") or []:
            if not leader.get("name") or leader.get("country") not in countries:
                found.append(f"{where} leader {leader} needs a name and an ISO3 country")
        for n, figure in enumerate(entry.get("figures") or []):
            at = f"{where} figure {n + 1}"
            unknown = set(figure) - FIGURE_KEYS
            if unknown:
                found.append(f"{at} unknown keys {sorted(unknown)}")
            if not isinstance(figure.get("value"), float):
                found.append(f"{at} value {figure.get('value')!r} is not a float (write 34.0e+9)")
            if figure.get("currency") not in currencies:
                found.append(f"{at} currency {figure.get('currency')!r} is no ISO 4217 code")
            if figure.get("metric") not in METRICS:
                found.append(f"{at} metric {figure.get('metric')!r} is not one of the guideline's")
            if figure.get("measure", "level") not in MEASURES:
                found.append(f"{at} measure {figure.get('measure')!r}")
            if figure.get("qualifier") not in QUALIFIERS:
                found.append(f"{at} qualifier {figure.get('qualifier')!r}")
            if figure.get("kind") not in KINDS:
                found.append(f"{at} kind {figure.get('kind')!r}")
            for side in ("country", "counterpart"):
                value = figure.get(side)
                if value is not None and re.fullmatch(r"[A-Z]{3}", str(value)) and value not in countries:
                    found.append(f"{at} {side} {value!r} is no ISO3 code")
            evidence = figure.get("evidence")
            if find_evidence(text, evidence) is None:
                found.append(f"{at} evidence is not verbatim in the story: {str(evidence)[:80]!r}")
        for n, agreement in enumerate(entry.get("agreements") or []):
            at = f"{where} agreement {n + 1}"
            if agreement.get("status") not in STATUSES:
                found.append(f"{at} status {agreement.get('status')!r}")
            if agreement.get("sector") not in SECTORS:
                found.append(f"{at} sector {agreement.get('sector')!r}")
            if len(agreement.get("parties") or []) < 1:
                found.append(f"{at} has no parties")
    return found


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        entries = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        sys.exit(f"does not load: {error}")
    found = problems(entries)
    for line in found:
        print(line)
    print(f"{len(entries or [])} stories, {len(found)} problems")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
