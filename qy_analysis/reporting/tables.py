"""Tables for people: the language-neutral results of `targets` (ids, codes, numbers) with the targets'
own words and translated statuses, at the edge where a notebook, the CLI or a report shows them.

    card = scorecard_table(assessments, "en")          # rows of Assessment.row(), text and status in English
    with_text(evaluate(scenario, targets, panel), targets, "zh")   # any table keyed by target_id

The same assessments serve a zh and an en report.
"""
from __future__ import annotations

import pandas as pd

from ..reference.labels import status_label


def with_text(frame: pd.DataFrame, targets: dict, lang: str) -> pd.DataFrame:
    """`frame` with a `text` column (each target's words in `lang`) after `clause`, or after `target_id`."""
    if frame.empty:
        return frame
    out = frame.copy()
    after = "clause" if "clause" in out.columns else "target_id"
    out.insert(out.columns.get_loc(after) + 1, "text", [targets[i].text(lang) for i in out["target_id"]])
    return out


def translate_statuses(frame: pd.DataFrame, lang: str, columns=("status",)) -> pd.DataFrame:
    """`frame` with status codes (met, on track, …) replaced by their labels in `lang`."""
    out = frame.copy()
    for column in columns:
        out[column] = [status_label(code, lang) for code in out[column]]
    return out


def scorecard_table(assessments, lang: str) -> pd.DataFrame:
    """One row per assessment, its target's words and its status in `lang`."""
    assessments = list(assessments)
    frame = pd.DataFrame([a.row() for a in assessments])
    return translate_statuses(with_text(frame, {a.target_id: a.target for a in assessments}, lang), lang)
