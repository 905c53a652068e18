"""Bilingual (zh/en) labels for charts, tables and notebook text: the one label table. Indicator and region
names come from the catalogue and the region table; everything else a reader sees is here. `phrases` renders
language-neutral results (a `Phrase`, a note) with these tables.
"""

from __future__ import annotations

from . import catalogue
from .regions import region_name, region_table

LANGS = ("zh", "en")
TEXT = {
    "history": ("历史值", "observed"),
    "forecast": ("预测中位数", "forecast (median)"),
    "target": ("目标", "target"),
    "year": ("年份", "year"),
    "log_scale": ("（对数刻度）", " (log scale)"),
    "interval": ("{level}%区间", "{level}% interval"),
    "coverage_title": ("{region}：各指标数据覆盖（年份）", "{region}: years covered by indicator"),
    "published": ("公布值", "published"),
    "derived": ("推算值", "derived"),
    "both": ("公布值与推算值", "published and derived"),
    "calibration_title": (
        "概率校准：预测概率与实际达成比例",
        "Calibration: forecast probability vs share that came true",
    ),
    "forecast_probability": ("预测概率", "forecast probability"),
    "observed_share": ("实际达成比例", "share that came true"),
    "rank": ("排名（1=最高）", "rank (1 = highest)"),
    "rank_title": ("{region}在{province}{n}个地市中的排名", "{region}: rank among {province}'s {n} cities"),
    "as_of": ("截至{year}年的数据", "data up to {year}"),
    "latest": ("最新数据", "latest data"),
    "scenario": ("情景路径", "scenario path"),
    "growth_of": ("{indicator}年增速（%）", "{indicator}, growth (% a year)"),
    "sweep_title": ("{year}年{indicator}（情景网格）", "{indicator} in {year} (scenario grid)"),
    "final": ("正式数据", "final"),
    "preliminary": ("初步数据（预计）", "preliminary"),
    "third_party": ("第三方数据", "third party"),
    "derived_point": ("由分项推算", "derived from parts"),
    "official": ("官方文件", "official document"),
    "target_year": ("目标年份{year}", "target year {year}"),
    "start": ("路径起点（{year}年 {value:.3g}）", "path starts ({year}: {value:.3g})"),
    "plan_baseline": ("规划所列基期值", "plan's stated baseline"),
    "weak_basis": ("依据薄弱：{why}", "weak basis: {why}"),
    "no_data_row": ("无数据", "no data"),
    "dash_note": ("–：无数值（不适用，或没有数据）", "–: no value (not applicable, or no data)"),
    "weak_note": (
        "†：依据薄弱（本序列点数很少，或参照组为其他层级地区），概率仅供参考",
        "†: weak basis (very few own points, or a reference class of another level); the probability is a rough guide",
    ),
    "targets_n": ("{n}个目标", "{n} targets"),
    "required": ("所需年均增速{value}", "required {value} a year"),
    "observed_5y": ("近5年实际{value}", "observed {value} (last 5 years)"),
    "observed_all": ("全序列{value}", "{value} (whole series)"),
    "basis_is": ("依据：{basis}", "basis: {basis}"),
    "at_least": ("至少", "at least"),  # requirements' bounds: tables.scenario_table looks them up by their words
    "at_most": ("至多", "at most"),
    "observed_outcome": ("已观测", "observed"),
    "formula_note": ("注{mark}：{formula}", "Note {mark}: {formula}"),
    "scenario_head": ("# 情景 {name}：涉及的目标", "# scenario {name}: targets it touches"),
    "scenario_takes": (
        "# 需要多快：恰好达到各目标所需的不变增速（%/年），其他假设不变",
        "# what it takes: constant growth (% a year) that meets each target, the other assumptions unchanged",
    ),
    "dropped_points": ("未画出被标记的数值：{what}", "Flagged values not drawn: {what}"),
    "in_view": ("{what}（{view}）", "{what} ({view})"),
    "points": ("{value} 个百分点", "{value} pp"),
    "in_year": ("{year}年", "in {year}"),
    "latest_ranked": ("在各指标最新可排名年份", "in each indicator's last ranked year"),
    "peer_verdict": (
        "{when}，{region}在{n}个指标中有{ranked}个可排名：居{group}前两名的{leads}个，居全省上半的{upper}个。",
        "{When}, {region} is ranked on {ranked} of {n} indicators: among the two leading {group} "
        "cities on {leads}, in the upper half of the province on {upper}.",
    ),
    "peer_trailing": ("{when}在{group}中排名末位：{names}。", "Last of the {group} cities {when}: {names}."),
    "peer_unranked": ("{when}无法排名（数据不足）：{names}。", "Not ranked {when} (too few data): {names}."),
    "gap_count": (
        "{of}个地区中有{n}个在这些年份全无数值（{region}有数值：{has}）",
        "{n} of {of} regions have no value in any of these years ({region} has one: {has})",
    ),
    "brier": (
        "{year}年的判断用于此后已见分晓的{n}个目标，Brier分数：**{score:.3f}**（0为完美；一律回答50%得0.25）。",
        "Brier score of the {year} calls on the {n} targets decided since: **{score:.3f}** "
        "(0 = perfect; always answering 50% scores 0.25).",
    ),
    "sweep_summary": (
        "共{n:,}种组合；其中{share:.0%}在{year}年达到{value}%。",
        "{n:,} combinations; {share:.0%} of them reach {value}% by {year}.",
    ),
    "scenario_from": ("增长假设：{source}{default}", "Growth assumptions: {source}{default}"),
    "scenario_default": ("（规划的默认情景）", " (the plan's default scenario)"),
    "scenario_overrides": ("；参数覆盖：{what}", "; overridden by parameters: {what}"),
    "list_sep": ("、", ", "),
    "scenario_left_out": (
        "{region}截至{year}年没有{names}的数值，情景略去这些指标，其余照常评估。",
        "{region} has no value of {names} up to {year}: the scenario leaves them out and goes on.",
    ),
    "sweep_not_made": (
        "情景缺少{target}的组成部分（{names}），不做网格。",
        "The scenario lacks parts of {target} ({names}): no sweep.",
    ),
    "baseline_differs": (
        "**{name}**：规划{plan:g}{unit}；面板{panel}（{source}）；推算{derived}",
        "**{name}**: plan {plan:g} {unit}; panel {panel} ({source}); derived {derived}",
    ),
}
COLUMNS = {
    "target_id": ("目标编号", "target id"),
    "clause": ("条款", "clause"),
    "text": ("目标", "target"),
    "rule": ("要求", "what was asked"),
    "as_of": ("视角", "view"),
    "status": ("状态", "status"),
    "probability": ("达成概率", "probability"),
    "band": ("目标年80%区间", "80% band in target year"),
    "last": ("最新值（年份）", "last value (year)"),
    "outcome": ("结果", "outcome"),
    "gap": ("与目标差距", "gap to target"),
    "required_growth": ("所需年均增速", "required growth"),
    "observed_growth_5y": ("近5年年均增速", "observed growth, 5 years"),
    "eurostat_band": ("欧盟统计局进展等级", "Eurostat progress"),
    "un_band": ("联合国进展等级", "UN progress"),
    "basis": ("判断依据", "basis"),
    "notes": ("说明", "notes"),
    "call": ("事前判断", "call"),
    "result": ("结果判定", "met or missed"),
    "indicator": ("指标", "indicator"),
    "name": ("名称", "name"),
    "year": ("年份", "year"),
    "province_rank": ("省内排名", "rank in province"),
    "group_rank": ("组内排名", "rank in group"),
    "cities": ("有数据城市数", "cities with data"),
    "leads_group": ("居组内前列", "among the leading"),
    "upper_half_province": ("居全省上半", "upper half of province"),
    "region": ("地区", "region"),
    "gap_years": ("缺失年份", "missing years"),
    "source": ("来源", "source"),
    "detail": ("说明", "detail"),
    "years_covered": ("有数据年份", "years with data"),
    "targets": ("涉及目标", "targets"),
    "value_in_target_year": ("目标年数值", "value in target year"),
    "meets": ("达到目标", "meets the target"),
    "assumed_growth": ("假设增速（%/年）", "assumed growth (% a year)"),
    "bound": ("界限", "bound"),
    "needed_growth": ("所需增速（%/年）", "growth needed (% a year)"),
    "enough": ("假设是否足够", "assumption enough"),
    "first": ("首年", "first"),
    "n_years": ("年数", "years"),
    "years": ("年份", "years"),
    "missing_inside": ("中间缺失年份", "missing inside the span"),
    "value": ("数值", "value"),
    "kept": ("采用", "kept"),
    "source_id": ("来源", "source"),
    "reliability": ("可靠性", "reliability"),
    "spread": ("差异", "spread"),
    "others": ("其他来源数值", "other sources' values"),
    "n_records": ("记录数", "records"),
    "check": ("检查", "check"),
    "n": ("条数", "count"),
    "derived": ("推算", "derived"),
    "last_year": ("最新年份", "last year"),
    "last_value": ("最新值", "last value"),
    "unit": ("单位", "unit"),
    "plan": ("规划值", "plan"),
    "panel": ("面板值", "panel"),
    "panel_source": ("面板来源", "panel source"),
    "panel_vs_plan_%": ("面板与规划差异（%）", "panel vs plan (%)"),
    "derived_vs_plan_%": ("推算与规划差异（%）", "derived vs plan (%)"),
    "differs": ("差异超阈值", "differs"),
    "cases": ("预测次数", "forecasts"),
    "series": ("序列数", "series"),
    "MASE": ("平均绝对标度误差", "MASE"),
    "sMAPE": ("对称平均百分比误差（%）", "sMAPE (%)"),
    "coverage80": ("80%区间覆盖率（%）", "80% coverage (%)"),
    "coverage95": ("95%区间覆盖率（%）", "95% coverage (%)"),
    "Brier": ("Brier分数", "Brier"),
    "brier": ("Brier分数", "Brier"),
    "h": ("预测步长（年）", "years ahead"),
    "bin": ("分组", "bin"),
    "lower": ("下限", "lower"),
    "upper": ("上限", "upper"),
    "mean_probability": ("平均概率", "mean probability"),
    "share_met": ("实际达成比例", "share met"),
    "resolution": ("分辨力", "resolution"),
    "uncertainty": ("不确定性", "uncertainty"),
    "questions": ("问题数", "questions"),
    "vs_constant": ("相对常数基准", "vs constant"),
    "engine": ("本引擎", "engine"),
    "constant": ("常数（更早问题的达成比例）", "constant (earlier share met)"),
    "prior_alone": ("仅用宽泛先验", "broad prior alone"),
    "engine_vs_constant": ("本引擎 / 常数", "engine / constant"),
    "engine_vs_prior_alone": ("本引擎 / 仅用先验", "engine / prior alone"),
    "era": ("提问时期", "era"),
    "method": ("方法", "method"),
    "peers": ("同组其他城市（排名、数值）", "other cities of the group (rank, value)"),
}
METHODS = {
    "naive": ("朴素法", "naive"),
    "drift": ("漂移法", "drift"),
    "cagr": ("年均增长率法", "cagr"),
    "loglinear": ("对数线性趋势", "loglinear"),
    "theta": ("θ法", "theta"),
    "damped": ("阻尼趋势", "damped"),
    "ets": ("指数平滑", "ets"),
    "arima": ("ARIMA", "arima"),
    "auto": ("自动组合", "auto"),
    "cagr rule (yes/no)": ("复合增长外推（是/否）", "cagr rule (yes/no)"),
    "constant (share met)": ("常数（达成比例）", "constant (share met)"),
    "engine": ("本引擎", "engine"),
    "engine, calibrated on earlier questions": ("本引擎，按更早问题校准", "engine, calibrated on earlier questions"),
    "constant (earlier share met)": ("常数（更早问题的达成比例）", "constant (earlier share met)"),
    "constant by question (earlier)": ("按问题类型的常数（更早）", "constant by question (earlier)"),
    "compound-growth rule": ("复合增长外推", "compound-growth rule"),
    "asked up to 2012": ("2012年及以前提出", "asked up to 2012"),
    "asked from 2013": ("2013年起提出", "asked from 2013"),
    "broad prior alone": ("仅用宽泛先验", "broad prior alone"),
}
BANDS = {
    "significant progress": ("显著进展", "significant progress"),
    "moderate progress": ("中等进展", "moderate progress"),
    "insufficient progress": ("进展不足", "insufficient progress"),
    "moving away": ("背离目标", "moving away"),
    "on track": ("进展顺利", "on track"),
    "fair progress": ("进展一般", "fair progress"),
    "stagnation or regression": ("停滞或倒退", "stagnation or regression"),
}
GROUPS = {"mountain": ("山区市", "mountain-area"), "pearl_river_delta": ("珠三角城市", "Pearl River Delta")}
NOTEBOOK_TITLES = {
    "01": ("数据质量", "Data quality"),
    "02": ("基期核对", "Baseline check"),
    "03": ("目标可达性", "Target reachability"),
    "04": ("情景", "Scenarios"),
    "05": ("回测", "Backtest"),
    "06": ("同类城市比较", "Peer comparison"),
}
YES_NO = {True: ("是", "yes"), False: ("否", "no")}
RULES = {  # kind: (zh, en) of what a target asks; {unit} is the unit in that language
    "level": ("{year}年≥{value:,g}{unit}", ">= {value:,g}{unit} in {year}"),
    "growth": ("{baseline_year}—{year}年年均增长≥{rate:g}%", ">= {rate:g}% a year, {baseline_year}-{year}"),
    "yearly_min": ("{start}—{year}年每年≥{value:,g}{unit}", ">= {value:,g}{unit} every year {start}-{year}"),
    "monotone": ("{start}—{year}年逐年上升", "rises every year {start}-{year}"),
    "milestone": ("里程碑{by}", "milestone{by}"),
}
RULES["share"] = RULES["count"] = RULES["level"]
RULE_UNITS_EN = {
    "亿元": " hundred million yuan",
    "万元": " ten thousand yuan",
    "元": " yuan",
    "人": " persons",
    "次": " times",
    "%": "%",
}  # counts of things (件, 个, 家, 项) need no unit in English
UNITS_EN = {
    "亿元": "100 million yuan",
    "万元": "10,000 yuan",
    "元": "yuan",
    "件": "number",
    "项": "number",
    "个": "number",
    "家": "number",
    "次": "times",
    "人": "persons",
    "%": "%",
}
STATUS = {
    "met": ("已达成", "met"),
    "missed": ("未达成", "missed"),
    "on track": ("有望达成", "on track"),
    "at risk": ("存在风险", "at risk"),
    "off track": ("难以达成", "off track"),
    "no data": ("无数据", "no data"),
    "milestone": ("里程碑（不预测）", "milestone (not forecast)"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def t(key: str, lang: str, **fields) -> str:
    return TEXT[key][LANGS.index(check_lang(lang))].format(**fields)


def status_label(status: str, lang: str) -> str:
    return STATUS[status][LANGS.index(check_lang(lang))]


def column_label(column: str, lang: str) -> str:
    """A table's column header in `lang`; 'status_2012' and 'status_latest' (plan_review) say their view;
    the column's own name when the table has no entry."""
    if not isinstance(column, str):  # a year or a horizon as a header stays a number
        return column
    key, _, view = column.rpartition("_")
    if column not in COLUMNS and key in COLUMNS and (view.isdigit() or view == "latest"):
        return f"{column_label(key, lang)} ({view if view.isdigit() else t('latest', lang)})"
    return COLUMNS[column][LANGS.index(check_lang(lang))] if column in COLUMNS else column


def method_label(name: str, lang: str) -> str:
    """A forecast method or benchmark in `lang` ('cagr' -> '年均增长率法'); an unknown name as it is."""
    return METHODS[name][LANGS.index(check_lang(lang))] if name in METHODS else name


def band_label(band: str | None, lang: str) -> str | None:
    """A progress band in `lang` (None stays None; a band not in the table is shown as it is)."""
    return None if band is None else BANDS[band][LANGS.index(check_lang(lang))] if band in BANDS else band


def group_label(group: str, lang: str) -> str:
    return GROUPS[group][LANGS.index(check_lang(lang))] if group in GROUPS else group


def notebook_title(stem: str, lang: str) -> str:
    """A report page's title from its notebook's name ('03_target_reachability' -> '03 目标可达性')."""
    number = stem[:2]
    return f"{number} {NOTEBOOK_TITLES[number][LANGS.index(check_lang(lang))]}" if number in NOTEBOOK_TITLES else stem


def yes_no(value: bool, lang: str) -> str:
    return YES_NO[bool(value)][LANGS.index(check_lang(lang))]


def unit_suffix(unit: str | None, lang: str) -> str:
    """What follows a number: '%', ' 亿元' in zh, ' hundred million yuan' in en (no digits after a number); nothing for counts of things in en."""
    if not unit:
        return ""
    if unit == "%":
        return "%"
    return f" {unit}" if check_lang(lang) == "zh" else RULE_UNITS_EN.get(unit, "")


def rule_text(target, lang: str) -> str:
    """What a target asks, in `lang` (e.g. '2017年≥1,500件', '>= 137,100 persons in 2017')."""
    unit = (target.unit or "") if check_lang(lang) == "zh" else RULE_UNITS_EN.get(target.unit, "")
    by = "" if not target.year else f"（{target.year}年前）" if lang == "zh" else f" by {target.year}"
    fields = {k: getattr(target, k) for k in ("year", "value", "baseline_year", "rate", "start")}
    return RULES[target.kind][LANGS.index(lang)].format(unit=unit, by=by, **fields)


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
    "data_line": (
        "数据截至{year}年（panel.csv 生成于{date}），SHA-256 {sha}",
        "data up to {year} (panel.csv made {date}), SHA-256 {sha}",
    ),
    "run_line": (
        "运行 {name}：{status}；笔记本{n}个，成功{ok}个；用时{seconds:.0f}秒；开始于{started}",
        "run {name}: {status}; notebooks: {ok} of {n} succeeded; {seconds:.0f} s; started {started}",
    ),
    "scorecard": ("目标评分表", "Scorecard"),
    "scorecard_view": (
        "地区：{region}；事前判断：截至{year}年的数据；事后：最新数据",
        "region: {region}; ex-ante call: data up to {year}; ex-post: latest data",
    ),
    "reports": ("各笔记本报告", "Notebook reports"),
    "full_tables": ("完整表格（含全部列）见 {files}。", "Full tables (every column): {files}."),
    "complete": ("已完成", "complete"),
    "failed": ("有笔记本失败", "some notebooks failed"),
    "interrupted": ("被中断（结果不完整）", "interrupted (results incomplete)"),
    "running": ("运行中", "running"),
    "ok": ("成功", "ok"),
    "job_failed": ("失败", "failed"),
    "pending": ("未运行", "not run"),
    "seconds": ("{seconds:.1f}秒", "{seconds:.1f} s"),
    "verdict": (
        "首要目标“{target}”：{result}，结果{outcome}；事前判断：{call}。",
        "Headline target “{target}”: {result}, outcome {outcome}; ex-ante call: {call}.",
    ),
    "folded": ("其余{n}个目标（无数据或里程碑）", "The other {n} targets (no data, or milestones)"),
    "lang_zh": ("中文", "Chinese"),
    "lang_en": ("英文", "English"),
}


def report_text(key: str, lang: str, **fields) -> str:
    return REPORT[key][LANGS.index(check_lang(lang))].format(**fields)
