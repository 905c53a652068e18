"""Notes in words: `render(note, lang)` says a `notes.Note` (a code and its parameters, made where the fact is
known) in zh or en from NOTES, one template per code in each language. There is no translation of English text:
a note without a template is a bug the tests catch (every code has both templates). `labels` holds the tables of
words for everything else.
"""

from __future__ import annotations

from ..notes import Note
from .labels import LANGS, METHODS, check_lang, indicator_label, t

NOTES = {  # code: (zh, en). Parameters: numbers, ids, years (lists), other Notes; see _field for how each reads
    "observed": ("观测值", "observed"),
    "own_model": ("本序列模型（{method}）", "own model ({method})"),
    "shrunk": (
        "本序列模型（{method}）向外部参照收缩，本序列权重{weight:.2f}（本序列{points}个点）",
        "own model ({method}) shrunk toward the outside view, weight {weight:.2f} on its own growth "
        "({points} own point{s})",
    ),
    "own_alone": (
        "仅本序列模型（{method}）：无可比参照组（本序列{points}个点）",
        "own model ({method}) alone: no reference class ({points} own point{s})",
    ),
    "broad_prior": (
        "本序列模型（{method}）向宽泛先验收缩：无可比参照组，本序列权重{weight}（本序列{points}个点）",
        "own model ({method}) shrunk toward the broad prior: no reference class, weight {weight} on its "
        "own growth ({points} own point{s})",
    ),
    "made_outside_view": ("外部参照", "outside view"),
    "made_shrunk_broad": ("本序列模型向宽泛先验收缩", "own model shrunk to broad prior"),
    "made_shrunk": ("本序列模型向外部参照收缩", "own model shrunk to outside view"),
    "outside_view": ("外部参照（本序列{points}个点）", "outside view ({points} own point{s})"),
    "milestone": ("里程碑：列出，不预测", "milestone: listed, not forecast"),
    "no_values": ("没有观测值", "no observed values"),
    "no_value_for": ("{years}年无观测值", "no observed value for {years}"),
    "no_forecast": (
        "点数太少且无可比序列：无法预测",
        "too few points and no comparable series: no forecast can be made",
    ),
    "already_met": ("最新值已达到目标水平", "the last value already meets the target level"),
    "broken_in": ("未达要求的年份：{breaks}", "broken in {breaks}"),
    "weak_points": ("本序列只有{points}个点", "only {points} own point{s}"),
    "weak_short": ("序列较短（{points}个点）", "short series ({points} points)"),
    "weak_level": ("参照组为其他层级地区", "reference class of another level"),
    "text": ("{zh}", "{en}"),
    # what a model saw (cleaning.panel, forecasting.api)
    "flagged_out": ("已剔除被标记的年份：{years}", "left out (flagged): {items}"),
    "published_for": ("公布值年份：{years}", "published values for {years}"),
    "derived_for": ("由分项推算的年份：{years}", "derived from its parts values for {years}"),
    "published_fill": ("公布值补充：{years}", "published values fill {years}"),
    "derived_fill": ("推算值补充：{years}", "derived from its parts values fill {years}"),
    "gaps": ("缺失年份：{years}（未插补）", "gaps: {years} missing (not filled)"),
    "fitted_on": (
        "{method}只用{first}—{last}年（最近一段连续年份）拟合",
        "{method} fitted on {first}-{last}, the last unbroken run of years",
    ),
    "fit_warning": ("{method}拟合提示：{warning}", "{method}: {warning}"),
    "needs_points": (
        "{method}至少需要{need}个{consecutive}点，本序列只有{has}个",
        "{method} needs at least {need} {consecutive}points; the series has {has}",
    ),
    "no_forecast_alone": (
        "本序列只有{has}个点，不足以用任何方法单独预测",
        "{reasons}: no forecast can be made from this series alone",
    ),
    # how a forecast was made (forecasting.api, combination, intervals)
    "method": ("{name}", "{name}"),
    "fallback": ("{name}（点数不足以用{requested}）", "{name} (fallback from {requested})"),
    "auto_brief": ("多种方法的加权组合，见注{mark}", "a weighted combination of methods, see note {mark}"),
    "auto": (
        "多种方法的加权组合（{parts}；{weights}；区间来自滚动起点误差，{widening}）",
        "auto: {parts}; {weights}; intervals from rolling-origin errors, {widening}",
    ),
    "weights_from": (
        "权重来自{origins}个滚动起点（h≤{horizon}），向等权收缩（λ={shrink:.2f}）",
        "weights from {origins} rolling origins at h<={horizon}, shrunk toward equal (lambda {shrink:.2f})",
    ),
    "equal_weights": ("等权（序列太短，无法评判）", "equal weights (too short to judge)"),
    "no_calibration": ("未经面板校准", "no panel calibration"),
    "calibrated": (
        "以截至{year}年的{outcomes}个面板结果校准：×{spread:.2f}",
        "calibrated on the panel with outcomes up to {year} ({outcomes}): x{spread:.2f}",
    ),
    # the outside view (projection)
    "reference_class": (
        "外部参照：{regions}个{level}{indicator}的{pairs}组（过去增长，其后{horizon}年增长）配对，"
        "截至{as_of}年{widened}",
        "outside view: {pairs} (past, next {horizon}-year) growth pairs of {indicator} in {regions} "
        "{level} regions, years up to {as_of}{widened}",
    ),
    "widened": ("；参照组为其他层级，方差放大×{widen:.2f}", ", variance widened ×{widen:.2f} for another level"),
    "outside_refused": (
        "未用外部参照：截至{as_of}年有{indicator}数据的{level}太少，且{level}与{other}之间的离散度差异无法测量",
        "outside view refused: too few {level} regions with {indicator} up to {as_of}, and the "
        "difference in spread between {level} and {other} regions cannot be measured",
    ),
    "outside_too_few": (
        "外部参照：截至{as_of}年{indicator}的可比序列太少",
        "outside view: too few comparable series of {indicator} up to {as_of}",
    ),
    "next_growth_model": (
        "其后年均增长 {mean:+.3f} ± {sd:.3f}（{scale}尺度），本序列模型权重 {weight:.2f}",
        "next growth {mean:+.3f} ± {sd:.3f} a year ({scale} scale), weight {weight:.2f} on the series' own model",
    ),
    "next_growth_own": (
        "其后年均增长 {mean:+.3f} ± {sd:.3f}（{scale}尺度），本序列增长权重 {weight:.2f}",
        "next growth {mean:+.3f} ± {sd:.3f} a year ({scale} scale), weight {weight:.2f} on the series' own growth",
    ),
}
WORDS = {  # values of parameters that are words: (zh, en)
    "prefecture": ("地级市", "prefecture"),
    "province": ("省", "province"),
    "nation": ("全国", "nation"),
    "log": ("对数", "log"),
    "log1p": ("对数(1+x)", "log1p"),
    "logit": ("对数几率", "logit"),
    "identity": ("原始", "identity"),
    "consecutive": ("连续", "consecutive "),
    **METHODS,
}
WORD_PARAMS = {"level", "other", "scale", "name", "requested", "consecutive"}


def render(note, lang: str) -> str | None:
    """A Note in `lang` (None stays None; plain text, e.g. a target's own words, is shown as it is)."""
    if not isinstance(note, Note):
        return note
    i = LANGS.index(check_lang(lang))
    fields = {k: _field(k, v, lang) for k, v in note.params.items()}
    return NOTES[note.code][i].format(s="" if note.params.get("points", 0) == 1 else "s", **fields)


def _field(key: str, value, lang: str):
    sep = t("list_sep", lang)
    if isinstance(value, Note):
        return render(value, lang)
    if key == "years":
        return years_text(value, lang)
    if key == "indicator":
        return indicator_label(value, lang, with_unit=False) if lang == "zh" else value
    if key == "method" and isinstance(value, str):
        return _word(value, lang)
    if key in WORD_PARAMS:
        return _word(value, lang)
    if key == "parts":  # [(weight, method name)] of a combination
        return (
            sep.join(f"{_word(name, lang)} {weight:.2f}" for weight, name in value)
            if lang == "zh"
            else " + ".join(f"{weight:.2f} {name}" for weight, name in value)
        )
    if key == "reasons":
        sep = "；" if lang == "zh" else "; "
    if isinstance(value, (list, tuple)):
        return sep.join(render(v, lang) if isinstance(v, Note) else str(v) for v in value)
    return value


def _word(value, lang: str) -> str:
    return WORDS[value][LANGS.index(lang)] if value in WORDS else ("" if value is None else str(value))


def years_text(years, lang: str) -> str:
    """Years as a reader writes them: up to four listed, else the span and the count ('2007-2016 (10 years)')."""
    years = sorted(int(y) for y in years)
    if len(years) <= 4:
        return t("list_sep", lang).join(map(str, years))
    return (
        f"{years[0]}—{years[-1]}（{len(years)}年）" if lang == "zh" else f"{years[0]}-{years[-1]} ({len(years)} years)"
    )


Note.say = staticmethod(render)
