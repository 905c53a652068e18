"""The plan's baseline figures (reporting/baseline.py) come from the raw source the plan's header names."""

from dataclasses import replace

import pytest

from qy_analysis import DataError
from qy_analysis.cleaning.panel import load_panel
from qy_analysis.paths import project_path
from qy_analysis.reporting import baseline
from qy_analysis.targets.spec import load_plan


def test_the_figures_come_from_the_plans_source_id(monkeypatch):
    plan, asked = load_plan(), []
    real = baseline.source_rows
    monkeypatch.setattr(baseline, "source_rows", lambda raw, source: asked.append(source) or real(raw, source))
    table = baseline.baseline_table(load_panel(), project_path("data/raw"))
    assert asked == [plan.source_id] and len(table) > 0
    # another plan's source is read, not a name written in the code
    with pytest.raises(DataError, match="no source .no_such_source."):
        baseline.baseline_table(load_panel(), project_path("data/raw"), replace(plan, source_id="no_such_source"))
    assert asked[-1] == "no_such_source"


def test_a_plan_naming_no_source_says_so():
    nation = load_plan(project_path("data/targets/china_13th_fyp_2016_2020.yaml"))
    with pytest.raises(DataError, match="plan.source_id' is empty"):
        baseline.baseline_table(load_panel(), project_path("data/raw"), nation)
