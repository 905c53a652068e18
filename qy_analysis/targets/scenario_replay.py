"""Scenario outcomes in about a millisecond a move: `evaluate`'s own random draws, recorded once per plan and
as-of year, then re-scaled for any growth and spread.

`evaluate` adds `rng.normal(0, spread)` to each driver's growth. A normal draw is `spread × z`, so the
standard normals `z` it uses can be recorded once (with every driver uncertain) and replayed for any other
growth and spread through the same code (`Scenario._values`, `_target_values`, `rule.meets`): the numbers
are `evaluate`'s, bit for bit, for the scenario `Setting.spec` describes (`qy scenario` and notebook 04 read
that spec). A setting is constant growth per driver (% a year), one spread for all, the file's shocks kept.

    replay = Replay(plan, panel, as_of=2012)          # the plan's default scenario, draws recorded
    replay.outcomes(Setting({"st_expenditure": 12, "budget_expenditure": 8, ...}, spread=5))
    replay.fan(setting, target)                       # quantiles of the target's indicator by year
    plausible_range(panel, "st_expenditure", "441800", 2012)   # 1st-99th percentile of comparable regions
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..cleaning.panel import kind_of, model_series
from ..errors import DataError
from ..paths import project_path
from ..projection.centre import level_matrix
from ..reference.regions import level_of
from .assessment import status_for
from .scenario_files import read_spec
from .scenarios import Scenario, _drivers, _target_values, compound_average, evaluate, requirements, what_it_takes

N_PATHS, SEED = 2000, 0  # evaluate's defaults, so the explorer shows what `qy scenario` prints
STEP = 0.5  # pp: the grid of the offline page, and the sliders' bounds
MIN_GROWTHS = 20  # growth rates of comparable regions needed to bound a slider


@dataclass(frozen=True)
class Setting:
    """The explorer's assumptions: constant growth (% a year) by driver and one spread (pp) for all."""

    growth: dict
    spread: float

    def spec(self, base: dict) -> dict:
        """The scenario spec (read by `Scenario.from_dict`, `qy scenario`, notebook 04): `base`'s header and
        shocks with this setting's growth and spread."""
        indicators = {}
        for ind, item in base["indicators"].items():
            indicators[ind] = {
                **{k: v for k, v in item.items() if k == "shock"},
                "growth": float(self.growth[ind]),
                "spread": float(self.spread),
            }
        return {**{k: v for k, v in base.items() if k != "indicators"}, "indicators": indicators}


class _Recorder:
    """Stands in for evaluate's generator: draws standard normals from it and keeps them."""

    def __init__(self, rng):
        self.rng, self.draws = rng, []

    def normal(self, loc=0.0, scale=1.0, size=None):
        z = self.rng.standard_normal(size)
        self.draws.append(z)
        return loc + scale * z


class _Replayer:
    """Gives back recorded standard normals, in the order they were drawn, scaled as asked."""

    def __init__(self, draws: list[np.ndarray]):
        self.draws = iter(draws)

    def normal(self, loc=0.0, scale=1.0, size=None):
        z = next(self.draws)
        assert size is None or tuple(np.atleast_1d(size)) == z.shape, (size, z.shape)
        return loc + scale * z


class _Recording(Scenario):
    """A scenario that records the draws of each simulated target (one recorder per top-level path)."""

    recorded: list

    def _values(self, indicator, grid, rng=None, n_paths=0):
        if rng is not None and not isinstance(rng, _Recorder):
            rng = _Recorder(rng)
            self.recorded.append(rng)
        return super()._values(indicator, grid, rng, n_paths)


def _constant(item: dict, as_of: int) -> dict:
    """A file's assumption as the explorer's: growth given year by year becomes its compound average (0.1 pp);
    a shock in or before the as-of year is dropped (it has happened, or not, in the data)."""
    item, growth = dict(item or {}), (item or {}).get("growth")
    if isinstance(growth, list) and growth:
        item["growth"] = round(compound_average(growth), 1)
    if (
        isinstance(item.get("shock"), dict)
        and isinstance(item["shock"].get("year"), int)
        and item["shock"]["year"] <= as_of
    ):
        item.pop("shock")
    return item


class _Fixed(Scenario):
    """Paths already computed (a block of the grid), handed to `_target_values` as a scenario's."""

    def __init__(self, *args, years, values):
        super().__init__(*args)
        self.fixed = (years, values)

    def _values(self, indicator, grid, rng=None, n_paths=0):
        return self.fixed


class Replay:
    """One plan, panel and as-of year: the default scenario's drivers, and evaluate's draws per target."""

    def __init__(
        self,
        plan,
        panel: pd.DataFrame,
        as_of: int | None = None,
        spec: dict | None = None,
        n_paths: int = N_PATHS,
        seed: int = SEED,
    ):
        self.plan, self.panel, self.n_paths, self.seed = plan, panel, n_paths, seed
        if spec is None and not plan.default_scenario:
            raise DataError(f"{plan.path}: the plan names no default_scenario; expected one to explore (or a spec)")
        self.source = project_path(plan.default_scenario) if spec is None else None
        base = read_spec(self.source) if spec is None else spec
        self.as_of = as_of if as_of is not None else base.get("as_of", plan.base_year)
        self.base = {
            **base,
            "as_of": self.as_of,
            "indicators": {ind: _constant(item, self.as_of) for ind, item in base["indicators"].items()},
        }
        self.scenario = Scenario.from_dict(self.base, panel, source=str(self.source or "scenario"), plan=plan)
        self.base["indicators"] = dict(zip(self.scenario.assumptions, self.base["indicators"].values()))
        self.drivers = list(self.scenario.assumptions)
        self.targets = {t.id: t for t in plan.targets.values() if t.measurable and self.scenario.touches(t)}
        self.observed = {
            tid: model_series(panel, self.scenario.region, t.indicator, self.as_of)[0]
            for tid, t in self.targets.items()
        }
        self.draws = self._record()

    def default(self) -> Setting:
        """The file's scenario as the explorer states it: each driver's constant growth (`_constant`) and the
        largest spread the file gives any driver."""
        growth = {ind: float(a.growth[0]) for ind, a in self.scenario.assumptions.items()}
        return Setting(growth, max(a.spread for a in self.scenario.assumptions.values()))

    def scenario_for(self, setting: Setting) -> Scenario:
        assumptions = {
            ind: replace(a, growth=np.full(len(a.years), float(setting.growth[ind])), spread=float(setting.spread))
            for ind, a in self.scenario.assumptions.items()
        }
        return Scenario(self.scenario.region, self.scenario.as_of, self.scenario.end, assumptions)

    def _record(self) -> dict[str, list[np.ndarray]]:
        """Run evaluate once, every driver uncertain, and keep each simulated target's standard normals."""
        s = self.scenario_for(replace(self.default(), spread=1.0))
        recording = _Recording(s.region, s.as_of, s.end, s.assumptions)
        recording.recorded = []
        table = evaluate(recording, self.targets, self.panel, n_paths=self.n_paths, seed=self.seed)
        simulated = table.loc[table["probability"].notna(), "target_id"]
        return {tid: rec.draws for tid, rec in zip(simulated, recording.recorded, strict=True)}

    def outcomes(self, setting: Setting) -> pd.DataFrame:
        """evaluate's table for the setting (one row per target), with the status its probability gives."""
        scenario, rows = self.scenario_for(setting), []
        for tid, target in self.targets.items():
            values = _target_values(scenario, target, {}, self.observed[tid])
            probability = None
            if setting.spread > 0:
                paths = _target_values(
                    scenario, target, {}, self.observed[tid], _Replayer(self.draws[tid]), self.n_paths
                )
                probability = float(np.mean(target.rule.meets(paths)))
            meets = bool(target.rule.meets(values))
            rows.append(
                {
                    "target_id": tid,
                    "rule": target.rule.describe(),
                    "value_in_target_year": float(values[target.year]),
                    "meets": meets,
                    "probability": probability,
                    "status": status_for(probability if probability is not None else float(meets)),
                }
            )
        return pd.DataFrame(rows)

    def requirements(self, setting: Setting, target_id: str) -> pd.DataFrame:
        """What it takes: per driver of the target, the constant growth that meets it exactly (the others as set)."""
        return requirements(self.scenario_for(setting), {target_id: self.targets[target_id]})

    def fan(self, setting: Setting, target_id: str) -> pd.DataFrame:
        """The 10/50/90% quantiles of the target's indicator by year (rows) on the replayed paths (the offline
        page's numbers); the path itself at spread 0."""
        scenario, target = self.scenario_for(setting), self.targets[target_id]
        if setting.spread > 0:
            years, paths = scenario._values(target.indicator, {}, _Replayer(self.draws[target_id]), self.n_paths)
            return pd.DataFrame(_fan(paths).T, index=years, columns=[0.1, 0.5, 0.9])
        years, path = scenario._values(target.indicator, {})
        return pd.DataFrame({q: path for q in (0.1, 0.5, 0.9)}, index=years)

    def grid(self, target_id: str, axes: dict[str, np.ndarray], setting: Setting, rows: int = 4) -> dict:
        """The target's outcomes for every combination of `axes` ({driver: growth values}, the target's one
        driver or a ratio's two parts), the other drivers and the spread as in `setting`: probability, the
        path's value in the target year and the 10/50/90% fan by year, arrays shaped by the axes. Each part's
        paths are simulated once per axis value and combined as `Scenario._values` does, so every cell is
        what `outcomes` gives for that setting."""
        scenario, target = self.scenario_for(setting), self.targets[target_id]
        parts = self.drivers_of(target_id)
        if list(axes) != parts:
            raise ValueError(f"grid: axes {list(axes)}; expected the drivers of {target_id}: {parts}")
        draws = iter(self.draws[target_id]) if setting.spread > 0 else None
        simulated = []
        for ind, values in axes.items():  # numerator then denominator, the order evaluate drew them in
            grid = {ind: np.asarray(values, dtype=float)[:, None]}
            rng = _Replayer([next(draws)]) if draws else None
            simulated.append(scenario._values(ind, grid, rng, self.n_paths))
        if len(simulated) == 1:
            years, combined = simulated[0]
            blocks = [(slice(None), combined)]
        else:
            (ny, num), (dy, den) = simulated
            years = sorted(set(ny) & set(dy))
            num, den = num[..., [ny.index(y) for y in years]], den[..., [dy.index(y) for y in years]]
            blocks = ((slice(i, i + rows), num[i : i + rows, None] / den[None] * 100) for i in range(0, len(num), rows))
        shape = tuple(len(v) for v in axes.values())
        out = {
            "probability": np.full(shape, np.nan),
            "value": np.full(shape, np.nan),
            "fan": np.full((*shape, 3, len(years)), np.nan),
            "years": years,
        }
        for where, values in blocks:
            fixed = _Fixed(scenario.region, scenario.as_of, scenario.end, {}, years=years, values=values)
            outcome = target.rule.meets(_target_values(fixed, target, {}, self.observed[target_id]))
            if draws:
                out["probability"][where] = np.mean(outcome, axis=-1)
                out["fan"][where] = _fan(values)
            else:
                out["value"][where] = values[..., 0, years.index(target.year)] if target.year in years else np.nan
                out["fan"][where] = values  # one path (axis of size 1) for every quantile
        if draws:  # the deterministic path's value: the same combination without draws
            out["value"] = self.grid(target_id, axes, replace(setting, spread=0.0), rows)["value"]
        return out

    def bounds(self, step: float = STEP) -> dict[str, dict]:
        """Each driver's slider: the plausible range of comparable regions (`plausible_range`, None when too
        few), widened to take in the plan's own figure, on multiples of `step`; without a range, plan ± 10."""
        out, default = {}, self.default()
        for ind, a in self.scenario.assumptions.items():
            found = plausible_range(self.panel, ind, self.scenario.region, self.as_of, len(a.years))
            plan = default.growth[ind]
            low, high = (found["low"], found["high"]) if found else (plan - 10, plan + 10)
            out[ind] = {
                "min": float(np.floor(min(low, plan) / step) * step),
                "max": float(np.ceil(max(high, plan) / step) * step),
                "plan": plan,
                "plausible": found,
            }
        return out

    def needed(self, setting: Setting, target_id: str, indicator: str) -> float:
        """`what_it_takes` for one driver of the target, the others as set."""
        return what_it_takes(self.scenario_for(setting), self.targets[target_id], indicator)

    def drivers_of(self, target_id: str) -> list[str]:
        return _drivers(self.scenario, self.targets[target_id].indicator)


def _fan(values: np.ndarray) -> np.ndarray:
    """The 10/50/90% quantiles over the paths (axis -2) of (…, paths, years), as np.quantile's default (linear)
    computes them, from one partial sort of the contiguous paths: (…, 3, years)."""
    paths = np.ascontiguousarray(np.swapaxes(values, -1, -2))
    n = paths.shape[-1]
    where = np.array([0.1, 0.5, 0.9]) * (n - 1)
    low = np.floor(where).astype(int)
    high = np.minimum(low + 1, n - 1)
    paths.partition(sorted({*low, *high}), axis=-1)
    a, b = paths[..., low], paths[..., high]
    return np.swapaxes(a + (b - a) * (where - low), -1, -2)


def plausible_range(panel: pd.DataFrame, indicator: str, region: str, as_of: int, years: int) -> dict | None:
    """The 1st and 99th percentile of the average yearly growth (%) of `indicator` over `years` years (fewer when
    too few such windows) across the regions of `region`'s level (another level when the own has too few),
    windows ending by `as_of` only: what comparable regions did over a period like the scenario's. None when
    no level has MIN_GROWTHS rates, or the indicator is not an amount or count."""
    if kind_of(indicator) not in ("amount", "count", "persons"):
        return None
    own = level_of(region)
    for level in (own, *[lv for lv in ("prefecture", "province", "nation") if lv != own]):
        rows = level_matrix(panel, indicator, level)
        logs = rows[[y for y in rows.columns if y <= as_of]] if len(rows) else rows
        for h in range(years, 0, -1):
            pairs = [(logs[y + h] - logs[y]).to_numpy() for y in logs.columns if y + h in logs.columns]
            growth = np.expm1(np.concatenate(pairs) / h) * 100 if pairs else np.array([])
            growth = growth[np.isfinite(growth)]
            if len(growth) >= MIN_GROWTHS:
                low, high = np.percentile(growth, [1, 99])
                return {
                    "low": float(low),
                    "high": float(high),
                    "years": h,
                    "n_rates": int(len(growth)),
                    "n_regions": int(len(rows)),
                    "level": level,
                    "own_level": level == own,
                    "first_year": int(logs.columns[0]),
                    "as_of": int(as_of),
                }
    return None
