"""Table exports of the statistics portals (the national data portal's 分省年度数据 / 年度数据, and
provincial portals), as CSV, XLS or XLSX.

A real export opens with metadata lines (数据库：…, 指标：…, 时间：2020年 or 时间：2016年-2025年),
then one of three layouts, and closes with numbered notes (注：1. …) and a 数据来源 line:
  regions × years        (地区 | 2016年 | 2017年 …)  for one indicator, named in 指标 or by the caller;
  regions × indicators   (地区 | 地区生产总值 (亿元) | …) for the single year of the 时间 line;
  indicators × years     (指标 | 2016年 | …)        for the nation (or the 地区 line's region).
Cells may be separated by a tab and a comma, with an empty cell closing every row. Units sit in
the names. Empty cells are years not yet published: they are kept as missing, never filled.
Anything else is refused with the row that did not fit.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ...errors import DataError
from ...reference.numbers import normalise_text, parse_year
from ...reference.units import split_name_unit
from .common import cell_ref, read_text, records_frame, sheet_grids

_META = re.compile(r"^(数据库|指标|时间|地区|单位|频度)\s*[：:]\s*(.*)$")
_FOOTER = re.compile(r"^(注\s*[：:]|注\d|数据来源|资料来源|来源\s*[：:]|note|source)", re.IGNORECASE)
_NOTE_ITEM = re.compile(r"^\d+\s*[.、．]")
_SINGLE_YEAR = re.compile(r"^(\d{4})年?$")


def _csv_rows(text: str) -> list[list[str]]:
    if "\t," in text:
        text = text.replace("\t,", ",")
        delimiter = ","
    else:
        first_lines = text.splitlines()[:10]
        delimiter = "\t" if sum(line.count("\t") for line in first_lines) > sum(
            line.count(",") for line in first_lines) else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


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


def parse_portal_rows(rows: list[list], path: Path, indicator: str | None = None,
                      locate=lambda r, c: (r + 1, c + 1)) -> pd.DataFrame:
    """Turn the rows of a portal export (any file format) into records."""
    meta: dict[str, str] = {}
    notes: list[str] = []
    header_at = None
    for r, cells in enumerate(rows):
        row = _clean_row(cells)
        if not row:
            continue
        match = _META.match(row[0])
        if match and len(row) == 1:
            meta[match.group(1)] = match.group(2).strip()
            continue
        header_at = r
        break
    if header_at is None:
        raise DataError(f"{path}: no table found after the metadata lines; expected a header row "
                        f"starting with 地区 or 指标")
    header = _clean_row(rows[header_at])
    corner, labels = header[0].replace(" ", ""), header[1:]
    body = []
    for r in range(header_at + 1, len(rows)):
        row = _clean_row(rows[r])
        if not row:
            continue
        if _FOOTER.match(row[0]) or (notes and _NOTE_ITEM.match(row[0])):
            notes.append(",".join(row))
            continue
        if notes:
            raise DataError(f"{path}, row {locate(r, 0)[0]}: {row[0]!r}: expected only notes after the "
                            f"注/数据来源 lines")
        body.append((r, row))
    years_across = bool(labels) and all(_is_year(label) for label in labels)
    if labels and not years_across and any(_is_year(label) for label in labels):
        raise DataError(f"{path}, row {locate(header_at, 0)[0]}: header mixes years and other labels: {labels!r}")

    def row_label_is(kind: str) -> bool:
        return corner in (kind, f"{kind}名称")

    region_default = meta.get("地区") or "全国"
    records = []

    def add(r, c, region, year, name, value, unit_hint=None):
        base, unit = split_name_unit(name)
        row_no, col = locate(r, c)
        records.append({"region": region, "year": year, "indicator": base, "value": value,
                        "unit": unit or unit_hint, "scope": None, "file": str(path), "row": row_no,
                        "column": col, "source_key": meta.get("数据库", "portal export"),
                        "source_ref": "; ".join(f"{k}：{v}" for k, v in meta.items()),
                        "note": " ".join(notes)})

    if row_label_is("地区") and years_across:
        named = meta.get("指标")
        if named and indicator and split_name_unit(named)[0] != split_name_unit(indicator)[0]:
            raise DataError(f"{path}: the file's 指标 line names {named!r} but indicator={indicator!r} was passed")
        name = named or indicator
        if not name:
            raise DataError(f"{path}: a regions × years table that names no indicator (no 指标 line); "
                            f"pass indicator=NAME (qy read FILE --indicator NAME)")
        for r, row in body:
            for c, label in enumerate(labels, start=1):
                add(r, c, row[0], label, name, row[c] if c < len(row) else "", meta.get("单位"))
    elif row_label_is("地区"):
        period = meta.get("时间", "").replace(" ", "")
        if not _SINGLE_YEAR.match(period):
            raise DataError(f"{path}: a regions × indicators table needs one year in its 时间 line; "
                            f"found {meta.get('时间')!r} (expected e.g. 时间：2020年)")
        for r, row in body:
            for c, label in enumerate(labels, start=1):
                add(r, c, row[0], period, label, row[c] if c < len(row) else "")
    elif row_label_is("指标") and years_across:
        for r, row in body:
            for c, label in enumerate(labels, start=1):
                add(r, c, region_default, label, row[0], row[c] if c < len(row) else "", meta.get("单位"))
    else:
        raise DataError(f"{path}, row {locate(header_at, 0)[0]}: header {header[:4]!r}...: expected a portal "
                        f"table whose first cell is 地区 (regions × years or regions × indicators) "
                        f"or 指标 (indicators × years)")
    for record in records:
        record["year"] = parse_year(record["year"]) if _is_year(str(record["year"])) else record["year"]
    return records_frame(records)


def read_portal(path: Path, indicator: str | None = None):
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        sheet_name, grid = sheet_grids(path)[0]
        return parse_portal_rows(grid, path, indicator,
                                 locate=lambda r, c: (r + 1, f"{sheet_name}!{cell_ref(r, c)}"))
    return parse_portal_rows(_csv_rows(read_text(path)), path, indicator)
