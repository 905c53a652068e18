"""A progress bar on stderr for work that takes more than a few seconds (a large registry, a large export):
shown only on a terminal and only once the work has run for `DELAY` seconds, so logs, pipes and tests see
nothing and short runs stay quiet."""

from __future__ import annotations

from contextlib import contextmanager

from tqdm import tqdm

DELAY = 3.0  # seconds before a bar appears


def progress(items, label: str, total: int | None = None, unit: str = "file"):
    """`items`, iterated with a bar on stderr (tqdm) when stderr is a terminal and the work is slow."""
    return tqdm(items, desc=label, total=total, delay=DELAY, disable=None, leave=False, unit=unit)


@contextmanager
def steps(label: str, names: list[str]):
    """A bar over named steps; the block calls the yielded `done(name)` after each step."""
    bar = tqdm(total=len(names), desc=label, delay=DELAY, disable=None, leave=False, unit="step")
    try:
        yield lambda name: (bar.set_postfix_str(name, refresh=False), bar.update())
    finally:
        bar.close()


def progress_parts(parts, label: str):
    """The items of `parts`, which yields (item, rows done, rows in all), with a bar over the rows."""
    bar = tqdm(desc=label, delay=DELAY, disable=None, leave=False, unit="row")
    try:
        for item, done, total in parts:
            bar.total = total
            bar.update(done - bar.n)
            yield item
    finally:
        bar.close()
