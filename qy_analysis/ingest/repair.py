"""Declared repairs of the marks that scanning left in yearbook numbers (`§963886`, `丨923100`, `1021]`,
`1337()`, `100.0()`, `413349’`, and `4846,48` with a decimal comma where the column's other values use
points). Each repair has a kind, keeps the original text and is reported as `repaired:<kind>`; anything
else is not guessed at."""

from __future__ import annotations

import re

from ..reference.numbers import parse_number

# (kind, pattern whose group 'number' is the figure once the mark is taken away)
ARTEFACTS = (
    ("section_sign", re.compile(r"^\s*§\s*(?P<number>[^§]+?)\s*$")),
    ("stroke", re.compile(r"^\s*[丨|｜]\s*(?P<number>[^丨|｜]+?)\s*$")),
    ("bracket", re.compile(r"^\s*(?P<number>[^\[\]【】]+?)\s*[\]】]\s*$")),
    ("empty_parens", re.compile(r"^\s*(?P<number>[^()（）]+?)\s*[(（]\s*[)）]\s*$")),
    ("apostrophe", re.compile(r"^\s*(?P<number>[^’‘'`]+?)\s*[’‘'`]\s*$")),
)
_DECIMAL_COMMA = re.compile(r"^\s*(?P<int>[+-]?\d+),(?P<frac>\d{1,2})\s*$")
_POINT_DECIMAL = re.compile(r"^\s*[+-]?\d+\.\d+\s*$")


def uses_points(texts) -> bool:
    """Whether a column's values write decimals with a point (so a lone `4846,48` is a decimal comma)."""
    return any(_POINT_DECIMAL.match(t) for t in texts if isinstance(t, str))


def repair(text: str, column_uses_points: bool = False) -> tuple[float, str] | None:
    """(number, kind) when `text` is a plain number with one known scanning mark, else None."""
    for kind, pattern in ARTEFACTS:
        match = pattern.match(text)
        if match:
            try:
                number = parse_number(match.group("number"))
            except ValueError:
                return None
            return (number, kind) if number is not None else None
    match = _DECIMAL_COMMA.match(text)
    if match and column_uses_points:
        return float(f"{match.group('int')}.{match.group('frac')}"), "decimal_comma"
    return None
