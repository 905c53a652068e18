"""The outside view: how much of a region's past growth carried into the next years, measured on the panel.

For an indicator, a level of region (cities for a city), an as-of year A and a horizon h, every region of
that level and every window year t with t + h <= A gives a pair (all years <= A):
  x = past growth, the mean annual change over up to LOOKBACK years up to t (model scale: log for
      amounts and counts, logit for shares), from n changes with sample variance s^2;
  y = next growth, the mean annual change from t to t + h.
Within each window year (regions against their class that year), an empirical-Bayes regression toward
the mean, corrected for the noise in x:
  C = cov(x, y)                       how much past growth carried over,
  V_true = var(x) - mean(s^2 / n)     the spread of true growth between regions,
  w = C / (V_true + s_i^2 / n_i)      weight on a series' own growth x_i (0 for a single own point),
  next growth ~ m_y + w (x_i - m_x),  variance var(y) - w C + V_time,
where m_y is the class's mean next growth over the windows, m_x the class's mean past growth in A, and
V_time the variance of the class's mean over window years (shocks every region shares). The sd is then
multiplied by a spread factor: what made the classes measured as of earlier years hold 80% of the
outcomes they had not seen (still only years <= A). Recent windows weigh more (HALF_LIFE).
Pritchett & Summers (2014) found growth persistence near zero across countries: w near 0 means "expect
what the class did next", whatever the series did before.

The class's own windows say little about its next era when they are few (as of 2012 a city class has one
5-year window, the 2007-2012 boom). With the broad prior (broad_prior.py, learned offline from many yearly
series of many eras), the class's mean next growth keeps weight k / (k + kappa) for the k separate h-year
windows it really has, the rest going to the panel's centre: the median over every class on the same scale
(all indicators and levels, windows up to the as-of year, the provinces' long series among them) of its mean
next growth, itself shrunk toward the broad mean by the separate windows the panel has. So do the era-shock variance
(V_time, toward the broad within-series variance) and the sd (toward the broad h-year error quantiles for series of that
volatility: a band no wider or narrower than comparable series' errors). prior=None leaves the class as measured.

When the own level has too few regions, another level (provinces for a city) is used and its variance
widened by the ratio of dispersions between the two levels measured on the other indicators on the same
scale at the same as-of year and horizon; if that ratio cannot be measured the outside view refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..cleaning.panel import kind_of
from ..forecasting.intervals import Z80
from ..notes import Note
from ..reference.regions import level_of
from .broad_prior import SHIPPED, BroadPrior, resolve_prior
from .centre import SCALE_OF, indicators_on_scale, level_matrix, panel_centre
from .panel_cache import memo

LOOKBACK = 5  # past growth is the mean annual change over at most this many years
MIN_SAME_LEVEL = 5  # regions of the own level needed to use that level alone
MIN_PAIRS = 20  # (past, next) pairs needed to measure the class at a horizon
MIN_WINDOWS = 3  # window years needed to measure how the class's mean growth varies over time
HALF_LIFE = 4.0  # years: a window ending k years before the as-of year weighs 2^(-k / HALF_LIFE)
CHECK_YEARS = 3  # earlier as-of years whose unseen windows check the spread
SPREAD_LIMITS = (0.8, 3.0)
MIN_VAR = 1e-6  # floor for variances (model scale, per year squared)


@dataclass(frozen=True)
class GrowthPrior:
    """What the reference class did: moments of (past growth, next growth) pairs on the model scale."""

    indicator: str
    level: str
    as_of: int
    horizon: int  # horizon of the next growth actually measured (<= the horizon asked)
    n_pairs: int
    n_regions: int
    mean_past: float
    mean_next: float
    var_next: float
    cov: float
    var_true: float
    noise_pool: float  # typical s^2 of annual changes (used when a series has fewer than 2 changes)
    var_time: float = 0.0  # variance of the class's mean next growth over window years (shared shocks)
    widen: float = 1.0  # variance factor for a class of another level
    spread: float = 1.0  # sd factor that made earlier predictions hold 80% of their unseen outcomes
    own_weight: float = 1.0  # weight of the class's own windows against the broad prior (1: no broad prior)
    broad: BroadPrior | None = None

    def predict(self, own_growth: float | None, n_changes: int, noise: float | None) -> tuple[float, float, float]:
        """(mean, sd, weight) of the next mean annual growth for a series with this own growth."""
        s2 = self.noise_pool if noise is None or n_changes < 2 else noise
        if own_growth is None or n_changes < 1:
            mean, var, w = self.mean_next, self.var_next + self.var_time, 0.0
        else:
            w = float(np.clip(self.cov / (self.var_true + s2 / n_changes), 0.0, 1.0))
            mean = self.mean_next + w * (own_growth - self.mean_past)
            var = max(self.var_next - w * self.cov, MIN_VAR) + self.var_time
        var *= self.widen
        if self.broad is not None:
            low, _, high = self.broad.residual_quantiles(self.horizon, float(np.sqrt(s2)), own_growth if w else None)
            var = self.own_weight * var + (1 - self.own_weight) * ((high - low) / (2 * Z80)) ** 2
        return float(mean), self.spread * float(np.sqrt(var)), w

    def describe(self) -> Note:
        wide = Note("widened", widen=float(self.widen)) if self.widen != 1 else ""
        return Note(
            "reference_class",
            pairs=self.n_pairs,
            horizon=self.horizon,
            indicator=self.indicator,
            regions=self.n_regions,
            level=self.level,
            as_of=self.as_of,
            widened=wide,
        )

    def with_broad(self, broad: BroadPrior, pairs: pd.DataFrame, centre: float) -> GrowthPrior:
        """The class's mean next growth, era-shock variance and sd shrunk toward the panel's centre and the broad
        prior by the number of separate windows the class really has."""
        windows = (pairs["t"].max() - pairs["t"].min()) / self.horizon + 1
        k = broad.window_weight(self.horizon, windows)
        at = broad.at(self.horizon)
        return replace(
            self,
            own_weight=k,
            broad=broad,
            mean_next=k * self.mean_next + (1 - k) * centre,
            var_time=k * self.var_time + (1 - k) * at["shock_var"],
        )


def own_growth(z: np.ndarray, years: np.ndarray) -> tuple[float | None, int, float | None]:
    """(mean, count, variance) of a series' consecutive annual changes over its last LOOKBACK years."""
    keep = years >= years[-1] - LOOKBACK
    t, v = years[keep], z[keep]
    d = np.diff(v)[np.diff(t) == 1]
    if len(d) == 0:
        return None, 0, None
    return float(d.mean()), len(d), (float(d.var(ddof=1)) if len(d) > 1 else None)


def _changes(matrix: pd.DataFrame, as_of: int) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Years up to as_of, values (regions × years) and annual changes (NaN across gaps)."""
    years = [y for y in matrix.columns if y <= as_of]
    z = matrix[years].to_numpy()
    d = np.diff(z, axis=1)  # d[:, j] is the change from years[j] to years[j + 1] (NaN where either is missing)
    d[:, np.diff(np.asarray(years)) != 1] = np.nan
    return years, z, d


def _past(d: np.ndarray, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, count and sample variance of each region's changes over the LOOKBACK years up to index j."""
    past = d[:, max(0, j - LOOKBACK) : j]
    n = np.sum(~np.isnan(past), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.nansum(past, axis=1) / n
        s2 = np.where(n >= 2, np.nansum((past - x[:, None]) ** 2, axis=1) / (n - 1), np.nan)
    return x, n, s2


def _pairs(matrix: pd.DataFrame, as_of: int, horizon: int) -> pd.DataFrame:
    """(window year, past growth, n, s^2, next growth, weight) for every region and t with t + horizon <= as_of."""
    years, z, d = _changes(matrix, as_of)
    out = []
    for j, t in enumerate(years):
        if j == 0 or t + horizon > as_of or (t + horizon) not in years:
            continue
        x, n, s2 = _past(d, j)
        nxt = (z[:, years.index(t + horizon)] - z[:, j]) / horizon
        ok = (n >= 1) & ~np.isnan(nxt)
        if ok.any():
            out.append(
                pd.DataFrame(
                    {
                        "t": t,
                        "region": matrix.index[ok],
                        "x": x[ok],
                        "n": n[ok],
                        "s2": s2[ok],
                        "y": nxt[ok],
                        "weight": 0.5 ** ((as_of - t - horizon) / HALF_LIFE),
                    }
                )
            )
    return (
        pd.concat(out, ignore_index=True)
        if out
        else pd.DataFrame(columns=["t", "region", "x", "n", "s2", "y", "weight"])
    )


def _class_growth_now(matrix: pd.DataFrame, as_of: int) -> float | None:
    """Mean past growth of the class in the as-of year (what a series' own growth is compared with)."""
    years, _, d = _changes(matrix, as_of)
    x, n, _ = _past(d, len(years) - 1)
    return float(np.mean(x[n >= 1])) if (n >= 1).any() else None


def _time_variance(pairs: pd.DataFrame) -> float | None:
    """Recency-weighted variance over window years of the class's mean next growth (shocks all regions share)."""
    windows = pairs.groupby("t").agg(y=("y", "mean"), weight=("weight", "first"))
    if len(windows) < MIN_WINDOWS:
        return None
    w = windows["weight"] / windows["weight"].sum()
    return float(w @ (windows["y"] - w @ windows["y"]) ** 2)


def _spread_factor(panel, indicator, level, as_of, horizon, broad) -> float:
    """How much wider the prediction must be to have held 80% of the outcomes resolved by as_of: the
    classes measured as of earlier years (as_of - horizon - k), checked on the windows they did not see."""
    matrix = level_matrix(panel, indicator, level)
    z = []
    for back in range(CHECK_YEARS):
        start = as_of - horizon - back
        prior = _level_prior(panel, indicator, level, start, horizon, calibrated=False, broad=broad)
        if prior is None:
            continue
        pairs = _pairs(matrix, start + horizon, horizon)
        pairs = pairs[pairs["t"] == start]
        for row in pairs.itertuples():
            mean, sd, _ = prior.predict(row.x, row.n, None if np.isnan(row.s2) else row.s2)
            z.append((row.y - mean) / sd)
    if len(z) < MIN_PAIRS:
        return 1.0
    return float(np.clip(np.quantile(np.abs(z), 0.8) / Z80, *SPREAD_LIMITS))


def _moments(
    pairs: pd.DataFrame, now: float, var_time: float, indicator: str, level: str, as_of: int, horizon: int
) -> GrowthPrior:
    """Moments within window years (regions relative to their class that year) and the class's mean."""
    w = pairs["weight"].to_numpy() / pairs["weight"].sum()
    by_t = pairs.groupby("t")
    dx = (pairs["x"] - by_t["x"].transform("mean")).to_numpy()
    dy = (pairs["y"] - by_t["y"].transform("mean")).to_numpy()
    var_x = float(w @ dx**2)
    # with no series of 2+ changes, all past dispersion counts as noise: w is then the plain regression slope
    noise_pool = float(np.nanmedian(pairs["s2"])) if pairs["s2"].notna().any() else var_x
    s2 = pairs["s2"].fillna(noise_pool).to_numpy()
    return GrowthPrior(
        indicator,
        level,
        as_of,
        horizon,
        len(pairs),
        pairs["region"].nunique(),
        mean_past=now,
        mean_next=float(w @ pairs["y"].to_numpy()),
        var_next=max(float(w @ dy**2), MIN_VAR),
        cov=float(w @ (dx * dy)),
        var_true=max(var_x - float(w @ (s2 / pairs["n"].to_numpy())), MIN_VAR),
        noise_pool=noise_pool,
        var_time=var_time,
    )


def _level_prior(
    panel, indicator, level, as_of, horizon, calibrated: bool = True, broad: BroadPrior | None = None
) -> GrowthPrior | None:
    """The class of one level at the longest measurable horizon up to the one asked (computed once)."""
    return memo(
        panel,
        "prior",
        (indicator, level, as_of, horizon, calibrated, id(broad)),
        lambda: _measure(panel, indicator, level, as_of, horizon, calibrated, broad),
    )


def _measure(panel, indicator, level, as_of, horizon, calibrated, broad) -> GrowthPrior | None:
    matrix = level_matrix(panel, indicator, level)
    now = _class_growth_now(matrix, as_of) if len(matrix) >= MIN_SAME_LEVEL else None
    if now is None:
        return None
    yearly = _pairs(matrix, as_of, 1)
    for h in range(horizon, 0, -1):
        pairs = yearly if h == 1 else _pairs(matrix, as_of, h)
        if len(pairs) >= MIN_PAIRS:
            # too few window years at this horizon: the year-to-year variation of the class mean, else all spread
            var_time = (
                _time_variance(pairs) or (_time_variance(yearly) if len(yearly) else None) or float(np.var(pairs["y"]))
            )
            prior = _moments(pairs, now, var_time, indicator, level, as_of, h)
            if calibrated:
                prior = replace(prior, spread=_spread_factor(panel, indicator, level, as_of, h, broad))
            scale = SCALE_OF.get(kind_of(indicator))
            if broad is not None and scale != "identity":
                prior = prior.with_broad(broad, pairs, panel_centre(panel, indicator, as_of, h, broad))
            return prior
    return None


def _dispersion_ratio(panel, indicator, own: str, other: str, as_of: int, horizon: int) -> float | None:
    """Median over the other indicators on the same scale of var(next growth) in the own level / in the other level."""
    ratios = []
    for name in indicators_on_scale(panel, SCALE_OF[kind_of(indicator)]):
        if name == indicator:
            continue
        # var_next alone is compared, which the spread calibration leaves as it is: skip that calibration
        a, b = (_level_prior(panel, name, level, as_of, horizon, calibrated=False) for level in (own, other))
        if a is not None and b is not None and a.horizon == b.horizon:
            ratios.append(a.var_next / b.var_next)
    return float(np.median(ratios)) if ratios else None


def growth_prior(
    panel: pd.DataFrame, indicator: str, region: str, as_of: int, horizon: int, broad=SHIPPED
) -> tuple[GrowthPrior | None, str]:
    """The reference class for a region's indicator (years <= as_of), and a note on what was used or why not;
    `broad`: the broad prior it is shrunk toward (default the shipped data/models/growth_prior.json; None: none)."""
    level, broad = level_of(region), resolve_prior(broad)
    return memo(
        panel,
        "growth_prior",
        (indicator, level, as_of, horizon, id(broad)),
        lambda: _choose_class(panel, indicator, level, as_of, horizon, broad),
    )


def _choose_class(panel, indicator, own, as_of, horizon, broad) -> tuple[GrowthPrior | None, str]:
    prior = _level_prior(panel, indicator, own, as_of, horizon, broad=broad)
    if prior is not None:
        return prior, prior.describe()
    for other in ("province", "prefecture", "nation"):
        prior = None if other == own else _level_prior(panel, indicator, other, as_of, horizon, broad=broad)
        if prior is None:
            continue
        ratio = _dispersion_ratio(panel, indicator, own, other, as_of, prior.horizon)
        if ratio is None:
            return None, Note("outside_refused", level=own, indicator=indicator, as_of=as_of, other=other)
        prior = replace(prior, widen=max(ratio, 1.0))
        return prior, prior.describe()
    return None, Note("outside_too_few", indicator=indicator, as_of=as_of)
