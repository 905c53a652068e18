"""Every gap visible (notebook 01): which indicators a plan's targets need and what the panel holds for each,
those with no data at all included, and the gaps known to be in the sources themselves
(`data/known_gaps.yaml`, data rather than code), with how many regions still lack a value."""

from __future__ import annotations

import pandas as pd

from ..errors import DataError
from ..inputs import load_yaml
from ..paths import project_path
from ..reference import labels as i18n
from ..reference.numbers import year_spans
from ..reference.regions import region_table

KNOWN_GAPS = "data/known_gaps.yaml"


def needed_indicators(targets, panel: pd.DataFrame | None = None, region: str | None = None) -> list[str]:
    """The indicators the targets are measured on (catalogue order of first use), then any other indicator
    the panel has for `region`."""
    needed = list(dict.fromkeys(t.indicator for t in targets.values() if t.indicator))
    if panel is not None and region is not None:
        needed += sorted(set(panel.loc[panel["region_code"] == region, "indicator"]) - set(needed))
    return needed


def coverage_table(panel: pd.DataFrame, region: str, indicators, targets, lang: str) -> pd.DataFrame:
    """One row per indicator (no data included): its name, the years with a value, and the targets on it."""
    rows = panel[(panel["region_code"] == region) & panel["indicator"].isin(indicators)]
    years = rows.groupby("indicator")["year"].apply(lambda y: year_spans(sorted(set(y)), "–", ", "))
    on = {i: list(dict.fromkeys(t.clause for t in targets.values() if t.indicator == i)) for i in indicators}
    count = {i: sum(t.indicator == i for t in targets.values()) for i in indicators}
    sep, (left, right) = ("、", "（）") if lang == "zh" else (", ", ("(", ")"))
    frame = pd.DataFrame(
        {
            "name": [i18n.indicator_label(i, lang, with_unit=False) for i in indicators],
            "years_covered": [years.get(i, i18n.t("no_data_row", lang)) for i in indicators],
            "targets": [f"{count[i]} {left}{sep.join(on[i])}{right}" if on[i] else "–" for i in indicators],
        }
    )  # how many targets, and the plan's clauses
    return frame.rename(columns={c: i18n.column_label(c, lang) for c in frame.columns})


def load_known_gaps(path=None) -> list[dict]:
    path = project_path(KNOWN_GAPS) if path is None else path
    try:
        doc = load_yaml(path, "known gaps")
        gaps = doc["gaps"]
        for i, gap in enumerate(gaps):
            missing = {"indicator", "years", "zh", "en", "source"} - set(gap)
            if missing or not ({"parent", "regions"} & set(gap)):
                raise DataError(f"{path}: gap {i + 1}: fields {sorted(missing) or ['parent or regions']} missing")
        return gaps
    except (KeyError, TypeError) as err:
        raise DataError(f"{path}: cannot read the known gaps ({err}); expected a mapping with a list 'gaps'") from None


def known_gaps(panel: pd.DataFrame, region: str, indicators, lang: str, path=None) -> pd.DataFrame:
    """The known source gaps that touch `region` and `indicators`: what is missing, and how many of the
    gap's regions have no value in the panel for its years (e.g. '16 of 21')."""
    table, rows = region_table(), []
    for gap in load_known_gaps(path):
        regions = list(table.index[table["parent"] == str(gap["parent"])]) if "parent" in gap else gap["regions"]
        if gap["indicator"] not in indicators or region not in regions:
            continue
        have = panel[(panel["indicator"] == gap["indicator"]) & panel["year"].isin(gap["years"])]
        lacking = sum(1 for code in regions if code not in set(have["region_code"]))
        lacks_region = region not in set(have["region_code"])
        rows.append(
            {
                "name": i18n.indicator_label(gap["indicator"], lang, with_unit=False),
                "gap_years": year_spans(sorted(gap["years"]), "–", ", "),
                "detail": gap[lang]
                + ("；" if lang == "zh" else "; ")
                + i18n.t(
                    "gap_count",
                    lang,
                    n=lacking,
                    of=len(regions),
                    region=i18n.region_label(region, lang),
                    has=i18n.yes_no(not lacks_region, lang),
                ),
                "source": gap["source"],
            }
        )
    frame = pd.DataFrame(rows, columns=["name", "gap_years", "detail", "source"])
    return frame.rename(columns={c: i18n.column_label(c, lang) for c in frame.columns})
