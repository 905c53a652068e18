"""One number style (reference.numbers): the issue's examples, each as a reader would write it."""

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from qy_analysis.forecasting.result import Forecast  # noqa: E402
from qy_analysis.reference.labels import rule_text  # noqa: E402
from qy_analysis.reference.numbers import format_band, format_growth, format_number  # noqa: E402
from qy_analysis.reporting.charts import log_axis  # noqa: E402
from qy_analysis.reporting.tables import band_text, scenario_table  # noqa: E402
from qy_analysis.targets.assessment import Assessment  # noqa: E402

from .synthetic import synthetic_target  # noqa: E402

SHARE = synthetic_target(
    "share", "fiscal_st_share", id="share_2017", zh="比重达1.33%以上", en="share at least 1.33%", year=2017, value=1.33
)  # SYNTHETIC targets
PATENTS = synthetic_target(id="patents_2017", zh="专利达1500件", en="1500 patents", year=2017, value=1500)
PEOPLE = synthetic_target(
    "count",
    "professional_technical_personnel",
    id="people_2017",
    zh="人才13.71万人",
    en="137,100 persons",
    year=2017,
    value=137100,
)
MONEY = synthetic_target("level", "st_expenditure", id="money_2017", zh="支出", en="spending", year=2017, value=8)


def _with_band(target, lower, upper) -> Assessment:
    paths = np.tile(np.r_[[lower] * 50, [upper] * 51][:, None], (1, 5))  # SYNTHETIC: 10% at lower, 90% at upper
    return Assessment(
        target, 2012, "at risk", probability=0.5, forecast=Forecast.from_paths(paths, range(2013, 2018), "x")
    )


def test_bands_at_the_precision_of_their_point():
    assert format_band(0.7771, 2.878, "%", point=1.4) == "0.78–2.88"  # was 0.7771–2.878%
    assert re.fullmatch(r"\d\.\d\d–\d\.\d\d%", band_text(_with_band(SHARE, 0.7, 2.9), "zh"))
    count = band_text(_with_band(PATENTS, 254.5, 22000), "zh")  # was 254.5–20,424 件: half a patent
    assert re.fullmatch(r"\d{3}–\d{2},\d{3} 件", count), count
    money = band_text(_with_band(MONEY, 4.4, 17.0), "en")  # was 4.549–16.63 100 million yuan
    assert re.fullmatch(r"\d\.\d\d–\d\d\.\d\d hundred million yuan", money), money


def test_counts_have_thousands_separators_and_no_decimals():
    assert rule_text(PEOPLE, "zh") == "2017年≥137,100人"  # was 2017年≥137100人
    assert format_number(4174.0, "件") == "4,174" and format_number(1508.518, "件") == "1,509"  # was 1508.518, 4174.000
    assert format_number(1.3137, "%") == "1.31" and format_number(4.549, "亿元") == "4.55"


def test_what_it_takes_growth_to_one_decimal():
    frame = pd.DataFrame(
        {
            "target_id": ["share_2017"] * 4,
            "indicator": ["st_expenditure"] * 4,
            "assumed_growth": [12.0, 8.0, 20.0, 15.0],
            "bound": ["at least"] * 4,
            "needed_growth": [12.0, 8.395, 11.381, 14.87],
            "enough": [True] * 4,
        }
    )
    shown = scenario_table(frame, {"share_2017": SHARE}, "en")
    assert list(shown.iloc[:, -2]) == ["12.0%", "8.4%", "11.4%", "14.9%"]  # was 12.0 / 8.395 / 11.381 / 14.87
    evaluated = scenario_table(
        pd.DataFrame(
            {
                "target_id": ["patents_2017"],
                "rule": ["x"],
                "value_in_target_year": [1508.518],
                "meets": [True],
                "probability": [0.494],
            }
        ),
        {"patents_2017": PATENTS},
        "zh",
    )
    assert list(evaluated.iloc[0])[-3:] == ["1,509 件", "是", "49%"]
    assert format_growth(8.395) == "8.4"


@pytest.mark.parametrize("low, high", [(200, 40000), (0.2, 3)])
def test_log_axes_are_labelled_in_plain_numbers(low, high):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [low, high])
    log_axis(ax)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    plt.close(fig)
    assert labels and all(re.fullmatch(r"[\d,.]+", text) for text in labels), labels


def test_gaps_to_a_growth_target_in_points_to_one_decimal():
    from qy_analysis.reporting.tables import gap_to_target

    growth = synthetic_target(
        "growth", id="g", zh="年均增长15%", en="15% a year", baseline_year=2012, year=2017, rate=15
    )  # SYNTHETIC
    assert gap_to_target(Assessment(growth, None, "met", outcome=40.96), "zh") == "+26.0 个百分点"  # was +25.96
    assert gap_to_target(Assessment(SHARE, None, "missed", outcome=1.3137), "en") == "-0.02 pp"
