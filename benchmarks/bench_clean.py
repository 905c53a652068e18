"""Benchmark `qy clean`: wall time and peak memory, on the shipped data/raw and on a generated
portal-style export of 31 regions × 50 indicators × 30 years (SYNTHETIC values, written to a temp dir).

Aims (issue 2): shipped data under 2 s, the large export under 5 s, both under 500 MB.
Run: .venv/bin/python benchmarks/bench_clean.py
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
        rows = [f"数据库：分省年度数据\n指标：{ind.zh}({ind.unit})\n时间：{years[-1]}年-{years[0]}年",
                "地区\t," + "\t,".join(f"{y}年" for y in years) + "\t,"]
        for province in provinces:
            values = rng.uniform(1, 99, n_years) if ind.kind == "share" else rng.lognormal(6, 1, n_years)
            rows.append(province + "\t," + "\t,".join(f"{v:.2f}" for v in values) + "\t,")
        rows.append("注：synthetic benchmark data\n数据来源：国家统计局")
        name = f"synthetic_export_{n:02d}.csv"
        (folder / name).write_bytes(("\n".join(rows) + "\n").encode("gb18030"))
        lines.append(f"bench{n},{name},portal,synthetic,benchmark,none,none,final,SYNTHETIC benchmark data")
    (folder / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(indicators) * len(provinces) * n_years


def measure(raw: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, peak MB) of `qy clean` in a fresh interpreter, imports included."""
    code = ("import resource, sys; from qy_analysis.cli import main; status = main(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(status)")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "clean", "--raw", str(raw), "--out", str(out)],
                          check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    return wall, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    print("qy clean benchmark (wall time includes interpreter start and imports)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wall, peak = measure(ROOT / "data" / "raw", tmp / "shipped")
        print(f"  shipped data/raw            : {wall:6.2f} s   peak {peak:6.0f} MB   (aim < 2 s, < 500 MB)")
        big = tmp / "big" / "raw"
        big.mkdir(parents=True)
        cells = generate_portal_exports(big)
        wall, peak = measure(big, tmp / "big_out")
        print(f"  portal export {cells:,} cells: {wall:6.2f} s   peak {peak:6.0f} MB   (aim < 5 s, < 500 MB)")


if __name__ == "__main__":
    main()
