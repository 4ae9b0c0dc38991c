"""The money-amount finder, as a specification: real sentences from the shared corpora -> amounts.

The expected figures of reuters_dev.yaml and seeds.yaml are the truth: every (value, currency) a
human read out of an evidence sentence must be among what the finder returns for that sentence.
Corpus text is read from ../shared at test time, never copied here.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pytest
import yaml

from pipeline.core.amounts import Amount, find_amounts, find_document_amounts

SHARED = Path(__file__).resolve().parents[3] / "shared"
REUTERS = SHARED / "corpus" / "reuters21578" / "reuters21578.jsonl"
MODERN = SHARED / "corpus" / "modern_wire" / "wire_2017_2020.jsonl"
SEEDS = SHARED / "corpus" / "seeds"
REL_TOL = 0.005  # as tools/score_facts.py

needs_shared = pytest.mark.skipif(not REUTERS.exists(), reason="../shared corpora not available")

# Evidence sentences whose currency is only stated in an earlier sentence of the article: on their
# own they cannot be right; find_document_amounts must get them (test_dev_evidence_in_article).
NEEDS_EARLIER_SENTENCES = (
    "Taiwan's exports to China through Hong Kong",  # "H.K. Dlrs" said one sentence before
    "The smoothed deficit on invisibles fell",  # no currency at all: the story's NZD
)


# ------------------------------------------------------------------------------------------------
# Helpers: loading the shared material, splitting sentences, comparing amounts
# ------------------------------------------------------------------------------------------------


def normalize(text: str) -> str:
    return " ".join(text.split())


SENTENCE_END_RE = re.compile(r"(?<![A-Z]\.[A-Z]\.)(?<=[.!?])\s+(?=[A-Z\"“(])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """A plain splitter that keeps "N.Z. Dlrs" and "the U.S. Rose" together, as the wire needs."""
    sentences, start = [], 0
    for boundary in SENTENCE_END_RE.finditer(text):
        sentences.append((start, text[start:boundary.start()]))
        start = boundary.end()
    sentences.append((start, text[start:]))
    return [(offset, s) for offset, s in sentences if s]


@lru_cache(maxsize=None)
def reuters_bodies(ids: frozenset[str]) -> dict[str, str]:
    bodies = {}
    with REUTERS.open(encoding="utf-8") as lines:
        for line in lines:
            story_id = line[8:line.index('"', 8)]  # lines start with {"id": "…"
            if story_id in ids:
                bodies[story_id] = json.loads(line).get("body") or ""
    return bodies


@lru_cache(maxsize=None)
def modern_bodies() -> dict[str, str]:
    with MODERN.open(encoding="utf-8") as lines:
        return {d["id"]: d["body"] for d in map(json.loads, lines)}


def corpus_sentence(body: str, anchor: str) -> str:
    """The sentence of `body` that contains `anchor` (bodies stay in ../shared; tests cite anchors)."""
    for _, sentence in split_sentences(normalize(body)):
        if anchor in sentence:
            return sentence
    raise AssertionError(f"anchor not found: {anchor!r}")


def load_yaml(name: str) -> list[dict]:
    return yaml.safe_load((SHARED / "expected" / name).read_text(encoding="utf-8")) if REUTERS.exists() else []


def evidence_cases(articles: list[dict]) -> list:
    """One case per evidence sentence: (story id, home country, sentence, expected (value, currency) set)."""
    cases = []
    for article in articles:
        figures = article.get("figures") or []
        if not figures:
            continue
        home = figures[0]["country"]  # the story's own country: a fine proxy for these tests
        by_sentence: dict[str, set] = {}
        for figure in figures:
            if figure.get("evidence"):
                by_sentence.setdefault(figure["evidence"], set()).add((float(figure["value"]), figure["currency"]))
        for sentence, expected in by_sentence.items():
            cases.append(pytest.param(article["id"], home, sentence, frozenset(expected),
                                      id=f"{article['id']}:{sentence[:40]}"))
    return cases


def missing(expected, found: list[Amount]) -> list:
    """Expected (value, currency) pairs with no found amount of that currency within REL_TOL."""
    return sorted((value, currency) for value, currency in expected
                  if not any(a.currency == currency and abs(abs(a.value) - abs(value)) <= REL_TOL * abs(value)
                             for a in found))


def brief(amounts: list[Amount]) -> list[tuple]:
    return [(a.text, a.value, a.currency, a.qualifier) for a in amounts]


def only(text: str, **kwargs) -> Amount:
    amounts = find_amounts(text, **kwargs)
    assert len(amounts) == 1, brief(amounts)
    return amounts[0]


DEV_CASES = evidence_cases(load_yaml("reuters_dev.yaml"))
SEED_CASES = evidence_cases(load_yaml("seeds.yaml"))


# ------------------------------------------------------------------------------------------------
# The development set and the seeds: every expected figure is found
# ------------------------------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("story_id, home, sentence, expected", [
    pytest.param(*case.values, id=case.id,
                 marks=[pytest.mark.xfail(strict=True, reason="currency stated in an earlier sentence")]
                 if case.values[2].startswith(NEEDS_EARLIER_SENTENCES) else [])
    for case in DEV_CASES + SEED_CASES
])
def test_evidence_sentence_alone(story_id, home, sentence, expected):
    found = find_amounts(sentence, home_country=home)
    assert not missing(expected, found), brief(found)


@needs_shared
@pytest.mark.parametrize("story_id, home, sentence, expected", DEV_CASES)
def test_dev_evidence_in_article(story_id, home, sentence, expected):
    """Over the whole article, so that currencies stated earlier carry over, with article offsets."""
    body = normalize(reuters_bodies(frozenset(c.values[0] for c in DEV_CASES))[story_id])
    start = body.index(sentence)
    found = find_document_amounts(split_sentences(body), home_country=home)
    in_sentence = [a for a in found if start <= a.start and a.end <= start + len(sentence)]
    assert not missing(expected, in_sentence), brief(in_sentence)
    assert all(body[a.start:a.end] == a.text for a in found)


def seed_stories() -> list:
    return [pytest.param(article, id=article["id"]) for article in load_yaml("seeds.yaml")]


@needs_shared
@pytest.mark.parametrize("article", seed_stories())
def test_seed_story_figures_and_not_figures(article):
    """All of a seed story's figures, including those listed without evidence, and none of its not_figures."""
    text = normalize((SEEDS / article["id"]).read_text(encoding="utf-8"))
    found = find_document_amounts(split_sentences(text), home_country="CHN")
    expected = {(float(f["value"]), f["currency"]) for f in article["figures"]}
    assert not missing(expected, found), brief(found)
    for phrase in article["not_figures"]:
        for occurrence in re.finditer(re.escape(phrase), text):
            overlapping = [a for a in found if a.start < occurrence.end() and occurrence.start() < a.end]
            assert not overlapping, (phrase, brief(overlapping))


# ------------------------------------------------------------------------------------------------
# Styles: wire and modern, values, currencies, qualifiers, spans
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, span, value, currency, qualifier", [
    ("trade hit a record $70 billion last year", "$70 billion", 70e9, "USD", "exact"),
    ("up from more than $31 billion in 2022", "more than $31 billion", 31e9, "USD", "more_than"),
    ("an all-time high of over $70 billion in 2022", "over $70 billion", 70e9, "USD", "more_than"),
    ("Kyrgyzstan comes next with $15.5 billion", "$15.5 billion", 15.5e9, "USD", "exact"),
    ("a loan of US$5 bln", "US$5 bln", 5e9, "USD", "exact"),
    ("a deal worth $2bn", "$2bn", 2e9, "USD", "exact"),
    ("a fund of €2bn", "€2bn", 2e9, "EUR", "exact"),
    ("a grant of £3.5 million", "£3.5 million", 3.5e6, "GBP", "exact"),
    ("the deficit was 8.14 billion dlrs in 1986", "8.14 billion dlrs", 8.14e9, "USD", "exact"),
    ("exports of 155 mln N.Z. dlrs", "155 mln N.Z. dlrs", 155e6, "NZD", "exact"),
    ("narrowed to 180 mln N.Z. Dlrs in January", "180 mln N.Z. Dlrs", 180e6, "NZD", "exact"),
    ("imports of 1.2 billion U.S. Dlrs", "1.2 billion U.S. Dlrs", 1.2e9, "USD", "exact"),
    ("a 3.3 mln dlr deficit in January", "3.3 mln dlr", 3.3e6, "USD", "exact"),
    ("the target of an eight-billion-dlr surplus", "eight-billion-dlr", 8e9, "USD", "exact"),
    ("a 5.6 billion mark surplus", "5.6 billion mark", 5.6e9, "DEM", "exact"),
    ("the deficit rose to 500 mln stg", "500 mln stg", 500e6, "GBP", "exact"),
    ("a surplus of 1.5 trillion yen", "1.5 trillion yen", 1.5e12, "JPY", "exact"),
    ("are seen at seven to eight billion dlrs", "seven to eight billion dlrs", 7e9, "USD", "approx"),
    ("a gap of between 2 and 3 billion dlrs", "between 2 and 3 billion dlrs", 2e9, "USD", "approx"),
    ("a deficit of 2-3 billion dlrs", "2-3 billion dlrs", 2e9, "USD", "approx"),
    ("reserves of 1,234.5 mln dlrs", "1,234.5 mln dlrs", 1234.5e6, "USD", "exact"),
    ("a loan of one billion dlrs", "one billion dlrs", 1e9, "USD", "exact"),
    ("about twenty-five mln dlrs", "about twenty-five mln dlrs", 25e6, "USD", "approx"),
    ("half a billion dollars in aid", "half a billion dollars", 0.5e9, "USD", "exact"),
    ("more than a half-trillion dollars worth of products", "more than a half-trillion dollars", 0.5e12, "USD",
     "more_than"),
    ("a 1-1/2 billion dlr loan", "1-1/2 billion dlr", 1.5e9, "USD", "exact"),
    ("around 6 billion euros", "around 6 billion euros", 6e9, "EUR", "approx"),
    ("some 30 billion yuan in loans", "some 30 billion yuan", 30e9, "CNY", "approx"),
    ("45 million shekels of aid", "45 million shekels", 45e6, "ILS", "exact"),
    ("imports of roughly 2 billion Canadian dlrs", "roughly 2 billion Canadian dlrs", 2e9, "CAD", "approx"),
    ("loans of C$2 billion", "C$2 billion", 2e9, "CAD", "exact"),
    ("a surplus of 3 billion Australian dlrs", "3 billion Australian dlrs", 3e9, "AUD", "exact"),
    ("exports of A$3 billion", "A$3 billion", 3e9, "AUD", "exact"),
    ("trade of 7.45 billion Hong Kong dollars", "7.45 billion Hong Kong dollars", 7.45e9, "HKD", "exact"),
    ("trade of HK$7 billion", "HK$7 billion", 7e9, "HKD", "exact"),
    ("reserves of 70 billion Taiwan dlrs", "70 billion Taiwan dlrs", 70e9, "TWD", "exact"),
    ("reserves of NT$70 billion", "NT$70 billion", 70e9, "TWD", "exact"),
    ("a surplus of 2 billion Singapore dlrs", "2 billion Singapore dlrs", 2e9, "SGD", "exact"),
    ("nearly $90 billion more", "nearly $90 billion", 90e9, "USD", "less_than"),
    ("almost $5 billion of lost revenue", "almost $5 billion", 5e9, "USD", "less_than"),
    ("less than 2 billion dlrs", "less than 2 billion dlrs", 2e9, "USD", "less_than"),
    ("tariffs on up to $60 billion of goods", "up to $60 billion", 60e9, "USD", "up_to"),
    ("a surplus in excess of 4 billion dlrs", "in excess of 4 billion dlrs", 4e9, "USD", "more_than"),
    ("approximately $25 million originally planned", "approximately $25 million", 25e6, "USD", "approx"),
    ("an estimated 24 billion pesos for land reform in the Philippines", "an estimated 24 billion pesos", 24e9,
     "PHP", "approx"),
    ("the French trade deficit of 5 billion francs", "5 billion francs", 5e9, "FRF", "exact"),
    ("the Swiss National Bank bought 3 billion francs", "3 billion francs", 3e9, "CHF", "exact"),
    ("a surplus of 40 billion Belgian francs", "40 billion Belgian francs", 40e9, "BEF", "exact"),
    ("India's deficit of 50 billion rupees", "50 billion rupees", 50e9, "INR", "exact"),
    ("a deficit of 2 billion pounds sterling", "2 billion pounds sterling", 2e9, "GBP", "exact"),
    ("Britain will pay 39 billion pounds", "39 billion pounds", 39e9, "GBP", "exact"),
    ("a 1.5 billion Swedish crowns surplus", "1.5 billion Swedish crowns", 1.5e9, "SEK", "exact"),
    ("a credit of 500 mln guilders", "500 mln guilders", 500e6, "NLG", "exact"),
    ("a loan of 2 trillion lire", "2 trillion lire", 2e12, "ITL", "exact"),
    ("reserves of 5 bln Saudi riyals", "5 bln Saudi riyals", 5e9, "SAR", "exact"),
    ("a loan of 800 mln ECUs", "800 mln ECUs", 800e6, "XEU", "exact"),
])
def test_styles(text, span, value, currency, qualifier):
    amount = only(text)
    assert (amount.text, amount.currency, amount.qualifier) == (span, currency, qualifier)
    assert amount.value == pytest.approx(value, rel=1e-9)
    assert text[amount.start:amount.end] == amount.text
    assert not amount.unit_price


def test_range_lower_end_and_from_to_pair():
    assert brief(find_amounts("seen at seven to eight billion dlrs")) == [
        ("seven to eight billion dlrs", 7e9, "USD", "approx")]
    assert brief(find_amounts("the deficit would decline by 30 to 40 billion dlrs in 1987")) == [
        ("30 to 40 billion dlrs", 30e9, "USD", "approx")]
    rose = find_amounts("exports rose from 4 to 5 billion dlrs")  # a change, not a range
    assert [(a.value, a.currency, a.qualifier) for a in rose] == [(4e9, "USD", "exact"), (5e9, "USD", "exact")]
    assert rose[0].inherited and not rose[1].inherited


def test_topical_over_is_not_more_than():
    """Dev 4020: "a battle ... over 105 mln dlrs" is about 105 mln, not more than it."""
    amount = only("they can win a battle expected this fall over 105 mln dlrs in new aid")
    assert (amount.value, amount.qualifier) == (105e6, "exact")


@pytest.mark.parametrize("text, values", [
    ("The surplus narrowed to 46 mln from a surplus of 33 mln, revised from 43 mln dlrs in December.",
     [46e6, 33e6, 43e6]),
    ("Exports rose to 998.4 mln dlrs, from 889.2 mln (revised from 889.5) in January and 903.2 in February 1986.",
     [998.4e6, 889.2e6, 889.5e6, 903.2e6]),
    ("Imports dropped to an estimated 879.4 mln dlrs from 892.5 (revised from 891.2) in January and 939.3 in "
     "February 1986.", [879.4e6, 892.5e6, 891.2e6, 939.3e6]),
    ("This compares with a 3.3 mln dlr deficit (revised from 1.7 mln) in January.", [3.3e6, 1.7e6]),
    ("Last year its members purchased about 4.5 billion U.S. Dlrs worth of industrial products from Japan and "
     "about 1.8 billion from the U.S.", [4.5e9, 1.8e9]),
    # a number of months or days before the comparison is its period, not a counted quantity the amount compares with
    ("Taiwan's trade surplus rose to 2.73 billion U.S. Dlrs in the first two months of 1987 from 2.02 billion a year "
     "earlier.", [2.73e9, 2.02e9]),
    ("Japan's trade surplus narrowed to 1.61 billion dlrs in the first 10 days of June from 1.97 billion a year "
     "earlier.", [1.61e9, 1.97e9]),
])
def test_run_of_figures_shares_scale_and_currency(text, values):
    amounts = find_amounts(text, home_country="NZL")
    assert [a.value for a in amounts] == pytest.approx(values)
    assert len({a.currency for a in amounts}) == 1
    explicit = [a for a in amounts if re.search(r"dlr", a.text, re.I)]
    assert all(not a.inherited for a in explicit)
    assert all(a.inherited for a in amounts if a not in explicit)


def test_a_sentence_referring_back_carries_the_currency_of_the_story():
    found = find_document_amounts(split_sentences(
        "Taiwan's trade surplus with the U.S. was 2.1 billion dlrs in March.\n"
        "It widened to 3.61 billion in the first quarter from 2.78 billion a year earlier."), home_country="TWN")
    assert [(a.value, a.currency) for a in found] == [(2.1e9, "USD"), (3.61e9, "USD"), (2.78e9, "USD")]
    bonds_then_shares = find_document_amounts(split_sentences(
        "The company sold 2.1 billion dlrs of bonds.\nIt has 1.2 billion shares outstanding."), home_country="USA")
    assert [a.value for a in bonds_then_shares] == [2.1e9]


def test_a_quantity_compared_across_a_period_stays_a_quantity():
    assert find_amounts("Output rose to 892,700 tonnes in the first two months from 1.19 mln.") == []


# ------------------------------------------------------------------------------------------------
# Whose dollars
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, home, carry, currency", [
    ("a deficit of 162 mln dlrs", None, None, "USD"),
    ("a deficit of 162 mln dlrs", "NZL", None, "NZD"),
    ("a deficit of 162 mln dlrs", "AUS", None, "AUD"),
    ("a deficit of 162 mln dlrs", "CAN", None, "CAD"),
    ("a deficit of $162 million", "CAN", None, "CAD"),
    ("a deficit of 162 mln U.S. Dlrs", "NZL", None, "USD"),
    ("a deficit of US$162 million", "AUS", None, "USD"),
    ("a deficit of 162 mln dlrs", "BRA", None, "USD"),
    # GUIDELINE: only Australia, New Zealand and Canada write a bare "dlrs" for their own dollar;
    # dev 7600 (Taiwan) reads "13.6 billion dlrs" as USD.
    ("a deficit of 162 mln dlrs", "TWN", None, "USD"),
    ("a deficit of 162 mln dlrs", "NZL", "HKD", "HKD"),
    ("a deficit of 162 mln dlrs", None, "TWD", "TWD"),
    ("a deficit of 162 mln yen", "NZL", "HKD", "JPY"),
    # any name of a dollar country from the alias table, however the wire cases it
    ("a budget of 6.9 billion jamaica dlrs", None, None, "JMD"),
    ("a budget of 6.9 billion Jamaica dlrs", "USA", None, "JMD"),
    ("loans of 50 mln Canada dollars", None, None, "CAD"),
])
def test_whose_dollars(text, home, carry, currency):
    assert only(text, home_country=home, carry_currency=carry).currency == currency


def test_stated_dollar_carries_within_sentence_and_article():
    sentences = [
        "Trade fell 13 pct to 7.45 billion H.K. Dlrs in 1986 from 8.59 billion dlrs in 1985.",
        "Taiwan's exports fell to 6.33 billion dlrs last year from 7.69 billion in 1985.",
        "Imports were 2.2 billion U.S. Dlrs.",
        "China's exports rose to 1.12 billion dlrs.",
    ]
    offsets, offset = [], 100
    for sentence in sentences:
        offsets.append((offset, sentence))
        offset += len(sentence) + 1
    found = find_document_amounts(offsets, home_country="CHN")
    assert [(a.value, a.currency) for a in found] == [
        (7.45e9, "HKD"), (8.59e9, "HKD"), (6.33e9, "HKD"), (7.69e9, "HKD"), (2.2e9, "USD"), (1.12e9, "HKD")]
    article = " " * 100 + " ".join(sentences)
    assert all(article[a.start:a.end] == a.text for a in found)
    assert [a.inherited for a in found] == [False, True, True, True, False, True]


def test_currency_after_the_run_and_in_a_later_sentence():
    found = find_document_amounts([
        (0, "Exports were 215 mln dlrs."),
        (27, "The smoothed deficit on invisibles fell to 226 mln from 237 mln, revised from 250 mln."),
        (115, "Some 5.9 mln tourists came."),
    ], home_country="NZL")
    assert [(a.value, a.currency) for a in found] == [(215e6, "NZD"), (226e6, "NZD"), (237e6, "NZD"), (250e6, "NZD")]


def test_no_currency_anywhere_is_none_but_only_for_money_words():
    assert [(a.value, a.currency) for a in find_amounts("The trade deficit narrowed to 5 billion from 6 billion.")] \
        == [(5e9, None), (6e9, None)]
    assert find_amounts("Revenue passenger miles rose to 3.66 billion from 3.45 billion.") == []


# ------------------------------------------------------------------------------------------------
# Not amounts, and unit prices
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Xi wished him a happy 70th birthday.",
    "the first in-person gathering of the six leaders",
    "China's trade with the five Central Asian states has increased a hundredfold since ties were "
    "established three decades ago.",
    "the ancient Silk Road linked Imperial China to western civilizations more than a millennium ago",
    "(This story has been reclassified to remove a foreign word in paragraph 11)",
    "XIAN, China, May 17 (Reuters) - China wants to further deepen its ties.",
    "Exports rose 13 pct to 5.2 mln tonnes in 1986 from 4.6 mln in 1985.",
    "Output fell 18.2 per cent to 2.5 mln barrels per day from 2.7 mln.",
    "Inflation eased to 5% from 6% in 1986/87.",
    "Coffee arrivals were 5.93 mln bags against 5.81 mln, with 155,221 bags in the week ended February 22.",
    "About 4 million Syrian refugees, aged 18 to 65, arrived over 10 years.",
    "The 12 member states agreed on 17 points.",
    "Wheat imports fell to 892,700 tonnes from 1.19 mln in January.",
    "Our performance in 1986 marks a major turning point.",
    "The dollar closed at the 1.80 mark level.",
    "Revenue passenger miles rose 4.7 pct to 4.97 billion from 4.75 billion.",
])
def test_not_amounts(text):
    assert find_amounts(text) == [], brief(find_amounts(text))


@pytest.mark.parametrize("text, not_inside", [
    ("The value of trade fell 13 pct to 7.45 billion H.K. Dlrs in 1986 from 8.59 billion dlrs in 1985.",
     ["13", "1986", "1985"]),
    ("Pakistan's 1986/87 exports at 3.6 billion dlrs, 18.2 per cent more than in the previous year.",
     ["1986/87", "18.2"]),
    ("Exports rose to 998.4 mln dlrs, from 889.2 mln in January and 903.2 in February 1986.", ["1986"]),
    ("Exports were 5 billion dlrs while grain shipments were 6.4 mln tonnes and 12 ships sailed.",
     ["6.4", "12"]),
    ("The deficit for the eight months to the end of February was 15.3 mln dlrs.", ["eight"]),
    ("In constant 1980 dlrs, exports were 4 billion dlrs.", ["1980"]),
    ("Exports rose to 5 billion dlrs, up from 10 to 12 pct of output.", ["10", "12"]),
    ("The bank spent 5 billion dlrs and cut its discount rate to 7.", ["7."]),
    ("The 100 mln dlrs of 26-week notes went at an average 15.414 from 15.790 last week.", ["15.414", "15.790"]),
])
def test_years_percentages_counts_inside_money_sentences(text, not_inside):
    amounts = find_amounts(text)
    assert amounts
    for token in not_inside:
        start = text.index(token)
        assert not any(a.start <= start < a.end for a in amounts), (token, brief(amounts))


@pytest.mark.parametrize("text, unit_prices", [
    ("OPEC wants a price of 18 dlrs a barrel from 17 now.", [18.0, 17.0]),
    ("The company earned 10.2 mln dlrs or 1.10 dlrs a share.", [1.10]),
    ("The offer is 71 dlrs per share.", [71.0]),
    ("Business was done at 235.5 dlrs a tonne cost and freight.", [235.5]),
    ("Gold rose $29.30 to $1,526.60 per ounce.", [29.3, 1526.6]),
    ("Natural gas fell 1 cent to $1.15 per 1,000 cubic feet.", [1.15]),
    ("Workers earn 5 dlrs an hour.", [5.0]),
    ("The drones cost up to $17 million apiece.", [17e6]),
    ("The dollar fell to 105.31 Japanese yen from 106.41 yen on Thursday.", [105.31, 106.41]),
    ("The euro strengthened to $1.1145 from $1.1085.", [1.1145, 1.1085]),
    ("($1 = 113.4800 yen)", [1.0, 113.48]),
    ("Shr 2.57 dlrs vs 3.41 dlrs", [2.57, 3.41]),
])
def test_unit_prices_are_flagged(text, unit_prices):
    amounts = find_amounts(text)
    assert [a.value for a in amounts if a.unit_price] == pytest.approx(unit_prices), brief(amounts)


def test_unit_prices_do_not_taint_economic_figures():
    amounts = find_amounts("Brazil's exports were 1.53 billion dlrs in February as coffee fell to 1.20 dlrs a lb.")
    assert [(a.value, a.unit_price) for a in amounts] == [(1.53e9, False), (1.20, True)]


# ------------------------------------------------------------------------------------------------
# Modern wire (2017-2020): sentences looked up in ../shared by story id and an anchor
# ------------------------------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize("story_id, anchor, expected", [
    ("allsides-5qktapk94xSIPK1q", "730 million yen", [(730e6, "JPY", False), (6.4e6, "USD", False)]),
    ("allsides-5qktapk94xSIPK1q", "113.4800 yen", [(1.0, "USD", True), (113.48, "JPY", True)]),
    ("allsides-iK2k3Grnt0Bn9Ieh", "30 billion yuan", [(30e9, "CNY", False), (4.7e9, "USD", False)]),
    ("allsides-EMrTG9CpUsrX9mHO", "45 million shekels", [(45e6, "ILS", False), (12.5e6, "USD", False)]),
    ("allsides-vns0RjJ5Vwj6KAVI", "6 billion euros", [(6e9, "EUR", False), (6.6e9, "USD", False)]),
    ("allsides-jT3hB4BLjcAlszRF", "more than $1.2 trillion", [(1.2e12, "USD", False)]),
    # "... according to U.S. Census Bureau data, consisting of imports of $540 billion ..." is one sentence here
    ("allsides-9jL0px81d5EBi0Im", "imports of $540 billion", [(660e9, "USD", False), (540e9, "USD", False),
                                                             (120e9, "USD", False)]),
    ("allsides-Ikmln6m6cWrIe7li", "$506 billion", [(506e9, "USD", False), (130e9, "USD", False),
                                                   (376e9, "USD", False)]),
    ("allsides-4t5tgtQRjHF9LLTX", "about $41 billion", [(41e9, "USD", False), (9e9, "USD", False)]),
    ("allsides-fJySz1B8l5la8UaE", "$1.5 trillion tax cut", [(1.5e12, "USD", False)]),
    ("allsides-T7SC4io9etVTtIqm", "105.31 Japanese yen", [(105.31, "JPY", True), (106.41, "JPY", True)]),
    ("allsides-T7SC4io9etVTtIqm", "$1.1145", [(1.1145, "USD", True), (1.1085, "USD", True)]),
    ("allsides-T7SC4io9etVTtIqm", "$54.17 a barrel", [(1.18, "USD", True), (54.17, "USD", True)]),
    ("allsides-fhPNfZbZXORJFzQj", "$1.2977", [(1.2977, "USD", True)]),
    ("allsides-gynpBUMI3266balX", "1,100 pounds (500 kg)", []),
])
def test_modern_wire(story_id, anchor, expected):
    sentence = corpus_sentence(modern_bodies()[story_id], anchor)
    found = find_amounts(sentence)
    assert [(a.value, a.currency, a.unit_price) for a in found] == [
        (pytest.approx(v), c, u) for v, c, u in expected], brief(found)


@needs_shared
@pytest.mark.parametrize("story_id, anchor, qualifiers", [
    ("allsides-G6akAYqnChxMTDHp", "over $60 billion", ["more_than"]),
    ("allsides-4t5tgtQRjHF9LLTX", "about $41 billion", ["approx", "approx"]),
    ("allsides-wzYbgTqPUg9mB5Y2", "nearly $90 billion", ["less_than"]),
    ("allsides-PnVV1v7F0D8bhd5X", "some $50 billion", ["approx"]),
    ("allsides-QviPh6FTGNQn9ykj", "up to $60 billion", ["up_to"]),
    ("allsides-G41IMsduzK7db8e5", "from $121 billion to more than $300 billion", ["exact", "more_than"]),
])
def test_modern_wire_qualifiers(story_id, anchor, qualifiers):
    found = find_amounts(corpus_sentence(modern_bodies()[story_id], anchor))
    assert [a.qualifier for a in found] == qualifiers, brief(found)


# ------------------------------------------------------------------------------------------------
# Offsets and speed over the real wire
# ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def wire_lines(stories: int = 3000) -> tuple[str, ...]:
    """Sentence-ish lines of the first Reuters bodies, with their real line breaks inside."""
    lines = []
    with REUTERS.open(encoding="utf-8") as f:
        for line in islice(f, stories):
            body = json.loads(line).get("body") or ""
            for paragraph in re.split(r"\n\s{2,}|\n\n", body):
                lines.extend(s for _, s in split_sentences(paragraph))
    return tuple(lines)


@needs_shared
def test_offsets_are_exact_and_sorted_on_the_wire():
    for line in wire_lines()[:6000]:
        amounts = find_amounts(line)
        assert all(line[a.start:a.end] == a.text and a.text.strip() == a.text for a in amounts), brief(amounts)
        assert [a.start for a in amounts] == sorted(a.start for a in amounts)
        assert all(a.qualifier in {"exact", "approx", "more_than", "less_than", "up_to"} for a in amounts)
        assert all(a.value >= 0 for a in amounts)


@needs_shared
def test_reads_3000_reuters_stories():
    # speed is measured by benchmarks/run_benchmark.py, not by a timed test on a shared machine
    assert sum(len(find_amounts(line)) for line in wire_lines()) > 1000


# ------------------------------------------------------------------------------------------------
# Whose dollars when the story has no dateline: its publisher's country, else what it speaks of most
# ------------------------------------------------------------------------------------------------

def _undated_article(text: str, publisher_country: str | None, places: list[str]):
    from pipeline.core.article import AnnotatedArticle
    from pipeline.core.countries import PlaceMatch

    matches = [PlaceMatch(start=i, end=i + 1, text=c, country_id=c, kind="country", alias_kind="name")
               for i, c in enumerate(places)]
    return AnnotatedArticle(article_id="a", text=text, sentences=[(0, len(text))], entities=[], places=matches,
                            publisher_country=publisher_country)


@pytest.mark.parametrize(("publisher", "country"), [("The Sydney Morning Herald", "AUS"), ("NZ Herald", "NZL"),
                                                    ("The Globe and Mail", "CAN"), ("BBC News", None), (None, None)])
def test_publisher_country(publisher, country):
    from pipeline.core.datelines import publisher_country

    assert publisher_country(publisher) == country


def test_undated_australian_page_reads_bare_dollars_as_australian():
    from pipeline.core.datelines import publisher_country

    text = "The trade deficit narrowed to $1.2 billion in May."
    from_publisher = _undated_article(text, publisher_country("The Age"), ["USA"])
    assert from_publisher.home_country() == "AUS"
    assert find_document_amounts([(0, text)], home_country=from_publisher.home_country())[0].currency == "AUD"
    # no dateline, no known publisher: the country the story speaks of most
    assert _undated_article(text, None, ["NZL", "NZL", "USA"]).home_country() == "NZL"
