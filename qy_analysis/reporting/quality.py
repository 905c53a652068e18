"""What `qy clean` found for one region (notebook 01): coverage, conflicts, warnings and breaks."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..reference import catalogue
from ..reference import labels as i18n
from ..reference.numbers import format_number, year_spans


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"region_code": str}, keep_default_na=False, na_values={"value": [""]})


def region_report(processed: Path, region: str, indicators=None) -> dict[str, pd.DataFrame]:
    """{'coverage', 'conflicts', 'warnings' (counts by check), 'flags', 'gaps'} for one region."""
    out = {}
    for name in ("coverage", "conflicts", "warnings"):
        table = _read(Path(processed) / f"{name}.csv")
        table = table[table["region_code"] == region]
        if indicators:
            table = table[table["indicator"].isin(indicators)]
        out[name] = table.reset_index(drop=True)
    warnings = out.pop("warnings")
    out["warning_counts"] = warnings.groupby(["check", "indicator"]).size().rename("n").reset_index()
    out["flags"] = warnings[warnings["check"].isin(["suspect", "pre_break", "warn"])][
        ["check", "indicator", "year", "value", "detail"]
    ].reset_index(drop=True)
    out["gaps"] = warnings[warnings["check"] == "published_vs_derived"][["indicator", "year", "detail"]].reset_index(
        drop=True
    )
    out["coverage"] = out["coverage"][["indicator", "derived", "first", "last", "n_years", "years", "missing_inside"]]
    out["conflicts"] = out["conflicts"][["indicator", "year", "value", "source_id", "reliability", "others", "spread"]]
    return out


CHECKS = {
    "jump": ("跳变（超过50%）", "jump (over 50%)"),
    "pre_break": ("口径断点之前", "before a series break"),
    "suspect": ("可疑", "suspect"),
    "warn": ("提示", "warning"),
    "published_vs_derived": ("公布值与推算值不同", "published vs derived"),
    "repaired": ("已修复的单元格", "repaired cell"),
    "corrected": ("已更正的单元格", "corrected cell"),
}
RELIABILITY = {
    "final": "final",
    "official": "official",
    "preliminary": "preliminary",
    "third_party": "third_party",
    "mixed": "third_party",
    "unofficial": "third_party",
    "reports": "third_party",
}


def source_title(source_id: str, lang: str, raw_dir: Path | None = None) -> str:
    """A source as a reader knows it, from the sources registry's title: the Chinese title in zh, the English
    name in its brackets in en (the id where the title has none)."""
    from ..paths import project_path

    titles = _titles(str(raw_dir or project_path("data", "raw")))
    title = titles.get(source_id, source_id)
    chinese = any("\u4e00" <= c <= "\u9fff" for c in title)
    if lang == "zh":
        return title.split(" (")[0] if chinese else source_id
    bracket = re.search(r"\(([^()]*[A-Za-z][^()]*)\)", title)
    return bracket.group(1) if bracket else (title if not chinese else source_id)


@lru_cache(maxsize=4)
def _titles(raw_dir: str) -> dict[str, str]:
    table = pd.read_csv(Path(raw_dir) / "sources.csv", dtype=str, keep_default_na=False)
    return dict(zip(table["source_id"], table["title"]))


def _check(code: str, lang: str) -> str:
    kind = code.split(":")[0]
    return CHECKS[kind][i18n.LANGS.index(lang)] if kind in CHECKS else code


def _others(others: str, indicator: str, lang: str) -> str:
    """conflicts.csv's `others` ("source_id=value@file:row; ...") for people: each source's title and value;
    the file and row stay in the CSV."""
    unit = catalogue.get(indicator).unit
    shown = []
    for item in others.split("; "):
        source_id, _, rest = item.partition("=")
        value = rest.rpartition("@")[0]
        shown.append(f"{source_title(source_id, lang)} {format_number(float(value), unit)}")
    return ("；" if lang == "zh" else "; ").join(shown)


def _indicators(column: pd.Series, lang: str) -> list[str]:
    return [i18n.indicator_label(i, lang, with_unit=False) for i in column]


def report_for_people(
    report: dict[str, pd.DataFrame], panel: pd.DataFrame, region: str, lang: str
) -> dict[str, pd.DataFrame]:
    """`region_report` as notebook 01 shows it in `lang`: indicator names and check words instead of ids, one row
    per flagging rule with its years (the rule's reason in en; its id in zh, the reason being English text in
    cleaning_rules.yaml), published against derived values as numbers, headers in `lang`."""
    from .tables import headers

    out = {}
    conflicts = report["conflicts"].copy()
    conflicts["value"] = [
        format_number(v, catalogue.get(i).unit) for v, i in zip(conflicts["value"], conflicts["indicator"])
    ]
    conflicts["others"] = [_others(o, i, lang) for o, i in zip(conflicts["others"], conflicts["indicator"])]
    conflicts["indicator"] = _indicators(conflicts["indicator"], lang)
    conflicts["source_id"] = [source_title(s, lang) for s in conflicts["source_id"]]
    conflicts["reliability"] = [i18n.t(RELIABILITY.get(r, "third_party"), lang) for r in conflicts["reliability"]]
    conflicts["spread"] = [format_number(v * 100, places=1) + "%" for v in conflicts["spread"]]
    out["conflicts"] = conflicts
    flags = report["flags"]
    rows = []
    for (check, detail), group in flags.groupby(["check", "detail"], sort=False):  # one row per rule
        rule, _, reason = str(detail).partition(": ")
        names = [i18n.indicator_label(i, lang, with_unit=False) for i in dict.fromkeys(group["indicator"])]
        rows.append(
            {
                "check": _check(check, lang),
                "indicator": ("、" if lang == "zh" else "; ").join(names),
                "years": year_spans(sorted(set(group["year"])), "—" if lang == "zh" else "-", i18n.t("list_sep", lang)),
                "detail": rule if lang == "zh" or not reason else f"{rule}: {reason}",
            }
        )
    out["flags"] = pd.DataFrame(rows, columns=["check", "indicator", "years", "detail"])
    here = panel[panel["region_code"] == region]
    gaps = []
    for r in report["gaps"].itertuples():
        cell = here[(here["indicator"] == r.indicator) & (here["year"] == r.year)]
        published, derived = (cell.loc[cell["derived"] == d, "value"] for d in (False, True))
        if len(published) and len(derived):
            unit = catalogue.get(r.indicator).unit
            gaps.append(
                {
                    "indicator": i18n.indicator_label(r.indicator, lang),
                    "year": str(r.year),
                    "value": format_number(published.iloc[0], unit),
                    "derived": format_number(derived.iloc[0], unit),
                    "spread": format_number(published.iloc[0] - derived.iloc[0], unit, sign=True),
                }
            )
    out["gaps"] = pd.DataFrame(gaps, columns=["indicator", "year", "value", "derived", "spread"])
    counts = report["warning_counts"].copy()
    counts["check"] = [_check(c, lang) for c in counts["check"]]
    counts["indicator"] = _indicators(counts["indicator"], lang)
    out["warning_counts"] = counts
    return {name: headers(table, lang) for name, table in out.items()}
