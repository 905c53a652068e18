"""One value per (region, indicator, year) from several sources, by a stated rule, keeping every
disagreement visible in conflicts.csv."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..ingest.rules import RELIABILITY_PRIORITY
from .repeats import COPIES, copies

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


def _codes(column: pd.Series, ascending: bool = True) -> np.ndarray:
    """Integer sort keys of a column: the rank of each value among the distinct ones, missing last (as
    sort_values orders them), so a large export is ranked on integers, not on its strings."""
    codes, distinct = pd.factorize(column, sort=True)
    return np.where(codes < 0, len(distinct), codes if ascending else len(distinct) - 1 - codes)


def resolve(rows: pd.DataFrame, source_order: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (one row per cell, conflicts). `rows` have values (missing ones already set aside). Rows are
    ranked within each cell by reliability class, registry order, latest edition (source_key descending) and
    row; only the kept and the several-record cells' rows are then taken from `rows`."""
    cell = [_codes(rows[c]) for c in ("region_code", "indicator", "year")]
    order = np.lexsort(
        [
            _codes(rows["row"]),
            _codes(rows["source_key"], ascending=False),
            _codes(rows["source_id"].map({s: i for i, s in enumerate(source_order)})),
            _codes(rows["reliability"].map(RELIABILITY_PRIORITY)),
            *cell[::-1],
        ]
    )
    starts = np.ones(len(order), dtype=bool)  # the first (kept) row of each cell in rank order
    for codes in cell:
        starts[1:] &= codes[order][1:] == codes[order][:-1]
    starts[1:], starts[:1] = ~starts[1:], True
    first_at = np.flatnonzero(starts)
    value = rows["value"].to_numpy(dtype=float)[order]
    low, high = (
        (np.minimum.reduceat(value, first_at), np.maximum.reduceat(value, first_at)) if len(value) else (value, value)
    )
    several = np.repeat(_spread(low, high)[1], np.diff(np.append(first_at, len(order))))  # cells that disagree
    kept = rows.iloc[order[starts]]
    columns = [c for c in [*CONFLICT_COLUMNS, COPIES] if c in rows.columns]
    return kept, _conflicts(rows[columns].iloc[order[several]])


def _spread(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(relative spread, whether the values disagree) of cells from their lowest and highest value."""
    spread = np.abs(high / np.where(low != 0, low, np.nan) - 1)
    return spread, (spread > RELATIVE_TOLERANCE) | ((low == 0) & (high != 0))


def _conflicts(several: pd.DataFrame) -> pd.DataFrame:
    """One row per disagreeing cell of `several` (cells with more than one record, sorted by cell and then in the
    order `resolve` ranked them): the kept record, how many records, their range, and the others as
    "source_id=value@file:row; ..." in rank order (×k after a record repeated k times in its file, repeats.py),
    so the file grows with the cells, not with their duplicates."""
    cell = ["region_code", "indicator", "year"]
    values = several.groupby(cell, sort=False)["value"]
    low, high = values.transform("min").to_numpy(), values.transform("max").to_numpy()
    spread, disagree = _spread(low, high)
    first = disagree & ~several.duplicated(cell, keep="first").to_numpy()
    rest = disagree & ~first
    starts = np.flatnonzero(np.diff(values.ngroup().to_numpy()[rest], prepend=-1) != 0)  # a cell's rows are adjacent
    separator = np.full(int(rest.sum()), "; ", dtype=object)
    separator[starts] = ""
    weight = copies(several).to_numpy()
    described = np.array(
        [
            f"{sep}{source}={value:.12g}@{file}:{row}{f'×{k}' if k > 1 else ''}"
            for sep, source, value, file, row, k in zip(
                separator, *(several[c].to_numpy()[rest] for c in ("source_id", "value", "file", "row")), weight[rest]
            )
        ],
        dtype=object,
    )
    out = several[first].copy()
    records = copies(several).groupby([several[c] for c in cell], sort=False).transform("sum")
    out["n_records"] = records.to_numpy()[first]
    out["min"], out["max"] = low[first], high[first]
    out["spread"] = spread[first].round(6)
    out["others"] = np.add.reduceat(described, starts) if len(starts) else []
    out["rule"] = RULE
    return out[CONFLICT_COLUMNS].reset_index(drop=True)


def agreeing_cells(rows: pd.DataFrame) -> int:
    """How many cells had several records that agreed (for the run summary)."""
    keys = [rows[c] for c in ("region_code", "indicator", "year")]
    values = rows["value"].groupby(keys)
    several = (copies(rows).groupby(keys).sum() > 1).to_numpy()
    low, high = values.min().to_numpy()[several], values.max().to_numpy()[several]
    return int((np.abs(high / low - 1) <= RELATIVE_TOLERANCE).sum())
