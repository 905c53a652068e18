"""What `qy read` and `qy add` say about a file: counts, sheets left out, cells rejected or repaired,
and every indicator name the catalogue does not know, with the closest catalogue entries."""

from __future__ import annotations

import difflib

import pandas as pd

from ..reference import catalogue
from .readers.common import concat_parts, district_figures

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
    summary = ReadSummary()
    summary.add(records)
    return summary.text()


class ReadSummary:
    """`read_summary` of records seen a part at a time (`qy read --format csv` writes each part as it comes), and
    what `qy add` says and checks of a download: per catalogue indicator its values, regions and years, the
    export's own title, and how many figures are 市辖区 ones."""

    def __init__(self):
        self.records = self.missing = self.repaired = self.districts = 0
        self.unknown: set[str] = set()
        self.attrs: dict = {}
        self.rejected, self.rejected_shown = 0, []
        self.indicators: dict[str, dict] = {}  # id: values, regions, first and last year
        self.title = ""

    def add(self, records: pd.DataFrame) -> None:
        self.records += len(records)
        self.districts += district_figures(records)
        self.title = self.title or next(
            (str(k).strip() for k in records.get("source_key", pd.Series(dtype=str)).dropna() if str(k).strip()), ""
        )
        for ind_id, known in records.dropna(subset=["indicator_id"]).groupby("indicator_id", sort=False):
            seen = self.indicators.setdefault(ind_id, {"values": 0, "regions": set(), "first": None, "last": None})
            seen["values"] += len(known)
            seen["regions"].update(known["region_code"].dropna())
            first, last = known["year"].min(), known["year"].max()
            seen["first"] = first if seen["first"] is None else min(seen["first"], first)
            seen["last"] = last if seen["last"] is None else max(seen["last"], last)
        self.missing += int(records["value"].isna().sum())
        self.repaired += int(records["repair"].fillna("").ne("").sum()) if "repair" in records.columns else 0
        self.unknown.update(unknown_names(records))
        self.attrs.update({k: v for k, v in records.attrs.items() if k != "rejected"})
        rejected = records.attrs.get("rejected", pd.DataFrame())
        self.rejected += len(rejected)
        if sum(map(len, self.rejected_shown)) < SHOWN:
            self.rejected_shown.append(rejected.head(SHOWN))

    def text(self) -> str:
        lines = [
            f"# {self.records} records; {self.missing} missing; {self.repaired} repaired; "
            f"{self.rejected} cells rejected; {len(self.unknown)} indicator names not in the catalogue"
        ]
        for kind in ("hidden_sheets", "skipped_sheets"):
            if self.attrs.get(kind):
                label = "hidden sheets not read" if kind == "hidden_sheets" else "sheets without a table"
                lines.append(f"# {label}: {', '.join(self.attrs[kind])}")
        unlabelled = self.attrs.get("unlabelled_cells") or []
        if unlabelled:
            lines.append(
                f"# {len(unlabelled)} figures under no header, not read: {', '.join(unlabelled[:SHOWN])}"
                + (" ..." if len(unlabelled) > SHOWN else "")
            )
        for rec in concat_parts(self.rejected_shown or [pd.DataFrame()]).head(SHOWN).itertuples():
            lines.append(f"# rejected {rec.file} {rec.cell}: {rec.raw!r}: {rec.reason}")
        if self.rejected > SHOWN:
            lines.append(f"# ... and {self.rejected - SHOWN} more rejected cells (--format csv lists all records)")
        for name in sorted(self.unknown):
            close = closest_indicators(name)
            lines.append(f"# unknown indicator {name!r}" + (f"; closest: {', '.join(close)}" if close else ""))
        return "\n".join(lines)
