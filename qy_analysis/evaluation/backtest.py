"""Rolling-origin evaluation of the forecast methods over every long-enough series of the panel.

For each series (region × indicator with at least `min_years` usable years) and each origin year, every
method forecasts up to `max_horizon` years from the data up to the origin only; each later observation
then scores: MASE (absolute error over the in-sample mean absolute year-on-year change), sMAPE, whether
the 80% and 95% intervals covered it, and, for target-style questions "will the value h years ahead be at
least x", the Brier score of the method's probability, for x = last value × (1+g)^h over several g.
The compound-growth rule (cagr's point forecast as a yes/no call) and the best constant probability (the
share of all questions that came true) are scored on the same questions. `auto` gets, at each origin, the
calibration knowable then (`calibration.as_of(origin)`); each case also keeps the error on the model scale
(`z_error`) and `auto`'s spread there (`sd`), from which calibration.py fits the next calibration.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..cleaning.panel import kind_of, model_series
from ..errors import InsufficientData
from ..forecasting import forecast
from ..forecasting.calibration import CalibrationTable
from ..forecasting.scales import scale_for
from .calibration import calibration_table, inputs_hash, write_calibration

BASELINES = ("naive", "drift", "cagr")
THRESHOLDS = (0.0, 0.05, 0.10, 0.15)  # annual growth a target might ask for
FORECAST_KINDS = ("amount", "count", "persons", "share")  # kinds forecast on their level (not growth rates)


def panel_series(panel: pd.DataFrame, min_years: int = 10, indicators=None) -> list[tuple[str, str, pd.Series]]:
    """(region_code, indicator, series) for every region × indicator with enough usable years."""
    out = []
    keys = panel[["region_code", "indicator"]].drop_duplicates().sort_values(["region_code", "indicator"])
    for code, indicator in keys.itertuples(index=False):
        if indicators is not None and indicator not in indicators:
            continue
        if kind_of(indicator) not in FORECAST_KINDS:
            continue
        series, _ = model_series(panel, code, indicator)
        if len(series) >= min_years:
            out.append((code, indicator, series))
    return out


def evaluate_series(
    series: pd.Series,
    kind: str,
    methods,
    min_train: int = 6,
    max_horizon: int = 5,
    n_paths: int = 500,
    seed: int = 0,
    calibration: CalibrationTable | None = None,
) -> pd.DataFrame:
    """One row per (origin, method, horizon) with the forecast, the outcome and the scores' ingredients."""
    years = np.asarray(series.index, dtype=int)
    values = series.to_numpy(dtype=float)
    rows = []
    for k in range(min_train, len(years)):
        train = series.iloc[:k]
        origin, last = years[k - 1], values[k - 1]
        scale = np.mean(np.abs(np.diff(train.to_numpy()) / np.diff(train.index.to_numpy())))
        future = {int(y): v for y, v in zip(years[k:], values[k:]) if y - origin <= max_horizon}
        if not future or scale == 0:
            continue
        horizon = max(future) - origin
        model_scale = scale_for(kind, train.to_numpy())
        known = calibration.as_of(int(origin)) if calibration is not None else None
        for method in methods:
            try:
                fc = forecast(train, horizon, method=method, n_paths=n_paths, seed=seed, kind=kind, calibration=known)
            except InsufficientData:
                continue
            i80, i95 = fc.interval(80), fc.interval(95)
            for year, actual in future.items():
                h = year - origin
                point = fc.central[h - 1]
                row = {
                    "origin": origin,
                    "method": method,
                    "h": h,
                    "actual": actual,
                    "point": point,
                    "abs_scaled": abs(point - actual) / scale,
                    "smape": 200 * abs(point - actual) / (abs(point) + abs(actual)) if point or actual else 0.0,
                    "in80": i80.loc[year, "lower"] <= actual <= i80.loc[year, "upper"],
                    "in95": i95.loc[year, "lower"] <= actual <= i95.loc[year, "upper"],
                    "z_error": float(model_scale.forward(actual) - model_scale.forward(point)),
                    "sd": fc.sd[h - 1] if fc.sd is not None else np.nan,
                }
                for g in THRESHOLDS:
                    bar = last * (1 + g) ** h
                    row[f"p_{g}"] = float(np.mean(fc.paths[:, h - 1] >= bar))
                    row[f"call_{g}"] = float(point >= bar)
                    row[f"met_{g}"] = float(actual >= bar)
                rows.append(row)
    return pd.DataFrame(rows)


def run_backtest(
    panel: pd.DataFrame,
    methods=("naive", "drift", "cagr", "auto"),
    min_years: int = 10,
    indicators=None,
    progress=None,
    **kwargs,
) -> pd.DataFrame:
    """Every case of every series; `progress(i, n, label)` is called per series when given."""
    methods = list(dict.fromkeys([*methods, *BASELINES]))
    series_list = panel_series(panel, min_years, indicators)
    parts = []
    for i, (code, indicator, series) in enumerate(series_list):
        if progress:
            progress(i, len(series_list), f"{code} {indicator}")
        cases = evaluate_series(series, kind_of(indicator), methods, **kwargs)
        if len(cases):
            parts.append(cases.assign(region_code=code, indicator=indicator))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def probabilities(cases: pd.DataFrame, method: str = "auto") -> tuple[np.ndarray, np.ndarray]:
    """(probability, met) of every "will it grow at least g a year" question one method answered."""
    rows = cases[cases["method"] == method]
    return (
        rows[[f"p_{g}" for g in THRESHOLDS]].to_numpy().ravel(),
        rows[[f"met_{g}" for g in THRESHOLDS]].to_numpy().ravel(),
    )


def summarise(cases: pd.DataFrame) -> pd.DataFrame:
    """Method × metric: MASE, sMAPE, interval coverage, Brier; plus the cagr rule and the constant."""
    rows = []
    for method, group in cases.groupby("method", sort=False):
        probs = group[[f"p_{g}" for g in THRESHOLDS]].to_numpy()
        met = group[[f"met_{g}" for g in THRESHOLDS]].to_numpy()
        rows.append(
            {
                "method": method,
                "cases": len(group),
                "series": group.groupby(["region_code", "indicator"]).ngroups,
                "MASE": group["abs_scaled"].mean(),
                "sMAPE": group["smape"].mean(),
                "coverage80": group["in80"].mean() * 100,
                "coverage95": group["in95"].mean() * 100,
                "Brier": np.mean((probs - met) ** 2),
            }
        )
    first = cases[cases["method"] == "cagr"]
    met = first[[f"met_{g}" for g in THRESHOLDS]].to_numpy()
    calls = first[[f"call_{g}" for g in THRESHOLDS]].to_numpy()
    rows.append({"method": "cagr rule (yes/no)", "cases": len(first), "Brier": np.mean((calls - met) ** 2)})
    rows.append(
        {"method": "constant (share met)", "cases": len(first), "Brier": np.mean((met.mean(axis=0) - met) ** 2)}
    )
    return pd.DataFrame(rows).set_index("method")


def calibration_inputs(panel: pd.DataFrame, min_years: int = 10, indicators=None, **backtest_options) -> str:
    """The hash of what fit_calibration reads from `panel` with these options (evaluation.calibration.inputs_hash)."""
    options = {"min_years": min_years, "indicators": sorted(indicators) if indicators else None, **backtest_options}
    return inputs_hash(panel_series(panel, min_years, indicators), options)


def fit_calibration(
    panel: pd.DataFrame,
    panel_path: Path,
    target: Path,
    min_years: int = 10,
    indicators=None,
    progress=None,
    **backtest_options,
) -> dict:
    """Backtest `auto` with no calibration over the panel, fit the table and write it to `target` with the hash
    of its inputs."""
    cases = run_backtest(
        panel,
        methods=["auto"],
        calibration=None,
        min_years=min_years,
        indicators=indicators,
        progress=progress,
        **backtest_options,
    )
    auto = cases[cases["method"] == "auto"]
    table = calibration_table(auto, int(auto["origin"].min()), int((auto["origin"] + auto["h"]).max()))
    write_calibration(table, panel_path, target, calibration_inputs(panel, min_years, indicators, **backtest_options))
    return table
