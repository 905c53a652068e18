"""Charts render Chinese without missing glyphs, and `lang` switches every label."""
import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from qy_analysis.reference import labels as i18n  # noqa: E402
from qy_analysis.reporting import charts as plotting  # noqa: E402
from qy_analysis.targets.assessment import assess  # noqa: E402
from qy_analysis.targets.spec import Target  # noqa: E402

from .synthetic import growing, panel_from  # noqa: E402

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
    target = Target(id="t", clause="二（四）", zh="财政科技投入占比达1.33%以上", en="Fiscal S&T share at least 1.33%",
                    kind="share", region=CITY, indicator="fiscal_st_share", unit="%", year=2017, value=1.33)
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
    assert outer[:, 1].min() == pytest.approx(band["lower"].min()) and outer[:, 1].max() == pytest.approx(band["upper"].max())
    plt.close(ax.figure)


def test_growth_target_is_drawn_as_the_path_it_requires():
    growth = Target(id="g", clause="一（二）", zh="增速", en="growth", kind="growth", region=CITY,
                    indicator="patent_applications", unit="%", baseline_year=2012, baseline_value=750, year=2017, rate=15)
    level = Target(id="l", clause="二（十一）", zh="专利", en="patents", kind="level", region=CITY,
                   indicator="patent_applications", unit="件", year=2017, value=1500)
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
