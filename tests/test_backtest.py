import json

import numpy as np
import pandas as pd
import pytest

from qy_analysis.evaluation.backtest import THRESHOLDS, evaluate_series, run_backtest, summarise
from qy_analysis.evaluation.calibration import RESOURCE, needed_spread, panel_hash, spread_for, spread_table

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
    panel = panel_from({(f"44{n:02d}00", "patent_applications"): growing(100 + 7 * n, 0.05 * n, 2005, 2016)
                        for n in range(1, 6)})
    seen = []
    cases = run_backtest(panel, methods=("auto",), min_years=10, n_paths=200,
                         progress=lambda i, n, label: seen.append((i, n)))
    assert seen == [(i, 5) for i in range(5)]
    table = summarise(cases)
    assert list(table.index) == ["auto", "naive", "drift", "cagr", "cagr rule (yes/no)", "constant (share met)"]
    met = cases[cases.method == "cagr"][[f"met_{g}" for g in THRESHOLDS]].to_numpy()
    assert table.loc["constant (share met)", "Brier"] == pytest.approx(np.mean(met.var(axis=0)))
    assert 0 <= table.loc["auto", "coverage80"] <= 100


@pytest.mark.parametrize("actual, expected", [(12, 1.0), (14, 2.0), (10, 0.0), (9, 0.5), (6, 2.0)])
def test_needed_spread(actual, expected):
    # central 10, median 10, 80% interval [8, 12]: widening by k covers [10 - 2k, 10 + 2k]
    assert needed_spread(actual, 10, 8, 12, 10) == pytest.approx(expected)


def test_spread_table_uses_only_outcomes_known_by_each_year():
    cases = pd.DataFrame({"origin": [2010] * 300 + [2015] * 300, "h": [1] * 600,
                          "needed": [1.0] * 300 + [3.0] * 300})
    table = spread_table(cases, 2010, 2016)
    assert table[2011]["spread"] == 1.0 and table[2011]["outcomes"] == 300
    assert table[2016]["spread"] == 3.0 and 2010 not in table


def test_shipped_calibration_is_current_and_ex_ante():
    doc = json.loads((ROOT / "qy_analysis" / RESOURCE).read_text(encoding="utf-8"))
    assert doc["panel_sha256"] == panel_hash(ROOT / "data" / "processed" / "panel.csv"), \
        "panel.csv changed since calibration: run `qy backtest --calibrate`"
    years = sorted(int(y) for y in doc["by_year"])
    assert spread_for(years[0] - 1) == 1.0
    assert spread_for(2012) == doc["by_year"]["2012"]["spread"]
    assert spread_for(None) == doc["by_year"][str(years[-1])]["spread"]
