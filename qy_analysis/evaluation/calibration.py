"""The panel-level correction of `auto`'s intervals, fitted on the panel's backtest, as a build artefact.

`auto`'s interval width at horizon h comes from a series' own rolling-origin errors (forecasting/intervals.py).
On the panel's backtest (run with no calibration) each held-out outcome gives its error on the model scale and
the width the series' own errors gave. For each year Y, using only outcomes in years <= Y (so an assessment as
of 2012 uses what was knowable in 2012):
  spread      = 80th percentile of |error| / (z80 * own sd): the factor that makes 80% intervals cover 80%;
  prior_sd[h] = the panel's conformal sd of errors at h, divided by `spread` (so that spread x prior is the
                panel's own width): the prior a short series' few errors are pooled with.
Years with fewer than MIN_OUTCOMES outcomes get no entry. `make calibration` writes the table to
data/models/calibration.json (`qy backtest --calibrate --out ...`) with the hash of the panel it came from;
callers load it with `load_calibration()` and pass `.as_of(year)` to `forecast(..., calibration=...)`.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..forecasting.calibration import panel_hash
from ..forecasting.intervals import Z80, Calibration, conformal_sd

LEVEL = 80
MIN_OUTCOMES = 200
MAX_H = 6


def calibration_table(cases: pd.DataFrame, first_year: int, last_year: int) -> dict[int, Calibration]:
    """{year: Calibration} from backtest cases of `auto` run with no calibration (columns origin, h,
    z_error, sd)."""
    cases = cases[np.isfinite(cases["z_error"]) & (cases["sd"] > 0)]
    outcome_year = cases["origin"] + cases["h"]
    table = {}
    for year in range(first_year, last_year + 1):
        known = cases[outcome_year <= year]
        if len(known) < MIN_OUTCOMES:
            continue
        spread = float(np.quantile(np.abs(known["z_error"]) / (Z80 * known["sd"]), LEVEL / 100))
        prior = [
            conformal_sd(known.loc[known["h"] == h, "z_error"].to_numpy()) / spread
            for h in range(1, MAX_H + 1)
            if (known["h"] == h).sum() >= 20
        ]
        table[year] = Calibration(year, round(spread, 4), tuple(round(p, 5) for p in prior), len(known))
    return table


def inputs_hash(series_list, options: dict) -> str:
    """sha256 of what a calibration is fitted from: every series the backtest uses (region, indicator, years and
    values) and the backtest's options. A panel change elsewhere (another indicator, a short series, a source
    column) leaves it the same, and the fitted table with it."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for code, indicator, series in series_list:
        digest.update(f"{code}|{indicator}|".encode())
        digest.update(np.asarray(series.index, dtype=np.int64).tobytes())
        digest.update(np.asarray(series.to_numpy(), dtype=np.float64).tobytes())
    return digest.hexdigest()


def refresh_panel_hash(target: Path, panel_path: Path, inputs_sha256: str) -> bool:
    """When the calibration at `target` was fitted on these inputs, record the new panel's hash in it (no refit)
    and return True; False when the inputs differ (or the file predates input hashes)."""
    from ..io import write_files_atomically

    try:
        doc = json.loads(Path(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if doc.get("inputs_sha256") != inputs_sha256:
        return False
    doc["panel_sha256"] = panel_hash(panel_path)
    write_files_atomically({Path(target): json.dumps(doc, indent=1, ensure_ascii=False) + "\n"})
    return True


def write_calibration(table: dict[int, Calibration], panel_path: Path, target: Path, inputs_sha256: str = "") -> None:
    from ..io import write_files_atomically

    doc = {
        "method": "auto",
        "level": LEVEL,
        "min_outcomes": MIN_OUTCOMES,
        "panel_sha256": panel_hash(panel_path),
        "inputs_sha256": inputs_sha256,
        "made_by": "make calibration (qy backtest --calibrate)",
        "by_year": {
            str(y): {"spread": c.spread, "prior_sd": list(c.prior_sd), "outcomes": c.outcomes}
            for y, c in sorted(table.items())
        },
    }
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    write_files_atomically({Path(target): json.dumps(doc, indent=1, ensure_ascii=False) + "\n"})
