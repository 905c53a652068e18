"""The targets registry: a plan's quantified targets in YAML, loaded into `Target` objects.

    plan = load_plan()              # Plan: header + {id: Target}; the project's plan (DEFAULT_PLAN), or a path
    targets = load_targets(path)                               # {id: Target} alone

The header names the plan's region, base and target year, peer group, default scenario and headline
target, so that a second plan (another city, a province, the nation) needs a YAML file, not code.

A bad file is rejected with a message naming the file, the target and the field: unknown indicator or
kind, a missing field, a target year before the baseline year, a unit that is not the indicator's, a value
that is not a finite number (`true`, .nan, .inf) or is impossible for its indicator (a negative amount, a share
above 100, growth at or below -100%), a region the region table does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import DataError, IndicatorError
from ..inputs import finite_number, load_yaml
from ..paths import project_path
from ..reference import catalogue
from ..reference.regions import is_region_code, regions_in_group
from .rules import Rule, rule_for

KINDS = ("level", "share", "count", "growth", "yearly_min", "monotone", "milestone")
_REQUIRED = {
    "level": ("indicator", "target.year", "target.value"),
    "share": ("indicator", "target.year", "target.value"),
    "count": ("indicator", "baseline.year", "baseline.value", "target.year", "target.value"),
    "growth": ("indicator", "baseline.year", "baseline.value", "target.year", "target.rate"),
    "yearly_min": ("indicator", "target.start", "target.end", "target.value"),
    "monotone": ("indicator", "target.start", "target.end"),
    "milestone": (),
}


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
    year: int | None = None  # the year by which the target is due (end of the period)
    value: float | None = None  # the level, share or yearly minimum to reach
    rate: float | None = None  # % a year, for growth targets
    start: int | None = None  # first year of a yearly_min or monotone period
    note: str = ""  # English; note_zh says it in Chinese
    note_zh: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def measurable(self) -> bool:
        return self.kind != "milestone"

    @cached_property
    def rule(self) -> Rule:
        """The rule of this target's kind: required path, meets, breaks, outcome, describe."""
        return rule_for(self)


@dataclass(frozen=True)
class Plan:
    """A plan's header: what generic code and notebooks take their defaults from."""

    id: str
    zh: str
    en: str
    region: str  # region code the plan is for
    base_year: int  # the plan's baseline year: ex-ante views use data up to it
    target_year: int  # the year its targets are due
    peer_group: str | None  # a group of reference/regions.csv to compare the region with
    default_scenario: str | None  # a scenario file (project path)
    headline_target: str | None  # the target a notebook sweeps and charts first
    source_id: str | None
    path: Path
    targets: dict[str, Target] = field(repr=False, default_factory=dict)


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
    for key in ("id", "clause", "zh", "en", "kind"):
        if not spec.get(key):
            raise DataError(f"{where}: field {key!r} is missing")
    kind = spec["kind"]
    if kind not in KINDS:
        raise DataError(f"{where}: field 'kind': {kind!r}: expected one of {', '.join(KINDS)}")
    for key in _REQUIRED[kind]:
        if _get(spec, key) is None:
            raise DataError(f"{where}: field {key!r} is missing (required for kind {kind})")
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
    for key, value in (
        ("target.year", year),
        ("target.start", target.get("start")),
        ("baseline.year", baseline.get("year")),
    ):
        if value is not None and not (isinstance(value, int) and 1949 <= value <= 2100):
            raise DataError(f"{where}: field {key!r}: {value!r}: expected a year")
    if baseline.get("year") and year and year <= baseline["year"]:
        raise DataError(
            f"{where}: field 'target.year': {year}: expected a year after the baseline year {baseline['year']}"
        )
    if target.get("start") and year and target["start"] > year:
        raise DataError(f"{where}: field 'target.start': {target['start']}: expected a year up to the end {year}")
    low, high = _bounds(catalogue.get(indicator).kind) if indicator else (None, None)
    for key in ("target.value", "target.rate", "baseline.value"):
        value = _get(spec, key)
        if value is not None:
            bounded = key != "target.rate"  # a growth target's baseline is a level, bounded as its indicator
            finite_number(value, f"{where}: field {key!r}", low if bounded else -100.0, high if bounded else None)
            if not bounded and value <= -100:
                raise DataError(f"{where}: field {key!r}: {value!r}: expected growth above -100% a year")
    if "region" in spec:
        _known_region(spec["region"], f"{where}: field 'region'")
    return Target(
        id=spec["id"],
        clause=spec["clause"],
        zh=spec["zh"],
        en=spec["en"],
        kind=kind,
        region=str(spec.get("region", region)),
        indicator=indicator,
        unit=unit,
        baseline_year=baseline.get("year"),
        baseline_value=baseline.get("value"),
        year=year,
        value=target.get("value"),
        rate=target.get("rate"),
        start=target.get("start"),
        note=" ".join(str(spec.get("note", "")).split()),
        note_zh=str(spec.get("note_zh", "")).strip(),
    )


def _bounds(kind: str) -> tuple[float | None, float | None]:
    """The values an indicator of this kind can take: shares 0-100, amounts, counts, persons and indices
    not below 0; growth rates (kind 'rate') above -100."""
    return {"share": (0.0, 100.0), "rate": (-100.0, None)}.get(kind, (0.0, None))


def _known_region(region, where: str) -> str:
    code = str(region)
    if not is_region_code(code):
        raise DataError(
            f"{where}: {region!r}: expected a region code: one of reference/regions.csv (e.g. 441800) "
            "or a 6-digit administrative code under a known province (e.g. 130100)"
        )
    return code


def _read(path: Path) -> dict:
    doc = load_yaml(path, "targets")
    if not isinstance(doc, dict) or not isinstance(doc.get("targets"), list):
        raise DataError(f"{path}: expected a mapping with 'plan' and a list 'targets'")
    return doc


def load_targets(path) -> dict[str, Target]:
    """{id: Target} in file order; DataError naming file, target and field on any mistake."""
    path = Path(path)
    doc = _read(path)
    region = str((doc.get("plan") or {}).get("region", ""))
    if not region:
        raise DataError(f"{path}: field 'plan.region' is missing; expected the region code the plan is for")
    _known_region(region, f"{path}: field 'plan.region'")
    targets = {}
    for n, spec in enumerate(doc["targets"], start=1):
        target = _target(spec, n, path, region)
        if target.id in targets:
            raise DataError(f"{path}, target {n} ({target.id}): field 'id': used twice; expected unique ids")
        targets[target.id] = target
    return targets


DEFAULT_PLAN = ("data", "targets", "qingyuan_2013_2017.yaml")


def default_plan_path() -> Path:
    """The project's default plan file (the one plan path written in the library)."""
    return project_path(*DEFAULT_PLAN)


def load_plan(path=None) -> Plan:
    """The plan's header and its targets (default: the project's plan, DEFAULT_PLAN); DataError naming file
    and field on any mistake."""
    path = default_plan_path() if path is None else Path(path)
    header = _read(path).get("plan") or {}
    where = f"{path}: field 'plan."
    for name in ("id", "zh", "en", "base_year", "target_year"):
        if header.get(name) in (None, ""):
            raise DataError(f"{where}{name}' is missing; expected the plan's {name.replace('_', ' ')}")
    for name in ("base_year", "target_year"):
        if not isinstance(header[name], int):
            raise DataError(f"{where}{name}': {header[name]!r}: expected a year")
    if header["target_year"] <= header["base_year"]:
        raise DataError(f"{where}target_year': {header['target_year']}: expected a year after base_year")
    group = header.get("peer_group")
    if group is not None and not regions_in_group(group):
        raise DataError(f"{where}peer_group': {group!r}: expected a group or level of reference/regions.csv")
    targets = load_targets(path)
    headline = header.get("headline_target")
    if headline is not None and headline not in targets:
        raise DataError(f"{where}headline_target': {headline!r}: expected the id of one of its targets")
    return Plan(
        id=header["id"],
        zh=header["zh"],
        en=header["en"],
        region=str(header["region"]),
        base_year=header["base_year"],
        target_year=header["target_year"],
        peer_group=group,
        default_scenario=header.get("default_scenario"),
        headline_target=headline,
        source_id=header.get("source_id"),
        path=path,
        targets=targets,
    )
