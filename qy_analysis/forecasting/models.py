"""Forecasts of short annual series with honest uncertainty: point forecast, intervals, simulated paths.

    fc = forecast(y, horizon=5, method="auto", levels=(80, 95), n_paths=2000, seed=0, kind="count")
    fc.median, fc.mean, fc.interval(80), fc.paths, fc.method

`y` is a pandas Series indexed by integer year; gaps are allowed and reported. Models work on a scale
that keeps values possible (log for amounts and counts, logit for shares; see transforms.py) and every
method follows the statsmodels shape: `fit(years, z)`, `forecast(h)`, `simulate(h, n, rng)`.

Methods (min. points):
  naive (2)      random walk: the last value, with the spread of past year-on-year changes;
  drift (3)      random walk with the average absolute change per year, on the original scale;
  cagr (3)       compound growth between the first and last point, the rule progress reports use;
  loglinear (4)  a straight trend through all points on the model scale;
  theta (5)      statsmodels ThetaModel on the last unbroken run of years;
  ets (6)        statsmodels ETSModel, additive error, damped additive trend from 8 points;
  arima (8)      statsmodels ARIMA with drift, order chosen by AIC among (0,1,0), (1,1,0), (0,1,1);
  auto (3)       combination of drift and damped growth, weighted by the series' own rolling-origin
                 errors, paths widened by a factor calibrated on the panel's backtest (calibration.py).
A method that needs more points than the series has falls back along a declared chain, and `.method`
says so; a series too short for any method raises InsufficientData rather than printing a number.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InsufficientData
from .scales import Scale, scale_for

T_DF = 4  # innovations are Student-t with 4 degrees of freedom (fat tails), scaled to unit variance
METHODS = ("naive", "drift", "cagr", "loglinear", "theta", "ets", "arima", "auto")
FALLBACK = {"ets": "theta", "theta": "cagr", "arima": "cagr", "loglinear": "cagr", "auto": "cagr",
            "drift": "naive", "cagr": "naive", "naive": None}


def _innovations(rng, shape) -> np.ndarray:
    return rng.standard_t(T_DF, size=shape) / np.sqrt(T_DF / (T_DF - 2))


def _increments(t: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.diff(z), np.diff(t).astype(float)


def _recorded(fit):
    """Run a statsmodels fit, returning (result, the warnings it raised as text) for the forecast's notes."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fit()
    return result, sorted({f"{w.category.__name__}: {str(w.message).splitlines()[0]}" for w in caught})


class Method:
    """Base: fitted on years `t` and values `z` (model scale); forecasts steps 1..h after t[-1]."""
    name = "method"
    fit_warnings: list[str] = []
    min_points = 2
    contiguous = False  # True: needs an unbroken run of years
    original_scale = False  # True: fitted on the original values, not the model scale

    def fit(self, t: np.ndarray, z: np.ndarray) -> "Method":
        raise NotImplementedError

    def forecast(self, h: int) -> np.ndarray:
        raise NotImplementedError

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError


class Naive(Method):
    name, min_points = "naive", 2

    def fit(self, t, z):
        d, g = _increments(t, z)
        self.last = z[-1]
        self.sigma = float(np.sqrt(np.mean(d ** 2 / g)))
        return self

    def forecast(self, h):
        return np.full(h, self.last)

    def simulate(self, h, n, rng):
        return self.last + np.cumsum(self.sigma * _innovations(rng, (n, h)), axis=1)


class CAGR(Method):
    """Constant growth between the first and last point; the drift's own uncertainty is simulated."""
    name, min_points = "cagr", 3

    def fit(self, t, z):
        d, g = _increments(t, z)
        self.span = float(t[-1] - t[0])
        self.slope = (z[-1] - z[0]) / self.span
        self.last = z[-1]
        self.sigma = float(np.sqrt(np.sum((d - self.slope * g) ** 2 / g) / max(len(d) - 1, 1)))
        return self

    def forecast(self, h):
        return self.last + self.slope * np.arange(1, h + 1)

    def simulate(self, h, n, rng):
        slope = self.slope + self.sigma / np.sqrt(self.span) * _innovations(rng, (n, 1))
        return self.last + slope * np.arange(1, h + 1) + np.cumsum(self.sigma * _innovations(rng, (n, h)), axis=1)


class Drift(CAGR):
    """Textbook random walk with drift on the original scale (average absolute change per year)."""
    name, original_scale = "drift", True


class Damped(CAGR):
    """Recent growth (last five years), damped towards zero: phi^k of it in the k-th future year."""
    name, min_points = "damped", 3
    PHI, RECENT = 0.8, 5

    def fit(self, t, z):
        keep = t >= t[-1] - self.RECENT
        super().fit(t[keep], z[keep])
        self.weights = np.cumsum(self.PHI ** np.arange(1, 30))
        return self

    def forecast(self, h):
        return self.last + self.slope * self.weights[:h]

    def simulate(self, h, n, rng):
        slope = self.slope + self.sigma / np.sqrt(self.span) * _innovations(rng, (n, 1))
        return self.last + slope * self.weights[:h] + np.cumsum(self.sigma * _innovations(rng, (n, h)), axis=1)


class LogLinear(Method):
    name, min_points = "loglinear", 4

    def fit(self, t, z):
        self.t0 = t[-1]
        X = np.column_stack([np.ones_like(t, dtype=float), t - self.t0])
        coef, *_ = np.linalg.lstsq(X, z, rcond=None)
        resid = z - X @ coef
        self.sigma = float(np.sqrt(resid @ resid / (len(z) - 2)))
        self.coef, self.cov = coef, self.sigma ** 2 * np.linalg.inv(X.T @ X)
        return self

    def forecast(self, h):
        return self.coef[0] + self.coef[1] * np.arange(1, h + 1)

    def simulate(self, h, n, rng):
        chol = np.linalg.cholesky(self.cov + 1e-12 * np.eye(2))
        coef = self.coef + (chol @ _innovations(rng, (2, n))).T
        steps = np.arange(1, h + 1)
        return coef[:, :1] + coef[:, 1:] * steps + self.sigma * _innovations(rng, (n, h))


def _annual_index(t: np.ndarray) -> pd.PeriodIndex:
    return pd.period_range(str(int(t[0])), periods=len(t), freq="Y")


class Theta(Method):
    """statsmodels ThetaModel (SES with half the trend's slope); paths from its prediction variance."""
    name, min_points, contiguous = "theta", 5, True

    def fit(self, t, z):
        from statsmodels.tsa.forecasting.theta import ThetaModel

        self.result, self.fit_warnings = _recorded(
            lambda: ThetaModel(pd.Series(z, index=_annual_index(t)), period=1, deseasonalize=False).fit())
        return self

    def forecast(self, h):
        return np.asarray(_recorded(lambda: self.result.forecast(h))[0], dtype=float)

    def simulate(self, h, n, rng):
        pi, _ = _recorded(lambda: self.result.prediction_intervals(h, alpha=0.05))
        sd = (np.asarray(pi["upper"]) - np.asarray(pi["lower"])) / (2 * 1.959964)
        step_sd = np.sqrt(np.diff(np.concatenate([[0.0], sd ** 2])).clip(min=0))
        return self.forecast(h) + np.cumsum(step_sd * rng.standard_normal((n, h)), axis=1)


class StatsmodelsMethod(Method):
    """A fitted statsmodels results object (`self.result`) that forecasts and simulates itself."""
    contiguous = True

    def forecast(self, h):
        return np.asarray(self.result.forecast(h), dtype=float)

    def simulate(self, h, n, rng):
        sims, _ = _recorded(lambda: self.result.simulate(h, anchor="end", repetitions=n, rng=rng))
        return np.asarray(sims, dtype=float).reshape(h, n).T


class ETS(StatsmodelsMethod):
    """statsmodels ETSModel: additive error; damped additive trend from 8 points, level only below."""
    name, min_points = "ets", 6

    def fit(self, t, z):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        trend = dict(trend="add", damped_trend=True) if len(z) >= 8 else dict(trend=None)
        self.result, self.fit_warnings = _recorded(
            lambda: ETSModel(pd.Series(z, index=_annual_index(t)), error="add", **trend).fit(disp=False))
        return self


class ARIMA(StatsmodelsMethod):
    name, min_points = "arima", 8
    ORDERS = ((0, 1, 0), (1, 1, 0), (0, 1, 1))

    def fit(self, t, z):
        from statsmodels.tsa.arima.model import ARIMA as SMARIMA

        series = pd.Series(z, index=_annual_index(t))
        fits = [_recorded(lambda order=order: SMARIMA(series, order=order, trend="t").fit()) for order in self.ORDERS]
        self.result, self.fit_warnings = min(fits, key=lambda fit: fit[0].aic)
        self.order = self.result.model.order
        return self


class Auto(Method):
    """Combination of drift (additive, original scale) and damped growth (model scale), weighted by the
    inverse of each one's mean absolute error in a rolling-origin backtest on the series itself (equal
    weights when the series is too short to judge). Both candidates won on the panel's backtest, and so
    does their combination (see benchmarks/bench_forecast.py).

    `spread` widens the simulated paths around the central forecast: annual-series intervals are too
    narrow, and the factor comes from the panel's backtest errors up to the as-of year (calibration.py).
    """
    name, min_points, original_scale = "auto", 3, True
    CANDIDATES = ("drift", "damped")
    MIN_TRAIN, MAX_STEP = 4, 5

    def __init__(self, scale: Scale | None = None, spread: float = 1.0):
        self.scale = scale or Scale()
        self.spread = spread

    def _fit_one(self, name, t, v):
        cls = REGISTRY[name]
        return cls().fit(t, v if cls.original_scale else self.scale.forward(v))

    def _original(self, model, z):
        if model.original_scale:
            return np.clip(z, self.scale.lower, self.scale.upper)
        return self.scale.inverse(z)

    def fit(self, t, v):
        self.models = [self._fit_one(name, t, v) for name in self.CANDIDATES]
        errors = {name: [] for name in self.CANDIDATES}
        for k in range(self.MIN_TRAIN, len(t)):
            steps = (t[k:] - t[k - 1]).astype(int)
            steps = steps[steps <= self.MAX_STEP]
            for name in self.CANDIDATES:
                model = self._fit_one(name, t[:k], v[:k])
                predicted = self._original(model, model.forecast(int(steps.max()))[steps - 1])
                errors[name].extend(np.abs(predicted - v[k:k + len(steps)]))
        n_err = len(errors[self.CANDIDATES[0]])
        if n_err >= 3:
            inverse = np.array([1 / max(np.mean(errors[name]), 1e-12) for name in self.CANDIDATES])
            self.weights = inverse / inverse.sum()
            self.basis = f"weights from {n_err} rolling-origin forecasts of the series"
        else:
            self.weights = np.full(len(self.CANDIDATES), 1 / len(self.CANDIDATES))
            self.basis = "equal weights (too short to judge)"
        return self

    def describe(self) -> str:
        parts = " + ".join(f"{w:.2f} {name}" for w, name in zip(self.weights, self.CANDIDATES))
        return f"{parts}; {self.basis}; paths widened x{self.spread:.2f}"

    def forecast(self, h):
        return sum(w * self._original(m, m.forecast(h)) for w, m in zip(self.weights, self.models))

    def simulate(self, h, n, rng):
        counts = np.floor(self.weights * n).astype(int)
        counts[np.argmax(self.weights)] += n - counts.sum()
        paths = np.vstack([self._original(m, m.simulate(h, c, rng)) for m, c in zip(self.models, counts) if c > 0])
        paths = self.forecast(h) + self.spread * (paths - np.median(paths, axis=0))
        return np.clip(paths, self.scale.lower, self.scale.upper)


REGISTRY = {cls.name: cls for cls in (Naive, Drift, CAGR, LogLinear, Theta, ETS, ARIMA, Auto, Damped)}


@dataclass
class Forecast:
    """Result of `forecast`: `median` (central forecast), `mean`, `interval(level)`, `paths`, `method`."""
    history: pd.Series
    years: list[int]
    central: np.ndarray
    paths: np.ndarray
    method: str
    scale: str
    levels: tuple = (80, 95)
    notes: list[str] = field(default_factory=list)

    @property
    def median(self) -> pd.Series:
        return pd.Series(self.central, index=pd.Index(self.years, name="year"), name="median")

    @property
    def mean(self) -> pd.Series:
        return pd.Series(self.paths.mean(axis=0), index=pd.Index(self.years, name="year"), name="mean")

    def interval(self, level: float) -> pd.DataFrame:
        tail = (100 - level) / 200
        lower, upper = np.quantile(self.paths, [tail, 1 - tail], axis=0)
        return pd.DataFrame({"lower": lower, "upper": upper}, index=pd.Index(self.years, name="year"))

    def path_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.paths, columns=self.years)


def _clean_series(y: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    y = y.dropna().sort_index()
    years = np.asarray(y.index, dtype=int)
    if len(set(years)) != len(years):
        raise ValueError("the series has the same year twice")
    notes = []
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years)) if len(years) else []
    if missing:
        notes.append(f"gaps: {', '.join(map(str, missing))} missing (not filled)")
    return years, y.to_numpy(dtype=float), notes


def _last_run(years: np.ndarray) -> int:
    """Index where the last unbroken run of consecutive years starts."""
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    return start


def fit_method(name: str, years: np.ndarray, values: np.ndarray, scale: Scale, spread: float = 1.0
               ) -> tuple[Method, str, list[str]]:
    """Fit `name`, or the first method of its fallback chain that the data allow."""
    notes, requested = [], name
    while name is not None:
        cls = REGISTRY[name]
        start = _last_run(years) if cls.contiguous else 0
        t, v = years[start:], values[start:]
        if len(t) >= cls.min_points:
            z = v if cls.original_scale else scale.forward(v)
            model = (Auto(scale, spread) if cls is Auto else cls()).fit(t.astype(float), z)
            if start:
                notes.append(f"{name} fitted on {t[0]}-{t[-1]}, the last unbroken run of years")
            notes += [f"{name}: {w}" for w in model.fit_warnings]
            label = name if name == requested else f"{name} (fallback from {requested})"
            return model, label, notes
        what = "consecutive " if cls.contiguous else ""
        notes.append(f"{name} needs at least {cls.min_points} {what}points; the series has {len(t)}")
        name = FALLBACK[name]
    raise InsufficientData("; ".join(notes) + ": no forecast can be made from this series alone")


def forecast(y: pd.Series, horizon: int, method: str = "auto", levels=(80, 95), n_paths: int = 2000,
             seed: int = 0, kind: str = "amount", spread: float | None = None) -> Forecast:
    """Forecast `horizon` years after the last observation. See the module docstring.

    `spread` (auto only) widens the paths; by default the factor calibrated on the panel's backtest
    with outcomes up to the series' last year, so that no later information enters.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if horizon < 1:
        raise ValueError(f"horizon must be at least 1 year, got {horizon}")
    years, values, notes = _clean_series(pd.Series(y))
    scale = scale_for(kind, values)
    if spread is None:
        from ..evaluation.calibration import spread_for

        spread = spread_for(int(years[-1])) if len(years) else 1.0
    model, label, fit_notes = fit_method(method, years, values, scale, spread)
    rng = np.random.default_rng(seed)
    z_paths = model.simulate(horizon, n_paths, rng)
    z_central = model.forecast(horizon)
    if model.original_scale:
        paths, central = np.clip(z_paths, scale.lower, scale.upper), np.clip(z_central, scale.lower, scale.upper)
    else:
        paths, central = scale.inverse(z_paths), scale.inverse(z_central)
    if isinstance(model, Auto):
        label = f"auto: {model.describe()}"
    return Forecast(history=pd.Series(values, index=years), years=list(range(years[-1] + 1, years[-1] + horizon + 1)),
                    central=central, paths=paths, method=label, scale="original" if model.original_scale else scale.name,
                    levels=tuple(levels), notes=notes + fit_notes)
