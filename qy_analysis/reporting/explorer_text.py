"""The scenario explorer's words (zh/en) and its fan chart as inline SVG: one text table and one drawing for the
Jupyter explorer (`qy_analysis.explorer`) and the offline page (`explorer_page`), whose script draws the same
chart from the same numbers."""

from __future__ import annotations

import html

import numpy as np

from ..reference import labels

TEXT = {
    "title": ("情景探索：{target}", "Scenario explorer: {target}"),
    "probability": ("达成概率 {p}", "probability {p}"),
    "deterministic": ("增速标准差为0：确定路径{verdict}目标", "spread 0: the deterministic path {verdict} the target"),
    "meets": ("达到", "meets"),
    "misses": ("未达到", "misses"),
    "spread": ("增速标准差（百分点）", "spread (sd of growth, pp)"),
    "target": ("目标", "target"),
    "as_of": ("数据截至", "data up to"),
    "reset": ("恢复规划情景", "Reset to the plan's scenario"),
    "export": ("导出此情景", "Export this scenario"),
    "exported": ("已写入 {path}（qy scenario {path}）", "written {path} (qy scenario {path})"),
    "plan_mark": ("规划情景 {value:g}", "plan's scenario {value:g}"),
    "range": (
        "可比地区（{level}，{n}个{years}年平均增速，{first}–{as_of}年）第1–99百分位：{low:.1f}–{high:.1f}",
        "comparable regions ({level}, {n} {years}-year average growth rates, {first}–{as_of}): "
        "1st–99th percentile {low:.1f}–{high:.1f}",
    ),
    "no_range": ("可比地区数据不足：无合理范围", "too few comparable regions' data: no plausible range"),
    "outside": (
        "{value:g}超出可比地区曾有的范围（{low:.1f}–{high:.1f}）",
        "{value:g} lies outside what comparable regions ever did ({low:.1f}–{high:.1f})",
    ),
    "takes_at least": (
        "需要{indicator}年增速至少{value:.1f}%",
        "it takes {indicator} growing at least {value:.1f}% a year",
    ),
    "takes_at most": (
        "需要{indicator}年增速至多{value:.1f}%",
        "it takes {indicator} growing at most {value:.1f}% a year",
    ),
    "takes_rest": ("（其余假设不变）", " (the other assumptions as set)"),
    "no_level": ("该目标不要求某一水平", "the target asks for no level"),
    "prefecture": ("地级市", "prefecture-level cities"),
    "province": ("省份（另一层级）", "provinces (another level)"),
    "nation": ("全国（另一层级）", "the nation (another level)"),
    "col_target": ("目标", "target"),
    "col_value": ("目标年份值", "value in target year"),
    "col_probability": ("概率", "probability"),
    "col_status": ("状态", "status"),
    "median": ("情景中位数", "scenario median"),
    "band": ("10–90%区间", "10–90% band"),
    "required": ("所需路径", "required path"),
    "precomputed": (
        "本页显示预先计算的结果：{axes}每隔{step}个百分点一个格点（共{n}个情景，每个{paths}条模拟路径）；"
        "其余假设固定：{fixed}。网格之外的数值不予外推。无需联网。",
        "This page shows precomputed results: {axes} on a grid every {step} percentage points "
        "({n} scenarios, {paths} simulated paths each); the other assumptions are fixed: {fixed}. "
        "Values off the grid are refused, not extrapolated. Nothing is loaded from the internet.",
    ),
    "refused": (
        "{value}不在预计算网格上（{low}–{high}，步长{step}）：不外推",
        "{value} is not on the precomputed grid ({low}–{high}, step {step}): not extrapolated",
    ),
    "explorer_link": ("情景探索（离线）", "Scenario explorer (offline)"),
}


def text(key: str, lang: str, **fields) -> str:
    return TEXT[key][labels.LANGS.index(labels.check_lang(lang))].format(**fields)


def template(key: str, lang: str, **fields) -> str:
    """A text with its `value` left as `{v}`, for the offline page's script to fill in."""
    raw = TEXT[key][labels.LANGS.index(labels.check_lang(lang))]
    return raw.replace("{value:.1f}", "{{v}}").replace("{value:g}", "{{v}}").format(**fields)


def percent(p: float | None) -> str:
    """A probability as the explorer shows it: exact for 2,000 paths (steps of 0.05%)."""
    return "–" if p is None or np.isnan(p) else f"{100 * p:.2f}%"


def range_note(bounds: dict | None, lang: str) -> str:
    if bounds is None:
        return text("no_range", lang)
    return text(
        "range",
        lang,
        level=text(bounds["level"], lang),
        n=bounds["n_rates"],
        years=bounds["years"],
        first=bounds["first_year"],
        as_of=bounds["as_of"],
        low=bounds["low"],
        high=bounds["high"],
    )


COLOURS = {"history": "#222", "band": "#9ecae1", "median": "#1f6fb4", "target": "#c62828"}


def fan_svg(
    history: dict, fan: dict, required: dict, level: float | None, legend: dict, width: int = 640, height: int = 300
) -> str:
    """A fan chart: `history` {year: value}, `fan` {year: (p10, p50, p90)} from where the paths start,
    `required` {year: level}, the target `level` as a line; `legend` names each part. Inline SVG, no script."""
    years = sorted({*history, *fan, *required})
    values = [*history.values(), *np.ravel(list(fan.values())), *required.values(), *([level] if level else [])]
    lo, hi = min(values), max(values)
    lo, hi = (lo - 1, hi + 1) if hi == lo else (lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    left, right, top, bottom = 60, width - 20, 24, height - 30
    x = lambda year: left + (year - years[0]) / max(1, years[-1] - years[0]) * (right - left)  # noqa: E731
    y = lambda value: bottom - (value - lo) / (hi - lo) * (bottom - top)  # noqa: E731
    line = lambda pts: " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in pts)  # noqa: E731
    fy = sorted(fan)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-size="11" '
        f'font-family="sans-serif">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    if fy:
        band = [(a, fan[a][0]) for a in fy] + [(a, fan[a][2]) for a in reversed(fy)]
        parts.append(f'<polygon points="{line(band)}" fill="{COLOURS["band"]}" opacity="0.6"/>')
        parts.append(
            f'<polyline points="{line([(a, fan[a][1]) for a in fy])}" fill="none" '
            f'stroke="{COLOURS["median"]}" stroke-width="2"/>'
        )
    if history:
        parts.append(
            f'<polyline points="{line(sorted(history.items()))}" fill="none" '
            f'stroke="{COLOURS["history"]}" stroke-width="2"/>'
        )
    if required:
        parts.append(
            f'<polyline points="{line(sorted(required.items()))}" fill="none" '
            f'stroke="{COLOURS["target"]}" stroke-dasharray="5,4" stroke-width="1.5"/>'
        )
    if level is not None:
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            f'stroke="{COLOURS["target"]}" stroke-width="1"/>'
        )
    for year in years[:: max(1, len(years) // 8)]:
        parts.append(f'<text x="{x(year):.1f}" y="{height - 12}" text-anchor="middle">{year}</text>')
    for value in np.linspace(lo, hi, 5):
        parts.append(f'<text x="{left - 4}" y="{y(value) + 4:.1f}" text-anchor="end">{value:.3g}</text>')
    for i, (key, colour) in enumerate(
        [("history", "history"), ("median", "median"), ("band", "band"), ("required", "target")]
    ):
        parts.append(
            f'<text x="{left + 10 + i * 140}" y="14" fill="{COLOURS[colour]}">■ {html.escape(legend[key])}</text>'
        )
    return "".join(parts) + "</svg>"
