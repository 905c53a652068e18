"""The notebooks' words: each report page's title and section texts in zh and en, shown in the run's language
(`prose("01.coverage", lang)` in a hidden code cell), so a zh page reads in Chinese and an en page in English.
Parameter and file names stay in the en text only, where a reader may look them up."""

from __future__ import annotations

from IPython.display import Markdown

from ..reference.labels import LANGS, check_lang, notebook_title

PROSE = {
    "01.title": (
        "哪些年份有数据、各来源在哪里不一致、哪些数值被标记（可疑、口径断点）。数据均来自清洗后的面板。",
        "Which years are covered, where sources disagree, and which values are flagged "
        "(suspect, series breaks). All from `qy clean`'s outputs in `data/processed/`.",
    ),
    "01.coverage": (
        "## 覆盖\n\n规划目标所需的指标排在前面（完全无数据的以红色标出），其后是面板中该地区的其他指标。",
        "## Coverage\n\nEvery indicator the plan's targets need comes first, those with no data at all "
        "included (in red); then the other indicators the panel holds for the region.",
    ),
    "01.gaps": (
        "## 已知数据缺口\n\n公开来源本身的缺口，以及仍无数值的地区数。",
        "## Known gaps in the sources\n\nGaps in the published sources themselves (`data/known_gaps.yaml`), "
        "with how many regions still have no value.",
    ),
    "01.conflicts": (
        "## 来源冲突\n\n每个有冲突的单元格一行：采用的数值及其来源、其他来源的数值及差距；取舍规则见冲突表。",
        "## Conflicts between sources\n\nOne row per cell where sources disagree: the value kept and its source, "
        "the other sources' values and the spread; the rule is in `data/processed/conflicts.csv`.",
    ),
    "01.flags": (
        "## 标记与断点\n\n被标记的数值留在面板中，但模型不使用；每个原因都是一条清洗规则。",
        "## Flags and series breaks\n\nFlagged values stay in the panel; models leave them out. Each reason is "
        "a rule in `data/raw/cleaning_rules.yaml`.",
    ),
    "01.derived": ("## 公布值与推算值的差异", "## Published vs derived"),
    "01.warnings": ("## 警告汇总", "## Warnings by check"),
    "02.title": (
        "规划所列基期数据与面板数据逐项对照：保留的公布值（及其来源）与由分项推算的值；差异超过阈值的以底色标出。",
        "The plan's baseline figures side by side with the panel: the published value "
        "kept (and its source) and the value derived from its parts; differences above "
        "`baseline.TOLERANCE_PERCENT` percent are highlighted.",
    ),
    "03.title": (
        "对规划的每个量化目标：历史、预测扇形图（50/80/95%）、目标线、达成概率、所需增速与实际增速、"
        "状态；最后是全部目标的评分卡（含无数据的目标）。事前判断只用截至该年的数据。",
        "For every quantified target: history, forecast fan chart (50/80/95%), "
        "the target line, probability, required vs observed growth and status; then the scorecard of all "
        "targets, including those with no data. `as_of` uses only data up to that year (ex-ante); `None` "
        "uses all data (ex-post where the target year is known).",
    ),
    "03.charts": (
        "## 逐项\n\n标记说明每个观测点的来源（终值、官方文件、初步数、第三方、由分项推算）；缺年处折线断开；虚线为目标年。"
        "斜线阴影和†表示依据薄弱（本序列点数很少，或参照组为其他层级地区）。",
        "## Target by target\n\nMarkers say how each observed point was obtained (final, official document, "
        "preliminary, third party, derived from its parts); a line is broken where years are missing; the "
        "dotted line is the target year. Hatched bands and † mark a weak basis (very few own points, or a "
        "reference class of another level).",
    ),
    "03.scorecard": ("## 评分卡", "## Scorecard"),
    "03.no_data": (
        "## 无数据的目标\n\n研究人员可把从报告中读到的数值作为新的原始来源加入原始数据目录（一份转录文件和来源登记表中的一行）。",
        "## Targets without data\n\nResearchers can add figures they read in reports as a new raw source in "
        "`data/raw/` (a transcription file and a row in `sources.csv`).",
    ),
    "04.title": (
        "按情景假设的各项增长，规划的目标能否在目标年达到？需要多快的增长？假设来自规划的默认情景文件，"
        "除非参数另行给定。各指标从截至起始年的最新值起按给定年增速增长；比重由其分项得出；离散度（百分点）"
        "为每年增速加入不确定性。",
        "The assumptions come from the plan's default scenario file (its header's "
        "`default_scenario`) unless `scenario`, `growth` or `spread` say otherwise. Would the growth they "
        "assume take each target within reach, and what growth would it take? Each indicator grows at the "
        "given % a year from its last value known in `as_of`; shares follow from their parts. `spread` "
        "(percentage points) adds uncertainty to every growth rate.",
    ),
    "04.targets": (
        "## 情景下的目标\n\n“达到目标”：按假设增速的确定路径；“达成概率”：每年增速按离散度波动时，模拟路径中达到目标的比例。",
        "## The targets under this scenario\n\n*meets*: the deterministic path (growth exactly as assumed); "
        "*probability*: the share of simulated paths meeting the target when each year's growth varies by "
        "`spread`.",
    ),
    "04.start": (
        "每条路径上的圆点是起点：截至起始年的最新值（比重为其分项最新值之比，可能与当年公布的比重不同）。",
        "The dot on each path is where it starts: the last value up to `as_of` (for a ratio, the ratio of its "
        "parts' last values, which may differ from the published figure of that year).",
    ),
    "04.sweep": (
        "## 网格：首要目标分子与分母的增速\n\n首要目标的分子 × 分母增速（本规划为科技支出 × 财政支出），一次看全部组合，"
        "均从本地区自身的最新值出发；白线为目标水平。",
        "## Sweep: growth of the headline target's parts\n\nThe headline target's numerator × denominator growth "
        "(for the plan: S&T spending × budget spending), every combination at once, each starting from the "
        "region's own last value; the white line is the target's level.",
    ),
    "04.takes": (
        "## 需要多快\n\n恰好达到各目标所需的不变增速（其他假设不变）：水平和分子为下限（至少），分母为上限（至多）。",
        "## What it takes\n\nThe constant growth that meets each target exactly, the other assumptions "
        "unchanged: a floor (*at least*) for levels and numerators, a ceiling (*at most*) for denominators.",
    ),
    "05.title": (
        "各预测方法在面板各序列上的滚动起点检验：精度、区间覆盖率、概率校准；以及规划目标在基期的事前判断与实际结果对照。",
        "Rolling-origin evaluation of the forecast methods on the panel's series: accuracy "
        "(MASE, sMAPE), interval coverage, calibration of probabilities; and the plan's targets judged "
        "ex-ante as of the base year against what happened.",
    ),
    "05.accuracy": (
        "## 方法精度\n\n平均绝对标度误差（MASE）小于1即优于样本内一步朴素预测；80%区间覆盖率应接近80；Brier分数越低越好。"
        "“复合增长外推”是进展报告常用的方法；“常数”总以已见分晓问题的达成比例作答。",
        "## Accuracy by method\n\nMASE < 1 beats a one-step naive forecast in-sample; coverage80 should be "
        "near 80; a lower Brier score is better. *cagr rule* is the compound-growth extrapolation used in "
        "progress reports; *constant* always answers with the share of questions that came true.",
    ),
    "05.questions": (
        "## 目标式问题的概率（按时期）\n\n对面板中每个地区和指标、每个截至年份、3–6年期限，提出与规划目标同形的问题"
        "（“年均增长至少5/10/15/20%？”，“比重达到当前的1.0/1.2/1.5倍？”），只用截至该年的数据作答。"
        "按提问时期（2012年及以前 / 2013年起）分别报告，较差的时期排在首位，作为标题结果。"
        "基准：用更早已见分晓问题的达成比例作答的常数；以及只用宽泛先验（离线从其他时间序列学得，未见面板）的预测。"
        "目标：每个时期都不超过常数的0.9倍，并优于仅用先验。这里只含本页参数 `indicators` 所列指标的问题，"
        "是全部问题回测的一个子集。",
        "## Probabilities of target-shaped questions, by era\n\nEvery region and indicator of the panel, every "
        "as-of year, horizons 3–6: questions shaped like the plan's targets (\"will it grow at least "
        '5/10/15/20% a year?", "will the share reach 1.0/1.2/1.5 times its level?"), each answered with '
        "data up to its as-of year only. Reported by era (asked up to 2012 / from 2013), the worse era first: "
        "that is the headline. Beside the engine: the constant fitted on questions resolved earlier, and the "
        "broad growth prior alone (fitted offline on other series; it has seen no panel). Lower Brier is "
        "better; the goal is engine / constant <= 0.9 in every era and better than the prior alone. Only the "
        "questions on this page's `indicators` are asked: a subset of the full question backtest.",
    ),
    "05.targets": ("## 规划目标：事前判断与结果", "## The plan's targets: ex-ante call vs outcome"),
    "06.title": (
        "本市与省内其他地市、特别是同组城市（规划的对照组）的水平、增速和排名。规划目标：科技综合实力、"
        "区域创新能力“居山区市前列和全省中等水平”。这里“前列”指组内排名前几位，“中等水平”指全省上半区；"
        "结论按一年判断，默认为规划目标年。",
        "The region against the province's other cities, especially its peer group "
        "(the plan's `peer_group`): levels, growth and ranks over time. The plan aims to be among the leading "
        "cities of its group (here: within the top `peers.LEADING_RANK` of the group) and mid-ranking in the "
        "province (here: the upper half of its cities). The verdict is judged in one year, the plan's target "
        "year unless `year` says otherwise.",
    ),
    "06.levels": ("## 水平", "## Levels"),
    "06.rank": ("## 省内排名", "## Rank among the province's cities"),
    "06.history": (
        "## 组内排名变化\n\n当年有数值的同组城市中的排名（1为最高）；当年无排名处为空。",
        "## Rank in the group, year by year\n\nRank among the group's cities with a value that year "
        "(1 = highest); blank where the year is not ranked.",
    ),
    "06.verdict": ("## 结论", "## Verdict by indicator"),
    "06.gaps": (
        "## 已知数据缺口\n\n目标年未排名的指标，可能是来源本身缺数。",
        "## Known gaps in the sources\n\nAn indicator not ranked in the year judged may lack data at the source "
        "itself (`data/known_gaps.yaml`).",
    ),
}


def prose(key: str, lang: str) -> Markdown:
    """A report page's text in `lang`, ready to display; a `.title` text under the page's title heading (the
    title the HTML page carries too: `notebook_title`)."""
    text = PROSE[key][LANGS.index(check_lang(lang))]
    return Markdown(f"# {notebook_title(key[:2], lang)}\n\n{text}" if key.endswith(".title") else text)
