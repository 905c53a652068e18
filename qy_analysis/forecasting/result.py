"""The result of `forecast`: the median is the point forecast; mean, intervals and paths come with it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..notes import Note


@dataclass
class Forecast:
    """`median` (the point forecast), `mean` (finite: paths have finite-variance innovations),
    `interval(level)`, `summary_frame(levels)`, `paths` (n_paths x horizon, original scale), `method`.

    `sd` is the spread of the paths on the model scale at each horizon (what intervals were built from).
    """

    history: pd.Series
    years: list[int]
    central: np.ndarray
    paths: np.ndarray
    method: Note  # how the paths were made, said in words by reference.phrases.render
    scale: str
    levels: tuple[float, ...] = (80, 95)  # default levels of `summary_frame`
    notes: list[Note] = field(default_factory=list)
    sd: np.ndarray | None = None
    weight: float | None = None  # weight on the series' own growth when shrunk toward a reference class

    @classmethod
    def from_paths(
        cls,
        paths: np.ndarray,
        years: Iterable[int],
        method: Note,
        history: pd.Series | None = None,
        scale: str = "",
        notes: list[Note] | None = None,
        weight: float | None = None,
    ) -> Forecast:
        """Paths made by something other than one model (the outside view, a shrunk model), read like any
        Forecast: the median of the paths is the point forecast."""
        history = pd.Series(dtype=float) if history is None else history
        return cls(
            history, list(years), np.median(paths, axis=0), paths, method, scale, notes=list(notes or []), weight=weight
        )

    @property
    def index(self) -> pd.Index:
        return pd.Index(self.years, name="year")

    @property
    def median(self) -> pd.Series:
        return pd.Series(self.central, index=self.index, name="median")

    @property
    def mean(self) -> pd.Series:
        return pd.Series(self.paths.mean(axis=0), index=self.index, name="mean")

    def interval(self, level: float) -> pd.DataFrame:
        tail = (100 - level) / 200
        lower, upper = np.quantile(self.paths, [tail, 1 - tail], axis=0)
        return pd.DataFrame({"lower": lower, "upper": upper}, index=self.index)

    def summary_frame(self, levels: Iterable[float] | None = None) -> pd.DataFrame:
        """One row per year: `mean`, `median`, then `lo-L`, `hi-L` for each level (statsforecast's naming)."""
        frame = pd.DataFrame({"mean": self.mean, "median": self.median})
        for level in levels or self.levels:
            band = self.interval(level)
            frame[f"lo-{level:g}"], frame[f"hi-{level:g}"] = band["lower"], band["upper"]
        return frame
