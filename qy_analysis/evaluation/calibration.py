"""How much to widen `auto`'s simulated paths so that its 80% intervals cover 80% of outcomes.

Annual-series intervals from fitted models are too narrow (growth rates change more than the models
expect). The backtest measures, for each held-out outcome, the factor by which the interval would have
had to be widened to contain it ("needed spread"); the calibrated factor is the 80th percentile of those.
To keep ex-ante answers honest, one factor is kept per year Y, computed only from outcomes in years <= Y:
an assessment as of 2012 uses what was knowable in 2012. Years with too few outcomes get no widening,
and say so. The table is written by `qy backtest --calibrate` into resources/calibration.json with the
hash of the panel it came from.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

LEVEL = 80
MIN_OUTCOMES = 200
RESOURCE = "resources/calibration.json"


def needed_spread(actual, central, lower, upper, median) -> float:
    """Factor by which deviations from the median path must grow for [lower, upper] to contain `actual`."""
    if actual >= central:
        room = upper - median
        return float((actual - central) / room) if room > 0 else (0.0 if actual == central else np.inf)
    room = median - lower
    return float((central - actual) / room) if room > 0 else np.inf


def spread_table(cases: pd.DataFrame, first_year: int, last_year: int) -> dict[int, dict]:
    """{year: {spread, outcomes}} from backtest cases of `auto` run unwidened (spread=1)."""
    outcome_year = cases["origin"] + cases["h"]
    table = {}
    for year in range(first_year, last_year + 1):
        known = cases.loc[outcome_year <= year, "needed"]
        if len(known) >= MIN_OUTCOMES:
            table[year] = {"spread": round(float(np.quantile(known, LEVEL / 100)), 4), "outcomes": int(len(known))}
    return table


def panel_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_calibration(table: dict[int, dict], panel_path: Path, target: Path) -> None:
    from ..io import write_files_atomically

    doc = {"method": "auto", "level": LEVEL, "min_outcomes": MIN_OUTCOMES, "panel_sha256": panel_hash(panel_path),
           "made_by": "qy backtest --calibrate", "by_year": {str(y): v for y, v in sorted(table.items())}}
    write_files_atomically({target: json.dumps(doc, indent=1, ensure_ascii=False) + "\n"})


@lru_cache(maxsize=1)
def load_calibration() -> dict:
    path = resources.files("qy_analysis").joinpath(RESOURCE)
    if not path.is_file():
        return {"by_year": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def spread_for(year: int | None) -> float:
    """The widening factor knowable in `year` (the latest one if None); 1.0 when none is."""
    entry = calibration_entry(year)
    return entry["spread"] if entry else 1.0


def calibration_entry(year: int | None) -> dict | None:
    table = {int(y): v for y, v in load_calibration()["by_year"].items()}
    usable = [y for y in table if year is None or y <= year]
    return {**table[max(usable)], "year": max(usable)} if usable else None
