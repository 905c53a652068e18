"""The outside view: when a series is too short to say much, how did comparable series grow?

Comparable series are the same indicator in every other region of the panel, using only years up to
`as_of`. Future paths are built from their observed year-on-year changes on the model scale (log for
amounts and counts, logit for shares): each path takes one comparable series and replays a run of its
consecutive changes (wrapping around within that series), so that persistent fast or slow growers stay
fast or slow, as they did.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..cleaning.panel import kind_of, model_series
from ..reference.regions import region_table
from ..forecasting.scales import scale_for

MIN_SAME_LEVEL = 5  # from this many comparable regions of the same level (cities for a city), use only those


@dataclass
class OutsideView:
    changes: list[np.ndarray]   # per comparable series: its annual changes on the model scale
    regions: list[str]
    note: str

    def simulate(self, last_value: float, horizon: int, n_paths: int, rng: np.random.Generator,
                 kind: str) -> np.ndarray:
        scale = scale_for(kind, [last_value])
        picks = rng.integers(0, len(self.changes), n_paths)
        paths = np.empty((n_paths, horizon))
        for p, i in enumerate(picks):
            changes = self.changes[i]
            start = rng.integers(0, len(changes))
            paths[p] = np.take(changes, np.arange(start, start + horizon), mode="wrap")
        return scale.inverse(scale.forward(last_value) + np.cumsum(paths, axis=1))


def comparable_growth(panel: pd.DataFrame, indicator: str, exclude_region: str, as_of: int | None,
                      min_changes: int = 2) -> OutsideView | None:
    """Annual changes of the same indicator in other regions (years <= as_of); None if there are none."""
    kind = kind_of(indicator)
    regions = sorted(set(panel.loc[panel["indicator"] == indicator, "region_code"]) - {exclude_region})
    changes, used = [], []
    for code in regions:
        series, _ = model_series(panel, code, indicator, as_of)
        series = series[series > 0] if kind != "rate" else series
        if len(series) < 2:
            continue
        years = series.index.to_numpy()
        z = scale_for(kind, series.to_numpy()).forward(series.to_numpy())
        consecutive = np.diff(years) == 1
        d = np.diff(z)[consecutive]
        if len(d) >= min_changes:
            changes.append(d)
            used.append(code)
    if not changes:
        return None
    levels = region_table()["level"]
    own_level = levels.get(exclude_region)
    same = [i for i, code in enumerate(used) if levels.get(code) == own_level]
    if len(same) >= MIN_SAME_LEVEL:
        changes, used = [changes[i] for i in same], [used[i] for i in same]
    total = sum(len(c) for c in changes)
    counts = pd.Series([levels.get(code, "other") for code in used]).value_counts().sort_index()
    which = ", ".join(f"{n} {level}" for level, n in counts.items())
    last = "" if as_of is None else f", years up to {as_of}"
    note = f"outside view: {total} annual changes of {indicator} in {len(changes)} other regions ({which}){last}"
    if own_level not in counts.index:
        note += (f"; none of them is a {own_level}: their series are smoother than a {own_level}'s, so the spread "
                 f"and the probability are likely too confident")
    return OutsideView(changes, used, note)
