"""Builders of SYNTHETIC bad or unusual inputs (made-up numbers, written at test time into a temp folder):
the bad-input corpus of issue 10. Each builder takes the folder and returns the file it wrote."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

HEADER = "region,year,indicator,value,unit,source_url\n"
URL = "http://example.invalid/synthetic"


def text_file(name: str, text: str, encoding: str = "utf-8"):
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(text.encode(encoding))
        return path

    return build


def transcription(
    value: str,
    unit: str = "件",
    indicator: str = "专利申请量",
    region: str = "清远市",
    year: str = "2012",
    extra: str = "",
):
    """One-row transcription table (plus `extra` rows) with the given cell texts."""
    cell = f'"{value}"' if "," in value else value
    return text_file("synthetic_t.csv", HEADER + f"{region},{year},{indicator},{cell},{unit},{URL}\n" + extra)


def portal(
    body: str,
    meta: str = "数据库：分省年度数据\n指标：专利申请受理量(件)\n时间：2019年-2020年\n",
    header: str = "地区,2020年,2019年\n",
    encoding: str = "utf-8",
):
    return text_file("synthetic_p.csv", meta + header + body + "数据来源：国家统计局\n", encoding)


def yearbook(
    rows: list[list],
    name: str = "synthetic_csy2013.xlsx",
    merge: str | None = None,
    hidden: list[list] | None = None,
    header=("城市", "专利申请数(件)", "专利授权数(件)"),
):
    """A yearbook-like sheet (data year 2012 from the file name), optionally a merged range and a hidden sheet."""

    def build(folder: Path) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        ws.append(list(header))
        for row in rows:
            ws.append(row)
        if merge:
            ws.merge_cells(merge)
        if hidden:
            secret = wb.create_sheet("hidden_copy")
            for row in [list(header)] + hidden:
                secret.append(row)
            secret.sheet_state = "hidden"
        path = folder / name
        wb.save(path)
        return path

    return build


def portal_xlsx_behind_hidden_sheet(folder: Path) -> Path:
    """A portal export whose first sheet is a hidden scratch copy with other numbers."""
    wb = openpyxl.Workbook()
    scratch = wb.active
    scratch.title = "scratch"
    for row in (["时间：2020年"], ["地区", "地区生产总值 (亿元)"], ["北京市", 1]):
        scratch.append(row)
    scratch.sheet_state = "hidden"
    shown = wb.create_sheet("export")
    for row in (["数据库：分省年度数据"], ["时间：2020年"], ["地区", "地区生产总值 (亿元)"], ["北京市", 36102.6]):
        shown.append(row)
    path = folder / "synthetic_portal_hidden.xlsx"
    wb.save(path)
    return path


def broken_xlsx(kind: str):
    """An .xlsx that is empty, truncated, not a zip, a renamed CSV, or carries an XML entity."""

    def build(folder: Path) -> Path:
        good = yearbook([["清远市", 750, 300]])(folder)
        data = good.read_bytes()
        path = folder / f"synthetic_{kind}.xlsx"
        if kind == "empty":
            path.write_bytes(b"")
        elif kind == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif kind == "renamed_csv":
            path.write_text(HEADER + f"清远市,2012,专利申请量,750,件,{URL}\n", encoding="utf-8")
        elif kind == "zip_without_workbook":
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("hello.txt", "not a workbook")
        elif kind == "entity":
            with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
                for item in src.namelist():
                    body = src.read(item)
                    if item == "xl/worksheets/sheet1.xml":
                        body = b'<!DOCTYPE x [<!ENTITY e "1">]>' + body.replace(b"<v>750</v>", b"<v>&e;</v>")
                    dst.writestr(item, body)
        return path

    return build


def broken_xls(kind: str):
    def build(folder: Path) -> Path:
        path = folder / f"synthetic_{kind}.xls"
        path.write_bytes(b"" if kind == "empty" else b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
        return path

    return build
