"""The run's scorecards: one per region, as-of year and language its parameter sets ask for.

Each job names a view through its effective parameters (region, as_of, lang; the config's `scorecard`
spec fills what a notebook does not take, the plan's base year stands for as_of None). Each region and
as-of year is assessed once (ex-ante: data up to as_of; ex-post: latest data) and written in every
language asked for; `assess_views` is the single place that calls the assessment.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..io import frame_to_csv_text, write_files_atomically
from ..reporting.notebook import check_params
from ..paths import project_path

ASSESS_OPTIONS = ("method", "n_paths", "seed")  # scorecard spec keys passed on to the assessment


@dataclass(frozen=True)
class View:
    region: str  # region code
    as_of: int
    lang: str


def check_spec(spec: dict) -> dict:
    """The config's scorecard spec, checked before any kernel starts (targets file, region, options)."""
    if "targets" not in spec:
        from ..errors import DataError
        raise DataError("run config: scorecard: field 'targets' missing; expected a targets file like "
                        "data/targets/qingyuan_2013_2017.yaml")
    return check_params(**{k: v for k, v in spec.items() if k in ("targets", "region", *ASSESS_OPTIONS, "lang")})


def views(jobs, spec: dict, plan, run_lang: str) -> list[View]:
    """Distinct views the jobs ask for, plus each region/as-of in the run's language (for the index).
    A job's region and as_of, else the spec's region, else the plan's region and base year."""
    found = []
    for job in jobs:
        values = job.effective()
        region = check_params(region=values.get("region") or spec.get("region") or plan.region)["region"]
        as_of = values.get("as_of") or plan.base_year
        for view in (View(region, as_of, values.get("lang", run_lang)), View(region, as_of, run_lang)):
            if view not in found:
                found.append(view)
    return found


def assess_views(targets_path: Path, region: str, as_of: int, options: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(ex-ante as of `as_of`, ex-post with the latest data): one row per target, in target order."""
    from ..cleaning.panel import load_panel
    from ..targets.assessment import scorecard
    from ..targets.spec import load_targets

    targets = load_targets(targets_path)
    panel = load_panel(project_path("data/processed/panel.csv"))
    return (scorecard(targets, panel, as_of=as_of, region=region, **options),
            scorecard(targets, panel, as_of=None, region=region, **options))


def review_table(before: pd.DataFrame, latest: pd.DataFrame, targets: dict, as_of: int, lang: str) -> pd.DataFrame:
    """Every column of both views side by side (suffixes _<as_of> and _latest), the target text in `lang`,
    and the gap: the outcome (or, while the target is still open, the latest value) minus what was asked."""
    asked = [t.rate if t.kind == "growth" else t.value if t.kind in ("level", "share", "count") else None
             for t in targets.values()]
    front = before[["target_id", "clause", "kind", "indicator", "unit", "rule"]].copy()
    front.insert(2, "text", [targets[i].text(lang) for i in before.target_id])
    front["asked"] = asked
    skip = list(front.columns) + ["text", "as_of"]
    ex_ante = before.drop(columns=[c for c in skip if c in before]).add_suffix(f"_{as_of}")
    ex_post = latest.drop(columns=[c for c in skip if c in latest]).add_suffix("_latest")
    table = pd.concat([front, ex_ante, ex_post], axis=1)
    pending = table["status_latest"].isin(["on track", "at risk", "off track"]) & (table["kind"] != "growth")
    reached = table["outcome_latest"].where(table["outcome_latest"].notna(), table["last_value_latest"].where(pending))
    table["gap"] = reached - table["asked"]
    return table


def file_stem(view: View, all_views: list[View]) -> str:
    """scorecard when the run has one view; otherwise named by what differs between its views."""
    varying = [k for k in ("region", "as_of", "lang") if len({getattr(v, k) for v in all_views}) > 1]
    if not varying:
        return "scorecard"
    from ..reference.regions import region_name
    parts = {"region": region_name(view.region, "zh"), "as_of": view.as_of, "lang": view.lang}
    return "scorecard__" + "_".join(f"{k}-{parts[k]}" for k in varying)


def build(spec: dict, all_views: list[View]) -> dict[View, pd.DataFrame]:
    """The review table of every view; each region and as-of year is assessed once."""
    from ..targets.spec import load_targets

    checked = check_spec(spec)
    targets = load_targets(checked["targets"])
    options = {k: checked[k] for k in ASSESS_OPTIONS if k in checked}
    assessed, tables = {}, {}
    for view in all_views:
        key = (view.region, view.as_of)
        if key not in assessed:
            assessed[key] = assess_views(checked["targets"], view.region, view.as_of, options)
        tables[view] = review_table(*assessed[key], targets, view.as_of, view.lang)
    return tables


def write(tables: dict[View, pd.DataFrame], output: Path, markdown) -> list[str]:
    """scorecard*.csv (every column) and scorecard*.md (`markdown(view, table)`, the compact table); file names."""
    files = {}
    for view, table in tables.items():
        stem = file_stem(view, list(tables))
        files[output / f"{stem}.csv"] = frame_to_csv_text(table, float_format="%.6g")
        files[output / f"{stem}.md"] = markdown(view, table)
    write_files_atomically(files)
    return sorted(path.name for path in files)
