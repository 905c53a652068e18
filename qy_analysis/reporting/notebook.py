"""What every notebook does first, in one call (`setup_notebook`), and its parameters, checked the same way
there and by `qy run` before any kernel starts: a wrong name, type or value is an error naming the parameter.

A parameters cell declares each parameter in papermill's own form, `name: type = default  # help`, e.g.
`as_of: Optional[int] = 2012  # None for the latest data`. papermill 2.7 reads the annotation only when it
is made of names, brackets and commas (so `Optional[int]`, not `int | None`) and the line holds a single `=`.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import NamedTuple, Optional, Union, get_args, get_origin

import pandas as pd

from ..cleaning.panel import load_panel
from ..errors import IndicatorError, ParameterError, QyError, RegionError
from ..forecasting import METHODS
from ..inputs import MAX_PATHS
from ..paths import project_path
from ..reference import catalogue
from ..reference.labels import LANGS
from ..reference.regions import region_code, region_table

MAX_GRID = 10_000  # steps of a sweep axis
MAX_SPREAD = 100.0  # sd of yearly growth, percentage points


def _region(value):
    try:
        return region_code(value)
    except RegionError as err:
        raise ParameterError(f"region: {err}") from None


def _year_or_none(name):
    def check(value):
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 1949 <= value <= 2100:
            raise ParameterError(f"{name}: {value!r}: expected a year such as 2012, or None for the latest data")
        return value

    return check


def _positive_int(name, minimum, maximum=None):
    def check(value):
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < minimum
            or (maximum is not None and value > maximum)
        ):
            upto = f" and at most {maximum:,}" if maximum is not None else ""
            raise ParameterError(f"{name}: {value!r}: expected a whole number of at least {minimum}{upto}")
        return value

    return check


def _choice(name, options):
    def check(value):
        if value not in options:
            raise ParameterError(f"{name}: {value!r}: expected one of {', '.join(map(str, options))}")
        return value

    return check


def _indicator(name: str, what: str = "indicators") -> str:
    """The catalogue id of an id or of any name the readers accept (科技支出 -> st_expenditure)."""
    try:
        return name if name in catalogue.catalogue() else catalogue.indicator_id(name)
    except IndicatorError:
        raise ParameterError(f"{what}: {name!r} is not an indicator id or name of the catalogue") from None


def _indicators(value):
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ParameterError(f"indicators: {value!r}: expected a list of indicator ids, or None for all")
    return [_indicator(ind) for ind in value]


def _existing_file(name):
    def check(value):
        path = Path(value) if Path(value).is_absolute() else project_path(value)
        if not path.is_file():
            raise ParameterError(f"{name}: {value!r}: no such file (paths are relative to the project folder)")
        return path

    return check


def _targets_file(value):
    """A targets file that loads as a plan (header and targets), as the notebooks read it."""
    from ..targets.spec import load_plan

    path = _existing_file("targets")(value)
    try:
        load_plan(path)
    except QyError as err:
        raise ParameterError(f"targets: {err}") from None
    return path


def _scenario_file(value):
    """A scenario file inside the project folder (notebook 04 names it relative to the project), readable, with
    indicators the catalogue knows: what the notebook would otherwise find only after its kernel started."""
    from ..targets.scenario_files import read_spec

    path = _existing_file("scenario")(value).resolve()
    if not path.is_relative_to(project_path().resolve()):
        raise ParameterError(
            f"scenario: {value!r}: outside the project folder {project_path()}; expected a file "
            "in it (e.g. copied to data/scenarios/)"
        )
    try:
        read_spec(path)  # its indicators by id or catalogue name
    except QyError as err:
        raise ParameterError(f"scenario: {err}") from None
    return path


def _group(value):
    """A group tag or level of regions.csv (mountain, pearl_river_delta, province, ...)."""
    table = region_table()
    known = sorted({tag for tags in table["groups"] for tag in tags.split("|") if tag} | set(table["level"]))
    return _choice("group", known)(value)


def _optional(check):
    return lambda value: None if value is None else check(value)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _growth_map(value):
    if not isinstance(value, dict) or not value or not all(_number(v) and v > -100 for v in value.values()):
        raise ParameterError(f"growth: {value!r}: expected {{indicator id: % a year above -100}}")
    return {_indicator(str(name), "growth"): rate for name, rate in value.items()}


def _range(name):
    def check(value):
        if (
            not isinstance(value, list)
            or len(value) != 3
            or not all(_number(v) for v in value)
            or value[2] <= 0
            or value[1] <= value[0]
            or (value[1] - value[0]) / value[2] > MAX_GRID
        ):
            raise ParameterError(
                f"{name}: {value!r}: expected [start, stop, step] with stop > start, step > 0 "
                f"and at most {MAX_GRID:,} steps"
            )
        return value

    return check


def _non_negative(name):
    def check(value):
        if not _number(value) or not 0 <= value <= MAX_SPREAD:
            raise ParameterError(f"{name}: {value!r}: expected a number from 0 to {MAX_SPREAD}")
        return float(value)

    return check


CHECKS = {
    "region": _optional(_region),
    "as_of": _year_or_none("as_of"),
    "method": _choice("method", METHODS),
    "n_paths": _positive_int("n_paths", 100, MAX_PATHS),
    "seed": _positive_int("seed", 0),
    "lang": _choice("lang", LANGS),
    "indicators": _indicators,
    "targets": _optional(_targets_file),
    "min_years": _positive_int("min_years", 4, 100),
    "group": _optional(_group),
    "growth": _optional(_growth_map),
    "spread": _optional(_non_negative("spread")),
    "scenario": _optional(_scenario_file),
    "year": _year_or_none("year"),
    "sweep_numerator": _range("sweep_numerator"),
    "sweep_denominator": _range("sweep_denominator"),
}


def check_params(**params) -> dict:
    """Validated (and normalised: region -> code, targets -> path) parameters; ParameterError otherwise."""
    return {name: CHECKS[name](value) if name in CHECKS else value for name, value in params.items()}


class NotebookContext(NamedTuple):
    """What a notebook works with after its set-up: `p, panel = setup_notebook(...)`."""

    params: dict  # the checked parameters (region as its code, targets as a path)
    panel: pd.DataFrame  # data/processed/panel.csv of the project folder


def plan_defaults(checked: dict) -> dict:
    """None for `targets`, `region` or `group` means the plan's: the project's plan (targets.spec.DEFAULT_PLAN)
    when `targets` is None, its region and its peer group."""
    if not any(name in checked and checked[name] is None for name in ("targets", "region", "group")):
        return checked
    from ..targets.spec import load_plan

    plan = load_plan(checked.get("targets"))
    defaults = {"targets": plan.path, "region": plan.region, "group": plan.peer_group}
    return {name: defaults[name] if value is None and name in defaults else value for name, value in checked.items()}


def setup_notebook(**params) -> NotebookContext:
    """Check the notebook's parameters (ParameterError naming the one that is wrong), set pandas' display
    options and the chart style, and load the panel from the project folder, wherever the notebook runs."""
    from . import charts  # matplotlib and seaborn: only where charts are drawn, not for `qy run`'s checks

    checked = plan_defaults(check_params(**params))
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.precision", 4)
    pd.set_option("display.max_colwidth", None)  # a cell is wrapped in the page, never cut with "…"
    _tables_without_row_numbers()
    charts.use_style()
    return NotebookContext(checked, load_panel(project_path("data", "processed", "panel.csv")))


def table_html(frame: pd.DataFrame) -> str:
    """A table as a report page shows it: no row numbers (a plain 0..n-1 index is left out; a named index such as
    the method or the indicator stays), every cell whole, a dash for no value."""
    return frame.to_html(index=not isinstance(frame.index, pd.RangeIndex), na_rep="–", border=0)


def _tables_without_row_numbers() -> None:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # in a kernel: every DataFrame a cell shows goes through table_html
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)


# The names a parameters cell's annotation may use; anything else is not a parameter type.
TYPE_NAMES = {
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "list": list,
    "dict": dict,
    "Optional": Optional,
    "None": type(None),
}


def declared_type(annotation: str):
    """The type an annotation such as 'Optional[list[str]]' names; ParameterError if it names anything else."""
    try:  # only names, brackets, commas and spaces: no call or attribute can hide in what is evaluated
        if re.fullmatch(r"[\w\[\],\s]+", annotation):
            return eval(annotation, {"__builtins__": {}}, TYPE_NAMES)  # noqa: S307
    except Exception:
        pass
    raise ParameterError(f"type {annotation!r}: expected one built from {', '.join(TYPE_NAMES)}")


def fits(value, kind) -> bool:
    """Whether a value (as YAML or Python reads it) is of the declared type; an int fits a float."""
    origin, args = get_origin(kind), get_args(kind)
    if origin is Union:
        return any(fits(value, arg) for arg in args)
    if kind is type(None):
        return value is None
    if isinstance(value, bool) and kind is not bool:
        return False
    if kind is float:
        return isinstance(value, (int, float))
    if origin is list:
        return isinstance(value, list) and all(fits(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(fits(k, args[0]) and fits(v, args[1]) for k, v in value.items())
    return isinstance(value, kind)


def type_text(kind) -> str:
    """'int or None', 'list[str]', 'dict[str, float]': a declared type as a message says it."""
    if get_origin(kind) is Union:
        return " or ".join(type_text(arg) for arg in get_args(kind))
    if kind is type(None):
        return "None"
    if get_origin(kind):
        return f"{get_origin(kind).__name__}[{', '.join(type_text(arg) for arg in get_args(kind))}]"
    return kind.__name__
