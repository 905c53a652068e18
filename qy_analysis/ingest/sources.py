"""The sources registry (data/raw/sources.csv): one row per raw file, naming its publication,
publisher, URL, table and reliability class (which decides between sources that disagree), and, for files
registered by `qy add`, the file's sha256: `qy clean` refuses a registered file that changed since (raw
files are never edited; a deliberate replacement is registered again, or its new checksum written in)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd

from ..errors import DataError
from .readers import READERS
from .rules import RELIABILITY_PRIORITY

REGISTRY_COLUMNS = ["source_id", "file", "reader", "title", "publisher", "url", "table", "reliability", "note"]
VINTAGE = re.compile(r"^rev\d{4}$")
NOT_DATA = {"sources.csv", "cleaning_rules.yaml", "README.md"}
CHECKSUM = re.compile(r"^[0-9a-f]{64}$")
LOCK = ".sources.lock"  # held by `qy add` while it writes, and shared by `qy clean` while it reads


def file_sha256(path: Path) -> str:
    """The file's sha256, read in chunks (a large export never sits in memory whole)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def changed_files(registry: pd.DataFrame, raw_dir: Path) -> list[str]:
    """One line per registered file whose content is not what `qy add` recorded (sha256 column)."""
    if "sha256" not in registry.columns:
        return []
    out = []
    for n, row in enumerate(registry.itertuples(index=False), start=2):
        if row.sha256 and (now := file_sha256(Path(raw_dir) / row.file)) != row.sha256:
            out.append(
                f"{Path(raw_dir) / row.file}: changed since it was registered ({Path(raw_dir) / 'sources.csv'}, "
                f"row {n}, column 'sha256': {row.sha256[:12]}…, now {now[:12]}…); expected the registered "
                "file: restore it, or register the new download under its own name"
            )
    return out


def load_sources(raw_dir: Path, adding: str = "") -> pd.DataFrame:
    """Registry rows in file order; DataError if a raw file (other than `adding`, the one `qy add` is
    registering) is unregistered or a row is incomplete."""
    raw_dir = Path(raw_dir)
    path = raw_dir / "sources.csv"
    if not path.exists():
        raise DataError(f"{path}: missing; every raw file must be registered with its source")
    registry = pd.read_csv(path, dtype=str, keep_default_na=False)
    check_registry(registry, raw_dir)
    registered = set(registry.file)
    for file in sorted(p.name for p in raw_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
        if file not in registered and file not in NOT_DATA and file != adding:
            raise DataError(f"{raw_dir / file}: not registered in {path}; expected a row naming its source")
    return registry


def check_registry(registry: pd.DataFrame, raw_dir: Path) -> None:
    """DataError naming row and column for an incomplete or inconsistent registry row (also run by `qy add`
    on the row it is about to write, so it never writes one this loader rejects)."""
    raw_dir = Path(raw_dir)
    path = raw_dir / "sources.csv"
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
            raise DataError(
                f"{path}, row {n}, column 'reader': {row.reader!r}: expected one of {', '.join(READERS)} "
                f"or empty (detected from the file)"
            )
        if getattr(row, "indicator", "") and row.reader != "portal":
            raise DataError(
                f"{path}, row {n}, column 'indicator': {row.indicator!r}: applies to portal exports only "
                f"(reader 'portal'); expected it empty for reader {row.reader!r}"
            )
        if getattr(row, "vintage", "") and not VINTAGE.match(row.vintage):
            raise DataError(f"{path}, row {n}, column 'vintage': {row.vintage!r}: expected a revision such as rev2025")
        if getattr(row, "sha256", "") and not CHECKSUM.match(row.sha256):
            raise DataError(f"{path}, row {n}, column 'sha256': {row.sha256!r}: expected 64 hex digits or empty")
        if row.reliability not in RELIABILITY_PRIORITY:
            raise DataError(
                f"{path}, row {n}, column 'reliability': {row.reliability!r}: expected one of "
                f"{', '.join(RELIABILITY_PRIORITY)}"
            )
    if registry.source_id.duplicated().any():
        dup = registry.source_id[registry.source_id.duplicated()].iloc[0]
        raise DataError(f"{path}: column 'source_id': {dup!r} appears twice; expected unique ids")
