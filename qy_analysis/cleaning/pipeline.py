"""`qy clean`: raw -> rules -> parse -> normalise -> validate -> resolve -> derive -> data/processed/, as named
steps a test (or reporting/baseline.py) can call one by one: read_step, normalise_step, validate_step,
resolve_step, derive_step, write_step.

Outputs (all deterministic, written only after every check passed, switched in as one set: generation.py):
  panel.csv      one row per (region, indicator, year, derived), with source, file and row;
  conflicts.csv  one row per cell where sources disagree: the kept record, range, the others, and the rule;
  coverage.csv   indicator × region: years present and years missing inside the span;
  warnings.csv   jumps above 50%, published vs derived gaps, flagged values with their rule's reason;
  excluded.csv   raw records left out by a cleaning rule, with the reason;
  rejected.csv   cells that could not be read (file, sheet, cell, raw text, reason).
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..ingest.corrections import apply_corrections, load_corrections
from ..ingest.normalise import normalise
from ..ingest.readers import detect_format, read_raw
from ..ingest.register import in_vintages, leave_out_unknown, leave_out_unknown_regions, refuse_only_districts
from ..ingest.rules import apply_rules, load_rules, read_rules_file
from ..ingest.sources import LOCK, changed_files, load_sources
from ..ingest.values import parse_values, raise_if_strict
from ..io import frame_to_csv_text
from ..locks import held
from ..progress import progress, steps
from ..reference.numbers import year_spans
from .derive import derive, gaps
from .generation import write_generation
from .resolve import agreeing_cells, resolve
from .validate import IMPLAUSIBLE, WARNING_COLUMNS, check_errors, flag_implausible, implausible_warnings, jump_warnings

PANEL_COLUMNS = [
    "region_code",
    "region",
    "year",
    "indicator",
    "value",
    "unit",
    "derived",
    "source_id",
    "reliability",
    "flags",
    "file",
    "row",
    "source_ref",
]
OUTPUTS = ("panel.csv", "conflicts.csv", "coverage.csv", "warnings.csv", "excluded.csv", "rejected.csv")


@dataclass
class CleanResult:
    panel: pd.DataFrame
    conflicts: pd.DataFrame
    coverage: pd.DataFrame
    warnings: pd.DataFrame
    excluded: pd.DataFrame
    rejected: pd.DataFrame
    stats: dict = field(default_factory=dict)

    def summary(self) -> str:
        s = self.stats
        return (
            f"panel: {s['panel_rows']} rows ({s['published']} published, {s['derived']} derived), "
            f"{s['regions']} regions, {s['indicators']} indicators; {s['conflicts']} cells where sources "
            f"disagree, {s['agreeing']} where they agree; {s['excluded']} records excluded by rule; "
            f"{s['missing']} missing values; {s['rejected']} cells rejected (unreadable); "
            f"{len(self.warnings)} warnings"
        )


def coverage_table(panel: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator", "region_code", "derived"]
    grouped = panel.groupby(keys, sort=True).agg(region=("region", "first"), years=("year", lambda y: sorted(set(y))))
    years = grouped.pop("years")
    return grouped.assign(
        first=[y[0] for y in years],
        last=[y[-1] for y in years],
        n_years=[len(y) for y in years],
        years=[year_spans(y) for y in years],
        missing_inside=[year_spans(sorted(set(range(y[0], y[-1] + 1)) - set(y))) for y in years],
    ).reset_index()[
        ["indicator", "region_code", "region", "derived", "first", "last", "n_years", "years", "missing_inside"]
    ]


def _flag_warnings(rows: pd.DataFrame, rules) -> pd.DataFrame:
    reasons = {r.id: r.reason for r in rules}
    out = []
    for rec in rows[(rows["flags"] != "") | (rows["warn"] != "")].itertuples():
        for tag in filter(None, rec.flags.split(";") + rec.warn.split(";")):
            action, _, rule_id = tag.rpartition(":")
            if rule_id == IMPLAUSIBLE:
                continue  # its own warning says why (implausible_warnings)
            out.append(
                {
                    "check": action or "warn",
                    "region_code": rec.region_code,
                    "region": rec.region,
                    "indicator": rec.indicator,
                    "year": rec.year,
                    "value": rec.value,
                    "detail": f"{rule_id}: {reasons[rule_id]}",
                    "file": rec.file,
                    "row": rec.row,
                }
            )
    return pd.DataFrame(out, columns=WARNING_COLUMNS)


def _repair_warnings(rows: pd.DataFrame) -> pd.DataFrame:
    """One warning per repaired or corrected cell: the text as published and the value read from it."""
    hit = rows[rows["repair"] != ""]
    return pd.DataFrame(
        {
            "check": hit["repair"].str.split(":").str[0],
            "region_code": hit["region_code"],
            "region": hit["region"],
            "indicator": hit["indicator"],
            "year": hit["year"],
            "value": hit["value"],
            "detail": [
                f"{k}: {t!r} read as {v:.12g}" for k, t, v in zip(hit["repair"], hit["value_raw"], hit["value"])
            ],
            "file": hit["file"],
            "row": hit["row"],
        },
        columns=WARNING_COLUMNS,
    )


def _display_path(path: Path, raw_dir: Path) -> str:
    """data/raw/x.csv: the path as a researcher sees it in the project, whatever the working directory."""
    return str(Path(raw_dir.parent.name, raw_dir.name, path.name))


def read_source(raw_dir: Path, src) -> tuple[pd.DataFrame, list[str]]:
    """A registered file's records with the registry's reader options (indicator, vintage). A portal export's
    or yearbook sheet's names the catalogue does not know, and a yearbook's cities outside the region table,
    are left out and named (one note each, not one error a cell); a file of only 市辖区 figures is refused."""
    indicator, vintage = getattr(src, "indicator", "") or None, getattr(src, "vintage", "") or ""
    reader = src.reader or detect_format(raw_dir / src.file)
    records = read_raw(raw_dir / src.file, indicator=indicator, reader=reader)
    refuse_only_districts(records, raw_dir / src.file)
    records["file"] = _display_path(raw_dir / src.file, raw_dir)
    notes = []
    if reader in ("portal", "yearbook"):
        records, unknown = leave_out_unknown(records)
        notes += (
            [f"{src.file}: {len(unknown)} indicator names not in the catalogue left out: {', '.join(unknown)}"]
            if unknown
            else []
        )
    if reader == "yearbook":
        records, regions = leave_out_unknown_regions(records)
        regions = [r.strip() for r in regions]
        notes += (
            [
                f"{src.file}: {len(regions)} regions not in reference/regions.csv left out: "
                f"{', '.join(regions[:10])}{' …' if len(regions) > 10 else ''}"
            ]
            if regions
            else []
        )
    return records.assign(vintage=vintage), notes


@dataclass
class RawInput:
    """What the read step gives: the registry, the cleaning rules and every registered file's records."""

    registry: pd.DataFrame
    rules: list
    corrections: list
    records: pd.DataFrame
    left_out: list[str]


@dataclass
class Normalised:
    """What the normalise step gives: rows in canonical units, and what was left aside on the way."""

    rows: pd.DataFrame
    missing: pd.DataFrame
    excluded: pd.DataFrame
    rejected: pd.DataFrame
    unused: list[str]
    problems: list


def read_step(raw_dir: Path, only: str | None = None) -> RawInput:
    """Registry, rules and the records of every registered file (or of source `only`); DataError naming a
    registered file whose content changed since `qy add` recorded its checksum."""
    raw_dir = Path(raw_dir)
    registry = load_sources(raw_dir)
    if only is not None:
        if only not in set(registry["source_id"]):
            raise DataError(
                f"{raw_dir / 'sources.csv'}: no source {only!r}; expected one of {list(registry['source_id'])}"
            )
        registry = registry[registry["source_id"] == only]
    changed = changed_files(registry, raw_dir)
    if changed:
        raise DataError(changed)
    rules_path = raw_dir / "cleaning_rules.yaml"
    entries = read_rules_file(rules_path) if rules_path.exists() and only is None else []
    frames, left_out = [], []
    for src in progress(list(registry.itertuples(index=False)), "qy clean: reading"):
        records, notes = read_source(raw_dir, src)
        left_out += notes
        frames.append(records.assign(source_id=src.source_id, source_reliability=src.reliability))
    return RawInput(
        registry,
        load_rules(rules_path, entries),
        load_corrections(rules_path, entries),
        pd.concat(frames, ignore_index=True),
        left_out,
    )


def normalise_step(raw: RawInput, strict: bool = False) -> Normalised:
    """Rules, corrections, number parsing and canonical units; rows without a value set aside as missing."""
    records, excluded, unused = apply_rules(raw.records.assign(repair=""), raw.rules)
    records["reliability"] = records["reliability"].fillna(records.pop("source_reliability"))
    records, unused_fixes, problems = apply_corrections(records, raw.corrections)
    records, rejected = parse_values(records)
    raise_if_strict(rejected, strict)
    rows, norm_problems = normalise(records)
    rows = in_vintages(rows)
    missing = rows[rows["value"].isna()]
    return Normalised(rows, missing, excluded, rejected, unused + unused_fixes, problems + norm_problems)


def validate_step(norm: Normalised, today: dt.date | None = None) -> pd.DataFrame:
    """The rows with a value, implausible ones flagged; DataError listing every problem of the input."""
    problems = norm.problems + check_errors(norm.rows, today)
    if problems:
        raise DataError(problems)
    has_value = norm.rows["value"].notna()
    rows = norm.rows if has_value.all() else norm.rows[has_value]  # no full copy when no value is missing
    return rows.assign(flags=flag_implausible(rows))


def resolve_step(rows: pd.DataFrame, registry: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One published value per cell (the most reliable source) and every cell where sources disagree."""
    kept, conflicts = resolve(rows, list(registry["source_id"]))
    return kept.assign(derived=False), conflicts


def derive_step(published: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel (published and derived rows in a fixed order) and the derived rows alone."""
    derived = derive(published)
    panel = pd.concat([published, derived], ignore_index=True)
    panel = panel.sort_values(["region_code", "indicator", "year", "derived"], kind="stable")[PANEL_COLUMNS]
    return panel.reset_index(drop=True), derived


def write_step(result: CleanResult, out_dir: Path) -> None:
    """Every output of `result` into `out_dir`, switched in as one set (generation.py)."""
    write_generation(Path(out_dir), {name: frame_to_csv_text(getattr(result, name[:-4])) for name in OUTPUTS})


def source_rows(raw_dir: Path, source_id: str) -> pd.DataFrame:
    """One registered source's figures, read and normalised by the pipeline's own steps (no cleaning rules,
    before conflicts are resolved); unreadable cells are errors."""
    norm = normalise_step(read_step(raw_dir, only=source_id), strict=True)
    if norm.problems:
        raise DataError(norm.problems)
    return norm.rows.assign(source_id=source_id)


def _warnings(panel, published, derived, rows, norm: Normalised, raw: RawInput) -> pd.DataFrame:
    gap, missing = gaps(published, derived), norm.missing
    warnings = pd.concat(
        [
            jump_warnings(panel),
            implausible_warnings(rows),
            pd.DataFrame(
                {
                    "check": "published_vs_derived",
                    "region_code": gap["region_code"],
                    "region": gap["region"],
                    "indicator": gap["indicator"],
                    "year": gap["year"],
                    "value": gap["value"],
                    "detail": [
                        f"published {p:.6g} vs derived {d:.6g} (gap {g:+.3g}); both kept in the panel"
                        for p, d, g in zip(gap["value"], gap["value_derived"], gap["gap"])
                    ],
                    "file": gap["file"],
                    "row": gap["row"],
                }
            ),
            _flag_warnings(rows, raw.rules),
            _repair_warnings(rows),
            pd.DataFrame(
                {
                    "check": "missing",
                    "region_code": missing["region_code"],
                    "region": missing["region"],
                    "indicator": missing["indicator"],
                    "year": missing["year"],
                    "value": None,
                    "detail": "empty or missing marker in the source: " + missing["value_raw"].astype(str),
                    "file": missing["file"],
                    "row": missing["row"],
                }
            ),
            pd.DataFrame({"check": "unused_rule", "detail": [f"rule {u} matched no record" for u in norm.unused]}),
            pd.DataFrame({"check": "left_out", "detail": raw.left_out}),
        ],
        ignore_index=True,
    )[WARNING_COLUMNS]
    warnings = warnings.sort_values(["check", "region_code", "indicator", "year"], kind="stable", na_position="first")
    return warnings.reset_index(drop=True)


def build(raw_dir: Path, today: dt.date | None = None, strict: bool = False) -> CleanResult:
    """Run every step in memory; DataError (listing every problem) if any input is wrong. Cells that
    cannot be read are rejected records (errors with `strict`)."""
    raw_dir = Path(raw_dir)
    with steps("qy clean", ["read", "normalise", "validate", "resolve", "derive", "warnings"]) as done:
        with _registry_read_lock(raw_dir):
            raw = read_step(raw_dir)
        done("read")
        norm = normalise_step(raw, strict)
        raw.records = raw.records.iloc[:0]  # read once; a large export's records need not stay in memory
        done("normalise")
        rows = validate_step(norm, today)
        norm.rows = norm.rows.iloc[:0]
        done("validate")
        published, conflicts = resolve_step(rows, raw.registry)
        done("resolve")
        panel, derived = derive_step(published)
        done("derive")
        warnings = _warnings(panel, published, derived, rows, norm, raw)
        done("warnings")
    stats = {
        "panel_rows": len(panel),
        "published": len(published),
        "derived": len(derived),
        "regions": panel["region_code"].nunique(),
        "indicators": panel["indicator"].nunique(),
        "conflicts": len(conflicts),
        "agreeing": agreeing_cells(rows),
        "excluded": len(norm.excluded),
        "missing": len(norm.missing),
        "rejected": len(norm.rejected),
    }
    excluded = norm.excluded[["file", "row", "region", "year", "indicator", "value", "unit", "rule", "reason"]]
    return CleanResult(
        panel, conflicts, coverage_table(panel), warnings, excluded.reset_index(drop=True), norm.rejected, stats
    )


@contextmanager
def _registry_read_lock(raw_dir: Path):
    """A shared hold on the registry while the files are read, so a concurrent `qy add` is never seen
    half-done; a raw folder clean may not write in (read-only) is read without it."""
    with ExitStack() as stack:
        try:
            stack.enter_context(
                held(
                    raw_dir / LOCK,
                    f"{raw_dir / 'sources.csv'}: a `qy add` kept it busy for 60 s; try again",
                    wait_seconds=60.0,
                    shared=True,
                )
            )
        except OSError:
            pass
        yield


def clean(
    raw_dir: Path = Path("data/raw"),
    out_dir: Path = Path("data/processed"),
    today: dt.date | None = None,
    strict: bool = False,
) -> CleanResult:
    """Build the panel and write data/processed/; on any error nothing there is touched."""
    result = build(raw_dir, today, strict)
    write_step(result, out_dir)
    return result
