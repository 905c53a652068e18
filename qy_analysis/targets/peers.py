"""A region against the other regions of its province (its siblings in reference/regions.csv) and of
its peer group: levels, growth and ranks (notebook 06).

A plan may aim to be among the leading regions of a group (e.g. 山区市前列) and mid-ranking in the
province (全省中等水平). Here 'among the leading' means rank 1 or 2 in the group, and 'mid-ranking'
means the upper half of the province's cities; both are stated in the notebook next to the verdict.
Only years in which at least MIN_SHARE of the province's cities have a value are ranked.
"""
from __future__ import annotations

import math

import pandas as pd

from ..reference.regions import region_table, regions_in_group

LEADING_RANK = 2
MIN_SHARE = 2 / 3  # a year is ranked only when at least two thirds of the province's cities have a value


def siblings(region: str) -> list[str]:
    """The regions with the same parent as `region` (for a city: its province's cities), itself included."""
    table = region_table()
    return sorted(table.index[table["parent"] == table.loc[region, "parent"]])


def min_ranked(region: str) -> int:
    """How many of the province's cities must have a value in a year for it to be ranked (14 of 21)."""
    return math.ceil(len(siblings(region)) * MIN_SHARE)


def city_values(panel: pd.DataFrame, indicator: str, cities, derived: bool | None = None) -> pd.DataFrame:
    """Year × city table of one indicator for `cities` (flagged values left out)."""
    rows = panel[panel["region_code"].isin(cities) & (panel["indicator"] == indicator) & (panel["flags"] == "")]
    if derived is not None:
        rows = rows[rows["derived"] == derived]
    return rows.pivot_table(index="year", columns="region_code", values="value", aggfunc="first")


def ranks(values: pd.DataFrame) -> pd.DataFrame:
    """Rank within each year (1 = highest); cities without a value get none."""
    return values.rank(axis=1, ascending=False, method="min")


def standing(panel: pd.DataFrame, region: str, indicators, group: str = "mountain") -> pd.DataFrame:
    """Per indicator: the first and last year with data, the region's rank in the province and in its
    group in those years, and whether it met the plan's aim in the last year."""
    members, cities = regions_in_group(group), siblings(region)
    out = []
    for indicator in indicators:
        values = city_values(panel, indicator, cities)
        values = values[values.notna().sum(axis=1) >= min_ranked(region)]
        if region not in values.columns or values[region].dropna().empty:
            continue
        years = values[region].dropna().index
        first, last = int(years.min()), int(years.max())
        province, in_group = ranks(values), ranks(values[[c for c in members if c in values.columns]])
        out.append({"indicator": indicator, "first_year": first, "last_year": last,
                    "province_rank_first": province.loc[first, region], "province_rank_last": province.loc[last, region],
                    "group_rank_first": in_group.loc[first, region], "group_rank_last": in_group.loc[last, region],
                    "cities_last": int(values.loc[last].notna().sum()),
                    "leads_group": in_group.loc[last, region] <= LEADING_RANK,
                    "upper_half_province": province.loc[last, region] <= (len(cities) + 1) // 2})
    return pd.DataFrame(out)
