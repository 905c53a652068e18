"""Spreadsheet files (.xlsx, .xls) as grids of cell values, checked before any reading starts.

What a sheet says and what it hides are kept apart: hidden sheets are marked (readers skip and name
them); merged ranges are listed, and only header rows get the merged value copied into each cell (a
merged data cell stays one value, never copied into the next region's row); a formula whose result
was never stored (files written by scripts) keeps its formula text, so it is reported as unreadable
instead of vanishing as an empty cell.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import DataError

_XLSX_MAGIC, _XLS_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
MAX_ROWS, MAX_COLUMNS = 200_000, 2_000  # a sheet's grid is built only within these (a yearbook sheet: ~300 x 200)


@dataclass
class Sheet:
    name: str
    grid: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based rows lo..hi, cols lo..hi
    hidden: bool = False

    def filled(self, header_end: int) -> list[list]:
        """The grid with merged ranges that start above row `header_end` (0-based) filled with their value."""
        grid = [list(row) for row in self.grid]
        for rlo, rhi, clo, chi in self.merged:
            if rlo >= header_end or rlo >= len(grid):
                continue
            value = grid[rlo][clo] if clo < len(grid[rlo]) else None
            for r in range(rlo, min(rhi, len(grid))):
                for c in range(clo, min(chi, len(grid[r]))):
                    grid[r][c] = value
        return grid


def _kind(path: Path) -> str:
    """'xlsx' or 'xls' from the file's first bytes; DataError naming what the file is instead."""
    try:
        head = path.read_bytes()[:8]
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror}); expected a spreadsheet file") from None
    if not head:
        raise DataError(f"{path}: empty file (0 bytes); expected an .xlsx or .xls workbook")
    if head.startswith(_XLSX_MAGIC):
        return "xlsx"
    if head.startswith(_XLS_MAGIC):
        return "xls"
    raise DataError(
        f"{path}: named {path.suffix} but not a workbook (its first bytes are not an .xlsx or .xls "
        f"file; a text export renamed? then name it .csv)"
    )


def load_sheets(path: Path) -> list[Sheet]:
    """Every sheet of a workbook; DataError with one clear line for a truncated or corrupt file."""
    path = Path(path)
    kind = _kind(path)
    try:
        return _xlsx_sheets(path) if kind == "xlsx" else _xls_sheets(path)
    except DataError:
        raise
    except Exception as err:  # openpyxl/xlrd raise a dozen types for a damaged file; each means the same
        raise DataError(
            f"{path}: a damaged or truncated {kind} workbook ({type(err).__name__}: "
            f"{str(err)[:120]}); expected a file a spreadsheet program can open"
        ) from None


def _formulas_without_results(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(
            b"<f" in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _xlsx_sheets(path: Path) -> list[Sheet]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, data_only=True)
    formulas = openpyxl.load_workbook(path, data_only=False) if _formulas_without_results(path) else None
    sheets = []
    for ws in workbook.worksheets:
        unstored = (
            {}
            if formulas is None
            else {  # formula text where no result was stored
                key: cell.value
                for key, cell in formulas[ws.title]._cells.items()
                if isinstance(cell.value, str)
                and cell.value.startswith("=")
                and ws._cells.get(key) is not None
                and ws._cells[key].value is None
            }
        )
        grid = _grid(path, ws, unstored)
        merged = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ws.merged_cells.ranges]
        sheets.append(Sheet(ws.title, grid, merged, ws.sheet_state != "visible"))
    return sheets


def _grid(path: Path, ws, unstored: dict) -> list[list]:
    """The sheet's values as rows of cells, built from the cells the file holds (never its stated dimensions:
    one stray cell at XFD1048576 would make a grid of 17 billion cells); DataError naming a value far
    outside any table."""
    filled = {key: cell.value for key, cell in ws._cells.items() if cell.value is not None} | unstored
    if not filled:
        return []
    far = [key for key in filled if key[0] > MAX_ROWS or key[1] > MAX_COLUMNS]
    if far:
        from openpyxl.utils import get_column_letter

        r, c = max(far)
        raise DataError(
            f"{path}: sheet {ws.title!r}, cell {get_column_letter(c)}{r}: a value far outside any table "
            f"(beyond row {MAX_ROWS:,} or column {MAX_COLUMNS:,}); expected the table alone: delete "
            f"the stray cell"
        )
    n_rows, n_cols = max(r for r, _ in filled), max(c for _, c in filled)
    grid = [[None] * n_cols for _ in range(n_rows)]
    for (r, c), value in filled.items():
        grid[r - 1][c - 1] = value
    return grid


def _xls_sheets(path: Path) -> list[Sheet]:
    import xlrd

    workbook = xlrd.open_workbook(path, formatting_info=True)
    sheets = []
    for sh in workbook.sheets():
        grid = [
            [sh.cell_value(r, c) if sh.cell_type(r, c) != xlrd.XL_CELL_EMPTY else None for c in range(sh.ncols)]
            for r in range(sh.nrows)
        ]
        sheets.append(Sheet(sh.name, grid, list(sh.merged_cells), sh.visibility != 0))
    return sheets
