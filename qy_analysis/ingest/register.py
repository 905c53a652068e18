"""`qy add`: register a new download in one step — read it, show what was found, copy it into
data/raw/ and add its row to sources.csv with the reader's options (indicator, vintage), so that its
provenance points at the registered file, not at a temporary copy.

Vintages: a revised series (e.g. provincial GDP after the 5th economic census, published from 2025)
goes to its own catalogue entry (`gdp` -> `gdp_rev2025` with `--vintage rev2025`); two vintages are
never mixed in one series. Names the catalogue does not know are left out with one note naming them.

Registering is atomic and locked: the registry is read, the file copied and its row (with the file's sha256)
appended under one lock (`data/raw/.sources.lock`, locks.py), so concurrent `qy add`s queue rather than lose a
row; the copy and the registry are each switched in by rename, and a failed registry write removes the copy.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import uuid
from pathlib import Path

import pandas as pd

from ..errors import DataError, RegionError
from ..io import write_files_atomically
from ..locks import held
from ..reference import catalogue
from ..reference.regions import region_code
from .readers import detect_format, read_parts
from .report import ReadSummary
from .rules import RELIABILITY_PRIORITY
from .sources import LOCK, REGISTRY_COLUMNS, check_registry, file_sha256, load_sources

OPTION_COLUMNS = ["indicator", "vintage", "sha256"]  # reader options, kept in sources.csv after the standard columns


def vintage_id(ind_id: str, vintage: str | None) -> str:
    """The catalogue id of `ind_id` in `vintage` (`gdp`, 'rev2025' -> `gdp_rev2025`; `gdp_growth` ->
    `gdp_rev2025_growth`); DataError if none."""
    if not vintage:
        return ind_id
    candidate = f"{ind_id}_{vintage}"
    levels = [i.id for i in catalogue.catalogue().values() if i.kind != "rate" and catalogue.growth_id(i.id) == ind_id]
    if candidate not in catalogue.catalogue() and levels and f"{levels[0]}_{vintage}" in catalogue.catalogue():
        return catalogue.growth_id(f"{levels[0]}_{vintage}")  # a %yoy figure: the growth of the revised level
    if candidate not in catalogue.catalogue():
        known = sorted({i.rsplit("_", 1)[1] for i in catalogue.catalogue() if re.search(r"_rev\d{4}$", i)})
        raise DataError(
            f"vintage {vintage!r}: the catalogue has no {candidate}; expected one of {known} for "
            f"indicators that have a revised series"
        )
    return candidate


def in_vintages(rows: pd.DataFrame) -> pd.DataFrame:
    """Normalised rows with each registered vintage's indicators moved to their own catalogue ids."""
    if "vintage" not in rows.columns:
        return rows
    named = list(zip(rows["indicator"].tolist(), rows["vintage"].fillna("").tolist()))
    pairs = {(i, v): vintage_id(i, v) for i, v in set(named)}
    return rows.assign(indicator=[pairs[pair] for pair in named])


def leave_out_unknown(records: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Records whose indicator the catalogue knows, and the names left out (for one note, not an error each)."""
    known = {name: _known(name) for name in records["indicator"].unique()}
    unknown = sorted(str(n) for n, ok in known.items() if not ok)
    return records[records["indicator"].map(known)], unknown


def leave_out_unknown_regions(records: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Records of regions the region table knows, and the names left out: a yearbook's cross-section lists
    ~300 cities, the project follows the provinces and Guangdong's cities (reference/regions.csv)."""
    known = {name: _known_region(name) for name in records["region"].unique()}
    unknown = sorted(str(n) for n, ok in known.items() if not ok)
    return records[records["region"].map(known)], unknown


def refuse_only_districts(path: Path, districts: int, records: int) -> None:
    """DataError when every one of a file's `records` (some) is a 市辖区 figure (`districts` of them): the panel keeps
    whole-city (全市) figures, so the file would vanish from it with nothing said."""
    if records and districts == records:
        raise DataError(
            f"{path}: only 市辖区 (urban-district) figures ({districts}); expected whole-city (全市) "
            "figures, which the panel keeps: register the 全市 table instead"
        )


def _known_region(name) -> bool:
    try:
        region_code(name)
        return True
    except RegionError:
        return False


def _known(name) -> bool:
    try:
        catalogue.indicator_id(name)
        return True
    except catalogue.IndicatorError:
        return False


def _source_id(path: Path, registry: pd.DataFrame) -> str:
    base = re.sub(r"[^0-9a-z]+", "_", path.stem.lower()).strip("_") or "source"
    ident, n = base, 2
    while ident in set(registry["source_id"]):
        ident, n = f"{base}_{n}", n + 1
    return ident


def _registry_text(registry_path: Path, row: dict) -> str:
    """sources.csv's text with one row added, adding the option columns (empty for earlier rows) if missing."""
    rows = list(csv.reader(io.StringIO(registry_path.read_text(encoding="utf-8"))))
    header = rows[0] + [c for c in OPTION_COLUMNS if c not in rows[0]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for old in rows[1:]:
        writer.writerow(old + [""] * (len(header) - len(old)))
    writer.writerow([row.get(c, "") for c in header])
    return out.getvalue()


def _copy_atomically(path: Path, target: Path) -> None:
    tmp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
    try:
        shutil.copy2(path, tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _register(path: Path, raw_dir: Path, target: Path, fields: dict) -> dict:
    """Under the registry lock: copy the file in and append its row, both or neither."""
    registry = load_sources(raw_dir, adding=path.name)  # again under the lock: another add may have written
    if path.name in set(registry["file"]):
        raise DataError(f"{target}: already registered in {raw_dir / 'sources.csv'}")
    checksum = file_sha256(path)
    if target.exists() and file_sha256(target) != checksum:
        raise DataError(f"{target}: a different file of this name is already in {raw_dir}; rename the download")
    row = {"source_id": _source_id(path, registry), "file": path.name, **fields, "sha256": checksum}
    copied = not target.exists()
    try:
        if copied:
            _copy_atomically(path, target)
        text = _registry_text(raw_dir / "sources.csv", {c: row[c] for c in REGISTRY_COLUMNS + OPTION_COLUMNS})
        check_registry(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), raw_dir)
        write_files_atomically({raw_dir / "sources.csv": text})
    except BaseException:
        if copied:
            target.unlink(missing_ok=True)
        raise
    return row


def add_source(
    path,
    raw_dir: Path = Path("data/raw"),
    indicator: str | None = None,
    source_url: str | None = None,
    vintage: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    reliability: str = "final",
    echo=print,
    wait_seconds: float = 60.0,
) -> dict:
    """Read, report, copy and register one download; returns the sources.csv row written. Another `qy add`
    into the same folder is waited for (up to `wait_seconds`)."""
    path, raw_dir = Path(path), Path(raw_dir)
    busy = f"{raw_dir / 'sources.csv'}: another `qy add` or `qy clean` kept it busy for {wait_seconds:g} s; try again"
    with held(raw_dir / LOCK, busy, wait_seconds=wait_seconds):  # never between another add's copy and its row
        load_sources(raw_dir, adding=path.name)  # a broken registry is named before the download is read
    if reliability not in RELIABILITY_PRIORITY:
        raise DataError(f"--reliability {reliability!r}: expected one of {', '.join(RELIABILITY_PRIORITY)}")
    if not source_url or not source_url.strip():
        raise DataError(f"{path}: --source-url is missing; expected the address the file was downloaded from")
    for option, value in (("--title", title), ("--publisher", publisher)):
        if value is not None and not value.strip():
            raise DataError(f"{option} {value!r}: empty; expected a text (or leave the option out)")
    reader = detect_format(path)
    facts = ReadSummary()
    for part in read_parts(path, indicator=indicator):  # a large export is never held whole
        facts.add(part)
    echo(facts.text())
    refuse_only_districts(path, facts.districts, facts.records)
    if not facts.indicators:
        raise DataError(f"{path}: no indicator the catalogue knows; nothing to register")
    for ind_id, seen in sorted(facts.indicators.items()):
        target = vintage_id(ind_id, vintage)
        echo(
            f"# {ind_id}{' -> ' + target if target != ind_id else ''}: {seen['values']} values, "
            f"{len(seen['regions'])} regions, years {int(seen['first'])}-{int(seen['last'])}"
        )
    latest = max(int(seen["last"]) for seen in facts.indicators.values())
    if "gdp" in facts.indicators and not vintage and reader == "portal" and latest >= 2023:
        echo(
            "# note: portal GDP published after the 2023 economic census revision is a separate series; "
            "if this export is the revised one, register it with --vintage rev2025"
        )
    target = raw_dir / path.name
    try:
        with held(raw_dir / LOCK, busy, wait_seconds=wait_seconds):
            row = _register(
                path,
                raw_dir,
                target,
                {
                    "reader": reader,
                    "title": (title or facts.title or path.stem).strip(),
                    "publisher": (publisher or "see url").strip(),
                    "url": source_url.strip(),
                    "table": facts.attrs.get("table", ""),
                    "reliability": reliability,
                    "note": f"registered by qy add from {path.name}",
                    "indicator": indicator or "",
                    "vintage": vintage or "",
                },
            )
    except OSError as err:  # a read-only folder or a full disk: nothing was registered (_register undid the copy)
        raise DataError(
            f"{raw_dir}: cannot register {path.name} ({err.strerror or err}); expected a folder with "
            "room and write permission; nothing was registered"
        ) from None
    echo(f"registered {target} as source {row['source_id']!r} in {raw_dir / 'sources.csv'}; run `qy clean` to use it")
    return row
