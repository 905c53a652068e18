"""What `qy clean` found for one region (notebook 01): coverage, conflicts, warnings and breaks."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"region_code": str}, keep_default_na=False, na_values={"value": [""]})


def region_report(processed: Path, region: str, indicators=None) -> dict[str, pd.DataFrame]:
    """{'coverage', 'conflicts', 'warnings' (counts by check), 'flags', 'gaps'} for one region."""
    out = {}
    for name in ("coverage", "conflicts", "warnings"):
        table = _read(Path(processed) / f"{name}.csv")
        table = table[table["region_code"] == region]
        if indicators:
            table = table[table["indicator"].isin(indicators)]
        out[name] = table.reset_index(drop=True)
    warnings = out.pop("warnings")
    out["warning_counts"] = warnings.groupby(["check", "indicator"]).size().rename("n").reset_index()
    out["flags"] = warnings[warnings["check"].isin(["suspect", "pre_break", "warn"])][
        ["check", "indicator", "year", "value", "detail"]].reset_index(drop=True)
    out["gaps"] = warnings[warnings["check"] == "published_vs_derived"][["indicator", "year", "detail"]].reset_index(drop=True)
    out["coverage"] = out["coverage"][["indicator", "derived", "first", "last", "n_years", "years", "missing_inside"]]
    out["conflicts"] = out["conflicts"][["indicator", "year", "value", "kept", "source_id", "reliability", "spread"]]
    return out
