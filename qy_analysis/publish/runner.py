"""`qy run`: execute the notebooks unattended with papermill and publish reports/<run-name>/.

A run config (YAML) names the run, its notebooks and one or more parameter sets each, and what the
scorecard covers:

    name: default
    scorecard: {targets: data/targets/qingyuan_2013_2017.yaml, region: 441800}
    notebooks:
      - notebook: notebooks/03_target_reachability.ipynb
        parameters: [{as_of: 2012}, {as_of: null}]

Every job's parameters are checked against the notebook's `parameters` cell (names, types) and the
project's rules (notebook.py) before any kernel starts. A notebook that fails keeps its executed copy
with the error visible; the others still run; the exit status says so. Output folder:
  <notebook>[__<params>].ipynb and .html (images embedded), scorecard.csv / scorecard.md, manifest.json.
"""
from __future__ import annotations

import ast
import hashlib
import json
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path


from ..errors import DataError, ParameterError
from ..ingest.checks import check_run_config, load_yaml
from ..io import frame_to_csv_text, write_files_atomically
from ..reporting.notebook import check_params, declared_type, fits, type_text
from ..paths import project_path

DEFAULT_CONFIG = "notebooks/run_default.yaml"
PACKAGES = ("qy-analysis", "pandas", "numpy", "statsmodels", "matplotlib", "seaborn", "papermill", "nbconvert")


@dataclass
class Job:
    notebook: Path
    parameters: dict
    output: Path
    status: str = "pending"
    seconds: float = 0.0
    error: str = ""
    label: str = ""
    declared: list[str] = field(default_factory=list)  # the notebook's parameter names


def _slug(params: dict) -> str:
    text = "_".join(f"{k}-{v}" for k, v in sorted(params.items()))
    return re.sub(r"[^\w.-]+", "", text.replace(" ", ""))[:80]


def notebook_parameters(path: Path) -> dict:
    """{name: (declared type, default as written)} from the notebook's `parameters` cell, as papermill reads
    it (`name: type = default  # help`); DataError when the cell is missing or a parameter has no type."""
    import papermill

    found = papermill.inspect_notebook(str(path))
    if not found:
        raise DataError(f"{path}: no cell tagged 'parameters'; expected one holding `name: type = default  # help`")
    untyped = [name for name, info in found.items() if info["inferred_type_name"] == "None"]
    if untyped:
        raise DataError(f"{path}: parameters {', '.join(untyped)} declare no type; expected `name: type = default"
                        f"  # help`, e.g. `as_of: Optional[int] = 2012`")
    return {name: (info["inferred_type_name"], info["default"]) for name, info in found.items()}


def _literal(text: str):
    """A parameters-cell default, as Python reads it ('None', '2012', '["a", "b"]')."""
    return ast.literal_eval(text)


def check_job(notebook: Path, params: dict, declared: dict | None = None) -> None:
    """ParameterError naming the notebook, the parameter, the value and the type its parameters cell declares
    (a default of None included); then the project's rules on values (notebook.check_params)."""
    declared = declared or notebook_parameters(notebook)
    try:
        for name, value in params.items():
            if name not in declared:
                raise ParameterError(f"unknown parameter {name!r}; it takes {', '.join(declared)}")
            kind = declared_type(declared[name][0])
            if not fits(value, kind):
                raise ParameterError(f"parameter {name!r}: {value!r} is a {type(value).__name__}; "
                                     f"expected {type_text(kind)} (declared `{name}: {declared[name][0]}`)")
        check_params(**{name: _literal(default) for name, (_, default) in declared.items()} | params)
    except ParameterError as err:
        raise ParameterError(f"{notebook.name}: {err}") from None


def plan_jobs(config: dict, output: Path, only: str | None = None, overrides: dict | None = None) -> list[Job]:
    jobs = []
    for entry in config.get("notebooks") or []:
        notebook = project_path(entry["notebook"])
        if not notebook.exists():
            raise DataError(f"run config: notebook {entry['notebook']!r} not found")
        if only and not notebook.stem.startswith(only) and only not in notebook.stem:
            continue
        declared = notebook_parameters(notebook)
        for params in entry.get("parameters") or [{}]:
            params = dict(params) | {k: v for k, v in (overrides or {}).items() if k in declared}
            check_job(notebook, params, declared)
            stem = notebook.stem + (f"__{_slug(params)}" if params else "")
            jobs.append(Job(notebook, params, output / f"{stem}.ipynb",
                            label=f"{notebook.stem} {params if params else ''}".strip(), declared=list(declared)))
    if not jobs:
        raise DataError(f"run config: no notebook matches --only {only!r}" if only else "run config: no notebooks")
    unused = set(overrides or {}) - {k for job in jobs for k in job.declared}
    if unused:
        raise ParameterError(f"-p {', '.join(sorted(unused))}: no selected notebook takes this parameter")
    return jobs


def execute_job(job: Job) -> Job:
    """Run one notebook with papermill (its own kernel process), then export HTML with images embedded."""
    import papermill

    start = time.perf_counter()
    try:
        papermill.execute_notebook(str(job.notebook), str(job.output), parameters=job.parameters,
                                   cwd=str(project_path()), progress_bar=False, kernel_name="python3")
        job.status = "ok"
    except Exception as err:  # the executed copy with the error stays on disk; the run goes on
        job.status, job.error = "failed", f"{type(err).__name__}: {str(err).strip().splitlines()[-1] if str(err).strip() else ''}"
    job.seconds = round(time.perf_counter() - start, 2)
    if job.output.exists():
        write_html(job.output)
    return job


def write_html(notebook: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(embed_images=True).from_notebook_node(nbformat.read(notebook, as_version=4))
    target = notebook.with_suffix(".html")
    write_files_atomically({target: body})
    return target


def data_hash() -> str:
    """sha256 over the inputs a run reads: data/raw, data/targets and the processed panel."""
    files = [*project_path("data", "raw").glob("*"), *project_path("data", "targets").glob("*"),
             project_path("data", "processed", "panel.csv")]
    digest = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file()):
        digest.update(path.relative_to(project_path()).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _versions() -> dict:
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def write_scorecard(spec: dict, output: Path) -> dict:
    from ..cleaning.panel import load_panel
    from ..reporting.tables import with_text
    from ..targets.assessment import plan_review
    from ..targets.spec import load_plan

    plan = load_plan(project_path(spec["targets"]))
    params = check_params(**{k: v for k, v in spec.items() if k in ("region", "method", "n_paths", "seed", "lang")})
    lang = params.pop("lang", "zh")
    review = with_text(plan_review(plan.targets, load_panel(project_path("data/processed/panel.csv")),
                                   base_year=plan.base_year, **params), plan.targets, lang)
    write_files_atomically({output / "scorecard.csv": frame_to_csv_text(review, float_format="%.6g"),
                            output / "scorecard.md": review.round(4).to_markdown(index=False) + "\n"})
    return review["status_latest"].value_counts().sort_index().to_dict()


def run(config_path: Path | str = DEFAULT_CONFIG, only: str | None = None, overrides: dict | None = None,
        jobs: int = 1, output: Path | None = None, executor: str = "local", scheduler: str | None = None,
        echo=print) -> int:
    """Execute a run config; returns the exit status (0 all ok, 1 if any notebook failed)."""
    config_path = project_path(config_path) if not Path(config_path).is_absolute() else Path(config_path)
    config = check_run_config(load_yaml(config_path, "run config"), config_path)  # ingest/checks.py
    name = config.get("name") or config_path.stem
    output = Path(output) if output else project_path("reports", name)
    output.mkdir(parents=True, exist_ok=True)
    planned = plan_jobs(config, output, only, overrides)
    echo(f"qy run {name}: {len(planned)} notebook run(s) -> {output}")
    started = time.perf_counter()
    finished = list(_dispatch(planned, jobs, executor, scheduler, echo))
    summary = {}
    if config.get("scorecard"):
        summary = write_scorecard(config["scorecard"], output)
    failed = [job for job in finished if job.status != "ok"]
    manifest = {"run": name, "config": str(config_path.relative_to(project_path())) if config_path.is_relative_to(project_path()) else str(config_path),
                "data_sha256": data_hash(), "versions": _versions(), "jobs_in_parallel": jobs, "executor": executor,
                "seconds": round(time.perf_counter() - started, 2), "scorecard_status_latest": summary,
                "notebooks": [{**{k: str(v) if isinstance(v, Path) else v for k, v in asdict(job).items()},
                               "output": job.output.name, "notebook": job.notebook.name} for job in finished]}
    write_files_atomically({output / "manifest.json": json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n"})
    echo(f"done in {manifest['seconds']:.1f} s: {len(finished) - len(failed)} ok, {len(failed)} failed")
    for job in failed:
        echo(f"  FAILED {job.label}: {job.error} (see {job.output})")
    return 1 if failed else 0


def _dispatch(planned: list[Job], jobs: int, executor: str, scheduler: str | None, echo) -> list[Job]:
    """Run the jobs locally (one by one, or in `jobs` processes) or on Dask; results in output order."""
    done = []

    def report(job):
        done.append(job)
        echo(f"[{len(done)}/{len(planned)}] {job.status:6} {job.seconds:6.1f} s  {job.label}"
             + (f"  -- {job.error}" if job.error else ""))

    if executor == "dask":
        from .executors import dask_map

        for job in dask_map(execute_job, planned, scheduler):
            report(job)
    elif jobs <= 1:
        for job in planned:
            report(execute_job(job))
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(execute_job, job) for job in planned]
            for future in as_completed(futures):
                report(future.result())
    return sorted(done, key=lambda job: str(job.output))
