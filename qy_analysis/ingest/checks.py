"""Checks of the researcher's own input files (run configs, scenario files) before any work starts:
one line naming the file, the field and what was expected, never a traceback or a silently odd number
(NaN, inf, 1e308, `true` read as 1). Modules that load such files call these functions."""
from __future__ import annotations

import math
from pathlib import Path

import yaml

from ..errors import DataError

GROWTH_LIMIT = 1000.0  # % a year; beyond it an assumption is a typo, not a scenario
SPREAD_LIMIT = 100.0   # percentage points of annual growth


def load_yaml(path: Path | str, what: str):
    """The parsed YAML file; DataError for a missing file, a folder, bad encoding or bad YAML (tabs named)."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such {what} file")
    if path.is_dir():
        raise DataError(f"{path}: a folder; expected a {what} file (YAML)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot read the {what} ({err}); expected UTF-8 YAML") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        hint = "; indent with spaces, not tabs" if "\t" in text else ""
        raise DataError(f"{path}{line}: not valid YAML ({getattr(err, 'problem', None) or err}){hint}") from None


def finite_number(value, where: str, low: float | None = None, high: float | None = None) -> float:
    """`value` as a float if it is a real, finite number within the bounds; DataError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{where}: {value!r} is a {type(value).__name__}; expected a number")
    if not math.isfinite(value):
        raise DataError(f"{where}: {value!r}: expected a finite number")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = " and ".join(filter(None, [f">= {low:g}" if low is not None else "",
                                            f"<= {high:g}" if high is not None else ""]))
        raise DataError(f"{where}: {value!r}: expected a number {bounds}")
    return float(value)


def check_assumption(item: dict, where: str) -> None:
    """A scenario's assumption for one indicator: growth (a number or a list), optional spread and shock."""
    growth = item["growth"]
    for n, value in enumerate(growth if isinstance(growth, list) else [growth]):
        finite_number(value, f"{where}: field 'growth'" + (f"[{n}]" if isinstance(growth, list) else ""),
                      high=GROWTH_LIMIT)  # the lower bound (-100%) is the scenario's own check
    if "spread" in item:
        finite_number(item["spread"], f"{where}: field 'spread'", high=SPREAD_LIMIT)
    shock = item.get("shock")
    if shock is not None:
        if not isinstance(shock, dict) or set(shock) - {"year", "change"}:
            raise DataError(f"{where}: field 'shock': {shock!r}: expected {{year: YYYY, change: % (above -100)}}")
        if isinstance(shock.get("year"), bool) or not isinstance(shock.get("year"), int):
            raise DataError(f"{where}: field 'shock.year': {shock.get('year')!r}: expected a year such as 2015")
        finite_number(shock.get("change", 0), f"{where}: field 'shock.change'", high=GROWTH_LIMIT)


def check_run_config(config, path: Path | str) -> dict:
    """A run config: a mapping whose `notebooks` is a list of {notebook: path, parameters: [mapping, …]}."""
    if not isinstance(config, dict):
        raise DataError(f"{path}: {type(config).__name__} at the top; expected a mapping with 'notebooks'")
    notebooks = config.get("notebooks")
    if not isinstance(notebooks, list) or not notebooks:
        raise DataError(f"{path}: field 'notebooks': {notebooks!r}: expected a list of {{notebook: path}}")
    for n, entry in enumerate(notebooks, start=1):
        where = f"{path}: notebooks[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("notebook"), str):
            raise DataError(f"{where}: {entry!r}: expected a mapping with 'notebook: notebooks/NAME.ipynb'")
        params = entry.get("parameters")
        if params is not None and not (isinstance(params, list) and all(isinstance(p, dict) for p in params)):
            raise DataError(f"{where}: field 'parameters': {params!r}: expected a list of mappings")
    for key in ("name", "scorecard"):
        wanted = str if key == "name" else dict
        if config.get(key) is not None and not isinstance(config[key], wanted):
            raise DataError(f"{path}: field {key!r}: {config[key]!r}: expected a {wanted.__name__}")
    return config
