"""Derived indicators, computed from their parts and marked derived=True, never transcribed:
shares (fiscal S&T share = S&T / budget expenditure; R&D intensity = R&D / GDP) and year-on-year growth."""

from __future__ import annotations

import pandas as pd

from ..reference import catalogue

GAP_TOLERANCE_PP = 0.005  # percentage points: published shares and growth rates are printed to two decimals


def _ref(frame: pd.DataFrame, name: str) -> pd.Series:
    return (
        name
        + " ("
        + frame["source_id"]
        + " "
        + frame["file"].map(lambda f: f.rsplit("/", 1)[-1])
        + ":"
        + frame["row"].astype(str)
        + ")"
    )


def _merge_flags(a: pd.Series, b: pd.Series) -> pd.Series:
    return [";".join(sorted(set(filter(None, (x + ";" + y).split(";"))))) for x, y in zip(a, b)]


def derive(published: pd.DataFrame) -> pd.DataFrame:
    """Derived rows from the resolved published rows (same columns, derived=True)."""
    parts = []
    for ind in catalogue.catalogue().values():
        if ind.derived:
            num = published[published["indicator"] == ind.derived["numerator"]]
            den = published[published["indicator"] == ind.derived["denominator"]]
            both = num.merge(den, on=["region_code", "region", "year"], suffixes=("_n", "_d"))
            both = both[both["value_d"] > 0]
            parts.append(
                pd.DataFrame(
                    {
                        "region_code": both["region_code"],
                        "region": both["region"],
                        "year": both["year"],
                        "indicator": ind.id,
                        "value": both["value_n"] / both["value_d"] * 100,
                        "unit": ind.unit,
                        "flags": _merge_flags(both["flags_n"], both["flags_d"]),
                        "source_ref": _ref(
                            both.rename(columns=lambda c: c[:-2] if c.endswith("_n") else c), ind.derived["numerator"]
                        )
                        + " / "
                        + _ref(
                            both.rename(columns=lambda c: c[:-2] if c.endswith("_d") else c), ind.derived["denominator"]
                        ),
                    }
                )
            )
        if ind.derive_growth:
            level = published[published["indicator"] == ind.id].sort_values(["region_code", "year"])
            prev = level.groupby("region_code")[["year", "value", "flags", "source_id", "file", "row"]].shift()
            ok = (prev["year"] == level["year"] - 1) & (prev["value"] > 0)
            cur, prev = level[ok], prev[ok]
            parts.append(
                pd.DataFrame(
                    {
                        "region_code": cur["region_code"],
                        "region": cur["region"],
                        "year": cur["year"],
                        "indicator": catalogue.growth_id(ind.id),
                        "value": (cur["value"] / prev["value"] - 1) * 100,
                        "unit": "%",
                        "flags": _merge_flags(cur["flags"], prev["flags"].astype(str)),
                        "source_ref": _ref(cur, ind.id)
                        + " / "
                        + _ref(
                            prev.assign(row=prev["row"].map(lambda r: int(r) if pd.notna(r) else r)), f"{ind.id} t-1"
                        ),
                    }
                )
            )
    derived = pd.concat(parts, ignore_index=True)
    return derived.assign(derived=True, source_id="derived", file="", row="", reliability="derived")


def gaps(published: pd.DataFrame, derived: pd.DataFrame) -> pd.DataFrame:
    """Cells where a published share or growth differs from the one derived from its parts."""
    both = published.merge(derived, on=["region_code", "region", "indicator", "year"], suffixes=("", "_derived"))
    both["gap"] = both["value"] - both["value_derived"]
    return both[both["gap"].abs() > GAP_TOLERANCE_PP].reset_index(drop=True)
