"""Benchmark `qy run` (issue 11): wall time of the default run (notebooks/run_default.yaml, its `jobs`), with the
backtest cache cold (a fresh QY_CACHE_DIR) and warm, against the bare cost of starting the same 8 kernels
(8 notebooks holding only a parameters cell, run by the same runner with the same parallelism), and what
kernel start-up plus the notebooks' imports cost. Aim: default run <= 30 s on 2 cores.
The machine may be shared: the load average is printed with the figures, and the ratios matter more.
Run: .venv/bin/python benchmarks/bench_run.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
JOBS = yaml.safe_load((ROOT / "notebooks" / "run_default.yaml").read_text(encoding="utf-8")).get("jobs", 1)


def timed(args: list[str], **env) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qy_analysis", *args], cwd=ROOT, check=True, env={**os.environ, **env},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def notebook(folder: Path, name: str, code: str) -> Path:
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("lang = 'zh'")
    params.metadata["tags"] = ["parameters"]
    book.cells = [params] + ([nbformat.v4.new_code_cell(code)] if code else [])
    path = folder / f"{name}.ipynb"
    nbformat.write(book, path)
    return path


def bare_run(tmp: Path, code: str, name: str) -> float:
    """`qy run` of 8 one-cell notebooks (no scorecard): kernel start, runner and HTML export only."""
    config = tmp / f"{name}.yaml"
    sets = [{"notebook": str(notebook(tmp, f"{name}{n}", code)), "parameters": [{"lang": "zh"}]} for n in range(8)]
    config.write_text(yaml.safe_dump({"name": name, "jobs": JOBS, "notebooks": sets}), encoding="utf-8")
    return timed(["run", "--config", str(config), "--output", str(tmp / f"out-{name}")])


def main() -> None:
    imports = ("import pandas, matplotlib.pyplot, seaborn, statsmodels.api\n"
               "from qy_analysis.reporting import charts\nfrom qy_analysis.targets import assessment\ncharts.use_style()")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = timed(["run", "--output", str(tmp / "cold")], QY_CACHE_DIR=str(tmp / "cache"))
        warm = timed(["run", "--output", str(tmp / "warm")], QY_CACHE_DIR=str(tmp / "cache"))
        bare = bare_run(tmp, "", "bare")
        with_imports = bare_run(tmp, imports, "imports")
    print(f"qy run (notebooks/run_default.yaml, 8 notebook runs, jobs {JOBS}); load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"  cold backtest cache : {cold:6.1f} s   (aim <= 30 s)")
    print(f"  warm backtest cache : {warm:6.1f} s")
    print(f"  8 bare kernels      : {bare:6.1f} s   -> the run costs x{cold / bare:.1f} (cold), x{warm / bare:.1f} (warm)")
    print(f"  8 kernels + imports : {with_imports:6.1f} s   ({with_imports / warm:.0%} of the warm run)")


if __name__ == "__main__":
    main()
