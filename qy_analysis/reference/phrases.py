"""Results in words without a language: a `Phrase` is an English string (what CSV files and logs show) that
also carries a code and its parameters, so `render(phrase, "zh")` can say it in Chinese. Plain English notes
from other modules are rendered through NOTE_PATTERNS (English pattern -> Chinese template); an unknown one
stays as is. `labels` holds the tables of words; this module turns results into them.
"""
from __future__ import annotations

import re

from .labels import LANGS, check_lang, indicator_label

PHRASES = {  # code: (zh, en) templates of language-neutral results (see Phrase)
    "observed": ("观测值", "observed"),
    "own_model": ("本序列模型（{method}）", "own model ({method})"),
    "shrunk": ("本序列模型（{method}）向外部参照收缩，本序列权重{weight}（本序列{points}个点）",
               "own model ({method}) shrunk toward the outside view, weight {weight} on its own growth "
               "({points} own point{s})"),
    "own_alone": ("仅本序列模型（{method}）：无可比参照组（本序列{points}个点）",
                  "own model ({method}) alone: no reference class ({points} own point{s})"),
    "broad_prior": ("本序列模型（{method}）向宽泛先验收缩：无可比参照组，本序列权重{weight}（本序列{points}个点）",
                    "own model ({method}) shrunk toward the broad prior: no reference class, weight {weight} on its "
                    "own growth ({points} own point{s})"),
    "outside_view": ("外部参照（本序列{points}个点）", "outside view ({points} own point{s})"),
    "milestone": ("里程碑：列出，不预测", "milestone: listed, not forecast"),
    "no_values": ("没有观测值", "no observed values"),
    "no_value_for": ("{years}年无观测值", "no observed value for {years}"),
    "no_forecast": ("点数太少且无可比序列：无法预测", "too few points and no comparable series: no forecast can be made"),
    "already_met": ("最新值已达到目标水平", "the last value already meets the target level"),
    "broken_in": ("未达要求的年份：{breaks}", "broken in {breaks}"),
    "weak_points": ("本序列只有{points}个点", "only {points} own point{s}"),
    "weak_short": ("序列较短（{points}个点）", "short series ({points} points)"),
    "weak_level": ("参照组为其他层级地区", "reference class of another level"),
    "text": ("{zh}", "{en}"),
}
NOTE_PATTERNS = [  # (English pattern of a note from another module, Chinese template)
    (r"left out \(flagged\): (?P<what>.*)", "已剔除（被标记）：{what}"),
    (r"published values for (?P<years>.*)", "公布值年份：{years}"),
    (r"derived from its parts values for (?P<years>.*)", "由分项推算的年份：{years}"),
    (r"published values fill (?P<years>.*)", "公布值补充：{years}"),
    (r"derived from its parts values fill (?P<years>.*)", "推算值补充：{years}"),
    (r"gaps: (?P<years>.*) missing \(not filled\)", "缺失年份：{years}（未插补）"),
    (r"outside view: (?P<n>\d+) \(past, next (?P<h>\d+)-year\) growth pairs of (?P<ind>\w+) in (?P<r>\d+) "
     r"(?P<lvl>\w+) regions, years up to (?P<upto>\d+)(?:, variance widened ×(?P<widen>[\d.]+) for another level)?",
     "外部参照：{r}个{lvl}{ind}的{n}组（过去增长，其后{h}年增长）配对，截至{upto}年{widen}"),
    (r"outside view refused: too few (?P<lvl>\w+) regions with (?P<ind>\w+) up to (?P<upto>\d+), and the difference "
     r"in spread between (?P<lvl2>\w+) and (?P<lvl3>\w+) regions cannot be measured",
     "未用外部参照：截至{upto}年有{ind}数据的{lvl}太少，且{lvl2}与{lvl3}之间的离散度差异无法测量"),
    (r"outside view: too few comparable series of (?P<ind>\w+) up to (?P<upto>\d+)",
     "外部参照：截至{upto}年{ind}的可比序列太少"),
    (r"next growth (?P<m>[+-][\d.]+) ± (?P<sd>[\d.]+) a year \((?P<scale>\w+) scale\), weight (?P<wt>[\d.]+) on the "
     r"series' own model", "其后年均增长 {m} ± {sd}（{scale}尺度），本序列模型权重 {wt}"),
    (r"next growth (?P<m>[+-][\d.]+) ± (?P<sd>[\d.]+) a year \((?P<scale>\w+) scale\), weight (?P<wt>[\d.]+) on the "
     r"series' own growth", "其后年均增长 {m} ± {sd}（{scale}尺度），本序列增长权重 {wt}"),
    (r"auto: (?P<parts>[^;]*); (?P<w>[^;]*); intervals from rolling-origin errors, (?P<cal>.*)",
     "auto：{parts}；{w}；区间来自滚动起点误差，{cal}"),
    (r"weights from (?P<n>\d+) rolling origins at h<=(?P<h>\d+), shrunk toward equal \(lambda (?P<l>[\d.]+)\)",
     "权重来自{n}个滚动起点（h≤{h}），向等权收缩（λ={l}）"),
    (r"equal weights \(too short to judge\)", "等权（序列太短，无法评判）"),
    (r"no panel calibration", "未经面板校准"),
    (r"calibrated on the panel with outcomes up to (?P<y>\d+) \((?P<o>\d+)\): x(?P<x>[\d.]+)",
     "以截至{y}年的{o}个面板结果校准：×{x}"),
    (r"(?P<years>\d{4}(?:-\d{4})?) \((?P<n>\d+) years\)", "{years}（{n}年）"),
    (r"(?:.*; )?the series has (?P<n>\d+): no forecast can be made from this series alone",
     "本序列只有{n}个点，不足以用任何方法单独预测"),
    (r"(?P<name>\w+) fitted on (?P<a>\d{4})-(?P<b>\d{4}), the last unbroken run of years",
     "{name}只用{a}-{b}年（最近一段连续年份）拟合"),
]
LEVELS_ZH = {"prefecture": "地级市", "province": "省", "nation": "全国"}


class Phrase(str):
    """A result in words without a language: it reads as English (CSV, logs, tests) and keeps its code and
    parameters so `render` can say it in zh. `Phrase("outside_view", points=1)` == 'outside view (1 own point)'."""

    def __new__(cls, code: str, **params):
        text = str.__new__(cls, _fill(PHRASES[code][1], params, "en"))
        text.code, text.params = code, params
        return text

    def __reduce__(self):  # pickled by code and parameters (worker processes)
        return _phrase, (self.code, self.params)


def _phrase(code, params):
    return Phrase(code, **params)


def _fill(template: str, params: dict, lang: str) -> str:
    params = {k: render(v, lang) if isinstance(v, str) else v for k, v in params.items()}
    return template.format(s="" if params.get("points", 0) == 1 else "s", **params)


def render(text, lang: str) -> str:
    """A Phrase or a note in `lang`; English notes other modules write are translated by NOTE_PATTERNS."""
    if text is None:
        return None
    if isinstance(text, Phrase):
        return _fill(PHRASES[text.code][LANGS.index(check_lang(lang))], text.params, lang)
    if check_lang(lang) == "en":
        return text
    for pattern, template in NOTE_PATTERNS:
        match = re.fullmatch(pattern, text)
        if match:
            return template.format(**_note_fields(match.groupdict()))
    return text


def _note_fields(fields: dict) -> dict:
    out = {k: "" if v is None else v for k, v in fields.items()}
    if "ind" in out:
        out["ind"] = indicator_label(out["ind"], "zh", with_unit=False)
    for level in ("lvl", "lvl2", "lvl3"):
        if level in out:
            out[level] = LEVELS_ZH.get(out[level], out[level])
    if out.get("widen"):
        out["widen"] = f"；参照组为其他层级，方差放大×{out['widen']}"
    for nested in ("w", "cal"):
        if nested in out:
            out[nested] = render(out[nested], "zh")
    if "years" in out:
        out["years"] = render(out["years"], "zh")
    return out
