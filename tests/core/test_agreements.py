"""Agreement extraction, as a specification: real sentences from the shared corpora -> agreements.

Sentences are joined by blank lines (a paragraph break always ends a sentence) and read with the real
spaCy model, so NER spans are the pipeline's own. Leaders are given as the surname -> country map
extract.py passes in.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.core.agreement_features import agreement_candidates, sentence_features
from pipeline.core.agreement_model import ScoredCandidate, Thresholds, assemble
from pipeline.core.agreements import Agreement, clause_sector, clause_status, find_agreements
from pipeline.core.countries import CountryGazetteer
from pipeline.core.extract import annotate_article
from pipeline.core.nlp import annotate, load_model

GAZETTEER = CountryGazetteer.load()


@pytest.fixture(scope="module")
def nlp():
    try:
        return load_model()
    except OSError:
        pytest.skip("spaCy model not installed")


def agreements_in(nlp, *sentences: str, leaders: dict[str, str] | None = None, dateline: str | None = None,
                  year: int = 2019) -> list[Agreement]:
    text = "\n\n".join(sentences)
    spans = next(annotate(nlp, [text]))
    article = annotate_article("test", text, spans, published_date=dt.date(year, 6, 1), dateline_country=dateline,
                               authors=[], gazetteer=GAZETTEER)
    found = find_agreements(article, GAZETTEER.display_names(), leaders or {})
    for agreement in found:
        keys = [p.country_id or p.name for p in agreement.parties]
        assert len(keys) == len(set(keys)), f"a party listed twice: {keys}"
    return found


def parties(agreement: Agreement) -> set[str]:
    return {p.country_id or p.name for p in agreement.parties}


# ------------------------------------------------------------------------------------------------
# One agreement per agreement spoken of
# ------------------------------------------------------------------------------------------------


def test_later_mentions_of_the_deal_merge_into_the_first(nlp):
    found = agreements_in(
        nlp,
        "The Taliban’s ruling council agreed Sunday to a temporary cease-fire in Afghanistan, providing a window in which "
        "a peace agreement with the United States can be signed, officials from the insurgent group said.",
        "A peace deal would allow the U.S. to bring home its troops from Afghanistan and end its 18-year military "
        "engagement there, America’s longest.",
        "Talks were suspended in September when both sides seemed on the verge of signing a peace pact.")
    assert len(found) == 1
    assert {"AFG", "USA"} <= parties(found[0])
    assert found[0].summary.startswith("The Taliban’s ruling council")  # the first mention's evidence stands
    assert (found[0].status, found[0].sector) == ("expected", "security")


def test_a_named_agreement_is_not_another_named_one(nlp):
    found = agreements_in(
        nlp,
        "The U.S.-Mexico-Canada Agreement, or USMCA, also prohibits its members from seeking to boost their economic "
        "competitiveness by devaluing their currencies, something Trump has accused China of doing in the past.",
        "Also at issue is the Nafta accord among the U.S., Mexico and Canada.")
    assert len(found) == 2
    assert all({"CAN", "MEX", "USA"} <= parties(a) for a in found)


def test_another_deal_is_a_new_agreement(nlp):
    found = agreements_in(
        nlp,
        "Dismayed European allies sought on Wednesday to salvage the Iran nuclear deal and preserve their Iranian trade "
        "after President Donald Trump withdrew the United States from the landmark accord and ordered sanctions "
        "reimposed on Tehran.",
        "The Trump administration kept the door open to negotiating another deal, but it is far from clear whether "
        "the Europeans would pursue that option or be able to win Iran over.",
        leaders={"Trump": "USA"})
    assert len(found) == 2
    assert all({"IRN", "USA"} <= parties(a) for a in found)
    assert found[0].sector == "security"  # the nuclear deal, though the sentence speaks of trade too


def test_a_sentence_with_new_parties_and_no_reference_back_is_a_new_agreement(nlp):
    # the seed story: a regional pact, then two bilateral commitments stated in one sentence
    found = agreements_in(
        nlp,
        "Central Asian heads of state gathered in the historic city of Xian, China, on Thursday for one-on-one talks "
        "with Chinese leader Xi Jinping to seal promises of “lasting” friendship, paving the way for a summit that "
        "should result in a regional pact with Beijing.",
        "They also agreed to ensure the safe and stable operation of the Kazakh section of the China-Central Asia Gas "
        "Pipeline, as well as deepen cooperation in the field of oil and uranium.",
        leaders={"Xi": "CHN", "Tokayev": "KAZ"}, year=2023)
    assert len(found) == 3
    assert parties(found[0]) == {"CHN", "GRP_CENTRAL_ASIA"}
    assert all({"CHN", "KAZ"} <= parties(a) for a in found[1:])


def test_the_two_sides_are_the_parties_of_the_agreement_spoken_of(nlp):
    found = agreements_in(
        nlp,
        "Asked about the “phase one” trade deal, he said that what the U.S. said is “accurate” and the U.S. and China "
        "have the same understanding of the situation.",
        "The two sides are working toward a deal that can be signed at the Asia-Pacific Economic Cooperation summit "
        "next month in Chile.")
    assert len(found) == 1
    assert parties(found[0]) == {"CHN", "USA"}  # not Chile, where it may be signed
    assert found[0].status == "expected"


# ------------------------------------------------------------------------------------------------
# Parties: media, leaders' surnames, government bodies, venues and regions are not parties
# ------------------------------------------------------------------------------------------------


def test_a_news_medium_is_no_party(nlp):
    found = agreements_in(
        nlp,
        "“A small but important part” of the pact is aimed at China, White House trade adviser Peter Navarro said on "
        "National Public Radio on Tuesday.")
    assert [parties(a) for a in found] == [{"CHN", "USA"}]  # the White House, not the radio


def test_a_leaders_surname_stands_for_his_country(nlp):
    found = agreements_in(
        nlp,
        "While the stiff Chinese response sent global markets on a roller-coaster ride Wednesday, attention turned to "
        "whether Trump would look to make a deal or first squeeze Beijing harder.",
        leaders={"Trump": "USA"})
    assert [parties(a) for a in found] == [{"CHN", "USA"}]


def test_a_countrys_own_congress_is_no_second_party(nlp):
    assert agreements_in(nlp, "U.S. senators are seeking ways to block the deal in Congress.", dateline="USA") == []


def test_the_meeting_place_is_no_party(nlp):
    found = agreements_in(
        nlp,
        "Kim and Trump will meet in the Vietnamese capital on Wednesday and Thursday where they will try to reach an "
        "agreement on a North Korean pledge to give up its nuclear weapons program.",
        leaders={"Kim": "PRK", "Trump": "USA"})
    assert [parties(a) for a in found] == [{"PRK", "USA"}]


def test_a_named_agreement_brings_its_members(nlp):
    found = agreements_in(
        nlp,
        "Baker noted that the benefits of a weaker currency take 12 to 18 months to affect the trade balance, and said "
        "it is now 18 months since the Plaza agreement to lower the dollar's value.", year=1987)
    assert [parties(a) for a in found] == [{"USA", "JPN", "DEU", "FRA", "GBR", "GRP_G5"}]
    assert found[0].sector == "finance"


def test_the_general_agreement_on_tariffs_and_trade_is_an_agreement_of_its_members(nlp):
    found = agreements_in(nlp, "Officials said countertrade deals were hard to square with India's obligations under "
                               "GATT, whose rules bar barter.", year=1987)
    assert [parties(a) for a in found] == [{"IND", "General Agreement on Tariffs and Trade"}]
    assert found[0].sector == "trade"
    # joining a treaty is an entry of it too (annotation rule R42)
    joining = agreements_in(nlp, "China applied to join the General Agreement on Tariffs and Trade (GATT) in July 1986.", year=1987)
    assert [parties(a) for a in joining] == [{"CHN", "General Agreement on Tariffs and Trade"}]


def test_a_name_means_the_agreement_of_the_storys_time(nlp):
    sentence = "Japan intervened to keep the dollar above 150 yen under the Paris accord, officials said."
    currencies = agreements_in(nlp, sentence, year=1987)
    assert [parties(a) for a in currencies] == [{"USA", "JPN", "DEU", "FRA", "GBR", "CAN", "GRP_G6"}]
    climate = agreements_in(nlp, "The United States will leave the Paris Agreement, the president said.", year=2019)
    assert all("GRP_G6" not in parties(a) and "CAN" not in parties(a) for a in climate)


def test_a_groups_agreement_is_its_members_and_all_members_agreement_the_groups(nlp):
    group = agreements_in(nlp, "Japan and its Group of Seven partners agreed to stabilise currencies around current levels.", year=1987)
    assert [parties(a) for a in group] == [{"GRP_G7", "USA", "JPN", "DEU", "FRA", "GBR", "CAN", "ITA"}]
    members = agreements_in(
        nlp, "Finance ministers of the U.S., Japan, West Germany, France, Italy, Britain and Canada signed an accord "
             "to arrest the dollar's fall.", year=1987)
    assert [parties(a) for a in members] == [{"GRP_G7", "USA", "JPN", "DEU", "FRA", "GBR", "CAN", "ITA"}]


# ------------------------------------------------------------------------------------------------
# Cue words that state no agreement
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, year", [
    ("\"The brokerage industry needs capital and the evolution of the value of the yen and the dollar suggests "
     "there's going to be a great deal of investment by Japanese firms in the U.S.,\" said another analyst.", 1987),
    ("The Trump administration has complained that U.S. companies aren’t getting a fair deal in China.", 2018),
    ("Trump has repeatedly urged China to rein in its ally North Korea, and Schumer agreed.", 2018),
    ("North Korea agreed on Friday to hold official talks with South Korea next week, the first in more than two "
     "years, hours after Washington and Seoul delayed a military exercise amid a standoff over Pyongyang’s nuclear "
     "and missile programs.", 2018),
    ("It is also another sign of Washington’s efforts to punish Havana over its support for Venezuela’s socialist "
     "president, Nicolas Maduro.", 2019),
    ("The major policy shift, which will be announced on Wednesday, could expose U.S., European and Canadian "
     "companies to legal action and deal a blow to Cuba’s efforts to attract more foreign investment.", 2019),
    ("Trump, who wanted warmer ties with Moscow and had opposed the legislation as it worked its way through "
     "Congress, signed it reluctantly in August, just six months into his presidency.", 2017),
])
def test_no_agreement_in(nlp, sentence, year):
    assert agreements_in(nlp, sentence, year=year, leaders={"Trump": "USA"}) == []


def test_a_committee_vote_is_no_agreement(nlp):
    assert agreements_in(
        nlp,
        "Meeting in closed session, the House Ways and Means Committee agreed to allow President Reagan to retaliate "
        "against foreign countries that refuse to open their markets to U.S. telecommunications products.",
        leaders={"Reagan": "USA"}, dateline="USA", year=1987) == []


def test_a_company_deal_within_one_country_is_no_agreement(nlp):
    assert agreements_in(nlp, "Rochester Telephone Corp said it agreed to buy <Canton Telephone Co> for undisclosed terms.",
                         dateline="USA", year=1987) == []


# ------------------------------------------------------------------------------------------------
# Proposed, expected and rejected agreements count; status and sector
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, year, expected_parties, status, sector", [
    ("West German bankers also said then that Brazil should seek an understanding with the IMF.", 1987,
     {"BRA", "IMF"}, "proposed", "finance"),
    ("Still, the stock market has set record highs on optimism that at least a preliminary U.S.-China trade "
     "agreement can be reached soon.", 2019, {"CHN", "USA"}, "expected", "trade"),
    ("Lawmakers rejected Prime Minister Theresa May’s Brexit deal for a third time on Friday, sounding its probable "
     "death knell and leaving Britain’s withdrawal from the European Union in turmoil on the very day it was "
     "supposed to quit the bloc.", 2019, {"GBR", "GRP_EU"}, "rejected", "political"),
    ("Pakistan and Sweden have signed a commodity exchange agreement for 88 mln dlrs each way, the Pakistan "
     "government announced.", 1987, {"PAK", "SWE"}, "signed", "trade"),
    ("Drafts of an agreement to end a nearly year-long trade war would give Beijing until 2025 to meet commitments "
     "on commodity purchases and allow American companies to wholly own enterprises in the Asian nation, according "
     "to three people familiar with the talks.", 2019, {"CHN", "USA"}, "proposed", "trade"),
    # allsides-EdwBg8on3BBPiMhx: the first status word the clause states, when nothing is rejected or expected
    ("The White House says China agreed to delay a planned tariff increase on Chinese goods for 90 days to buy time "
     "for more substantive negotiations with the United States.", 2018, {"CHN", "USA"}, "agreed", "trade"),
])
def test_status_and_sector(nlp, sentence, year, expected_parties, status, sector):
    found = agreements_in(nlp, sentence, year=year)
    assert len(found) == 1
    assert expected_parties <= parties(found[0])
    assert (found[0].status, found[0].sector) == (status, sector)


def test_an_agreement_reached_and_one_still_to_come_are_two(nlp):
    # allsides-GnLc0ecOkMgwSGDu: the truce of Dec. 1 and the deal hoped for by March 1
    found = agreements_in(nlp, "Trump and Chinese President Xi Jinping agreed to a 90-day trade truce on Dec. 1.",
                          "Trump said a trade deal with China could be reached by March 1.", year=2019,
                          leaders={"Trump": "USA", "Xi": "CHN"})
    assert [(a.status, parties(a) >= {"CHN", "USA"}) for a in found] == [("agreed", True), ("expected", True)]


def test_a_rejection_is_the_status_of_the_agreement_it_ends(nlp):
    # allsides-fhPNfZbZXORJFzQj
    found = agreements_in(nlp, "Lawmakers rejected Prime Minister Theresa May’s Brexit deal with the European Union for a "
                               "third time on Friday, leaving Britain’s withdrawal in turmoil.",
                          "May agreed the deal with the European Union in November after two years of talks.", year=2019)
    assert [(a.status, {"GBR", "GRP_EU"} <= parties(a)) for a in found] == [("rejected", True)]


# ------------------------------------------------------------------------------------------------
# Candidates for the learned decisions (made-up sentences)
# ------------------------------------------------------------------------------------------------


def article_of(nlp, *sentences: str, year: int = 2019, dateline: str | None = None):
    text = "\n\n".join(sentences)
    return annotate_article("test", text, next(annotate(nlp, [text])), published_date=dt.date(year, 6, 1),
                            dateline_country=dateline, authors=[], gazetteer=GAZETTEER)


def test_a_sentence_the_rules_pass_over_is_a_candidate_with_its_sides(nlp):
    article = article_of(nlp, "Canada and Mexico declared a truce in their dispute over steel quotas on Tuesday.")
    assert find_agreements(article, GAZETTEER.display_names(), {}) == []
    (candidate,) = agreement_candidates(article, GAZETTEER.display_names(), {})
    assert candidate.rule_mentions == ()
    assert {p.party.country_id for p in candidate.parties if p.source == "sentence"} == {"CAN", "MEX"}
    features = sentence_features(article, candidate, article.parse_at(candidate.start))
    assert features["cue:noun:truce"] == 1.0 and features["rule_none"] > 0
    assert "cue_dep:dobj" in features  # the parser read the sentence: "truce" is the object of "declared"


def test_a_one_sided_candidate_takes_the_sides_before_and_the_story_country(nlp):
    article = article_of(nlp, "Norwegian officials met their Chilean counterparts in Santiago on Monday.",
                         "Officials later announced a memorandum on salmon farming.", dateline="NOR")
    candidate = next(c for c in agreement_candidates(article, GAZETTEER.display_names(), {}) if c.sentence == 1)
    sources = {p.party.country_id: p.source for p in candidate.parties}
    assert sources.get("CHL") == "previous" and sources.get("NOR") in ("previous", "main")


def test_the_rules_reading_stands_at_the_rules_thresholds(nlp):
    article = article_of(nlp, "Japan and Australia signed a trade pact on Friday.",
                         "The deal cuts tariffs on beef and cars.", "Officials said a defence accord with India would follow.")
    names = GAZETTEER.display_names()
    rules = find_agreements(article, names, {})
    scored = [ScoredCandidate(c, 1.0 if c.rule_mentions else 0.0, tuple(0.0 for _ in c.parties), None, None)
              for c in agreement_candidates(article, names, {})]
    assembled = assemble(scored, article, Thresholds())
    assert [(a.summary, parties_of(a), a.status, a.sector) for a in assembled] == \
        [(a.summary, parties_of(a), a.status, a.sector) for a in rules]


def test_a_candidate_the_model_accepts_becomes_an_agreement_of_the_sides_it_keeps(nlp):
    article = article_of(nlp, "Canada and Mexico declared a truce in their dispute over steel quotas on Tuesday.")
    (candidate,) = agreement_candidates(article, GAZETTEER.display_names(), {})
    scored = [ScoredCandidate(candidate, 0.9, tuple(0.8 for _ in candidate.parties), "agreed", "trade")]
    (agreement,) = assemble(scored, article, Thresholds(add_mention=0.5, party=0.5, use_sector_model=True))
    assert parties_of(agreement) >= {"CAN", "MEX"}
    assert (agreement.sector, agreement.method) == ("trade", "model:agreements")
    assert assemble(scored, article, Thresholds(add_mention=0.95)) == []


def parties_of(agreement: Agreement) -> set[str]:
    return {p.country_id or p.name for p in agreement.parties}


@pytest.mark.parametrize("clause, status, sector", [
    ("The government walked away from the fishing accord.", "rejected", "agriculture"),
    ("Both sides are expected to sign a pipeline deal next month.", "expected", "energy"),
    ("The ministers initialled a memorandum on arms control.", "signed", "security"),
])
def test_status_and_sector_cues_are_read_from_the_data_files(clause, status, sector):
    assert clause_status(clause)[0] == status
    assert clause_sector(clause) == sector


def test_any_organization_finds_every_alias_the_per_alias_patterns_find():
    """parties_in searches aliases one by one only where the one search for any of them found one."""
    from pipeline.core.agreements import ANY_ORGANIZATION, ORGANIZATIONS

    for pattern, _ in ORGANIZATIONS:
        alias = pattern.pattern[len(r"(?<![\w-])"):-len(r"(?![\w-])")].replace("\\", "")
        assert ANY_ORGANIZATION.search(f"Talks with the {alias}, on Monday"), alias
        assert not ANY_ORGANIZATION.search(f"x{alias}x") or any(p.search(f"x{alias}x") for p, _ in ORGANIZATIONS), alias
