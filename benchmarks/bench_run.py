"""Benchmark `qy run` (issue 4): wall time of the full default run with --jobs 1 and --jobs 2, and how
much of it is kernel start-up and imports (an empty notebook that imports what the notebooks import).
Aim: under 60 s with one job on a 2-core machine.
Run: .venv/bin/python benchmarks/bench_run.py
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "qy_analysis", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup_seconds(runs: int = 3) -> float:
    """Mean time to execute a notebook that only starts a kernel and imports the notebooks' modules."""
    import papermill

    with tempfile.TemporaryDirectory() as tmp:
        book = nbformat.v4.new_notebook()
        book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        params = nbformat.v4.new_code_cell("lang = 'zh'")
        params.metadata["tags"] = ["parameters"]
        book.cells = [params, nbformat.v4.new_code_cell(
            "import pandas, matplotlib.pyplot, seaborn, statsmodels.api\nfrom qy_analysis import plotting, reach\n"
            "plotting.use_style()")]
        path = Path(tmp) / "empty.ipynb"
        nbformat.write(book, path)
        start = time.perf_counter()
        for _ in range(runs):
            papermill.execute_notebook(str(path), str(Path(tmp) / "out.ipynb"), progress_bar=False, cwd=str(ROOT))
        return (time.perf_counter() - start) / runs


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        one = timed(["run", "--jobs", "1", "--output", f"{tmp}/j1"])
        two = timed(["run", "--jobs", "2", "--output", f"{tmp}/j2"])
    jobs = 8  # notebook runs in notebooks/run_default.yaml
    start = startup_seconds()
    print("qy run (notebooks/run_default.yaml, 8 notebook runs)")
    print(f"  --jobs 1 : {one:6.1f} s   (aim < 60 s)")
    print(f"  --jobs 2 : {two:6.1f} s   speed-up x{one / two:.2f}")
    print(f"  kernel start-up + imports: {start:.1f} s per notebook, {start * jobs:.0f} s of the --jobs 1 run "
          f"({start * jobs / one:.0%})")


if __name__ == "__main__":
    main()
