"""Interval widths from rolling-origin errors (conformal, as statsforecast's ConformalIntervals), and the
panel-level calibration that a caller may pass to `forecast(..., calibration=...)`.

A series' own out-of-sample errors at horizon h give its spread s_h on the model scale: the normal sd whose
80% interval holds 80% of those errors (`conformal_sd`). Few errors give a noisy s_h, so it is pooled with a
prior at the same horizon, weighted as `PRIOR_WEIGHT` pseudo-errors:

    s_h^2 = (n_h * own_h^2 + PRIOR_WEIGHT * prior_h^2) / (n_h + PRIOR_WEIGHT),   then  s_h *= spread

The prior is the panel's error at h when a `Calibration` is given (`prior_sd`), else the series' own errors
pooled over horizons under linear growth (own_h = sigma * h), or with no errors at all the random walk's
spread. `spread` is the panel's correction so that 80% intervals cover 80% of outcomes. Nothing here reads a file:
callers load a calibration (`forecasting.calibration.load_calibration`) and pass it.

On the log scale a series' own errors are few, so s_h is then also pooled with what comparable series did, and
no wider than that allows (`toward_reference`, before `spread`): the reference is the h-year log errors of
`auto` on the yearly series of M1 and Tourism and on M3 yearly's training parts (last 6 training years held
out; M3's test parts never used), whose 80% range is that of a normal with sd REFERENCE_SD * sqrt(h)
(0.135, 0.136, 0.137, 0.143 per sqrt(year) at h = 1..4; `benchmarks/bench_m3.py --validate` prints them):

    s_h^2 <- (s_h^2 + REFERENCE_WEIGHT * r_h^2) / (1 + REFERENCE_WEIGHT),  s_h <- min(s_h, REFERENCE_CAP * r_h)

with r_h = REFERENCE_SD * sqrt(h). On those sets (M1 / Tourism / M3 training parts) this takes 80% coverage from
0.715 / 0.765 / 0.737 to 0.835 / 0.787 / 0.829, and the MASE of the paths' mean from 1231 / 3.15 / 2028 (a few
series whose few own errors gave a log sd of 3 or more) to 3.25 / 2.94 / 3.36, within 7% of the median's. The
weight (0.25) and cap (3) were chosen on those sets among 0-2 and 2-4.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from ..notes import Note

PRIOR_WEIGHT = 3.0
Z80 = float(norm.ppf(0.9))  # the normal quantile holding 80% within ±Z80 (the one definition)
REFERENCE_SD, REFERENCE_WEIGHT, REFERENCE_CAP = 0.137, 0.25, 3.0


@dataclass(frozen=True)
class Calibration:
    """What widens intervals, fitted on a panel's backtest using only outcomes known by `year`."""

    year: int
    spread: float = 1.0
    prior_sd: tuple[float, ...] = ()  # the panel's conformal sd of errors (model scale) at h = 1, 2, ..., over spread
    outcomes: int = 0

    def prior(self, h: int) -> float | None:
        if not self.prior_sd:
            return None
        last = len(self.prior_sd)
        return float(self.prior_sd[h - 1] if h <= last else self.prior_sd[-1] * h / last)

    def describe(self) -> Note:
        return Note("calibrated", year=self.year, outcomes=self.outcomes, spread=float(self.spread))


def conformal_sd(errors: np.ndarray) -> float:
    """The normal sd whose 80% interval matches the 80% quantile of |errors| (NaN ignored; 0 if none):
    robust to one wild year, unlike the root mean square."""
    errors = np.abs(errors[~np.isnan(errors)])
    return float(np.quantile(errors, 0.8) / Z80) if len(errors) else 0.0


def toward_reference(sd: np.ndarray) -> np.ndarray:
    """Log-scale s_h (h = 1, 2, ...) pooled with, and capped by, the reference set's (module docstring); a
    zero s_h (every member reproduced the series exactly, up to float noise) stays zero."""
    reference = REFERENCE_SD * np.sqrt(np.arange(1, len(sd) + 1))
    pooled = np.sqrt((sd**2 + REFERENCE_WEIGHT * reference**2) / (1 + REFERENCE_WEIGHT))
    return np.where(sd > 1e-9 * reference, np.minimum(pooled, REFERENCE_CAP * reference), sd)


def spread_by_horizon(
    errors: np.ndarray,
    horizon: int,
    calibration: Calibration | None = None,
    yearly_sd: float = 0.0,
    log_scale: bool = False,
) -> np.ndarray:
    """s_h for h = 1..horizon from `errors` (origins x steps, NaN where the outcome is not known); with no
    errors and no calibration, the random walk's spread `yearly_sd` * sqrt(h). On the log scale
    (`log_scale`) the reference set's errors pool and cap it (`toward_reference`)."""
    n = np.sum(~np.isnan(errors), axis=0)
    steps = np.arange(1, errors.shape[1] + 1)
    own = [conformal_sd(errors[:, k]) for k in range(errors.shape[1])]
    pooled = conformal_sd(errors / steps)  # sigma with s_h = sigma * h
    out = np.empty(horizon)
    for h in range(1, horizon + 1):
        n_h = n[h - 1] if h <= len(n) else 0
        own_h = own[h - 1] if n_h else 0.0
        prior = calibration.prior(h) if calibration is not None else None
        if prior is None:
            prior = pooled * h if n.sum() else yearly_sd * np.sqrt(h)
        out[h - 1] = np.sqrt((n_h * own_h**2 + PRIOR_WEIGHT * prior**2) / (n_h + PRIOR_WEIGHT))
    if log_scale:
        out = toward_reference(out)
    return out * (calibration.spread if calibration is not None else 1.0)


def coherent_paths(central: np.ndarray, sd: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Paths with marginal N(central_h, sd_h^2) at each h, joined by a Gaussian random walk so that a path
    that is high one year tends to stay high (targets judged on a whole path need that)."""
    steps = np.arange(1, len(central) + 1)
    walk = np.cumsum(rng.standard_normal((n, len(central))), axis=1) / np.sqrt(steps)
    return central + sd * walk
