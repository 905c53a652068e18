"""The rule of each kind of target, in one place: the level it requires in each year, whether values
meet it, where it broke, and its outcome. Assessment, scenarios and charts ask `target.rule`; none
re-implements a rule.

    rule = target.rule                          # chosen by the target's kind
    rule.years()                                # the years whose values decide it
    rule.required_path([2012, ..., 2017])       # level required each year (NaN where it asks none)
    rule.meets({2012: values, 2017: values})    # vectorised over simulated paths
    rule.breaks(series), rule.outcome(observed), rule.describe()

A growth target requires baseline × (1 + rate)^t: its required path rises year by year, and that is
how it is drawn. A level, share or count target requires its value in the target year; a yearly
minimum its value in every year of its period; a monotone target no level at all (only a rise).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..reference.labels import rule_text

RELATIVE_TOLERANCE = 1e-9  # a value equal to the target up to floating-point noise meets it, at any magnitude


def at_least(values, bound: float):
    """values >= bound, forgiving floating-point noise relative to the bound (a path solved to hit a level of
    100,000 exactly lands a few units of the last place below it)."""
    return np.asarray(values) >= bound - RELATIVE_TOLERANCE * abs(bound)


def at_most(values, bound: float):
    """values <= bound, with the same forgiveness as `at_least`."""
    return at_least(-np.asarray(values), -bound)


class Rule:
    """A target's rule; subclasses say what their kind requires."""

    per_year = False  # True when every year of a period is checked on its own (breaks worth listing)

    def __init__(self, target):
        self.target = target

    def years(self) -> list[int]:
        """The years whose values decide the target."""
        return [self.target.year]

    def required_path(self, years) -> pd.Series:
        """The level the rule requires in each of `years` (NaN where it requires none)."""
        return pd.Series([self._required(int(y)) for y in years], index=pd.Index(years, name="year"), dtype=float)

    def _required(self, year: int) -> float:
        return np.nan

    @property
    def target_level(self) -> float | None:
        """The level required in the target year (None when the rule asks for no level)."""
        level = self._required(self.target.year) if self.target.year is not None else np.nan
        return None if np.isnan(level) else float(level)

    def meets(self, values: dict[int, np.ndarray]) -> np.ndarray:
        """Whether each path (or the observed values) meets the rule; values: {year: array}."""
        raise NotImplementedError(f"a {self.target.kind} target is not measured")

    def breaks(self, series: pd.Series) -> list[str]:
        """Where observed values broke the rule, e.g. ['2015 (30 < 35)']."""
        return []

    def outcome(self, observed: dict[int, np.ndarray]) -> float:
        """The value in the target year (for growth targets: the average growth, % a year)."""
        return float(observed[self.target.year][0])

    def describe(self) -> str:
        """The rule in a few English words, e.g. '>= 1,500 in 2017' (labels.rule_text says it in zh too)."""
        return rule_text(self.target, "en")


class Level(Rule):
    """level, share, count: at least `value` in the target year."""

    def _required(self, year):
        return self.target.value if year == self.target.year else np.nan

    def meets(self, values):
        return at_least(values[self.target.year], self.target.value)

    def breaks(self, series):
        t = self.target
        return [] if at_least(series[t.year], t.value) else [f"{t.year} ({series[t.year]:.4g} < {t.value:g})"]


class Growth(Rule):
    """Average growth of at least `rate` % a year from the baseline year to the target year."""

    def years(self):
        return [self.target.baseline_year, self.target.year]

    def _required(self, year):
        t = self.target
        if not t.baseline_year <= year <= t.year:
            return np.nan
        return t.baseline_value * (1 + t.rate / 100) ** (year - t.baseline_year)

    def _average_growth(self, values):
        first, last = self.years()
        return (values[last] / values[first]) ** (1 / (last - first)) - 1

    def meets(self, values):
        return at_least(self._average_growth(values), self.target.rate / 100)

    def breaks(self, series):
        growth = float(self._average_growth({y: series[y] for y in self.years()})) * 100
        return (
            []
            if at_least(growth, self.target.rate)
            else [f"{self.target.year} ({growth:.1f}% a year < {self.target.rate:g}%)"]
        )

    def outcome(self, observed):
        return float(self._average_growth({y: observed[y][0] for y in self.years()}) * 100)


class YearlyMin(Rule):
    """At least `value` in every year from `start` to the target year."""

    per_year = True

    def years(self):
        return list(range(self.target.start, self.target.year + 1))

    def _required(self, year):
        return self.target.value if self.target.start <= year <= self.target.year else np.nan

    def meets(self, values):
        return np.logical_and.reduce(
            np.broadcast_arrays(*[at_least(values[y], self.target.value) for y in self.years()])
        )

    def breaks(self, series):
        return [
            f"{y} ({series[y]:.4g} < {self.target.value:g})"
            for y in self.years()
            if not at_least(series[y], self.target.value)
        ]


class Monotone(Rule):
    """Rises every year from `start` to the target year (no level required)."""

    per_year = True

    def years(self):
        return list(range(self.target.start - 1, self.target.year + 1))

    def _steps(self):
        years = self.years()
        return list(zip(years, years[1:]))

    def meets(self, values):
        return np.logical_and.reduce(np.broadcast_arrays(*[values[b] > values[a] for a, b in self._steps()]))

    def breaks(self, series):
        return [f"{b} ({series[a]:.4g} -> {series[b]:.4g})" for a, b in self._steps() if series[b] <= series[a]]


class Milestone(Rule):
    """Listed, not measured."""

    def years(self):
        return []


RULES = {
    "level": Level,
    "share": Level,
    "count": Level,
    "growth": Growth,
    "yearly_min": YearlyMin,
    "monotone": Monotone,
    "milestone": Milestone,
}


def rule_for(target) -> Rule:
    return RULES[target.kind](target)
