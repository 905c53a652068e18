"""Charts of a region against its peers (notebook 06): levels over time and ranks over time, lines broken
at missing years, the judged year marked, legends outside the data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..reference import labels as i18n
from ..reference.regions import region_table
from ..targets.peers import city_values, rank_history, siblings
from .charts import legend_outside, mark_target_year, year_axis


def _every_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows for every year of the span, so that a missing year breaks a line instead of bridging it."""
    return frame.reindex(range(int(frame.index.min()), int(frame.index.max()) + 1)) if len(frame) else frame


def dropped_and_preliminary(panel: pd.DataFrame, indicator: str, members) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(flagged rows the chart leaves out, preliminary rows it marks) of one indicator for the group."""
    rows = panel[panel["region_code"].isin(members) & (panel["indicator"] == indicator)]
    return rows[rows["flags"] != ""], rows[(rows["flags"] == "") & (rows["reliability"] == "preliminary")]


def peer_levels(panel: pd.DataFrame, region: str, members, indicators, lang: str = "zh", year: int | None = None):
    """One panel per indicator: the group's cities over time, `region` drawn thick, `year` marked; preliminary
    values hollow, and the flagged values left out named under the chart."""
    fig, axes = plt.subplots(len(indicators), 1, figsize=(10, 3.6 * len(indicators)), squeeze=False)
    for ax, indicator in zip(axes[:, 0], indicators):
        values = _every_year(city_values(panel, indicator, members))
        for code in [c for c in members if c in values.columns]:
            ax.plot(
                values.index,
                values[code],
                marker="o",
                markersize=3,
                linewidth=2.8 if code == region else 1.1,
                label=i18n.region_label(code, lang),
            )
        dropped, preliminary = dropped_and_preliminary(panel, indicator, members)
        if len(preliminary):
            ax.plot(
                preliminary["year"],
                preliminary["value"],
                "o",
                markersize=8,
                markerfacecolor="white",
                color="black",
                linestyle="none",
                label=i18n.t("preliminary", lang),
                zorder=5,
            )
        if len(dropped):
            what = i18n.t("list_sep", lang).join(
                f"{i18n.region_short(r.region_code, lang)} {r.year}"
                for r in dropped.sort_values(["region_code", "year"]).itertuples()
            )
            ax.annotate(
                i18n.t("dropped_points", lang, what=what),
                (0, -0.22),
                xycoords="axes fraction",
                fontsize=8,
                color="#555",
                wrap=True,
            )
        mark_target_year(ax, year, lang)
        ax.set_title(i18n.indicator_label(indicator, lang), fontsize=11)
        year_axis(ax)
        legend_outside(ax)
    fig.tight_layout()
    return fig


def rank_chart(
    panel: pd.DataFrame,
    region: str,
    indicators,
    lang: str = "zh",
    ax=None,
    year: int | None = None,
    group: str | None = None,
):
    """`region`'s rank among its province's cities by year (only years most cities report), `year` marked."""
    ax = ax or plt.subplots(figsize=(10, 4.5))[1]
    history = rank_history(panel, region, indicators, group)
    for indicator in indicators:
        rank = _every_year(history[history["indicator"] == indicator].set_index("year")["province_rank"])
        if rank.notna().any():
            ax.plot(rank.index, rank.values, marker="o", label=i18n.indicator_label(indicator, lang, with_unit=False))
    mark_target_year(ax, year, lang)
    ax.invert_yaxis()
    ax.set_ylabel(i18n.t("rank", lang))
    parent = region_table().loc[region, "parent"]
    ax.set_title(
        i18n.t(
            "rank_title",
            lang,
            region=i18n.region_label(region, lang),
            n=len(siblings(region)),
            province=i18n.region_short(parent, lang),
        ),
        fontsize=11,
    )
    year_axis(ax)
    legend_outside(ax)
    return ax
