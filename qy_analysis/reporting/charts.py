"""One chart style for every notebook and report: seaborn's whitegrid, a CJK font shipped with the
project's dependencies (Noto Sans CJK SC from the mplfonts package) so that Chinese labels render on a
fresh machine, and labels in zh or en."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import font_manager

from ..reference import labels as i18n
from ..reference.regions import region_table

FONT_FILE = "NotoSansCJKsc-Regular.otf"
PALETTE = {"history": "#1f4e79", "forecast": "#c55a11", "target": "#2e7d32", "baseline": "#7f7f7f"}


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the bundled CJK font with matplotlib and return its family name."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: the CJK font that mplfonts ships is missing; reinstall mplfonts")
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def use_style() -> None:
    """Apply the project's chart style (call once per notebook)."""
    sns.set_theme(style="whitegrid", context="notebook")
    family = cjk_font()
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"],
                         "axes.unicode_minus": False, "figure.dpi": 100, "savefig.dpi": 100,
                         "figure.figsize": (8, 4.5), "svg.hashsalt": "qy-analysis"})


def fan_chart(assessment, lang: str = "zh", baseline: tuple | None = None, ax=None):
    """History, forecast median and 50/80/95% bands (read from the assessment's forecast), the level the
    target requires, and the probability in the title."""
    ax = ax or plt.subplots()[1]
    history, fc, target = assessment.history, assessment.forecast, assessment.target
    if history is not None and len(history):
        ax.plot(history.index, history.values, "o-", color=PALETTE["history"], label=i18n.t("history", lang))
    if fc is not None:
        for level, alpha in ((95, 0.15), (80, 0.25), (50, 0.4)):
            band = fc.interval(level)
            ax.fill_between(fc.years, band["lower"], band["upper"], color=PALETTE["forecast"], alpha=alpha,
                            linewidth=0, label=i18n.t("interval", lang, level=level))
        median = np.median(fc.paths, axis=0)  # the middle of the same paths the bands come from
        last_year, last = int(history.index[-1]), float(history.iloc[-1])
        ax.plot([last_year, *fc.years], [last, *median], "--", color=PALETTE["forecast"], label=i18n.t("forecast", lang))
    if baseline is not None:
        ax.plot([baseline[0]], [baseline[1]], "s", color=PALETTE["baseline"], label=i18n.t("baseline", lang))
    if target.measurable:
        target_line(ax, target, lang)
    status = i18n.status_label(assessment.status, lang)
    p = "" if assessment.probability is None else f"  P={assessment.probability:.0%}"
    ax.set_title(f"{target.text(lang)}\n{status}{p}", fontsize=11)
    _year_axis(ax)
    if target.indicator:
        ax.set_ylabel(i18n.indicator_label(target.indicator, lang))
    ax.legend(fontsize=8, loc="best")
    return ax


def target_line(ax, target, lang: str) -> None:
    """What the target's rule requires: a flat line for one level, the rising path of a growth target."""
    required = target.rule.required_path(target.rule.years()).dropna()
    if required.empty:
        return
    if required.nunique() == 1:
        ax.axhline(required.iloc[0], color=PALETTE["target"], linewidth=1.5, label=i18n.t("target", lang))
        return
    path = target.rule.required_path(range(required.index[0], required.index[-1] + 1))
    ax.plot(path.index, path.values, color=PALETTE["target"], linewidth=1.5, label=i18n.t("target", lang))


def _year_axis(ax) -> None:
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("")


def peer_levels(panel: pd.DataFrame, region: str, members, indicators, lang: str = "zh"):
    """One panel per indicator: the group's cities over time, `region` drawn thick."""
    from ..targets.peers import city_values

    fig, axes = plt.subplots(len(indicators), 1, figsize=(8, 3.4 * len(indicators)), squeeze=False)
    for ax, indicator in zip(axes[:, 0], indicators):
        values = city_values(panel, indicator, members)
        for code in [c for c in members if c in values.columns]:
            ax.plot(values.index, values[code], marker="o", markersize=3, linewidth=2.8 if code == region else 1.1,
                    label=i18n.region_label(code, lang))
        ax.set_title(i18n.indicator_label(indicator, lang), fontsize=11)
        _year_axis(ax)
        ax.legend(fontsize=8, ncol=5)
    fig.tight_layout()
    return fig


def rank_chart(panel: pd.DataFrame, region: str, indicators, lang: str = "zh", ax=None):
    """`region`'s rank among its province's cities by year (only years most cities report)."""
    from ..targets.peers import city_values, min_ranked, ranks, siblings

    ax = ax or plt.subplots(figsize=(8, 4.5))[1]
    cities = siblings(region)
    for indicator in indicators:
        values = city_values(panel, indicator, cities)
        rank = ranks(values)[values.notna().sum(axis=1) >= min_ranked(region)]
        if region in rank:
            ax.plot(rank.index, rank[region], marker="o", label=i18n.indicator_label(indicator, lang, with_unit=False))
    ax.invert_yaxis()
    ax.set_ylabel(i18n.t("rank", lang))
    parent = region_table().loc[region, "parent"]
    ax.set_title(i18n.t("rank_title", lang, region=i18n.region_label(region, lang), n=len(cities),
                        province=i18n.region_short(parent, lang)), fontsize=11)
    _year_axis(ax)
    ax.legend(fontsize=8)
    return ax


def coverage_heatmap(panel: pd.DataFrame, region_code: str, indicators=None, lang: str = "zh", ax=None):
    """Indicator × year: 1 published, 2 derived, 3 both; blank where nothing is known."""
    rows = panel[panel["region_code"] == region_code]
    if indicators:
        rows = rows[rows["indicator"].isin(indicators)]
    grid = rows.assign(code=np.where(rows["derived"], 2, 1)).pivot_table(
        index="indicator", columns="year", values="code", aggfunc=lambda s: 3 if s.nunique() > 1 else s.iloc[0])
    grid.index = [i18n.indicator_label(i, lang, with_unit=False) for i in grid.index]
    ax = ax or plt.subplots(figsize=(10, max(3, 0.32 * len(grid) + 1.2)))[1]
    colours = ["#9ecae1", "#fdae6b", "#74c476"]
    sns.heatmap(grid, ax=ax, cmap=matplotlib.colors.ListedColormap(colours), vmin=0.5, vmax=3.5,
                cbar_kws={"ticks": [1, 2, 3]}, linewidths=0.5, linecolor="white")
    colourbar = ax.collections[0].colorbar
    colourbar.set_ticklabels([i18n.t(k, lang) for k in ("published", "derived", "both")])
    ax.set_title(i18n.t("coverage_title", lang, region=i18n.region_label(region_code, lang)))
    ax.set_xlabel(i18n.t("year", lang))
    ax.set_ylabel("")
    return ax


def calibration_plot(cases: pd.DataFrame, method: str = "auto", lang: str = "zh", bins: int = 10, ax=None):
    """Reliability diagram: forecast probabilities (binned) against the share of questions that came true."""
    from ..evaluation.backtest import THRESHOLDS

    rows = cases[cases["method"] == method]
    p = np.concatenate([rows[f"p_{g}"].to_numpy() for g in THRESHOLDS])
    met = np.concatenate([rows[f"met_{g}"].to_numpy() for g in THRESHOLDS])
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
    table = pd.DataFrame({"bin": which, "p": p, "met": met}).groupby("bin").agg(p=("p", "mean"), met=("met", "mean"),
                                                                                   n=("met", "size"))
    ax = ax or plt.subplots(figsize=(5, 5))[1]
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=1)
    ax.scatter(table["p"], table["met"], s=20 + 200 * table["n"] / table["n"].max(), color=PALETTE["forecast"])
    ax.set_xlabel(i18n.t("forecast_probability", lang))
    ax.set_ylabel(i18n.t("observed_share", lang))
    ax.set_title(i18n.t("calibration_title", lang), fontsize=11)
    return ax, table


def scenario_chart(scenario, target, history: pd.Series, lang: str = "zh", ax=None):
    """A scenario's path of the target's indicator after the history, with the target line."""
    ax = ax or plt.subplots()[1]
    if len(history):
        ax.plot(history.index, history.values, "o-", color=PALETTE["history"], label=i18n.t("history", lang))
    path = scenario.path(target.indicator)
    start_year, start_value = scenario.start(target.indicator)
    ax.plot([start_year, *path.index], [start_value, *path.values], "--", color=PALETTE["forecast"],
            label=i18n.t("scenario", lang))
    target_line(ax, target, lang)
    ax.set_title(target.text(lang), fontsize=11)
    ax.set_ylabel(i18n.indicator_label(target.indicator, lang))
    _year_axis(ax)
    ax.legend(fontsize=8)
    return ax


def sweep_heatmap(table: pd.DataFrame, x: str, y: str, target, lang: str = "zh", ax=None):
    """The target-year value over a grid of two growth rates, with the target's contour."""
    grid = table.pivot(index=y, columns=x, values="value")
    ax = ax or plt.subplots(figsize=(7, 5))[1]
    mesh = ax.contourf(grid.columns, grid.index, grid.values, levels=20, cmap="viridis")
    plt.colorbar(mesh, ax=ax, label=i18n.indicator_label(target.indicator, lang))
    line = ax.contour(grid.columns, grid.index, grid.values, levels=[target.rule.target_level], colors="white",
                      linewidths=2)
    ax.clabel(line, fmt=lambda v: f"{v:g}", fontsize=9)
    ax.set_xlabel(i18n.t("growth_of", lang, indicator=i18n.indicator_label(x.removesuffix("_growth"), lang, False)))
    ax.set_ylabel(i18n.t("growth_of", lang, indicator=i18n.indicator_label(y.removesuffix("_growth"), lang, False)))
    ax.set_title(i18n.t("sweep_title", lang, year=target.year, indicator=i18n.indicator_label(target.indicator, lang, False)),
                 fontsize=11)
    return ax
