"""One Altair chart per report query, rendered to SVG when the report is built (vl-convert runs Vega
in-process: the page needs no script and nothing from the network)."""
from __future__ import annotations

import re
from collections.abc import Callable

import altair as alt
import polars as pl
import vl_convert

WIDTH = 640
ROW_HEIGHT = 22
FONT = "Helvetica, Arial, sans-serif"
# Vega measures labels with vl-convert's fonts, the browser draws them with its own, a little wider:
# room on the left keeps long axis labels from being cut
PADDING = {"left": 40, "top": 5, "right": 10, "bottom": 5}

Chart = Callable[[pl.DataFrame], alt.TopLevelMixin]


def to_svg(chart: alt.TopLevelMixin, name: str) -> str:
    spec = chart.properties(padding=PADDING).configure(font=FONT).configure_view(stroke=None).to_dict()
    return scoped_ids(vl_convert.vegalite_to_svg(spec), name)


def scoped_ids(svg: str, name: str) -> str:
    """Vega numbers gradient and clip ids with a counter that runs on across charts and processes. Ids named
    after the chart and numbered from 0 stay unique within the page and the same from one build to the next."""
    for number, old in enumerate(dict.fromkeys(re.findall(r'\bid="([^"]+)"', svg))):
        new = f"{name}-{number}"
        svg = svg.replace(f'id="{old}"', f'id="{new}"').replace(f"#{old})", f"#{new})").replace(f'"#{old}"', f'"#{new}"')
    return svg


def _height(rows: pl.DataFrame, column: str) -> int:
    return max(60, ROW_HEIGHT * rows[column].n_unique())


def warehouse_counts(rows: pl.DataFrame) -> alt.TopLevelMixin:
    base = alt.Chart(rows).encode(
        y=alt.Y("what:N", sort=None, title=None),
        x=alt.X("rows:Q", title="rows"),
        tooltip=["what", "rows"])
    return (base.mark_bar(color="#4c78a8") + base.mark_text(align="left", dx=4).encode(text="rows:Q")).properties(
        width=WIDTH - 160, height=_height(rows, "what"))


def figures_by_country_year(rows: pl.DataFrame) -> alt.TopLevelMixin:
    # one heatmap per metric, stacked with the years aligned; red below zero, blue above, so a deficit reads
    # as one at a glance; each metric has its own colour scale and only the countries it has figures for
    years = sorted(rows["period_year"].unique().to_list())
    encoding = {"x": alt.X("period_year:O", title="year", scale=alt.Scale(domain=years)), "y": alt.Y("country:N", title=None)}
    bands = []
    for metric in sorted(rows["metric"].unique().to_list()):
        data = rows.filter(pl.col("metric") == metric)
        cells = alt.Chart(data).mark_rect().encode(
            **encoding, color=alt.Color("billions_usd:Q", title="$ bn", scale=alt.Scale(
                scheme="redblue", domainMid=0, domain=alt.DomainUnionWith(unionWith=[0]))),
            tooltip=["country", "metric", "period_year", alt.Tooltip("billions_usd:Q", format=",.3f"), "figures"])
        values = alt.Chart(data).mark_text(fontSize=10).encode(**encoding, text=alt.Text("billions_usd:Q", format=".3~g"))
        bands.append((cells + values).properties(title=metric, width=alt.Step(48), height=alt.Step(ROW_HEIGHT)))
    return alt.vconcat(*bands, spacing=18).resolve_scale(color="independent")


def bilateral_flows(rows: pl.DataFrame) -> alt.TopLevelMixin:
    # one bar per flow: two metrics of one pair side by side, never stacked into a sum that no story states
    rows = rows.with_columns(flow=pl.concat_str(
        "pair", pl.lit(" "), pl.col("period_year").cast(pl.String).fill_null("(no year)"), pl.lit(" · "), "metric"))
    return alt.Chart(rows).mark_bar().encode(
        y=alt.Y("flow:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
        x=alt.X("billions_usd:Q", title="$ bn"),
        color=alt.Color("metric:N", title="metric"),
        tooltip=["pair", "metric", "period_year", alt.Tooltip("billions_usd:Q", format=",.2f"), "figures"],
    ).properties(width=WIDTH - 300, height=_height(rows, "flow"))


def leaders_over_time(rows: pl.DataFrame) -> alt.TopLevelMixin:
    rows = rows.with_columns(leader_label=pl.concat_str("leader", pl.lit(" ("), "country", pl.lit(")")))
    order = rows.sort("country", "leader")["leader_label"].unique(maintain_order=True).to_list()
    base = alt.Chart(rows).encode(
        y=alt.Y("leader_label:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        color=alt.Color("country:N", legend=None))
    span = base.mark_rule(strokeWidth=2).encode(x=alt.X("min(month):T", title="month the articles name them"), x2="max(month):T")
    points = base.mark_circle(opacity=0.85).encode(
        x="month:T", size=alt.Size("articles:Q", title="articles"),
        tooltip=["leader", "country", "roles", alt.Tooltip("month:T", format="%B %Y"), "articles"])
    return (span + points).properties(width=WIDTH - 240, height=_height(rows, "leader_label"))


def agreements_by_sector_status(rows: pl.DataFrame) -> alt.TopLevelMixin:
    return alt.Chart(rows).mark_bar().encode(
        y=alt.Y("sector:N", title=None),
        x=alt.X("agreements:Q", title="agreements", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("status:N", scale=alt.Scale(
            domain=["signed", "agreed", "proposed", "expected", "rejected"],
            range=["#1b7837", "#7fbf7b", "#c2a5cf", "#9970ab", "#d6604d"])),
        tooltip=["sector", "status", "agreements", "articles"],
    ).properties(width=WIDTH - 200, height=_height(rows, "sector"))


def agreement_partners(rows: pl.DataFrame) -> alt.TopLevelMixin:
    encoding = {"x": alt.X("partner:N", title=None, axis=alt.Axis(labelAngle=-40)), "y": alt.Y("party:N", title=None)}
    cells = alt.Chart().mark_rect().encode(
        **encoding, color=alt.Color("agreements:Q", scale=alt.Scale(scheme="greens")),
        tooltip=["party", "partner", "agreements"])
    values = alt.Chart().mark_text(fontSize=10).encode(**encoding, text="agreements:Q")
    return alt.layer(cells, values, data=rows).properties(width=alt.Step(36), height=alt.Step(ROW_HEIGHT))


def rejected_inputs_by_reason(rows: pl.DataFrame) -> alt.TopLevelMixin:
    base = alt.Chart(rows).encode(y=alt.Y("reason:N", sort=None, title=None), x=alt.X("inputs:Q", title="inputs"),
                                  tooltip=["reason", "inputs", "bytes"])
    return (base.mark_bar(color="#e45756") + base.mark_text(align="left", dx=4).encode(text="inputs:Q")).properties(
        width=WIDTH - 200, height=_height(rows, "reason"))
