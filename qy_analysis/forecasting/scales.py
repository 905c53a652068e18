"""Scales on which series are modelled so that forecasts stay possible: log for amounts and counts
(positive), logit for shares (inside 0-100), none for growth rates and indices."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

SHARE_EPS = 1e-4  # shares at exactly 0 or 100 are moved this far inside before the logit


class Scale:
    name = "identity"
    lower, upper = -np.inf, np.inf

    def forward(self, y: npt.ArrayLike) -> np.ndarray:
        return np.asarray(y, dtype=float)

    def inverse(self, z: npt.ArrayLike) -> np.ndarray:
        return np.asarray(z, dtype=float)


class LogScale(Scale):
    """log(y) for positive series; log(1 + y) when the series has zeros (counts of rare events)."""

    lower = 0.0

    def __init__(self, has_zeros: bool = False):
        self.shift = 1.0 if has_zeros else 0.0
        self.name = "log1p" if has_zeros else "log"

    def forward(self, y: npt.ArrayLike) -> np.ndarray:
        with np.errstate(divide="ignore"):  # a zero outside the fitted values (an outcome) is -inf, not a warning
            return np.log(np.asarray(y, dtype=float) + self.shift)

    def inverse(self, z: npt.ArrayLike) -> np.ndarray:
        values: np.ndarray = np.exp(np.asarray(z, dtype=float)) - self.shift
        return values


class LogitScale(Scale):
    """logit(y / 100) for shares in percent."""

    name, lower, upper = "logit", 0.0, 100.0

    def forward(self, y: npt.ArrayLike) -> np.ndarray:
        p = np.clip(np.asarray(y, dtype=float) / 100, SHARE_EPS, 1 - SHARE_EPS)
        return np.log(p / (1 - p))

    def inverse(self, z: npt.ArrayLike) -> np.ndarray:
        shares: np.ndarray = 100 / (1 + np.exp(-np.asarray(z, dtype=float)))
        return shares


def scale_for(kind: str, values: npt.ArrayLike) -> Scale:
    """The modelling scale for an indicator kind (amount, count, persons, share, rate, index)."""
    values = np.asarray(values, dtype=float)
    if kind == "share":
        return LogitScale()
    if kind in ("amount", "count", "persons"):
        if (values < 0).any():
            raise ValueError(f"a {kind} series cannot be negative: {values[values < 0][:3]}")
        return LogScale(has_zeros=bool((values == 0).any()))
    return Scale()
