"""`qy clean`: raw -> rules -> parse -> normalise -> validate -> resolve -> derive -> data/processed/, as named
steps a test (or reporting/baseline.py) can call one by one: read_step, normalise_step, validate_step,
resolve_step, derive_step, write_step. Files are read and normalised a part at a time, and exact repeats of a
record are kept once with their count (repeats.py), so memory follows the distinct records, not the files' length.

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
from ..ingest.normalise import MAX_PROBLEMS, counted, normalise
from ..ingest.readers import detect_format, read_raw_chunks
from ..ingest.readers.common import concat_parts, district_figures
from ..ingest.register import (
    in_vintages,
    leave_out_unknown,
    leave_out_unknown_regions,
    refuse_only_districts,
)
from ..ingest.rules import apply_rules, load_rules, read_rules_file
from ..ingest.sources import LOCK, changed_files, load_sources
from ..ingest.values import parse_values, raise_if_strict
from ..io import frame_to_csv_text
from ..locks import held
from ..progress import progress, progress_parts, steps
from ..reference.numbers import year_spans
from .derive import derive, gaps
from .generation import write_generation
from .repeats import merge_repeats, share_texts
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


def source_parts(raw_dir: Path, src, left_out: list[str]):
    """A registered file's records with the registry's reader options (indicator, vintage), a part at a time (text
    files are read in a stream, a spreadsheet whole), with the progress of the file as (records, body rows read,
    body rows in all or None). A portal export's or yearbook sheet's names the catalogue does
    not know, and a yearbook's cities outside the region table, are left out and named in `left_out` (one note
    per file, not one error a cell); a file of only 市辖区 figures is refused once it is read."""
    indicator, vintage = getattr(src, "indicator", "") or None, getattr(src, "vintage", "") or ""
    path = raw_dir / src.file
    reader = src.reader or detect_format(path)
    unknown, regions, districts, read = set(), set(), 0, 0
    for records, done, total in read_raw_chunks(path, indicator=indicator, reader=reader):
        districts, read = districts + district_figures(records), read + len(records)
        records["file"] = _display_path(path, raw_dir)
        if reader in ("portal", "yearbook"):
            records, names = leave_out_unknown(records)
            unknown.update(names)
        if reader == "yearbook":
            records, names = leave_out_unknown_regions(records)
            regions.update(names)
        yield records.assign(vintage=vintage, source_id=src.source_id, source_reliability=src.reliability), done, total
    refuse_only_districts(path, districts, read)
    if unknown:
        left_out.append(
            f"{src.file}: {len(unknown)} indicator names not in the catalogue left out: {', '.join(sorted(unknown))}"
        )
    if regions:
        names = sorted({r.strip() for r in regions})
        left_out.append(
            f"{src.file}: {len(names)} regions not in reference/regions.csv left out: "
            f"{', '.join(names[:10])}{' …' if len(names) > 10 else ''}"
        )


@dataclass
class RawInput:
    """What the read step gives: the registry, the cleaning rules, and the registered files, whose records are
    read a part at a time as they are used (`parts`), so that a large export never sits in memory whole."""

    raw_dir: Path
    registry: pd.DataFrame
    rules: list
    corrections: list
    left_out: list[str] = field(default_factory=list)

    def parts(self):
        """Every registered file's records in registry order, a part at a time; notes on names left out are
        gathered in `left_out` as the files are read."""
        self.left_out.clear()
        for src in progress(list(self.registry.itertuples(index=False)), "qy clean: reading"):
            yield from progress_parts(source_parts(self.raw_dir, src, self.left_out), f"qy clean: {src.file}")

    @property
    def records(self) -> pd.DataFrame:
        """Every record at once (a look at a small registry)."""
        return concat_parts([records for records in self.parts()])


@dataclass
class Normalised:
    """What the normalise step gives: rows in canonical units (each plain record once, with its `copies`:
    repeats.py), and what was left aside on the way."""

    rows: pd.DataFrame
    missing: pd.DataFrame
    excluded: pd.DataFrame
    rejected: pd.DataFrame
    unused: list[str]
    problems: list


def read_step(raw_dir: Path, only: str | None = None) -> RawInput:
    """Registry and rules, and the registered files (or source `only`) to read; DataError naming a registered
    file whose content changed since `qy add` recorded its checksum."""
    raw_dir = Path(raw_dir)
    registry = load_sources(raw_dir)
    if only is not None:
        if only not in set(registry["source_id"]):
            raise DataError(
                f"{raw_dir / 'sources.csv'}: no source {only!r}; expected one of {list(registry['source_id'])}"
            )
        registry = registry[registry["source_id"] == only]
    if registry.empty:
        raise DataError(
            f"{raw_dir / 'sources.csv'}: no registered file; expected a row per file (qy add FILE registers one)"
        )
    changed = changed_files(registry, raw_dir)
    if changed:
        raise DataError(changed)
    rules_path = raw_dir / "cleaning_rules.yaml"
    entries = read_rules_file(rules_path) if rules_path.exists() and only is None else []
    return RawInput(raw_dir, registry, load_rules(rules_path, entries), load_corrections(rules_path, entries))


def normalise_step(raw: RawInput, strict: bool = False) -> Normalised:
    """Rules, corrections, number parsing and canonical units, a part at a time; rows without a value set aside
    as missing, exact repeats merged (repeats.py). A rule or correction is unused when no part used it."""
    kept, excluded, rejected, problems, unused, unused_fixes = [], [], [], [], None, None
    for records in raw.parts():
        records, left, not_used = apply_rules(records.assign(repair=""), raw.rules)
        records["reliability"] = records["reliability"].fillna(records.pop("source_reliability"))
        records, fixes_not_used, stale = apply_corrections(records, raw.corrections)
        records, unreadable = parse_values(records)
        raise_if_strict(unreadable, strict)
        rows, norm_problems = normalise(records, room=max(0, MAX_PROBLEMS - len(problems)))
        kept.append(share_texts(merge_repeats(in_vintages(rows))))
        excluded.append(left)
        rejected.append(unreadable)
        problems += stale + norm_problems
        unused = not_used if unused is None else [u for u in unused if u in not_used]
        unused_fixes = fixes_not_used if unused_fixes is None else [u for u in unused_fixes if u in fixes_not_used]
    rows = concat_parts(kept)
    if len(kept) > 1:
        kept.clear()  # the parts are not needed beside their concatenation
        rows = merge_repeats(rows)  # repeats across parts
    return Normalised(
        rows,
        rows[rows["value"].isna()],
        _by_rule(concat_parts(excluded), raw.rules),
        concat_parts(rejected),
        (unused or []) + (unused_fixes or []),
        counted(problems),
    )


def _by_rule(excluded: pd.DataFrame, rules: list) -> pd.DataFrame:
    """Excluded records rule by rule, each rule's in the order read, however the files were split in parts."""
    order = {rule.id: n for n, rule in enumerate(rules)}
    return excluded.sort_values("rule", key=lambda ids: ids.map(order), kind="stable")


def validate_step(norm: Normalised, today: dt.date | None = None) -> pd.DataFrame:
    """The rows with a value, implausible ones flagged; DataError listing every problem of the input."""
    problems = counted(norm.problems + check_errors(norm.rows, today))
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
        with _registry_read_lock(raw_dir):  # the files are read as they are normalised
            raw = read_step(raw_dir)
            done("read")
            norm = normalise_step(raw, strict)
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
