"""Benchmark `qy clean`: wall time and peak memory, on the shipped data/raw, on a generated portal-style export
of 31 regions × 50 indicators × 30 years, on transcriptions of 1 M and 5 M records none of which repeats another
(the source URL changes every 8,432 rows: bench_read.py's file), and on regions × years exports of 1 M and 5 M
rows × 8 years (issue 18; SYNTHETIC values, written to a temp dir; region labels cycle through the provinces and a
repeated label repeats its figures, so the file is large but consistent and `qy clean` runs to the end).

Aims: shipped data under 2 s and the 50-file export under 5 s, both under 500 MB (issue 2); 5 M rows × 8 years
in at most 4 GB peak (issue 18). Each run is limited to LIMIT_GB of address space so that it cannot take the
machine down; a run that hits the limit is reported as such.
Run: .venv/bin/python benchmarks/bench_clean.py [ROWS ...]     (default: 1000000 5000000)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from qy_analysis.reference import catalogue  # noqa: E402
from qy_analysis.reference.regions import region_table  # noqa: E402


def generate_portal_exports(folder: Path, n_indicators=50, n_years=30, seed=0) -> int:
    """One regions × years export per indicator, in the national portal's shape (GBK, tab-comma)."""
    rng = np.random.default_rng(seed)
    provinces = region_table().query("level == 'province'").name_zh.tolist()
    indicators = [i for i in catalogue.catalogue().values() if i.kind != "rate"][:n_indicators]
    years = list(range(2024, 2024 - n_years, -1))
    lines = ["source_id,file,reader,title,publisher,url,table,reliability,note"]
    for n, ind in enumerate(indicators):
        rows = [
            f"数据库：分省年度数据\n指标：{ind.zh}({ind.unit})\n时间：{years[-1]}年-{years[0]}年",
            "地区\t," + "\t,".join(f"{y}年" for y in years) + "\t,",
        ]
        for province in provinces:
            values = rng.uniform(1, 99, n_years) if ind.kind == "share" else rng.lognormal(6, 1, n_years)
            rows.append(province + "\t," + "\t,".join(f"{v:.2f}" for v in values) + "\t,")
        rows.append("注：synthetic benchmark data\n数据来源：国家统计局")
        name = f"synthetic_export_{n:02d}.csv"
        (folder / name).write_bytes(("\n".join(rows) + "\n").encode("gb18030"))
        lines.append(f"bench{n},{name},portal,synthetic,benchmark,none,none,final,SYNTHETIC benchmark data")
    (folder / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(indicators) * len(provinces) * n_years


LIMIT_GB = 12
N_YEARS = 8


def generate_regions_by_years(folder: Path, rows: int, seed: int = 0) -> int:
    """One portal regions × years export of `rows` rows × N_YEARS years (GBK, tab-comma), registered."""
    rng = np.random.default_rng(seed)
    provinces = region_table().query("level == 'province'").name_zh.tolist()
    years = list(range(2023, 2023 - N_YEARS, -1))
    figures = {p: "\t," + "\t,".join(f"{v:.2f}" for v in rng.lognormal(6, 1, N_YEARS)) + "\t,\n" for p in provinces}
    name = "synthetic_regions_by_years.csv"
    with open(folder / name, "w", encoding="gb18030", newline="") as out:
        out.write(f"数据库：分省年度数据\n指标：专利申请受理量(件)\n时间：{years[-1]}年-{years[0]}年\n")
        out.write("地区\t," + "\t,".join(f"{y}年" for y in years) + "\t,\n")
        for n in range(rows):
            province = provinces[n % len(provinces)]
            out.write(province + figures[province])
        out.write("注：synthetic benchmark data\n数据来源：国家统计局\n")
    (folder / "sources.csv").write_text(
        "source_id,file,reader,title,publisher,url,table,reliability,note\n"
        f"bench,{name},portal,synthetic,benchmark,none,none,final,SYNTHETIC\n",
        encoding="utf-8",
    )
    return rows * N_YEARS


def measure(raw: Path, out: Path) -> tuple[float, float, str]:
    """(wall seconds, peak MB, '' or what stopped it) of `qy clean` in a fresh interpreter, imports included,
    limited to LIMIT_GB of address space."""
    code = (
        "import resource, sys; from qy_analysis.cli import main; status = main(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)"
    )
    limit = LIMIT_GB * 1024**3
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "clean", "--raw", str(raw), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
    )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode:
        return wall, peak, f"stopped (exit {done.returncode}: {done.stderr.strip().splitlines()[-1][:100]})"
    return wall, int(done.stderr.strip().splitlines()[-1]) / 1024, ""


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1_000_000, 5_000_000]
    print("qy clean benchmark (wall time includes interpreter start and imports)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wall, peak, _ = measure(ROOT / "data" / "raw", tmp / "shipped")
        print(f"  shipped data/raw            : {wall:6.2f} s   peak {peak:6.0f} MB   (aim < 2 s, < 500 MB)")
        big = tmp / "big" / "raw"
        big.mkdir(parents=True)
        cells = generate_portal_exports(big)
        wall, peak, _ = measure(big, tmp / "big_out")
        print(f"  portal export {cells:,} cells: {wall:6.2f} s   peak {peak:6.0f} MB   (aim < 5 s, < 500 MB)")
        from bench_read import write_export  # the long transcription bench_read.py reads

        for rows in sizes:
            raw = tmp / f"distinct{rows}" / "raw"
            raw.mkdir(parents=True)
            write_export(raw / "synthetic_export.csv", rows)
            (raw / "sources.csv").write_text(
                "source_id,file,reader,title,publisher,url,table,reliability,note\n"
                "bench,synthetic_export.csv,transcription,synthetic,benchmark,none,none,final,SYNTHETIC\n",
                encoding="utf-8",
            )
            wall, peak, stopped = measure(raw, tmp / f"distinct{rows}_out")
            print(
                f"  transcription of {rows:,} records, none repeated: {wall:7.1f} s   peak {peak:7.0f} MB   "
                f"(memory follows the distinct records) {stopped}",
                flush=True,
            )
        for rows in sizes:
            raw = tmp / f"rows{rows}" / "raw"
            raw.mkdir(parents=True)
            cells = generate_regions_by_years(raw, rows)
            wall, peak, stopped = measure(raw, tmp / f"rows{rows}_out")
            print(
                f"  regions x years {rows:,} rows x {N_YEARS} years ({cells:,} cells): {wall:7.1f} s   "
                f"peak {peak:7.0f} MB   (aim <= 4096 MB) {stopped}",
                flush=True,
            )


if __name__ == "__main__":
    main()
