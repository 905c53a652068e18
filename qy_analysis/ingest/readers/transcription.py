"""Long transcription tables: one published figure per row (region, year, indicator, value, unit).

This is the shape of the project's own transcriptions (data/raw/*.csv): each row also says where the
figure was read (edition and cell, or URL and title), which becomes the record's provenance. Comma-,
tab- (Excel's UTF-16 'Unicode text') and semicolon-separated files are read alike.
"""

from __future__ import annotations

from itertools import chain, islice
from pathlib import Path

import pandas as pd

from ...errors import DataError
from .common import concat_parts, file_encoding, iter_csv_rows, records_frame, text_lines

REQUIRED = ("region", "year", "indicator", "value", "unit")
# Columns that together say which publication a row comes from, and where in it.
SOURCE_KEY_COLUMNS = ("edition", "source_url", "source_title", "source")
SOURCE_REF_COLUMNS = ("edition", "source_file", "source_column", "source_url", "source_title", "clause", "quote")


def looks_like_transcription(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED)


def transcription_delimiter(first_line: str) -> str | None:
    """The delimiter (comma, tab as in Excel's 'Unicode text', or semicolon) whose split of the header
    line names the required columns; None when none does."""
    for delimiter in (",", "\t", ";"):
        if looks_like_transcription([h.strip() for h in first_line.split(delimiter)]):
            return delimiter
    return None


CHUNK_ROWS = 250_000  # rows turned into records at a time (about 300 MB at peak)


def transcription_chunks(path: Path, chunk_rows: int | None = None):
    """The records of a transcription table, about `chunk_rows` rows at a time, read in a stream, as
    (records, rows read so far, None: the length is not known ahead)."""
    path = Path(path)
    lines = text_lines(path, file_encoding(path))
    first = next(lines, "")
    if not first:
        raise DataError(f"{path}: empty file; expected a header row with {', '.join(REQUIRED)}")
    rows = iter_csv_rows(chain([first], lines), path, transcription_delimiter(first.rstrip("\n")) or ",")
    header = [h.strip() for h in next(rows)]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise DataError(
            f"{path}, row 1: header {header!r}: expected columns {', '.join(REQUIRED)} (missing {', '.join(missing)})"
        )
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise DataError(f"{path}, row 1: columns {twice} appear twice; expected each column once")
    numbered = ((n, cells) for n, cells in enumerate(rows, start=2) if "".join(cells).strip())
    per_chunk, done = chunk_rows or CHUNK_ROWS, 0
    while True:
        part = list(islice(numbered, per_chunk))
        for line_no, cells in part:
            if len(cells) != len(header):
                raise DataError(f"{path}, row {line_no}: {len(cells)} cells: expected {len(header)} as in the header")
        done += len(part)
        if part or done == 0:
            yield _records(path, header, part), done, None
        if len(part) < per_chunk:
            return


def read_transcription(path: Path) -> pd.DataFrame:
    return concat_parts([records for records, _, _ in transcription_chunks(path)])


def _records(path: Path, header: list[str], numbered: list[tuple[int, list[str]]]) -> pd.DataFrame:
    table = pd.DataFrame([cells for _, cells in numbered], columns=header, dtype=object)
    empty = pd.Series("", index=table.index, dtype=object)
    return records_frame(
        {
            "region": table["region"],
            "year": table["year"],
            "indicator": table["indicator"],
            "value": table["value"],
            "unit": table["unit"],
            "scope": table["scope"].where(table["scope"] != "", None) if "scope" in table else None,
            "file": str(path),
            "row": [n for n, _ in numbered],
            "column": "value",
            "source_key": _joined(table, SOURCE_KEY_COLUMNS, " | ", lambda c, v: v, empty),
            "source_ref": _joined(table, SOURCE_REF_COLUMNS, "; ", lambda c, v: f"{c}=" + v, empty),
            "note": table["note"] if "note" in table else "",
        }
    )


def _joined(table: pd.DataFrame, columns, sep: str, show, empty: pd.Series) -> pd.Series:
    """Per row, the non-empty cells of `columns` shown by `show(column, cells)` and joined by `sep`."""
    out = empty
    for column in (c for c in columns if c in table):
        cells = table[column]
        piece = show(column, cells).where(cells != "", "")
        out = out.where(piece == "", out.where(out == "", out + sep) + piece)
    return out
