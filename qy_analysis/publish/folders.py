"""Where a run writes: reports/<name>/ (reports/<name>-partial/ for an --only run) or an --output under reports/;
elsewhere only when --output is an absolute path. A run never deletes or overwrites what it did not write: an
earlier run's folder is moved aside whole (the newest `keep` of them stay), a folder that is not a run's is
refused, and one run at a time writes into a folder (a lock beside it)."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

from ..errors import DataError
from ..paths import project_path
from . import manifest

NAME_PATTERN = re.compile(r"^\w[\w.-]*$")


KEEP = 3  # earlier runs kept beside a run's folder (name.previous-<time>) unless --keep says otherwise
PARTIAL = "-partial"  # an --only run without --output writes reports/<name>-partial, never the full report


def run_folder(name: str, output: str | Path | None, partial: bool = False) -> Path:
    """The run's folder; DataError for a name or a relative --output that would leave reports/, or an --output
    that is a file."""
    reports = project_path("reports").resolve()
    if output is None:
        if not NAME_PATTERN.match(str(name)):
            raise DataError(
                f"run config: name {name!r}: expected a plain folder name (letters, digits, . _ -), "
                f"written under {reports}"
            )
        return reports / (f"{name}{PARTIAL}" if partial else name)
    output = Path(output).expanduser()
    if output.is_absolute():
        folder = output.resolve()
    else:
        folder = (project_path() / output).resolve()
        if folder == reports or not folder.is_relative_to(reports):
            raise DataError(
                f"--output {output}: outside {reports}; give a folder under reports/ (e.g. "
                f"reports/{output.name or 'my-run'}) or an absolute path to write elsewhere on purpose"
            )
    if folder.exists() and not folder.is_dir():
        raise DataError(
            f"--output {output}: is a file, not a folder; nothing was written: choose a new or empty folder"
        )
    return folder


def lock(folder: Path):
    """Hold the folder's run lock (a file beside it, released when the process ends, even when killed);
    DataError when another run holds it."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    handle = open(folder.with_name(f".{folder.name}.run-lock"), "a+", encoding="utf-8")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise DataError(
            f"{folder}: another qy run (process {holder}) is writing into it; nothing was written: "
            "wait for it to end or give another --output"
        ) from None
    handle.truncate(0)
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def prune(folder: Path, keep: int, echo) -> None:
    """Delete all but the newest `keep` earlier runs moved aside from `folder` (only folders holding a run's
    manifest: what a run made)."""
    runs = {p: manifest.read(p) for p in folder.parent.glob(f"{folder.name}.previous-*") if p.is_dir()}
    earlier = sorted(
        (p for p, made in runs.items() if made is not None),
        key=lambda p: (str(runs[p].get("started", "")), p.name),
        reverse=True,
    )
    for old in earlier[keep:]:
        try:
            shutil.rmtree(old)
            echo(f"removed an earlier run beyond --keep {keep}: {old}")
        except OSError as err:  # the run itself is done; say what could not be removed
            echo(f"could not remove the earlier run {old}: {err}")


def prepare(folder: Path, echo) -> dict | None:
    """An empty folder for the run; an earlier run's folder is moved aside (its manifest returned)."""
    if not folder.exists() or not any(folder.iterdir()):
        folder.mkdir(parents=True, exist_ok=True)
        return None
    previous = manifest.read(folder)
    if previous is None:
        raise DataError(
            f"{folder}: exists, holds files and no {manifest.NAME}, so it is not a qy run folder; "
            "nothing was written: choose a new or empty folder"
        )
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
