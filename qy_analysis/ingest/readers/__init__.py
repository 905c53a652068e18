"""Readers for the shapes researchers download; each yields the same long records (see common.py).

`read(path)` picks the reader from the file itself and parses numbers and years, so that
`qy read FILE` shows exactly what the tool makes of a new download before it goes into data/raw/.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pandas as pd

from ...errors import DataError
from ...progress import progress_parts
from ..values import parse_values, raise_if_strict
from .common import concat_parts, file_encoding, text_lines
from .portal import looks_like_portal, portal_csv_rows, portal_text_chunks, read_portal
from .transcription import read_transcription, transcription_chunks, transcription_delimiter
from .workbook import load_sheets
from .yearbook import read_yearbook

READERS = {"transcription": read_transcription, "portal": read_portal, "yearbook": read_yearbook}


def _text_layout(path: Path) -> tuple[str | None, str]:
    """(reader, how the text looks: encoding and delimiter, for the error when no reader fits)."""
    encoding = file_encoding(path)
    text = "".join(islice(text_lines(path, encoding), 12)).rstrip("\n")  # the layout shows in the first lines
    rows = portal_csv_rows(text, path)
    if transcription_delimiter(text.split("\n", 1)[0]):
        return "transcription", ""
    if looks_like_portal(rows):
        return "portal", ""
    first = text.split("\n", 1)[0]
    counts = {name: first.count(char) for name, char in (("comma", ","), ("tab", "\t"), ("semicolon", ";"))}
    delimiter = max(counts, key=counts.get) if any(counts.values()) else "none found"
    return None, f" (read as {encoding}, delimiter: {delimiter})"


def _check_regular(path: Path) -> None:
    """DataError for a path no reader should open: missing, a folder, or a pipe or device (which would
    block forever or never end)."""
    if not path.exists():
        raise DataError(f"{path}: no such file")
    if path.is_dir():
        raise DataError(f"{path}: a folder; expected a file")
    if not path.is_file():
        raise DataError(f"{path}: a named pipe or device, not a regular file; expected a downloaded file")


def detect_format(path: Path) -> str:
    """Which reader fits the file; DataError when none does (never a guess)."""
    path = Path(path)
    _check_regular(path)
    suffix, seen = path.suffix.lower(), ""
    if suffix in (".csv", ".txt", ".tsv"):
        kind, seen = _text_layout(path)
        if kind:
            return kind
    elif suffix in (".xlsx", ".xlsm", ".xls"):
        visible = [s for s in load_sheets(path) if not s.hidden]
        if visible and looks_like_portal(visible[0].grid):
            return "portal"
        return "yearbook"
    raise DataError(
        f"{path}: cannot tell the layout{seen}; expected a transcription CSV (columns region, year, "
        f"indicator, value, unit), a statistics-portal export (CSV/XLS/XLSX opening with "
        f"数据库/指标/时间 lines or a 地区/指标 header) or a yearbook sheet (.xlsx/.xls)"
    )


def read_raw(path, indicator: str | None = None, reader: str | None = None) -> pd.DataFrame:
    """Records as found (values still text), from the reader that fits the file."""
    kind = _reader_of(path, reader)
    if kind == "portal":
        return read_portal(Path(path), indicator)
    if indicator:
        raise DataError(f"{path}: indicator= applies to portal exports only; this file is a {kind} table")
    return READERS[kind](Path(path))


def _reader_of(path, reader: str | None) -> str:
    _check_regular(Path(path))
    kind = reader or detect_format(Path(path))
    if kind not in READERS:
        raise DataError(f"{path}: unknown reader {kind!r}; expected one of {sorted(READERS)}")
    return kind


def read_raw_chunks(path, indicator: str | None = None, reader: str | None = None):
    """`read_raw`'s records a part at a time, as (records, body rows read, body rows in all or None): a portal text
    export or a transcription table is read in a stream, a spreadsheet whole, as one part."""
    kind = _reader_of(path, reader)
    if kind == "portal" and Path(path).suffix.lower() not in (".xlsx", ".xlsm", ".xls"):
        yield from portal_text_chunks(Path(path), indicator)
    elif kind == "transcription" and not indicator:
        yield from transcription_chunks(Path(path))
    else:
        records = read_raw(path, indicator, kind)
        yield records, len(records), len(records)


def read_parts(path, indicator: str | None = None, reader: str | None = None, strict: bool = False):
    """`read`'s records a part at a time (text files are read in a stream), each with its rejected cells and the
    reader's notes in `.attrs`, so that a large download can be shown or written without holding it whole."""
    from ..normalise import annotate

    for raw in progress_parts(read_raw_chunks(path, indicator, reader), "qy read"):
        records, rejected = parse_values(raw)
        raise_if_strict(rejected, strict)
        out = annotate(records)
        out.attrs.update(raw.attrs, rejected=rejected)
        yield out


def read(path, indicator: str | None = None, reader: str | None = None, strict: bool = False) -> pd.DataFrame:
    """Long records of a published file: region, year, indicator, value (float), unit as found,
    plus where each came from (file, row, column) and the catalogue ids they map to.

    Cells that cannot be read are left out and listed in `.attrs['rejected']` (errors if `strict`)."""
    parts = list(read_parts(path, indicator, reader, strict))
    out = concat_parts(parts)
    out.attrs = {k: v for part in parts for k, v in part.attrs.items()}
    out.attrs["rejected"] = concat_parts([part.attrs["rejected"] for part in parts])
    return out
