"""Charts render Chinese without missing glyphs, and `lang` switches every label."""

import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from qy_analysis.reference import labels as i18n  # noqa: E402
from qy_analysis.reporting import charts as plotting  # noqa: E402
from qy_analysis.targets.assessment import assess  # noqa: E402

from .synthetic import growing, panel_from, synthetic_target  # noqa: E402

CITY = "441800"


def render(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    return [str(w.message) for w in caught]


@pytest.fixture(scope="module")
def assessment():
    """One assessment, drawn in both languages."""
    panel = panel_from({(CITY, "fiscal_st_share"): growing(1.0, 0.04, 2005, 2012)}, derived=True)
    target = synthetic_target(
        "share",
        "fiscal_st_share",
        clause="二（四）",
        zh="财政科技投入占比达1.33%以上",
        en="Fiscal S&T share at least 1.33%",
        year=2017,
        value=1.33,
    )
    return assess(target, panel, n_paths=300)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fan_chart_has_no_missing_glyphs(assessment, lang):
    plotting.use_style()
    ax = plotting.fan_chart(assessment, lang=lang, baseline=(2012, 1.11))
    texts = [ax.get_title(), ax.get_ylabel(), *[t.get_text() for t in ax.get_legend().get_texts()]]
    problems = render(ax.figure)
    assert not [p for p in problems if "missing from" in p or "Glyph" in p], problems
    if lang == "zh":
        assert "财政科技投入占比达1.33%以上" in texts[0] and "历史值" in texts and "目标" in texts
    else:
        assert "Fiscal S&T share at least 1.33%" in texts[0] and "observed" in texts and "target" in texts
        assert not any("\u4e00" <= ch <= "\u9fff" for text in texts for ch in text), texts


def test_fan_chart_bands_come_from_the_forecast(assessment):
    ax = plotting.fan_chart(assessment, lang="en")
    band = assessment.forecast.interval(95)
    outer = ax.collections[0].get_paths()[0].vertices
    assert outer[:, 1].min() == pytest.approx(band["lower"].min()) and outer[:, 1].max() == pytest.approx(
        band["upper"].max()
    )
    plt.close(ax.figure)


def test_growth_target_is_drawn_as_the_path_it_requires():
    growth = synthetic_target(
        "growth",
        id="g",
        clause="一（二）",
        zh="增速",
        en="growth",
        baseline_year=2012,
        baseline_value=750,
        year=2017,
        rate=15,
    )
    level = synthetic_target(id="l", clause="二（十一）", zh="专利", en="patents", year=2017, value=1500)
    for target, expected in ((growth, 750 * 1.15 ** np.arange(6)), (level, [1500, 1500])):
        fig, ax = plt.subplots()
        plotting.target_line(ax, target, "en")
        line = ax.get_lines()[-1]
        assert line.get_label() == "target" and np.asarray(line.get_ydata(), dtype=float) == pytest.approx(expected)
        plt.close(fig)


def test_default_font_would_miss_glyphs():
    """The check above can fail: without the bundled CJK font, Chinese text warns."""
    plt.rcParams.update({"font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"]})
    fig, ax = plt.subplots()
    ax.set_title("财政科技支出")
    assert any("missing from" in p for p in render(fig))
    plotting.use_style()


def test_every_label_is_bilingual():
    for key, pair in i18n.TEXT.items():
        assert len(pair) == 2 and all(pair), key
    assert i18n.status_label("on track", "zh") == "有望达成"
    assert i18n.indicator_label("patent_applications", "en") == "Patent applications (number)"
    with pytest.raises(ValueError, match="lang must be one of"):
        i18n.t("year", "fr")


def _panel_with_gap():
    """SYNTHETIC: final values 2010-2012, a third-party 2015, a derived 2016 (2013-2014 missing)."""
    panel = panel_from({(CITY, "patent_applications"): {2010: 500, 2011: 560, 2012: 620, 2015: 800}})
    panel.loc[panel.year == 2015, "reliability"] = "third_party"
    derived = panel_from({(CITY, "patent_applications"): {2016: 900}}, derived=True).assign(reliability="derived")
    return pd.concat([panel, derived], ignore_index=True)


def test_history_breaks_at_missing_years_and_marks_how_points_were_obtained():
    panel = _panel_with_gap()
    target = synthetic_target(id="l", clause="二", zh="专利", en="patents", year=2016, value=850)
    a = assess(target, panel)
    ax = plotting.fan_chart(a, lang="en", panel=panel)
    line = next(x for x in ax.get_lines() if x.get_label() == "observed")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert list(line.get_xdata()) == list(range(2010, 2017)) and np.isnan(y[3:5]).all()  # 2013-2014: no line
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"final", "third party", "derived from parts", "target year 2016"} <= set(legend)
    assert "P=" not in ax.get_title() and ax.get_title().endswith("met")  # an outcome: met, not "P=100%"
    box = ax.get_legend().get_window_extent(ax.figure.canvas.get_renderer())
    assert box.x0 >= ax.get_window_extent().x1  # the legend is outside the data
    plt.close(ax.figure)


def test_a_weak_basis_is_marked_on_the_fan_chart():
    panel = panel_from(
        {
            (CITY, "patent_applications"): {2012: 750},
            **{(f"4402{i:02d}", "patent_applications"): growing(500, 0.1, 2005, 2012) for i in range(5)},
        }
    )
    target = synthetic_target(id="l", clause="二", zh="专利", en="patents", year=2017, value=1500)
    a = assess(target, panel, n_paths=300)
    assert a.basis.code == "outside_view" and a.weak_basis
    ax = plotting.fan_chart(a, lang="zh")
    assert "依据薄弱" in ax.get_title() and "P=" in ax.get_title()
    assert all(band.get_hatch() == "///" for band in ax.collections[:3])
    plt.close(ax.figure)


def test_a_very_wide_fan_is_drawn_on_a_log_scale(assessment):
    """A 95% band spanning more than WIDE_FAN times at the horizon would flatten the target line: log scale, said
    in the axis label; an ordinary fan stays linear."""
    ax = plotting.fan_chart(assessment, lang="en")
    assert ax.get_yscale() == "linear" and "log scale" not in ax.get_ylabel()
    plt.close(ax.figure)

    class WideFan:
        years = [2013, 2014]
        paths = np.array([[1.0, 1.0], [100.0, 1000.0], [10.0, 30.0]])

        def interval(self, level):
            return pd.DataFrame({"lower": [1.0, 1.0], "upper": [100.0, 1000.0]}, index=self.years)

    from dataclasses import replace

    ax = plotting.fan_chart(replace(assessment, forecast=WideFan()), lang="zh")
    assert ax.get_yscale() == "log" and ax.get_ylabel().endswith("（对数刻度）")
    plt.close(ax.figure)


def test_scenario_chart_marks_where_the_path_starts(tmp_path):
    from qy_analysis.targets.scenarios import Scenario

    panel = pd.concat(
        [
            panel_from({(CITY, "rd_expenditure"): {2012: 6.34}, (CITY, "gdp"): {2012: 1000}}),
            panel_from({(CITY, "rd_intensity"): {2012: 0.65}}),
        ],
        ignore_index=True,
    )
    target = synthetic_target("share", "rd_intensity", id="rd", zh="研发", en="R&D", year=2017, value=0.72)
    spec = {
        "region": CITY,
        "as_of": 2012,
        "end": 2017,
        "indicators": {"rd_expenditure": {"growth": 12}, "gdp": {"growth": 9}},
    }
    scenario = Scenario.from_dict(spec, panel)
    ax = plotting.scenario_chart(scenario, target, pd.Series({2012: 0.65}), lang="en", panel=panel)
    start = next(x for x in ax.get_lines() if x.get_label().startswith("path starts"))
    assert start.get_label() == "path starts (2012: 0.634)" and list(start.get_ydata()) == [pytest.approx(0.634)]
    plt.close(ax.figure)


def test_coverage_lists_indicators_without_data():
    panel = _panel_with_gap()
    ax = plotting.coverage_heatmap(panel, CITY, ["patent_applications", "rd_intensity"], lang="en")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Patent applications", "R&D intensity (share of GDP) (no data)"]
    assert [int(t.get_text()) for t in ax.get_xticklabels()] == list(range(2010, 2017))  # missing years shown
    plt.close(ax.figure)


def test_the_plans_stated_baseline_is_drawn_only_for_the_plans_region():
    """Run for 韶关, notebook 03 drew Qingyuan's 1.96亿 on 韶关's charts; another region's baseline is its own."""
    from dataclasses import replace

    from qy_analysis.targets.spec import load_plan

    plan = load_plan()
    st = next(t for t in plan.targets.values() if t.indicator == "st_expenditure" and t.baseline_value is not None)
    assert plotting.plan_baseline(st, plan.region) == (2012, st.baseline_value)
    assert plotting.plan_baseline(replace(st, region="440200"), plan.region) is None
    growth = next(t for t in plan.targets.values() if t.kind == "growth")
    assert plotting.plan_baseline(growth, plan.region) is None  # its baseline starts the required path
