"""Writing outputs so that a failed run never leaves a file half-written or a set half-replaced."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pandas as pd

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
            tmp = target.parent / f".{target.name}.{uuid.uuid4().hex}.tmp"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as for any file
            staged.append((tmp, target))
            data = content.encode("utf-8") if isinstance(content, str) else content
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
