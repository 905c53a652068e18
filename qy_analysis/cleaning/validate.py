"""Checks on normalised rows: errors stop `qy clean`; warnings go to a report.

Errors: negative counts or amounts, shares outside 0-100, impossible years, one source giving two
values for the same cell. Warnings: a jump of more than 50% in a year, a rule's stated concern.
Implausible values (beyond the ceiling of their kind, or 100,000 times the median of their reference class:
the same indicator at the same level of region) are flagged `suspect:implausible` even with no earlier
year to compare with, so forecasts leave them out (panel.model_series) and say so.
A record repeated exactly (repeats.py) counts as often as it was published, and is reported once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice

import numpy as np
import pandas as pd

from ..errors import Problem
from ..ingest.normalise import MAX_PROBLEMS, Unlisted
from ..reference import catalogue
from ..reference.regions import level_of
from .repeats import class_medians, copies

FIRST_YEAR = 1949
JUMP = 0.5  # |v_t / v_{t-1} - 1| above this is reported (levels only)
IMPLAUSIBLE = "implausible"
# Beyond these no Chinese region's figure can be (canonical units: 亿元, items, persons, %, index points);
# each is about 10x the nation's largest figure of its kind.
CEILINGS = {"amount": 1e7, "count": 1e8, "persons": 2e9, "share": 100.0, "rate": 1e4, "index": 1e5}
CLASS_FACTOR = 1e5  # times the reference class's median (Guangzhou's real figures reach ~1000x; small ones are real)
CLASS_MIN_SIZE = 5  # regions x years needed before a class's median is trusted
WARNING_COLUMNS = ["check", "region_code", "region", "indicator", "year", "value", "detail", "file", "row"]


def _kinds(rows: pd.DataFrame) -> pd.Series:
    return rows["indicator"].map({i: catalogue.get(i).kind for i in rows["indicator"].unique()})


def check_errors(rows: pd.DataFrame, today: dt.date | None = None) -> list[Problem | Unlisted]:
    """Every error of `rows`: the first MAX_PROBLEMS one by one, the rest counted (a large file that is wrong
    throughout would otherwise need gigabytes to say so)."""
    found = _errors(rows, today)
    problems: list[Problem | Unlisted] = list(islice(found, MAX_PROBLEMS))
    more = sum(1 for _ in found)
    return problems + (
        [Unlisted(more, "a negative value, a share outside 0-100, a bad year or a second value")] if more else []
    )


def _errors(rows: pd.DataFrame, today: dt.date | None) -> Iterator[Problem]:
    last_year = (today or dt.date.today()).year
    kinds = _kinds(rows)
    levels = kinds.isin(["amount", "count", "persons"])
    for rec in rows[levels & (rows["value"] < 0)].itertuples():
        yield _value_problem(rec, f"a non-negative {catalogue.get(rec.indicator).kind} for {rec.indicator}", "negative")
    for rec in rows[kinds.eq("share") & ((rows["value"] < 0) | (rows["value"] > 100))].itertuples():
        yield _value_problem(rec, f"a share between 0 and 100 (%) for {rec.indicator}", "share")
    for rec in rows[(rows["year"] < FIRST_YEAR) | (rows["year"] > last_year)].itertuples():
        yield Problem(rec.file, rec.row, "year", rec.year, f"a year between {FIRST_YEAR} and {last_year}", "year")
    cell = ["source_id", "source_key", "region_code", "indicator", "year"]
    keys = rows.loc[rows["value"].notna(), [*cell, "value"]]  # the key columns only, not a copy of every row
    twice = keys[keys.duplicated(cell, keep=False)]
    differ = twice.groupby(cell, sort=True)["value"].transform("nunique") > 1
    for _, group in rows.loc[twice.index[differ.to_numpy()]].groupby(cell, sort=True):
        first = group.iloc[0]
        for rec in group.iloc[1:].itertuples():
            expected = (
                f"one value per cell from one source; row {first.row} of the same source gives {first.value_raw} "
                f"for {rec.region} {rec.indicator} {rec.year}"
            )
            yield _value_problem(rec, expected, "duplicate")


def _value_problem(rec, expected: str, check: str) -> Problem:
    """A problem with a record's value, named by its file, row, column and text as published."""
    return Problem(rec.file, rec.row, rec.column, rec.value_raw, expected, check)


def jump_warnings(panel: pd.DataFrame) -> pd.DataFrame:
    """Changes above 50% a year in level series (published values only), measured against the nearest
    earlier year present, so that a gap in the series does not hide an implausible value: over a gap
    of k years the change is flagged beyond x1.5**k up or x0.5**k down."""
    levels = panel[~panel["derived"] & _kinds(panel).isin(["amount", "count", "persons"])]
    levels = levels.sort_values(["region_code", "indicator", "year"])
    previous = levels.groupby(["region_code", "indicator"])[["year", "value"]].shift()
    span = levels["year"] - previous["year"]
    ratio = levels["value"] / previous["value"]
    with np.errstate(divide="ignore", invalid="ignore"):
        outside = (ratio > (1 + JUMP) ** span) | (ratio < (1 - JUMP) ** span)
    hit = outside & np.isfinite(ratio) & (previous["value"] > 0)
    out = levels[hit].assign(
        check="jump",
        detail=[
            f"jump of {r - 1:+.0%} from {int(p)}{'' if k == 1 else f', {int(k)} years earlier'} ({pv:.6g} -> {v:.6g})"
            for r, p, k, pv, v in zip(
                ratio[hit], previous["year"][hit], span[hit], previous["value"][hit], levels["value"][hit]
            )
        ],
    )
    return out[WARNING_COLUMNS]


def _implausible(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Which rows are implausible, and the median of each row's reference class (indicator x level)."""
    kinds = _kinds(rows)
    ceiling = kinds.map(CEILINGS)
    levels = rows["region_code"].map({code: level_of(code) for code in rows["region_code"].unique()})
    weight = copies(rows)
    median = class_medians(rows["value"].abs(), weight, [rows["indicator"], levels])
    size = weight.groupby([rows["indicator"], levels]).transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = rows["value"].abs() / median
    off_class = (size >= CLASS_MIN_SIZE) & (median > 0) & ~kinds.isin(["share", "rate"]) & (ratio > CLASS_FACTOR)
    return (rows["value"].abs() > ceiling) | off_class, median


def flag_implausible(rows: pd.DataFrame) -> pd.Series:
    """The rows' flags with `suspect:implausible` added where the value is implausible."""
    hit, _ = _implausible(rows)
    tag = f"suspect:{IMPLAUSIBLE}"
    return rows["flags"].where(~hit, [f"{f};{tag}" if f else tag for f in rows["flags"]])


def implausible_warnings(rows: pd.DataFrame) -> pd.DataFrame:
    """One warning per implausible value: its kind's ceiling and its reference class's median."""
    hit, median = _implausible(rows)
    hit_rows = rows[hit]
    detail = [
        f"implausible for {i}: beyond {CEILINGS[catalogue.get(i).kind]:g} or {CLASS_FACTOR:g}x the "
        f"median {m:.6g} of its class ({level_of(c)}); left out of forecasts"
        for i, m, c in zip(hit_rows["indicator"], median[hit], hit_rows["region_code"])
    ]
    return hit_rows.assign(check=IMPLAUSIBLE, detail=detail)[WARNING_COLUMNS]
