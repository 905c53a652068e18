"""Checks on normalised rows: errors stop `qy clean`; warnings go to a report.

Errors: negative counts or amounts, shares outside 0-100, impossible years, one source giving two
values for the same cell. Warnings: a jump of more than 50% in a year, a rule's stated concern.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..reference import catalogue
from ..errors import Problem

FIRST_YEAR = 1949
JUMP = 0.5  # |v_t / v_{t-1} - 1| above this is reported (levels only)
WARNING_COLUMNS = ["check", "region_code", "region", "indicator", "year", "value", "detail", "file", "row"]


def _kinds(rows: pd.DataFrame) -> pd.Series:
    return rows["indicator"].map(lambda i: catalogue.get(i).kind)


def check_errors(rows: pd.DataFrame, today: dt.date | None = None) -> list[Problem]:
    last_year = (today or dt.date.today()).year
    problems = []
    kinds = _kinds(rows)
    levels = kinds.isin(["amount", "count", "persons"])
    for rec in rows[levels & (rows["value"] < 0)].itertuples():
        problems.append(Problem(rec.file, rec.row, rec.column, rec.value_raw,
                                f"a non-negative {catalogue.get(rec.indicator).kind} for {rec.indicator}", "negative"))
    shares = kinds.eq("share") & ((rows["value"] < 0) | (rows["value"] > 100))
    for rec in rows[shares].itertuples():
        problems.append(Problem(rec.file, rec.row, rec.column, rec.value_raw,
                                f"a share between 0 and 100 (%) for {rec.indicator}", "share"))
    for rec in rows[(rows["year"] < FIRST_YEAR) | (rows["year"] > last_year)].itertuples():
        problems.append(Problem(rec.file, rec.row, "year", rec.year,
                                f"a year between {FIRST_YEAR} and {last_year}", "year"))
    cell = ["source_id", "source_key", "region_code", "indicator", "year"]
    published = rows.dropna(subset=["value"])
    twice = published[published.duplicated(cell, keep=False)]
    for _, group in twice.groupby(cell, sort=True):
        if group["value"].nunique() > 1:
            first = group.iloc[0]
            for rec in group.iloc[1:].itertuples():
                problems.append(Problem(rec.file, rec.row, rec.column, rec.value_raw,
                                        f"one value per cell from one source; row {first.row} of the same "
                                        f"source gives {first.value_raw} for {rec.region} {rec.indicator} "
                                        f"{rec.year}", "duplicate"))
    return problems


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
    out = levels[hit].assign(check="jump", detail=[
        f"jump of {r - 1:+.0%} from {int(p)}{'' if k == 1 else f', {int(k)} years earlier'} ({pv:.6g} -> {v:.6g})"
        for r, p, k, pv, v in zip(ratio[hit], previous["year"][hit], span[hit], previous["value"][hit],
                                  levels["value"][hit])])
    return out[WARNING_COLUMNS]
