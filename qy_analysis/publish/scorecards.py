"""The run's scorecards: one per region, as-of year and language its parameter sets ask for.

Each job names a view through its effective parameters (region, as_of, lang; the config's `scorecard`
spec fills what a notebook does not take, the plan's base year stands for as_of None). Each region and
as-of year is assessed once (ex-ante: data up to as_of; ex-post: latest data; `build`) and written in every
language asked for: scorecard*.csv holds every column with language-neutral codes (`targets.assessment.scorecard_rows`,
the schema `qy assess --format csv` prints), scorecard*.md
and the index page the compact table of `reporting.tables.index_scorecard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..io import frame_to_csv_text, write_files_atomically
from ..paths import project_path
from ..reference.labels import region_label
from ..reporting.notebook import check_params
from ..reporting.tables import index_scorecard
from ..targets.assessment import scorecard_rows

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

        raise DataError(
            "run config: scorecard: field 'targets' missing; expected a targets file like "
            "data/targets/qingyuan_2013_2017.yaml"
        )
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


def file_stem(view: View, all_views: list[View]) -> str:
    """scorecard when the run has one view; otherwise named by what differs between its views."""
    varying = [k for k in ("region", "as_of", "lang") if len({getattr(v, k) for v in all_views}) > 1]
    if not varying:
        return "scorecard"
    from ..reference.regions import region_name

    parts = {"region": region_name(view.region, "zh"), "as_of": view.as_of, "lang": view.lang}
    return "scorecard__" + "_".join(f"{k}-{parts[k]}" for k in varying)


def build(spec: dict, all_views: list[View]) -> dict[View, tuple[list, list]]:
    """The assessments of every view: (ex-ante as of its year, ex-post with the latest data), one per target in
    target order; each region and as-of year is assessed once."""
    from ..cleaning.panel import load_panel
    from ..forecasting.calibration import load_calibration
    from ..targets.assessment import assess
    from ..targets.spec import load_targets

    checked = check_spec(spec)
    targets = load_targets(checked["targets"])
    panel = load_panel(project_path("data/processed/panel.csv"))
    options = {k: checked[k] for k in ASSESS_OPTIONS if k in checked} | {"calibration": load_calibration()}
    assessed = {}
    for view in all_views:
        key = (view.region, view.as_of)
        if key not in assessed:
            assessed[key] = tuple(
                [assess(t, panel, as_of=year, region=view.region, **options) for t in targets.values()]
                for year in (view.as_of, None)
            )
    return {view: assessed[(view.region, view.as_of)] for view in all_views}


def write(assessed: dict[View, tuple[list, list]], output: Path, run_lang: str) -> tuple[list[str], list[dict]]:
    """scorecard*.csv (every column) and scorecard*.md (the compact table) of each view. Returns the file names
    and, for the index page, the compact tables in the run's language with their region, as-of year and CSV."""
    from ..reporting.report_index import scorecard_markdown

    files, cards = {}, []
    for view, (before, after) in assessed.items():
        stem = file_stem(view, list(assessed))
        card = index_scorecard(before, after, view.lang)
        files[output / f"{stem}.csv"] = frame_to_csv_text(scorecard_rows(before, after), float_format="%.6g")
        files[output / f"{stem}.md"] = scorecard_markdown(
            card, region_label(view.region, view.lang), view.as_of, view.lang
        )
        if view.lang == run_lang:
            cards.append({"card": card, "region": view.region, "as_of": view.as_of, "csv": f"{stem}.csv"})
    write_files_atomically(files)
    return sorted(path.name for path in files), cards
