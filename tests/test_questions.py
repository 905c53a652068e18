"""Question backtest and proper scores, on SYNTHETIC panels and made-up forecasts with known answers."""

import numpy as np
import pytest

from qy_analysis.evaluation.questions import question_backtest, region_questions
from qy_analysis.evaluation.scores import PlattMap, brier, decomposition, reliability_table
from qy_analysis.targets.assessment import assess
from qy_analysis.targets.spec import Target

from .synthetic import panel_from
from .test_outside_view import synthetic_cities


def test_murphy_decomposition_adds_up_when_forecasts_are_constant_in_bins():
    rng = np.random.default_rng(0)
    p = rng.choice([0.05, 0.25, 0.45, 0.65, 0.85], 5000)
    met = rng.random(5000) < np.clip(p + 0.1, 0, 1)
    d = decomposition(p, met)
    assert d["brier"] == pytest.approx(d["reliability"] - d["resolution"] + d["uncertainty"])
    assert d["reliability"] == pytest.approx(0.01, abs=0.003)  # every bin is 10 points too low
    table = reliability_table(p, met)
    assert table["n"].sum() == 5000 and len(table) == 10


def test_platt_map_undoes_overconfidence():
    rng = np.random.default_rng(1)
    truth = rng.uniform(0.02, 0.98, 20000)
    met = rng.random(20000) < truth
    logit = np.log(truth / (1 - truth))
    overconfident = 1 / (1 + np.exp(-2 * logit))
    fitted = PlattMap().fit(overconfident, met)
    assert fitted.b == pytest.approx(0.5, abs=0.05) and abs(fitted.a) < 0.05
    assert brier(fitted(overconfident), met) < brier(overconfident, met)


@pytest.fixture(scope="module")
def cities():
    return panel_from(synthetic_cities(False, n=12))


def test_engine_probability_is_the_assessment_probability(cities):
    rows = region_questions(("610300", "patent_applications"), cities, as_of_years=[2008], horizons=[4])
    row = next(r for r in rows if r["parameter"] == 10)
    base = cities[(cities.region_code == "610300") & (cities.year == 2008)].value.iloc[0]
    target = Target(
        id="q",
        clause="",
        zh="",
        en="",
        kind="growth",
        region="610300",
        indicator="patent_applications",
        unit="%",
        baseline_year=2008,
        baseline_value=base,
        year=2012,
        rate=10,
    )
    assert assess(target, cities, as_of=2008, n_paths=500).probability == pytest.approx(row["p_engine"])


def test_calls_use_only_what_was_known(cities):
    qs = question_backtest(cities, as_of_years=range(2003, 2010), horizons=(3,))
    later = cities.copy()
    later.loc[later.year >= 2010, "value"] *= 3  # the future changes; calls as of 2006 and before must not
    again = question_backtest(later, as_of_years=range(2003, 2010), horizons=(3,))
    early = qs.as_of <= 2006
    assert np.array_equal(qs.loc[early, "p_engine"], again.loc[early, "p_engine"])
    assert not np.array_equal(qs.loc[~early, "met"], again.loc[~early, "met"])
    for as_of, rows in qs.dropna(subset=["p_constant"]).groupby("as_of"):
        assert rows.p_constant.iloc[0] == pytest.approx(qs[qs.as_of + qs.h <= as_of].met.mean())


def test_dask_gives_the_local_answer(cities):
    local = question_backtest(cities, as_of_years=[2006, 2008], horizons=(3,))
    remote = question_backtest(cities, as_of_years=[2006, 2008], horizons=(3,), executor="dask")
    assert local.equals(remote)


def test_era_table_reports_each_era_apart_with_the_worse_first():
    """Made-up probabilities: early questions answered badly, late ones well; the early era is the headline."""
    import pandas as pd

    from qy_analysis.evaluation.questions import era_table

    met = np.tile([True, False], 200)
    qs = pd.DataFrame(
        {
            "as_of": np.repeat([2010, 2015], 200),
            "h": 3,
            "region": np.arange(400).astype(str),
            "indicator": "x",
            "met": met,
            "p_constant": 0.5,
            "in_band80": True,
            "p_engine": np.where(np.arange(400) < 200, np.where(met, 0.2, 0.8), np.where(met, 0.9, 0.1)),
            "p_prior": 0.6,
        }
    )
    table = era_table(qs)
    assert list(table.index) == ["asked up to 2012", "asked from 2013"]
    assert table.loc["asked up to 2012", "engine"] == pytest.approx(0.64)
    assert table.loc["asked from 2013", "engine_vs_constant"] == pytest.approx(0.01 / 0.25)
    assert table.loc["asked from 2013", "prior_alone"] == pytest.approx(0.26)
