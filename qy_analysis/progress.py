"""A progress bar on stderr for steps that take more than a few seconds (reading a large registry, a large
export): shown only on a terminal and only once a step has run for `DELAY` seconds, so logs, pipes and
tests see nothing and short runs stay quiet."""
from __future__ import annotations

from tqdm import tqdm

DELAY = 3.0  # seconds before a bar appears


def progress(items, label: str, total: int | None = None):
    """`items`, iterated with a bar on stderr (tqdm) when stderr is a terminal and the step is slow."""
    return tqdm(items, desc=label, total=total, delay=DELAY, disable=None, leave=False, unit="file")
