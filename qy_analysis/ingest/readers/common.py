"""What every reader yields, and loading of text and spreadsheet files as published."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError

# The long records every reader returns; `row`/`column` locate the value in its file.
RECORD_COLUMNS = ["region", "year", "indicator", "value", "unit", "scope",
                  "file", "row", "column", "source_key", "source_ref", "note"]
ENCODINGS = ("utf-8-sig", "gb18030")


def records_frame(rows: list[dict]) -> pd.DataFrame:
    """Build the record table with every column present and in a fixed order (values kept as found)."""
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS, dtype=object)
    return frame


def read_text(path: Path) -> str:
    """Text of a CSV as published: UTF-8 (with or without BOM), else GBK/GB18030."""
    data = Path(path).read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(f"{path}: cannot decode the file as UTF-8 or GB18030 (GBK); expected a text export")


def sheet_grids(path: Path) -> list[tuple[str, list[list]]]:
    """Each sheet of an .xlsx/.xls file as a grid of cell values, merged ranges filled with their value."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        workbook = openpyxl.load_workbook(path, data_only=True)
        grids = []
        for sheet in workbook.worksheets:
            grid = [list(row) for row in sheet.iter_rows(values_only=True)]
            for merged in sheet.merged_cells.ranges:
                value = sheet.cell(merged.min_row, merged.min_col).value
                for r in range(merged.min_row - 1, merged.max_row):
                    for c in range(merged.min_col - 1, merged.max_col):
                        if r < len(grid) and c < len(grid[r]):
                            grid[r][c] = value
            grids.append((sheet.title, grid))
        return grids
    if suffix == ".xls":
        import xlrd

        workbook = xlrd.open_workbook(path, formatting_info=True)
        grids = []
        for sheet in workbook.sheets():
            grid = [[sheet.cell_value(r, c) if sheet.cell_type(r, c) != xlrd.XL_CELL_EMPTY else None
                     for c in range(sheet.ncols)] for r in range(sheet.nrows)]
            for rlo, rhi, clo, chi in sheet.merged_cells:
                for r in range(rlo, rhi):
                    for c in range(clo, chi):
                        grid[r][c] = grid[rlo][clo]
            grids.append((sheet.name, grid))
        return grids
    raise DataError(f"{path}: not a spreadsheet (expected .xlsx or .xls)")


def cell_ref(row: int, col: int) -> str:
    """Spreadsheet address of a 0-based (row, col): (223, 32) -> 'AG224'."""
    letters, col = "", col + 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
