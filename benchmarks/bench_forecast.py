"""Benchmark the forecasts and the target engine; prints figures (issue 3).

1. Backtest table on the shipped panel (method × metric): the fast methods on every series with at least
   10 years, statsmodels' ets on every 4th series (50 ms a fit). M3 yearly: bench_m3.py.
2. The same on real annual series the method has never seen, shipped with statsmodels: World Bank
   fertility rates (every 3rd country, last 20 years), Longley's US macro series (1947-1962) and the US
   macro data (values of each year's 4th quarter, last 20 years).
3. Speed: assessing every plan target (as of 2012 and latest; aim < 5 s) and 10,000 paths for one
   target (aim < 0.5 s).
Aims: auto beats the best of naive, drift and cagr on MASE; its 80% intervals cover 75-85%; its Brier
score beats both the compound-growth rule and the best constant probability.
Run: .venv/bin/python benchmarks/bench_forecast.py   (about 5 minutes on 2 cores)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qy_analysis.cleaning.panel import load_panel  # noqa: E402
from qy_analysis.evaluation.backtest import evaluate_series, run_backtest, summarise  # noqa: E402
from qy_analysis.forecasting.calibration import load_calibration  # noqa: E402
from qy_analysis.targets.assessment import assess, scorecard_rows  # noqa: E402
from qy_analysis.targets.spec import default_plan_path, load_targets  # noqa: E402

FAST = ("naive", "drift", "cagr", "loglinear", "theta", "damped", "auto")
pd.set_option("display.width", 160)


def show(title: str, table: pd.DataFrame, seconds: float) -> None:
    print(f"\n{title}  ({seconds:.0f} s)")
    print(table.round(3).to_string())


def unseen_series() -> list[tuple[str, pd.Series]]:
    import statsmodels.api as sm

    out = []
    fertility = sm.datasets.fertility.load_pandas().data.set_index("Country Name")
    years = [c for c in fertility.columns if c.isdigit()][-20:]
    for country in fertility.index[::3]:
        s = fertility.loc[country, years].astype(float).dropna()
        if len(s) >= 12:
            out.append((f"fertility {country}", pd.Series(s.to_numpy(), index=[int(y) for y in s.index])))
    longley = sm.datasets.longley.load_pandas().data
    for column in ("TOTEMP", "GNPDEFL", "GNP", "UNEMP", "ARMED", "POP"):
        out.append((f"longley {column}", pd.Series(longley[column].to_numpy(), index=longley.YEAR.astype(int))))
    macro = sm.datasets.macrodata.load_pandas().data
    q4 = macro[macro.quarter == 4].set_index(macro[macro.quarter == 4].year.astype(int)).iloc[-20:]
    for column in ("realgdp", "realcons", "realinv", "realgovt", "realdpi", "cpi", "m1", "pop"):
        out.append((f"macro {column}", q4[column].astype(float)))
    return out


def main() -> None:
    panel = load_panel(ROOT / "data" / "processed" / "panel.csv")
    start = time.perf_counter()
    calibration = load_calibration()  # data/models/calibration.json; each origin uses what was known then
    cases = run_backtest(panel, methods=FAST, n_paths=500, calibration=calibration)
    show("1a. Shipped panel, every series with >= 10 years", summarise(cases), time.perf_counter() - start)

    start = time.perf_counter()
    sample = run_backtest(
        panel[panel.region_code.isin(sorted(panel.region_code.unique())[::4])],
        methods=("theta", "damped", "ets"),
        n_paths=500,
    )
    show(
        "1b. statsmodels ets (with theta and damped), every 4th region", summarise(sample), time.perf_counter() - start
    )

    start = time.perf_counter()
    parts = [
        evaluate_series(s, "amount", FAST, n_paths=500).assign(region_code=name, indicator="unseen")
        for name, s in unseen_series()
    ]
    unseen = pd.concat(parts, ignore_index=True)
    show(
        f"2. Never-seen real annual series ({unseen.region_code.nunique()} series)",
        summarise(unseen),
        time.perf_counter() - start,
    )

    targets = load_targets(default_plan_path())
    start = time.perf_counter()
    scorecard_rows(
        *([assess(t, panel, as_of=y, calibration=calibration) for t in targets.values()] for y in (2012, None))
    )
    print(
        f"\n3. Assess all {len(targets)} targets, as of 2012 and latest: "
        f"{time.perf_counter() - start:.2f} s (aim < 5 s)"
    )
    for target_id in ("fiscal_st_share_2017", "patent_applications_2017"):
        start = time.perf_counter()
        result = assess(targets[target_id], panel, as_of=2012, n_paths=10_000, calibration=calibration)
        print(
            f"   10,000 paths for {target_id} ({str(result.basis)[:40]}...): "
            f"{time.perf_counter() - start:.2f} s (aim < 0.5 s)"
        )


if __name__ == "__main__":
    main()
