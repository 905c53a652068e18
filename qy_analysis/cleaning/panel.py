"""Reading the processed panel and taking series out of it for models."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..notes import Note
from ..paths import project_path
from ..reference import catalogue

DEFAULT_PANEL = ("data", "processed", "panel.csv")


def load_panel(path: Path | str | None = None) -> pd.DataFrame:
    """The panel written by `qy clean` (default: the project's data/processed/panel.csv, from any working
    folder), with codes kept as text and flags as strings."""
    path = project_path(*DEFAULT_PANEL) if path is None else path
    panel = pd.read_csv(
        path,
        dtype={"region_code": str, "flags": str, "file": str, "row": str},
        keep_default_na=False,
        na_values={"value": [""]},
    )
    panel["derived"] = panel["derived"].astype(str).eq("True")
    _check_complete(panel, Path(path))
    return panel


def _check_complete(panel: pd.DataFrame, path: Path) -> None:
    """DataError when the panel is not the one `qy clean` wrote beside its coverage.csv (a file cut short,
    a row lost or edited in): coverage counts every row's year, so the two must agree."""
    coverage = path.parent / "coverage.csv"
    if path.name != "panel.csv" or not coverage.is_file():
        return
    try:
        expected = int(pd.read_csv(coverage, usecols=["n_years"])["n_years"].sum())
    except (ValueError, KeyError, pd.errors.ParserError):
        raise DataError(f"{coverage}: unreadable; expected the coverage table `qy clean` writes") from None
    bad_values = int(panel["value"].isna().sum()) + int(pd.to_numeric(panel["year"], errors="coerce").isna().sum())
    if len(panel) != expected or bad_values:
        raise DataError(
            f"{path}: {len(panel)} rows ({bad_values} without a value or year), but {coverage} counts "
            f"{expected}; expected the whole panel: run `qy clean` again"
        )


def model_series(
    panel: pd.DataFrame, region_code: str, indicator: str, as_of: int | None = None
) -> tuple[pd.Series, list[Note]]:
    """The series a model should see for one region and indicator, with notes on what was chosen.

    Published and derived values are not mixed silently: the one with more usable years is the base,
    the other only fills years the base lacks, and the notes say so. Flagged values (suspect, before a
    series break) and years after `as_of` are left out.
    """
    rows = panel[(panel["region_code"] == region_code) & (panel["indicator"] == indicator)]
    if as_of is not None:
        rows = rows[rows["year"] <= as_of]
    notes = []
    flagged = rows[rows["flags"] != ""]
    if len(flagged):
        notes.append(
            Note(
                "flagged_out",
                items=[f"{r.year} {r.flags}" for r in flagged.itertuples()],
                years=sorted(int(y) for y in flagged["year"]),
            )
        )
    rows = rows[rows["flags"] == ""]
    published = rows[~rows["derived"]].set_index("year")["value"]
    derived = rows[rows["derived"]].set_index("year")["value"]
    if len(derived) > len(published):
        base, other, names = derived, published, ("derived", "published")
    else:
        base, other, names = published, derived, ("published", "derived")
    fill = other[~other.index.isin(base.index)]
    series = pd.concat([base, fill]).sort_index().astype(float)
    if len(base):
        notes.append(Note(f"{names[0]}_for", years=[int(y) for y in base.index]))
    if len(fill):
        notes.append(Note(f"{names[1]}_fill", years=[int(y) for y in fill.index]))
    return series, notes


def kind_of(indicator: str) -> str:
    return catalogue.get(indicator).kind
