"""What every reader yields, and loading of text files as published (spreadsheets: workbook.py)."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ...errors import DataError

# The long records every reader returns; `row`/`column` locate the value in its file.
RECORD_COLUMNS = [
    "region",
    "year",
    "indicator",
    "value",
    "unit",
    "scope",
    "file",
    "row",
    "column",
    "source_key",
    "source_ref",
    "note",
]
ENCODINGS = ("utf-8-sig", "gb18030")


def records_frame(rows: list[dict] | dict) -> pd.DataFrame:
    """Build the record table (from row dicts or from columns) with every column present and in a fixed
    order (values kept as found)."""
    if isinstance(rows, dict):
        length = next((len(v) for v in rows.values() if isinstance(v, (list, pd.Series, np.ndarray))), 0)
        return pd.DataFrame({c: rows[c] for c in RECORD_COLUMNS}, index=range(length)).astype(object)
    return pd.DataFrame(rows, columns=RECORD_COLUMNS, dtype=object)


def district_figures(records: pd.DataFrame) -> int:
    """How many of `records` are 市辖区 (urban districts) figures."""
    return int(records["scope"].fillna("").eq("市辖区").sum()) if "scope" in records.columns else 0


def concat_parts(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames read a part at a time, as one: a single part as it is, not copied; parts left empty (a part whose
    records were all set aside) are dropped, so that their column types do not change the others'."""
    parts = [part for part in parts if len(part)] or parts[:1]
    return parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)


BLOCK = 1 << 22  # bytes decoded at a time when a file is read in a stream


def _open_bytes(path: Path):
    try:
        return open(path, "rb")
    except OSError as err:
        raise DataError(f"{path}: cannot be read ({err.strerror}); expected a text export") from None


def file_encoding(path: Path) -> str:
    """The encoding a text export decodes with: UTF-16 by its byte-order mark, else UTF-8, else GB18030, tried on
    the whole file a block at a time (a large export never sits in memory whole); DataError when none fits."""
    with _open_bytes(path) as handle:
        if handle.read(2) in (b"\xff\xfe", b"\xfe\xff"):
            return "utf-16"
        for encoding in ENCODINGS:
            handle.seek(0)
            decoder = codecs.getincrementaldecoder(encoding)()
            try:
                while block := handle.read(BLOCK):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError:
                continue
    raise DataError(f"{path}: cannot decode the file as UTF-8, UTF-16 or GB18030 (GBK); expected a text export")


def text_lines(path: Path, encoding: str | None = None) -> Iterator[str]:
    """The lines of a CSV as published, one at a time, every line end made '\\n' (CR-only too)."""
    encoding = encoding or file_encoding(path)
    with _open_bytes(path) as handle, io.TextIOWrapper(handle, encoding=encoding, newline=None) as text:
        yield from text


def iter_csv_rows(lines: Iterable[str], path: Path, delimiter: str = ",") -> Iterator[list[str]]:
    """Rows of a text table, one at a time; DataError naming the line for a malformed one (e.g. a cell over the
    131,072-character limit) instead of a parser traceback."""
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as err:
        raise DataError(f"{path}, row {reader.line_num}: {err}; expected a table of short cells") from None


def csv_rows(text: str, path: Path, delimiter: str = ",") -> list[list[str]]:
    """Every row of a text table (see `iter_csv_rows`)."""
    return list(iter_csv_rows(io.StringIO(text), path, delimiter))


def cell_ref(row: int, col: int) -> str:
    """Spreadsheet address of a 0-based (row, col): (223, 32) -> 'AG224'."""
    letters, col = "", col + 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
