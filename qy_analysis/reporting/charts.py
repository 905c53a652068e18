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
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from ..reference import labels as i18n
from ..reference.numbers import format_number
from ..reference.phrases import render
from .quality import RELIABILITY

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
    plt.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (8, 4.5),
            "svg.hashsalt": "qy-analysis",
        }
    )


# How each observed point was obtained (the panel's reliability, or derived from its parts): its marker.
KIND_OF = {**RELIABILITY, "derived": "derived_point"}
MARKERS = {
    "final": dict(marker="o"),
    "official": dict(marker="s"),
    "preliminary": dict(marker="o", markerfacecolor="white"),
    "third_party": dict(marker="^", markerfacecolor="white"),
    "derived_point": dict(marker="D", markersize=5),
}


def point_kinds(panel: pd.DataFrame, region: str, indicator: str, series: pd.Series) -> pd.Series:
    """For each year of a series taken from the panel, how its value was obtained (a KIND_OF value): the
    unflagged panel row of that year whose value it is."""
    rows = panel[(panel["region_code"] == region) & (panel["indicator"] == indicator) & (panel["flags"] == "")]
    kinds = {}
    for year, value in series.items():
        here = rows[rows["year"] == year]
        if here.empty:
            continue
        row = here.iloc[int(np.argmin(np.abs(here["value"].to_numpy() - value)))]
        kinds[year] = KIND_OF.get("derived" if row["derived"] else row["reliability"], "third_party")
    return pd.Series(kinds, dtype=object)


def observed(ax, history: pd.Series, lang: str, kinds: pd.Series | None = None, colour=PALETTE["history"], **line):
    """An observed series: a line broken wherever a year is missing, and a marker per point saying how it
    was obtained (final, preliminary, third party, derived), each kind named once in the legend."""
    if history is None or not len(history):
        return
    years = range(int(history.index.min()), int(history.index.max()) + 1)
    full = history.reindex(years)
    ax.plot(full.index, full.values, "-", color=colour, label=line.pop("label", i18n.t("history", lang)), **line)
    kinds = pd.Series("final", index=history.index) if kinds is None else kinds.reindex(history.index).fillna("final")
    for kind in [k for k in MARKERS if k in set(kinds)]:
        at = history[kinds == kind]
        style = {"markersize": 6, "markeredgecolor": colour, "markerfacecolor": colour, **MARKERS[kind]}
        ax.plot(at.index, at.values, linestyle="none", color=colour, label=i18n.t(kind, lang), **style)


def legend_outside(ax, **kwargs) -> None:
    """The legend to the right of the axes, never over the data."""
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False, **kwargs)


def mark_target_year(ax, year: int | None, lang: str) -> None:
    if year is not None:
        ax.axvline(
            year, color=PALETTE["target"], linestyle=":", linewidth=1.2, label=i18n.t("target_year", lang, year=year)
        )


def title_status(assessment, lang: str) -> str:
    """Status, then P for a forecast (never for an observed outcome: met or missed say it), then why a
    weak basis is weak."""
    text = i18n.status_label(assessment.status, lang)
    if assessment.probability is not None and assessment.status not in ("met", "missed"):
        text += f"  P={assessment.probability:.0%}"
    if assessment.weak_basis:
        why = ("；" if lang == "zh" else "; ").join(render(w, lang) for w in assessment.weak_basis)
        text += "  † " + i18n.t("weak_basis", lang, why=why)
    return text


WIDE_FAN = 20  # a 95% band wider than this factor at the horizon is drawn on a log scale: the target stays legible


def fan_chart(assessment, lang: str = "zh", baseline: tuple | None = None, ax=None, panel: pd.DataFrame | None = None):
    """History (markers by how each point was obtained, when `panel` is given), forecast median and
    50/80/95% bands (hatched when the basis is weak), the level the target requires, the target year, and
    the status in the title. `baseline` (year, value) is the plan's stated figure: drawn (hollow) only when
    it is not the observed value the forecast starts from."""
    ax = ax or plt.subplots(figsize=(10, 4.5))[1]
    history, fc, target = assessment.history, assessment.forecast, assessment.target
    log = False
    kinds = (
        point_kinds(panel, target.region, target.indicator, history)
        if panel is not None and history is not None
        else None
    )
    observed(ax, history, lang, kinds)
    if fc is not None:
        weak = bool(assessment.weak_basis)
        for level, alpha in ((95, 0.15), (80, 0.25), (50, 0.4)):
            band = fc.interval(level)
            ax.fill_between(
                fc.years,
                band["lower"],
                band["upper"],
                color=PALETTE["forecast"],
                alpha=alpha,
                linewidth=0,
                hatch="///" if weak else None,
                label=i18n.t("interval", lang, level=level),
            )
        widest = fc.interval(95).iloc[-1]
        log = bool(widest["lower"] > 0 and widest["upper"] / widest["lower"] > WIDE_FAN)
        if log:
            log_axis(ax)
        median = np.median(fc.paths, axis=0)  # the middle of the same paths the bands come from
        last_year, last = int(history.index[-1]), float(history.iloc[-1])
        ax.plot(
            [last_year, *fc.years], [last, *median], "--", color=PALETTE["forecast"], label=i18n.t("forecast", lang)
        )
    if baseline is not None and not _is_observed(history, *baseline):
        ax.plot(
            [baseline[0]],
            [baseline[1]],
            "s",
            color=PALETTE["baseline"],
            markerfacecolor="none",
            label=i18n.t("plan_baseline", lang),
        )
    if target.measurable:
        target_line(ax, target, lang)
        mark_target_year(ax, target.year, lang)
    ax.set_title(f"{target.text(lang)}\n{title_status(assessment, lang)}", fontsize=11)
    year_axis(ax)
    if target.indicator:
        ax.set_ylabel(i18n.indicator_label(target.indicator, lang) + (i18n.t("log_scale", lang) if log else ""))
    legend_outside(ax)
    return ax


def plan_baseline(target, plan_region: str) -> tuple[int, float] | None:
    """The (year, value) the plan states as the target's baseline, for `fan_chart`: only when the target is
    judged for the plan's own region (another region's baseline is its own value, already in its history),
    and not for growth targets, whose baseline starts the required path the chart draws."""
    if target.region != plan_region or target.baseline_value is None or target.kind == "growth":
        return None
    return target.baseline_year, target.baseline_value


def log_axis(ax) -> None:
    """A log y axis labelled in plain numbers (1,000 and 0.5, never 10³), minor ticks labelled too when the
    axis spans less than a decade so that it always shows a number."""
    ax.set_yscale("log")
    plain = FuncFormatter(lambda v, _: format_number(v, places=max(0, -int(np.floor(np.log10(v))))) if v > 0 else "")
    ax.yaxis.set_major_formatter(plain)
    ax.yaxis.set_minor_formatter(
        plain if np.ptp(np.log10(np.clip(ax.get_ylim(), 1e-12, None))) < 1 else FuncFormatter(lambda v, _: "")
    )


def _is_observed(history, year, value) -> bool:
    return history is not None and year in history.index and abs(history[year] - value) <= 0.005 * abs(value)


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


def year_axis(ax) -> None:
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("")


def coverage_heatmap(panel: pd.DataFrame, region_code: str, indicators=None, lang: str = "zh", ax=None):
    """Indicator × year: 1 published, 2 derived, 3 both; blank where nothing is known. Every indicator in
    `indicators` has a row, those with no data at all too (named '… (no data)')."""
    rows = panel[panel["region_code"] == region_code]
    if indicators:
        rows = rows[rows["indicator"].isin(indicators)]
    grid = rows.assign(code=np.where(rows["derived"], 2, 1)).pivot_table(
        index="indicator", columns="year", values="code", aggfunc=lambda s: 3 if s.nunique() > 1 else s.iloc[0]
    )
    grid = grid.reindex(
        index=list(indicators) if indicators else grid.index,
        columns=range(int(grid.columns.min()), int(grid.columns.max()) + 1),
    )
    empty = grid.isna().all(axis=1)
    grid.index = [
        i18n.indicator_label(i, lang, with_unit=False) + (f" ({i18n.t('no_data_row', lang)})" if none else "")
        for i, none in zip(grid.index, empty)
    ]
    ax = ax or plt.subplots(figsize=(10, max(3, 0.3 * len(grid) + 1.2)))[1]
    colours = ["#9ecae1", "#fdae6b", "#74c476"]
    sns.heatmap(
        grid,
        ax=ax,
        cmap=matplotlib.colors.ListedColormap(colours),
        vmin=0.5,
        vmax=3.5,
        cbar=False,
        linewidths=0.5,
        linecolor="white",
    )
    for row in np.flatnonzero(empty.to_numpy()):
        ax.axhspan(row, row + 1, color="#eeeeee", zorder=0)
        ax.get_yticklabels()[row].set_color("#b00020")
    keys = ("published", "derived", "both")
    ax.legend(
        handles=[Patch(color=c, label=i18n.t(k, lang)) for c, k in zip(colours, keys)],
        fontsize=8,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncol=3,
        frameon=False,
        borderaxespad=0,
    )
    ax.set_title(i18n.t("coverage_title", lang, region=i18n.region_label(region_code, lang)), pad=24)
    ax.set_xlabel(i18n.t("year", lang))
    ax.set_ylabel("")
    return ax


def calibration_plot(probability, met, lang: str = "zh", bins: int = 10, ax=None):
    """Reliability diagram: forecast probabilities (binned) against the share of questions that came true;
    the dot's size is the number of questions in the bin."""
    from ..evaluation.scores import reliability_table

    table = reliability_table(probability, met, bins).dropna(subset=["mean_probability"])
    ax = ax or plt.subplots(figsize=(5, 5))[1]
    ax.plot([0, 1], [0, 1], color="#999999", linewidth=1)
    ax.scatter(
        table["mean_probability"],
        table["share_met"],
        s=20 + 200 * table["n"] / table["n"].max(),
        color=PALETTE["forecast"],
    )
    ax.set_xlabel(i18n.t("forecast_probability", lang))
    ax.set_ylabel(i18n.t("observed_share", lang))
    ax.set_title(i18n.t("calibration_title", lang), fontsize=11)
    return ax, table


def scenario_chart(scenario, target, history: pd.Series, lang: str = "zh", ax=None, panel: pd.DataFrame | None = None):
    """A scenario's path of the target's indicator after the history, with the target line and year. The
    path's first point is drawn and named with its value: it is where the path starts (for a ratio, the
    ratio of its parts' last values), which may differ from the published figure of that year."""
    ax = ax or plt.subplots(figsize=(10, 4.5))[1]
    kinds = point_kinds(panel, scenario.region, target.indicator, history) if panel is not None else None
    observed(ax, history, lang, kinds)
    path = scenario.path(target.indicator)
    start_year, start_value = scenario.start(target.indicator)
    ax.plot(
        [start_year, *path.index],
        [start_value, *path.values],
        "--",
        color=PALETTE["forecast"],
        label=i18n.t("scenario", lang),
    )
    ax.plot(
        [start_year],
        [start_value],
        "o",
        color=PALETTE["forecast"],
        markersize=7,
        label=i18n.t("start", lang, year=start_year, value=start_value),
    )
    target_line(ax, target, lang)
    mark_target_year(ax, target.year, lang)
    ax.set_title(target.text(lang), fontsize=11)
    ax.set_ylabel(i18n.indicator_label(target.indicator, lang))
    year_axis(ax)
    legend_outside(ax)
    return ax


def sweep_heatmap(table: pd.DataFrame, x: str, y: str, target, lang: str = "zh", ax=None):
    """The target-year value over a grid of two growth rates, with the target's contour."""
    grid = table.pivot(index=y, columns=x, values="value")
    ax = ax or plt.subplots(figsize=(7, 5))[1]
    mesh = ax.contourf(grid.columns, grid.index, grid.values, levels=20, cmap="viridis")
    plt.colorbar(mesh, ax=ax, label=i18n.indicator_label(target.indicator, lang))
    line = ax.contour(
        grid.columns, grid.index, grid.values, levels=[target.rule.target_level], colors="white", linewidths=2
    )
    ax.clabel(line, fmt=lambda v: f"{v:g}", fontsize=9)
    ax.set_xlabel(i18n.t("growth_of", lang, indicator=i18n.indicator_label(x.removesuffix("_growth"), lang, False)))
    ax.set_ylabel(i18n.t("growth_of", lang, indicator=i18n.indicator_label(y.removesuffix("_growth"), lang, False)))
    ax.set_title(
        i18n.t("sweep_title", lang, year=target.year, indicator=i18n.indicator_label(target.indicator, lang, False)),
        fontsize=11,
    )
    return ax
