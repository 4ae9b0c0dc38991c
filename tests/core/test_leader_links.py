"""Issue #14, leaders as entities: a story's untitled mention of a leader other stories title counts as that
leader only where the story gives or refers to the office (guideline L2), a decision learned from the train split
(`pipeline/models/leader_links.joblib`)."""
from __future__ import annotations

from datetime import date

import polars as pl

from pipeline.core.leader_links import _mention_words, counted_links, link_features, links_to_decide
from pipeline.core.star_schema import fact_mention, leader_identities

TITLED = "President Barack Obama said on Tuesday he would sign the bill."
STORIES = {
    "titled": TITLED,
    "predecessor": "Trump said his predecessor, Barack Obama, had left him a mess at the border with Mexico.",
    "caption": "Image caption Barack Obama waves\n\nThe bill passed the Senate on Tuesday after a long debate.",
    "in office": "The Obama administration said on Friday that Barack Obama will sign the bill, which gives the "
                 "president new powers at the border with Mexico, in the United States' capital.",
}


def _frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    articles = pl.DataFrame({"article_id": list(STORIES), "text": list(STORIES.values()),
                             "published_date": [date(2014, 5, 1)] * len(STORIES)})
    start = TITLED.index("Barack")
    leader_mentions = pl.DataFrame([("titled", start, start + 12, "Barack Obama", "Barack Obama", "President", "USA",
                                     "explicit", True, True)], orient="row", schema={
        "article_id": pl.String, "start_char": pl.Int64, "end_char": pl.Int64, "text": pl.String, "name": pl.String,
        "role": pl.String, "country_id": pl.String, "country_source": pl.String, "titled": pl.Boolean, "in_office": pl.Boolean})
    found = [(a, "Barack Obama", "PERSON", None) for a in STORIES] + [("in office", "United States", "GPE", "USA")]
    entity_mentions = pl.DataFrame([(a, STORIES[a].index(t), STORIES[a].index(t) + len(t), t, label, entity)
                                    for a, t, label, entity in found], orient="row", schema={
        "article_id": pl.String, "start_char": pl.Int64, "end_char": pl.Int64, "text": pl.String, "label": pl.String,
        "entity_id": pl.String})
    published = articles.select("article_id", "published_date")
    return articles, leader_identities(leader_mentions, published), entity_mentions, published


def test_words_before_a_name_are_read_on_its_own_line():
    text = STORIES["caption"]
    after_caption = text.index("The bill")
    assert _mention_words(text, after_caption, after_caption + 8).keys().isdisjoint({"caption", "before:waves"})
    words = _mention_words(text, text.index("Barack"), text.index("Barack") + 12)
    assert words["caption"] == 1.0 and words["before0:caption"] == 1.0 and words["after:waves"] == 1.0


def test_a_caption_is_known_by_the_projects_caption_pattern_anywhere_on_the_line():
    text = "Theresa May arrives in Brussels, March 21, 2019. REUTERS/Toby Melville\nTheresa May said talks would go on."
    assert _mention_words(text, 0, 11)["caption"] == 1.0
    said = text.index("Theresa May said")
    assert "caption" not in _mention_words(text, said, said + 11)


def test_a_political_title_before_the_name_is_a_feature_of_its_own():
    assert _mention_words("the Zimbabwean president Emmerson Mnangagwa", 25, 43)["title_before"] == 1.0
    assert _mention_words("her husband Jared Kushner", 12, 25)["title_before"] == 0.0


def test_only_links_of_stories_that_do_not_name_the_office_are_decided():
    articles, identified, entity_mentions, published = _frames()
    links = fact_mention(entity_mentions, identified, published=published).filter(pl.col("entity_id").is_not_null())
    assert set(links["article_id"]) == set(STORIES)
    decided = links_to_decide(links, identified)
    assert set(decided["article_id"]) == {"predecessor", "caption", "in office"}
    keys, rows = link_features(decided, identified, articles, entity_mentions, published)
    features = dict(zip([article for article, _ in keys], rows))
    assert features["in office"]["office_referred"] == 1.0 and features["in office"]["role_in_story"] == 1.0
    assert features["predecessor"]["before0:predecessor"] == 1.0 and features["predecessor"]["office_referred"] == 0.0


def test_the_packaged_model_counts_a_leader_whose_office_the_story_refers_to_and_not_a_predecessor_or_a_caption():
    articles, identified, entity_mentions, published = _frames()
    kept = fact_mention(entity_mentions, identified, published=published, counted=lambda links: counted_links(
        links, identified, articles, entity_mentions, published)).filter(pl.col("entity_id").is_not_null())
    assert set(kept["article_id"]) == {"titled", "in office"}
