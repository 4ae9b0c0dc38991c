"""The words and patterns figures are read by: metric cues, balance signs, and the contexts that make
an amount something other than a country's figure (company results, money-market operations, goods
under a tariff, changes of a quantity). `figures.py` applies them; this module only names them."""
from __future__ import annotations

import re

from pipeline.core.reference_data import csv_rows

# The metric words, in order of precedence (the first that matches names the metric), and the balance
# words with their sign: data files, so a metric word is one row (pipeline/data/metric_words.csv,
# balance_words.csv).
METRIC_CUES = [(row["words"], row["metric"]) for row in csv_rows("metric_words.csv")]
# the word boundaries outside the alternation: tried once per position, not once per metric (the same matches)
METRIC_PATTERN = re.compile(r"\b(?:" + "|".join(f"(?P<m{i}>{p})" for i, (p, _) in enumerate(METRIC_CUES)) + r")\b", re.IGNORECASE)
METRIC_BY_GROUP = {f"m{i}": metric for i, (_, metric) in enumerate(METRIC_CUES)}
BALANCE_WORDS = [(row["words"], int(row["sign"])) for row in csv_rows("balance_words.csv")]
SIGN_PATTERN = re.compile(r"\b(" + "|".join(words for words, _ in BALANCE_WORDS) + r")\b", re.IGNORECASE)
NEGATIVE_BALANCE = re.compile("|".join(f"(?:{words})" for words, sign in BALANCE_WORDS if sign < 0), re.IGNORECASE)
# "tariffs on $250 billion of Chinese goods": goods subject to a measure, not a flow of trade
# "subject about $300 billion worth of Chinese imports to punitive tariffs"
SUBJECT_TO_MEASURE_AFTER = re.compile(r"[^.;]{0,60}?\b(?:to|for|with)\s+(?:\w+\s+){0,3}(?:tariffs?|duties|levies|sanctions|taxes)\b"
                                      r"|\s+(?:[\w.’'-]+\s+){0,3}?(?:affected|targeted)\b", re.IGNORECASE)
# "from 3.31 billion", "against 2.25 billion", "compared with a surplus of 271.7 mln": a value compared with the one before
COMPARISON_LINK = re.compile(r"\s*(?:\(?[\w\s]{0,25}\)?\s*)?,?\s*(?:\w+\s+){0,3}?(?:from|against|compared\s+(?:with|to)|versus|vs\.?)"
                             r"\s+(?:(?:a|an|the|revised|previous|deficits?|surplus(?:es)?|shortfalls?|of)\s+){0,3}", re.IGNORECASE)
MEASURE_VERB = re.compile(r"\b(?:hit|hitting|target(?:s|ed|ing)?|cover(?:s|ed|ing)?)\s+(?:\w+\s+){0,3}$", re.IGNORECASE)
COVERED_GOODS_NOUNS = r"(?:goods|products|imports|exports|items|shipments)"
COVERED_GOODS = re.compile(rf"\s+(?:worth\s+)?(?:of|in)\s+(?:[\w.’'-]+\s+){{0,3}}?{COVERED_GOODS_NOUNS}\b",
                           re.IGNORECASE)
MEASURE_AMOUNT = re.compile(r"\s+(?:\w+\s+)?(?:in|of|worth of)\s+(?:\w+\s+)?(?:tariffs|duties|levies)\b", re.IGNORECASE)
OWNER_GAP = re.compile(r"(?:['’]s)?(?:\s+(?:\d{4}(?:/\d\d)?|total|annual|overall|global|worldwide|monthly|merchandise|visible|"
                       r"non-oil|oil|farm|industrial|bilateral|two-way)){0,3}\s*")
WORLDWIDE = re.compile(r"\b(?:overall|global|worldwide|world)\s+(?:\w+\s+)?$", re.IGNORECASE)
ONE_COUNTRY_METRICS = {"reserves", "gdp", "budget_balance"}   # a country's own: never with a partner
# "China's direct investment in the United States": where the investment goes
INVESTED_IN = re.compile(r"\s*(?:\w+\s+){0,2}?(?:in|into)\s+(?:the\s+)?", re.IGNORECASE)
# "tariffs on $250 billion", "a 25% tariff on thousands of Chinese products worth about $200 billion"
SUBJECT_TO_MEASURE = re.compile(r"\b(?:tariffs?|duties|levies|sanctions|quotas?|curbs|tax(?:es)?|penalt(?:y|ies))\b[^.;$]{0,40}\b(?:on|against|covering)\b"
                                rf"(?:[^.;$]{{0,30}}|[^.;$,]{{0,50}}?\b{COVERED_GOODS_NOUNS}\s+(?:worth|valued\s+at)\s+(?:\w+\s+){{0,2}})$",
                                re.IGNORECASE)
# "owed the World Bank about 520 mln dlrs in loans": loans owed are debt
OWED = re.compile(r"ow(?:e[sd]?|ing)", re.IGNORECASE)
OWED_BEFORE = re.compile(rf"\b{OWED.pattern}\b[^.;,]{{0,50}}$", re.IGNORECASE)
OWN_QUANTITY_BEFORE = re.compile(r"\b(?:(?:the\s+)?(?:country|nation)['’]s|its|their)\s+(?:total\s+)?$", re.IGNORECASE)
# "selling us 3.7 billion sterling (5.8 billion dlrs) more than we sold them": a trade balance, the buyer's negative
EXCESS_OF_SALES = re.compile(r"\s*(?:\([^)]*\)\s*)?(?:worth\s+)?(?:of\s+goods\s+)?more\s+than\s+(?:[\w.]+\s+){1,3}?"
                             r"(?:sold|sells|sell|exported|exports|bought|buys|buy|imported|imports)\b", re.IGNORECASE)
BUYING_BEFORE = re.compile(r"\b(?:bought|buying|buys|buy|imported|importing|imports)\b[^,;]*$", re.IGNORECASE)
TRADE_STORY = re.compile(r"\b(?:trade|trading|exports?|imports?|exported|imported|merchandise)\b", re.IGNORECASE)
BUDGET_STORY = re.compile(r"\b(?:budgets?|fiscal|Gramm-Rudman|appropriations?)\b", re.IGNORECASE)
MIRRORED_METRICS = {"exports", "imports", "trade", "trade_balance"}
BALANCE_METRICS = {"trade_balance", "current_account", "budget_balance", "other"}
# after an amount: a cue is read only up to the next clause or amount
COUNTERPART_PREPOSITIONS = re.compile(r"(?:\bwith|\bto|\bfrom|\bagainst|\bvis-a-vis|\bover)\s+(?:the\s+)?$", re.IGNORECASE)
# "the U.S. has given Israel 25 billion dlrs in aid", "is paying Turkey 6 billion euros": the receiver
GIVING_VERB = re.compile(r"\b(?:give[sn]?|giving|gave|grant(?:s|ed|ing)?|lent|loaned|lends?|lending|pay(?:s|ing)?|paid|"
                         r"offer(?:s|ed|ing)?|owe[sd]?|owing|promised|pledged)\s+(?:the\s+)?$", re.IGNORECASE)
# "to Canada and Mexico", "to Japan, Taiwan and ...": the link from one listed partner to the next
PARTNER_LIST_LINK = re.compile(r"\s+(?:and|or)\s+(?:the\s+)?|,\s*(?:the\s+)?")
PARTNER_LIST_GOES_ON = re.compile(r"\s*(?:,|\band\b)")
BETWEEN_PAIR = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
# "revenues" are a company's unless the sentence speaks of public finance ("Government revenues were up")
PUBLIC_FINANCE = re.compile(r"\b(?:government|budget|fiscal|tax|treasury|ministry)\b", re.IGNORECASE)
COMPANY_REVENUE = re.compile(r"\brevenues?\b", re.IGNORECASE)
COMPANY_CONTEXT = re.compile(r"\b(?:net (?:profit|income|loss)|profits?|turnover|dividends?|per share|shares?|"
                             r"earnings per|operating (?:profit|loss)|pre-tax|takeover|acquisition|stake|bid|"
                             r"company|corp|inc|ltd|plc)\b", re.IGNORECASE)
FORECAST = re.compile(r"\b(?:expected|expects?|forecasts?|projected|projects?|predicts?|estimates? that|will|would|could|likely)\b", re.IGNORECASE)
TARGET = re.compile(r"\b(?:targets?|aims?|goals?|plans?|planned|proposed|seeks?|wants?|by (?:19|20)\d\d)\b", re.IGNORECASE)
ESTIMATE = re.compile(r"\ban estimated\b|\bestimated at\b", re.IGNORECASE)
MAX_INHERIT_SENTENCES = 2
# a country's economic quantities run to millions; smaller sums are prices, wages, fines, exchange rates
MIN_FIGURE_VALUE = 100_000
# "Kazakhstan leading with $31 billion", "followed by Turkmenistan with $11.2 billion"
LIST_ITEM = re.compile(r"\s+(?:(?:is |was )?leading |comes next |came next |was next |is next |followed )?with\s+"
                       r"(?:about |more than |over |some |nearly |almost )?(?:[$€£]|US\$|\d)")
# "the five nations" after "Central Asia" names the group again
GROUP_REFERENCE = re.compile(r"\bthe (?:three|four|five|six|seven|eight|nine|ten|\d+) (?:\w+ )?(?:nations|states|countries|republics|economies)\b")
GOVERNMENT_BODY = re.compile(r"\b(?:House|Senate|Congress|Parliament|Ministry|Department|Government|Treasury|Cabinet|"
                             r"Commission|Council|Agency|Administration|Office|Court|Bank of|Central Bank|Reserve|Statistics)\b")
CLAUSE_BOUNDARY = re.compile(r"[;:]|,\s(?!\d{3}\b)|\s(?:while|whereas|but)\s")
# "the two sides", "between our countries": the last two countries the story named
PAIR_REFERENCE = re.compile(r"\b(?:the two (?:sides|countries|nations|neighbou?rs|economies|governments)|both (?:sides|countries|nations)|"
                            r"our (?:two )?countries)\b", re.IGNORECASE)
# a surplus or deficit of these accounts is not the trade balance
BALANCE_OF_OTHER_ACCOUNTS = re.compile(r"invisible|services|payments|capital|errors and omissions|transfers|remittances|"
                                       r"basic balance|overall balance|in the system|money market")
GOVERNMENT_BALANCE = re.compile(r"\b(?:government|federal|public sector|treasury)(?:'s)? (?:\w+ )?(?:deficit|surplus|shortfall)")
# Central banks' money-market and currency operations ("provided the money market with 168 mln stg
# assistance", "bought bank bills in band one", "the Bank of Japan bought one billion dlrs"): not a
# country's economic quantity.
MONEY_MARKET_OPERATION = re.compile(
    r"\b(?:money[- ]markets?|in the system|the system would|bands? (?:one|two|three|four|[1-4])\b|(?:bank|treasury|financing|"
    r"commercial) bills|repurchase agreements?|repos\b|lombard|minimum reserves?|special advances|liquidity|outright)", re.IGNORECASE)
CENTRAL_BANK_TRADES = re.compile(
    r"\b(?:central bank|Bank of (?:England|Japan|France|Canada|Italy|Spain)|Bundesbank|Federal Reserve|the Fed|the Bank|"
    r"Reserve Bank|National Bank|Nederlandsche Bank)\b[^.;]{0,60}?\b(?:bought|sold|purchased|buying|selling|intervened|"
    r"injected|drained|added|provided)\b")
# "a 3.3 mln dlr deficit", "169 billion dlrs U.S. trade deficit": the balance word right after the amount
BALANCE_AFTER = re.compile(r"\s*(?:[\w.'’-]+\s+){0,3}?(" + SIGN_PATTERN.pattern[3:-3] + r")\b", re.IGNORECASE)
DEFINITE_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z-]+\s+){0,3}$")
ANTECEDENT_SENTENCES = 4
GOODS_OF = re.compile(r"\s+(?:(?:dlrs?|dollars?|worth)\s+)*(?:worth\s+)?of\s+(?:the\s+)?$", re.IGNORECASE)
# "$200 billion in additional U.S. goods": with "in", only goods named as such come from the place
GOODS_IN = re.compile(r"\s+in\s+(?:additional\s+|more\s+|new\s+)?$", re.IGNORECASE)
GOODS_BOUGHT = re.compile(r"\s+(?:on|of)\s+(?:the\s+)?", re.IGNORECASE)
GOODS_NOUN = re.compile(r"^(?:['’]s\s+)?(?:[\w-]+\s+){0,2}?(?:goods|products|produce|commodities|exports|imports|equipment|"
                        r"crops|items|purchases)\b", re.IGNORECASE)
SHARES_NEXT_PERIOD = re.compile(r"\s*[,(]?\s*(?:revised|down|up)\s+from\s*|\s+and\s+(?:[a-z]+\s+){0,2}?(?:of\s+)?", re.IGNORECASE)
POSSESSIVE_PERIOD_GAP = re.compile(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,3}?(?:of\s+)?(?:US\$|\$|€|£)?", re.IGNORECASE)
