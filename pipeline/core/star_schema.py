"""Frame transforms from per-article facts to the star schema's dimensions and facts (pure Polars)."""
from __future__ import annotations

import polars as pl

from pipeline.core.failures import Failure
from pipeline.core.stories import StoryInput, group_stories


def _stable_id(prefix: str, *columns: str) -> pl.Expr:
    return pl.lit(prefix) + pl.concat_str([pl.col(c).fill_null("") for c in columns], separator="|").hash(seed=7).cast(pl.String).str.slice(0, 12)


def _folded(expr: pl.Expr) -> pl.Expr:
    return expr.str.normalize("NFKD").str.replace_all(r"[^\x00-\x7f]", "").str.to_lowercase()


def leader_identities(leader_mentions: pl.DataFrame) -> pl.DataFrame:
    """leader_mentions with a `leader_id` per person across articles.

    A person is a surname and a country. A one-word name is the fuller name of the same country that begins
    with it, if just one does and none ends with it ("President Xi" is "Xi Jinping"). A country guessed from
    the story's main country gives way to the country most often stated for the same name in other articles
    (a different first name is another person: "Winston Jordan" is not "Jim Jordan").
    """
    words = pl.col("name").str.split(" ")
    frame = leader_mentions.with_row_index("row").with_columns(
        _folded(words.list.last()).alias("surname_key"), _folded(words.list.first()).alias("first_key"),
        (words.list.len() == 1).alias("one_word"))
    fuller = frame.filter(~pl.col("one_word"))
    begins_fuller = (fuller.select(pl.col("first_key").alias("surname_key"), "country_id", pl.col("surname_key").alias("fuller_key"))
                     .unique().filter(pl.len().over("surname_key", "country_id") == 1)
                     .join(fuller.select("surname_key").unique(), on="surname_key", how="anti"))
    frame = (frame.join(begins_fuller, on=["surname_key", "country_id"], how="left")
             .with_columns(pl.when(pl.col("one_word")).then(pl.coalesce("fuller_key", "surname_key"))
                           .otherwise(pl.col("surname_key")).alias("surname_key"))
             .drop("fuller_key"))
    stated = (frame.filter(pl.col("country_source").is_in(["explicit", "title"]) & pl.col("titled"))
              .select("surname_key", pl.when(pl.col("one_word")).then(None).otherwise(pl.col("first_key")).alias("stated_first"),
                      pl.col("country_id").alias("stated_country")))
    guessed = (frame.filter(pl.col("country_source") == "story").select("row", "surname_key", "first_key", "one_word")
               .join(stated, on="surname_key")
               .filter(pl.col("one_word") | pl.col("stated_first").is_null() | (pl.col("stated_first") == pl.col("first_key")))
               .group_by("row", "stated_country").len()
               .sort("len", "stated_country", descending=[True, False])
               .group_by("row", maintain_order=True).first()
               .select("row", "stated_country"))
    frame = (frame.join(guessed, on="row", how="left")
             .with_columns(pl.coalesce("stated_country", "country_id").alias("country_id"),
                           ((pl.col("country_source") == "story") & pl.col("stated_country").is_null()).alias("still_guessed")))
    # a full name no article states a country for takes the country most of its articles are about
    # ("former President Barack Obama" in stories datelined Washington, Tokyo and Havana is one person)
    consensus = (frame.filter(pl.col("still_guessed") & ~pl.col("one_word"))
                 .group_by("first_key", "surname_key", "country_id").agg(pl.col("article_id").n_unique().alias("articles"))
                 .sort("articles", "country_id", descending=[True, False])
                 .group_by("first_key", "surname_key", maintain_order=True).first()
                 .select("first_key", "surname_key", pl.col("country_id").alias("consensus_country")))
    frame = (frame.join(consensus, on=["first_key", "surname_key"], how="left")
             .with_columns(pl.when(pl.col("still_guessed") & ~pl.col("one_word"))
                           .then(pl.coalesce("consensus_country", "country_id")).otherwise(pl.col("country_id")).alias("country_id"))
             .drop("row", "first_key", "one_word", "stated_country", "still_guessed", "consensus_country"))
    return frame.with_columns(_stable_id("L", "surname_key", "country_id").alias("leader_id"))


def dim_leader(identified: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """One row per leader: the fullest name, country, and latest stated role."""
    dated = identified.join(articles.select("article_id", "effective_date"), on="article_id", how="left")
    names = (dated.with_columns(pl.col("name").str.len_chars().alias("name_length"))
             .sort("name_length", "name", descending=[True, False])
             .group_by("leader_id", maintain_order=True).agg(pl.first("name"), pl.first("country_id")))
    roles = (dated.filter(pl.col("role").is_not_null())
             .sort("effective_date", "article_id", "start_char", nulls_last=False)
             .group_by("leader_id").agg(pl.last("role")))
    return names.join(roles, on="leader_id", how="left").select("leader_id", "name", "country_id", "role").sort("leader_id")


def fact_leader_role(identified: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Each stated role of each leader, dated by its article: the role history."""
    return (identified.filter(pl.col("titled"))
            .join(articles.select("article_id", pl.col("effective_date").alias("role_date")), on="article_id", how="left")
            .select("leader_id", "article_id", "role", "country_id", "role_date", "evidence", "start_char", "end_char", "method")
            .sort("leader_id", "role_date", "article_id", "start_char", nulls_last=False))


def fact_mention(entity_mentions: pl.DataFrame, identified: pl.DataFrame) -> pl.DataFrame:
    leaders = identified.select("article_id", "start_char", "end_char", "text", pl.lit("PERSON").alias("label"),
                                pl.col("leader_id").alias("entity_id"))
    return (pl.concat([entity_mentions.select(leaders.columns), _leaders_named_in_full(entity_mentions, identified), leaders])
            .unique(["article_id", "start_char", "end_char"], keep="last", maintain_order=True)
            .sort("article_id", "start_char"))


def _leaders_named_in_full(entity_mentions: pl.DataFrame, identified: pl.DataFrame) -> pl.DataFrame:
    """A person named in full in an article that gives no title ("his three meetings with Kim Jong Un") is the leader
    other articles title under that full name, when just one leader goes by it."""
    full_names = (identified.filter(pl.col("name").str.contains(" "))
                  .select(_folded(pl.col("name")).alias("name_key"), "leader_id").unique()
                  .filter(pl.len().over("name_key") == 1))
    return (entity_mentions.filter(pl.col("label") == "PERSON")
            .with_columns(_folded(pl.col("text").str.replace(r"['’]s$", "")).alias("name_key"))
            .join(full_names, on="name_key")
            .select("article_id", "start_char", "end_char", "text", "label", pl.col("leader_id").alias("entity_id")))


def dateline_mentions(articles: pl.DataFrame) -> pl.DataFrame:
    """The country of each article's dateline, as a mention without offsets: the dateline is cut from the text."""
    return articles.filter(pl.col("dateline_country_id").is_not_null()).select(
        "article_id", pl.lit(None, pl.Int64).alias("start_char"), pl.lit(None, pl.Int64).alias("end_char"),
        pl.col("dateline").alias("text"), pl.lit("DATELINE").alias("label"), pl.col("dateline_country_id").alias("entity_id"))


def resolve_periods(figures: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """period_year / period_month from the stated period and the article's (or its story's) date."""
    frame = figures.join(articles.select("article_id", "effective_date"), on="article_id", how="left").with_columns(
        pl.col("effective_date").dt.year().cast(pl.Int64).alias("_py"),
        pl.col("effective_date").dt.month().cast(pl.Int64).alias("_pm"),
    )
    anchor, stated_month = pl.col("period_anchor"), pl.col("period_month_stated")
    month_index = pl.col("_py") * 12 + pl.col("_pm") - 1 + pl.col("period_offset")
    # "in December" written in March is last December, unless the figure is a target or forecast: that is this year's
    later_month = ((stated_month > pl.col("_pm")) & ~pl.col("kind").is_in(["target", "forecast"])).cast(pl.Int64)
    year = (pl.when(anchor == "absolute").then(pl.col("period_year_stated"))
            .when(anchor == "relative_year").then(pl.col("_py") + pl.col("period_offset"))
            .when(anchor == "month").then(pl.col("_py") - later_month)
            .when(anchor == "relative_month_last_year").then(pl.col("_py") - later_month - 1)
            .when(anchor == "relative_month").then(month_index // 12))
    month = (pl.when(anchor.is_in(["absolute", "month", "relative_month_last_year"])).then(stated_month)
             .when(anchor == "relative_month").then(month_index % 12 + 1))
    return frame.with_columns(year.alias("period_year"), month.alias("period_month")).drop("_py", "_pm", "effective_date")


def fact_figure(figures: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    resolved = resolve_periods(figures, articles)
    return (resolved.with_columns(_stable_id("F", "article_id", "start_char", "metric").alias("figure_id"))
            .select("figure_id", "article_id", "metric", "measure", "value", "currency", "qualifier", "kind", "period_year", "period_month",
                    "country_id", "counterpart_id", "evidence", "start_char", "end_char", "amount_text",
                    "evidence_start", "evidence_end", "method")
            .sort("article_id", "start_char"))


def article_sources(raw_index: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Which shard's copy of each article counts (the first source in path and line order), and the
    other copies as rejects: one text brought by two files is one article.

    raw_index: article_id, source_path, line_number, byte_size, shard.
    """
    ordered = raw_index.sort("source_path", "line_number", nulls_last=False)
    first = ordered.unique("article_id", keep="first", maintain_order=True)
    copies = ordered.join(first.select("article_id", "shard"), on=["article_id", "shard"], how="anti")
    rejects = copies.select("source_path", "line_number", pl.lit("duplicate").alias("reason"),
                            ("same text as article " + pl.col("article_id")).alias("detail"), "byte_size")
    return first.select("article_id", "shard"), rejects


def article_entities(mentions: pl.DataFrame) -> pl.DataFrame:
    """Per article, the set of entities it names: ids where known, else the folded mention text."""
    return (mentions.filter(pl.col("label").is_in(["COUNTRY", "HISTORICAL", "GROUP", "PERSON", "ORG"]))
            .select("article_id", pl.coalesce("entity_id", _folded(pl.col("text"))).alias("entity"))
            .unique().group_by("article_id").agg(pl.col("entity")))


def with_stories(articles: pl.DataFrame, entities: pl.DataFrame, failures: dict[str, Failure] | None = None) -> pl.DataFrame:
    """Story ids, and for undated articles the date of another version of their story. An article the story
    grouping fails on is a story of its own, with the reason in `failures` (when given)."""
    named = articles.join(entities, on="article_id", how="left")
    stories = group_stories([StoryInput(a, t, d, p, frozenset(e or ())) for a, t, d, p, e in
                             named.select("article_id", "text", "dateline", "published_date", "entity").iter_rows()],
                            failures)
    frame = articles.with_columns(pl.col("article_id").replace_strict(stories, default=None).alias("story_id"))
    story_dates = frame.group_by("story_id").agg(pl.col("published_date").drop_nulls().min().alias("story_date"))
    return (frame.join(story_dates, on="story_id", how="left")
            .with_columns(pl.coalesce("published_date", "story_date").alias("effective_date")).drop("story_date"))
