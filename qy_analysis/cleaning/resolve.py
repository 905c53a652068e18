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
    """Return (one row per cell, conflicts). `rows` have values (missing ones already set aside). The ranking
    sorts the key columns only, and only the kept and the disagreeing rows are taken from `rows` (a large
    export is not copied whole in rank order)."""
    cell = ["region_code", "indicator", "year"]
    ranked = rows[[*cell, "source_key", "row"]].assign(
        _priority=rows["reliability"].map(RELIABILITY_PRIORITY),
        _order=rows["source_id"].map({s: i for i, s in enumerate(source_order)}),
    )
    ranked = ranked.sort_values(
        [*cell, "_priority", "_order", "source_key", "row"],
        ascending=[True, True, True, True, True, False, True],
        kind="stable",
    )
    at = rows.index.get_indexer(ranked.index)
    kept = rows.iloc[at[~ranked.duplicated(cell, keep="first").to_numpy()]]
    several = rows[[c for c in CONFLICT_COLUMNS if c in rows.columns]].iloc[at[ranked.duplicated(cell, keep=False)]]
    return kept, _conflicts(several)


def _conflicts(several: pd.DataFrame) -> pd.DataFrame:
    """One row per disagreeing cell of `several` (cells with more than one record, sorted by cell and then in the
    order `resolve` ranked them): the kept record, how many records, their range, and the others as
    "source_id=value@file:row; ..." in rank order, so the file grows with the cells, not with their duplicates."""
    cell = ["region_code", "indicator", "year"]
    values = several.groupby(cell, sort=False)["value"]
    low, high = values.transform("min").to_numpy(), values.transform("max").to_numpy()
    spread = np.abs(high / np.where(low != 0, low, np.nan) - 1)
    disagree = (spread > RELATIVE_TOLERANCE) | ((low == 0) & (high != 0))
    first = disagree & ~several.duplicated(cell, keep="first").to_numpy()
    rest = disagree & ~first
    starts = np.flatnonzero(np.diff(values.ngroup().to_numpy()[rest], prepend=-1) != 0)  # a cell's rows are adjacent
    separator = np.full(int(rest.sum()), "; ", dtype=object)
    separator[starts] = ""
    described = np.array(
        [
            f"{sep}{source}={value:.12g}@{file}:{row}"
            for sep, source, value, file, row in zip(
                separator, *(several[c].to_numpy()[rest] for c in ("source_id", "value", "file", "row"))
            )
        ],
        dtype=object,
    )
    out = several[first].copy()
    out["n_records"] = np.diff(np.append(starts, len(described))) + 1
    out["min"], out["max"] = low[first], high[first]
    out["spread"] = spread[first].round(6)
    out["others"] = np.add.reduceat(described, starts) if len(starts) else []
    out["rule"] = RULE
    return out[CONFLICT_COLUMNS].reset_index(drop=True)


def agreeing_cells(rows: pd.DataFrame) -> int:
    """How many cells had several sources that agreed (for the run summary)."""
    cell = ["region_code", "indicator", "year"]
    grouped = rows.groupby(cell)["value"].agg(["count", "min", "max"])
    several = grouped[grouped["count"] > 1]
    return int((np.abs(several["max"] / several["min"] - 1) <= RELATIVE_TOLERANCE).sum())
