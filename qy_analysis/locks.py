"""One lock per thing two `qy` processes must not write at once (the processed set, the sources registry).

A lock is a file held with flock(2): the kernel releases it when its holder exits or is killed, so a lock
is never stale and is never taken over while its holder lives (no empty-file window, no process-id guess).
The last holder removes the file before it lets go; a waiter that opened the removed file notices (its
inode is gone) and locks the current one instead.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError


def _open_locked(lock: Path, mode: int) -> int | None:
    """A descriptor of `lock` holding `mode`, or None when another process holds it."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        if os.fstat(fd).st_ino == os.stat(lock).st_ino:
            return fd
    except (BlockingIOError, FileNotFoundError):
        pass
    os.close(fd)
    return None


@contextmanager
def held(lock: Path, busy: str, wait_seconds: float = 0.0, shared: bool = False):
    """Hold `lock` for the block; waits up to `wait_seconds` while another process holds it, then
    DataError(`busy`). Shared holders (readers) exclude only exclusive ones (writers)."""
    lock = Path(lock)
    lock.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while (fd := _open_locked(lock, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)) is None:
        if time.monotonic() >= deadline:
            raise DataError(busy)
        time.sleep(0.05)
    try:
        if not shared:
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        try:  # the last holder removes the file (a shared holder only when no one else holds it)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            lock.unlink(missing_ok=True)
        except BlockingIOError:
            pass
        os.close(fd)
