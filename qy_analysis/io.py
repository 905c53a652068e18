"""Writing outputs so that a failed run never leaves a file half-written or a set half-replaced."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

_UMASK = os.umask(0)
os.umask(_UMASK)
FLOAT_FORMAT = "%.12g"  # enough digits for every published figure; identical text on every run


def frame_to_csv_text(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")


def write_files_atomically(contents: dict[Path, str | bytes]) -> None:
    """Write every file to a temporary sibling first, then rename them all into place.

    If any write fails, no target is touched and the temporaries are removed.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in contents.items():
            target = Path(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_UMASK)
            staged.append((Path(tmp), target))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
