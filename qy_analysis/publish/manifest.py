"""manifest.json: what a run did, written as "running" before the first notebook starts, updated as each one
ends and rewritten at the end ("complete", "failed" or "interrupted"), so a run cut short never looks complete."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from ..io import write_files_atomically
from ..paths import project_path

PACKAGES = ("qy-analysis", "pandas", "numpy", "statsmodels", "matplotlib", "seaborn", "papermill", "nbconvert")
NAME = "manifest.json"


def data_hash() -> str:
    """sha256 over the inputs a run reads: data/raw, data/targets and the processed panel."""
    files = [
        *project_path("data", "raw").glob("*"),
        *project_path("data", "targets").glob("*"),
        project_path("data", "processed", "panel.csv"),
    ]
    digest = hashlib.sha256()
    for path in sorted(f for f in files if f.is_file()):
        digest.update(path.relative_to(project_path()).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def data_facts() -> dict:
    """The data's hash, last year and the date the panel was made (for the manifest and the index page)."""
    panel = project_path("data", "processed", "panel.csv")
    last_year = None
    if panel.exists():
        import pandas as pd

        last_year = int(pd.read_csv(panel, usecols=["year"])["year"].max())
    made = datetime.fromtimestamp(panel.stat().st_mtime, UTC).date().isoformat() if panel.exists() else None
    return {"data_sha256": data_hash(), "data_last_year": last_year, "panel_made": made}


def versions() -> dict:
    out = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def job_entry(job) -> dict:
    html = job.output.with_suffix(".html")
    return {
        "notebook": job.notebook.name,
        "parameters": job.parameters,
        "title": job.title,
        "status": job.status,
        "seconds": job.seconds,
        "error": job.error,
        "output": job.output.name if job.output.exists() else None,
        "html": html.name if html.exists() else None,
    }


def files_written(folder: Path, jobs, extra: list[str]) -> list[str]:
    """What the run wrote into its folder (and nothing else is there): reports, scorecards, index, manifest."""
    names = [p.name for job in jobs for p in (job.output, job.output.with_suffix(".html")) if p.exists()]
    return sorted({*names, *(name for name in extra if (folder / name).exists()), NAME})


def write(folder: Path, manifest: dict) -> None:
    write_files_atomically({folder / NAME: json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n"})


def read(folder: Path) -> dict | None:
    try:
        return json.loads((folder / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
