"""Forecasts on SYNTHETIC series with known answers."""

import numpy as np
import pandas as pd
import pytest

from qy_analysis.forecasting import METHODS, Calibration, InsufficientData, forecast
from qy_analysis.forecasting.intervals import REFERENCE_CAP, REFERENCE_SD

YEARS = range(2005, 2017)


def noisy(rate=0.1, sd=0.05, n=12, start=100.0, seed=1):
    rng = np.random.default_rng(seed)
    return pd.Series(start * (1 + rate) ** np.arange(n) * np.exp(rng.normal(0, sd, n)), index=range(2005, 2005 + n))


@pytest.mark.parametrize("method", METHODS)
def test_every_method_shapes_and_determinism(method):
    y = noisy()
    a = forecast(y, 5, method=method, n_paths=400, seed=3, kind="amount")
    b = forecast(y, 5, method=method, n_paths=400, seed=3, kind="amount")
    assert a.paths.shape == (400, 5) and list(a.mean.index) == [2017, 2018, 2019, 2020, 2021]
    assert np.array_equal(a.paths, b.paths)
    assert (a.paths >= 0).all()
    band = a.interval(80)
    assert list(band.columns) == ["lower", "upper"] and (band.lower <= band.upper).all()
    assert (a.interval(95).lower <= band.lower + 1e-9).all()
    assert str(a.method).startswith(method)


def test_different_seeds_differ():
    y = noisy()
    assert not np.array_equal(forecast(y, 3, seed=0).paths, forecast(y, 3, seed=1).paths)


def test_constant_series():
    y = pd.Series(50.0, index=YEARS)
    for method in ("naive", "drift", "cagr", "auto"):
        fc = forecast(y, 4, method=method, kind="count")
        assert np.allclose(fc.median, 50) and np.allclose(fc.paths, 50)


def test_exact_compound_growth_is_extrapolated_by_cagr():
    y = pd.Series([100 * 1.15**i for i in range(10)], index=range(2008, 2018))
    fc = forecast(y, 3, method="cagr", kind="count")
    assert fc.median.to_numpy() == pytest.approx([100 * 1.15**i for i in (10, 11, 12)])


def _rate(fc) -> float:
    """Average growth of the median over the horizon, from the last observation."""
    return (fc.median.iloc[-1] / fc.history.iloc[-1]) ** (1 / len(fc.years)) - 1


def test_auto_known_answers_exponential_line_constant():
    exponential = pd.Series([100 * 1.15**i for i in range(12)], index=range(2005, 2017))
    assert _rate(forecast(exponential, 5, kind="count")) == pytest.approx(0.15, rel=0.01)
    line = pd.Series(500 + 20.0 * np.arange(12), index=range(2005, 2017))
    slope = np.diff(np.r_[line.iloc[-1], forecast(line, 5, kind="amount").median])
    assert slope == pytest.approx(np.full(5, 20.0), rel=0.01)
    constant = pd.Series(50.0, index=range(2005, 2017))
    assert forecast(constant, 5, kind="count").median.to_numpy() == pytest.approx(np.full(5, 50.0), rel=0.01)


def test_auto_fifteen_percent_has_an_upper_tail_with_a_panel_prior():
    y = pd.Series([100 * 1.15**i for i in range(12)], index=range(2005, 2017))
    prior = Calibration(2016, spread=1.0, prior_sd=(0.05, 0.08, 0.11, 0.14, 0.17), outcomes=500)
    fc = forecast(y, 5, kind="count", calibration=prior)
    assert _rate(fc) == pytest.approx(0.15, rel=0.01)
    frame = fc.summary_frame()
    assert (frame["hi-80"] > frame["median"] * 1.01).all() and (frame["lo-80"] < frame["median"] * 0.99).all()
    assert "outcomes up to 2016" in str(fc.method)


def test_calibration_is_an_explicit_input():
    y = noisy(sd=0.1)
    plain, again = forecast(y, 4), forecast(y, 4, calibration=None)
    assert np.array_equal(plain.paths, again.paths) and "no panel calibration" in str(plain.method)
    wide = forecast(y, 4, calibration=Calibration(2016, spread=2.0))
    width = lambda fc: (fc.interval(80)["upper"] - fc.interval(80)["lower"]).to_numpy()
    assert (width(wide) > 1.5 * width(plain)).all()


EXTREMES = {
    "tiny": 1e-6 * (1 + 0.05 * np.sin(np.arange(15))),
    "huge": 1e12 * 1.03 ** np.arange(15),
    "explosive": 3.0 ** np.arange(15),
    "step": np.r_[np.full(8, 100.0), np.full(7, 1000.0)],
    "crash": np.array([4759, 4501, 5851, 6881, 8115, 7898, 8596, 3443, 3587, 6145, 3536, 245, 4746, 7728.0]),
}


@pytest.mark.parametrize("name", EXTREMES)
def test_mean_is_finite_and_inside_the_95_band_on_extremes(name):
    """Gaussian innovations on the log scale: mean = median x exp(sd^2 / 2), finite, and below hi-95 while
    sd < 3.9; Student-t innovations (before) gave means of 1e7 x the median on such series."""
    values = EXTREMES[name]
    frame = forecast(pd.Series(values, index=range(1990, 1990 + len(values))), 6).summary_frame()
    assert np.isfinite(frame["mean"]).all()
    assert (frame["mean"] >= frame["median"] * 0.99).all() and (frame["mean"] <= frame["hi-95"]).all(), frame


def test_short_noisy_series_band_and_mean_stay_within_what_the_reference_set_did():
    """8 points with log noise 0.4 a year: its few own errors gave a log sd of 2.8 at 6 years (an 80% band
    of 1,400x, a mean 144x the median); the reference set's h-year errors cap the sd at 3x theirs."""
    rng = np.random.default_rng(8)
    fc = forecast(pd.Series(30 * np.exp(np.cumsum(rng.normal(0, 0.4, 8))), index=range(2005, 2013)), 6)
    assert (fc.sd <= REFERENCE_CAP * REFERENCE_SD * np.sqrt(np.arange(1, 7)) + 1e-12).all()
    frame = fc.summary_frame()
    assert (frame["mean"] <= 3 * frame["median"]).all() and (frame["hi-80"] <= 15 * frame["lo-80"]).all()


@pytest.mark.parametrize("method", [m for m in METHODS if m != "arima"])  # statsmodels' ARIMA: any horizon, slow
def test_long_horizons(method):
    assert forecast(noisy(), 35, method=method, n_paths=100).paths.shape == (100, 35)


def test_summary_frame_uses_statsforecast_names():
    frame = forecast(noisy(), 3).summary_frame([50, 80])
    assert list(frame.columns) == ["mean", "median", "lo-50", "hi-50", "lo-80", "hi-80"]
    assert (frame["lo-80"] <= frame["lo-50"]).all() and (frame["hi-50"] <= frame["hi-80"]).all()


def test_declining_counts_stay_positive():
    y = pd.Series([1000 * 0.6**i for i in range(10)], index=range(2008, 2018))
    for method in METHODS:
        assert (forecast(y, 5, method=method, kind="count").paths >= 0).all(), method


@pytest.mark.parametrize("level", [0.3, 99.6])
def test_shares_stay_inside_0_100(level):
    rng = np.random.default_rng(0)
    y = pd.Series(np.clip(level + rng.normal(0, 0.2, 10), 0.01, 99.99), index=range(2008, 2018))
    for method in METHODS:
        paths = forecast(y, 5, method=method, kind="share").paths
        assert (paths >= 0).all() and (paths <= 100).all(), method


def test_counts_with_zeros():
    y = pd.Series([0, 2, 0, 3, 5, 4, 6, 0, 7, 8], index=range(2008, 2018), dtype=float)
    fc = forecast(y, 3, kind="count")
    assert fc.scale == "log1p" and (fc.paths >= 0).all()
    assert forecast(y, 3, method="cagr", kind="count").scale == "log1p"


def test_gaps_are_reported_not_filled():
    y = pd.Series([750.0, 4174, 5589, 5497], index=[2012, 2017, 2018, 2019])
    fc = forecast(y, 2, method="ets", kind="count")
    assert "gaps: 2013, 2014, 2015, 2016 missing (not filled)" in map(str, fc.notes)
    assert str(fc.method) == "cagr (fallback from ets)"
    assert "ets needs at least 6 consecutive points; the series has 3" in map(str, fc.notes)


@pytest.mark.parametrize("n, expected", [(2, "naive (fallback from auto)"), (3, "auto"), (4, "auto")])
def test_short_series_fall_back_with_a_reason(n, expected):
    fc = forecast(pd.Series(np.arange(1.0, n + 1), index=range(2010, 2010 + n)), 3, kind="count")
    assert str(fc.method).startswith(expected)


def test_one_point_cannot_be_forecast():
    with pytest.raises(InsufficientData, match="naive needs at least 2 points; the series has 1"):
        forecast(pd.Series([750.0], index=[2012]), 5)


def test_bad_arguments():
    with pytest.raises(ValueError, match="unknown method 'prophet'"):
        forecast(noisy(), 3, method="prophet")
    with pytest.raises(ValueError, match="horizon must be at least 1"):
        forecast(noisy(), 0)
