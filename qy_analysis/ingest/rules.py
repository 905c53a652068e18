"""Cleaning rules: every exclusion, flag or reliability call on a published figure, with its reason.

Figures in data/raw/ are never edited. A rule matches raw records by regular expressions on their
fields (file, region, year, indicator, value, unit, note, source_key) and says what to do:
  exclude      drop from the panel (listed in excluded.csv with the reason);
  suspect      keep in the panel, flagged; forecasts and backtests leave it out;
  pre_break    keep, flagged as before a series break; models use only the later, comparable years;
  warn         keep and use, but report the reason in warnings.csv;
  reliability  set the record's reliability class, which decides conflicts between sources;
  correct      replace one cell's value (file, cell, expected text, value; see corrections.py).
A rule that matches nothing is reported, so stale rules do not linger.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..inputs import load_yaml

ACTIONS = ("exclude", "suspect", "pre_break", "warn", "reliability", "correct")
FIELDS = ("file", "region", "year", "indicator", "value", "unit", "note", "source_key", "source_ref")
RELIABILITY_PRIORITY = {"final": 1, "official": 2, "mixed": 3, "preliminary": 4, "third_party": 5, "unofficial": 6}


@dataclass(frozen=True)
class Rule:
    id: str
    match: dict
    action: str
    reason: str
    reliability: str | None = None

    def mask(self, fields: dict[str, pd.Series], index: pd.Index) -> pd.Series:
        """Which records (rows `index` of the text `fields`) the rule matches; each distinct text is tested once."""
        mask = pd.Series(True, index=index)
        for field, pattern in self.match.items():
            regex = re.compile(pattern)
            column = fields[field].loc[index]
            hits = {text: regex.search(text) is not None for text in column.unique()}
            mask &= column.map(hits).astype(bool)
        return mask


def read_rules_file(path: Path) -> list:
    """The entries of a rules file, parsed once for the rules and the corrections it holds (DataError for a file
    that is not a YAML list, tabs and bad encoding named)."""
    entries = load_yaml(path, "cleaning rules") or []
    if not isinstance(entries, list):
        raise DataError(f"{path}: {type(entries).__name__} at the top; expected a list of rules")
    return entries


def load_rules(path: Path, entries: list | None = None) -> list[Rule]:
    """Check the rules of a rules file (read from `path` unless its `entries` are given); DataError naming the
    rule and field on any mistake."""
    path = Path(path)
    raw = read_rules_file(path) if entries is None else entries
    rules, seen = [], set()
    for n, spec in enumerate(raw, start=1):
        ident = spec.get("id", "?") if isinstance(spec, dict) else repr(spec)
        where = f"{path}, rule {n} ({ident})"
        if not isinstance(spec, dict):
            raise DataError(f"{where}: expected a mapping with id, match, action, reason")
        for key in ("id", "action", "reason") + (() if spec.get("action") == "correct" else ("match",)):
            if not spec.get(key):
                raise DataError(f"{where}: field {key!r} is missing; expected id, match, action, reason")
        if spec["id"] in seen:
            raise DataError(f"{where}: field 'id': {spec['id']!r} is used twice; expected unique ids")
        seen.add(spec["id"])
        if spec["action"] == "correct":
            continue  # a cell correction (see corrections.py), checked there
        if spec["action"] not in ACTIONS:
            raise DataError(f"{where}: field 'action': {spec['action']!r}; expected one of {', '.join(ACTIONS)}")
        unknown = set(spec["match"]) - set(FIELDS)
        if unknown:
            raise DataError(f"{where}: field 'match': unknown keys {sorted(unknown)}; expected some of {FIELDS}")
        for field, pattern in spec["match"].items():
            try:
                re.compile(str(pattern))
            except re.error as err:
                raise DataError(f"{where}: match.{field}: {pattern!r} is not a regular expression ({err})") from None
        if spec["action"] == "reliability" and spec.get("reliability") not in RELIABILITY_PRIORITY:
            raise DataError(
                f"{where}: field 'reliability': {spec.get('reliability')!r}; expected one of "
                f"{', '.join(RELIABILITY_PRIORITY)}"
            )
        rules.append(
            Rule(
                spec["id"],
                {k: str(v) for k, v in spec["match"].items()},
                spec["action"],
                " ".join(str(spec["reason"]).split()),
                spec.get("reliability"),
            )
        )
    return rules


def apply_rules(records: pd.DataFrame, rules: list[Rule]) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Return (kept records with `flags`, `reliability` and `warn` columns, excluded records, unused rule ids)."""
    records = records.copy(deep=False)  # copy-on-write: only the columns set below are new
    records["flags"] = ""
    records["warn"] = ""
    records["reliability"] = None
    excluded_parts, unused = [], []
    fields = {f: records[f].fillna("").astype(str) for f in {f for rule in rules for f in rule.match}}
    if "file" in fields:
        fields["file"] = fields["file"].map({f: Path(f).name for f in fields["file"].unique()})
    for rule in rules:
        mask = rule.mask(fields, records.index)
        if not mask.any():
            unused.append(rule.id)
            continue
        if rule.action == "exclude":
            part = records[mask].copy()
            part["rule"], part["reason"] = rule.id, rule.reason
            excluded_parts.append(part)
            records = records[~mask]
        elif rule.action in ("suspect", "pre_break"):
            records.loc[mask, "flags"] = records.loc[mask, "flags"].map(
                lambda f, rule=rule: ";".join(filter(None, [f, f"{rule.action}:{rule.id}"]))
            )
        elif rule.action == "warn":
            records.loc[mask, "warn"] = records.loc[mask, "warn"].map(
                lambda w, rule=rule: ";".join(filter(None, [w, rule.id]))
            )
        else:
            records.loc[mask & records["reliability"].isna(), "reliability"] = rule.reliability
    excluded = pd.concat(excluded_parts) if excluded_parts else records.iloc[0:0].copy().assign(rule="", reason="")
    return records, excluded, unused
