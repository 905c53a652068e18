"""Corrections of single cells, declared in cleaning_rules.yaml next to the rules (action: correct).

    - id: fix-scan-qingyuan-2019
      action: correct
      file: csy2020_prefecture_cross_section.xlsx   # file name in data/raw/
      cell: Sheet1!AG224                            # as `qy read` shows it (sheet!A1, or row:column for CSV)
      expected: '§963886'                           # the text the cell holds now
      value: 963886                                 # what it should read
      reason: the scan left a § before the number

The raw file is never edited. A correction applies only while the cell still holds the expected text;
otherwise it is an error (the file changed under it), never a silent overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError, Problem
from ..inputs import finite_number

FIELDS = ("id", "file", "cell", "expected", "value", "reason")


@dataclass(frozen=True)
class Correction:
    id: str
    file: str
    cell: str
    expected: str
    value: float
    reason: str


def cell_id(row, column) -> str:
    """How a cell is named in corrections and rejected.csv: 'Sheet1!AG224', or 'row:column' in text files."""
    column = str(column)
    return column if "!" in column else f"{row}:{column}"


def load_corrections(path: Path, entries: list) -> list[Correction]:
    """The `action: correct` entries of a rules file (`entries`, as `rules.read_rules_file` parsed it), checked
    field by field."""
    found = []
    for n, spec in enumerate(entries, start=1):
        if not isinstance(spec, dict) or spec.get("action") != "correct":
            continue
        where = f"{path}, rule {n} ({spec.get('id', '?')})"
        missing = [f for f in FIELDS if spec.get(f) in (None, "")]
        if missing:
            raise DataError(f"{where}: fields {missing} missing; a correction needs {', '.join(FIELDS)}")
        value = finite_number(spec["value"], f"{where}: field 'value'")
        found.append(
            Correction(
                str(spec["id"]),
                str(spec["file"]),
                str(spec["cell"]),
                str(spec["expected"]),
                value,
                " ".join(str(spec["reason"]).split()),
            )
        )
    return found


def apply_corrections(
    records: pd.DataFrame, corrections: list[Correction]
) -> tuple[pd.DataFrame, list[str], list[Problem]]:
    """(records with corrected values, the text as published in `value_raw` and `repair` =
    'corrected:<id>', unused ids, stale corrections)."""
    if not corrections:
        return records, [], []
    records = records.copy()
    records.insert(records.columns.get_loc("value") + 1, "value_raw", records["value"].astype(str))
    names = records["file"].map(lambda f: Path(str(f)).name)
    cells = [cell_id(r, c) for r, c in zip(records["row"], records["column"])]
    where = {(n, c): i for i, n, c in zip(records.index, names, cells)}
    unused, problems = [], []
    for fix in corrections:
        index = where.get((fix.file, fix.cell))
        if index is None:
            unused.append(fix.id)
            continue
        found = str(records.at[index, "value"])
        if found != fix.expected:
            problems.append(
                Problem(
                    fix.file,
                    records.at[index, "row"],
                    fix.cell,
                    found,
                    f"{fix.expected!r} as correction {fix.id!r} states; the file changed, check the correction",
                    "correction",
                )
            )
            continue
        records.at[index, "value"] = fix.value
        records.at[index, "repair"] = f"corrected:{fix.id}"
    return records, unused, problems
