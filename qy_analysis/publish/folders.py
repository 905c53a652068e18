"""Where a run writes: reports/<name>/ or an --output under reports/; elsewhere only when --output is an absolute
path. A run never deletes or overwrites what it did not write: an earlier run's folder is moved aside whole, and a
folder that is not a run's is refused."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from ..errors import DataError
from ..paths import project_path
from . import manifest

NAME_PATTERN = re.compile(r"^\w[\w.-]*$")


def run_folder(name: str, output: str | Path | None) -> Path:
    """The run's folder; DataError for a name or a relative --output that would leave reports/."""
    reports = project_path("reports").resolve()
    if output is None:
        if not NAME_PATTERN.match(str(name)):
            raise DataError(f"run config: name {name!r}: expected a plain folder name (letters, digits, . _ -), "
                            f"written under {reports}")
        return reports / name
    output = Path(output).expanduser()
    if output.is_absolute():
        return output.resolve()
    folder = (project_path() / output).resolve()
    if folder == reports or not folder.is_relative_to(reports):
        raise DataError(f"--output {output}: outside {reports}; give a folder under reports/ "
                        f"(e.g. reports/{output.name or 'my-run'}) or an absolute path to write elsewhere on purpose")
    return folder


def prepare(folder: Path, echo) -> dict | None:
    """An empty folder for the run; an earlier run's folder is moved aside (its manifest returned)."""
    if not folder.exists() or not any(folder.iterdir()):
        folder.mkdir(parents=True, exist_ok=True)
        return None
    previous = manifest.read(folder)
    if previous is None:
        raise DataError(f"{folder}: exists, holds files and no {manifest.NAME}, so it is not a qy run folder; "
                        "nothing was written: choose a new or empty folder")
    stamp = re.sub(r"\D", "", str(previous.get("started", "")))[:14] or datetime.now().strftime("%Y%m%d%H%M%S")
    aside = folder.with_name(f"{folder.name}.previous-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = folder.with_name(f"{folder.name}.previous-{stamp}-{n}")
    folder.rename(aside)
    folder.mkdir()
    echo(f"earlier run moved aside to {aside}")
    return previous
