"""The plan's own baseline figures against what the panel holds for the same year (notebook 02)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..cleaning.pipeline import source_rows
from ..errors import DataError
from ..targets.spec import load_plan

TOLERANCE_PERCENT = 0.5  # difference from the plan's figure, in %, above which a figure is highlighted


def baseline_table(panel: pd.DataFrame, raw_dir: Path, plan=None) -> pd.DataFrame:
    """One row per figure the plan states (the raw source its header names, `Plan.source_id`; default: the
    project's plan): the plan's value, the published value the panel keeps (and from which source), the value
    derived from its parts, and their differences from the plan's figure in %."""
    plan = load_plan() if plan is None else plan
    if plan.source_id is None:
        raise DataError(
            f"{plan.path}: field 'plan.source_id' is empty; expected the id of the raw source "
            f"(data/raw/sources.csv) that transcribes the plan's baseline figures"
        )
    figures = source_rows(raw_dir, plan.source_id)
    out = []
    for fig in figures.itertuples(index=False):
        rows = panel[
            (panel["region_code"] == fig.region_code)
            & (panel["indicator"] == fig.indicator)
            & (panel["year"] == fig.year)
        ]
        kept = rows[~rows["derived"]]
        derived = rows[rows["derived"]]
        out.append(
            {
                "indicator": fig.indicator,
                "year": fig.year,
                "unit": fig.unit,
                "plan": fig.value,
                "panel": kept["value"].iloc[0] if len(kept) else np.nan,
                "panel_source": kept["source_id"].iloc[0] if len(kept) else "",
                "derived": derived["value"].iloc[0] if len(derived) else np.nan,
            }
        )
    table = pd.DataFrame(out)
    table["panel_vs_plan_%"] = (table["panel"] / table["plan"] - 1) * 100
    table["derived_vs_plan_%"] = (table["derived"] / table["plan"] - 1) * 100
    table["differs"] = (table[["panel_vs_plan_%", "derived_vs_plan_%"]].abs() > TOLERANCE_PERCENT).any(axis=1)
    return table
