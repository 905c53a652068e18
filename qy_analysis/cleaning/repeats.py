"""Records that repeat another one exactly (same file, source, region, indicator, year, value as written, flags
and notes; only the row differs), as an export that lists its regions again and again does: kept once, with how
many they were in `copies`, so that memory follows the distinct records and not the length of the file.

Only plain records are merged (a value, and no flag, warning, repair or correction): a record with something to
say is kept and reported on its own. Merging keeps the first record (the lowest row), which is the one ranking
by row would keep, so the panel is the same; counts (n_records, class sizes and medians) weigh each record by its
copies, and conflicts.csv lists a repeated record once, with ×copies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COPIES = "copies"
_WHERE = ("row", "column", COPIES)  # what may differ between copies


def copies(rows: pd.DataFrame) -> pd.Series:
    """How many records each row stands for (1 for rows never merged)."""
    return rows[COPIES] if COPIES in rows.columns else pd.Series(1, index=rows.index, dtype=np.int64)


def merge_repeats(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` in their order with each plain record's later repeats taken out and counted in `copies`."""
    weight = copies(rows).to_numpy()
    plain = rows["value"].notna().to_numpy().copy()
    for column in ("flags", "warn", "repair"):
        if column in rows.columns:
            plain &= (rows[column].fillna("") == "").to_numpy()
    cell = [c for c in ("region_code", "region", "indicator", "year", "value") if c in rows.columns]
    plain &= rows.duplicated(cell, keep=False).to_numpy()  # a record alone in its cell with its value repeats none
    if not plain.any():
        return rows.assign(**{COPIES: weight})
    key = [c for c in rows.columns if c not in _WHERE]
    ids = np.full(len(rows), -1, dtype=np.int64)
    ids[plain] = rows.loc[plain, key].groupby(key, sort=False, dropna=False).ngroup().to_numpy()
    total = np.bincount(ids[plain], weights=weight[plain]).astype(np.int64)
    first = ~plain | ~pd.Series(ids).duplicated().to_numpy()
    weight = np.where(plain, total[np.maximum(ids, 0)], weight)
    kept = rows[first] if not first.all() else rows
    return kept.assign(**{COPIES: weight[first]})


def share_texts(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` with each text column's equal texts made one object (a reader builds `source_ref` and its like anew
    for every record), so that a record kept costs its pointers, not copies of its source's texts."""
    shared = {}
    for name, column in rows.items():
        if column.dtype == object or pd.api.types.is_string_dtype(column.dtype):
            codes, distinct = pd.factorize(column)
            if len(distinct) < len(column):
                values = np.asarray(distinct, dtype=object)[codes]
                values[codes < 0] = column.to_numpy(dtype=object)[codes < 0]  # missing as it was (None or NaN)
                shared[name] = pd.Series(values, index=rows.index, dtype=column.dtype)
    return rows.assign(**shared)


def class_medians(values: pd.Series, weight: pd.Series, classes: list) -> pd.Series:
    """Each row's median of `values` over its class (rows grouped by `classes`), each row counted `weight`
    times: what `groupby(classes).transform("median")` gives on the records before they were merged."""
    out = np.full(len(values), np.nan)
    numbers, weights = values.to_numpy(dtype=float), weight.to_numpy()
    for members in values.groupby(classes, sort=False).indices.values():
        member_values = numbers[members]
        present = ~np.isnan(member_values)
        if not present.any():
            continue
        order = np.argsort(member_values[present], kind="stable")
        sorted_values = member_values[present][order]
        cumulative = np.cumsum(weights[members][present][order])
        total = cumulative[-1]
        low, high = np.searchsorted(cumulative, [(total - 1) // 2, total // 2], side="right")
        out[members] = (sorted_values[low] + sorted_values[high]) / 2
    return pd.Series(out, index=values.index)
