"""SYNTHETIC panels, series and notebooks for tests (made-up numbers with known answers; never real data)."""

from pathlib import Path

import nbformat
import pandas as pd

from qy_analysis.cleaning.pipeline import PANEL_COLUMNS
from qy_analysis.reference import catalogue
from qy_analysis.targets.spec import Target


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


def synthetic_target(
    kind: str = "level", indicator: str | None = "patent_applications", region: str = "441800", **fields
) -> Target:
    """A SYNTHETIC plan target: made-up id and words unless given; the unit is the one the plan loader expects
    (% for growth, else the indicator's; none without an indicator) unless given."""
    unit = None if indicator is None else "%" if kind == "growth" else catalogue.get(indicator).unit
    words = {"id": "t", "clause": "一", "zh": "目标", "en": "target", "unit": unit}
    return Target(**{**words, **fields}, kind=kind, region=region, indicator=indicator)


LANG_PARAMETER = 'lang: str = "zh"  # zh or en'


def synthetic_notebook(path: Path, *code: str, parameters: str = LANG_PARAMETER) -> Path:
    """A SYNTHETIC notebook at `path` on the project's kernel: a `parameters` cell, then one cell per `code`."""
    book = nbformat.v4.new_notebook()
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.cells = [
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        *(nbformat.v4.new_code_cell(cell) for cell in code),
    ]
    nbformat.write(book, path)
    return path
