"""Scenarios: the researcher's own growth assumptions, checked against the plan's targets.

    spec = {"region": "441800", "as_of": 2012, "end": 2017,       # default: the plan's region and years
            "indicators": {"st_expenditure": {"growth": 20},               # % a year, every year
                           "budget_expenditure": {"growth": [8, 8, 7, 7, 6]},  # or one value per year
                           "patent_applications": {"growth": 15, "shock": {"year": 2015, "change": -10},
                                                   "spread": 5}}}           # sd of annual growth, pp
    scenario = Scenario.from_dict(spec)          # the project's panel; a plan's defaults with plan=load_plan(path)
    scenario = Scenario.from_file("data/scenarios/qingyuan_from_2012.yaml", spread=5)   # a YAML spec, overridden
    evaluate(scenario, targets)                  # each target it touches: value, met?, probability
    sweep(scenario, {"st_expenditure": np.arange(0, 31), "budget_expenditure": np.arange(0, 16)}, target)
    what_it_takes(scenario, target, "st_expenditure")   # the constant growth that meets it exactly

Each indicator starts from its last value observed up to `as_of` and grows every year after that
observation up to `end`. Ratio indicators (fiscal S&T share, R&D intensity) are driven through their
parts. Sweeps evaluate a whole grid at once with numpy; "what it takes" is solved in closed form.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..cleaning.panel import load_panel, model_series
from ..errors import DataError, RegionError
from ..inputs import MAX_PATHS, whole_number
from ..paths import project_path
from ..reference import catalogue
from ..reference.regions import region_code
from .rules import at_least, at_most
from .scenario_files import by_id, check_assumption, read_spec
from .spec import Target, load_plan

FIRST_YEAR, LAST_YEAR = 1949, 2100  # a scenario's years: as_of and end (end 1000000 would need 8 GB)


@dataclass
class Assumption:
    indicator: str
    start_year: int
    start_value: float
    growth: np.ndarray  # % a year, one value per year after start_year
    shock_year: int | None = None
    shock: float = 0.0  # one-off % change in shock_year, on top of growth
    spread: float = 0.0  # sd of annual growth, percentage points

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year + 1, self.start_year + 1 + len(self.growth)))

    def factors(self, growth: np.ndarray | None = None) -> np.ndarray:
        """Year-on-year factors (…, n_years): growth (% a year, broadcastable) and the shock."""
        growth = self.growth if growth is None else growth
        factors = 1 + np.asarray(growth, dtype=float) / 100
        if self.shock_year is not None:
            shock = np.ones(len(self.years))
            shock[self.years.index(self.shock_year)] = 1 + self.shock / 100
            factors = factors * shock
        return factors


@dataclass
class Scenario:
    region: str
    as_of: int | None
    end: int
    assumptions: dict[str, Assumption] = field(default_factory=dict)
    left_out: dict[str, str] = field(default_factory=dict)  # indicator: why (only with missing="skip")

    @classmethod
    def from_file(
        cls, path, panel: pd.DataFrame | None = None, plan=None, missing: str = "raise", **overrides
    ) -> Scenario:
        """A scenario file (YAML; a relative path is looked up in the project folder when absent here) with
        `read_spec`'s overrides (growth, spread, region, as_of, end), anchored as `from_dict` does."""
        path = Path(path)
        if not path.is_absolute() and not path.exists():
            path = project_path(path)
        return cls.from_dict(read_spec(path, **overrides), panel, source=str(path), plan=plan, missing=missing)

    @classmethod
    def from_dict(
        cls, spec: dict, panel: pd.DataFrame | None = None, source: str = "scenario", plan=None, missing: str = "raise"
    ) -> Scenario:
        """Check a spec and anchor each indicator at its last observed value in `panel` (default: the project's);
        DataError on any mistake. `region`, `as_of` and `end` default to the plan's region, base year and target
        year (the project's plan, `load_plan()`, when none is given). An indicator with no value up to `as_of` to
        start from is an error, or with missing="skip" is left out and named in `left_out`, so that a report on a
        region lacking it can say so and go on."""
        if missing not in ("raise", "skip"):
            raise ValueError(f"missing={missing!r}: expected 'raise' or 'skip'")
        if panel is None:
            panel = load_panel()
        if not isinstance(spec, dict) or not isinstance(spec.get("indicators"), dict) or not spec["indicators"]:
            raise DataError(f"{source}: expected a mapping with 'indicators': {{indicator id: {{growth: …}}}}")
        if plan is None and (spec.get("region") is None or spec.get("end") is None):
            plan = load_plan()  # the project's plan gives what the spec leaves out
        defaults = {"region": plan.region, "as_of": plan.base_year, "end": plan.target_year} if plan else {}
        given = {name: defaults.get(name) if spec.get(name) is None else spec[name] for name in ("region", "end")}
        for name, value in given.items():
            if value is None:
                raise DataError(f"{source}: field {name!r} is missing (and no plan gives a default)")
        try:
            region = region_code(given["region"])
        except RegionError as err:
            raise DataError(f"{source}: field 'region': {err}") from None
        as_of, end = spec.get("as_of", defaults.get("as_of")), given["end"]  # as_of None: the latest data
        for name, year in (("as_of", as_of), ("end", end)):
            if year is not None:
                whole_number(year, f"{source}: field {name!r} (a year)", FIRST_YEAR, LAST_YEAR)
        if not isinstance(end, int) or (as_of is not None and (not isinstance(as_of, int) or end <= as_of)):
            raise DataError(
                f"{source}: fields 'as_of' {as_of!r} and 'end' {end!r}: expected years with end after as_of"
            )
        named = by_id(spec["indicators"], source)
        for ratio in _ratios():
            parts = set(ratio.derived.values())
            if ratio.id in named and parts & set(named):
                raise DataError(
                    f"{source}: indicators: {ratio.id} is driven through its parts "
                    f"({', '.join(sorted(parts))}); give either the share or its parts, not both"
                )
        scenario = cls(region, as_of, end)
        for indicator, item in named.items():
            try:
                scenario.assumptions[indicator] = _assumption(indicator, item or {}, scenario, panel, source)
            except NoStartValue as err:
                if missing == "raise":
                    raise
                scenario.left_out[indicator] = str(err)
        for ratio in _ratios():
            if scenario.touches_indicator(ratio.id):
                check_share_paths(ratio.id, *scenario._values(ratio.id, {}), source)
        return scenario

    def touches_indicator(self, indicator: str) -> bool:
        derived = catalogue.get(indicator).derived
        return indicator in self.assumptions or bool(derived) and set(derived.values()) <= set(self.assumptions)

    def path(self, indicator: str) -> pd.Series:
        """The deterministic path of an indicator (a ratio from its parts), by year."""
        years, values = self._values(indicator, {})
        return pd.Series(values, index=years, name=indicator)

    def _values(self, indicator: str, grid: dict[str, np.ndarray], rng=None, n_paths: int = 0):
        """(years, values with shape (*grid, n_years) or (n_paths, n_years))."""
        if indicator in self.assumptions:
            a = self.assumptions[indicator]
            growth = grid.get(indicator)
            growth = a.growth if growth is None else np.asarray(growth, dtype=float)[..., None] * np.ones(len(a.years))
            if rng is not None and a.spread:
                growth = growth + rng.normal(0, a.spread, (n_paths, len(a.years)))
            return a.years, a.start_value * np.cumprod(a.factors(growth), axis=-1)
        ratio = catalogue.get(indicator)
        if ratio.derived and set(ratio.derived.values()) <= set(self.assumptions):
            num_years, num = self._values(ratio.derived["numerator"], grid, rng, n_paths)
            den_years, den = self._values(ratio.derived["denominator"], grid, rng, n_paths)
            years = sorted(set(num_years) & set(den_years))
            pick = lambda ys, v: v[..., [ys.index(y) for y in years]]  # noqa: E731
            return years, pick(num_years, num) / pick(den_years, den) * 100
        raise KeyError(indicator)

    def start(self, indicator: str) -> tuple[int, float]:
        """(year, value) the indicator's path starts from; for a ratio, the ratio of its parts' starts."""
        if indicator in self.assumptions:
            return self.assumptions[indicator].start_year, self.assumptions[indicator].start_value
        parts = catalogue.get(indicator).derived
        (y1, num), (y2, den) = self.start(parts["numerator"]), self.start(parts["denominator"])
        return max(y1, y2), num / den * 100

    def touches(self, target: Target) -> bool:
        return self.touches_indicator(target.indicator)


def check_share_paths(indicator: str, years: list[int], values: np.ndarray, source: str) -> None:
    """DataError when a share's scenario path (any of them) leaves 0-100: the assumptions contradict each other
    (the part outgrows the whole), so no probability or verdict drawn from them means anything."""
    if catalogue.get(indicator).kind != "share":
        return
    outside = (values < 0) | (values > 100) | ~np.isfinite(values)
    if outside.any():
        column = int(np.argwhere(outside)[0][-1])
        worst = float(np.nanmax(np.abs(values[..., column])))
        raise DataError(
            f"{source}: indicators: the assumptions drive {indicator} to {worst:,.6g}% by {years[column]}; "
            f"expected a share within 0-100 on every path: lower the growth of its part or raise its "
            f"whole's"
        )


class NoStartValue(DataError):
    """The region has no value of an indicator up to the scenario's as-of year to start its path from."""


def _ratios():
    return [ind for ind in catalogue.catalogue().values() if ind.derived]


def _assumption(indicator, item, scenario, panel, source) -> Assumption:
    where = f"{source}: indicators.{indicator}"
    if not isinstance(item, dict) or "growth" not in item:
        raise DataError(f"{where}: field 'growth' is missing; expected % a year (a number or one per year)")
    check_assumption(item, where)  # types, finite numbers, ranges (scenario_files.py)
    series, _ = model_series(panel, scenario.region, indicator, scenario.as_of)
    if series.empty:
        raise NoStartValue(f"{where}: no observed value up to {scenario.as_of} to start from")
    start_year, n_years = int(series.index[-1]), scenario.end - int(series.index[-1])
    if n_years < 1:
        raise DataError(f"{where}: last observation {start_year} is not before the end year {scenario.end}")
    growth = (
        np.asarray(item["growth"], dtype=float) * np.ones(n_years)
        if np.isscalar(item["growth"])
        else np.asarray(item["growth"], dtype=float)
    )
    if growth.shape != (n_years,):
        raise DataError(
            f"{where}: field 'growth': {len(growth)} values for {n_years} years "
            f"({start_year + 1}-{scenario.end}); expected one number or one per year"
        )
    if (growth <= -100).any():
        raise DataError(f"{where}: field 'growth': {growth[growth <= -100][0]:g}: expected growth above -100% a year")
    shock = item.get("shock") or {}
    shock_year = shock.get("year")
    if shock and (shock_year not in range(start_year + 1, scenario.end + 1) or shock.get("change", 0) <= -100):
        raise DataError(
            f"{where}: field 'shock': {shock!r}: expected a year in {start_year + 1}-{scenario.end} "
            f"and a change above -100%"
        )
    spread = float(item.get("spread", 0))
    if spread < 0:
        raise DataError(f"{where}: field 'spread': {spread:g}: expected a standard deviation >= 0")
    return Assumption(
        indicator, start_year, float(series.iloc[-1]), growth, shock_year, float(shock.get("change", 0)), spread
    )


def _target_values(
    scenario: Scenario, target: Target, grid: dict, panel_series: pd.Series | None, rng=None, n_paths: int = 0
) -> dict:
    """{year: values} for the years the target's rule needs: observed ones from the data, the rest from the scenario."""
    years, values = scenario._values(target.indicator, grid, rng, n_paths)
    out = {}
    for year in target.rule.years():
        if year in years:
            out[year] = values[..., years.index(year)]
        elif panel_series is not None and year in panel_series.index:
            out[year] = np.asarray(panel_series[year])
        else:
            raise DataError(
                f"target {target.id}: no value for {year} (neither observed up to {scenario.as_of} nor in the scenario)"
            )
    return out


def target_rng(seed: int, target_id: str) -> np.random.Generator:
    """Common random numbers keyed by target: a target's draws depend on the seed and its id only, so its
    probability does not change with the other targets evaluated beside it."""
    return np.random.default_rng([seed, zlib.crc32(target_id.encode("utf-8"))])


def evaluate(
    scenario: Scenario, targets: dict, panel: pd.DataFrame, n_paths: int = 2000, seed: int = 0
) -> pd.DataFrame:
    """One row per target the scenario touches: the scenario's value in the target year, whether the
    deterministic path meets the target, and the probability over `n_paths` when a spread is given.
    Language-neutral: `reporting.tables.with_text` adds the targets' words."""
    whole_number(n_paths, "n_paths", 1, MAX_PATHS)
    rows = []
    for target in targets.values():
        if not target.measurable or not scenario.touches(target):
            continue
        observed, _ = model_series(panel, scenario.region, target.indicator, scenario.as_of)
        values = _target_values(scenario, target, {}, observed)
        uncertain = any(scenario.assumptions[i].spread for i in _drivers(scenario, target.indicator))
        probability = None
        if uncertain:
            draws = _target_values(scenario, target, {}, observed, target_rng(seed, target.id), n_paths)
            check_share_paths(
                target.indicator,
                list(draws),
                np.stack([np.broadcast_to(v, (n_paths,)) for v in draws.values()], axis=-1),
                "scenario",
            )
            probability = float(np.mean(target.rule.meets(draws)))
        rows.append(
            {
                "target_id": target.id,
                "rule": target.rule.describe(),
                "value_in_target_year": float(values[target.year]),
                "meets": bool(target.rule.meets(values)),
                "probability": probability,
            }
        )
    return pd.DataFrame(rows)


def _drivers(scenario: Scenario, indicator: str) -> list[str]:
    if indicator in scenario.assumptions:
        return [indicator]
    return list(catalogue.get(indicator).derived.values())


def sweep(scenario: Scenario, grid: dict[str, np.ndarray], target: Target, panel: pd.DataFrame) -> pd.DataFrame:
    """Every combination of constant growth rates in `grid` ({indicator: % a year values}) at once:
    a tidy table with one column per swept indicator, the value in the target year, and `meets`."""
    for indicator in grid:
        if indicator not in scenario.assumptions:
            raise DataError(
                f"sweep: {indicator!r} is not an indicator of the scenario ({', '.join(scenario.assumptions)})"
            )
    mesh = dict(zip(grid, np.meshgrid(*[np.asarray(v, dtype=float) for v in grid.values()], indexing="ij")))
    flat = {k: v.ravel() for k, v in mesh.items()}
    observed, _ = model_series(panel, scenario.region, target.indicator, scenario.as_of)
    values = _target_values(scenario, target, flat, observed)
    out = pd.DataFrame({f"{k}_growth": v for k, v in flat.items()})
    out["value"] = np.broadcast_to(values[target.year], len(out))
    out["meets"] = np.broadcast_to(target.rule.meets(values), len(out))
    return out


def what_it_takes(scenario: Scenario, target: Target, indicator: str) -> float:
    """The constant annual growth (%) of `indicator` that makes the target's rule hold exactly, the
    other assumptions unchanged (their growth, shocks): the least growth that reaches the level the rule
    requires in each of its years. Closed form; no search."""
    if indicator not in scenario.assumptions:
        raise DataError(f"what_it_takes: {indicator!r} is not an indicator of the scenario")
    a = scenario.assumptions[indicator]
    if target.year - a.start_year < 1 or target.year > scenario.end:
        raise DataError(f"what_it_takes: target year {target.year} is outside {a.start_year + 1}-{scenario.end}")
    required = target.rule.required_path(target.rule.years()).dropna()
    growth = []
    for year, level in required[required.index > a.start_year].items():
        shock = 1 + (a.shock / 100 if a.shock_year is not None and a.shock_year <= year else 0.0)
        ratio = _needed_level(scenario, target, indicator, year, level) / (a.start_value * shock)
        growth.append((ratio ** (1 / (year - a.start_year)) - 1) * 100)
    return float(max(growth)) if growth else 0.0  # no level required (monotone): any growth above zero rises


def compound_average(growth) -> float:
    """The constant yearly growth (%) that compounds to the same total as `growth` (% a year, year by year)."""
    growth = np.asarray(growth, dtype=float)
    return float((np.prod(1 + growth / 100) ** (1 / len(growth)) - 1) * 100)


def requirements(scenario: Scenario, targets: dict) -> pd.DataFrame:
    """For every target the scenario touches and each indicator driving it: the growth assumed, and the
    constant growth that would meet the target exactly with the other assumptions unchanged: a floor for
    levels and numerators ("at least"), a ceiling for denominators ("at most": budget, GDP)."""
    rows = []
    for target in targets.values():
        if not target.measurable or not scenario.touches(target) or target.rule.target_level is None:
            continue
        for indicator in _drivers(scenario, target.indicator):
            ratio = catalogue.get(target.indicator).derived
            bound = "at most" if ratio and ratio["denominator"] == indicator else "at least"
            growth = scenario.assumptions[indicator].growth
            assumed = compound_average(growth)
            needed = what_it_takes(scenario, target, indicator)
            rows.append(
                {
                    "target_id": target.id,
                    "indicator": indicator,
                    "assumed_growth": assumed,
                    "bound": bound,
                    "needed_growth": needed,
                    "enough": bool(at_least(assumed, needed) if bound == "at least" else at_most(assumed, needed)),
                }
            )
    return pd.DataFrame(rows)


def _needed_level(scenario: Scenario, target: Target, indicator: str, year: int, goal: float) -> float:
    """The level `indicator` must reach in `year` for the target's indicator to reach `goal` (for a ratio,
    given the other part's path)."""
    if target.indicator == indicator:
        return goal
    ratio = catalogue.get(target.indicator)
    other = ratio.derived["denominator"] if ratio.derived["numerator"] == indicator else ratio.derived["numerator"]
    years, path = scenario._values(other, {})
    other_level = path[years.index(year)]
    return goal / 100 * other_level if ratio.derived["numerator"] == indicator else other_level * 100 / goal
