"""The forecast methods, each in the statsmodels shape: `fit(t, z)`, `forecast(h)`, `simulate(h, n, rng)`.

`t` are years, `z` values on the model scale (log for amounts and counts, logit for shares; see scales.py)
unless `original_scale`. Every simulation draws Gaussian innovations (finite variance), so the mean of the
paths on the original scale exists (exp of a normal has a mean; exp of a Student-t has none).
Notation: z_T the last value, eps ~ N(0, sigma^2) independent, k = 1..h steps ahead.
"""

from __future__ import annotations

from typing import Self

import numpy as np


def increments(t: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.diff(z), np.diff(t).astype(float)


class Method:
    """Base: fitted on years `t` and values `z`; forecasts steps 1..h after t[-1]."""

    name = "method"
    fit_warnings: list[str] = []
    min_points = 2
    contiguous = False  # True: needs an unbroken run of years
    original_scale = False  # True: fitted on the original values, not the model scale

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        raise NotImplementedError

    def forecast(self, h: int) -> np.ndarray:
        raise NotImplementedError

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError


class Naive(Method):
    """Random walk: z_{T+k} = z_T + eps_1 + ... + eps_k, sigma^2 the mean squared yearly change."""

    name, min_points = "naive", 2
    last: float
    sigma: float

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        d, g = increments(t, z)
        self.last = z[-1]
        self.sigma = float(np.sqrt(np.mean(d**2 / g)))
        return self

    def forecast(self, h: int) -> np.ndarray:
        return np.full(h, self.last)

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        return self.last + np.cumsum(self.sigma * rng.standard_normal((n, h)), axis=1)


class CAGR(Method):
    """Random walk with drift on the model scale, drift b = (z_T - z_1) / (t_T - t_1) (compound growth
    between the first and last point on the log scale, the rule progress reports use):
    z_{T+k} = z_T + (b + u) k + eps_1 + ... + eps_k, with the drift's own error u ~ N(0, sigma^2 / span)."""

    name, min_points = "cagr", 3
    span: float
    slope: float
    last: float
    sigma: float

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        d, g = increments(t, z)
        self.span = float(t[-1] - t[0])
        self.slope = (z[-1] - z[0]) / self.span
        self.last = z[-1]
        self.sigma = float(np.sqrt(np.sum((d - self.slope * g) ** 2 / g) / max(len(d) - 1, 1)))
        return self

    def forecast(self, h: int) -> np.ndarray:
        return self.last + self.slope * np.arange(1, h + 1)

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        slope: np.ndarray = self.slope + self.sigma / np.sqrt(self.span) * rng.standard_normal((n, 1))
        return self.last + slope * np.arange(1, h + 1) + np.cumsum(self.sigma * rng.standard_normal((n, h)), axis=1)


class Drift(CAGR):
    """Textbook random walk with drift, the same formula as cagr on the original values (average
    absolute change per year); paths are clipped to the scale's bounds."""

    name, original_scale = "drift", True


class LogLinear(Method):
    """Least-squares line through all points on the model scale: z_{T+k} = a + b k + eps, with (a, b)
    drawn from their estimated normal distribution in each path."""

    name, min_points = "loglinear", 4

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        X = np.column_stack([np.ones_like(t, dtype=float), t - t[-1]])
        coef, *_ = np.linalg.lstsq(X, z, rcond=None)
        resid = z - X @ coef
        self.sigma = float(np.sqrt(resid @ resid / (len(z) - 2)))
        self.coef, self.cov = coef, self.sigma**2 * np.linalg.inv(X.T @ X)
        return self

    def forecast(self, h: int) -> np.ndarray:
        line: np.ndarray = self.coef[0] + self.coef[1] * np.arange(1, h + 1)
        return line

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        chol = np.linalg.cholesky(self.cov + 1e-12 * np.eye(2))
        coef = self.coef + (chol @ rng.standard_normal((2, n))).T
        paths: np.ndarray = coef[:, :1] + coef[:, 1:] * np.arange(1, h + 1) + self.sigma * rng.standard_normal((n, h))
        return paths


def _grid(*axes: np.ndarray) -> list[np.ndarray]:
    return [a.ravel() for a in np.meshgrid(*axes, indexing="ij")]


class Theta(Method):
    """The Theta method (Assimakopoulos & Nikolopoulos 2000) as Hyndman & Billah (2003) showed it to be:
    simple exponential smoothing with drift half the least-squares slope b0 (= ARIMA(0,1,1) with drift):
    level l_t = l_{t-1} + alpha (z_t - l_{t-1}), alpha by least squares on a grid;
    z_{T+k} = l_T + b0/2 (k - 1 + 1/alpha - (1 - alpha)^T / alpha) + e_k + alpha (e_1 + ... + e_{k-1}).
    The same model as statsmodels' ThetaModel without seasonality, fitted in numpy (100x faster)."""

    name, min_points, contiguous = "theta", 4, True
    ALPHAS = np.linspace(0.05, 1.0, 20)

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        level = np.full(len(self.ALPHAS), z[0])
        sse = np.zeros(len(self.ALPHAS))
        for value in z[1:]:
            sse += (value - level) ** 2
            level = level + self.ALPHAS * (value - level)
        best = int(np.argmin(sse))
        self.alpha, self.level = float(self.ALPHAS[best]), float(level[best])
        self.sigma = float(np.sqrt(sse[best] / max(len(z) - 2, 1)))
        self.slope = float(np.polyfit(np.arange(len(z)), z, 1)[0])
        self.n = len(z)
        return self

    def forecast(self, h: int) -> np.ndarray:
        k = np.arange(1, h + 1)
        a = self.alpha
        return self.level + self.slope / 2 * (k - 1 + 1 / a - (1 - a) ** self.n / a)

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        e = self.sigma * rng.standard_normal((n, h))
        carried = self.alpha * (np.cumsum(e, axis=1) - e)
        return self.forecast(h) + e + carried


class Damped(Method):
    """Holt's damped trend, ETS(A,Ad,N) (Gardner & McKenzie 1985), on the model scale:
    forecast z_{T+k} = l_T + (phi + ... + phi^k) b_T; l_t = l_{t-1} + phi b_{t-1} + alpha e_t,
    b_t = phi b_{t-1} + beta e_t; (alpha, beta, phi) by least squares on a grid with phi <= 0.98;
    paths run the same recursion with e_t ~ N(0, sigma^2)."""

    name, min_points, contiguous = "damped", 4, True
    GRID = _grid(np.linspace(0.1, 1.0, 10), np.array([0.0, 0.05, 0.1, 0.2, 0.3]), np.array([0.8, 0.9, 0.98]))

    def fit(self, t: np.ndarray, z: np.ndarray) -> Self:
        alpha, beta, phi = self.GRID
        level, trend = np.full(len(alpha), z[1]), np.full(len(alpha), z[1] - z[0])
        sse = np.zeros(len(alpha))
        for value in z[2:]:
            e = value - (level + phi * trend)
            sse += e**2
            level, trend = level + phi * trend + alpha * e, phi * trend + beta * e
        best = int(np.argmin(sse))
        self.alpha, self.beta, self.phi = alpha[best], beta[best], phi[best]
        self.level, self.trend = float(level[best]), float(trend[best])
        self.sigma = float(np.sqrt(sse[best] / max(len(z) - 4, 1)))
        return self

    def forecast(self, h: int) -> np.ndarray:
        return self.level + self.trend * np.cumsum(self.phi ** np.arange(1, h + 1))

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        level, trend = np.full(n, self.level), np.full(n, self.trend)
        out = np.empty((n, h))
        for k in range(h):
            e = self.sigma * rng.standard_normal(n)
            out[:, k] = level + self.phi * trend + e
            level, trend = out[:, k] - (1 - self.alpha) * e, self.phi * trend + self.beta * e
        return out
