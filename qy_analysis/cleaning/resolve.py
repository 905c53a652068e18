"""One value per (region, indicator, year) from several sources, by a stated rule, keeping every
disagreement visible in conflicts.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest.rules import RELIABILITY_PRIORITY

RELATIVE_TOLERANCE = 0.005  # values within 0.5% of each other agree (published figures are rounded differently)
RULE = (
    "most reliable class first ({order}); within a class, the latest edition of the same source, "
    "then the order of data/raw/sources.csv"
).format(order=" > ".join(RELIABILITY_PRIORITY))
CONFLICT_COLUMNS = [
    "region_code",
    "region",
    "indicator",
    "year",
    "value",
    "unit",
    "kept",
    "source_id",
    "reliability",
    "source_ref",
    "file",
    "row",
    "spread",
    "rule",
]


def resolve(rows: pd.DataFrame, source_order: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (one row per cell, conflicts). `rows` have values (missing ones already set aside)."""
    ranked = rows.assign(
        _priority=rows["reliability"].map(RELIABILITY_PRIORITY),
        _order=rows["source_id"].map({s: i for i, s in enumerate(source_order)}),
    )
    ranked = ranked.sort_values(
        ["region_code", "indicator", "year", "_priority", "_order", "source_key", "row"],
        ascending=[True, True, True, True, True, False, True],
        kind="stable",
    )
    cell = ["region_code", "indicator", "year"]
    kept = ranked.drop_duplicates(cell, keep="first")
    several = ranked[ranked.duplicated(cell, keep=False)]
    stats = several.groupby(cell)["value"].agg(["min", "max"])
    spread = (stats["max"] / stats["min"].where(stats["min"] != 0) - 1).abs()
    disagree = spread[(spread > RELATIVE_TOLERANCE) | ((stats["min"] == 0) & (stats["max"] != 0))].index
    conflicts = several.set_index(cell).loc[lambda f: f.index.isin(disagree)].reset_index()
    conflicts["kept"] = ~conflicts.duplicated(cell, keep="first")
    conflicts["spread"] = conflicts.set_index(cell).index.map(spread).astype(float).round(6)
    conflicts["rule"] = RULE
    return kept.drop(columns=["_priority", "_order"]), conflicts[CONFLICT_COLUMNS].reset_index(drop=True)


def agreeing_cells(rows: pd.DataFrame) -> int:
    """How many cells had several sources that agreed (for the run summary)."""
    cell = ["region_code", "indicator", "year"]
    grouped = rows.groupby(cell)["value"].agg(["count", "min", "max"])
    several = grouped[grouped["count"] > 1]
    return int((np.abs(several["max"] / several["min"] - 1) <= RELATIVE_TOLERANCE).sum())
