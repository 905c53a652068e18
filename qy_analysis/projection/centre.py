"""The panel by class (indicator x level of region), and the panel's centre: what a reference class with few
windows, or a series with no class, is shrunk toward (see outside_view.py).

The centre for a scale (log or logit) is the median over every class on that scale (all indicators and levels,
the provinces' long series among them) of its mean next h-year growth over its windows up to the as-of year,
itself shrunk toward the broad prior's mean by the separate h-year windows the panel has (broad_prior.py).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..cleaning.panel import kind_of
from ..reference.regions import level_of
from .broad_prior import BroadPrior
from .panel_cache import indicator_matrix, memo

SCALE_OF = {
    "amount": "log",
    "count": "log",
    "persons": "log",
    "share": "logit",
    "rate": "identity",
    "index": "identity",
}
LEVELS = ("nation", "province", "prefecture")


def level_matrix(panel: pd.DataFrame, indicator: str, level: str) -> pd.DataFrame:
    """`indicator_matrix` for the regions of one level (computed once)."""

    def select():
        matrix = indicator_matrix(panel, indicator)
        return matrix[[level_of(code) == level for code in matrix.index]] if len(matrix) else matrix

    return memo(panel, "level_matrix", (indicator, level), select)


def indicators_on_scale(panel: pd.DataFrame, scale: str) -> list[str]:
    names = memo(panel, "indicators", None, lambda: sorted(set(panel["indicator"])))
    return [name for name in names if SCALE_OF.get(kind_of(name)) == scale]


def panel_centre(panel: pd.DataFrame, indicator: str, as_of: int, horizon: int, broad: BroadPrior) -> float:
    """The panel's centre on the indicator's scale, from windows up to as_of (computed once per scale)."""
    scale = SCALE_OF[kind_of(indicator)]
    return memo(
        panel, "centre", (scale, as_of, horizon, id(broad)), lambda: _centre(panel, scale, as_of, horizon, broad)
    )


def _centre(panel, scale, as_of, horizon, broad) -> float:
    means, years = [], []
    for name in indicators_on_scale(panel, scale):
        for level in LEVELS:
            matrix = level_matrix(panel, name, level)
            t = [y for y in matrix.columns if y <= as_of]
            if len(t) <= horizon:
                continue
            z = matrix[t].to_numpy()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # a window year no region has: NaN
                by_t = np.nanmean((z[:, horizon:] - z[:, :-horizon]) / horizon, axis=0)
            seen = np.flatnonzero(~np.isnan(by_t))
            if len(seen):
                means.append(float(np.mean(by_t[seen])))
                years += [t[seen[0]], t[seen[-1]]]
    mean = broad.at(horizon)["mean"]
    if not means:
        return mean
    k = broad.window_weight(horizon, (max(years) - min(years)) / horizon + 1)
    return float(k * np.median(means) + (1 - k) * mean)
