"""From the text of each cell to a number, never silently.

A cell that reads as a number (or a missing marker) is kept; one with a known scanning mark is
repaired (see repair.py) and says so in `repair`; anything else becomes a rejected record (file,
sheet, cell, raw text, reason) and the rest of the file is still read. `strict=True` turns rejected
records back into errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import DataError, Problem
from ..reference.numbers import parse_number
from ..reference.units import UnitError, parse_unit
from .corrections import cell_id
from .repair import repair, uses_points

REJECTED_COLUMNS = ["file", "sheet", "cell", "raw", "reason"]
_PLAIN = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
EXPECTED = "a number, or a missing marker (…, —, -, 空, 无, blank)"


def _percent_unit(unit) -> bool:
    try:
        return parse_unit(unit)[0] in ("percent", "growth") if isinstance(unit, str) and unit else False
    except UnitError:
        return False


def _column_key(column) -> str:
    """The column a cell belongs to: 'Sheet1!AG224' -> 'Sheet1!AG'; text files name columns already."""
    text = str(column)
    return text.rstrip("0123456789") if "!" in text else text


def _shown(text: str, limit: int = 200) -> str:
    """The raw text as listed in rejected.csv: whole, or its start and its length when it is huge."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _reason(text: str, unit) -> str:
    """Why a cell was rejected, phrased as what was expected."""
    if text.lstrip().startswith("="):
        return (
            "expected a stored value; found a formula with no stored result (the file was written by a "
            "script): open and save it in a spreadsheet program, or correct the cell in cleaning_rules.yaml"
        )
    if text.rstrip().endswith("%"):
        return f"expected a number without %: the unit {unit!r} is not a share or a growth rate"
    return f"expected {EXPECTED}"


def parse_values(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records with `value_raw`, `value` as float and `repair`, rejected records).

    Plain numbers are parsed at once; only the other cells go one by one through `parse_number`."""
    text = records["value"].astype(str)
    numbers = pd.to_numeric(text.where(text.str.fullmatch(_PLAIN)), errors="coerce")
    fast = np.isfinite(numbers.to_numpy(dtype=float))
    values = numbers.to_numpy(dtype=float).copy()
    kinds = (
        records["repair"].fillna("") if "repair" in records.columns else pd.Series("", index=records.index)
    ).tolist()
    keep = np.ones(len(records), dtype=bool)
    percent_ok = {u: _percent_unit(u) for u in records["unit"].dropna().unique()}
    column_points: dict[tuple, bool] = {}
    rejected = []
    for i in np.flatnonzero(~fast):
        rec = records.iloc[i]
        try:
            number = parse_number(rec.value, percent=percent_ok.get(rec.unit, False))
        except ValueError:
            key = (rec.file, _column_key(rec.column))
            if key not in column_points:
                same = records["value"][(records["file"] == rec.file) & (records["column"].map(_column_key) == key[1])]
                column_points[key] = uses_points(same)
            fixed = repair(str(rec.value), column_points[key])
            if fixed is None:
                column = str(rec.column)
                rejected.append(
                    {
                        "file": rec.file,
                        "sheet": column.split("!")[0] if "!" in column else "",
                        "cell": cell_id(rec.row, rec.column),
                        "raw": _shown(str(rec.value)),
                        "reason": _reason(str(rec.value), rec.unit),
                    }
                )
                keep[i] = False
                continue
            number, kinds[i] = fixed[0], f"repaired:{fixed[1]}"
        values[i] = float("nan") if number is None else number
    out = records[keep] if not keep.all() else records.copy(deep=False)  # no full copy of a clean file
    if "value_raw" not in out.columns:  # corrections keep the published text there already
        out.insert(out.columns.get_loc("value") + 1, "value_raw", text[keep])
    out["value"] = values[keep]
    out["repair"] = [k for k, kept in zip(kinds, keep) if kept]
    return out, pd.DataFrame(rejected, columns=REJECTED_COLUMNS)


def raise_if_strict(rejected: pd.DataFrame, strict: bool) -> None:
    """With --strict, rejected records are errors, each naming file, cell, text and reason."""
    if strict and len(rejected):
        raise DataError([_problem(r) for r in rejected.itertuples()])


def _problem(rejected) -> Problem:
    expected = rejected.reason.removeprefix("expected ")
    if rejected.sheet:
        row = rejected.cell.split("!")[-1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return Problem(rejected.file, row, rejected.cell, rejected.raw, expected, "rejected")
    row, _, column = rejected.cell.partition(":")
    return Problem(rejected.file, row, column, rejected.raw, expected, "rejected")
