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


# --- Run reports (qy run: index pages, report titles, scorecard files). Kept as one block for merging. ---
REPORT = {
    "run_title": ("{plan}：{region}", "{plan}: {region}"),
    "region": ("地区", "Region"),
    "data": ("数据", "Data"),
    "data_line": ("数据截至{year}年（panel.csv 生成于{date}），SHA-256 {sha}",
                  "data up to {year} (panel.csv made {date}), SHA-256 {sha}"),
    "run_line": ("运行 {name}：{status}；笔记本{n}个，成功{ok}个；用时{seconds:.0f}秒；开始于{started}",
                 "run {name}: {status}; notebooks: {ok} of {n} succeeded; {seconds:.0f} s; started {started}"),
    "scorecard": ("目标评分表", "Scorecard"),
    "scorecard_view": ("地区：{region}；事前判断：截至{year}年的数据；事后：最新数据",
                       "region: {region}; ex-ante call: data up to {year}; ex-post: latest data"),
    "col_target": ("目标", "Target"),
    "col_asked": ("要求", "What was asked"),
    "col_call": ("{year}年时的判断", "Call as of {year}"),
    "col_band": ("进展区间（{view}）", "Progress band ({view})"),
    "col_outcome": ("结果", "Outcome"),
    "col_verdict": ("达成情况（最新）", "Met / missed (latest)"),
    "col_gap": ("差距（结果或最新值 − 目标）", "Gap (outcome or latest value − target)"),
    "view_ex_ante": ("事前，{year}年", "ex-ante, {year}"),
    "status_counts": ("状态汇总（最新数据）", "Statuses (latest data)"),
    "reports": ("各笔记本报告", "Notebook reports"),
    "full_tables": ("完整表格（含全部列）见 {files}。", "Full tables (every column): {files}."),
    "dash_note": ("“—”：无此项（无数据、尚未观测或不适用）。", "“—”: not available (no data, not yet observed, or not applicable)."),
    "complete": ("已完成", "complete"),
    "failed": ("有笔记本失败", "some notebooks failed"),
    "interrupted": ("被中断（结果不完整）", "interrupted (results incomplete)"),
    "running": ("运行中", "running"),
    "ok": ("成功", "ok"),
    "job_failed": ("失败", "failed"),
    "pending": ("未运行", "not run"),
    "seconds": ("{seconds:.1f}秒", "{seconds:.1f} s"),
    "points": ("个百分点", "pp"),
}
NOTEBOOK_TITLES = {
    "01_data_quality": ("数据质量", "Data quality"),
    "02_baseline_check": ("基期数据核对", "Baseline check"),
    "03_target_reachability": ("目标可达性", "Target reachability"),
    "04_scenarios": ("情景分析", "Scenarios"),
    "05_backtest": ("预测回测", "Forecast backtest"),
    "06_peer_comparison": ("同类城市比较", "Peer comparison"),
}
BANDS = {"significant progress": ("显著进展", "significant progress"),
         "moderate progress": ("中等进展", "moderate progress"),
         "insufficient progress": ("进展不足", "insufficient progress"),
         "moving away": ("背离目标", "moving away"), "on track": ("按计划推进", "on track"),
         "fair progress": ("尚可", "fair progress"), "stagnation or regression": ("停滞或倒退", "stagnation or regression")}


def report_text(key: str, lang: str, **fields) -> str:
    return REPORT[key][LANGS.index(check_lang(lang))].format(**fields)


def notebook_title(stem: str, lang: str) -> str:
    """A notebook's title for report pages (its file name when it has none here, e.g. a test notebook)."""
    return NOTEBOOK_TITLES[stem][LANGS.index(check_lang(lang))] if stem in NOTEBOOK_TITLES else stem


def band_label(band: str, lang: str) -> str:
    return BANDS[band][LANGS.index(check_lang(lang))] if band in BANDS else band
