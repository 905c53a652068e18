"""`auto`: a combination of simple methods weighted by their rolling-origin errors at the horizon asked.

Simple combinations are hard to beat on annual series (the M3 and M4 competitions; Hyndman &
Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., section 13.4), but weights estimated from a
handful of errors are noisy, so they are shrunk toward equal weights when the evidence is thin:

    w_m  proportional to  MSE_m ^ (-lambda),   lambda = n / (n + SHRINK)

MSE_m is member m's mean squared error (model scale) over the last `MAX_ORIGINS` rolling origins, at steps
1..h; n is the number of origins judged. lambda = 0 gives equal weights, lambda -> 1 inverse-MSE weights; a
member that was exact (MSE ~ 0) dominates, so an exact line, exponential or constant is reproduced.

The pool: naive, drift (original scale), cagr (compound growth: drift on the log scale), damped (ETS(A,Ad,N))
and theta (= ARIMA(0,1,1) with drift), all fitted in numpy so that rolling origins stay cheap. loglinear (one
trend through the whole history) is left out: chosen on a validation split of M3 yearly's *training* years
(benchmarks/bench_m3.py --validate: sMAPE 18.66 without it, 19.05 with), never on the test years. SHRINK = 10
(weights stay near equal until about ten origins are judged; the "forecast combination puzzle": estimated
weights rarely beat equal ones) was chosen the same way over 5 and 2 (validation sMAPE 18.58, 18.66, 19.22).

Point forecast: c_k = sum_m w_m zhat_{m,T+k} on the model scale, so the median on the original scale is
inverse(c_k). Paths: N(c_k, s_k^2) at each step joined by a Gaussian random walk, s_k from the combination's
own rolling-origin errors at step k, pooled with a prior and, on the log scale, with the errors of a broad
reference set of yearly series (intervals.py); the weights used for those errors are
the final ones (a small in-sample optimism the panel calibration corrects).
"""

from __future__ import annotations

from typing import Self

import numpy as np

from ..notes import Note
from .intervals import Calibration, coherent_paths, spread_by_horizon
from .methods import CAGR, Damped, Drift, Method, Naive, Theta
from .scales import LogScale, Scale

MEMBERS: dict[str, type[Method]] = {cls.name: cls for cls in (Naive, Drift, CAGR, Damped, Theta)}


class Auto(Method):
    """Weighted combination of naive, drift, cagr, damped and theta (see the module docstring)."""

    name, min_points = "auto", 3
    MAX_ORIGINS, SHRINK = 10, 10.0

    def __init__(self, scale: Scale, horizon: int, calibration: Calibration | None = None):
        self.scale, self.horizon, self.calibration = scale, horizon, calibration

    def _fit_member(self, cls: type[Method], t: np.ndarray, z: np.ndarray) -> Method:
        return cls().fit(t, self.scale.inverse(z) if cls.original_scale else z)

    def _model_scale(self, model: Method, forecast: np.ndarray) -> np.ndarray:
        if not model.original_scale:
            return forecast
        return self.scale.forward(np.clip(forecast, self.floor, self.scale.upper))

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        v = self.scale.inverse(z)
        low = v[v > self.scale.lower].min() if (v > self.scale.lower).any() else 1.0
        self.floor = self.scale.lower + 1e-3 * (low - self.scale.lower) if np.isfinite(self.scale.lower) else -np.inf
        gaps = bool(np.any(np.diff(t) != 1))
        self.pool = [cls for cls in MEMBERS.values() if cls.min_points <= len(t) and not (cls.contiguous and gaps)]
        self.models = [self._fit_member(cls, t, z) for cls in self.pool]
        forecasts, actual = self._rolling(t, z)
        self.origins = int(np.any(~np.isnan(actual), axis=1).sum())
        mse = np.array([np.nanmean((f - actual) ** 2) if self.origins else 1.0 for f in forecasts])
        self.shrink = self.origins / (self.origins + self.SHRINK)
        inverse = np.maximum(mse, 1e-12 * (1 + np.mean(z**2))) ** -self.shrink
        self.weights = inverse / inverse.sum()
        self.central = sum(
            (w * self._model_scale(m, m.forecast(self.horizon)) for w, m in zip(self.weights, self.models)),
            np.zeros(self.horizon),
        )
        errors = np.tensordot(self.weights, forecasts, axes=1) - actual
        naive_sd = Naive().fit(t, z).sigma
        self.sd = spread_by_horizon(
            errors, self.horizon, self.calibration, naive_sd, log_scale=isinstance(self.scale, LogScale)
        )
        return self

    def _rolling(self, t: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Members' forecasts (member x origin x step) from each origin, and the outcomes (origin x step)."""
        first = max(max(cls.min_points for cls in self.pool), len(t) - self.MAX_ORIGINS)
        origins = range(first, len(t))
        forecasts = np.full((len(self.pool), len(origins), self.horizon), np.nan)
        actual = np.full((len(origins), self.horizon), np.nan)
        for i, k in enumerate(origins):
            steps = (t[k:] - t[k - 1]).astype(int)
            keep = steps <= self.horizon
            steps = steps[keep]
            if not len(steps):
                continue
            actual[i, steps - 1] = z[k:][keep]
            for m, cls in enumerate(self.pool):
                model = self._fit_member(cls, t[:k], z[:k])
                forecasts[m, i, steps - 1] = self._model_scale(model, model.forecast(int(steps.max())))[steps - 1]
        return forecasts, actual

    def describe(self) -> Note:
        parts = [(float(w), cls.name) for w, cls in sorted(zip(self.weights, self.pool), key=lambda p: -p[0])]
        basis = (
            Note("weights_from", origins=self.origins, horizon=self.horizon, shrink=float(self.shrink))
            if self.origins
            else Note("equal_weights")
        )
        widening = self.calibration.describe() if self.calibration else Note("no_calibration")
        return Note("auto", parts=parts, weights=basis, widening=widening)

    def forecast(self, h: int) -> np.ndarray:
        return self.central[:h]

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        return coherent_paths(self.central[:h], self.sd[:h], n, rng)
