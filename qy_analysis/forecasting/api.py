"""`forecast()`: short annual series in, a `Forecast` out (median point forecast, finite mean, intervals, paths).

    fc = forecast(y, horizon=5, method="auto", levels=(80, 95), n_paths=2000, seed=0, kind="count",
                  calibration=None)
    fc.median, fc.mean, fc.interval(80), fc.summary_frame(), fc.paths, fc.method

`y` is a pandas Series indexed by integer year; gaps are allowed and reported. Models work on a scale that
keeps values possible (log for amounts and counts, logit for shares; scales.py). The point forecast is the
median; the mean is finite because every path has Gaussian innovations on the model scale.

Methods (min. points):
  naive (2), drift (3), cagr (3), loglinear (4), theta (4), damped (4): numpy models, methods.py;
  ets (6), arima (8): statsmodels, statsmodels_methods.py;
  auto (3): naive, drift, cagr, damped and theta combined with weights from rolling-origin errors at the
  horizon asked, intervals from the combination's own rolling-origin errors (combination.py, intervals.py).
`calibration` (auto only) is the panel-level correction of interval widths (`intervals.Calibration`, loaded by
the caller with `forecasting.calibration.load_calibration`); forecast() itself reads no file.
A method that needs more points than the series has falls back along a declared chain, and `.method` says so;
a series too short for any method raises InsufficientData rather than printing a number.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import InsufficientData
from ..notes import Note
from ..reference.phrases import render
from .combination import Auto
from .intervals import Calibration
from .methods import CAGR, Damped, Drift, LogLinear, Method, Naive, Theta
from .result import Forecast
from .scales import Scale, scale_for
from .statsmodels_methods import ARIMA, ETS

REGISTRY: dict[str, type[Method]] = {
    cls.name: cls for cls in (Naive, Drift, CAGR, LogLinear, Theta, Damped, ETS, ARIMA, Auto)
}
METHODS = ("naive", "drift", "cagr", "loglinear", "theta", "damped", "ets", "arima", "auto")
FALLBACK: dict[str, str | None] = {
    "ets": "theta",
    "theta": "cagr",
    "damped": "cagr",
    "arima": "cagr",
    "loglinear": "cagr",
    "auto": "cagr",
    "drift": "naive",
    "cagr": "naive",
    "naive": None,
}


def _clean_series(y: pd.Series) -> tuple[np.ndarray, np.ndarray, list[Note]]:
    y = y.dropna().sort_index()
    years = np.asarray(y.index, dtype=int)
    if len(set(years)) != len(years):
        raise ValueError("the series has the same year twice")
    notes: list[Note] = []
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years)) if len(years) else []
    if missing:
        notes.append(Note("gaps", years=missing))
    return years, y.to_numpy(dtype=float), notes


def _last_run(years: np.ndarray) -> int:
    """Index where the last unbroken run of consecutive years starts."""
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    return start


def fit_method(
    name: str, years: np.ndarray, values: np.ndarray, scale: Scale, horizon: int, calibration: Calibration | None = None
) -> tuple[Method, Note, list[Note]]:
    """Fit `name`, or the first method of its fallback chain that the data allow."""
    notes: list[Note] = []
    requested = name
    current: str | None = name
    while current is not None:
        name, cls = current, REGISTRY[current]
        start = _last_run(years) if cls.contiguous else 0
        t, v = years[start:], values[start:]
        if len(t) >= cls.min_points:
            z = v if cls.original_scale else scale.forward(v)
            model = (Auto(scale, horizon, calibration) if cls is Auto else cls()).fit(t.astype(float), z)
            if start:
                notes.append(Note("fitted_on", method=name, first=int(t[0]), last=int(t[-1])))
            notes += [Note("fit_warning", method=name, warning=w) for w in model.fit_warnings]
            label = Note("method", name=name) if name == requested else Note("fallback", name=name, requested=requested)
            return model, label, notes
        notes.append(
            Note(
                "needs_points",
                method=name,
                need=cls.min_points,
                has=len(t),
                consecutive="consecutive" if cls.contiguous else None,
            )
        )
        current = FALLBACK[name]
    note = Note("no_forecast_alone", reasons=notes, has=len(values))
    raise InsufficientData(note, render(note, "en"))


def forecast(
    y: pd.Series,
    horizon: int,
    method: str = "auto",
    levels: Sequence[float] = (80, 95),
    n_paths: int = 2000,
    seed: int = 0,
    kind: str = "amount",
    calibration: Calibration | None = None,
) -> Forecast:
    """Forecast `horizon` years after the last observation; see the module docstring.

    `calibration` widens auto's intervals by the panel's measured correction; pass the one knowable at the
    series' last year (`load_calibration(path).as_of(year)`) so that no later information enters.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if horizon < 1:
        raise ValueError(f"horizon must be at least 1 year, got {horizon}")
    years, values, notes = _clean_series(pd.Series(y))
    scale = scale_for(kind, values)
    model, label, fit_notes = fit_method(method, years, values, scale, horizon, calibration)
    rng = np.random.default_rng(seed)
    z_paths, z_central = model.simulate(horizon, n_paths, rng), model.forecast(horizon)
    if not model.original_scale:
        z_paths, z_central = scale.inverse(z_paths), scale.inverse(z_central)
    paths, central = np.clip(z_paths, scale.lower, scale.upper), np.clip(z_central, scale.lower, scale.upper)
    if isinstance(model, Auto):
        label = model.describe()
    return Forecast(
        history=pd.Series(values, index=years),
        years=list(range(years[-1] + 1, years[-1] + horizon + 1)),
        central=central,
        paths=paths,
        method=label,
        scale="original" if model.original_scale else scale.name,
        levels=tuple(levels),
        notes=notes + fit_notes,
        sd=getattr(model, "sd", None),
    )
