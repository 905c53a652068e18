"""One atomic output set for `qy clean`: every file of a run is written into a new folder beside
data/processed/, which then takes its place in one step (Linux renameat2 RENAME_EXCHANGE swaps the two
folders atomically), so a kill at any moment leaves the old set or the new one, never a mix. A lock file
refuses a second clean into the same folder; folders and temporary files left by a killed run are removed.
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

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


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


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def output_lock(out_dir: Path):
    """Hold `.<folder>.lock` beside `out_dir` for one clean; DataError if another live clean holds it."""
    lock = out_dir.parent / f".{out_dir.name}.lock"
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            text = lock.read_text(encoding="utf-8").strip() if lock.exists() else ""
            if text.isdigit() and _pid_alive(int(text)):
                raise DataError(f"{out_dir}: another `qy clean` (process {text}) is writing it; wait for it "
                                f"to finish (or delete {lock} if no clean is running)") from None
            lock.unlink(missing_ok=True)  # left by a killed run
    else:
        raise DataError(f"{lock}: cannot take the lock; expected to create it")
    with os.fdopen(fd, "w") as handle:
        handle.write(str(os.getpid()))
    try:
        remove_leftovers(out_dir)
        yield
    finally:
        lock.unlink(missing_ok=True)


def remove_leftovers(out_dir: Path) -> None:
    """Folders of unfinished generations and temporary files that a killed run left behind."""
    for stale in out_dir.parent.glob(f".{out_dir.name}.gen-*"):
        shutil.rmtree(stale, ignore_errors=True)
    if out_dir.is_dir():
        for tmp in out_dir.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)


def write_generation(out_dir: Path, contents: dict[str, str]) -> None:
    """Make `out_dir` hold exactly the previous files plus `contents` (name -> text), switched in one step."""
    out_dir = Path(out_dir)
    with output_lock(out_dir):
        new = out_dir.parent / f".{out_dir.name}.gen-{uuid.uuid4().hex}"
        new.mkdir()
        if out_dir.is_dir():  # files that are not clean's outputs stay in the folder
            for kept in out_dir.iterdir():
                if kept.is_file() and kept.name not in contents and not kept.name.startswith("."):
                    shutil.copy2(kept, new / kept.name)
        write_files_atomically({new / name: text for name, text in contents.items()})
        if not out_dir.exists():
            os.rename(new, out_dir)
        elif _exchange(new, out_dir):
            shutil.rmtree(new)  # now the previous generation
        else:
            old = out_dir.parent / f".{out_dir.name}.gen-old-{uuid.uuid4().hex}"
            os.rename(out_dir, old)
            os.rename(new, out_dir)
            shutil.rmtree(old)
