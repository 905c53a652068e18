"""Records as found -> catalogue ids, official region codes and one canonical unit per indicator.

Each value keeps the text it was read from (`value_raw`, `unit_raw`); every failure becomes a
`Problem` naming file, row and column, so a whole file's mistakes are reported at once. Lookups are
made once per distinct name, so a large export costs little more than a small one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ..errors import IndicatorError, Problem, RegionError, UnitError
from ..reference import catalogue
from ..reference.numbers import parse_year
from ..reference.regions import region_code, region_name, region_table
from ..reference.units import canonical_unit_text, conversion_factor, parse_unit

NORMALISED_COLUMNS = [
    "region_code",
    "region",
    "year",
    "indicator",
    "value",
    "unit",
    "value_raw",
    "unit_raw",
    "file",
    "row",
    "column",
    "source_key",
    "source_ref",
    "note",
]
# Columns added upstream (sources registry, cleaning rules) that travel with each record.
CARRIED = ("source_id", "reliability", "flags", "warn", "repair", "vintage")


def _try(fn, value):
    try:
        return fn(value)
    except (KeyError, ValueError):
        return None


def annotate(records: pd.DataFrame) -> pd.DataFrame:
    """Add region_code and indicator_id where they are known (None otherwise), read years where
    they are single years; never raises."""
    out = records.copy()
    out["year"] = _each_distinct(records["year"], lambda y: _try(parse_year, y) or y)
    out.insert(1, "region_code", _each_distinct(records["region"], lambda r: _try(region_code, r)))
    out.insert(
        out.columns.get_loc("indicator") + 1,
        "indicator_id",
        _each_distinct(records["indicator"], lambda i: _try(catalogue.indicator_id, i)),
    )
    return out


def _each_distinct(column: pd.Series, fn) -> list:
    """fn applied once per distinct value (a large file repeats a few names many times)."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    return np.asarray([fn(value) for value in distinct], dtype=object)[codes].tolist()


MAX_PROBLEMS = 10_000  # problems kept one by one; 40 M bad records would otherwise need gigabytes
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}  # 直辖市: cities at province level, in city tables


def _region(name, city: bool = False) -> tuple[str | None, str | None]:
    """(code, None) or (None, what was expected). `city`: the record is a city's figure (a yearbook 全市
    column), so a name that means a province here (吉林 -> 吉林省) is not silently taken for the province;
    the four municipalities (北京市, 天津市, 上海市, 重庆市) are cities and provinces at once, and are taken."""
    try:
        code = region_code(name)
    except RegionError as err:
        return None, str(err).split(" (")[0].replace("unknown region", "a known region; got unknown region")
    if city and _levels().get(code) == "province" and code not in MUNICIPALITIES:
        return None, (
            f"a city (a city table's 全市 column); {name!r} names the province {region_name(code)} "
            f"({code}) in reference/regions.csv, which has no city of this name"
        )
    return code, None


@lru_cache(maxsize=1)
def _levels() -> dict[str, str]:
    table = region_table()
    return dict(zip(table.index, table["level"]))


def _year(text) -> int | None:
    try:
        return parse_year(text)
    except ValueError:
        return None


def _indicator_unit(name, unit_text) -> tuple[str | None, float | None, str | None, str | None]:
    """(indicator id, factor to its canonical unit, problem column, expected) for a name and unit."""
    try:
        ind_id = catalogue.indicator_id(name)
        if canonical_unit_text(unit_text) == "%yoy":
            ind_id = catalogue.get(catalogue.growth_id(ind_id)).id
    except IndicatorError:
        return None, None, "indicator", "an indicator of the catalogue (qy_analysis/reference/indicators.yaml)"
    indicator = catalogue.get(ind_id)
    try:
        if not unit_text:
            raise UnitError("no unit")
        if not indicator.accepts_dimension(parse_unit(unit_text)[0]):
            raise UnitError("wrong dimension")
        factor = 1.0 if indicator.kind == "rate" else conversion_factor(unit_text, indicator.unit)
    except UnitError:
        return None, None, "unit", f"a unit of {indicator.kind} for {ind_id} (canonical {indicator.unit})"
    return ind_id, factor, None, None


def _where(frame: pd.DataFrame, mask) -> pd.DataFrame:
    """The rows of `frame` where `mask` holds, without a full copy when it holds everywhere (a large export)."""
    return frame if np.all(mask) else frame[mask]


@dataclass(frozen=True)
class Unlisted:
    """How many records had a problem beyond those listed one by one (the first ones say what is wrong)."""

    count: int
    what: str = "a region, year, indicator or unit problem"

    def __str__(self) -> str:
        return f"... and {self.count:,} more records with {self.what}"


def counted(problems: list) -> list:
    """`problems` with the `Unlisted` counts of each kind added up into one, at the end."""
    unlisted: dict[str, int] = {}
    for p in problems:
        if isinstance(p, Unlisted):
            unlisted[p.what] = unlisted.get(p.what, 0) + p.count
    return [p for p in problems if not isinstance(p, Unlisted)] + [Unlisted(n, w) for w, n in unlisted.items()]


def normalise(records: pd.DataFrame, room: int = MAX_PROBLEMS) -> tuple[pd.DataFrame, list[Problem | Unlisted]]:
    """Map regions, indicators, years and units; drop 市辖区 (urban-district) columns.

    Returns the normalised rows that passed and the problems of those that did not: `room` of them one by one,
    the rest counted (`Unlisted`).
    """
    records = _where(records, records["scope"].fillna("") != "市辖区")
    units = records["unit"].map(lambda u: u if isinstance(u, str) else "")
    cities = records["scope"].fillna("").eq("全市").tolist()
    regions = {key: _region(*key) for key in set(zip(records["region"], cities))}
    years = {str(y): _year(str(y)) for y in records["year"].unique()}
    pairs = {pair: _indicator_unit(*pair) for pair in set(zip(records["indicator"], units))}
    problems: list[Problem | Unlisted] = []
    bad = [
        regions[(r, c)][1] is not None or years[str(y)] is None or pairs[(i, u)][0] is None
        for r, c, y, i, u in zip(
            records["region"].tolist(), cities, records["year"].tolist(), records["indicator"].tolist(), units.tolist()
        )
    ]
    for rec, unit, city in zip(records[bad].itertuples(index=False), units[bad], np.asarray(cities)[bad]):
        if len(problems) >= room:
            problems.append(Unlisted(sum(bad) - len(problems)))
            break
        code, region_problem = regions[(rec.region, city)]
        if region_problem:
            problems.append(Problem(rec.file, rec.row, "region", rec.region, region_problem, "region"))
            continue
        if years[str(rec.year)] is None:
            problems.append(
                Problem(rec.file, rec.row, "year", rec.year, "a single year such as 2012 or 2012年", "year")
            )
            continue
        ind_id, _, column, expected = pairs[(rec.indicator, unit)]
        if ind_id is None:
            problems.append(
                Problem(
                    rec.file, rec.row, column, rec.indicator if column == "indicator" else rec.unit, expected, column
                )
            )
    passed = _where(records, ~np.asarray(bad, dtype=bool))
    units = units[passed.index]
    mapped = [pairs[(i, u)] for i, u in zip(passed["indicator"].tolist(), units.tolist())]
    code_of = {name: code for (name, _), (code, _) in regions.items() if code is not None}
    codes = passed["region"].map(code_of)
    out = pd.DataFrame(
        {
            "region_code": codes,
            "region": codes.map(region_name),
            "year": passed["year"].map({y: years[str(y)] for y in passed["year"].unique()}),
            "indicator": [m[0] for m in mapped],
            "value": passed["value"].to_numpy() * [m[1] for m in mapped],
            "unit": [catalogue.get(m[0]).unit for m in mapped],
            "value_raw": passed["value_raw"],
            "unit_raw": units,
            **{c: passed[c] for c in NORMALISED_COLUMNS[8:]},
            **{c: passed[c] for c in CARRIED if c in passed.columns},
        },
        copy=False,  # copy-on-write: the carried columns are shared, not copied, until one is changed
    )
    return out.reset_index(drop=True), problems
