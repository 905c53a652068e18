"""Reading a scenario file: the YAML spec with a researcher's overrides, and its indicators named as the readers
name them (catalogue ids or aliases such as 科技支出), keyed by catalogue id, and each assumption's check (types,
finite numbers, ranges). scenarios.py computes with it."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError, IndicatorError
from ..inputs import finite_number, load_yaml
from ..reference import catalogue

GROWTH_LIMIT = 1000.0  # % a year; beyond it an assumption is a typo, not a scenario
SPREAD_LIMIT = 100.0  # percentage points of annual growth


def read_spec(path, growth: dict | None = None, spread: float | None = None, **fields) -> dict:
    """A scenario file's spec (DataError naming the file if unreadable), with optional overrides: `growth`
    ({indicator: % a year}) replaces those indicators' rates (adding any not in the file), `spread` every
    indicator's spread, and `fields` (region, as_of, end) the header's."""
    spec = load_yaml(Path(path), "scenario")
    if not isinstance(spec, dict) or not isinstance(spec.get("indicators"), dict):
        raise DataError(f"{path}: expected a mapping with 'indicators': {{indicator id: {{growth: …}}}}")
    indicators = by_id({ind: dict(item or {}) for ind, item in spec["indicators"].items()}, str(path))
    for ind, rate in by_id(growth or {}, "growth").items():  # 科技支出 overrides the file's st_expenditure
        indicators.setdefault(ind, {})["growth"] = rate
    if spread is not None:
        for item in indicators.values():
            item["spread"] = spread
    return {**spec, **{k: v for k, v in fields.items()}, "indicators": indicators}


def by_id(indicators: dict, source: str) -> dict:
    """The assumptions keyed by catalogue id: a name may be the id or any alias the readers accept (科技支出)."""
    named = {}
    for name, item in indicators.items():
        try:
            ind = name if name in catalogue.catalogue() else catalogue.indicator_id(str(name))
        except IndicatorError:
            raise DataError(
                f"{source}: indicators.{name}: unknown indicator; expected an id or a name of the "
                f"catalogue (qy_analysis/reference/indicators.yaml)"
            ) from None
        if ind in named:
            raise DataError(f"{source}: indicators.{name}: names {ind} again; expected each indicator once")
        named[ind] = item
    return named


def check_assumption(item: dict, where: str) -> None:
    """A scenario's assumption for one indicator: growth (a number or a list), optional spread and shock."""
    growth = item["growth"]
    for n, value in enumerate(growth if isinstance(growth, list) else [growth]):
        finite_number(
            value, f"{where}: field 'growth'" + (f"[{n}]" if isinstance(growth, list) else ""), high=GROWTH_LIMIT
        )  # the lower bound (-100%) is the scenario's own check
    if "spread" in item:
        finite_number(item["spread"], f"{where}: field 'spread'", high=SPREAD_LIMIT)
    shock = item.get("shock")
    if shock is not None:
        if not isinstance(shock, dict) or set(shock) - {"year", "change"}:
            raise DataError(f"{where}: field 'shock': {shock!r}: expected {{year: YYYY, change: % (above -100)}}")
        if isinstance(shock.get("year"), bool) or not isinstance(shock.get("year"), int):
            raise DataError(f"{where}: field 'shock.year': {shock.get('year')!r}: expected a year such as 2015")
        finite_number(shock.get("change", 0), f"{where}: field 'shock.change'", high=GROWTH_LIMIT)
