"""Parse numbers as statistical publications print them.

Published tables mix full-width digits (１２３), thousands separators, footnote marks (123*, 45①),
trailing newlines from "number stored as text" cells, and a zoo of missing markers (…, —, 空, 无).
`parse_number` turns all of these into a float, ``None`` for an explicit missing marker, and raises
`ValueError` (with the text it could not read) for anything else, so nothing is guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata

MISSING_MARKERS = frozenset(
    {
        "",
        "…",
        "……",
        "...",
        "..",
        "......",
        "—",
        "——",
        "–",
        "-",
        "--",
        "---",
        "空",
        "无",
        "－",
        "na",
        "n/a",
        "nan",
        "null",
        "none",
        "#n/a",
        "／",
        "/",
    }
)
# Footnote marks are removed *before* NFKC, which would turn ¹ or ① into a digit.
_FOOTNOTE_CHARS = "*#†‡△▲※" + "⁰¹²³⁴⁵⁶⁷⁸⁹" + "".join(chr(c) for c in range(0x2460, 0x2474))
_FOOTNOTE_TAIL = re.compile(r"(?:\[\d{1,2}\]|[" + re.escape(_FOOTNOTE_CHARS) + r"])+$")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def normalise_text(text: str) -> str:
    """NFKC (full-width to ASCII), fold every kind of space, strip. Shared by all name matching."""
    text = str(text)
    if text.isascii() and text.isprintable() and " " not in text:
        return text  # the usual cell of a large export: already NFKC, no space to fold
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


def is_missing(value) -> bool:
    """True for an empty cell or a published missing marker."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, (int, float)):
        return False
    return normalise_text(value).lower() in MISSING_MARKERS


def parse_number(value, percent: bool = False) -> float | None:
    """Return the number in a published cell, ``None`` for a missing marker.

    A trailing % is read only with `percent=True` (the cell's unit is a share or a growth rate): in a
    count or an amount it means the cell holds something else. Raises ValueError naming the text when
    it is neither a number nor a missing marker.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, not a number")
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    if is_missing(value):
        return None
    raw = str(value)
    text = _SPACES.sub("", raw)
    text = _FOOTNOTE_TAIL.sub("", text)
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("，", ",")
    if text.endswith("%"):
        if not percent:
            raise ValueError(f"{raw!r} carries a % sign but its unit is not a share or a growth rate")
        text = text[:-1]
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if not _PLAIN.match(text):
        raise ValueError(f"{raw!r} is not a number")
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"{raw!r} is not a finite number")
    return number


_YEAR = re.compile(r"^(\d{4})(?:年|年度)?(?:\.0)?$")


def parse_year(value) -> int:
    """Read a year label ('2012', '2012年', 2012, '２０１２年') or raise ValueError."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        raise ValueError(f"{value!r} is not a year")
    match = _YEAR.match(normalise_text(value).replace(" ", ""))
    if not match:
        raise ValueError(f"{value!r} is not a single year")
    return int(match.group(1))


def year_spans(years: list[int], dash: str = "-", sep: str = ",") -> str:
    """Sorted years as runs: [2007, 2008, 2009, 2012] -> '2007-2009,2012' (dash and separator as asked)."""
    spans, start = [], None
    for i, year in enumerate(years):
        if start is None:
            start = year
        if i + 1 == len(years) or years[i + 1] != year + 1:
            spans.append(f"{start}" if start == year else f"{start}{dash}{year}")
            start = None
    return sep.join(spans)


# --- Writing numbers for people: one style in every table, chart and sentence. ---
COUNT_UNITS = frozenset({"件", "人", "个", "家", "项", "次", "人次"})


def decimals(value: float, unit: str | None) -> int:
    """Decimals a reader expects for `value` in `unit`: counts none, shares (%) two, amounts by size
    (below 100 two, below 1,000 one, else none)."""
    if unit in COUNT_UNITS:
        return 0
    if unit == "%":
        return 2
    size = abs(value)
    return 2 if size < 100 else 1 if size < 1000 else 0


def format_number(value, unit: str | None = None, places: int | None = None, sign: bool = False) -> str:
    """`value` with thousands separators at the precision of its unit (`decimals`), or at `places`:
    4174.0 件 -> '4,174'; 1.3137 % -> '1.31'; 4.549 亿元 -> '4.55'. No unit is written (callers add it once)."""
    places = decimals(value, unit) if places is None else places
    return f"{value:{'+' if sign else ''},.{places}f}"


def format_growth(value, sign: bool = False) -> str:
    """A growth rate (% a year) to one decimal: 12.0, 8.4, 11.4, 14.9."""
    return f"{value:{'+' if sign else ''}.1f}"


def format_band(lower, upper, unit: str | None = None, point=None) -> str:
    """An interval at the precision of its point (or of its upper end): '0.78–2.88', '255–20,424'."""
    places = decimals(upper if point is None else point, unit)
    return f"{format_number(lower, unit, places)}–{format_number(upper, unit, places)}"
