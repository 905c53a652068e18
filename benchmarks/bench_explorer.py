"""Benchmark the scenario explorer (issue 16): the time from a slider's move to everything redrawn (probability,
what it takes, fan chart, all targets' table; goal <= 100 ms after the first, on 2 cores), the first draw, a
change of as-of year, and the offline page's grid build (goal <= 5 s for the default run's page).
Run: .venv/bin/python benchmarks/bench_explorer.py   (needs ipywidgets: pip install -e ".[explore]")
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qy_analysis import load_panel, load_plan  # noqa: E402
from qy_analysis.explorer import explore  # noqa: E402
from qy_analysis.reporting import explorer_page  # noqa: E402


def bench_moves(panel) -> None:
    start = time.perf_counter()
    ex = explore(as_of=2012, lang="en", panel=panel)
    first = time.perf_counter() - start
    times = []
    for ind in ex.sliders:
        for step in range(1, 21):
            value = ex.sliders[ind].value + (0.5 if step % 2 else -0.5)
            start = time.perf_counter()
            ex.sliders[ind].value = value  # the change event redraws everything
            times.append((time.perf_counter() - start) * 1000)
    for value in (2.0, 6.0, 5.0):
        start = time.perf_counter()
        ex.spread.value = value
        times.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    ex.as_of.value = 2014
    as_of = time.perf_counter() - start
    times.sort()
    print(
        f"explorer: first draw {first:.2f} s; per slider move over {len(times)} moves: median "
        f"{statistics.median(times):.1f} ms, 95th percentile {times[int(0.95 * len(times))]:.1f} ms, "
        f"max {times[-1]:.1f} ms (goal <= 100 ms); a new as-of year (simulated once) {as_of:.2f} s"
    )


def bench_page(panel) -> None:
    plan = load_plan()
    for lang in ("zh", "en"):
        start = time.perf_counter()
        page = explorer_page.build(plan, panel, lang)
        seconds = time.perf_counter() - start
        print(f"offline explorer page ({lang}): built in {seconds:.2f} s (goal <= 5 s), {len(page) / 1024:.0f} KB")


if __name__ == "__main__":
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}")
    panel = load_panel()
    bench_moves(panel)
    bench_page(panel)
