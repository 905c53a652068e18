"""The shipped interval calibration of `auto` (data/models/calibration.json), read as a dated table.

It is fitted by evaluation/backtest.py (`fit_calibration`, `make calibration`) and read here, below every
layer that forecasts, so that the library's default is the report's: `assess`, `scorecard` and the notebooks
all use `load_calibration()` unless told otherwise (`calibration=None` switches it off).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..paths import project_path
from .intervals import Calibration

DEFAULT = ("data", "models", "calibration.json")


def default_path() -> Path:
    return project_path(*DEFAULT)


@dataclass
class CalibrationTable:
    """Calibrations by year; `as_of(year)` is the latest one knowable in `year` (None before the first)."""

    by_year: dict[int, Calibration] = field(default_factory=dict)
    panel_sha256: str = ""

    def as_of(self, year: int | None) -> Calibration | None:
        usable = [y for y in self.by_year if year is None or y <= year]
        return self.by_year[max(usable)] if usable else None


def panel_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def _load(path: str) -> CalibrationTable:
    if not Path(path).is_file():
        return CalibrationTable()
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return CalibrationTable(
        {
            int(y): Calibration(int(y), v["spread"], tuple(v["prior_sd"]), v["outcomes"])
            for y, v in doc["by_year"].items()
        },
        doc["panel_sha256"],
    )


def load_calibration(path: Path | None = None) -> CalibrationTable:
    """The table at `path` (default data/models/calibration.json); empty, so no widening, if it is absent."""
    return _load(str(path or default_path()))


SHIPPED = "shipped"  # the default of every assessment: the project's fitted file, as the report uses it


def resolve_calibration(calibration: CalibrationTable | str | None) -> CalibrationTable | None:
    """`SHIPPED` -> the project's calibration table; a table or None (no widening) is returned as given."""
    if isinstance(calibration, str):
        if calibration != SHIPPED:
            raise ValueError(f"calibration {calibration!r}: expected {SHIPPED!r}, a CalibrationTable or None")
        return load_calibration()
    return calibration
