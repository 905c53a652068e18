"""Will a target be met? Probability by the target's own rule, required vs observed growth, a status.

    a = assess(target, panel, as_of=2012)      # only data with year <= 2012
    a.status, a.probability, a.progress.required_growth, a.progress.eurostat_band, a.basis, a.notes
    a.forecast.interval(80)                    # the Forecast the probability came from

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

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..forecasting.calibration import SHIPPED
from ..notes import Note
from ..projection.panel_cache import own_series
from ..projection.shrinkage import shrunk_paths
from ..reference.phrases import render
from .spec import Target

PROGRESS_COLUMNS = (  # the `Progress` fields a scorecard row carries, in its order
    "required_growth",
    "observed_growth_5y",
    "observed_growth_all",
    "eurostat_ratio",
    "eurostat_band",
    "un_ratio",
    "un_band",
)

STATUS_BANDS = (("on track", 0.7), ("at risk", 0.3), ("off track", 0.0))  # probability >= bound
EUROSTAT_BANDS = (("significant progress", 95), ("moderate progress", 60), ("insufficient progress", 0))
UN_BANDS = (("on track", 0.95), ("fair progress", 0.10))


@dataclass
class Progress:
    """Observed growth against the growth the target requires, and the Eurostat and UN measures."""

    last_year: int | None = None
    last_value: float | None = None
    required_growth: float | None = None  # % a year, from the last observation to the target
    observed_growth_5y: float | None = None
    observed_growth_all: float | None = None
    eurostat_ratio: float | None = None
    eurostat_band: str | None = None
    un_ratio: float | None = None
    un_band: str | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Assessment:
    """Language-neutral: codes, ids and numbers. `reporting.tables` and `reporting.charts` translate."""

    target: Target
    as_of: int | None
    status: str  # a STATUS code: met, missed, on track, at risk, off track, no data, milestone
    probability: float | None = None
    outcome: float | None = None  # the value (or average growth, %) in the target year, if known
    progress: Progress = field(default_factory=Progress)
    basis: Note | str = ""  # a Note: said in zh or en by reference.phrases.render
    notes: list[Note] = field(default_factory=list)
    forecast: object | None = field(default=None, repr=False)  # the Forecast of the paths, if simulated
    history: pd.Series | None = field(default=None, repr=False)

    @property
    def target_id(self) -> str:
        return self.target.id

    @property
    def indicator(self) -> str | None:
        return self.target.indicator

    @property
    def weak_basis(self) -> list[Note]:
        """Why the probability rests on little (few own points, a reference class of another level); [] if not."""
        code, params = getattr(self.basis, "code", None), getattr(self.basis, "params", {})
        if code not in ("outside_view", "shrunk", "own_alone", "broad_prior"):
            return []
        why = [Note("weak_points" if code == "outside_view" else "weak_short", points=params["points"])]
        return why + ([Note("weak_level")] if params.get("other_level") else [])

    def row(self) -> dict:
        t, p = self.target, self.progress
        return {
            "target_id": t.id,
            "clause": t.clause,
            "kind": t.kind,
            "indicator": t.indicator,
            "unit": t.unit,
            "rule": t.rule.describe(),
            "as_of": self.as_of,
            "status": self.status,
            "target_value": t.rule.target_level if t.measurable else None,
            "probability": self.probability,
            "last_year": p.last_year,
            "last_value": p.last_value,
            "outcome": self.outcome,
            **{k: getattr(p, k) for k in PROGRESS_COLUMNS},
            "basis": getattr(self.basis, "code", self.basis),
            "method": method_code(self.basis),
            "notes": "; ".join(render(n, "en") for n in self.notes),
        }


def method_code(basis) -> str | None:
    """The forecast method a basis names ('auto', 'cagr'), None when no model was fitted."""
    method = getattr(basis, "params", {}).get("method")
    return None if method is None else method.params.get("name", method.code)


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


def _progress(target: Target, series: pd.Series) -> Progress:
    years, values = series.index.to_numpy(), series.to_numpy()
    p = Progress(last_year=int(years[-1]), last_value=float(values[-1]))
    five = series[series.index >= years[-1] - 5]
    p.observed_growth_5y = _cagr(five.index[0], five.iloc[0], years[-1], values[-1])
    p.observed_growth_all = _cagr(years[0], values[0], years[-1], values[-1])
    end = target.rule.target_level
    if end is None or target.year <= years[-1]:
        return p
    p.required_growth = _cagr(years[-1], values[-1], target.year, end)
    if p.required_growth is not None and p.required_growth <= 0:
        p.notes.append(Note("already_met"))
    elif p.required_growth and p.observed_growth_5y is not None:
        p.eurostat_ratio = p.observed_growth_5y / p.required_growth * 100
        p.eurostat_band = "moving away" if p.eurostat_ratio < 0 else _band(p.eurostat_ratio, EUROSTAT_BANDS)
    base_year = target.baseline_year or int(years[0])
    base = target.baseline_value if target.baseline_value is not None else float(values[0])
    growth = _cagr(base_year, base, years[-1], values[-1]) if base_year < years[-1] else p.observed_growth_all
    if growth is not None and end != base:
        projected = values[-1] * (1 + growth / 100) ** (target.year - years[-1])
        p.un_ratio = (projected - base) / (end - base)
        p.un_band = _band(p.un_ratio, UN_BANDS) or "stagnation or regression"
    return p


def assess(
    target: Target,
    panel: pd.DataFrame,
    as_of: int | None = None,
    method: str = "auto",
    n_paths: int = 2000,
    seed: int = 0,
    region: str | None = None,
    calibration=SHIPPED,
    prior=SHIPPED,
) -> Assessment:
    """Assess one target using only data with year <= as_of (all data if None). `calibration` is what widens
    the own model's intervals: by default the project's data/models/calibration.json, as the report uses it
    (each year's part is used only for series ending by then); a `load_calibration(path)`; or None for none.
    `prior`: the broad growth prior (default data/models/growth_prior.json; None for none)."""
    if region and region != target.region:
        target = replace(target, region=region)
    notes = [Note("text", en=target.note, zh=target.note_zh or target.note)] if target.note else []
    if not target.measurable:
        return Assessment(target, as_of, "milestone", basis=Note("milestone"), notes=notes)
    series, series_notes = own_series(panel, target.region, target.indicator, as_of)
    notes += series_notes
    if series.empty:
        return Assessment(target, as_of, "no data", basis=Note("no_values"), notes=notes, history=series)
    progress = _progress(target, series)
    notes += progress.notes
    result = dict(target=target, as_of=as_of, progress=progress, notes=notes, history=series)
    rule, needed = target.rule, target.rule.years()
    observed = {y: np.array([series[y]]) for y in needed if y in series.index}
    if len(observed) == len(needed):
        met = bool(rule.meets(observed)[0])
        if not met and rule.per_year:
            notes.append(Note("broken_in", breaks=list(rule.breaks(series))))
        return Assessment(
            **result,
            status="met" if met else "missed",
            probability=float(met),
            basis=Note("observed"),
            outcome=rule.outcome(observed),
        )
    last = int(series.index[-1])
    past_gaps = [y for y in needed if y <= last and y not in observed]
    if past_gaps or target.year <= last:
        return Assessment(
            **result, status="no data", basis=Note("no_value_for", years=list(past_gaps or [target.year]))
        )
    simulated, basis, sim_notes = shrunk_paths(
        series,
        target.indicator,
        target.region,
        panel,
        as_of,
        target.year - last,
        method,
        n_paths,
        seed,
        calibration,
        prior,
    )
    notes += sim_notes
    if simulated is None:
        return Assessment(**result, status="no data", basis=basis)
    future = {y: simulated.paths[:, i] for i, y in enumerate(simulated.years) if y in needed}
    probability = float(np.mean(rule.meets({**observed, **future})))
    return Assessment(
        **result, status=status_for(probability), probability=probability, basis=basis, forecast=simulated
    )


def scorecard(targets, panel: pd.DataFrame, as_of: int | None = None, **kwargs) -> pd.DataFrame:
    """One row per target (milestones and targets without data included); language-neutral (no text:
    `reporting.tables.with_text` adds it)."""
    return pd.DataFrame([assess(t, panel, as_of=as_of, **kwargs).row() for t in targets.values()])


def rule_code(target) -> str:
    """What a target asks, as a language-neutral code: 'level>=1500@2017', 'growth>=15%/yr@2012-2017',
    'yearly_min>=35@2013-2017', 'monotone@2013-2017', 'milestone@2017'."""
    k = target.kind
    bound = (
        f">={target.rate:g}%/yr" if k == "growth" else "" if k in ("monotone", "milestone") else f">={target.value:g}"
    )
    start = target.baseline_year if k == "growth" else target.start if k in ("yearly_min", "monotone") else None
    return f"{k}{bound}@" + (f"{start}-{target.year}" if start else f"{target.year or ''}")


def asked(target) -> float | None:
    """What a target asks, as one number: a growth target's rate (% a year), else the level its rule asks in the
    target year; None when it asks no level (rising every year, milestones)."""
    if not target.measurable or target.kind == "monotone":
        return None
    return target.rate if target.kind == "growth" else target.rule.target_level


def gap(a) -> float | None:
    """The outcome minus what the target asked (`asked`); None while the outcome is not known."""
    wanted = asked(a.target)
    return None if a.outcome is None or wanted is None else a.outcome - wanted


VIEW_COLUMNS = ("status", "probability", "last_year", "last_value", "outcome", *PROGRESS_COLUMNS, "basis", "method")


def scorecard_rows(before: list | None, after: list) -> pd.DataFrame:
    """The one scorecard schema (`qy assess --format csv|json`, with --latest-only or --as-of too, and a run's
    scorecard.csv): per target its region code, codes and numbers, the ex-ante view (`*_ante`, data up to
    `as_of`; empty when `before` is None) and the view from the latest data (`*_latest`), the gap and the notes
    (English). No text in any language: displays add it (`reporting.tables`)."""
    rows = []
    for i, b in enumerate(after):
        a = before[i] if before is not None else None
        t, ante, latest = b.target, a.row() if a else {}, b.row()
        rows.append(
            {
                "region": t.region,
                "target_id": t.id,
                "clause": t.clause,
                "kind": t.kind,
                "indicator": t.indicator,
                "unit": t.unit,
                "rule": rule_code(t),
                "asked": asked(t),
                "target_year": t.year,
                "as_of": a.as_of if a else None,
                **{f"{k}_ante": ante.get(k) for k in VIEW_COLUMNS},
                **{f"{k}_latest": latest[k] for k in VIEW_COLUMNS},
                "gap": gap(b),
                "notes": latest["notes"],
            }
        )
    return pd.DataFrame(rows).astype(
        {"as_of": "Int64", "last_year_ante": "Int64", "last_year_latest": "Int64", "target_year": "Int64"}
    )
