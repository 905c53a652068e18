"""Work computed once per panel and reused: a national scorecard asks for the same reference class
hundreds of times.

A panel is known by a hash of its content (region, year, indicator, value, derived, flags), computed
once per DataFrame object and checked against its shape, so copies of one panel share the cache and a
different panel never sees another's results. A panel changed in place without changing its shape is
not detected: pass a new DataFrame instead.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd

from ..cleaning.panel import kind_of, model_series
from ..forecasting.scales import scale_for

MAX_ENTRIES = 20_000
KEY_COLUMNS = ["region_code", "year", "indicator", "value", "derived", "flags"]
_KEYS: dict[int, tuple[weakref.ref, tuple, int]] = {}
_CACHE: dict[tuple, object] = {}


def panel_key(panel: pd.DataFrame) -> int:
    """A content hash of the panel, computed once per DataFrame object."""
    known = _KEYS.get(id(panel))
    if known is not None and known[0]() is panel and known[1] == panel.shape:
        return known[2]
    key = int(pd.util.hash_pandas_object(panel[KEY_COLUMNS], index=False).sum())
    _KEYS[id(panel)] = (weakref.ref(panel), panel.shape, key)
    return key


def memo(panel: pd.DataFrame, name: str, args: Hashable, compute: Callable[[], object]):
    """compute(), once per panel content, name and args."""
    key = (panel_key(panel), name, args)
    if key not in _CACHE:
        if len(_CACHE) >= MAX_ENTRIES:
            _CACHE.clear()
        _CACHE[key] = compute()
    return _CACHE[key]


def indicator_matrix(panel: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Regions × every year from first to last: the indicator on its model scale (NaN where unusable).

    The same choice as `model_series` (flagged values left out; published or derived values, whichever
    has more years, as the base, the other filling its gaps), made for all regions at once.
    """
    return memo(panel, "matrix", indicator, lambda: _matrix(panel, indicator))


def _matrix(panel: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = panel[(panel["indicator"] == indicator) & (panel["flags"] == "") & panel["value"].notna()]
    if rows.empty:
        return pd.DataFrame()
    counts = rows.groupby(["region_code", "derived"]).size().unstack(fill_value=0)
    derived_base = counts.get(True, 0) > counts.get(False, 0)
    is_base = rows["derived"].to_numpy() == rows["region_code"].map(derived_base).to_numpy()
    rows = rows.assign(base=is_base).sort_values("base", ascending=False, kind="stable")
    rows = rows.drop_duplicates(["region_code", "year"])
    wide = rows.pivot(index="region_code", columns="year", values="value").sort_index()
    wide = wide.reindex(columns=range(int(wide.columns.min()), int(wide.columns.max()) + 1))
    kind = kind_of(indicator)
    values = wide.to_numpy(dtype=float)
    if kind in ("amount", "count", "persons"):
        values = np.where(values > 0, values, np.nan)
    with np.errstate(all="ignore"):
        z = np.where(np.isnan(values), np.nan, scale_for(kind, [1.0]).forward(values))
    return pd.DataFrame(z, index=wide.index, columns=wide.columns)


def own_series(panel: pd.DataFrame, region: str, indicator: str, as_of: int | None) -> tuple[pd.Series, list[str]]:
    """`model_series` for one region and indicator, reading only its rows (found through an index built once
    per panel) and kept for the next call: the same result as giving it the whole panel, without scanning it."""

    def read():
        slim, where = memo(panel, "rows", None, lambda: _row_index(panel))
        series, notes = model_series(slim.iloc[where.get((region, indicator), [])], region, indicator, as_of)
        return series, notes

    series, notes = memo(panel, "series", (region, indicator, as_of), read)
    return series.copy(), list(notes)


def _row_index(panel: pd.DataFrame):
    slim = panel[["region_code", "indicator", "year", "value", "derived", "flags"]].astype(
        {"region_code": object, "indicator": object, "flags": object}
    )
    return slim, slim.groupby(["region_code", "indicator"], sort=False).indices
