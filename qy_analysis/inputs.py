"""Reading a researcher's own input files (plans, scenarios, run configs, cleaning rules, known gaps): the one
YAML reader of the project and the one check of a number given in such a file or on the command line. Each
mistake ends in one line naming the file (or option), the field and what was expected, never a traceback or
a silently odd number (NaN, inf, 1e308, `true` read as 1)."""

from __future__ import annotations

import math
import os
import stat
import sys
from pathlib import Path

import yaml

from .errors import DataError

MAX_PATHS = 100_000  # simulated paths: a probability to 0.3 pp; beyond, memory grows, not precision (1e9: 37 GiB)
LEGACY_ENCODING = "gb18030"  # a superset of GBK and GB2312: what Chinese Windows editors save by default


def read_text(path: Path | str, what: str) -> str:
    """A text file's content: UTF-8 (with or without BOM), else GB18030/GBK decoded with a note on stderr;
    DataError for a missing file, a folder, a pipe or device, or bytes neither encoding reads."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: no such {what} file")
    if path.is_dir():
        raise DataError(f"{path}: a folder; expected a {what} file (YAML)")
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise DataError(f"{path}: not a regular file (a pipe or device); expected a {what} file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise DataError(f"{path}: cannot read the {what} ({err.strerror}); expected a readable file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode(LEGACY_ENCODING)
    except UnicodeDecodeError as err:
        raise DataError(
            f"{path}: cannot decode the {what} at byte {err.start}; expected UTF-8 (or GBK/GB18030) text"
        ) from None
    print(f"note: {path}: read as GBK/GB18030, not UTF-8; save it as UTF-8 to silence this note", file=sys.stderr)
    return text


def load_yaml(path: Path | str, what: str):
    """The parsed YAML file; DataError for a missing file, a folder, bad encoding or bad YAML (tabs named)."""
    text = read_text(path, what)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        hint = "; indent with spaces, not tabs" if "\t" in text else ""
        raise DataError(f"{path}{line}: not valid YAML ({getattr(err, 'problem', None) or err}){hint}") from None


def finite_number(value, where: str, low: float | None = None, high: float | None = None) -> float:
    """`value` as a float if it is a real, finite number within the bounds; DataError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(f"{where}: {value!r} is a {type(value).__name__}; expected a number")
    if not math.isfinite(value):
        raise DataError(f"{where}: {value!r}: expected a finite number")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = " and ".join(
            filter(None, [f">= {low:g}" if low is not None else "", f"<= {high:g}" if high is not None else ""])
        )
        raise DataError(f"{where}: {value!r}: expected a number {bounds}")
    return float(value)


def whole_number(value, where: str, low: int, high: int) -> int:
    """`value` as an int within [low, high] (a year, a count of paths); DataError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DataError(f"{where}: {value!r}: expected a whole number from {low} to {high}")
    return int(value)
