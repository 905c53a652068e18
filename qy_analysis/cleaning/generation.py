"""One atomic output set for `qy clean`: every file of a run is written into a new folder beside
data/processed/, which then takes its place in one step (Linux renameat2 RENAME_EXCHANGE swaps the two
folders atomically), so a kill at any moment leaves the old set or the new one, never a mix. A lock (locks.py)
refuses a second clean into the same folder; folders and temporary files left by a killed run are removed.
Only a folder `qy clean` made (it holds MARKER, or only clean's own files) is ever swapped: any other existing
path is refused with nothing touched, so `--out` can never delete what a user put there.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

from ..errors import DataError
from ..io import write_files_atomically
from ..locks import held

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
MARKER = ".qy-clean"
_MARKER_TEXT = "This folder is written by `qy clean`: each run replaces it whole (files it does not write are kept).\n"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system has no renameat2 (then two renames are used)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(a))


def checked_out_dir(out_dir: Path, own_names) -> Path:
    """The real folder to write (a symlink is followed, so the link stays); DataError, with nothing touched,
    for a file, a root, or an existing folder that `qy clean` did not make."""
    out_dir = Path(out_dir).expanduser().resolve()
    if not out_dir.name:
        raise DataError(f"--out {out_dir}: expected a folder to hold clean's outputs, not a file-system root")
    if out_dir.exists() and not out_dir.is_dir():
        raise DataError(f"--out {out_dir}: is a file, expected a folder; nothing was written")
    if out_dir.is_dir():
        entries = {entry.name: entry for entry in out_dir.iterdir()}
        made_by_clean = MARKER in entries or all(
            entry.is_file() and (name in own_names or name.endswith(".tmp")) for name, entry in entries.items()
        )
        if not made_by_clean:
            raise DataError(
                f"--out {out_dir}: an existing folder that `qy clean` did not make (no {MARKER} in it); "
                "nothing was touched: give a new or empty folder, or the one clean wrote before"
            )
    return out_dir


@contextmanager
def output_lock(out_dir: Path):
    """Hold `.<folder>.lock` beside `out_dir` for one clean; DataError if another clean holds it."""
    lock = out_dir.parent / f".{out_dir.name}.lock"
    with held(lock, f"{out_dir}: another `qy clean` is writing it; wait for it to finish"):
        remove_leftovers(out_dir)
        yield


def remove_leftovers(out_dir: Path) -> None:
    """Folders of unfinished generations and temporary files that a killed run left behind."""
    for stale in out_dir.parent.glob(f".{out_dir.name}.gen-*"):
        shutil.rmtree(stale, ignore_errors=True)
    if out_dir.is_dir():
        for tmp in out_dir.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def write_generation(out_dir: Path, contents: dict[str, str]) -> None:
    """Make `out_dir` hold exactly the previous files plus `contents` (name -> text), switched in one step;
    DataError naming the folder when the system refuses (read-only folder, full disk), the old set kept."""
    try:
        _write_generation(out_dir, contents)
    except OSError as err:
        raise DataError(
            f"--out {out_dir}: cannot write the outputs ({err.strerror or err}); expected a folder "
            "with room and write permission; the previous outputs are kept"
        ) from None


def _write_generation(out_dir: Path, contents: dict[str, str]) -> None:
    out_dir = checked_out_dir(out_dir, contents)
    with output_lock(out_dir):
        out_dir = checked_out_dir(out_dir, contents)  # again under the lock: it may have changed meanwhile
        new = out_dir.parent / f".{out_dir.name}.gen-{uuid.uuid4().hex}"
        new.mkdir()
        try:
            _fill(new, out_dir, contents)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        if not out_dir.exists():
            os.rename(new, out_dir)
        elif _exchange(new, out_dir):
            shutil.rmtree(new)  # now the previous generation
        else:
            old = out_dir.parent / f".{out_dir.name}.gen-old-{uuid.uuid4().hex}"
            os.rename(out_dir, old)
            os.rename(new, out_dir)
            shutil.rmtree(old)


def _fill(new: Path, out_dir: Path, contents: dict[str, str]) -> None:
    if out_dir.is_dir():  # whatever else a user keeps in the folder stays in it
        for kept in out_dir.iterdir():
            if kept.name in contents or kept.name == MARKER or kept.name.endswith(".tmp"):
                continue
            if kept.is_dir() and not kept.is_symlink():
                shutil.copytree(kept, new / kept.name, symlinks=True)
            else:
                shutil.copy2(kept, new / kept.name, follow_symlinks=False)
    write_files_atomically({new / name: text for name, text in {**contents, MARKER: _MARKER_TEXT}.items()})
