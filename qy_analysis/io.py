"""Writing outputs so that a failed run never leaves a file half-written or a set half-replaced, and
CSV text that a spreadsheet program opens as data, never as formulas."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import pandas as pd

FLOAT_FORMAT = "%.12g"  # enough digits for every published figure; identical text on every run
# OWASP CSV injection: a text cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def neutralise_cell(value):
    """Prefix `'` to a text cell that a spreadsheet would run as a formula; numbers and plain
    signed numbers written as text ('-12.5') stay as they are."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell neutralised (see `neutralise_cell`); numeric columns untouched."""
    out = frame
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_datetime64_any_dtype(frame[column]):
            continue
        distinct = frame[column].drop_duplicates()
        bad = [v for v in distinct if isinstance(v, str) and neutralise_cell(v) is not v]
        unsafe = frame[column].isin(bad) if bad else None
        if unsafe is not None:
            out = out.copy() if out is frame else out
            out.loc[unsafe, column] = "'" + frame.loc[unsafe, column].astype(str)
    return out


def frame_to_csv_text(frame: pd.DataFrame, float_format: str | None = FLOAT_FORMAT) -> str:
    """The CSV text every project output uses: fixed float format, '\\n' line ends, formula-safe cells."""
    return safe_for_spreadsheets(frame).to_csv(index=False, float_format=float_format, lineterminator="\n")


def write_csv(frame: pd.DataFrame, handle, float_format: str | None = FLOAT_FORMAT, header: bool = True) -> None:
    """The same CSV as `frame_to_csv_text`, streamed to an open text handle (large tables, stdout; `header=False`
    for the parts after the first of a table written a part at a time)."""
    safe_for_spreadsheets(frame).to_csv(
        handle, index=False, float_format=float_format, lineterminator="\n", header=header
    )


def write_files_atomically(contents: dict[Path, str | bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all into place.

    If any write fails, no target is touched and the temporaries are removed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in contents.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
            staged.append((tmp, target))
            _write_synced(tmp, content)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)


def _write_synced(path: Path, content: str | bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for any file
    data = content.encode("utf-8") if isinstance(content, str) else content
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
