"""Every gap visible: the coverage lists every indicator the targets need, and known source gaps are data."""

import pytest

from qy_analysis.cleaning.panel import load_panel
from qy_analysis.errors import DataError
from qy_analysis.paths import project_path
from qy_analysis.reporting.gaps import coverage_table, known_gaps, needed_indicators
from qy_analysis.targets.spec import load_plan


@pytest.fixture(scope="module")
def shipped():
    return load_plan(), load_panel(project_path("data/processed/panel.csv"))


def test_coverage_lists_every_needed_indicator_with_or_without_data(shipped):
    plan, panel = shipped
    needed = needed_indicators(plan.targets)
    table = coverage_table(panel, "441800", needed, plan.targets, "en")
    assert len(table) == len(needed) and len(needed) > 20
    none = table[table["years with data"] == "no data"]
    assert len(none) >= 10 and "Patent agencies" in none["name"].tolist()
    assert table.set_index("name").loc["Patent applications", "years with data"] == "2012, 2017–2019"


def test_the_2017_gdp_gap_appears_with_its_count(shipped):
    plan, panel = shipped
    gaps = known_gaps(panel, "441800", ["gdp"], "en")
    assert len(gaps) == 1 and gaps.iloc[0]["missing years"] == "2017"
    assert "16 of 21 regions have no value" in gaps.iloc[0]["detail"] and gaps.iloc[0]["source"] == "csy"
    assert "21个地区中有16个" in known_gaps(panel, "441800", ["gdp"], "zh").iloc[0]["说明"]
    assert known_gaps(panel, "110000", ["gdp"], "en").empty  # Beijing is not one of Guangdong's cities


def test_a_bad_gaps_file_names_itself(tmp_path, shipped):
    bad = tmp_path / "gaps.yaml"
    bad.write_text("gaps:\n  - indicator: gdp\n    years: [2017]\n", encoding="utf-8")
    with pytest.raises(DataError, match="gaps.yaml: gap 1: fields"):
        known_gaps(shipped[1], "441800", ["gdp"], "en", path=bad)
