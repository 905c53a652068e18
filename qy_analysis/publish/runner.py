"""`qy run`: execute the notebooks unattended with papermill and publish reports/<run-name>/.

A run config (YAML) names the run, its language, its notebooks with one or more parameter sets each, and the
targets file its scorecards assess:

    name: default
    lang: zh
    jobs: 2
    scorecard: {targets: data/targets/qingyuan_2013_2017.yaml, region: 441800}
    notebooks:
      - notebook: notebooks/03_target_reachability.ipynb
        parameters: [{as_of: 2012}, {as_of: null}]

Everything is checked (parameters, scorecard spec, output folder) before any kernel starts. The folder then
receives each notebook's .ipynb and offline .html (jobs.py, execution.py, html_export.py), the scorecards
(scorecards.py), index.html / index.md (reporting/report_index.py) and manifest.json (manifest.py), and nothing
else (folders.py). The exit status is 0 when every notebook succeeded, 1 otherwise, 130 when interrupted.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ParameterError
from ..ingest.checks import check_run_config
from ..inputs import load_yaml
from ..io import write_files_atomically
from ..paths import project_path
from ..reporting import report_index
from ..reporting.notebook import check_params
from . import folders, manifest, scorecards
from .execution import Interrupted, dispatch
from .jobs import Job, plan_jobs

DEFAULT_CONFIG = "notebooks/run_default.yaml"
INDEX_FILES = ("index.html", "index.md")


def _config_path(path: Path | str) -> Path:
    return Path(path) if Path(path).is_absolute() else project_path(path)


def _shown(path: Path) -> str:
    """A path as the manifest records it: relative to the project when inside it."""
    return str(path.relative_to(project_path())) if path.is_relative_to(project_path()) else str(path)


def run(
    config_path: Path | str = DEFAULT_CONFIG,
    only: str | None = None,
    overrides: dict | None = None,
    jobs: int | None = None,
    output: Path | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    with_code: bool = False,
    keep: int = folders.KEEP,
    echo=print,
) -> int:
    """Execute a run config; returns the exit status (0 all ok, 1 if any notebook failed, 130 interrupted).
    An --only run without `output` writes <name>-partial; `keep` earlier runs of the folder are kept."""
    config_path = _config_path(config_path)
    config = check_run_config(load_yaml(config_path, "run config"), config_path)
    name = config.get("name") or config_path.stem
    lang = check_params(lang=(overrides or {}).get("lang") or config.get("lang") or "zh")["lang"]
    jobs = (
        _count("--jobs", jobs, 1) if jobs is not None else _count(f"{config_path.name}: jobs", config.get("jobs", 1), 1)
    )
    keep = _count("--keep", keep, minimum=0)
    folder = folders.run_folder(name, output, partial=bool(only))
    planned = plan_jobs(config, folder, only, overrides)
    spec = config.get("scorecard")
    plan = None
    if spec:
        from ..targets.spec import load_plan

        plan = load_plan(scorecards.check_spec(spec)["targets"])
    for job in planned:
        job.lang = job.effective().get("lang", lang)
        job.title = report_index.report_title(job.notebook.stem, job.parameters, job.lang)
        job.with_code = with_code
    held = folders.lock(folder)  # released when this process ends, however it ends
    try:
        previous = folders.prepare(folder, echo)
    except BaseException:
        held.close()
        raise
    started = datetime.now(UTC).isoformat(timespec="seconds")
    state = {
        "run": name,
        "status": "running",
        "lang": lang,
        "started": started,
        "config": _shown(config_path),
        "executor": executor,
        "jobs_in_parallel": jobs,
        **manifest.data_facts(),
        "versions": manifest.versions(),
        "seconds": 0.0,
        "scorecards": [],
        "notebooks": [],
        "files": [],
    }
    progress = Progress(planned, previous, jobs, echo)
    echo(f"qy run {name}: {len(planned)} notebook run(s), {jobs} at a time -> {folder}")
    _save(folder, state, planned, progress)
    cards = Scorecards(spec, plan, planned, lang) if spec else None
    try:
        if cards:
            cards.start()
        dispatch(
            planned,
            jobs,
            executor,
            scheduler,
            priority=progress.before,
            on_done=lambda job: (progress.done(job), _save(folder, state, planned, progress)),
        )
        if cards:
            state["scorecards"] = cards.write(folder, state)
        if plan is not None:
            state["explorer"] = _write_explorer(folder, plan, lang, echo)
        state["status"] = "complete" if all(job.status == "ok" for job in planned) else "failed"
    except Interrupted as signal_name:
        state["status"] = "interrupted"
        echo(f"interrupted by {signal_name}: the manifest and index say so")
    except OSError as err:  # disk full, folder removed: the run's own failure, said in one line
        state["status"], state["error"] = "failed", f"{type(err).__name__}: {err}"
    except Exception:  # not a notebook's failure (those are caught per job): the run's own, recorded, then shown
        state["status"] = "failed"
        raise
    finally:
        try:
            _save(folder, state, planned, progress, final=True)
        except OSError as err:
            state["status"], state["error"] = "failed", f"{type(err).__name__}: {err}"
            _save_manifest_only(folder, state)
        folders.prune(folder, keep if state["status"] == "complete" else max(keep, 1), echo)  # a failed run keeps
        held.close()  # the last good one
    failed = [job for job in planned if job.status != "ok"]
    echo(f"{state['status']} in {state['seconds']:.1f} s: {len(planned) - len(failed)} ok, {len(failed)} not ok")
    for job in failed:
        echo(f"  {job.status.upper()} {job.label}: {job.error or 'not run'}")
    if state.get("scorecard_error"):
        echo(f"  scorecard not written: {state['scorecard_error']}")
    if state.get("error"):
        echo(f"  the run could not write its reports: {state['error']}")
    return {"complete": 0, "interrupted": 130}.get(state["status"], 1)


class Progress:
    """One console line per finished notebook: its time, the run's elapsed time and the expected time left
    (from the previous run of the same folder when there was one, else from the notebooks done so far)."""

    def __init__(self, planned: list[Job], previous: dict | None, parallel: int, echo):
        self.planned, self.parallel, self.echo = planned, max(1, parallel), echo
        self.before = {
            j["output"]: j["seconds"] for j in (previous or {}).get("notebooks", []) if j.get("status") == "ok"
        }
        self.started, self.finished = time.perf_counter(), []

    def elapsed(self) -> float:
        return round(time.perf_counter() - self.started, 2)

    def done(self, job: Job) -> None:
        self.finished.append(job)
        left = [j for j in self.planned if j.output not in {f.output for f in self.finished}]
        mean = sum(j.seconds for j in self.finished) / len(self.finished)
        to_go = sum(self.before.get(j.output.name, mean) for j in left) / self.parallel
        self.echo(
            f"[{len(self.finished)}/{len(self.planned)}] {job.status:6} {job.seconds:6.1f} s  {job.label}"
            f"  | elapsed {self.elapsed():.0f} s"
            + (f", about {to_go:.0f} s to go" if left else "")
            + (f"  -- {job.error}" if job.error else "")
        )


class Scorecards(threading.Thread):
    """Builds the scorecards the parameter sets ask for while the notebooks run (a daemon thread of the parent:
    an interrupted run does not wait for it), then writes them; the ones in the run's language go on the index."""

    def __init__(self, spec: dict, plan: dict, planned: list[Job], lang: str):
        super().__init__(daemon=True)
        self.checked = scorecards.check_spec(spec)
        self.spec, self.plan, self.lang = spec, plan, lang
        self.views = scorecards.views(planned, self.checked, plan, lang)
        self.assessed, self.error = {}, ""

    def run(self) -> None:
        try:
            self.assessed = scorecards.build(self.spec, self.views)
        except Exception as err:  # reported like a failed notebook, the run's other outputs stay
            self.error = f"{type(err).__name__}: {err}"

    def write(self, folder: Path, state: dict) -> list[str]:
        self.join()
        if self.error:
            state["scorecard_error"] = self.error
            return []
        files, state["_cards"] = scorecards.write(self.assessed, folder, self.lang)
        state["_plan"] = self.plan
        state["_region"] = state["_cards"][0]["region"] if state["_cards"] else self.checked.get("region")
        return files


def _write_explorer(folder: Path, plan, lang: str, echo) -> str | None:
    """explorer.html: the plan's headline target over a precomputed grid of its drivers (reporting/explorer_page.py);
    None when the plan names no default scenario or its scenario cannot be built (said on the console)."""
    from ..cleaning.panel import load_panel
    from ..errors import QyError
    from ..reporting import explorer_page

    try:
        page = explorer_page.build(plan, load_panel(project_path("data/processed/panel.csv")), lang)
    except QyError as err:
        echo(f"  explorer page not written: {err}")
        return None
    if page:
        write_files_atomically({folder / explorer_page.FILE: page})
    return explorer_page.FILE if page else None


def _count(option: str, value, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ParameterError(f"{option} {value!r}: expected a whole number of at least {minimum}")
    return value


def _save(folder: Path, state: dict, planned: list[Job], progress: Progress, final: bool = False) -> None:
    """Rewrite manifest.json (and, at the end, the index pages) from the run's state."""
    state["seconds"] = progress.elapsed()
    state["notebooks"] = [manifest.job_entry(job) for job in planned]
    if state.get("scorecard_error") and state["status"] == "complete":
        state["status"] = "failed"
    if final:
        page = report_index.page_data(
            state, state.get("_cards", []), state.get("_plan"), state.get("_region"), state["lang"]
        )
        write_files_atomically(
            {
                folder / "index.html": report_index.index_html(page),
                folder / "index.md": report_index.index_markdown(page),
            }
        )
    state["files"] = manifest.files_written(
        folder, planned, [*state["scorecards"], *INDEX_FILES, *filter(None, [state.get("explorer")])]
    )
    manifest.write(folder, {k: v for k, v in state.items() if not k.startswith("_")})


def _save_manifest_only(folder: Path, state: dict) -> None:
    """The manifest alone (a few kB: what still fits when the disk filled up writing the pages)."""
    try:
        manifest.write(folder, {k: v for k, v in state.items() if not k.startswith("_")})
    except OSError:
        pass  # the status line on the console says what happened
