"""Table exports of the statistics portals (the national data portal's 分省年度数据 / 年度数据, and
provincial portals), as CSV, XLS or XLSX.

A real export opens with metadata lines (数据库：…, 指标：…, 时间：2020年 or 时间：2016年-2025年),
then one of three layouts, and closes with numbered notes (注：1. …) and a 数据来源 line:
  regions × years        (地区 | 2016年 | 2017年 …)  for one indicator, named in 指标 or by the caller;
  regions × indicators   (地区 | 地区生产总值 (亿元) | …) for the single year of the 时间 line;
  indicators × years     (指标 | 2016年 | …)        for the nation (or the 地区 line's region).
Cells may be separated by a tab and a comma, with an empty cell closing every row. Units sit in
the names. Empty cells are years not yet published: they are kept as missing, never filled.
Anything else is refused with the row that did not fit; so is a row with more cells than the header
(an unquoted `1,234.5` in a comma-separated file shifts every later column).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import DataError
from ...progress import progress
from ...reference.numbers import normalise_text, parse_year
from ...reference.units import split_name_unit
from .common import cell_ref, concat_parts, csv_rows, file_encoding, iter_csv_rows, records_frame, text_lines
from .workbook import load_sheets

_META = re.compile(r"^(数据库|指标|时间|地区|单位|频度)\s*[：:]\s*(.*)$")
_FOOTER = re.compile(r"^(注\s*[：:]|注\d|数据来源|资料来源|来源\s*[：:]|note|source)", re.IGNORECASE)
_NOTE_ITEM = re.compile(r"^\d+\s*[.、．]")
_SINGLE_YEAR = re.compile(r"^(\d{4})年?$")


def delimiter_of(text: str) -> str:
    """',' or a tab, whichever separates the first lines (the portal's tab-comma pairs count as ',')."""
    first_lines = text.splitlines()[:10]
    tabs = sum(line.count("\t") for line in first_lines)
    return "\t" if tabs > sum(line.count(",") for line in first_lines) else ","


def portal_csv_rows(text: str, path: Path = Path("?")) -> list[list[str]]:
    if "\t," in text:
        return csv_rows(text.replace("\t,", ","), path)
    return csv_rows(text, path, delimiter_of(text))


def _clean_row(cells) -> list[str]:
    row = ["" if c is None else normalise_text(str(c)) for c in cells]
    while row and row[-1] == "":
        row.pop()
    return row


def looks_like_portal(rows: list[list[str]]) -> bool:
    for cells in rows[:6]:
        row = _clean_row(cells)
        if row and (_META.match(row[0]) or row[0] in ("地区", "指标")):
            return True
    return False


def _is_year(label: str) -> bool:
    return bool(_SINGLE_YEAR.match(label.replace(" ", "")))


def header_index(rows: list[list]) -> int | None:
    """The first row that is not a metadata line (数据库：…): the table's header."""
    for r, cells in enumerate(rows):
        row = _clean_row(cells)
        if row and not (_META.match(row[0]) and len(row) == 1):
            return r
    return None


@dataclass
class PortalTable:
    """A portal export taken apart: metadata lines, header, body rows (row index, cells) and notes."""

    path: Path
    locate: object  # (row index, column index) -> (row, column) as reported; None: a text file's numbers
    meta: dict = field(default_factory=dict)
    header_at: int = 0
    header: list = field(default_factory=list)
    body: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def corner(self) -> str:
        return self.header[0].replace(" ", "")

    @property
    def labels(self) -> list[str]:
        return self.header[1:]

    def row_no(self, r: int):
        return r + 1 if self.locate is None else self.locate(r, 0)[0]

    def frame(self, region=None, year=None, name=None, unit_hint=None) -> pd.DataFrame:
        """The body cells as records, built column by column (no dict per cell: a 5 M-row export has 40 M).
        Each of `region`, `year`, `name` is fixed when given, else the row label (region, name) or the column
        label (year, name) of each cell, as the layout says."""
        n_rows, n_cols = len(self.body), len(self.labels)
        row_labels = [row[0] for _, row in self.body]
        per_row = lambda labels: np.repeat(np.asarray(labels, dtype=object), n_cols)  # noqa: E731
        per_col = lambda labels: np.tile(np.asarray(labels, dtype=object), n_rows)  # noqa: E731
        names = per_col(self.labels) if name == "columns" else per_row(row_labels) if name == "rows" else name
        split = {n: split_name_unit(n) for n in (set(names) if isinstance(names, np.ndarray) else {names})}
        pick = (
            (lambda k: [split[n][k] for n in names]) if isinstance(names, np.ndarray) else (lambda k: split[names][k])
        )
        units = pick(1)
        if unit_hint is not None:
            units = [u or unit_hint for u in units] if isinstance(units, list) else (units or unit_hint)
        years = per_col(self.labels) if year is None else year
        if isinstance(years, np.ndarray):
            parsed = {y: parse_year(y) if _is_year(str(y)) else y for y in set(years)}
            years = [parsed[y] for y in years]
        elif _is_year(str(years)):
            years = parse_year(years)
        if self.locate is None:  # a text file: row and column numbers as integer arrays, not 2 objects a cell
            where_rows = np.repeat(np.asarray([r + 1 for r, _ in self.body], dtype=np.int64), n_cols)
            where_cols = np.tile(np.arange(2, n_cols + 2, dtype=np.int64), n_rows)
        else:
            where = [self.locate(r, c) for r, _ in self.body for c in range(1, n_cols + 1)]
            where_rows, where_cols = [w[0] for w in where], [w[1] for w in where]
        frame = records_frame(
            {
                "region": per_row(row_labels) if region is None else region,
                "year": years,
                "indicator": pick(0),
                "value": [row[c] if c < len(row) else "" for _, row in self.body for c in range(1, n_cols + 1)],
                "unit": units,
                "scope": None,
                "file": str(self.path),
                "row": None,
                "column": None,
                "source_key": self.meta.get("数据库", "portal export"),
                "source_ref": "; ".join(f"{k}：{v}" for k, v in self.meta.items()),
                "note": " ".join(self.notes),
            }
        )
        frame["row"], frame["column"] = where_rows, where_cols
        return frame


def _body_rows(rows: Iterable[list], table: PortalTable) -> Iterator[tuple[int, list[str]]]:
    """Fill `table`'s metadata, header and notes from `rows` (a list, or a file read one row at a time) and
    yield its body rows (row index, cells); DataError for no header, data after the notes or a row wider than
    the header."""
    path, rows = table.path, iter(rows)
    for r, cells in enumerate(rows):
        row = _clean_row(cells)
        if not row:
            continue
        match = _META.match(row[0])
        if not (match and len(row) == 1):
            table.header_at, table.header = r, row
            break
        table.meta[match.group(1)] = match.group(2).strip()
    else:
        raise DataError(
            f"{path}: no table found after the metadata lines; expected a header row starting with 地区 or 指标"
        )
    for r, cells in enumerate(rows, start=table.header_at + 1):
        row = _clean_row(cells)
        if not row:
            continue
        if _FOOTER.match(row[0]) or (table.notes and _NOTE_ITEM.match(row[0])):
            table.notes.append(",".join(row))
            continue
        if table.notes:
            raise DataError(
                f"{path}, row {table.row_no(r)}: {row[0]!r}: expected only notes after the 注/数据来源 lines"
            )
        if len(row) > len(table.header):
            raise DataError(
                f"{path}, row {table.row_no(r)}: {len(row)} cells but the header has "
                f"{len(table.header)}: expected one cell per column (a number with a thousands "
                f"comma, like 1,234.5, must be quoted in a comma-separated file)"
            )
        yield r, row


def split_table(rows: list[list], path: Path, locate) -> PortalTable:
    """Metadata, header, body and notes (see `_body_rows`)."""
    table = PortalTable(path, locate)
    table.body = list(_body_rows(rows, table))
    return table


def _regions_by_years(t: PortalTable, indicator: str | None) -> pd.DataFrame:
    named = t.meta.get("指标")
    if named and indicator and split_name_unit(named)[0] != split_name_unit(indicator)[0]:
        raise DataError(f"{t.path}: the file's 指标 line names {named!r} but indicator={indicator!r} was passed")
    name = named or indicator
    if not name:
        raise DataError(
            f"{t.path}: a regions × years table that names no indicator (no 指标 line); "
            f"pass indicator=NAME (qy read FILE --indicator NAME)"
        )
    return t.frame(name=name, unit_hint=t.meta.get("单位"))


def _regions_by_indicators(t: PortalTable, indicator: str | None) -> pd.DataFrame:
    period = t.meta.get("时间", "").replace(" ", "")
    if not _SINGLE_YEAR.match(period):
        raise DataError(
            f"{t.path}: a regions × indicators table needs one year in its 时间 line; "
            f"found {t.meta.get('时间')!r} (expected e.g. 时间：2020年)"
        )
    return t.frame(year=period, name="columns")


def _indicators_by_years(t: PortalTable, indicator: str | None) -> pd.DataFrame:
    return t.frame(region=t.meta.get("地区") or "全国", name="rows", unit_hint=t.meta.get("单位"))


def _layout(t: PortalTable):
    """The function reading this table's layout (see the module docstring), or DataError."""
    years_across = bool(t.labels) and all(_is_year(label) for label in t.labels)
    if t.labels and not years_across and any(_is_year(label) for label in t.labels):
        raise DataError(f"{t.path}, row {t.row_no(t.header_at)}: header mixes years and other labels: {t.labels!r}")
    if t.corner in ("地区", "地区名称"):
        return _regions_by_years if years_across else _regions_by_indicators
    if t.corner in ("指标", "指标名称") and years_across:
        return _indicators_by_years
    raise DataError(
        f"{t.path}, row {t.row_no(t.header_at)}: header {t.header[:4]!r}...: expected a portal "
        f"table whose first cell is 地区 (regions × years or regions × indicators) "
        f"or 指标 (indicators × years)"
    )


def parse_portal_rows(rows: list[list], path: Path, indicator: str | None = None, locate=None) -> pd.DataFrame:
    """Turn the rows of a portal export (any file format) into records."""
    table = split_table(rows, path, locate)
    return _layout(table)(table, indicator)


CHUNK_CELLS = 250_000  # records built at a time from a text export read in a stream (about 300 MB at peak)


def _text_rows(path: Path, encoding: str, tab_comma: bool, delimiter: str) -> Iterator[list[str]]:
    lines = text_lines(path, encoding)
    return iter_csv_rows((line.replace("\t,", ",") for line in lines) if tab_comma else lines, path, delimiter)


def _text_format(path: Path) -> tuple[str, bool, str]:
    """(encoding, whether cells are tab-comma pairs anywhere, delimiter), as `portal_csv_rows` decides them for
    the whole text, found by reading the file once a line at a time."""
    encoding, tab_comma, first = file_encoding(path), False, []
    for line in text_lines(path, encoding):
        tab_comma = tab_comma or "\t," in line
        if len(first) < 10:
            first.append(line)
        elif tab_comma:
            break
    return encoding, tab_comma, "," if tab_comma else delimiter_of("".join(first))


def portal_text_chunks(path: Path, indicator: str | None = None, chunk_cells: int | None = None):
    """The records of a text export, about `chunk_cells` at a time: the file is read twice in a stream, once
    for its header, notes and row checks (every record carries the notes at its end), once for the figures, so
    memory follows the chunk, not the file. Yields (records, body rows read so far, body rows in all)."""
    path = Path(path)
    form = _text_format(path)
    table = PortalTable(path, None)
    n_rows = sum(1 for _ in progress(_body_rows(_text_rows(path, *form), table), f"{path.name}: checking", unit="row"))
    read = _layout(table)
    per_chunk = max(1, (chunk_cells or CHUNK_CELLS) // max(1, len(table.labels)))
    body, done = _body_rows(_text_rows(path, *form), PortalTable(path, None)), 0
    while True:
        table.body = list(islice(body, per_chunk))
        done += len(table.body)
        yield read(table, indicator), done, n_rows
        if done >= n_rows:
            return


def read_portal(path: Path, indicator: str | None = None):
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        sheet = next((s for s in load_sheets(path) if not s.hidden), None)
        if sheet is None:
            raise DataError(f"{path}: every sheet is hidden; expected a visible sheet with the export")
        header_at = header_index(sheet.grid)
        grid = sheet.filled(header_at + 1 if header_at is not None else 0)
        return parse_portal_rows(grid, path, indicator, locate=lambda r, c: (r + 1, f"{sheet.name}!{cell_ref(r, c)}"))
    return concat_parts([records for records, _, _ in portal_text_chunks(path, indicator)])
