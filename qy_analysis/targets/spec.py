"""The targets registry: a plan's quantified targets in YAML, loaded into `Target` objects.

    targets = load_targets("data/targets/qingyuan_2013_2017.yaml")   # {id: Target}

A bad file is rejected with a message naming the file, the target and the field: unknown indicator or
kind, a missing field, a target year before the baseline year, a unit that is not the indicator's.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..reference import catalogue
from ..errors import DataError, IndicatorError

KINDS = ("level", "share", "count", "growth", "yearly_min", "monotone", "milestone")
_REQUIRED = {"level": ("indicator", "target.year", "target.value"),
             "share": ("indicator", "target.year", "target.value"),
             "count": ("indicator", "baseline.year", "baseline.value", "target.year", "target.value"),
             "growth": ("indicator", "baseline.year", "baseline.value", "target.year", "target.rate"),
             "yearly_min": ("indicator", "target.start", "target.end", "target.value"),
             "monotone": ("indicator", "target.start", "target.end"),
             "milestone": ()}


@dataclass(frozen=True)
class Target:
    id: str
    clause: str
    zh: str
    en: str
    kind: str
    region: str
    indicator: str | None = None
    unit: str | None = None
    baseline_year: int | None = None
    baseline_value: float | None = None
    year: int | None = None          # the year by which the target is due (end of the period)
    value: float | None = None       # the level, share or yearly minimum to reach
    rate: float | None = None        # % a year, for growth targets
    start: int | None = None         # first year of a yearly_min or monotone period
    note: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def measurable(self) -> bool:
        return self.kind != "milestone"

    def rule_years(self) -> list[int]:
        """The years whose values decide the target."""
        if self.kind == "growth":
            return [self.baseline_year, self.year]
        if self.kind == "yearly_min":
            return list(range(self.start, self.year + 1))
        if self.kind == "monotone":
            return list(range(self.start - 1, self.year + 1))
        return [self.year]

    def describe(self) -> str:
        """The rule in a few words, e.g. '>= 1500 件 in 2017'."""
        if self.kind == "growth":
            return f">= {self.rate:g}% a year, {self.baseline_year}-{self.year}"
        if self.kind == "yearly_min":
            return f">= {self.value:g} {self.unit} every year {self.start}-{self.year}"
        if self.kind == "monotone":
            return f"rises every year {self.start}-{self.year}"
        if self.kind == "milestone":
            return "milestone" + (f" by {self.year}" if self.year else "")
        return f">= {self.value:g} {self.unit} in {self.year}"


def _get(spec: dict, dotted: str):
    node = spec
    for part in dotted.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _target(spec, n: int, path: Path, region: str) -> Target:
    ident = spec.get("id", "?") if isinstance(spec, dict) else repr(spec)
    where = f"{path}, target {n} ({ident})"
    if not isinstance(spec, dict):
        raise DataError(f"{where}: expected a mapping")
    for field in ("id", "clause", "zh", "en", "kind"):
        if not spec.get(field):
            raise DataError(f"{where}: field {field!r} is missing")
    kind = spec["kind"]
    if kind not in KINDS:
        raise DataError(f"{where}: field 'kind': {kind!r}: expected one of {', '.join(KINDS)}")
    for field in _REQUIRED[kind]:
        if _get(spec, field) is None:
            raise DataError(f"{where}: field {field!r} is missing (required for kind {kind})")
    indicator, unit = spec.get("indicator"), spec.get("unit")
    if indicator:
        try:
            canonical = catalogue.get(indicator)
        except IndicatorError:
            raise DataError(f"{where}: field 'indicator': {indicator!r}: expected an id of the catalogue") from None
        expected_unit = "%" if kind == "growth" else canonical.unit
        if unit != expected_unit:
            raise DataError(f"{where}: field 'unit': {unit!r}: expected {expected_unit!r} (the unit of {indicator})")
    target, baseline = spec.get("target") or {}, spec.get("baseline") or {}
    year = target.get("year", target.get("end"))
    for field, value in (("target.year", year), ("target.start", target.get("start")),
                         ("baseline.year", baseline.get("year"))):
        if value is not None and not (isinstance(value, int) and 1949 <= value <= 2100):
            raise DataError(f"{where}: field {field!r}: {value!r}: expected a year")
    if baseline.get("year") and year and year <= baseline["year"]:
        raise DataError(f"{where}: field 'target.year': {year}: expected a year after the baseline year {baseline['year']}")
    if target.get("start") and year and target["start"] > year:
        raise DataError(f"{where}: field 'target.start': {target['start']}: expected a year up to the end {year}")
    for field in ("target.value", "target.rate", "baseline.value"):
        value = _get(spec, field)
        if value is not None and not isinstance(value, (int, float)):
            raise DataError(f"{where}: field {field!r}: {value!r}: expected a number")
    return Target(id=spec["id"], clause=spec["clause"], zh=spec["zh"], en=spec["en"], kind=kind,
                  region=str(spec.get("region", region)), indicator=indicator, unit=unit,
                  baseline_year=baseline.get("year"), baseline_value=baseline.get("value"), year=year,
                  value=target.get("value"), rate=target.get("rate"), start=target.get("start"),
                  note=" ".join(str(spec.get("note", "")).split()))


def load_targets(path) -> dict[str, Target]:
    """{id: Target} in file order; DataError naming file, target and field on any mistake."""
    path = Path(path)
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise DataError(f"{path}: cannot read the targets file ({err})") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("targets"), list):
        raise DataError(f"{path}: expected a mapping with 'plan' and a list 'targets'")
    region = str((doc.get("plan") or {}).get("region", ""))
    if not region:
        raise DataError(f"{path}: field 'plan.region' is missing; expected the region code the plan is for")
    targets = {}
    for n, spec in enumerate(doc["targets"], start=1):
        target = _target(spec, n, path, region)
        if target.id in targets:
            raise DataError(f"{path}, target {n} ({target.id}): field 'id': used twice; expected unique ids")
        targets[target.id] = target
    return targets


def load_plan(path) -> dict:
    """The plan's own header (id, names, region, base year)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["plan"]
