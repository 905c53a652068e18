import json

import numpy as np
import pandas as pd
import pytest

from qy_analysis.evaluation.backtest import THRESHOLDS, evaluate_series, run_backtest, summarise
from qy_analysis.evaluation.calibration import calibration_table
from qy_analysis.forecasting.calibration import default_path, load_calibration, panel_hash
from qy_analysis.forecasting.intervals import Z80

from .conftest import ROOT
from .synthetic import growing, panel_from


def test_linear_series_scores():
    y = pd.Series(100.0 + 10 * np.arange(12), index=range(2005, 2017))
    cases = evaluate_series(y, "count", ["naive", "drift"], min_train=6, max_horizon=3)
    drift = cases[cases.method == "drift"]
    assert drift.abs_scaled.max() == pytest.approx(0, abs=1e-9) and drift.in80.all()
    naive = cases[cases.method == "naive"]
    assert naive.groupby("h").abs_scaled.mean().tolist() == pytest.approx([1.0, 2.0, 3.0])
    assert set(cases.origin) == set(range(2010, 2016))
    assert (cases[f"met_{THRESHOLDS[0]}"] == 1).all()  # the series always rose


def test_summary_has_methods_rule_and_constant():
    panel = panel_from(
        {(f"44{n:02d}00", "patent_applications"): growing(100 + 7 * n, 0.05 * n, 2005, 2016) for n in range(1, 6)}
    )
    seen = []
    cases = run_backtest(
        panel, methods=("auto",), min_years=10, n_paths=200, progress=lambda i, n, label: seen.append((i, n))
    )
    assert seen == [(i, 5) for i in range(5)]
    table = summarise(cases)
    assert list(table.index) == ["auto", "naive", "drift", "cagr", "cagr rule (yes/no)", "constant (share met)"]
    met = cases[cases.method == "cagr"][[f"met_{g}" for g in THRESHOLDS]].to_numpy()
    assert table.loc["constant (share met)", "Brier"] == pytest.approx(np.mean(met.var(axis=0)))
    assert 0 <= table.loc["auto", "coverage80"] <= 100


def test_calibration_table_uses_only_outcomes_known_by_each_year():
    # own sd 1; errors needing x1 (outcomes in 2011), then x3 (outcomes in 2016)
    cases = pd.DataFrame(
        {
            "origin": [2010] * 300 + [2015] * 300,
            "h": [1] * 600,
            "sd": [1.0] * 600,
            "z_error": [Z80] * 150 + [-Z80] * 150 + [3 * Z80] * 300,
        }
    )
    table = calibration_table(cases, 2010, 2016)
    assert 2010 not in table and table[2011].spread == pytest.approx(1.0) and table[2011].outcomes == 300
    assert table[2011].prior_sd == pytest.approx((1.0,))  # the panel's conformal sd at h=1, over the spread
    assert table[2016].spread == pytest.approx(3.0) and table[2016].prior_sd == pytest.approx((1.0,))


def test_backtest_keeps_model_scale_errors_for_calibration():
    y = pd.Series(100.0 * 1.1 ** np.arange(12), index=range(2005, 2017))
    cases = evaluate_series(y, "count", ["auto"], min_train=6, max_horizon=3)
    assert cases.z_error.to_numpy() == pytest.approx(np.log(cases.actual / cases.point).to_numpy())  # log scale
    assert cases.z_error.abs().max() < 0.05 and (cases.sd >= 0).all()


def test_shipped_calibration_is_current_and_ex_ante():
    path = ROOT / "data" / "models" / "calibration.json"
    assert path == default_path()
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["panel_sha256"] == panel_hash(ROOT / "data" / "processed" / "panel.csv"), (
        "data/processed/panel.csv changed since the calibration was fitted: run `make calibration`"
    )
    table = load_calibration(path)
    years = sorted(table.by_year)
    assert table.as_of(years[0] - 1) is None
    assert table.as_of(2012).year == max(y for y in years if y <= 2012)
    assert table.as_of(None).year == years[-1] and table.as_of(None).spread > 0


def test_a_zero_outcome_after_positive_years_leaks_no_numpy_warning():
    """make run printed "RuntimeWarning: divide by zero encountered in log" (a count that fell to 0): the log
    of a zero outcome is -inf, left out of the calibration, and said by no warning."""
    import warnings

    y = pd.Series([5, 6, 7, 8, 9, 10, 11, 12, 0, 13.0], index=range(2005, 2015))  # SYNTHETIC
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        cases = evaluate_series(y, "count", ["auto", "naive"], n_paths=100)
    assert len(cases) and not np.isfinite(cases.z_error).all()
