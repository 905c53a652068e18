"""Benchmark scenarios (issue 5): a sweep of 100,000 scenarios over a 5-year horizon (aim < 1 s) and its
memory; a batch of 20 parameter sets of notebook 04 through `qy run --jobs 2` and through a Dask
LocalCluster (`--executor dask`).
Run: .venv/bin/python benchmarks/bench_scenarios.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qy_analysis.cleaning.panel import load_panel  # noqa: E402
from qy_analysis.targets.scenarios import Scenario, sweep  # noqa: E402
from qy_analysis.targets.spec import default_plan_path, load_targets  # noqa: E402


def bench_sweep() -> None:
    panel = load_panel(ROOT / "data" / "processed" / "panel.csv")
    target = load_targets(default_plan_path())["fiscal_st_share_2017"]
    scenario = Scenario.from_dict(
        {
            "as_of": 2012,
            "end": 2017,
            "indicators": {"st_expenditure": {"growth": 0}, "budget_expenditure": {"growth": 0}},
        },
        panel,
    )
    grid = {"st_expenditure": np.linspace(-10, 40, 400), "budget_expenditure": np.linspace(-5, 20, 250)}
    sweep(scenario, grid, target, panel)  # warm up
    tracemalloc.start()
    start = time.perf_counter()
    table = sweep(scenario, grid, target, panel)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(
        f"sweep: {len(table):,} scenarios, 5-year horizon: {seconds:.3f} s (aim < 1 s), peak {peak:.1f} MB traced; "
        f"{table.meets.mean():.1%} reach {target.value}%"
    )


def bench_batch() -> None:
    sets = [
        {
            "growth": {
                "st_expenditure": float(st),
                "budget_expenditure": float(b),
                "patent_applications": 15.0,
                "rd_expenditure": 12.0,
                "gdp": 9.0,
            }
        }
        for st in (5, 10, 15, 20, 25)
        for b in (4, 6, 8, 10)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "batch.yaml"
        config.write_text(
            yaml.safe_dump(
                {"name": "batch", "notebooks": [{"notebook": "notebooks/04_scenarios.ipynb", "parameters": sets}]},
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        for label, extra in (("--jobs 2", ["--jobs", "2"]), ("dask LocalCluster (2 workers)", ["--executor", "dask"])):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "qy_analysis",
                    "run",
                    "--config",
                    str(config),
                    "--output",
                    f"{tmp}/{extra[-1]}",
                    *extra,
                ],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            print(f"batch of {len(sets)} parameter sets of 04_scenarios, {label}: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    bench_sweep()
    bench_batch()
