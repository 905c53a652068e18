"""conflicts.csv holds one row per disagreeing cell (issue 18: one row per record grew to 2.5 GB at scale), with
the kept record's provenance and the other records named compactly. SYNTHETIC rows, not data/raw."""

import pandas as pd
import pytest

from qy_analysis.cleaning.resolve import CONFLICT_COLUMNS, resolve


def _rows(records: list[tuple]) -> pd.DataFrame:
    """SYNTHETIC cleaned rows: (region_code, year, value, source_id, reliability, file, row)."""
    frame = pd.DataFrame(records, columns=["region_code", "year", "value", "source_id", "reliability", "file", "row"])
    return frame.assign(
        region="合成市",
        indicator="gdp",
        unit="亿元",
        source_ref="source_url=http://example.invalid/" + frame["source_id"],
        source_key=frame["source_id"],
    )


def test_one_row_per_cell_naming_the_other_sources():
    rows = _rows(
        [
            ("449901", 2020, 120.0, "gamma", "third_party", "c.csv", 7),
            ("449901", 2020, 100.0, "alpha", "final", "a.csv", 3),
            ("449901", 2020, 110.5, "beta", "preliminary", "b.csv", 5),
            ("449902", 2020, 100.0, "alpha", "final", "a.csv", 4),  # agrees within 0.5%: no conflict
            ("449902", 2020, 100.2, "beta", "preliminary", "b.csv", 6),
            ("449903", 2020, 50.0, "alpha", "final", "a.csv", 9),  # one source only
        ]
    )
    kept, conflicts = resolve(rows, ["alpha", "beta", "gamma"])
    assert list(conflicts.columns) == CONFLICT_COLUMNS
    assert len(conflicts) == 1
    row = conflicts.iloc[0]
    panel_value = kept.loc[(kept.region_code == "449901") & (kept.year == 2020), "value"].item()
    assert row.value == panel_value == 100.0
    assert (row.source_id, row.file, row.row, row.n_records) == ("alpha", "a.csv", 3, 3)
    assert row.others == "beta=110.5@b.csv:5; gamma=120@c.csv:7"  # rank order: most reliable first
    assert (row["min"], row["max"], row.spread) == (100.0, 120.0, pytest.approx(0.2))


def test_no_conflicts_gives_an_empty_table_with_the_columns():
    kept, conflicts = resolve(_rows([("449901", 2020, 1.0, "alpha", "final", "a.csv", 1)]), ["alpha"])
    assert len(kept) == 1 and conflicts.empty and list(conflicts.columns) == CONFLICT_COLUMNS


@pytest.mark.parametrize("lang, joiner", [("zh", "；"), ("en", "; ")])
def test_notebook_01_shows_the_other_values_without_file_and_row(lang, joiner):
    from qy_analysis.reporting.quality import _others

    shown = _others("synth_b=110.5@b.csv:5; synth_c=120@c.csv:7", "gdp", lang)
    assert shown.split(joiner) == ["synth_b 110.5", "synth_c 120.0"] and "csv" not in shown
