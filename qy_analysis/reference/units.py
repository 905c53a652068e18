"""Units as printed (亿元, 万元, 件, 万人, %) and conversion to one canonical unit per indicator.

A unit is a (dimension, factor) pair: 亿元 is ('yuan', 1e8), 万人 is ('persons', 1e4). Conversion is
only allowed inside a dimension; anything else is a `UnitError`, never a silent multiplication.
"""

from __future__ import annotations

import re

from ..errors import UnitError
from .numbers import normalise_text

_COUNT_NOUNS = ("件", "项", "个", "家", "次", "所", "座", "户", "applications", "units", "items")
_PERSON_NOUNS = ("人", "名", "persons", "person")
_MAGNITUDES = {
    "": 1.0,
    "十": 1e1,
    "百": 1e2,
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "万亿": 1e12,
}

UNITS: dict[str, tuple[str, float]] = {"%": ("percent", 1.0), "%yoy": ("growth", 1.0), "‰": ("percent", 0.1)}
for _mag, _factor in _MAGNITUDES.items():
    UNITS[f"{_mag}元"] = ("yuan", _factor)
    for _noun in _COUNT_NOUNS:
        UNITS[f"{_mag}{_noun}"] = ("count", _factor)
    for _noun in _PERSON_NOUNS:
        UNITS[f"{_mag}{_noun}"] = ("persons", _factor)

_GROWTH_ALIASES = {
    "%yoy",
    "%(yoy)",
    "yoy%",
    "比上年增长%",
    "增长%",
    "% per year",
    "%peryear",
    "%/year",
    "% per year (avg)",
}


def canonical_unit_text(unit) -> str:
    """Normalise how a unit is written: full-width, brackets, spaces, case."""
    text = normalise_text(unit or "").strip("()[]（）")
    text = text.replace("（", "(").replace("）", ")").replace(" ", "").lower()
    if text in {u.replace(" ", "") for u in _GROWTH_ALIASES}:
        return "%yoy"
    return text


_INDEX = re.compile(r"^(上年|\d{4}年?)=100$")


def parse_unit(unit) -> tuple[str, float]:
    """Return (dimension, factor to the dimension's base) for a printed unit, or raise UnitError."""
    key = canonical_unit_text(unit)
    if _INDEX.match(key):
        return ("index", 1.0)
    if "/" in key:
        numerator, _, denominator = key.partition("/")
        (num_dim, num_factor), (den_dim, den_factor) = parse_unit(numerator), parse_unit(denominator)
        return (f"{num_dim}/{den_dim}", num_factor / den_factor)
    if key not in UNITS:
        raise UnitError(f"unknown unit {unit!r}")
    return UNITS[key]


def conversion_factor(from_unit, to_unit) -> float:
    """Multiply a value in `from_unit` by this to express it in `to_unit`."""
    from_dim, from_factor = parse_unit(from_unit)
    to_dim, to_factor = parse_unit(to_unit)
    if from_dim != to_dim:
        raise UnitError(f"unit {from_unit!r} ({from_dim}) cannot be converted to {to_unit!r} ({to_dim})")
    return from_factor / to_factor


_UNIT_IN_NAME = re.compile(r"[(（]\s*([^()（）]{1,12}?)\s*[)）]\s*$")


def split_name_unit(name: str) -> tuple[str, str | None]:
    """Split '地区生产总值 (亿元)' into ('地区生产总值', '亿元'); a trailing bracket that is not a
    unit (上年=100, 当年价格) stays in the name and no unit is returned."""
    text = normalise_text(name)
    match = _UNIT_IN_NAME.search(text)
    if match:
        candidate = match.group(1)
        try:
            parse_unit(candidate)
        except UnitError:
            return text, None
        return text[: match.start()].strip(), candidate
    return text, None
