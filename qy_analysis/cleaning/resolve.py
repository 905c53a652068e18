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
CONFLICT_COLUMNS = [  # one row per cell where sources disagree; value..row are the record the panel kept
    "region_code",
    "region",
    "indicator",
    "year",
    "unit",
    "value",
    "source_id",
    "reliability",
    "source_ref",
    "file",
    "row",
    "n_records",
    "min",
    "max",
    "spread",
    "others",
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
    return kept.drop(columns=["_priority", "_order"]), _conflicts(ranked[ranked.duplicated(cell, keep=False)])


def _conflicts(several: pd.DataFrame) -> pd.DataFrame:
    """One row per disagreeing cell of `several` (cells with more than one record, in the order `resolve` ranked
    them): the kept record, how many records, their range, and the others as "source_id=value@file:row; ..." in
    rank order, so the file stays as small as the number of cells however many duplicates a cell has."""
    cell = ["region_code", "indicator", "year"]
    several = several.reset_index(drop=True)
    values = several.groupby(cell, sort=False)["value"]
    low, high = values.transform("min"), values.transform("max")
    spread = (high / low.where(low != 0) - 1).abs()
    disagree = several[(spread > RELATIVE_TOLERANCE) | ((low == 0) & (high != 0))]
    first = ~disagree.duplicated(cell, keep="first")
    rest = disagree[~first]
    described = (
        rest["source_id"].astype(str)
        + "="
        + rest["value"].map("{:.12g}".format)
        + "@"
        + rest["file"].astype(str)
        + ":"
        + rest["row"].astype(str)
    )
    grouped = described.groupby([rest[c] for c in cell], sort=False)
    summary = pd.DataFrame({"n_records": grouped.size() + 1, "others": grouped.agg("; ".join)})
    out = disagree[first].join(summary, on=cell)
    out["min"], out["max"] = low[out.index], high[out.index]
    out["spread"] = spread[out.index].astype(float).round(6)
    out["rule"] = RULE
    return out[CONFLICT_COLUMNS].reset_index(drop=True)


def agreeing_cells(rows: pd.DataFrame) -> int:
    """How many cells had several sources that agreed (for the run summary)."""
    cell = ["region_code", "indicator", "year"]
    grouped = rows.groupby(cell)["value"].agg(["count", "min", "max"])
    several = grouped[grouped["count"] > 1]
    return int((np.abs(several["max"] / several["min"] - 1) <= RELATIVE_TOLERANCE).sum())
