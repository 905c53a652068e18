"""`qy clean`: raw -> rules -> parse -> normalise -> validate -> resolve -> derive -> data/processed/.

Outputs (all deterministic, written only after every check passed, switched in as one set: generation.py):
  panel.csv      one row per (region, indicator, year, derived), with source, file and row;
  conflicts.csv  every cell where sources disagree: all values, the one kept, and the rule;
  coverage.csv   indicator × region: years present and years missing inside the span;
  warnings.csv   jumps above 50%, published vs derived gaps, flagged values with their rule's reason;
  excluded.csv   raw records left out by a cleaning rule, with the reason;
  rejected.csv   cells that could not be read (file, sheet, cell, raw text, reason).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .derive import derive, gaps
from ..errors import DataError
from ..io import frame_to_csv_text
from .generation import write_generation
from ..ingest.normalise import normalise
from ..ingest.corrections import apply_corrections, load_corrections
from ..ingest.readers import read_raw
from ..ingest.register import in_vintages, leave_out_unknown
from ..ingest.values import parse_values, raise_if_strict
from .resolve import agreeing_cells, resolve
from ..ingest.rules import apply_rules, load_rules, read_rules_file
from ..ingest.sources import load_sources
from ..reference.numbers import year_spans
from .validate import WARNING_COLUMNS, check_errors, jump_warnings

PANEL_COLUMNS = ["region_code", "region", "year", "indicator", "value", "unit", "derived", "source_id",
                 "reliability", "flags", "file", "row", "source_ref"]
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
        return (f"panel: {s['panel_rows']} rows ({s['published']} published, {s['derived']} derived), "
                f"{s['regions']} regions, {s['indicators']} indicators; {s['conflicts']} cells where sources "
                f"disagree, {s['agreeing']} where they agree; {s['excluded']} records excluded by rule; "
                f"{s['missing']} missing values; {s['rejected']} cells rejected (unreadable); "
                f"{len(self.warnings)} warnings")


def coverage_table(panel: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator", "region_code", "derived"]
    grouped = panel.groupby(keys, sort=True).agg(region=("region", "first"), years=("year", lambda y: sorted(set(y))))
    years = grouped.pop("years")
    return grouped.assign(
        first=[y[0] for y in years], last=[y[-1] for y in years], n_years=[len(y) for y in years],
        years=[year_spans(y) for y in years],
        missing_inside=[year_spans(sorted(set(range(y[0], y[-1] + 1)) - set(y))) for y in years],
    ).reset_index()[["indicator", "region_code", "region", "derived", "first", "last", "n_years", "years",
                     "missing_inside"]]


def _flag_warnings(rows: pd.DataFrame, rules) -> pd.DataFrame:
    reasons = {r.id: r.reason for r in rules}
    out = []
    for rec in rows[(rows["flags"] != "") | (rows["warn"] != "")].itertuples():
        for tag in filter(None, rec.flags.split(";") + rec.warn.split(";")):
            action, _, rule_id = tag.rpartition(":")
            out.append({"check": action or "warn", "region_code": rec.region_code, "region": rec.region,
                        "indicator": rec.indicator, "year": rec.year, "value": rec.value,
                        "detail": f"{rule_id}: {reasons[rule_id]}", "file": rec.file, "row": rec.row})
    return pd.DataFrame(out, columns=WARNING_COLUMNS)


def _repair_warnings(rows: pd.DataFrame) -> pd.DataFrame:
    """One warning per repaired or corrected cell: the text as published and the value read from it."""
    hit = rows[rows["repair"] != ""]
    return pd.DataFrame({"check": hit["repair"].str.split(":").str[0], "region_code": hit["region_code"],
                         "region": hit["region"], "indicator": hit["indicator"], "year": hit["year"],
                         "value": hit["value"],
                         "detail": [f"{k}: {t!r} read as {v:.12g}" for k, t, v in
                                    zip(hit["repair"], hit["value_raw"], hit["value"])],
                         "file": hit["file"], "row": hit["row"]}, columns=WARNING_COLUMNS)


def _display_path(path: Path, raw_dir: Path) -> str:
    """data/raw/x.csv: the path as a researcher sees it in the project, whatever the working directory."""
    return str(Path(raw_dir.parent.name, raw_dir.name, path.name))


def read_source(raw_dir: Path, src) -> tuple[pd.DataFrame, list[str]]:
    """A registered file's records with the registry's reader options (indicator, vintage). A portal
    export's names the catalogue does not know are left out and named (one note, not one error a cell)."""
    indicator, vintage = getattr(src, "indicator", "") or None, getattr(src, "vintage", "") or ""
    records = read_raw(raw_dir / src.file, indicator=indicator, reader=src.reader or None)
    records["file"] = _display_path(raw_dir / src.file, raw_dir)
    unknown = []
    if src.reader == "portal":
        records, unknown = leave_out_unknown(records)
    return records.assign(vintage=vintage), unknown


def source_rows(raw_dir: Path, source_id: str) -> pd.DataFrame:
    """One registered source's figures, normalised as `qy clean` would (before conflicts are resolved)."""
    raw_dir = Path(raw_dir)
    registry = load_sources(raw_dir).set_index("source_id")
    if source_id not in registry.index:
        raise DataError(f"{raw_dir / 'sources.csv'}: no source {source_id!r}; expected one of {list(registry.index)}")
    src = registry.loc[source_id]
    records, rejected = parse_values(read_source(raw_dir, src)[0])
    raise_if_strict(rejected, strict=True)
    rows, problems = normalise(records)
    if problems:
        raise DataError(problems)
    rows = in_vintages(rows)
    return rows.assign(source_id=source_id)


def build(raw_dir: Path, today: dt.date | None = None, strict: bool = False) -> CleanResult:
    """Run every step in memory; DataError (listing every problem) if any input is wrong. Cells that
    cannot be read are rejected records (errors with `strict`)."""
    raw_dir = Path(raw_dir)
    registry = load_sources(raw_dir)
    rules_path = raw_dir / "cleaning_rules.yaml"
    entries = read_rules_file(rules_path) if rules_path.exists() else []
    rules, corrections = load_rules(rules_path, entries), load_corrections(rules_path, entries)
    frames = []
    left_out = []
    for src in registry.itertuples(index=False):
        records, unknown = read_source(raw_dir, src)
        left_out += [f"{src.file}: {len(unknown)} indicator names not in the catalogue left out: {', '.join(unknown)}"
                     ] if unknown else []
        frames.append(records.assign(source_id=src.source_id, source_reliability=src.reliability))
    records = pd.concat(frames, ignore_index=True)
    records, excluded, unused = apply_rules(records.assign(repair=""), rules)
    records["reliability"] = records["reliability"].fillna(records.pop("source_reliability"))
    records, unused_fixes, problems = apply_corrections(records, corrections)
    records, rejected = parse_values(records)
    raise_if_strict(rejected, strict)
    rows, norm_problems = normalise(records)
    rows = in_vintages(rows)
    problems += norm_problems + check_errors(rows, today)
    unused += unused_fixes
    if problems:
        raise DataError(problems)
    missing = rows[rows["value"].isna()]
    rows = rows.dropna(subset=["value"])
    kept, conflicts = resolve(rows, list(registry["source_id"]))
    published = kept.assign(derived=False)
    derived = derive(published)
    panel = pd.concat([published, derived], ignore_index=True)
    panel = panel.sort_values(["region_code", "indicator", "year", "derived"], kind="stable")[PANEL_COLUMNS]
    panel = panel.reset_index(drop=True)
    gap = gaps(published, derived)
    warnings = pd.concat([
        jump_warnings(panel),
        pd.DataFrame({"check": "published_vs_derived", "region_code": gap["region_code"], "region": gap["region"],
                      "indicator": gap["indicator"], "year": gap["year"], "value": gap["value"],
                      "detail": [f"published {p:.6g} vs derived {d:.6g} (gap {g:+.3g}); both kept in the panel"
                                 for p, d, g in zip(gap["value"], gap["value_derived"], gap["gap"])],
                      "file": gap["file"], "row": gap["row"]}),
        _flag_warnings(rows, rules),
        _repair_warnings(rows),
        pd.DataFrame({"check": "missing", "region_code": missing["region_code"], "region": missing["region"],
                      "indicator": missing["indicator"], "year": missing["year"], "value": None,
                      "detail": "empty or missing marker in the source: " + missing["value_raw"].astype(str),
                      "file": missing["file"], "row": missing["row"]}),
        pd.DataFrame({"check": "unused_rule", "detail": [f"rule {u} matched no record" for u in unused]}),
        pd.DataFrame({"check": "left_out", "detail": left_out}),
    ], ignore_index=True)[WARNING_COLUMNS]
    warnings = warnings.sort_values(["check", "region_code", "indicator", "year"], kind="stable", na_position="first")
    stats = {"panel_rows": len(panel), "published": len(published), "derived": len(derived),
             "regions": panel["region_code"].nunique(), "indicators": panel["indicator"].nunique(),
             "conflicts": conflicts[["region_code", "indicator", "year"]].drop_duplicates().shape[0],
             "agreeing": agreeing_cells(rows), "excluded": len(excluded), "missing": len(missing),
             "rejected": len(rejected)}
    excluded = excluded[["file", "row", "region", "year", "indicator", "value", "unit", "rule", "reason"]]
    return CleanResult(panel, conflicts, coverage_table(panel), warnings.reset_index(drop=True),
                       excluded.reset_index(drop=True), rejected, stats)


def clean(raw_dir: Path = Path("data/raw"), out_dir: Path = Path("data/processed"),
          today: dt.date | None = None, strict: bool = False) -> CleanResult:
    """Build the panel and write data/processed/; on any error nothing there is touched."""
    result = build(raw_dir, today, strict)
    write_generation(Path(out_dir), {name: frame_to_csv_text(getattr(result, name[:-4])) for name in OUTPUTS})
    return result
