"""The sources registry (data/raw/sources.csv): one row per raw file, naming its publication,
publisher, URL, table and reliability class (which decides between sources that disagree)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import DataError
from .readers import READERS
from .rules import RELIABILITY_PRIORITY

REGISTRY_COLUMNS = ["source_id", "file", "reader", "title", "publisher", "url", "table", "reliability",
                    "note"]
VINTAGE = re.compile(r"^rev\d{4}$")
NOT_DATA = {"sources.csv", "cleaning_rules.yaml", "README.md"}


def load_sources(raw_dir: Path) -> pd.DataFrame:
    """Registry rows in file order; DataError if a raw file is unregistered or a row is incomplete."""
    raw_dir = Path(raw_dir)
    path = raw_dir / "sources.csv"
    if not path.exists():
        raise DataError(f"{path}: missing; every raw file must be registered with its source")
    registry = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REGISTRY_COLUMNS if c not in registry.columns]
    if missing:
        raise DataError(f"{path}, row 1: header lacks {missing}; expected columns {REGISTRY_COLUMNS}")
    for n, row in enumerate(registry.itertuples(index=False), start=2):
        for column in ("source_id", "file", "title", "publisher", "url", "reliability"):
            if not getattr(row, column).strip():
                raise DataError(f"{path}, row {n}, column {column!r}: empty; expected a value")
        if not (raw_dir / row.file).exists():
            raise DataError(f"{path}, row {n}, column 'file': {row.file!r}: expected a file in {raw_dir}")
        if row.reader and row.reader not in READERS:
            raise DataError(f"{path}, row {n}, column 'reader': {row.reader!r}: expected one of {', '.join(READERS)} "
                            f"or empty (detected from the file)")
        if getattr(row, "indicator", "") and row.reader != "portal":
            raise DataError(f"{path}, row {n}, column 'indicator': {row.indicator!r}: applies to portal exports only "
                            f"(reader 'portal'); expected it empty for reader {row.reader!r}")
        if getattr(row, "vintage", "") and not VINTAGE.match(row.vintage):
            raise DataError(f"{path}, row {n}, column 'vintage': {row.vintage!r}: expected a revision such as rev2025")
        if row.reliability not in RELIABILITY_PRIORITY:
            raise DataError(f"{path}, row {n}, column 'reliability': {row.reliability!r}: expected one of "
                            f"{', '.join(RELIABILITY_PRIORITY)}")
    if registry.source_id.duplicated().any():
        dup = registry.source_id[registry.source_id.duplicated()].iloc[0]
        raise DataError(f"{path}: column 'source_id': {dup!r} appears twice; expected unique ids")
    registered = set(registry.file)
    for file in sorted(p.name for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
        if file not in registered and file not in NOT_DATA:
            raise DataError(f"{raw_dir / file}: not registered in {path}; expected a row naming its source")
    return registry
