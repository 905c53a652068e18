"""Paths for a target: the series' own model shrunk toward its reference class (see outside_view.py).

    fc, basis, notes = shrunk_paths(series, indicator, region, panel, as_of, horizon, method, n_paths, seed)
    fc.paths, fc.median, fc.interval(80), fc.weight        # a Forecast, or None when none can be made

With the broad prior (the default, data/models/growth_prior.json) every series is shrunk: a long series
in a boom is the case the prior is for. Without it (prior=None), from OWN_MODEL_MIN points the own
model's paths stand alone (on the panel's questions asked as of 2012 or earlier, shrinking long series
toward the unshrunk class scored worse: Brier 0.2859 against 0.2840). The own model
(`forecast`, used as a black box, when the series allows one) gives paths. With no reference class in the
panel, the broad prior alone stands in for one (series on a log or logit scale). Each path is split into its mean annual
growth to the horizon and the wiggle around that straight line (a bridge, zero at both ends). The growths
are replaced, rank for rank, by draws from the reference class's prediction for a series with this own
growth (the own model's median growth), so the centre moves toward what comparable regions did next by a
weight measured on the panel (0 for a single own point, more for long and smooth series) and the spread
is the one measured on the panel's outcomes. Without an own model the wiggle is a random walk bridge with
the class's typical year-to-year noise. Without a reference class the own model stands alone, and says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from ..cleaning.panel import kind_of
from ..errors import InsufficientData
from ..forecasting import forecast
from ..forecasting.calibration import SHIPPED, resolve_calibration
from ..forecasting.result import Forecast
from ..forecasting.scales import scale_for
from ..notes import Note
from ..reference.regions import level_of
from . import broad_prior
from .centre import panel_centre
from .outside_view import growth_prior, own_growth

OWN_MODEL_MIN = 8  # without a broad prior, from this many points the own model stands alone


def _own_forecast(series, horizon, method, n_paths, seed, kind, notes, calibration):
    """The own model's Forecast, with the part of `calibration` (a CalibrationTable, or None for none) knowable
    at the series' last year; None if the series allows none (the reason goes into notes)."""
    try:
        fc = forecast(
            series,
            horizon,
            method=method,
            n_paths=n_paths,
            seed=seed,
            kind=kind,
            calibration=calibration.as_of(int(series.index[-1])) if calibration else None,
        )
    except InsufficientData as err:
        notes.append(err.note)
        return None
    notes += fc.notes
    return fc


def shrunk_paths(
    series: pd.Series,
    indicator: str,
    region: str,
    panel: pd.DataFrame,
    as_of: int | None,
    horizon: int,
    method: str = "auto",
    n_paths: int = 2000,
    seed: int = 0,
    calibration=SHIPPED,
    prior=broad_prior.SHIPPED,
) -> tuple[Forecast | None, Note, list[Note]]:
    """(paths as a Forecast or None, what they rest on, notes) for the `horizon` years after the series' last
    year, using only data with year <= as_of; `calibration` (default: the shipped data/models/calibration.json;
    None for none) widens the own model's intervals; `prior` (default: the shipped growth_prior.json; None for
    none) is the broad prior the reference class is shrunk toward."""
    calibration, prior_broad = resolve_calibration(calibration), broad_prior.resolve_prior(prior)
    kind = kind_of(indicator)
    values = series.to_numpy(dtype=float)
    scale = scale_for(kind, values)
    notes: list[Note] = []
    fc = _own_forecast(series, horizon, method, n_paths, seed, kind, notes, calibration)
    own = None if fc is None else fc.paths
    points = len(series)
    if fc is not None and points >= OWN_MODEL_MIN and prior_broad is None:
        return fc, Note("own_model", method=fc.method), notes
    as_of = int(panel["year"].max()) if as_of is None else as_of
    prior, note = growth_prior(panel, indicator, region, as_of, horizon, prior_broad)
    notes.append(note)
    if prior is None and (fc is None or prior_broad is None or scale.name == "identity"):
        if fc is None:
            return None, Note("no_forecast"), notes
        return fc, Note("own_alone", method=fc.method, points=points), notes
    # no reference class in the panel: the broad prior alone stands in for it (the own model is not None here)
    if prior is not None:
        predict = prior.predict
    else:
        centre = panel_centre(panel, indicator, as_of, horizon, prior_broad)
        predict = lambda g, n, s2: prior_broad.predict(horizon, g, n, s2, centre)  # noqa: E731
    rng = np.random.default_rng(seed)
    z_last = float(scale.forward(values[-1]))
    steps = np.arange(1, horizon + 1)
    growth, n_changes, noise = own_growth(scale.forward(values), series.index.to_numpy(dtype=int))
    if own is not None:
        z = scale.forward(np.maximum(own, 1e-9 * abs(values[-1])) if scale.lower == 0 else own)
        own_g = (z[:, -1] - z_last) / horizon
        bridge = z - z_last - own_g[:, None] * steps
        quantiles = ndtri((np.argsort(np.argsort(own_g, kind="stable"), kind="stable") + 0.5) / n_paths)
        growth = float(np.median(own_g))
    else:
        walk = np.cumsum(rng.normal(0, np.sqrt(prior.noise_pool), (n_paths, horizon)), axis=1)
        bridge = walk - walk[:, -1:] * steps / horizon
        quantiles = rng.standard_normal(n_paths)
    mean, sd, weight = predict(growth, n_changes, noise)
    paths = scale.inverse(z_last + (mean + sd * quantiles)[:, None] * steps + bridge)
    other_level = prior is not None and prior.level != level_of(region)
    notes.append(
        Note(
            f"next_growth_{'model' if own is not None else 'own'}",
            mean=float(mean),
            sd=float(sd),
            scale=scale.name,
            weight=float(weight),
        )
    )
    years = range(int(series.index[-1]) + 1, int(series.index[-1]) + horizon + 1)
    if own is None:
        made = Forecast.from_paths(paths, years, Note("made_outside_view"), series, scale.name, notes, weight)
        return made, Note("outside_view", points=points, other_level=other_level), notes
    if prior is None:
        made = Forecast.from_paths(paths, years, Note("made_shrunk_broad"), series, scale.name, notes, weight)
        return made, Note("broad_prior", method=fc.method, weight=f"{weight:.2f}", points=points), notes
    made = Forecast.from_paths(paths, years, Note("made_shrunk"), series, scale.name, notes, weight)
    return made, Note("shrunk", method=fc.method, weight=float(weight), points=points, other_level=other_level), notes
