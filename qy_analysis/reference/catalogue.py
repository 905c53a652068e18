"""The indicator catalogue: id, zh/en names, canonical unit, kind, and the aliases sources use.

Every reader's indicator name is mapped here; a name that matches nothing is an error, not a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..errors import IndicatorError
from .numbers import normalise_text
from .units import parse_unit

KINDS = ("amount", "count", "persons", "share", "rate", "index")
_KIND_DIMENSIONS = {
    "amount": {"yuan"},
    "count": {"count"},
    "persons": {"persons"},
    "share": {"percent"},
    "rate": {"percent", "growth"},
    "index": {"index"},
}


@dataclass(frozen=True)
class Indicator:
    id: str
    zh: str
    en: str
    unit: str
    kind: str
    aliases: tuple[str, ...] = ()
    growth: str | None = None
    derive_growth: bool = False
    derived: dict | None = field(default=None, hash=False)
    note: str = ""

    def name(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def accepts_dimension(self, dimension: str) -> bool:
        return dimension in _KIND_DIMENSIONS[self.kind]


def name_key(name) -> str:
    """How indicator names are compared: NFKC, no spaces, no slashes' padding, case-folded."""
    text = normalise_text(name).replace("（", "(").replace("）", ")")
    return re.sub(r"\s+", "", text).casefold()


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Indicator]:
    """All indicators by id, from qy_analysis/reference/indicators.yaml."""
    with resources.files(__package__).joinpath("indicators.yaml").open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    result = {}
    for ind_id, spec in raw.items():
        indicator = Indicator(
            id=ind_id,
            zh=spec["zh"],
            en=spec["en"],
            unit=spec["unit"],
            kind=spec["kind"],
            aliases=tuple(spec.get("aliases", ())),
            growth=spec.get("growth"),
            derive_growth=bool(spec.get("derive_growth", False)),
            derived=spec.get("derived"),
            note=spec.get("note", ""),
        )
        if indicator.kind not in KINDS:
            raise ValueError(f"indicators.yaml: {ind_id}: kind {indicator.kind!r} not one of {KINDS}")
        if not indicator.accepts_dimension(parse_unit(indicator.unit)[0]):
            raise ValueError(f"indicators.yaml: {ind_id}: unit {indicator.unit!r} does not fit kind {indicator.kind}")
        result[ind_id] = indicator
    for indicator in list(result.values()):
        if indicator.kind in ("amount", "count", "persons") and not indicator.growth:
            growth = f"{indicator.id}_growth"
            result.setdefault(
                growth,
                Indicator(
                    id=growth,
                    zh=f"{indicator.zh}增长率",
                    en=f"{indicator.en}, year-on-year growth",
                    unit="%",
                    kind="rate",
                    aliases=tuple(f"{a}_growth" for a in indicator.aliases if a.isidentifier()),
                    note=f"Published growth of {indicator.id}; derived=True rows are computed from its levels.",
                ),
            )
    return result


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    table: dict[str, str] = {}
    for indicator in catalogue().values():
        for name in (indicator.id, indicator.zh, indicator.en, *indicator.aliases):
            key = name_key(name)
            if table.setdefault(key, indicator.id) != indicator.id:
                raise ValueError(f"indicators.yaml: alias {name!r} names both {table[key]} and {indicator.id}")
    return table


def indicator_id(name) -> str:
    """Catalogue id for a source's indicator name.

    A yearbook header path such as '地方一般公共预算支出 / 科学技术支出' is tried whole, then by its
    trailing parts ('科学技术支出'), so sub-items resolve without ambiguous one-word aliases.
    """
    parts = [p for p in re.split(r"\s*/\s*", normalise_text(name)) if p]
    aliases = _aliases()
    for start in range(len(parts)):
        key = name_key("/".join(parts[start:]))
        if key in aliases:
            return aliases[key]
    raise IndicatorError(f"unknown indicator {name!r} (not in the catalogue, qy_analysis/reference/indicators.yaml)")


def get(ind_id: str) -> Indicator:
    try:
        return catalogue()[ind_id]
    except KeyError:
        raise IndicatorError(f"unknown indicator id {ind_id!r}") from None


def growth_id(ind_id: str) -> str:
    """The indicator a published '%yoy' figure of `ind_id` belongs to."""
    indicator = get(ind_id)
    if indicator.kind == "rate":
        return ind_id
    return indicator.growth or f"{ind_id}_growth"
