"""Region names and aliases to official 6-digit administrative codes (GB/T 2260).

韶关 / 韶关市 / Shaoguan / 440200 / '　韶关巿 ' are one region. The table (reference/regions.csv)
holds the nation, the 31 provinces and Guangdong's 21 prefecture-level cities; `groups` marks the
five mountain-area cities (山区市) the plan compares Qingyuan with.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

import pandas as pd

from ..errors import RegionError
from .numbers import normalise_text


@lru_cache(maxsize=1)
def region_table() -> pd.DataFrame:
    """The region table, indexed by code (str)."""
    with resources.files(__package__).joinpath("regions.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    return table.set_index("code")


def alias_key(name) -> str:
    """How a region name is compared: NFKC, no spaces of any kind, 巿 (U+5DFF) read as 市, case-folded."""
    return normalise_text(name).replace(" ", "").replace("\u5dff", "市").casefold()


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, row in region_table().iterrows():
        names = [code, row.name_zh, row.short_zh, *row.name_en.split("|")]
        if row.level == "prefecture":
            names += [f"{row.name_en} City"]
        if row.level == "nation":
            names += ["中国", "全国合计", "National", "Nationwide"]
        for name in names:
            aliases.setdefault(alias_key(name), code)
    return aliases


@lru_cache(maxsize=4096)
def region_code(name) -> str:
    """Official code for a region name or alias; RegionError when unknown."""
    code = _aliases().get(alias_key(name))
    if code is None:
        raise RegionError(
            f"unknown region {name!r} (expected a province, 全国, or a Guangdong city, "
            f"by Chinese name, short name, English name or 6-digit code)"
        )
    return code


@cache
def region_name(code: str, lang: str = "zh") -> str:
    """Display name of a region code in Chinese (full name) or English."""
    row = region_table().loc[code]
    return row.name_zh if lang == "zh" else row.name_en.split("|")[0]


def regions_in_group(group: str) -> list[str]:
    """Codes of the regions tagged with `group` (e.g. 'mountain'), or of a level ('province')."""
    table = region_table()
    mask = table.groups.str.split("|").apply(lambda g: group in g) | (table.level == group)
    return sorted(table.index[mask])


def level_of(code: str) -> str:
    """The region's level from the region table; for codes it does not know, from the code's shape."""
    level = region_table()["level"].get(code)
    if isinstance(level, str):
        return level
    if code == "000000":
        return "nation"
    return "province" if re.fullmatch(r"\d{2}0000", code) else "prefecture"


def is_region_code(code) -> bool:
    """A code of the region table, or a well-formed 6-digit administrative code (GB/T 2260) under a province the
    table knows: a plan or panel of cities outside Guangdong (130100, 石家庄市) is accepted, 999999 is not."""
    code = str(code)
    if code in region_table().index:
        return True
    province = f"{code[:2]}0000"
    return bool(re.fullmatch(r"\d{6}", code)) and region_table()["level"].get(province) == "province"
