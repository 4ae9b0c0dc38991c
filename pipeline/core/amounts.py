"""Money amounts in news text: "$70 billion", "8.14 billion dlrs", "155 mln N.Z. Dlrs", "€2bn" …

Pure Python (no spaCy). `find_amounts` reads one sentence, `find_document_amounts` a whole article.
The rules are GUIDELINE.md's ("figures", currency) and the wire habits seen in the dev set:

* An explicit amount carries its own currency: a symbol before it ("$", "US$", "HK$", "€", "£")
  or a word after it ("dlrs", "N.Z. Dlrs", "stg", "yen", "marks", "Swiss francs", "pesos").
* Whose dollars: a bare "dlrs" / "$" is USD, except in a story from Australia, New Zealand or
  Canada (`home_country`), where the wire writes "U.S. dlrs" for US dollars and a bare "dlrs"
  is the local one. Once a sentence or article has said "H.K. dlrs", later bare "dlrs" keep it.
* The wire states the currency once per run of figures: "to 46 mln from a surplus of 33 mln,
  revised from 43 mln dlrs" — numbers with a scale word share the currency of the sentence's
  explicit amount (before or after them); bare numbers in a comparison ("from 889.2 mln
  (revised from 889.5) ... and 903.2") also take the scale of the amount before them.
* Never amounts: percentages, years, tonnages and other counted things, ordinals, dates.
* Flagged, not dropped: unit prices ("18 dlrs a barrel", "per share", "$17 million apiece") and
  exchange rates ("105.31 yen", "$1 = 113.48 yen"), which are not economic figures.
* Francs, pesos, crowns… take their country from an adjective ("Swiss francs"), else the nearest
  country word in the sentence, else `home_country`; failing all three the currency is None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.core.currencies import (CONTEXT_COUNTRIES, COUNTRY_ADJECTIVES, CURRENCY_WORDS, DOLLAR_CODES, FAMILY_CODES,
                                      FAMILY_DEFAULTS, LOCAL_DOLLAR_HOMES, NEEDS_SCALE, PREFIX_CURRENCIES)

__all__ = ["Amount", "find_amounts", "find_document_amounts"]


@dataclass(frozen=True)
class Amount:
    start: int  # char offsets of the whole expression ("more than $31 billion") in the text given
    end: int
    text: str  # text[start:end]
    value: float  # in units of the currency: "$70 billion" -> 70e9
    currency: str | None  # ISO 4217; None only when nothing in the text says which currency
    qualifier: str  # exact | approx | more_than | less_than | up_to
    unit_price: bool  # price of one unit ("18 dlrs a barrel", "per share", exchange rates)
    inherited: bool  # scale or currency taken from another amount (same sentence or carried)
    change: bool = False  # a change of a quantity ("fell by 15 billion", "a 2 bln dlr rise"), not its level
    conversion: bool = False  # the amount before it in another currency, in brackets: "€1.5bn (£1.1bn; $1.7bn)"


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

SCALES = {
    "thousand": 1e3, "k": 1e3, "lakh": 1e5, "crore": 1e7,
    "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "bilion": 1e9, "biilion": 1e9, "billin": 1e9,
    "trillion": 1e12, "trln": 1e12, "tln": 1e12, "tn": 1e12,
}
# Scale words written apart from the number, typos of the 1987 wire included ("bilion").
_SPACED_SCALE_WORDS = (r"thousands?|lakhs?|crores?|millions?|mlns?|mn|billions?|bln|bn|bilion|biilion|billin"
                       r"|trillions?|trln|tln")

_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WRITTEN_NUMBERS = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
WRITTEN_NUMBERS |= {"a": 1, "an": 1, "hundred": 100}

QUALIFIERS = {
    "more than": "more_than", "over": "more_than", "above": "more_than", "in excess of": "more_than",
    "upwards of": "more_than", "at least": "more_than", "just over": "more_than", "well over": "more_than",
    "slightly more than": "more_than", "a little over": "more_than", "about": "approx", "around": "approx",
    "some": "approx", "roughly": "approx", "approximately": "approx", "an estimated": "approx",
    "estimated": "approx", "close to": "approx", "less than": "less_than", "under": "less_than",
    "below": "less_than", "nearly": "less_than", "almost": "less_than", "just under": "less_than",
    "slightly less than": "less_than", "up to": "up_to", "as much as": "up_to", "as high as": "up_to",
}
# "a battle ... over 105 mln dlrs": here "over" means "about the matter of", not "more than".
TOPICAL_OVER_NOUNS = {"battle", "dispute", "disputes", "fight", "row", "wrangle", "talks", "negotiations", "debate",
                      "quarrel", "controversy", "clash", "standoff", "feud", "concern", "concerns", "worries",
                      "suit", "lawsuit", "deadlock"}

# --------------------------------------------------------------------------------------------
# Patterns (compiled once)
# --------------------------------------------------------------------------------------------


def _alternation(surfaces) -> str:
    """Longest first, so "New Zealand" wins over "New"; dots may be followed by a space ("U. S.")."""
    parts = []
    for s in sorted(surfaces, key=len, reverse=True):
        escaped = re.escape(s).replace(r"\ ", r"[\s-]+").replace(r"\.", r"\.\s?")
        parts.append(escaped)
    return "|".join(parts)


NON_LETTER_RE = re.compile(r"[^a-z]")
WHITESPACE_RE = re.compile(r"\s+")
WORD_SEPARATOR_RE = re.compile(r"[\s-]+")


def _surface_key(surface: str) -> str:
    """ "N.Z." -> "nz", "New Zealand" -> "newzealand": one key however the wire spaces and dots it."""
    return NON_LETTER_RE.sub("", surface.lower())


_WRITTEN = (
    r"half[\s-]+an?(?=[\s-]+(?:million|billion|trillion)\b)"
    r"|an?[\s-]+half(?=[\s-]+(?:million|billion|trillion)\b)"
    rf"|(?:(?:a|one|{'|'.join(_UNITS[1:9])})[\s-]+)?hundred"
    rf"|(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS[:9])}))?"
    rf"|{'|'.join(sorted(_UNITS, key=len, reverse=True))}"
    rf"|an?(?=[\s-]+(?:thousand|million|billion|trillion)\b)"
)
NUMBER_RE = re.compile(
    r"(?P<digits>(?<![\w.,])(?:\d+-\d+/\d+|\d+/\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\d]))"
    rf"|(?P<written>\b(?i:{_WRITTEN})\b)"
)
ATTACHED_SCALE_RE = re.compile(r"(?i:billion|million|bln|mln|bn|mn|tn|m|b|k)(?![\w])")  # "$2bn", "€5m"
SPACED_SCALE_RE = re.compile(rf"[\s-]+(?i:{_SPACED_SCALE_WORDS})\b")  # "8.14 billion", "eight-billion"
CURRENCY_AFTER_RE = re.compile(
    rf"[\s-]+(?i:(?P<adj>{_alternation(COUNTRY_ADJECTIVES)})\s*)?"
    rf"(?P<word>(?i:{_alternation(CURRENCY_WORDS)}))(?![\w])"
)
DOLLAR_ADJECTIVE_AT_END_RE = re.compile(r"\s+(?P<adj>U\.\s?S\.|N\.\s?Z\.|H\.\s?K\.)\s*\Z")
PREFIX_RE = re.compile(
    r"(?:US\$|U\.S\.\s?\$|C\$|Can\$|A\$|NZ\$|HK\$|NT\$|S\$|R\$|Z\$|\$|€|£|¥"
    r"|(?<![A-Za-z])(?:USD|EUR|GBP|JPY|CNY|RMB|CHF|DM|SFr\.?|Rs\.?))\s?\Z"
)
QUALIFIER_RE = re.compile(
    rf"(?<![\w-])(?P<q>(?i:{_alternation(QUALIFIERS)}))\s+\Z"
)
WORD_RE = re.compile(r"[A-Za-z]+")
RANGE_LINK_RE = re.compile(r"\s*(?P<link>to|or|and|-|–)\s*(?:US\$|\$|€|£)?(?=[\d\w])", re.IGNORECASE)
BETWEEN_RE = re.compile(r"(?<![\w])(?i:between)\s+\Z")
FROM_RE = re.compile(r"(?<![\w])(?i:from)\s+\Z")  # "rose from 4 to 5 billion" is a change, not a range
# A bare number ("889.5") continues a run only after a comparison word.
BARE_TRIGGER_RE = re.compile(
    r"(?<![\w])(?i:from|to|against|vs\.?|versus|compared\s+(?:with|to)|and|or|of)"
    r"(?:\s+(?i:a|an|the))?(?:\s+(?i:revised|record|estimated|previous))?\s*\(?\s*\Z"
)
# "from 10 to 12 pct": the 10 is a percentage too
PAIRED_WITH_NON_MONEY_RE = re.compile(
    r"\s*(?:to|and|or|-|–)\s*[\d.,/]+\s*(?:%|(?i:pct|per\s*cent|percent|points?|tonnes?|tons?|barrels?|bpd|years?)\b)"
)
# "cut its rates to 7": measures that are never money, just before a bare number
NON_MONEY_MEASURE_RE = re.compile(
    r"(?i:\b(?:rates?|yields?|index|inflation|unemployment|growth|ratio|points|pct|percent|tonnes|barrels)\b)"
)
PERCENT_AFTER_RE = re.compile(r"\s*(?:%|(?i:pct|per\s*cent|percent|percentage|points?|basis)\b)")
# "in the first two months of 1987 from 2.02 billion": a number of days or months is a period, not a quantity
TIME_SPAN_AFTER_RE = re.compile(r"\s*(?i:days?|weeks?|months?|quarters?|years?)\b")
# What may follow a number that borrows its currency: punctuation or a word of the comparison —
# never a counted thing ("6.4 mln bags", "13 pct", "20 years").
FOLLOWER_OK_RE = re.compile(
    r"\s*(?:\Z|[,;:)(\].\"'”’]|--|—|–"
    r"|(?i:in|from|to|and|or|vs|versus|against|a|an|the|for|at|on|by|during|last|this|next|previous|prior"
    r"|revised|compared|while|but|with|as|after|before|when|since|until|through|earlier|ago|respectively"
    r"|of|surplus|surpluses|deficit|deficits|shortfall|gap|worth|annually|net|gross|loss|profit|budget"
    r"|trade|loan|loans|credit|credits|debt|aid|package|contract|deal|target|forecast|estimate"
    r"|were|was|is|are|will|would|had|has|have|he|she|it|they|said|according|under|over"
    r"|now|currently|previously|then|so|respectively|only)\b)"
)
YEAR_RE = re.compile(r"(?:19|20)\d\d\Z")
CONSTANT_YEAR_RE = re.compile(r"(?<![\w])(?i:constant|real|current|fiscal|calendar)\s+\Z")
UNIT_AFTER_RE = re.compile(
    r"[\s-]*(?i:(?:a|an|per|/)\s*(?:[\d,]+\s+)?(?:metric\s+|short\s+|long\s+|troy\s+|imperial\s+|cubic\s+)?"
    r"(?:barrel|bbl|share|tonne|ton|ounce|oz|hour|bushel|pound|lb|kilo|kilogram|kilogramme|kg|gallon|litre"
    r"|liter|unit|bag|head|cwt|hundredweight|mmbtu|btu|carat|acre|hectare|kwh|kilowatt[\s-]hour|mwh|bale"
    r"|box|carton|dozen|piece|ticket|seat|passenger|vehicle|car|person|capita|foot|feet|metre|meter)s?\b"
    r"|apiece\b"
    r"|to\s+(?:the|one)\s+(?:U\.S\.\s+)?(?:dollar|dlr|mark|yen|pound|sterling|franc|euro|yuan)\b)"
)
PRICE_CONTEXT_RE = re.compile(r"(?i:\b(?:prices?|priced|pricing|shr|shares?|stock|futures|quoted|fixing|bid)\b)")
FX_CONTEXT_RE = re.compile(
    r"(?i:\b(?P<fx>dollar|dlr|sterling|pound|mark|yen|franc|euro|yuan|renminbi|lira|peso|rupee|rand"
    r"|currency|exchange\s+rate)s?\b)"
)
RATE_EQUALS_BEFORE_RE = re.compile(r"(?:=|(?<![\w])(?i:per))\s*\Z")  # "$1 = 113.48 yen", "per one Irish pound"
RATE_EQUALS_AFTER_RE = re.compile(r"\s*=")
# "exports were up to 5 billion from 4 billion": "up to" here means "rose to"
ROSE_TO_RE = re.compile(r"\s*,?\s*(?:up\s+)?(?i:from|against|vs|compared)\b")
# A sentence with no currency at all still speaks of money when it names one of these.
MONEY_CONTEXT_RE = re.compile(
    r"(?i:\b(?:surplus(?:es)?|deficits?|shortfall|exports?|imports?|trade|debts?|loans?|credits?|aid|reserves"
    r"|budget|spending|investments?|earnings|receipts|payments?|invisibles|current\s+account"
    r"|gdp|gnp|outlays|borrowing|grants?|assistance)\b"
    r"|\A\s*(?:dlrs|dollars)\b)"  # a splitter cut "180 mln N.Z." from "Dlrs in January from 203 mln"
)
# "It widened to 3.61 billion ... from 2.78 billion": a sentence that goes on about the amounts before it
REFERS_BACK_RE = re.compile(r"\s*(?:It|This|That|These|They)\b")
_CONTEXT_COUNTRY_RE = re.compile(rf"(?<![\w])(?:{_alternation(CONTEXT_COUNTRIES)})(?![\w])")

_ADJECTIVE_COUNTRY = {_surface_key(k): v for k, v in COUNTRY_ADJECTIVES.items()}
_CONTEXT_COUNTRY = {_surface_key(k): v for k, v in CONTEXT_COUNTRIES.items()}
_CURRENCY_WORD = {_surface_key(k): v for k, v in CURRENCY_WORDS.items()}
_PREFIX = {WHITESPACE_RE.sub("", k): v for k, v in PREFIX_CURRENCIES.items()}
_QUALIFIER = {_surface_key(k): v for k, v in QUALIFIERS.items()}
_FX_FAMILY = {"dollar": "dollar", "dlr": "dollar", "sterling": "pound", "pound": "pound", "mark": "mark",
              "yen": "JPY", "franc": "franc", "euro": "EUR", "yuan": "CNY", "renminbi": "CNY", "lira": "lira",
              "peso": "peso", "rupee": "rupee", "rand": "ZAR"}

# A change of a quantity, not its level: "rose 1.2 billion dlrs to ...", "fall by 15 billion", "a 15 to 20
# billion dlr reduction", "an increase of 2 bln".
_CHANGE_WORDS = (r"increases?|decreases?|reductions?|rises?|falls?|drops?|declines?|cuts?|improvements?"
                 r"|deteriorations?|jumps?|narrowing|widening|swings?|turnaround|gains?|loss(?:es)?|outflows?|inflows?")
_CHANGE_VERBS = (r"rose|risen|rising|fell|fallen|falling|widen(?:ed|s|ing)?|narrow(?:ed|s|ing)?|increas(?:ed|es|ing)"
                 r"|decreas(?:ed|es|ing)|dropp?(?:ed|s|ing)?|declin(?:ed|es|ing)|grew|grown|growing|jump(?:ed|s|ing)?"
                 r"|climb(?:ed|s|ing)?|slipp(?:ed|ing)?|shr[au]nk|shrinking|soar(?:ed|s|ing)?|plung(?:ed|es|ing)"
                 r"|reduc(?:ed|es|ing)|cut(?:ting)?|trimm?(?:ed|ing)?|boost(?:ed|ing)?|rais(?:ed|ing)|lower(?:ed|ing)?"
                 r"|slash(?:ed|ing)?|exceed(?:ed|s|ing)?|overshot|overshoot(?:ing)?")
_APPROXIMATELY = r"(?:\s+(?i:some|about|nearly|almost|around|roughly|more\s+than|over|just|only|a\s+further|another))?"
CHANGE_BEFORE_RE = re.compile(
    rf"(?<![\w-])(?i:{_CHANGE_VERBS}|(?:rise|fall|grow|widen|narrow|increase|decrease|drop|decline|shrink|reduce)"
    rf"\s+by|(?:{_CHANGE_WORDS})\s+of)(?:\s+by)?{_APPROXIMATELY}\s*\Z")
# "rose 1.2 billion dlrs to 5.6 billion" is a change and a level; "fall by 15 billion to 20 billion" a range of changes
CHANGE_LEVEL_BEFORE_RE = re.compile(rf"(?<![\w-])(?i:{_CHANGE_VERBS}){_APPROXIMATELY}\s*\Z")
# "reducing its trade surplus with the United States by $1 billion": a change verb earlier in the clause
CHANGE_BY_RE = re.compile(rf"(?<![\w-])(?i:{_CHANGE_VERBS}|(?:rise|fall|grow|widen|narrow|increase|decrease|drop|decline"
                          rf"|shrink|reduce|cut|trim|boost|raise|lower|spur))\b[^,;:]{{0,80}}?\bby{_APPROXIMATELY}\s*\Z")
CHANGE_AFTER_RE = re.compile(rf"\s*(?:(?!(?i:and|or|but|while|from|against|compared|than)\b)[\w.-]+\s+){{0,3}}?(?i:{_CHANGE_WORDS}|(?:larger|higher|lower|smaller|bigger|more"
                             rf"|less)\s+than)(?!\w)")

BY_BEFORE_RE = re.compile(r"(?<![\w-])(?i:by)\s+(?:about\s+|some\s+|nearly\s+|almost\s+|around\s+)?\Z")

RUN_GAP = 160  # a bare number borrows from an amount at most this many characters before it


# --------------------------------------------------------------------------------------------
# Reading numbers
# --------------------------------------------------------------------------------------------


@dataclass
class _Reading:
    """One number and what is written around it, before any inheritance."""
    start: int
    end: int
    number_start: int
    number_end: int
    mantissa: float
    decimals: int
    scale: float | None
    scale_end: int = 0  # end of the number and its scale word, before any currency word
    currency: str | None = None  # ISO code, family name ("dollar", "franc"...) or None
    adjective_country: str | None = None
    written: bool = False
    plain_integer: bool = False  # digits only, no comma or decimals (year-like when 1900-2099)
    fraction: bool = False
    range_approx: bool = False
    inherited: bool = False
    currency_word: str = ""


def _parse_digits(token: str) -> tuple[float, int, bool] | None:
    """(value, decimals, is_fraction); None for "1986/87"."""
    if "/" in token:
        whole, _, frac = token.rpartition("-") if "-" in token else ("0", "", token)
        num, den = (int(x) for x in frac.split("/"))
        if den == 0 or num >= den or den > 64:  # fiscal years, dates, scores
            return None
        return int(whole) + num / den, 3, True
    plain = token.replace(",", "")
    decimals = len(plain.partition(".")[2])
    return float(plain), decimals, False


def _parse_written(token: str) -> float:
    words = WORD_SEPARATOR_RE.split(token.lower())
    if "half" in words:
        return 0.5
    value = 0
    for word in words:
        if word == "hundred":
            value = max(value, 1) * 100
        else:
            value += WRITTEN_NUMBERS[word]
    return float(value)


def _read_number(text: str, match: re.Match) -> _Reading | None:
    """The number at `match` with its scale word, currency word and currency symbol."""
    if match.group("digits"):
        parsed = _parse_digits(match.group("digits"))
        if parsed is None:
            return None
        mantissa, decimals, fraction = parsed
        written = False
    else:
        mantissa, decimals, fraction, written = _parse_written(match.group("written")), 0, False, True
    reading = _Reading(start=match.start(), end=match.end(), number_start=match.start(), number_end=match.end(),
                       mantissa=mantissa, decimals=decimals, scale=None, written=written, fraction=fraction,
                       plain_integer=not written and match.group("digits").isdigit())
    pos = match.end()
    if not written and pos < len(text) and text[pos].isalpha():
        attached = ATTACHED_SCALE_RE.match(text, pos)
        if attached is None:
            return None  # "70th", "1980s"
        reading.scale, pos = SCALES[attached.group().lower()], attached.end()
    else:
        spaced = SPACED_SCALE_RE.match(text, pos)
        if spaced:
            word = spaced.group().strip(" -\n\t\r").lower()
            reading.scale, pos = SCALES[word[:-1] if word.endswith("s") else word], spaced.end()
    reading.end = reading.scale_end = pos
    _read_currency_after(text, reading)
    if reading.currency is None:
        _read_prefix(text, reading)
    return reading


def _read_currency_after(text: str, reading: _Reading) -> None:
    after = CURRENCY_AFTER_RE.match(text, reading.end)
    if after is None:
        cut = DOLLAR_ADJECTIVE_AT_END_RE.match(text, reading.end)
        if cut and reading.scale is not None:  # "3.1 billion H.K." where a splitter cut off "Dlrs"
            reading.currency, reading.currency_word = "dollar", "dlrs"
            reading.adjective_country = _ADJECTIVE_COUNTRY[_surface_key(cut.group("adj"))]
            reading.end = cut.end("adj")
        return
    word = after.group("word").lower()
    adjective = _ADJECTIVE_COUNTRY.get(_surface_key(after.group("adj") or ""))
    if _surface_key(word) in NEEDS_SCALE and reading.scale is None and adjective is None:
        return  # "the 1.80 mark level", "won"
    if _is_year(reading, text):
        return  # "1986 marks a turning point"
    reading.currency = _CURRENCY_WORD[_surface_key(word)]
    reading.currency_word = word
    reading.adjective_country = adjective
    reading.end = after.end()


def _read_prefix(text: str, reading: _Reading) -> None:
    prefix = PREFIX_RE.search(text, max(0, reading.number_start - 8), reading.number_start)
    if prefix is None:
        return
    symbol = WHITESPACE_RE.sub("", prefix.group())
    reading.currency = _PREFIX[symbol]
    reading.currency_word = symbol
    if symbol not in ("$", "Rs", "Rs."):
        reading.adjective_country = "qualified"  # "US$", "HK$": whose dollar is stated
    reading.start = prefix.start()


def _scan(text: str) -> list[_Reading]:
    """All numbers in `text` that could be money, ranges merged ("seven to eight billion dlrs")."""
    readings: list[_Reading] = []
    consumed = 0
    for match in NUMBER_RE.finditer(text):
        if match.start() < consumed:
            continue
        reading = _read_number(text, match)
        if reading is None:
            continue
        if reading.scale is None and (reading.currency is None or reading.currency_word in ("$", "US$", "€", "£")):
            upper = _read_range_end(text, reading)
            if upper is not None:
                merged = _merge_range(text, reading, upper)
                readings.extend(merged)
                consumed = upper.end
                continue
        upper = _read_scaled_range_end(text, reading)
        if upper is not None and not FROM_RE.search(text, 0, reading.start) \
                and not CHANGE_LEVEL_BEFORE_RE.search(text, max(0, reading.start - 40), reading.start):
            readings.extend(_merge_range(text, reading, upper))
            consumed = upper.end
            continue
        readings.append(reading)
        consumed = reading.end
    return readings


def _read_scaled_range_end(text: str, lower: _Reading) -> _Reading | None:
    """The upper end of "$40 billion to $50 billion", "between 2 bln and 3 bln dlrs": both ends fully written."""
    if lower.scale is None:
        return None
    link = RANGE_LINK_RE.match(text, lower.end)
    if link is None or link.group("link").lower() == "or":
        return None
    if link.group("link").lower() == "and" and not BETWEEN_RE.search(text, 0, lower.start):
        return None
    match = NUMBER_RE.match(text, link.end())
    upper = _read_number(text, match) if match else None
    if upper is None or upper.scale != lower.scale or not lower.mantissa < upper.mantissa:
        return None
    if lower.currency is not None and upper.currency not in (None, lower.currency):
        return None
    if lower.currency is not None and upper.currency is None and lower.currency_word not in _PREFIX:
        return None  # "fell by 1.24 billion dlrs to 12.60 billion": a change, then the level
    if link.group("link").lower() == "to" and BY_BEFORE_RE.search(text, 0, lower.start) and upper.mantissa >= 2 * lower.mantissa:
        return None  # "widened by $4.2bn to $38.5bn": the change, then the level (a range's ends are close)
    return upper


def _read_range_end(text: str, lower: _Reading) -> _Reading | None:
    """The scaled upper end of "seven to eight billion", "2-3 billion", "between 2 and 3 billion"."""
    link = RANGE_LINK_RE.match(text, lower.end)
    if link is None:
        return None
    if link.group("link").lower() == "and" and not BETWEEN_RE.search(text, 0, lower.start):
        return None
    match = NUMBER_RE.match(text, link.end())
    upper = _read_number(text, match) if match else None
    if upper is None or upper.scale is None or not lower.mantissa < upper.mantissa:
        return None
    if lower.currency is not None and upper.currency is None:
        return None  # "$7 to 8 billion" is not how anyone writes
    return upper


def _merge_range(text: str, lower: _Reading, upper: _Reading) -> list[_Reading]:
    if FROM_RE.search(text, 0, lower.start):
        # "from 4 to 5 billion dlrs": two amounts, the first borrowing the second's scale and currency
        first = replace(lower, scale=upper.scale, currency=upper.currency, currency_word=upper.currency_word,
                        adjective_country=upper.adjective_country, inherited=True)
        return [first, upper]
    between = BETWEEN_RE.search(text, 0, lower.start)
    return [replace(upper, start=between.start() if between else lower.start, number_start=lower.number_start,
                    mantissa=lower.mantissa, decimals=lower.decimals, written=lower.written,
                    plain_integer=lower.plain_integer, range_approx=True)]


# --------------------------------------------------------------------------------------------
# Whose currency
# --------------------------------------------------------------------------------------------


def _nearest_context_country(text: str, position: int, family: str) -> str | None:
    """The country word nearest `position` in the sentence that has a currency of this family."""
    best, best_distance = None, None
    for match in _CONTEXT_COUNTRY_RE.finditer(text):
        country = _CONTEXT_COUNTRY[_surface_key(match.group())]
        if country not in FAMILY_CODES[family]:
            continue
        distance = min(abs(match.start() - position), abs(match.end() - position))
        if best_distance is None or distance < best_distance:
            best, best_distance = country, distance
    return best


def _resolve_family(text: str, reading: _Reading, home_country: str | None) -> str | None:
    """ISO code for francs, pesos, crowns...: adjective, else the words around, else the home country."""
    family = reading.currency
    codes = FAMILY_CODES[family]
    if reading.adjective_country in codes:
        return codes[reading.adjective_country]
    country = _nearest_context_country(text, reading.number_start, family)
    if country:
        return codes[country]
    if home_country in codes:
        return codes[home_country]
    return FAMILY_DEFAULTS.get(family)


def _resolve_currencies(text: str, readings: list[_Reading], home_country: str | None,
                        dollar_carry: str | None) -> None:
    """Turn currency words into ISO codes, in place. "pounds" nobody can tie to a country are weights."""
    for r in readings:
        if r.currency in FAMILY_CODES and r.currency != "dollar":
            code = _resolve_family(text, r, home_country)
            if code is None and r.currency == "pound":
                r.currency, r.end = None, r.scale_end  # "5 mln pounds of copper"
            else:
                r.currency = code
        elif r.currency == "dollar" and r.adjective_country not in (None, "qualified"):
            r.currency = FAMILY_CODES["dollar"].get(r.adjective_country)
            r.adjective_country = "qualified"
    qualified = [r for r in readings if r.currency in DOLLAR_CODES and r.adjective_country == "qualified"]
    for r in readings:
        if r.currency == "dollar":
            r.currency, from_other = _resolve_bare_dollar(r, qualified, home_country, dollar_carry)
            r.inherited = r.inherited or from_other


def _resolve_bare_dollar(reading: _Reading, qualified: list[_Reading], home_country: str | None,
                         dollar_carry: str | None) -> tuple[str, bool]:
    """Whose "dlrs": the sentence's stated dollar (before, else after), the article's, home, USD."""
    before = [q for q in qualified if q.start < reading.start]
    after = [q for q in qualified if q.start > reading.start]
    if before:
        return before[-1].currency, True
    if after:
        return after[0].currency, True
    if dollar_carry:
        return dollar_carry, True
    return LOCAL_DOLLAR_HOMES.get(home_country or "", "USD"), False


# --------------------------------------------------------------------------------------------
# Runs of figures: borrowing currency and scale
# --------------------------------------------------------------------------------------------


def _is_year(reading: _Reading, text: str) -> bool:
    return reading.plain_integer and reading.scale is None and bool(
        YEAR_RE.match(text, reading.number_start, reading.number_end))


def _follows_like_money(text: str, reading: _Reading) -> bool:
    return FOLLOWER_OK_RE.match(text, reading.end) is not None


def _is_bare_continuation(text: str, reading: _Reading) -> bool:
    """ "(revised from 889.5)", "and 903.2 in February": a number in a comparison run."""
    before = max(0, reading.start - 40)
    return (not reading.written and not reading.fraction and not _is_year(reading, text)
            and BARE_TRIGGER_RE.search(text, before, reading.start) is not None
            and _follows_like_money(text, reading)
            and not PAIRED_WITH_NON_MONEY_RE.match(text, reading.end)
            and not NON_MONEY_MEASURE_RE.search(text, before, reading.start))


def _nearest_anchor(reading: _Reading, anchors: list[_Reading]) -> _Reading | None:
    before = [a for a in anchors if a.end <= reading.start]
    if before:
        return before[-1]
    after = [a for a in anchors if a.start >= reading.end]
    return after[0] if after else None


def _assign_runs(text: str, readings: list[_Reading], run_carry: str | None) -> list[tuple[_Reading, bool]]:
    """Readings that are amounts, each with its unit-price flag, after borrowing within the sentence."""
    explicit = [r for r in readings if r.currency is not None and not _is_constant_year(text, r)]
    unit_flags = {id(r): _looks_like_unit_price(text, r) for r in explicit}
    anchors = [r for r in explicit if not unit_flags[id(r)]]
    money_sentence = bool(explicit) or MONEY_CONTEXT_RE.search(text) is not None \
        or (run_carry is not None and REFERS_BACK_RE.match(text) is not None)
    accepted: list[_Reading] = []
    for index, r in enumerate(readings):
        if r.currency is not None:
            if id(r) in unit_flags:
                accepted.append(r)
            continue
        previous = next((p for p in reversed(readings[:index])
                         if not _is_year(p, text) and not TIME_SPAN_AFTER_RE.match(text, p.end)), None)
        if previous is not None and _continues_quantity(text, previous, r):
            continue  # "to 2.5 mln bpd from 1.2 mln": barrels, not money
        if r.scale is not None:
            if money_sentence and _follows_like_money(text, r):
                _borrow_currency(r, _nearest_anchor(r, anchors), run_carry)
                accepted.append(r)
                unit_flags[id(r)] = False
        elif _is_bare_continuation(text, r):
            anchor = next((a for a in reversed(accepted) if a.end <= r.start), None)
            if anchor is not None and r.start - anchor.end <= RUN_GAP and _comparable(anchor.mantissa, r.mantissa):
                unit_flags[id(r)] = _borrow_scale_and_currency(text, r, anchor, unit_flags[id(anchor)])
                accepted.append(r)
    _spread_unit_prices(accepted, unit_flags)
    return [(r, unit_flags[id(r)]) for r in accepted]


def _borrow_currency(reading: _Reading, anchor: _Reading | None, run_carry: str | None) -> None:
    """ "to 46 mln from a surplus of 33 mln, revised from 43 mln dlrs": the run's currency."""
    reading.currency = anchor.currency if anchor else run_carry
    reading.inherited = reading.currency is not None


def _borrow_scale_and_currency(text: str, reading: _Reading, anchor: _Reading, anchor_is_unit_price: bool) -> bool:
    """ "from 889.2 mln (revised from 889.5)": scale and currency of the amount before. Returns unit_price."""
    per_unit = UNIT_AFTER_RE.match(text, reading.end) is not None  # "1.3 mln dlrs, or 1.45 a share"
    reading.scale = None if per_unit else anchor.scale
    reading.currency, reading.inherited = anchor.currency, True
    # "18 dlrs a barrel from 17": the 17 is a price too
    return per_unit or (anchor_is_unit_price and anchor.scale is None)


def _spread_unit_prices(accepted: list[_Reading], unit_flags: dict[int, bool]) -> None:
    """ "rose $29.30 to $1,526.60 per ounce": an unscaled amount next to a unit price is a price change."""
    for left, right in zip(accepted, accepted[1:]):
        if left.scale is None and right.scale is None and right.start - left.end <= 30 \
                and unit_flags[id(left)] != unit_flags[id(right)]:
            unit_flags[id(left)] = unit_flags[id(right)] = True


def _continues_quantity(text: str, previous: _Reading, reading: _Reading) -> bool:
    """ "892,700 tonnes from 1.19 mln": a number compared with a counted quantity counts the same thing."""
    if previous.currency is not None or reading.start - previous.end > 80:
        return False
    if _follows_like_money(text, previous) or PERCENT_AFTER_RE.match(text, previous.end):
        return False
    return BARE_TRIGGER_RE.search(text, max(0, reading.start - 40), reading.start) is not None


def _is_constant_year(text: str, reading: _Reading) -> bool:
    """ "in constant 1980 dlrs" names a price base, not an amount."""
    return _is_year(reading, text) and CONSTANT_YEAR_RE.search(text, 0, reading.start) is not None


def _comparable(anchor_mantissa: float, mantissa: float) -> bool:
    """Figures compared in one run are of a size ("to 381 mln dlrs from 160"); "15.790" after "100 mln" is not."""
    return anchor_mantissa > 0 and 0.2 <= mantissa / anchor_mantissa <= 5


# --------------------------------------------------------------------------------------------
# Qualifiers and unit prices
# --------------------------------------------------------------------------------------------


def _qualifier(text: str, reading: _Reading) -> tuple[str, int]:
    """(qualifier, new start) from the words just before the amount."""
    if reading.range_approx:
        return "approx", reading.start
    match = QUALIFIER_RE.search(text, max(0, reading.start - 30), reading.start)
    if match is None:
        return "exact", reading.start
    qualifier = _QUALIFIER[_surface_key(match.group("q"))]
    if qualifier == "more_than" and match.group("q").lower() == "over" and _is_topical_over(text, match.start()):
        return "exact", reading.start
    if qualifier == "up_to" and ROSE_TO_RE.match(text, reading.end):
        return "exact", reading.start  # "exports were up to 5 billion from 4 billion" = rose to
    return qualifier, match.start()


def _is_topical_over(text: str, over_start: int) -> bool:
    """A dispute noun a few words before "over" ("a battle expected this fall over 105 mln dlrs")."""
    words = WORD_RE.findall(text, max(0, over_start - 40), over_start)[-5:]
    return any(w.lower() in TOPICAL_OVER_NOUNS for w in words)


def _looks_like_unit_price(text: str, reading: _Reading) -> bool:
    if UNIT_AFTER_RE.match(text, reading.end):
        return True
    if reading.scale is not None or reading.mantissa >= 10000:
        return False
    if reading.decimals >= 3 and not reading.fraction:
        return True  # "1.8450 marks", "$1.1145": exchange rates
    if RATE_EQUALS_AFTER_RE.match(text, reading.end) or \
            RATE_EQUALS_BEFORE_RE.search(text, max(0, reading.start - 12), reading.start):
        return True  # "($1 = 113.48 yen)"
    window_start = max(0, reading.start - 50)
    if PRICE_CONTEXT_RE.search(text, window_start, reading.start):
        return True
    own_family = _currency_family(reading.currency)
    for fx in FX_CONTEXT_RE.finditer(text, window_start, reading.start):
        word = fx.group("fx").lower()
        if word in ("currency",) or word.startswith("exchange") or _FX_FAMILY.get(word) != own_family:
            return True  # "the dollar at 145.50 yen"
    return False


def _currency_family(code: str | None) -> str | None:
    for family, codes in FAMILY_CODES.items():
        if code in codes.values():
            return family
    return code


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _is_change(text: str, start: int, end: int) -> bool:
    before = CHANGE_BEFORE_RE.search(text, max(0, start - 40), start) or CHANGE_BY_RE.search(text, max(0, start - 120), start)
    after = CHANGE_AFTER_RE.match(text, end)
    return bool(before) or bool(after and not re.search(r"[,;]", after.group()))


@dataclass
class _SentenceResult:
    amounts: list[Amount]
    stated_dollar: str | None  # last non-US dollar the sentence named ("H.K. dlrs")
    last_currency: str | None  # currency of its last amount that is not a unit price


def _sentence_amounts(text: str, home_country: str | None, dollar_carry: str | None,
                      run_carry: str | None) -> _SentenceResult:
    readings = _scan(text)
    _resolve_currencies(text, readings, home_country, dollar_carry)
    stated_dollar = next((r.currency for r in reversed(readings) if r.adjective_country == "qualified"
                          and r.currency in DOLLAR_CODES and r.currency != "USD"), None)
    amounts = []
    for reading, unit_price in _assign_runs(text, readings, run_carry):
        qualifier, start = _qualifier(text, reading)
        amounts.append(Amount(start=start, end=reading.end, text=text[start:reading.end],
                              value=reading.mantissa * (reading.scale or 1.0), currency=reading.currency,
                              qualifier=qualifier, unit_price=unit_price, inherited=reading.inherited,
                              change=_is_change(text, start, reading.end)))
    amounts.sort(key=lambda a: a.start)
    last_currency = next((a.currency for a in reversed(amounts) if a.currency and not a.unit_price), None)
    return _SentenceResult(amounts, stated_dollar, last_currency)


def find_amounts(text: str, *, home_country: str | None = None, carry_currency: str | None = None) -> list[Amount]:
    """Money amounts in `text` (usually one sentence), sorted by start.

    home_country: ISO3 of the story's country; in AUS/NZL/CAN stories a bare "dlrs" is the local dollar.
    carry_currency: a currency stated earlier in the article; a bare "dlrs" takes it when it is a dollar,
    and numbers with a scale word but no currency in the sentence ("fell to 226 mln from 237 mln") take it.
    """
    dollar_carry = carry_currency if carry_currency in DOLLAR_CODES else None
    return _sentence_amounts(text, home_country, dollar_carry, carry_currency).amounts


def find_document_amounts(sentences: list[tuple[int, str]], *, home_country: str | None = None) -> list[Amount]:
    """Amounts over a whole article given as (sentence_start_offset, sentence_text) pairs; returned offsets are
    article offsets (sentence_start + local). Carries the last explicitly stated non-US dollar currency
    ("7.45 billion H.K. dlrs") to later bare "dlrs" in the article, per GUIDELINE, and the last currency seen
    to later sentences whose figures name none."""
    found: list[Amount] = []
    dollar_carry: str | None = None
    run_carry: str | None = None
    for offset, sentence in sentences:
        result = _sentence_amounts(sentence, home_country, dollar_carry, run_carry)
        found.extend(replace(a, start=a.start + offset, end=a.end + offset) for a in result.amounts)
        dollar_carry = result.stated_dollar or dollar_carry
        run_carry = result.last_currency or run_carry
    return _mark_conversions(sorted(found, key=lambda a: a.start), sentences)


# "€1.5bn (£1.1bn, $1.7bn)", "24 billion pesos (about one billion U.S. Dlrs)": the same figure in other currencies
_OPENS_CONVERSION = re.compile(r"\s*\(\s*(?:about|around|some|roughly|approximately|or|equivalent to|worth)?\s*", re.IGNORECASE)
_NEXT_CONVERSION = re.compile(r"\s*(?:[;,/–-]|\bor\b|\bto\b)\s*(?:about|around|some|roughly|approximately)?\s*", re.IGNORECASE)


def _mark_conversions(amounts: list[Amount], sentences: list[tuple[int, str]]) -> list[Amount]:
    text_of = {offset: sentence for offset, sentence in sentences}
    starts = sorted(text_of)
    marked: list[Amount] = []
    for amount in amounts:
        previous = marked[-1] if marked else None
        if previous is not None and previous.currency != amount.currency or previous is not None and previous.conversion:
            offset = max((s for s in starts if s <= previous.start), default=None)
            sentence = text_of.get(offset, "") if offset is not None else ""
            between = sentence[previous.end - offset:amount.start - offset] if offset is not None and amount.start - offset <= len(sentence) else None
            link = _NEXT_CONVERSION if previous.conversion else _OPENS_CONVERSION
            if between is not None and link.fullmatch(between):
                amount = replace(amount, conversion=True)
        marked.append(amount)
    return marked
