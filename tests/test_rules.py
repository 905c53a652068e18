"""Each kind's rule in one place (targets/rules.py): required path, meets, breaks, outcome."""

import numpy as np
import pandas as pd
import pytest

from qy_analysis.targets.rules import Growth, Level, Milestone, Monotone, YearlyMin

from .synthetic import synthetic_target

CITY = "441800"
YEARS = list(range(2012, 2018))


LEVEL = synthetic_target("level", year=2017, value=1500)
GROWTH = synthetic_target("growth", baseline_year=2012, baseline_value=750, year=2017, rate=15)
MINIMUM = synthetic_target("yearly_min", start=2014, year=2017, value=35)
RISING = synthetic_target("monotone", start=2014, year=2017)
MILESTONE = synthetic_target("milestone", year=2015)


def observed(values: dict) -> dict:
    return {y: np.array([v]) for y, v in values.items()}


@pytest.mark.parametrize(
    "t, cls",
    [
        (LEVEL, Level),
        (synthetic_target("share", year=2017, value=1.3), Level),
        (synthetic_target("count", baseline_year=2012, baseline_value=1, year=2017, value=2), Level),
        (GROWTH, Growth),
        (MINIMUM, YearlyMin),
        (RISING, Monotone),
        (MILESTONE, Milestone),
    ],
)
def test_the_target_chooses_its_rule(t, cls):
    assert type(t.rule) is cls and t.rule.target is t


def test_required_paths():
    assert LEVEL.rule.required_path(YEARS).dropna().to_dict() == {2017: 1500}
    growth = GROWTH.rule.required_path(YEARS)
    assert growth.to_numpy() == pytest.approx(750 * 1.15 ** np.arange(6))  # baseline × (1 + rate)^t, not flat
    assert GROWTH.rule.target_level == pytest.approx(1508.5, abs=0.05)
    assert np.isnan(GROWTH.rule.required_path([2011, 2018])).all()
    assert MINIMUM.rule.required_path(YEARS).dropna().to_dict() == {2014: 35, 2015: 35, 2016: 35, 2017: 35}
    assert RISING.rule.required_path(YEARS).isna().all() and RISING.rule.target_level is None
    assert MILESTONE.rule.required_path(YEARS).isna().all() and MILESTONE.rule.years() == []


def test_meets_is_vectorised_over_paths():
    paths = {2012: np.array([750, 750, 800]), 2017: np.array([1508.54, 1400, 1700])}
    assert GROWTH.rule.meets(paths).tolist() == [True, False, True]
    assert LEVEL.rule.meets(paths).tolist() == [True, False, True]
    assert LEVEL.rule.meets({2017: np.array([1500 - 1e-13])})[0]  # equal up to floating-point noise
    yearly = {2014: np.array([35, 40]), 2015: np.array([36, 34]), 2016: np.array([40, 50]), 2017: np.array([35, 60])}
    assert MINIMUM.rule.meets(yearly).tolist() == [True, False]
    rising = {
        2013: np.array([1, 1]),
        2014: np.array([2, 2]),
        2015: np.array([3, 2]),
        2016: np.array([4, 3]),
        2017: np.array([5, 4]),
    }
    assert RISING.rule.meets(rising).tolist() == [True, False]
    with pytest.raises(NotImplementedError):
        MILESTONE.rule.meets({})


def test_breaks_name_the_years():
    series = pd.Series({2012: 750.0, 2013: 30.0, 2014: 36.0, 2015: 34.0, 2016: 34.0, 2017: 1400.0})
    assert LEVEL.rule.breaks(series) == ["2017 (1400 < 1500)"]
    assert GROWTH.rule.breaks(series) == ["2017 (13.3% a year < 15%)"]
    assert MINIMUM.rule.breaks(series) == ["2015 (34 < 35)", "2016 (34 < 35)"]
    assert RISING.rule.breaks(series) == ["2015 (36 -> 34)", "2016 (34 -> 34)"]
    assert LEVEL.rule.breaks(series.replace(1400.0, 1600.0)) == []
    assert MINIMUM.rule.per_year and RISING.rule.per_year and not LEVEL.rule.per_year


def test_outcomes():
    values = observed({2012: 750, 2017: 750 * 1.2**5})
    assert GROWTH.rule.outcome(values) == pytest.approx(20.0)  # average growth, % a year
    assert LEVEL.rule.outcome(values) == pytest.approx(750 * 1.2**5)
    assert MINIMUM.rule.outcome(values) == pytest.approx(750 * 1.2**5)


def test_describe():
    assert LEVEL.rule.describe() == ">= 1,500 in 2017"  # a count of things needs no unit in English
    assert GROWTH.rule.describe() == ">= 15% a year, 2012-2017"
    assert MINIMUM.rule.describe() == ">= 35 every year 2014-2017"
    assert RISING.rule.describe() == "rises every year 2014-2017"
    assert MILESTONE.rule.describe() == "milestone by 2015"


def test_at_most_forgives_float_noise_as_at_least_does():
    from qy_analysis.targets.rules import at_least, at_most

    bound = 100_000.0
    assert at_least(bound * (1 - 1e-12), bound) and not at_least(bound * (1 - 1e-6), bound)
    assert at_most(bound * (1 + 1e-12), bound) and not at_most(bound * (1 + 1e-6), bound)
    assert at_most(-5.0 + 1e-12, -5.0) and at_least(0.0, 0.0)


def test_tolerance_quantile_and_kind_names_are_each_defined_once():
    """One float-tolerance rule (rules.at_least), one normal 80% quantile (intervals.Z80), one name per meaning."""
    import re

    from .conftest import ROOT

    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "qy_analysis").rglob("*.py")}
    found = lambda pattern: sorted(p.name for p, text in sources.items() if re.search(pattern, text))  # noqa: E731
    assert found(r"1\.28155|ppf\(0\.9\)") == ["intervals.py"]
    assert found(r"1e-12\)|- 1e-9|\+ 1e-9") == []  # tolerance written inline
    assert found(r"\bLEVEL_KINDS\b") == []
