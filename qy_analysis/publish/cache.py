"""Results worth keeping between runs (notebook 05's backtest: a third of `qy run`), stored under data/cache/
(ignored by git; QY_CACHE_DIR moves it) and keyed by everything they depend on: the panel's content, the
arguments and the source of the qy_analysis package and its resources. Any change to those computes afresh; the result
is the same object either way, so the notebooks' outputs do not change."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pandas as pd

from ..io import write_files_atomically
from ..paths import project_path

PACKAGE = Path(__file__).resolve().parent.parent


def _code_digest() -> bytes:
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".json", ".yaml", ".csv")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.digest()


def cache_key(panel: pd.DataFrame, arguments: dict) -> str:
    digest = hashlib.sha256(_code_digest())
    digest.update(pd.util.hash_pandas_object(panel, index=True).to_numpy().tobytes())
    digest.update(",".join(map(str, panel.columns)).encode())
    digest.update(json.dumps(arguments, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:20]


def cached(name: str, compute, panel: pd.DataFrame, **arguments) -> pd.DataFrame:
    """compute(panel, **arguments), read from data/cache/<name>-<key>.pkl when it was computed before."""
    folder = Path(os.environ.get("QY_CACHE_DIR") or project_path("data", "cache"))
    path = folder / f"{name}-{cache_key(panel, arguments)}.pkl"
    if path.exists():
        return pd.read_pickle(path)
    result = compute(panel, **arguments)
    buffer = io.BytesIO()
    result.to_pickle(buffer)
    try:
        write_files_atomically({path: buffer.getvalue()})
        for old in folder.glob(f"{name}-*.pkl"):  # earlier results of this cache, made by this function
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only or full disk only costs the time saved
        pass
    return result
