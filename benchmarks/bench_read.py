"""Benchmark `qy read` on a 1 M-row export: wall time and peak memory (issue 10 measured 37 s and 2.4 GB).

The export is a long transcription table of SYNTHETIC values (31 provinces × 8 indicators × years,
repeated under distinct source URLs to reach the row count), written to a temp dir; a few cells carry
scanning marks and unreadable text so that repair and rejection are part of the cost.
Issue 18: also a portal regions × years export of ROWS rows × 8 years (bench_clean.py's generator).
Run: .venv/bin/python benchmarks/bench_read.py [ROWS]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_clean import generate_regions_by_years  # noqa: E402

from qy_analysis.reference.regions import region_table  # noqa: E402

INDICATORS = [
    ("专利申请量", "件"),
    ("专利授权量", "件"),
    ("地区生产总值", "亿元"),
    ("科学技术支出", "万元"),
    ("地方一般公共预算支出", "万元"),
    ("教育支出", "万元"),
    ("R&D经费内部支出", "亿元"),
    ("R&D人员", "人"),
]


def write_export(path: Path, rows: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    provinces = region_table().query("level == 'province'").name_zh.tolist()
    values = rng.lognormal(6, 1, rows)
    with path.open("w", encoding="utf-8") as out:
        out.write("region,year,indicator,value,unit,source_url\n")
        for n in range(rows):
            name, unit = INDICATORS[n % len(INDICATORS)]
            region = provinces[(n // len(INDICATORS)) % len(provinces)]
            year = 1990 + (n // (len(INDICATORS) * len(provinces))) % 34
            value = f"{values[n]:.2f}" if n % 10_000 else ("§" + f"{values[n]:.0f}" if n % 20_000 else "n/a?")
            out.write(f"{region},{year},{name},{value},{unit},http://example.invalid/synthetic/{n // 8432}\n")


def measure(path: Path) -> tuple[float, float]:
    """(wall seconds, peak MB) of `qy read FILE --format csv` in a fresh interpreter, imports included."""
    code = (
        "import resource, sys; from qy_analysis.cli import main; status = main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "read", str(path), "--format", "csv"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return time.perf_counter() - start, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic_export.csv"
        write_export(path, rows)
        wall, peak = measure(path)
        print(f"qy read, {rows:,}-row export ({path.stat().st_size / 1e6:.0f} MB): {wall:6.1f} s   peak {peak:6.0f} MB")
        portal = Path(tmp) / "portal"
        portal.mkdir()
        cells = generate_regions_by_years(portal, rows)
        path = portal / "synthetic_regions_by_years.csv"
        wall, peak = measure(path)
        print(
            f"qy read, regions x years {rows:,} rows x 8 years ({cells:,} cells, {path.stat().st_size / 1e6:.0f} MB): "
            f"{wall:6.1f} s   peak {peak:6.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
