"""Parameters of the notebooks, checked the same way in a notebook's second cell and by `qy run`
before any kernel starts: a wrong name, type or value is an error naming the parameter."""
from __future__ import annotations

from pathlib import Path

from ..reference import catalogue
from ..forecasting import METHODS
from ..reference.labels import LANGS
from ..paths import project_path
from ..reference.regions import RegionError, region_code


class ParameterError(ValueError):
    pass


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


def _positive_int(name, minimum):
    def check(value):
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ParameterError(f"{name}: {value!r}: expected a whole number of at least {minimum}")
        return value
    return check


def _choice(name, options):
    def check(value):
        if value not in options:
            raise ParameterError(f"{name}: {value!r}: expected one of {', '.join(map(str, options))}")
        return value
    return check


def _indicators(value):
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ParameterError(f"indicators: {value!r}: expected a list of indicator ids, or None for all")
    for ind in value:
        try:
            catalogue.get(ind)
        except catalogue.IndicatorError:
            raise ParameterError(f"indicators: {ind!r} is not an indicator id of the catalogue") from None
    return value


def _existing_file(name):
    def check(value):
        path = Path(value) if Path(value).is_absolute() else project_path(value)
        if not path.is_file():
            raise ParameterError(f"{name}: {value!r}: no such file (paths are relative to the project folder)")
        return path
    return check


def _growth_map(value):
    if not isinstance(value, dict) or not all(isinstance(v, (int, float)) for v in value.values()):
        raise ParameterError(f"growth: {value!r}: expected {{indicator id: % a year}}")
    _indicators(list(value))
    return value


def _range(name):
    def check(value):
        if (not isinstance(value, list) or len(value) != 3 or not all(isinstance(v, (int, float)) for v in value)
                or value[2] <= 0 or value[1] <= value[0]):
            raise ParameterError(f"{name}: {value!r}: expected [start, stop, step] with stop > start and step > 0")
        return value
    return check


def _non_negative(name):
    def check(value):
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ParameterError(f"{name}: {value!r}: expected a number >= 0")
        return float(value)
    return check


CHECKS = {
    "region": _region, "as_of": _year_or_none("as_of"),
    "method": _choice("method", METHODS), "n_paths": _positive_int("n_paths", 100),
    "seed": _positive_int("seed", 0), "lang": _choice("lang", LANGS), "indicators": _indicators,
    "targets": _existing_file("targets"), "min_years": _positive_int("min_years", 4),
    "group": _choice("group", ("mountain", "pearl_river_delta", "east", "west", "prefecture")),
    "growth": _growth_map, "spread": _non_negative("spread"),
    "sweep_st": _range("sweep_st"), "sweep_budget": _range("sweep_budget"),
}


def check_params(**params) -> dict:
    """Validated (and normalised: region -> code, targets -> path) parameters; ParameterError otherwise."""
    return {name: CHECKS[name](value) if name in CHECKS else value for name, value in params.items()}
