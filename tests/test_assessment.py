"""Target assessment (targets/assessment.py) on SYNTHETIC panels with known answers, and on the shipped data."""

import numpy as np
import pytest

from qy_analysis.cleaning.panel import load_panel
from qy_analysis.targets.assessment import STATUS_BANDS, assess, scorecard, status_for
from qy_analysis.targets.spec import Target, default_plan_path, load_targets

from .conftest import ROOT
from .synthetic import growing, panel_from, synthetic_target

CITY = "441800"


def test_exact_15_percent_growth():
    panel = panel_from({(CITY, "patent_applications"): growing(750, 0.15, 2005, 2014)})
    t = synthetic_target(
        "growth",
        unit="%",
        baseline_year=2012,
        baseline_value=panel.value[panel.year == 2012].iloc[0],
        year=2017,
        rate=15,
    )
    cagr = assess(t, panel, method="cagr", prior=None)  # the rule's arithmetic, not shrunk toward the broad prior
    assert cagr.probability == pytest.approx(1.0)
    assert cagr.progress.observed_growth_5y == pytest.approx(15.0)
    level = synthetic_target(year=2017, value=750 * 1.15**12 * 0.999)
    a = assess(level, panel, method="cagr")
    assert a.progress.required_growth == pytest.approx(15.0, abs=0.05)
    assert (
        a.progress.eurostat_ratio == pytest.approx(100, abs=0.5) and a.progress.eurostat_band == "significant progress"
    )
    assert a.progress.un_band == "on track"


def test_constant_series_cannot_reach_a_higher_level():
    panel = panel_from({(CITY, "patent_applications"): {y: 500.0 for y in range(2005, 2015)}})
    a = assess(synthetic_target(year=2017, value=1000), panel)
    assert a.probability == 0.0 and a.status == "off track"
    assert a.progress.observed_growth_5y == pytest.approx(0.0)
    assert a.progress.eurostat_band == "insufficient progress" and a.progress.un_band == "stagnation or regression"


def test_declining_series_moves_away():
    panel = panel_from({(CITY, "patent_applications"): growing(1000, -0.1, 2005, 2014)})
    a = assess(synthetic_target(year=2017, value=1200), panel)
    assert a.probability < 0.05 and a.progress.eurostat_band == "moving away"


def test_ex_post_met_and_missed_and_as_of():
    panel = panel_from({(CITY, "patent_applications"): growing(750, 0.2, 2010, 2018)})
    t = synthetic_target(year=2017, value=1500)
    done = assess(t, panel)
    assert (done.status, done.outcome, str(done.basis)) == ("met", pytest.approx(750 * 1.2**7), "observed")
    assert assess(synthetic_target(year=2017, value=5000), panel).status == "missed"
    before = assess(t, panel, as_of=2014)
    assert before.progress.last_year == 2014 and before.status in ("on track", "at risk", "off track")
    assert 0 <= before.probability <= 1


def test_yearly_minimum_and_monotone():
    panel = panel_from(
        {
            (CITY, "science_popularisation_events"): {2013: 40, 2014: 36, 2015: 30, 2016: 50, 2017: 41},
            (CITY, "st_expenditure"): {2012: 1, 2013: 2, 2014: 3, 2015: 2.5, 2016: 4, 2017: 5},
        }
    )
    minimum = assess(
        synthetic_target("yearly_min", "science_popularisation_events", unit="次", start=2013, year=2017, value=35),
        panel,
    )
    assert minimum.status == "missed" and "2015 (30 < 35)" in str(minimum.notes[-1])
    rising = assess(synthetic_target("monotone", "st_expenditure", unit="亿元", start=2013, year=2017), panel)
    assert rising.status == "missed" and "2015 (3 -> 2.5)" in str(rising.notes[-1])
    ante = assess(synthetic_target("monotone", "st_expenditure", unit="亿元", start=2013, year=2017), panel, as_of=2014)
    assert ante.status in ("on track", "at risk", "off track") and ante.probability < 1


def test_share_targets_and_no_data_and_milestones():
    panel = panel_from(
        {(CITY, "fiscal_st_share"): {y: 1.0 + 0.05 * (y - 2005) for y in range(2005, 2013)}}, derived=True
    )
    share = assess(synthetic_target("share", "fiscal_st_share", unit="%", year=2017, value=1.33), panel)
    assert share.probability > 0.5 and str(share.basis).startswith("own model (auto")
    assert (
        assess(synthetic_target(indicator="st_commissioners", unit="人", year=2017, value=130), panel).status
        == "no data"
    )
    milestone = assess(Target(id="m", clause="二", zh="建成", en="built", kind="milestone", region=CITY), panel)
    assert milestone.status == "milestone" and milestone.probability is None


def test_short_series_uses_the_outside_view():
    others = {(f"44{n:02d}00", "patent_applications"): growing(100 + n, 0.2, 2005, 2012) for n in range(1, 10)}
    panel = panel_from({**others, (CITY, "patent_applications"): {2012: 750.0}})
    a = assess(synthetic_target(year=2017, value=1500), panel, as_of=2012, prior=None)
    assert str(a.basis) == "outside view (1 own point)"
    assert "growth pairs of patent_applications in 9 prefecture regions, years up to 2012" in str(a.notes[-2])
    assert a.probability == pytest.approx(1.0)  # every comparable series grew 20% a year; 1500 needs 14.9%
    # with the broad prior (the default) one 5-year window of 20% a year is mostly taken for its era
    assert assess(synthetic_target(year=2017, value=1500), panel, as_of=2012).probability < 0.5
    shrunk = assess(
        synthetic_target(year=2017, value=1500),
        panel_from({**others, (CITY, "patent_applications"): growing(750, 0.0, 2009, 2012)}),
        as_of=2012,
    )
    assert str(shrunk.basis).startswith("own model (auto") and "shrunk toward the outside view" in str(shrunk.basis)


def test_same_seed_same_answer():
    panel = panel_from({(CITY, "patent_applications"): growing(750, 0.1, 2005, 2014)})
    t = synthetic_target(year=2017, value=1100)
    a, b = assess(t, panel, seed=4), assess(t, panel, seed=4)
    assert a.probability == b.probability and np.array_equal(a.forecast.paths, b.forecast.paths)


def test_status_bands_in_one_place():
    assert [name for name, _ in STATUS_BANDS] == ["on track", "at risk", "off track"]
    assert (status_for(0.9), status_for(0.5), status_for(0.1)) == ("on track", "at risk", "off track")


@pytest.fixture(scope="module")
def shipped():
    return load_targets(default_plan_path()), load_panel(ROOT / "data" / "processed" / "panel.csv")


def test_plan_baselines_are_what_the_assessment_uses(shipped):
    targets, panel = shipped
    card = scorecard(targets, panel, as_of=2012).set_index("target_id")
    assert card.loc["patent_applications_2017", "last_value"] == 750
    assert card.loc["st_commissioners_2017", "last_value"] == 102
    assert card.loc["rd_intensity_2017", "last_value"] == 0.65  # the plan's published share, not 0.634 derived
    assert card.loc["fiscal_st_share_2017", "last_value"] == pytest.approx(1.14, abs=0.005)  # derived, 2007-2012
    assert (card.status != "").all() and len(card) == 49
    assert set(card.status) <= {"on track", "at risk", "off track", "no data", "milestone"}


def test_realised_outcomes(shipped):
    targets, panel = shipped
    card = scorecard(targets, panel).set_index("target_id")
    assert card.loc["patent_applications_2017", ["status", "outcome"]].tolist() == ["met", 4174]
    assert card.loc["fiscal_st_share_2017", "status"] == "missed"
    parts = panel[(panel.region_code == CITY) & (panel.year == 2017) & ~panel.derived].set_index("indicator").value
    assert card.loc["fiscal_st_share_2017", "outcome"] == pytest.approx(
        parts["st_expenditure"] / parts["budget_expenditure"] * 100
    )
    assert card.loc["fiscal_st_share_2017", "outcome"] < 1.33
    assert card.loc["hightech_mfg_share_2017", "status"] == "no data"
