"""Records as found -> catalogue ids, official region codes and one canonical unit per indicator.

Each value keeps the text it was read from (`value_raw`, `unit_raw`); every failure becomes a
`Problem` naming file, row and column, so a whole file's mistakes are reported at once.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import catalogue
from .errors import Problem
from .numbers import parse_year
from .regions import RegionError, region_code, region_name
from .units import UnitError, canonical_unit_text, conversion_factor, parse_unit

NORMALISED_COLUMNS = ["region_code", "region", "year", "indicator", "value", "unit", "value_raw", "unit_raw",
                      "file", "row", "column", "source_key", "source_ref", "note"]

# Columns added upstream (sources registry, cleaning rules) that travel with each record.
CARRIED = ("source_id", "reliability", "flags", "warn")


def _try(fn, value):
    try:
        return fn(value)
    except (KeyError, ValueError):
        return None


def annotate(records: pd.DataFrame) -> pd.DataFrame:
    """Add region_code and indicator_id where they are known (None otherwise), read years where
    they are single years; never raises."""
    out = records.copy()
    out["year"] = [_try(parse_year, y) or y for y in records["year"]]
    out.insert(1, "region_code", [_try(region_code, r) for r in records["region"]])
    out.insert(out.columns.get_loc("indicator") + 1, "indicator_id",
               [_try(catalogue.indicator_id, i) for i in records["indicator"]])
    return out


def _indicator_for(name: str, unit_text: str) -> str:
    ind = catalogue.indicator_id(name)
    if canonical_unit_text(unit_text) == "%yoy":
        ind = catalogue.growth_id(ind)
        catalogue.get(ind)
    return ind


def normalise(records: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Map regions, indicators, years and units; drop 市辖区 (urban-district) columns.

    Returns the normalised rows that passed and the problems of those that did not.
    """
    problems: list[Problem] = []
    rows = []
    for rec in records.itertuples(index=False):
        where = (rec.file, rec.row)
        if rec.scope == "市辖区":
            continue
        try:
            code = region_code(rec.region)
        except RegionError as err:
            problems.append(Problem(*where, "region", rec.region, str(err).split(" (")[0].replace(
                "unknown region", "a known region; got unknown region"), "region"))
            continue
        try:
            year = parse_year(rec.year)
        except ValueError:
            problems.append(Problem(*where, "year", rec.year, "a single year such as 2012 or 2012年", "year"))
            continue
        unit_text = rec.unit if isinstance(rec.unit, str) else ""
        try:
            ind_id = _indicator_for(rec.indicator, unit_text)
        except catalogue.IndicatorError:
            problems.append(Problem(*where, "indicator", rec.indicator,
                                    "an indicator of the catalogue (qy_analysis/resources/indicators.yaml)",
                                    "indicator"))
            continue
        indicator = catalogue.get(ind_id)
        try:
            if not unit_text:
                raise UnitError("no unit")
            dimension = parse_unit(unit_text)[0]
            if not indicator.accepts_dimension(dimension):
                raise UnitError(dimension)
            factor = 1.0 if indicator.kind == "rate" else conversion_factor(unit_text, indicator.unit)
        except UnitError:
            problems.append(Problem(*where, "unit", rec.unit,
                                    f"a unit of {indicator.kind} for {ind_id} (canonical {indicator.unit})", "unit"))
            continue
        value = rec.value * factor if not np.isnan(rec.value) else np.nan
        rows.append({"region_code": code, "region": region_name(code), "year": year, "indicator": ind_id,
                     "value": value, "unit": indicator.unit, "value_raw": rec.value_raw, "unit_raw": unit_text,
                     "file": rec.file, "row": rec.row, "column": rec.column, "source_key": rec.source_key,
                     "source_ref": rec.source_ref, "note": rec.note,
                     **{k: getattr(rec, k) for k in CARRIED if hasattr(rec, k)}})
    extra = [k for k in CARRIED if k in records.columns]
    return pd.DataFrame(rows, columns=NORMALISED_COLUMNS + extra), problems
