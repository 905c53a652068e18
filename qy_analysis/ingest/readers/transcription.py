"""Long transcription tables: one published figure per row (region, year, indicator, value, unit).

This is the shape of the project's own transcriptions (data/raw/*.csv): each row also says where the
figure was read (edition and cell, or URL and title), which becomes the record's provenance.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ...errors import DataError
from .common import csv_rows, read_text, records_frame

REQUIRED = ("region", "year", "indicator", "value", "unit")
# Columns that together say which publication a row comes from, and where in it.
SOURCE_KEY_COLUMNS = ("edition", "source_url", "source_title", "source")
SOURCE_REF_COLUMNS = ("edition", "source_file", "source_column", "source_url", "source_title", "clause", "quote")


def looks_like_transcription(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED)


def read_transcription(path: Path) -> pd.DataFrame:
    path = Path(path)
    rows = csv_rows(read_text(path), path)
    if not rows:
        raise DataError(f"{path}: empty file; expected a header row with {', '.join(REQUIRED)}")
    header = [h.strip() for h in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise DataError(f"{path}, row 1: header {header!r}: expected columns {', '.join(REQUIRED)} "
                        f"(missing {', '.join(missing)})")
    records = []
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise DataError(f"{path}, row {line_no}: {len(cells)} cells: expected {len(header)} as in the header")
        row = dict(zip(header, cells))
        key = " | ".join(row[c] for c in SOURCE_KEY_COLUMNS if row.get(c))
        ref = "; ".join(f"{c}={row[c]}" for c in SOURCE_REF_COLUMNS if row.get(c))
        records.append({"region": row["region"], "year": row["year"], "indicator": row["indicator"],
                        "value": row["value"], "unit": row["unit"], "scope": row.get("scope") or None,
                        "file": str(path), "row": line_no, "column": "value", "source_key": key,
                        "source_ref": ref, "note": row.get("note", "")})
    return records_frame(records)
