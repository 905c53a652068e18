"""City cross-section sheets of the China City Statistical Yearbook (中国城市统计年鉴), any edition.

One row per city (prefecture-level sheets) or per county-level city (县级市截面数据, where further name
columns such as the province or parent city are recognised as names, not figures; so is a leading 序号 or
code column); multi-row Chinese headers (bilingual in one cell, or Chinese and English on separate
rows; table numbers like '2-9' inside) with the unit in the header or its group title; 全市 (whole city)
and 市辖区 (urban districts) column groups; province rows with no figures; notes at the bottom; numbers
stored as text; an advertisement sheet added by the redistributor. Hidden sheets are not read (they are
named in `attrs['hidden_sheets']`); merged cells are copied only inside the header. Every record keeps its cell address
and the header path it was read under.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import DataError, UnitError
from ...reference.numbers import is_missing, normalise_text, parse_number
from ...reference.units import parse_unit
from ..repair import repair
from .common import cell_ref, records_frame
from .workbook import load_sheets

_TABLE_NO = re.compile(r"^\s*\d+\s*[-－—]\s*\d+\s*")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_PAREN = re.compile(r"[(（]([^()（）]*)[)）]")
_NOTE_ROW = re.compile(r"^(注|资料来源|数据来源|说明|note)", re.IGNORECASE)
_SCOPES = {"全市": ("全市", "totalcity"), "市辖区": ("市辖区", "districtsundercity")}


def _zh_part(text: str) -> str:
    """The Chinese part of a bilingual header cell: up to the last ideograph and its closing bracket."""
    text = normalise_text(text).replace("\u5dff", "市")
    ideographs = list(_IDEOGRAPH.finditer(text))
    if not ideographs:
        return ""
    end = ideographs[-1].end()
    while end < len(text) and not _LATIN.match(text[end]):
        end += 1
    return text[:end].strip()


def _scope_of(text: str) -> str | None:
    key = normalise_text(text).replace("\u5dff", "市").replace(" ", "").lower()
    for scope, needles in _SCOPES.items():
        if any(needle in key for needle in needles):
            return scope
    return None


def _unit_in(text: str) -> str | None:
    for inner in reversed(_PAREN.findall(text)):
        try:
            parse_unit(inner)
            return inner.strip()
        except UnitError:
            continue
    return None


def _strip_units_and_scope(text: str) -> str:
    def keep(match):
        inner = match.group(1)
        if _scope_of(inner) or _unit_in(match.group(0)):
            return ""
        return match.group(0)

    return _PAREN.sub(keep, text).strip()


def _column_header(cells: list) -> tuple[str, str | None, str | None, str]:
    """(indicator path, unit, scope, full header text) from one column's header cells, top to bottom."""
    path, unit, scope, shown = [], None, None, []
    for cell in cells:
        if cell is None or not str(cell).strip():
            continue
        text = normalise_text(cell)
        if shown and shown[-1] == text:
            continue
        shown.append(text)
        zh = _zh_part(_TABLE_NO.sub("", text))
        cell_scope = _scope_of(text)
        if cell_scope and (not zh or zh.replace(" ", "") in _SCOPES):
            scope = cell_scope
            continue
        scope = cell_scope or scope
        unit = _unit_in(zh) or unit
        name = _strip_units_and_scope(zh).replace(" ", "")
        if name and name not in ("其中", "其中:") and (not path or path[-1] != name):
            path.append(name.rstrip(":："))
    return " / ".join(path), unit, scope, " / ".join(shown)


def _is_data_row(row: list) -> bool:
    if not row or row[0] is None or not str(row[0]).strip():
        return False
    for value in row[1:]:
        try:
            if parse_number(value) is not None:
                return True
        except ValueError:  # a figure with a scanning mark (`§963886`) is a figure too, not a header
            if isinstance(value, str) and repair(value) is not None:
                return True
    return False


def first_data_row(grid: list[list]) -> int | None:
    return next((r for r, row in enumerate(grid) if _is_data_row(row)), None)


def _name_columns(rows: list[list], first: int, width: int) -> list[int]:
    """Columns whose data cells are mostly Chinese names, not figures: the region column (first of them)
    and, in county-level sheets, columns such as the province or the parent city."""
    found = []
    for c in range(width):
        cells = [rows[r][c] for r in range(first, len(rows)) if rows[r][c] not in (None, "")]
        names = sum(isinstance(v, str) and bool(_IDEOGRAPH.search(v)) and not is_missing(v) for v in cells)
        if cells and names * 2 > len(cells):
            found.append(c)
    return found or [0]


def parse_yearbook_grid(grid: list[list], path: Path, sheet: str, data_year: int | None):
    """(records, cells holding a figure under no header) of one sheet; None when it holds no city table."""
    first = first_data_row(grid)
    if first is None or first == 0:
        return None
    width = max(len(row) for row in grid)
    rows = [list(row) + [None] * (width - len(row)) for row in grid]
    top = next(r for r in range(first) if any(v not in (None, "") for v in rows[r][1:]))
    last_title = None  # group titles ('2-9 地区生产总值') are written once; carry them right
    for c in range(1, width):
        if rows[top][c] not in (None, ""):
            last_title = rows[top][c]
        elif any(rows[r][c] not in (None, "") for r in range(top + 1, first)):  # a sub-column of the group
            rows[top][c] = last_title
    names = _name_columns(rows, first, width)
    sheet_scope = _scope_of(sheet)  # editions that put 全市 and 市辖区 on separate sheets
    figures = [c for c in range(names[0] + 1, width) if c not in names]  # left of the names: 序号, codes
    headers = {c: _column_header([rows[r][c] for r in range(top, first)]) for c in figures}
    records, unlabelled = [], []
    for r in range(first, len(rows)):
        label = rows[r][names[0]]
        if _NOTE_ROW.match(normalise_text(rows[r][0] or "")):
            break
        if label is None or not str(label).strip():
            continue
        for c in figures:
            value = rows[r][c]
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            name, unit, scope, shown = headers[c]
            scope = scope or sheet_scope
            if not name:
                unlabelled.append(f"{sheet}!{cell_ref(r, c)}")  # named by `qy read`, never dropped silently
                continue
            if (
                isinstance(value, str)
                and not value.startswith("=")
                and not _IDEOGRAPH.search(value)
                and _LATIN.search(value)
            ):
                continue  # the English city-name column (a formula left without its result is reported)
            records.append(
                {
                    "region": str(label),
                    "year": data_year,
                    "indicator": name,
                    "value": value,
                    "unit": unit,
                    "scope": scope,
                    "file": str(path),
                    "row": r + 1,
                    "column": f"{sheet}!{cell_ref(r, c)}",
                    "source_key": str(path.name),
                    "source_ref": shown,
                    "note": "",
                }
            )
    return records, unlabelled


def _names_filled(sheet, grid: list[list]) -> list[list]:
    """The grid with a city name merged down over rows copied into each of them (its second row's figures
    belong to it too); a merged figure is never copied (it would become the next region's value)."""
    for rlo, rhi, clo, chi in sheet.merged:
        value = grid[rlo][clo] if rlo < len(grid) and clo < len(grid[rlo]) else None
        if chi - clo != 1 or rhi - rlo < 2 or not (isinstance(value, str) and _IDEOGRAPH.search(value)):
            continue
        for r in range(rlo + 1, min(rhi, len(grid))):
            if clo < len(grid[r]) and grid[r][clo] in (None, ""):
                grid[r][clo] = value
    return grid


def _data_year(grid: list[list], path: Path) -> int | None:
    """The data year: from the sheet title ('中国2019年地级以上城市数据'), else edition - 1 from the name."""
    for row in grid[:4]:
        for value in row[:3]:
            if value and "年" in str(value):
                match = re.search(r"((?:19|20)\d{2})年", normalise_text(value))
                if match:
                    return int(match.group(1))
    match = re.search(r"年鉴\s*((?:19|20)\d{2})|csy\s*((?:19|20)\d{2})", path.name, re.IGNORECASE)
    if match:
        return int(match.group(1) or match.group(2)) - 1
    return None


def read_yearbook(path: Path, year: int | None = None):
    path = Path(path)
    records, skipped, hidden, unlabelled = [], [], [], []
    for sheet in load_sheets(path):
        if sheet.hidden:
            hidden.append(sheet.name)
            continue
        grid = _names_filled(sheet, sheet.filled(first_data_row(sheet.grid) or 0))  # merged header cells, city names
        parsed = parse_yearbook_grid(grid, path, sheet.name, year or _data_year(grid, path))
        if parsed is None:
            skipped.append(sheet.name)
            continue
        found, cells = parsed
        if any(rec["year"] is None for rec in found):
            raise DataError(
                f"{path}, sheet {sheet.name!r}: cannot tell the data year (no 'YYYY年' in the sheet "
                f"title, no edition in the file name); pass year=YYYY"
            )
        records.extend(found)
        unlabelled.extend(cells)
    if not records:
        raise DataError(
            f"{path}: no city table found in sheets {skipped!r}"
            + (f" (hidden, not read: {hidden!r})" if hidden else "")
            + "; expected rows of city names with figures under a multi-row header"
        )
    frame = records_frame(records)
    frame.attrs.update(skipped_sheets=skipped, hidden_sheets=hidden, unlabelled_cells=unlabelled)
    return frame
