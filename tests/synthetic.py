"""SYNTHETIC panels and series for tests (made-up numbers with known answers; never real data)."""

import pandas as pd

from qy_analysis.cleaning.pipeline import PANEL_COLUMNS


def panel_from(series: dict[tuple[str, str], dict[int, float]], derived: bool = False) -> pd.DataFrame:
    """A panel in the shape `qy clean` writes, from {(region_code, indicator): {year: value}}."""
    rows = [
        {
            "region_code": code,
            "region": code,
            "year": year,
            "indicator": indicator,
            "value": value,
            "unit": "",
            "derived": derived,
            "source_id": "synthetic",
            "reliability": "final",
            "flags": "",
            "file": "synthetic",
            "row": "",
            "source_ref": "SYNTHETIC",
        }
        for (code, indicator), values in series.items()
        for year, value in values.items()
    ]
    return pd.DataFrame(rows, columns=PANEL_COLUMNS)


def growing(start: float, rate: float, first: int, last: int) -> dict[int, float]:
    return {year: start * (1 + rate) ** (year - first) for year in range(first, last + 1)}
