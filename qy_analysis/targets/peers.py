"""A region against the other regions of its province (its siblings in reference/regions.csv) and of
its peer group: levels, growth and ranks (notebook 06).

A plan may aim to be among the leading regions of a group (e.g. 山区市前列) and mid-ranking in the
province (全省中等水平). Here 'among the leading' means rank 1 or 2 in the group, and 'mid-ranking'
means the upper half of the province's cities; both are stated in the notebook next to the verdict.
Only years in which at least MIN_SHARE of the province's cities have a value are ranked. The verdict is
judged in one chosen year (the plan's target year by default, in notebook 06 and `qy peers`).
"""

from __future__ import annotations

import math

import pandas as pd

from ..cleaning.panel import load_panel
from ..errors import DataError
from ..reference.regions import region_code, region_table, regions_in_group
from .spec import load_plan

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


def _plan_group(group: str | None, plan=None) -> str:
    """`group`, or when None the plan's peer group (the project's plan by default; DataError when it names none)."""
    if group is not None:
        return group
    plan = load_plan() if plan is None else plan
    if plan.peer_group is None:
        raise DataError(f"peers: no group given and the plan {plan.path} names no peer_group; expected a group")
    return plan.peer_group


def group_members(region: str, group: str) -> list[str]:
    """The regions `region` is ranked among in `group`: the group's members of its province, and itself
    (a region judged against a group it is not in, e.g. Qingyuan against the Pearl River Delta, is ranked
    as if it were one of them). DataError when the group holds none of the province's regions."""
    cities = siblings(region)
    members = [c for c in regions_in_group(group) if c in cities]
    if not [c for c in members if c != region]:
        name = f"{region_table().loc[region, 'name_zh']} ({region})" if region in region_table().index else region
        raise DataError(
            f"group {group!r}: none of its regions shares a parent with {name} in reference/regions.csv; "
            f"expected a group of the regions {name} is ranked among"
        )
    return sorted(set(members) | {region})


def rank_history(panel: pd.DataFrame, region: str, indicators, group: str | None = None) -> pd.DataFrame:
    """Per indicator and ranked year: the region's rank in the province and in its group, and how many
    cities of each had a value (years too few cities report are left out). `group` None: the project's plan's."""
    members, cities = group_members(region, _plan_group(group)), siblings(region)
    out = []
    for indicator in indicators:
        values = city_values(panel, indicator, cities)
        values = values[values.notna().sum(axis=1) >= min_ranked(region)]
        if region not in values.columns:
            continue
        in_group = values[[c for c in members if c in values.columns]]
        province_rank, group_rank = ranks(values), ranks(in_group)
        for year in values.index[values[region].notna()]:
            out.append(
                {
                    "indicator": indicator,
                    "year": int(year),
                    "province_rank": province_rank.loc[year, region],
                    "cities": int(values.loc[year].notna().sum()),
                    "group_rank": group_rank.loc[year, region],
                    "group_size": int(in_group.loc[year].notna().sum()),
                }
            )
    return pd.DataFrame(out, columns=["indicator", "year", "province_rank", "cities", "group_rank", "group_size"])


def standing(
    panel: pd.DataFrame, region: str, indicators, group: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """Per indicator: the region's ranks in `year` (default: the last ranked year of each indicator) and
    whether it met the plan's aims then. An indicator without a ranked value in `year` keeps its row, with
    no rank and `leads_group` None, so that a verdict never silently moves to another year."""
    history = rank_history(panel, region, indicators, group)
    out = []
    for indicator in indicators:
        rows = history[history["indicator"] == indicator]
        if year is None and rows.empty:
            continue
        at = rows[rows["year"] == (year if year is not None else rows["year"].max())]
        row = at.iloc[0].to_dict() if len(at) else {"indicator": indicator, "year": year}
        ranked = len(at) > 0
        out.append(
            {
                **{k: row.get(k) for k in ("indicator", "year", "province_rank", "cities", "group_rank", "group_size")},
                "last_ranked_year": int(rows["year"].max()) if len(rows) else None,
                "leads_group": bool(row["group_rank"] <= LEADING_RANK) if ranked else None,
                "upper_half_province": bool(row["province_rank"] <= (len(siblings(region)) + 1) // 2)
                if ranked
                else None,
            }
        )
    return pd.DataFrame(out)


def peer_values(
    panel: pd.DataFrame, region: str, indicators, group: str | None = None, year: int | None = None
) -> pd.DataFrame:
    """The values behind the ranks: per indicator, every city of the group (and `region`) with a value in the
    judged year (`year`, else the indicator's last ranked year), its value, its rank among them (1 = highest)
    and n, how many had a value. Codes and numbers only (region_code, indicator, year, value, rank, n).
    `group` None: the project's plan's."""
    group = _plan_group(group)
    members = group_members(region, group)
    history = rank_history(panel, region, indicators, group)
    rows = []
    for indicator in indicators:
        ranked = history.loc[history["indicator"] == indicator, "year"]
        at = year if year is not None else (int(ranked.max()) if len(ranked) else None)
        values = city_values(panel, indicator, members)
        if at is None or at not in values.index:
            continue
        row = values.loc[at].dropna().sort_values(ascending=False)
        rank = row.rank(ascending=False, method="min")
        rows += [
            {
                "region_code": code,
                "indicator": indicator,
                "year": int(at),
                "value": float(row[code]),
                "rank": int(rank[code]),
                "n": len(row),
            }
            for code in row.index
        ]
    return pd.DataFrame(rows, columns=["region_code", "indicator", "year", "value", "rank", "n"])


def verdict(table: pd.DataFrame) -> dict:
    """The headline counts of a `standing` table: indicators ranked, leading in the group, upper half."""
    ranked = table[table["leads_group"].notna()]
    return {
        "indicators": len(table),
        "ranked": len(ranked),
        "leads": int(ranked["leads_group"].astype(bool).sum()),
        "upper_half": int(ranked["upper_half_province"].astype(bool).sum()),
        "trailing": [r.indicator for r in ranked.itertuples() if r.group_rank == r.group_size and r.group_size > 1],
    }


INDICATORS = (
    "gdp",
    "budget_expenditure",
    "st_expenditure",
    "fiscal_st_share",
    "patent_applications",
    "patent_grants",
    "patent_grants_invention",
)


def peers(
    region: str | None = None,
    group: str | None = None,
    year: int | str | None = None,
    indicators=INDICATORS,
    panel: pd.DataFrame | None = None,
    plan=None,
) -> pd.DataFrame:
    """A region's standing among its province's cities and its peer group (`standing`), with the report's
    defaults: the project's panel and plan (`load_plan()`), whose region, peer group and target year stand in
    for those not given; `year="latest"` judges each indicator in its last ranked year."""
    plan = load_plan() if plan is None else plan
    panel = load_panel() if panel is None else panel
    region = plan.region if region is None else region_code(region)
    year = None if year == "latest" else int(year or plan.target_year)
    return standing(panel, region, list(indicators), _plan_group(group, plan), year)
