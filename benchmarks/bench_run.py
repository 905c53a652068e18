"""Benchmark `qy run` (issue 11): wall time of the default run (notebooks/run_default.yaml, its `jobs`), with the
backtest cache cold (a fresh QY_CACHE_DIR) and warm, against the bare cost of starting the same 8 kernels
(8 notebooks holding only a parameters cell, run by the same runner with the same parallelism), and what
kernel start-up plus the notebooks' imports cost. Aim: default run <= 30 s on 2 cores.
The machine may be shared: the load average is printed with the figures, and the ratios matter more.
Run: .venv/bin/python benchmarks/bench_run.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
JOBS = yaml.safe_load((ROOT / "notebooks" / "run_default.yaml").read_text(encoding="utf-8")).get("jobs", 1)


def timed(args: list[str], **env) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the run and every process under it): on a shared machine the CPU time is
    the steadier figure, and CPU / cores is what the run would take on idle cores if it kept them busy."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qy_analysis", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def notebook(folder: Path, name: str, code: str) -> Path:
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("lang: str = 'zh'  # zh or en")
    params.metadata["tags"] = ["parameters"]
    book.cells = [params] + ([nbformat.v4.new_code_cell(code)] if code else [])
    path = folder / f"{name}.ipynb"
    nbformat.write(book, path)
    return path


def bare_run(tmp: Path, code: str, name: str) -> tuple[float, float]:
    """`qy run` of 8 one-cell notebooks (no scorecard): kernel start, runner and HTML export only."""
    config = tmp / f"{name}.yaml"
    sets = [{"notebook": str(notebook(tmp, f"{name}{n}", code)), "parameters": [{"lang": "zh"}]} for n in range(8)]
    config.write_text(yaml.safe_dump({"name": name, "jobs": JOBS, "notebooks": sets}), encoding="utf-8")
    return timed(["run", "--config", str(config), "--output", str(tmp / f"out-{name}")])


def main() -> None:
    imports = (
        "import pandas, matplotlib.pyplot, seaborn, statsmodels.api\n"
        "from qy_analysis.reporting import charts\nfrom qy_analysis.targets import assessment\ncharts.use_style()"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = timed(["run", "--output", str(tmp / "cold")], QY_CACHE_DIR=str(tmp / "cache"))
        warm = timed(["run", "--output", str(tmp / "warm")], QY_CACHE_DIR=str(tmp / "cache"))
        bare = bare_run(tmp, "", "bare")
        with_imports = bare_run(tmp, imports, "imports")
    print(
        f"qy run (notebooks/run_default.yaml, 8 notebook runs, jobs {JOBS}); load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores"
    )
    print("                         wall       CPU   (aim: wall <= 30 s on 2 idle cores)")
    for label, (wall, cpu) in [
        ("cold backtest cache", cold),
        ("warm backtest cache", warm),
        ("8 bare kernels", bare),
        ("8 kernels + imports", with_imports),
    ]:
        print(f"  {label:20} {wall:7.1f} s {cpu:7.1f} s")
    print(
        f"  the run / 8 bare kernels: x{cold[0] / bare[0]:.1f} cold, x{warm[0] / bare[0]:.1f} warm (wall); "
        f"kernels + imports are {with_imports[1] / warm[1]:.0%} of the warm run's CPU"
    )


if __name__ == "__main__":
    main()
