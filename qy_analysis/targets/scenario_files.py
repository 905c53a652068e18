"""Reading a scenario file: the YAML spec with a researcher's overrides, and its indicators named as the readers
name them (catalogue ids or aliases such as 科技支出), keyed by catalogue id. scenarios.py computes with it."""
from __future__ import annotations

from pathlib import Path

from ..errors import DataError, IndicatorError
from ..reference import catalogue


def read_spec(path, growth: dict | None = None, spread: float | None = None, **fields) -> dict:
    """A scenario file's spec (DataError naming the file if unreadable), with optional overrides: `growth`
    ({indicator: % a year}) replaces those indicators' rates (adding any not in the file), `spread` every
    indicator's spread, and `fields` (region, as_of, end) the header's."""
    import yaml

    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataError(f"{path}: cannot read the scenario ({err}); expected a YAML scenario spec") from None
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
            raise DataError(f"{source}: indicators.{name}: unknown indicator; expected an id or a name of the "
                            f"catalogue (qy_analysis/reference/indicators.yaml)") from None
        if ind in named:
            raise DataError(f"{source}: indicators.{name}: names {ind} again; expected each indicator once")
        named[ind] = item
    return named
