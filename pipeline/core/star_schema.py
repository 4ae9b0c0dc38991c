"""Frame transforms from per-article facts to the star schema's dimensions and facts (pure Polars)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import polars as pl

from pipeline.core.failures import Failure
from pipeline.core.person_names import canonical_given_names
from pipeline.core.reference_data import office_holder_titles
from pipeline.core.stories import StoryInput, group_stories


# a one-word name is the full name of its surname that at least this many times as many articles name as any other
DOMINANT_NAME_SHARE = 5
# an honorific or a title opening a name: "Mrs May" is a surname, "President Xi Jinping" a title and a name
NOT_A_GIVEN_NAME = r"^(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|President|Gen|Lt|Col|Sen|Rep)\.? "


def _stable_id(prefix: str, *columns: str) -> pl.Expr:
    return pl.lit(prefix) + pl.concat_str([pl.col(c).fill_null("") for c in columns], separator="|").hash(seed=7).cast(pl.String).str.slice(0, 12)


def _folded(expr: pl.Expr) -> pl.Expr:
    return expr.str.normalize("NFKD").str.replace_all(r"[^\x00-\x7f]", "").str.to_lowercase()


def _name_key(text: pl.Expr) -> pl.Expr:
    """A person's name as written ("Kim Jong Un’s") folded for comparing: no possessive, no accents, lower case."""
    return _folded(text.str.replace(r"['’]s$", ""))


def out_of_office_names(leader_mentions: pl.DataFrame) -> pl.DataFrame:
    """(article_id, name_key) of each person an article names by an office they do not hold then."""
    if "in_office" not in leader_mentions.columns:
        return pl.DataFrame(schema={"article_id": pl.String, "name_key": pl.String})
    return (leader_mentions.filter(~pl.col("in_office").fill_null(True))
            .select("article_id", _folded(pl.col("name")).alias("name_key")).unique())


def leader_identities(leader_mentions: pl.DataFrame, published: pl.DataFrame | None = None) -> pl.DataFrame:
    """In-office leader_mentions with a `leader_id` per person across articles, the person's country in
    `country_id` and the country this mention states in `stated_country_id` (a guessed one is the person's).

    A person is a full name, with the other forms of their given names (`person_names`: "Mike" and "Michael",
    "Tayyip" and "Recep Tayyip"); a one-word name is the fuller name of the same country that begins with it, if just
    one does and none ends with it ("President Xi" is "Xi Jinping"), else the one full name of that surname and
    country. A person's country is the one most of the articles that title them state, never one mention's:
    a guessed country (the story's main country) gives way to the stated ones (a different first name is another
    person: "Winston Jordan" is not "Jim Jordan"), and where no article states one, the country most of the
    person's articles are about. Mentions by an office no longer (or not yet) held are evidence of the country
    but no leader's mentions, and are left out. An office only referred to ("the Trump administration") is the
    person's whom other stories title by that surname, unless a story published no later names them out of
    office (`published`: article_id, published_date).
    """
    # "Mrs May" is a surname; "Kim Jong-un" is "Kim Jong Un" (the scorer, too, reads a hyphen as a space);
    # "H.R. McMaster" is "HR McMaster"
    words = (pl.col("name").str.replace(NOT_A_GIVEN_NAME, "").str.replace_all(r"[\-‐–]", " ")
             .str.replace_all(".", "", literal=True).str.split(" "))
    if "in_office" not in leader_mentions.columns:
        leader_mentions = leader_mentions.with_columns(pl.lit(True).alias("in_office"))
    frame = leader_mentions.with_row_index("row").with_columns(
        _folded(words.list.last()).alias("surname_key"), _folded(words.list.first()).alias("first_key"),
        (words.list.len() == 1).alias("one_word"), pl.col("country_id").alias("stated_country_id"))
    fuller = frame.filter(~pl.col("one_word"))
    begins_fuller = (fuller.select(pl.col("first_key").alias("surname_key"), "country_id", pl.col("surname_key").alias("fuller_key"))
                     .unique().filter(pl.len().over("surname_key", "country_id") == 1)
                     .join(fuller.select("surname_key").unique(), on="surname_key", how="anti"))
    frame = (frame.join(begins_fuller, on=["surname_key", "country_id"], how="left")
             .with_columns(pl.when(pl.col("one_word")).then(pl.coalesce("fuller_key", "surname_key"))
                           .otherwise(pl.col("surname_key")).alias("surname_key"))
             .drop("fuller_key"))
    frame = _first_names_of_one_person(frame, words)
    stated = (frame.filter(pl.col("country_source").is_in(["explicit", "title"]) & pl.col("titled"))
              .select("surname_key", pl.when(pl.col("one_word")).then(None).otherwise(pl.col("first_key")).alias("stated_first"),
                      pl.col("country_id").alias("stated_country")))
    guessed = (frame.filter(pl.col("country_source") == "story").select("row", "surname_key", "first_key", "one_word")
               .join(stated, on="surname_key")
               .filter(pl.col("one_word") | pl.col("stated_first").is_null() | (pl.col("stated_first") == pl.col("first_key")))
               # a full name's own stated country before a surname's ("Joaquin Castro" is not "Cuban leader Castro")
               .with_columns((pl.col("stated_first") == pl.col("first_key")).fill_null(False).alias("same_name"))
               .filter(pl.col("same_name") == pl.col("same_name").max().over("row"))
               .group_by("row", "stated_country").len()
               .sort("len", "stated_country", descending=[True, False])
               .group_by("row", maintain_order=True).first()
               .select("row", "stated_country"))
    frame = (frame.join(guessed, on="row", how="left")
             .with_columns(pl.coalesce("stated_country", "country_id").alias("country_id"),
                           (pl.col("country_source").is_in(["story", "referred"]) & pl.col("stated_country").is_null())
                           .alias("still_guessed")))
    frame = frame.drop("stated_country")
    # an out-of-office mention is evidence of the person's country, but no leader mention
    frame = (_person_country(frame, published).filter(pl.col("in_office").fill_null(True))
             .drop("row", "first_key", "one_word", "still_guessed", "in_office")
             .with_columns(pl.when(pl.col("country_source") == "story").then(pl.col("country_id"))
                           .otherwise(pl.col("stated_country_id")).alias("stated_country_id")))
    # a person: Bernie Sanders and Sarah Huckabee Sanders are two; a surname whose person no article tells is one more
    return frame.with_columns(_stable_id("L", "surname_key", "country_id", "person_first").alias("leader_id")).drop("person_first")


def _first_names_of_one_person(frame: pl.DataFrame, words: pl.Expr) -> pl.DataFrame:
    """first_key becomes the first name of the person's commonest full form ("Mike Pompeo" is "Michael Pompeo"
    where most articles write Michael; "Tayyip Erdogan" is "Recep Tayyip Erdogan")."""
    given = frame.with_columns(_folded(words.list.head(words.list.len() - 1).list.join(" ")).alias("given_key"))
    counts = Counter({(row["surname_key"], tuple(row["given_key"].split())): row["len"]
                      for row in given.filter(~pl.col("one_word")).group_by("surname_key", "given_key").len().iter_rows(named=True)})
    canonical = canonical_given_names(counts)
    if not canonical:
        return frame
    mapping = pl.DataFrame([{"surname_key": surname, "given_key": " ".join(names), "person_first_key": first}
                            for (surname, names), first in canonical.items()],
                           schema={"surname_key": pl.String, "given_key": pl.String, "person_first_key": pl.String})
    return (given.join(mapping, on=["surname_key", "given_key"], how="left")
            .with_columns(pl.coalesce("person_first_key", "first_key").alias("first_key"))
            .drop("given_key", "person_first_key"))


def _person_country(frame: pl.DataFrame, published: pl.DataFrame | None) -> pl.DataFrame:
    """Every mention of a person takes the country most of the articles titling them state, or where none states
    one, most of them are about (ties: more articles, then the first code). A one-word name is the one full name
    of its surname and country (or the one far more articles name), or, its country being a guess, that of its
    surname."""
    full = frame.filter(~pl.col("one_word"))
    by_country = _dominant_full_name(full, ["surname_key", "country_id"], "by_country")
    by_surname = _dominant_full_name(full, ["surname_key"], "by_surname")
    frame = (frame.join(by_country, on=["surname_key", "country_id"], how="left").join(by_surname, on="surname_key", how="left")
             .with_columns(pl.when(~pl.col("one_word")).then(pl.col("first_key"))
                           .otherwise(pl.coalesce("by_country", pl.when(pl.col("still_guessed")).then(pl.col("by_surname"))))
                           .alias("person_first"))
             .drop("by_country", "by_surname"))
    person = ["person_first", "surname_key"]
    majority = (frame.filter(pl.col("titled") & pl.col("person_first").is_not_null())
                .group_by(*person, "country_id")
                .agg(pl.col("article_id").filter(pl.col("country_source") != "story").n_unique().alias("stating"),
                     pl.col("article_id").n_unique().alias("articles"))
                .sort("stating", "articles", "country_id", descending=[True, True, False])
                .group_by(*person, maintain_order=True).first()
                .select(*person, pl.col("country_id").alias("person_country")))
    frame = (frame.join(majority, on=person, how="left")
             .with_columns(pl.coalesce("person_country", "country_id").alias("country_id"))
             .filter((pl.col("country_source") != "referred") | pl.col("person_country").is_not_null())
             .drop("person_country"))
    return _no_office_after_leaving_it(_no_referrals_after_office(frame, person, published), person, published)


def _dominant_full_name(full: pl.DataFrame, keys: list[str], alias: str) -> pl.DataFrame:
    """The first name of the one full name by these keys, or of the one that far more articles name than any other:
    "President Trump" is Donald Trump, though one story also takes "First Lady Melania Trump" for a leader."""
    articles = full.group_by(*keys, "first_key").agg(pl.col("article_id").n_unique().alias("articles"))
    ranked = (articles.sort("articles", "first_key", descending=[True, False])
              .group_by(*keys, maintain_order=True)
              .agg(pl.col("first_key").first().alias(alias), pl.col("articles").first().alias("most"),
                   pl.col("articles").slice(1, 1).first().fill_null(0).alias("next")))
    return ranked.filter(pl.col("most") >= DOMINANT_NAME_SHARE * pl.col("next")).select(*keys, alias)


def _no_office_after_leaving_it(frame: pl.DataFrame, person: list[str], published: pl.DataFrame | None) -> pl.DataFrame:
    """"his decision to fire FBI Director James Comey", in a story published after others name him the former FBI
    director: the story tells of his time in that office and names no leader of its own time. A person's office
    counts as left once stories name them out of it at least as often as in it from the first that does (one
    misread "former" does not end a presidency); another office after it still counts ("former CIA Director Mike
    Pompeo", Secretary of State). The person's mentions in such a story are all left out."""
    if published is None:
        return frame
    dated = frame.join(published.select("article_id", "published_date"), on="article_id", how="left").with_columns(
        pl.col("role").str.to_lowercase().str.extract(r"(\w+)\s*$").alias("office"),
        pl.col("in_office").fill_null(True).alias("held"))
    known = dated.filter(pl.col("person_first").is_not_null() & pl.col("office").is_not_null() & pl.col("titled"))
    left = (known.filter(~pl.col("held")).group_by(*person, "office")
            .agg(pl.col("published_date").min().alias("left_office")))
    after = known.join(left, on=[*person, "office"]).filter(pl.col("published_date") > pl.col("left_office"))
    settled = (after.group_by(*person, "office")
               .agg(pl.first("left_office"),
                    pl.col("article_id").filter(~pl.col("held")).n_unique().alias("out"),
                    pl.col("article_id").filter(pl.col("held")).n_unique().alias("in"))
               .filter(pl.col("out") >= pl.col("in")).select(*person, "office", "left_office"))
    past = (known.filter(pl.col("held")).join(settled, on=[*person, "office"], how="left")
            .with_columns((pl.col("published_date") > pl.col("left_office")).fill_null(False).alias("past"))
            .group_by("article_id", *person).agg(pl.col("past").all())
            .filter(pl.col("past")).select("article_id", *person))
    return dated.join(past, on=["article_id", *person], how="anti").drop("published_date", "office", "held")


def _no_referrals_after_office(frame: pl.DataFrame, person: list[str], published: pl.DataFrame | None) -> pl.DataFrame:
    """Drops "the Obama administration" from a story published when another already names Obama a former president."""
    if published is None:
        return frame
    dated = frame.join(published.select("article_id", "published_date"), on="article_id", how="left")
    left_office = (dated.filter(~pl.col("in_office") & pl.col("person_first").is_not_null())
                   .group_by(person).agg(pl.col("published_date").min().alias("left_office")))
    return (dated.join(left_office, on=person, how="left")
            .filter((pl.col("country_source") != "referred") | pl.col("left_office").is_null()
                    | pl.col("published_date").is_null() | (pl.col("published_date") < pl.col("left_office")))
            .drop("published_date", "left_office"))


def dim_leader(identified: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """One row per leader: the full name most articles give (not the longest: a page's "Donald Trump Trump" or
    "President Xi Jinping" is one article's slip; "Mrs May" is no full name), country, and latest stated role."""
    dated = identified.join(articles.select("article_id", "effective_date"), on="article_id", how="left")
    names = (dated.group_by("leader_id", "name", "country_id")
             .agg(pl.col("article_id").n_unique().alias("articles"))
             .with_columns((pl.col("name").str.contains(" ") & ~pl.col("name").str.contains(NOT_A_GIVEN_NAME)).alias("full"),
                           pl.col("name").str.len_chars().alias("name_length"))
             .sort("full", "articles", "name_length", "name", "country_id", descending=[True, True, True, False, False],
                   nulls_last=True)
             .group_by("leader_id", maintain_order=True).agg(pl.first("name"), pl.first("country_id")))
    roles = (dated.filter(pl.col("role").is_not_null())
             # every column a tie could leave to the shards' row order: a rebuild gives the same row
             .sort("effective_date", "article_id", "start_char", "role", nulls_last=False)
             .group_by("leader_id").agg(pl.last("role")))
    return names.join(roles, on="leader_id", how="left").select("leader_id", "name", "country_id", "role").sort("leader_id")


def fact_leader_role(identified: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Each stated role of each leader with the country its article states, dated by its article: the role history."""
    return (identified.filter(pl.col("titled"))
            .join(articles.select("article_id", pl.col("effective_date").alias("role_date")), on="article_id", how="left")
            .select("leader_id", "article_id", "role", pl.col("stated_country_id").alias("country_id"), "role_date", "evidence",
                    "start_char", "end_char", "method")
            .sort("leader_id", "role_date", "article_id", "start_char", nulls_last=False))


def fact_mention(entity_mentions: pl.DataFrame, identified: pl.DataFrame, out_of_office: pl.DataFrame | None = None,
                 published: pl.DataFrame | None = None,
                 counted: Callable[[pl.DataFrame], pl.DataFrame] | None = None) -> pl.DataFrame:
    """Every mention; a leader's (titled, later, named in full, or by surname alone while in office, where no office
    is denied) with the leader's id. `published`: article_id, published_date; `counted`: which untitled mentions
    of a leader count (`leader_links.counted_links`)."""
    leaders = identified.select("article_id", "start_char", "end_char", "text", pl.lit("PERSON").alias("label"),
                                pl.col("leader_id").alias("entity_id"))
    untitled = untitled_leader_mentions(entity_mentions, identified, out_of_office, published)
    if counted is not None:
        untitled = counted(untitled)
    return (pl.concat([entity_mentions.select(leaders.columns), untitled, leaders])
            .unique(["article_id", "start_char", "end_char"], keep="last", maintain_order=True)
            .sort("article_id", "start_char"))


def untitled_leader_mentions(entity_mentions: pl.DataFrame, identified: pl.DataFrame, out_of_office: pl.DataFrame | None = None,
                             published: pl.DataFrame | None = None) -> pl.DataFrame:
    """The mentions of leaders in stories that do not title them: named in full, or by surname alone while in office,
    where the story denies no office."""
    untitled = _leaders_named_in_full(entity_mentions, identified, published)
    if published is not None:
        untitled = pl.concat([untitled, _leaders_named_by_surname(entity_mentions, identified, published)])
    if out_of_office is not None:  # "former President Barack Obama" is no leader in that story
        denied = pl.concat([out_of_office, out_of_office.with_columns(pl.col("name_key").str.split(" ").list.last())]).unique()
        untitled = (untitled.with_columns(_name_key(pl.col("text")).alias("name_key"))
                    .join(denied, on=["article_id", "name_key"], how="anti").drop("name_key"))
    return untitled


def _leaders_named_in_full(entity_mentions: pl.DataFrame, identified: pl.DataFrame,
                           published: pl.DataFrame | None = None) -> pl.DataFrame:
    """A person named in full in an article that gives no title ("his three meetings with Kim Jong Un") is the leader
    other articles title under that full name, when just one leader goes by it, unless the article is dated more
    than a year from every dated article that titles them (a 2016 story's "George W Bush" is no leader of its time)."""
    full_names = (identified.filter(pl.col("name").str.contains(" "))
                  .select(_folded(pl.col("name")).alias("name_key"), "leader_id").unique()
                  .filter(pl.len().over("name_key") == 1))
    named = (entity_mentions.filter(pl.col("label") == "PERSON")
             .with_columns(_name_key(pl.col("text")).alias("name_key"))
             .join(full_names, on="name_key"))
    if published is not None:
        titled = _titled_period(identified.filter(pl.col("titled")), published)
        named = (named.join(titled, on="leader_id", how="left").join(published, on="article_id", how="left")
                 .filter(pl.col("published_date").is_null() | pl.col("first_titled").is_null()
                         | _dated_within(pl.duration(days=365))))
    return named.select("article_id", "start_char", "end_char", "text", "label", pl.col("leader_id").alias("entity_id"))


def _leaders_named_by_surname(entity_mentions: pl.DataFrame, identified: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """A surname alone in an article that titles no one by it ("Nakasone and Reagan will agree") is the head of
    state or government other articles title by that surname (the offices the news names by surname alone), when
    just one goes by it, the article names no one else of that surname, and it is dated while other articles
    title them in office (a month either side)."""
    heads = sorted(office_holder_titles("head_of_state"))
    titled = identified.filter(pl.col("titled") & pl.col("role").str.to_lowercase().is_in(heads))
    in_office = (_titled_period(titled, published)
                 .join(titled.select("surname_key", "leader_id").unique(), on="leader_id")
                 .filter(pl.len().over("surname_key") == 1))
    people = entity_mentions.filter(pl.col("label") == "PERSON").with_columns(
        _name_key(pl.col("text")).alias("name_key"))
    fuller = (people.filter(pl.col("name_key").str.contains(" "))
              .select("article_id", pl.col("name_key").str.split(" ").list.last().alias("name_key")))
    return (people.filter(~pl.col("name_key").str.contains(" "))
            .join(identified.select("article_id", pl.col("surname_key").alias("name_key")).unique(),
                  on=["article_id", "name_key"], how="anti")
            .join(fuller, on=["article_id", "name_key"], how="anti")
            .join(in_office, left_on="name_key", right_on="surname_key")
            .join(published, on="article_id")
            .filter(_dated_within(pl.duration(days=31)))
            .select("article_id", "start_char", "end_char", "text", "label", pl.col("leader_id").alias("entity_id")))


def _titled_period(titled: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    """Each leader's first and last publication dates among the articles of these titled mentions."""
    return (titled.join(published, on="article_id", how="left").group_by("leader_id")
            .agg(pl.col("published_date").min().alias("first_titled"), pl.col("published_date").max().alias("last_titled")))


def _dated_within(margin: pl.Expr) -> pl.Expr:
    """The article's date lies in the leader's titled period, widened by `margin` either side."""
    return pl.col("published_date").is_between(pl.col("first_titled") - margin, pl.col("last_titled") + margin)


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


def with_stories(articles: pl.DataFrame, entities: pl.DataFrame, failures: dict[str, Failure] | None = None,
                 group: Callable[[list[StoryInput], dict[str, Failure] | None], dict[str, str]] = group_stories) -> pl.DataFrame:
    """Story ids, and for undated articles the date of another version of their story. An article the story
    grouping fails on is a story of its own, with the reason in `failures` (when given). `group` is
    `group_stories` or a function that runs it elsewhere."""
    named = articles.join(entities, on="article_id", how="left")
    stories = group([StoryInput(a, t, d, p, frozenset(e or ())) for a, t, d, p, e in
                     named.select("article_id", "text", "dateline", "published_date", "entity").iter_rows()],
                    failures)
    frame = articles.with_columns(pl.col("article_id").replace_strict(stories, default=None).alias("story_id"))
    story_dates = frame.group_by("story_id").agg(pl.col("published_date").drop_nulls().min().alias("story_date"))
    return (frame.join(story_dates, on="story_id", how="left")
            .with_columns(pl.coalesce("published_date", "story_date").alias("effective_date")).drop("story_date"))
