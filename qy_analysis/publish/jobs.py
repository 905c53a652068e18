"""Which notebook runs a run config asks for: one job per distinct parameter set, each checked against the
notebook's `parameters` cell before any kernel starts, each writing its own file."""

from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, ParameterError
from ..paths import project_path
from ..reporting.notebook import check_params, declared_type, fits, type_text

SLUG_MAX = 80  # longer parameter slugs are cut and given a hash of the whole set, so names stay distinct


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
    defaults: dict = field(default_factory=dict)  # the notebook's default values (for the scorecard and titles)
    title: str = ""  # the report page's title, in `lang`
    lang: str = "zh"  # the report page's language
    with_code: bool = False  # keep the code cells in the report page

    def effective(self) -> dict:
        """The values the notebook runs with: its defaults, then this job's parameters."""
        return self.defaults | self.parameters


def _slug(params: dict) -> str:
    text = "_".join(f"{k}-{v}" for k, v in sorted(params.items()))
    slug = re.sub(r"[^\w.-]+", "", text.replace(" ", ""))
    if len(slug) <= SLUG_MAX:
        return slug
    return slug[: SLUG_MAX - 9] + "-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def notebook_parameters(path: Path) -> dict:
    """{name: (declared type, default as written)} from the notebook's `parameters` cell, as papermill reads
    it (`name: type = default  # help`); DataError when the cell is missing or a parameter has no type."""
    import nbformat
    import papermill

    try:
        nbformat.read(str(path), as_version=4)
    except Exception as err:  # nbformat's and json's many errors: the file is not a notebook
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise DataError(f"{path}: not a notebook ({reason[:120]}); expected a Jupyter .ipynb file") from None
    found = papermill.inspect_notebook(str(path))
    if not found:
        raise DataError(f"{path}: no cell tagged 'parameters'; expected one holding `name: type = default  # help`")
    untyped = [name for name, info in found.items() if info["inferred_type_name"] == "None"]
    if untyped:
        raise DataError(
            f"{path}: parameters {', '.join(untyped)} declare no type; expected `name: type = default"
            f"  # help`, e.g. `as_of: Optional[int] = 2012`"
        )
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
                raise ParameterError(
                    f"parameter {name!r}: {value!r} is a {type(value).__name__}; "
                    f"expected {type_text(kind)} (declared `{name}: {declared[name][0]}`)"
                )
        check_params(**{name: _literal(default) for name, (_, default) in declared.items()} | params)
    except ParameterError as err:
        raise ParameterError(f"{notebook.name}: {err}") from None


def _with_overrides(params: dict, overrides: dict, defaults: dict, run_lang: str | None) -> tuple[dict, str]:
    """The parameter set with the run's language (where the set gives none and it is not the notebook's default)
    and the overrides applied once, and a key that is equal for equal sets."""
    base = {"lang": run_lang} if run_lang and "lang" in defaults and defaults["lang"] != run_lang else {}
    params = base | dict(params) | {k: v for k, v in overrides.items() if k in defaults}
    return params, json.dumps(params, sort_keys=True, ensure_ascii=False, default=str)


def plan_jobs(config: dict, output: Path, only: str | None = None, overrides: dict | None = None) -> list[Job]:
    """The run's jobs, in config order; DataError or ParameterError before anything is executed. The config's
    `lang` is the default language of every notebook that takes one."""
    jobs, seen, overrides = [], set(), overrides or {}
    for entry in config.get("notebooks") or []:
        notebook = project_path(entry["notebook"])
        if not notebook.exists():
            raise DataError(f"run config: notebook {entry['notebook']!r} not found")
        if only and not notebook.stem.startswith(only) and only not in notebook.stem:
            continue
        declared = notebook_parameters(notebook)
        defaults = {name: _literal(default) for name, (_, default) in declared.items()}
        for params in entry.get("parameters") or [{}]:
            params, key = _with_overrides(params, overrides, defaults, config.get("lang"))
            if (notebook, key) in seen:  # identical sets (often made so by -p) run once
                continue
            seen.add((notebook, key))
            check_job(notebook, params, declared)
            stem = notebook.stem + (f"__{_slug(params)}" if params else "")
            jobs.append(
                Job(
                    notebook,
                    params,
                    output / f"{stem}.ipynb",
                    declared=list(declared),
                    defaults=defaults,
                    label=f"{notebook.stem} {params if params else ''}".strip(),
                )
            )
    if not jobs:
        raise DataError(f"run config: no notebook matches --only {only!r}" if only else "run config: no notebooks")
    unused = set(overrides) - {k for job in jobs for k in job.declared}
    if unused:
        raise ParameterError(f"-p {', '.join(sorted(unused))}: no selected notebook takes this parameter")
    clash = _first_clash(jobs)
    if clash:
        raise DataError(f"run config: {clash[0].label} and {clash[1].label} would both write {clash[0].output.name}")
    return jobs


def _first_clash(jobs: list[Job]) -> tuple[Job, Job] | None:
    by_output = {}
    for job in jobs:
        if job.output in by_output:
            return by_output[job.output], job
        by_output[job.output] = job
    return None
