"""Will a target be met? Probability by the target's own rule, required vs observed growth, a status.

    a = assess(target, panel, as_of=2012)      # only data with year <= 2012
    a.status, a.probability, a.required_growth, a.eurostat_band, a.basis, a.notes

Ex-post (the target's years are all observed): met / missed. Ex-ante: simulated paths from the
series' own model (`forecast`), from the outside view (comparable series) when the series is short,
or from both; the probability is the share of paths that meet the target by its rule (level in the
target year, average growth over the period, a minimum every year, rising every year).

Progress measures, so results can be compared with official progress reports:
  Eurostat SDG: observed growth / required growth: >= 95% significant progress, 60-95% moderate,
    0-60% insufficient, < 0 moving away;
  UN Progress Chart: (value projected by observed growth - baseline) / (target - baseline):
    >= 0.95 on track, 0.10-0.95 fair progress, < 0.10 stagnation or regression.
Status thresholds for the probability are STATUS_BANDS, here and nowhere else.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from .panel_cache import own_series
from .shrinkage import shrunk_paths
from .spec import Target

STATUS_BANDS = (("on track", 0.7), ("at risk", 0.3), ("off track", 0.0))  # probability >= bound
EUROSTAT_BANDS = (("significant progress", 95), ("moderate progress", 60), ("insufficient progress", 0))
UN_BANDS = (("on track", 0.95), ("fair progress", 0.10))


@dataclass
class Assessment:
    target_id: str
    clause: str
    text: str
    kind: str
    indicator: str | None
    unit: str | None
    rule: str
    as_of: int | None
    status: str
    target_value: float | None = None     # the level the rule asks for in the target year (for charts)
    probability: float | None = None
    last_year: int | None = None
    last_value: float | None = None
    outcome: float | None = None          # the value (or average growth, %) in the target year, if known
    required_growth: float | None = None  # % a year, from the last observation to the target
    observed_growth_5y: float | None = None
    observed_growth_all: float | None = None
    eurostat_ratio: float | None = None
    eurostat_band: str | None = None
    un_ratio: float | None = None
    un_band: str | None = None
    basis: str = ""
    notes: list[str] = field(default_factory=list)
    paths: np.ndarray | None = field(default=None, repr=False)
    path_years: list[int] = field(default_factory=list, repr=False)
    history: pd.Series | None = field(default=None, repr=False)

    def row(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k not in ("paths", "path_years", "history", "notes")}
        out["notes"] = "; ".join(self.notes)
        return out


def _cagr(first_year, first, last_year, last) -> float | None:
    if last_year <= first_year or first <= 0 or last <= 0:
        return None
    return ((last / first) ** (1 / (last_year - first_year)) - 1) * 100


def _band(value, bands) -> str | None:
    if value is None:
        return None
    for name, bound in bands:
        if value >= bound:
            return name
    return None


def status_for(probability: float) -> str:
    return next(name for name, bound in STATUS_BANDS if probability >= bound)


def _meets(target: Target, values: dict[int, np.ndarray]) -> np.ndarray:
    """Whether each path (or the observed values) meets the target by its rule."""
    years = target.rule_years()
    if target.kind == "growth":
        base, end = values[years[0]], values[years[-1]]
        return (end / base) ** (1 / (years[-1] - years[0])) - 1 >= target.rate / 100 - 1e-12
    if target.kind == "yearly_min":
        return np.logical_and.reduce(np.broadcast_arrays(*[values[y] >= target.value for y in years]))
    if target.kind == "monotone":
        return np.logical_and.reduce(np.broadcast_arrays(*[values[b] > values[a] for a, b in zip(years, years[1:])]))
    return values[target.year] >= target.value - 1e-12


def _end_value(target: Target) -> float | None:
    """The level the target asks for in its final year (None for yearly minimums and monotone targets)."""
    if target.kind == "growth":
        return target.baseline_value * (1 + target.rate / 100) ** (target.year - target.baseline_year)
    return target.value if target.kind in ("level", "share", "count") else None


def _progress(target: Target, series: pd.Series, a: Assessment) -> None:
    years, values = series.index.to_numpy(), series.to_numpy()
    a.last_year, a.last_value = int(years[-1]), float(values[-1])
    five = series[series.index >= years[-1] - 5]
    a.observed_growth_5y = _cagr(five.index[0], five.iloc[0], years[-1], values[-1])
    a.observed_growth_all = _cagr(years[0], values[0], years[-1], values[-1])
    end = _end_value(target)
    if end is None or target.year <= years[-1]:
        return
    a.required_growth = _cagr(years[-1], values[-1], target.year, end)
    if a.required_growth is not None and a.required_growth <= 0:
        a.notes.append("the last value already meets the target level")
    elif a.required_growth and a.observed_growth_5y is not None:
        a.eurostat_ratio = a.observed_growth_5y / a.required_growth * 100
        a.eurostat_band = "moving away" if a.eurostat_ratio < 0 else _band(a.eurostat_ratio, EUROSTAT_BANDS)
    base_year = target.baseline_year or int(years[0])
    base = target.baseline_value if target.baseline_value is not None else float(values[0])
    growth = _cagr(base_year, base, years[-1], values[-1]) if base_year < years[-1] else a.observed_growth_all
    if growth is not None and end != base:
        projected = values[-1] * (1 + growth / 100) ** (target.year - years[-1])
        a.un_ratio = (projected - base) / (end - base)
        a.un_band = _band(a.un_ratio, UN_BANDS) or "stagnation or regression"


def _simulate(target, panel, series, as_of, method, n_paths, seed, a) -> np.ndarray | None:
    """Paths (n_paths × years after the last observation up to the target year), and a.basis."""
    made = shrunk_paths(series, target.indicator, target.region, panel, as_of,
                        target.year - int(series.index[-1]), method, n_paths, seed)
    a.notes += made.notes
    a.basis = made.basis
    return made.paths


def assess(target: Target, panel: pd.DataFrame, as_of: int | None = None, method: str = "auto",
           n_paths: int = 2000, seed: int = 0, region: str | None = None, lang: str = "zh") -> Assessment:
    """Assess one target using only data with year <= as_of (all data if None)."""
    if region and region != target.region:
        target = Target(**{**asdict(target), "region": region})
    a = Assessment(target.id, target.clause, target.text(lang), target.kind, target.indicator, target.unit,
                   target.describe(), as_of, status="milestone",
                   target_value=_end_value(target) if target.measurable and target.kind != "monotone" and
                   (target.value is not None or target.kind == "growth") else None)
    if target.note:
        a.notes.append(target.note)
    if not target.measurable:
        a.basis = "milestone: listed, not forecast"
        return a
    series, notes = own_series(panel, target.region, target.indicator, as_of)
    a.notes += notes
    a.history = series
    if series.empty:
        a.status, a.basis = "no data", "no observed values"
        return a
    _progress(target, series, a)
    needed = target.rule_years()
    observed = {y: np.array([series[y]]) for y in needed if y in series.index}
    if len(observed) == len(needed):
        met = bool(_meets(target, observed)[0])
        a.status, a.probability, a.basis = ("met" if met else "missed"), float(met), "observed"
        a.outcome = _outcome(target, observed)
        if not met and target.kind in ("monotone", "yearly_min"):
            a.notes.append("broken in " + ", ".join(_breaks(target, series)))
        return a
    last = int(series.index[-1])
    past_gaps = [y for y in needed if y <= last and y not in observed]
    if past_gaps or target.year <= last:
        a.status, a.basis = "no data", f"no observed value for {', '.join(map(str, past_gaps or [target.year]))}"
        return a
    paths = _simulate(target, panel, series, as_of, method, n_paths, seed, a)
    if paths is None:
        a.status, a.basis = "no data", "too few points and no comparable series: no forecast can be made"
        return a
    future_years = list(range(last + 1, target.year + 1))
    values = {**observed, **{y: paths[:, i] for i, y in enumerate(future_years) if y in needed}}
    a.paths, a.path_years = paths, future_years
    a.probability = float(np.mean(_meets(target, values)))
    a.status = status_for(a.probability)
    return a


def _breaks(target: Target, series: pd.Series) -> list[str]:
    years = target.rule_years()
    if target.kind == "monotone":
        return [f"{b} ({series[a]:.4g} -> {series[b]:.4g})" for a, b in zip(years, years[1:]) if series[b] <= series[a]]
    return [f"{y} ({series[y]:.4g} < {target.value:g})" for y in years if series[y] < target.value]


def _outcome(target: Target, observed: dict) -> float:
    if target.kind == "growth":
        years = target.rule_years()
        return float(_cagr(years[0], observed[years[0]][0], years[-1], observed[years[-1]][0]))
    return float(observed[target.year][0])


def scorecard(targets, panel: pd.DataFrame, as_of: int | None = None, lang: str = "zh", **kwargs) -> pd.DataFrame:
    """One row per target (milestones and targets without data included)."""
    return pd.DataFrame([assess(t, panel, as_of=as_of, lang=lang, **kwargs).row() for t in targets.values()])


def plan_review(targets, panel: pd.DataFrame, base_year: int, lang: str = "zh", **kwargs) -> pd.DataFrame:
    """Every target ex-ante as of the plan's base year, and as of the latest data (ex-post where known)."""
    before = scorecard(targets, panel, as_of=base_year, lang=lang, **kwargs)
    latest = scorecard(targets, panel, as_of=None, lang=lang, **kwargs)
    keep = ["status", "probability", "last_year", "last_value", "basis"]
    review = before[["target_id", "clause", "text", "rule", *keep]].rename(columns={k: f"{k}_{base_year}" for k in keep})
    latest_cols = latest[[*keep, "outcome", "required_growth", "observed_growth_5y", "eurostat_band", "un_band", "notes"]]
    return pd.concat([review, latest_cols.rename(columns={k: f"{k}_latest" for k in keep})], axis=1)
