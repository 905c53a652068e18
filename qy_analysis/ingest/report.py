"""What `qy read` and `qy add` say about a file: counts, sheets left out, cells rejected or repaired,
and every indicator name the catalogue does not know, with the closest catalogue entries."""

from __future__ import annotations

import difflib

import pandas as pd

from ..reference import catalogue

SHOWN = 20  # rejected cells listed one per line; the rest are counted


def closest_indicators(name: str, n: int = 3) -> list[str]:
    """Catalogue ids whose names or aliases are closest to `name` (for a 'did you mean')."""
    aliases = catalogue._aliases()
    keys = difflib.get_close_matches(catalogue.name_key(name), list(aliases), n=n * 3, cutoff=0.4)
    return list(dict.fromkeys(aliases[k] for k in keys))[:n]


def unknown_names(records: pd.DataFrame) -> list[str]:
    return sorted(records.loc[records["indicator_id"].isna(), "indicator"].astype(str).unique())


def read_summary(records: pd.DataFrame) -> str:
    """Lines for stderr: one count line, then one line per thing the researcher should know."""
    rejected = records.attrs.get("rejected", pd.DataFrame())
    repaired = records["repair"].fillna("").ne("").sum() if "repair" in records.columns else 0
    unknown = unknown_names(records)
    lines = [
        f"# {len(records)} records; {int(records['value'].isna().sum())} missing; {int(repaired)} repaired; "
        f"{len(rejected)} cells rejected; {len(unknown)} indicator names not in the catalogue"
    ]
    for kind in ("hidden_sheets", "skipped_sheets"):
        if records.attrs.get(kind):
            label = "hidden sheets not read" if kind == "hidden_sheets" else "sheets without a table"
            lines.append(f"# {label}: {', '.join(records.attrs[kind])}")
    unlabelled = records.attrs.get("unlabelled_cells") or []
    if unlabelled:
        lines.append(
            f"# {len(unlabelled)} figures under no header, not read: {', '.join(unlabelled[:SHOWN])}"
            + (" ..." if len(unlabelled) > SHOWN else "")
        )
    for rec in rejected.head(SHOWN).itertuples():
        lines.append(f"# rejected {rec.file} {rec.cell}: {rec.raw!r}: {rec.reason}")
    if len(rejected) > SHOWN:
        lines.append(f"# ... and {len(rejected) - SHOWN} more rejected cells (--format csv lists all records)")
    for name in unknown:
        close = closest_indicators(name)
        lines.append(f"# unknown indicator {name!r}" + (f"; closest: {', '.join(close)}" if close else ""))
    return "\n".join(lines)
