"""Bilingual (zh/en) labels for charts and tables. Indicator and region names come from the catalogue
and the region table; everything else a chart or table shows is here."""
from __future__ import annotations

from . import catalogue
from .regions import region_name, region_table

LANGS = ("zh", "en")
TEXT = {
    "history": ("历史值", "observed"),
    "forecast": ("预测中位数", "forecast (median)"),
    "target": ("目标", "target"),
    "baseline": ("基期（规划）", "baseline (plan)"),
    "year": ("年份", "year"),
    "interval": ("{level}%区间", "{level}% interval"),
    "coverage_title": ("{region}：各指标数据覆盖（年份）", "{region}: years covered by indicator"),
    "published": ("公布值", "published"),
    "derived": ("推算值", "derived"),
    "both": ("公布值与推算值", "published and derived"),
    "calibration_title": ("概率校准：预测概率与实际达成比例", "Calibration: forecast probability vs share that came true"),
    "forecast_probability": ("预测概率", "forecast probability"),
    "observed_share": ("实际达成比例", "share that came true"),
    "rank": ("排名（1=最高）", "rank (1 = highest)"),
    "rank_title": ("{region}在{province}{n}个地市中的排名", "{region}: rank among {province}'s {n} cities"),
    "as_of": ("截至{year}年的数据", "data up to {year}"),
    "latest": ("最新数据", "latest data"),
    "scenario": ("情景路径", "scenario path"),
    "growth_of": ("{indicator}年增速（%）", "{indicator}, growth (% a year)"),
    "sweep_title": ("{year}年{indicator}（情景网格）", "{indicator} in {year} (scenario grid)"),
}
UNITS_EN = {"亿元": "100 million yuan", "万元": "10,000 yuan", "元": "yuan", "件": "number", "项": "number",
            "个": "number", "家": "number", "次": "times", "人": "persons", "%": "%"}
STATUS = {"met": ("已达成", "met"), "missed": ("未达成", "missed"), "on track": ("有望达成", "on track"),
          "at risk": ("存在风险", "at risk"), "off track": ("难以达成", "off track"),
          "no data": ("无数据", "no data"), "milestone": ("里程碑（不预测）", "milestone (not forecast)")}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def t(key: str, lang: str, **fields) -> str:
    return TEXT[key][LANGS.index(check_lang(lang))].format(**fields)


def status_label(status: str, lang: str) -> str:
    return STATUS[status][LANGS.index(check_lang(lang))]


def indicator_label(ind_id: str, lang: str, with_unit: bool = True) -> str:
    ind = catalogue.get(ind_id)
    unit = ind.unit if lang == "zh" else UNITS_EN.get(ind.unit, ind.unit)
    return f"{ind.name(lang)} ({unit})" if with_unit else ind.name(lang)


def region_label(code: str, lang: str) -> str:
    return region_name(code, check_lang(lang))


def region_short(code: str, lang: str) -> str:
    """A region's short name ('广东' / 'Guangdong'), as in running text."""
    return region_table().loc[code, "short_zh"] if check_lang(lang) == "zh" else region_name(code, "en")
