"""The scenario explorer as a researcher uses it: move a slider from Python, read the label, and find the numbers
`evaluate`, `what_it_takes` and `qy scenario` give for the same assumptions; the offline page's grid holds them too."""

import io
import re
from contextlib import redirect_stdout

import numpy as np
import pandas as pd
import pytest

from qy_analysis import load_panel, load_plan
from qy_analysis.cli import main
from qy_analysis.reporting import explorer_page
from qy_analysis.targets.scenario_replay import Replay, Setting, plausible_range
from qy_analysis.targets.scenarios import Scenario, evaluate, what_it_takes

pytest.importorskip("ipywidgets")


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def panel():
    return load_panel()


@pytest.fixture(scope="module")
def explorer(plan, panel):
    from qy_analysis import explore

    return explore(as_of=2012, lang="en", panel=panel)


def shown_probability(label: str) -> float:
    return round(float(re.search(r"probability ([\d.]+)%", label).group(1)) / 100, 4)  # shown to 0.01 pp


def scenario_of(explorer, panel, plan):
    replay = explorer.replay(explorer.as_of.value)
    return Scenario.from_dict(explorer.setting().spec(replay.base), panel, plan=plan)


def test_moving_a_slider_shows_what_evaluate_and_what_it_takes_give(explorer, plan, panel):
    explorer.reset()
    before = explorer.probability.value
    explorer.sliders["st_expenditure"].value = 12.0
    assert explorer.probability.value != before and explorer.typed["st_expenditure"].value == 12.0
    scenario = scenario_of(explorer, panel, plan)
    assert scenario.assumptions["st_expenditure"].growth.tolist() == [12.0] * 5
    headline = plan.targets[plan.headline_target]
    expected = evaluate(scenario, plan.targets, panel).set_index("target_id")
    assert shown_probability(explorer.probability.value) == expected.loc[headline.id, "probability"]
    assert f"{100 * expected.loc[headline.id, 'probability']:.2f}%" in explorer.table.value
    for tid, row in expected.iterrows():  # every target's row in the small table
        assert f"{100 * row['probability']:.2f}%" in explorer.table.value, tid
    needed = what_it_takes(scenario, headline, "st_expenditure")
    assert f"at least {needed:.1f}% a year" in explorer.takes.value


def test_export_writes_a_scenario_qy_scenario_prints_the_same_numbers_for(explorer, tmp_path):
    explorer.reset()
    explorer.sliders["budget_expenditure"].value = 10.5
    explorer.spread.value = 3.0
    explorer.export_path.value = str(tmp_path / "mine.yaml")
    explorer.export_button.click()
    path = tmp_path / "mine.yaml"
    assert "mine.yaml" in explorer.message.value and path.exists()
    explorer.export_path.value = str(tmp_path)  # a folder: not a file to write
    explorer.export_button.click()
    assert "cannot write the scenario" in explorer.message.value
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["scenario", str(path), "--format", "csv", "--lang", "en"]) == 0
    printed = pd.read_csv(io.StringIO(out.getvalue().split("# what it takes")[0].split("\n", 1)[1]))
    shown = explorer.replay(2012).outcomes(explorer.setting()).set_index("target_id")
    for row in printed.itertuples():
        assert round(shown.loc[row.target_id, "probability"], 4) == row.probability, row.target_id
    headline = explorer.target.value
    assert (
        round(shown_probability(explorer.probability.value), 4)
        == printed.set_index("target_id").loc[headline, "probability"]
    )


def test_any_finite_value_is_taken_and_said_to_lie_outside_what_regions_did(explorer):
    explorer.reset()
    explorer.typed["st_expenditure"].value = 80.0
    assert explorer.sliders["st_expenditure"].value == 80.0 and explorer.sliders["st_expenditure"].max >= 80
    assert "80 lies outside what comparable regions ever did" in explorer.notes["st_expenditure"].value
    explorer.set("gdp", float("nan"))
    assert "expected a finite growth" in explorer.message.value
    explorer.reset()
    assert explorer.sliders["st_expenditure"].value == explorer.replay(2012).default().growth["st_expenditure"]
    assert "outside" not in explorer.notes["st_expenditure"].value


def test_another_as_of_year_and_target_redraw(explorer):
    explorer.reset()
    explorer.target.value = "patent_applications_2017"
    assert "Patent applications" in explorer.takes.value and "<svg" in explorer.chart.value
    explorer.as_of.value = 2014
    assert 2014 in explorer.replays and shown_probability(explorer.probability.value) >= 0
    explorer.as_of.value, explorer.target.value = 2012, load_plan().headline_target


def test_replayed_draws_are_evaluates_for_any_growth_and_spread(plan, panel):
    replay = Replay(plan, panel, 2012)
    rng = np.random.default_rng(7)
    for _ in range(3):
        growth = {ind: float(rng.uniform(-5, 30)) for ind in replay.drivers}
        setting = Setting(growth, float(rng.uniform(0.5, 10)))
        shown = replay.outcomes(setting)
        expected = evaluate(Scenario.from_dict(setting.spec(replay.base), panel, plan=plan), plan.targets, panel)
        assert shown["probability"].tolist() == expected["probability"].tolist()
        assert shown["value_in_target_year"].tolist() == expected["value_in_target_year"].tolist()


def test_the_offline_grid_holds_each_cells_outcome(plan, panel):
    replay = Replay(plan, panel, 2012)
    data = explorer_page.page_data(replay, "en")
    (st, budget), step = data["axes"], data["step"]
    assert step == 0.5 and [st["id"], budget["id"]] == ["st_expenditure", "budget_expenditure"]
    for i, j in [(0, 0), (st["n"] // 2, 3), (st["n"] - 1, budget["n"] - 1)]:
        growth = {
            **replay.default().growth,
            "st_expenditure": st["start"] + i * step,
            "budget_expenditure": budget["start"] + j * step,
        }
        row = replay.outcomes(Setting(growth, replay.default().spread)).set_index("target_id").loc[plan.headline_target]
        assert data["count"][i * budget["n"] + j] / data["paths"] == row["probability"]
    assert "precomputed" in data["note"] and "0.5 percentage points" in data["note"]
    page = explorer_page.explorer_html(data)
    assert page == explorer_page.explorer_html(
        explorer_page.page_data(Replay(plan, panel, 2012), "en")
    )  # deterministic
    assert not re.search(r"(src|href|url)\W*https?:", page) and "<script src" not in page  # nothing to fetch


def test_slider_ranges_come_from_comparable_regions_up_to_the_as_of_year(panel):
    early, late = (plausible_range(panel, "budget_expenditure", "441800", year, 5) for year in (2012, 2020))
    assert early["level"] == "prefecture" and early["as_of"] == 2012 and early["low"] < early["high"]
    assert late["n_rates"] > early["n_rates"]
    known_then = panel[panel["year"] <= 2012].copy()  # a new frame: nothing cached from the whole panel
    for ind in ("st_expenditure", "budget_expenditure", "patent_applications", "gdp"):
        assert plausible_range(known_then, ind, "441800", 2012, 5) == plausible_range(panel, ind, "441800", 2012, 5)
    assert plausible_range(panel, "fiscal_st_share", "441800", 2012, 5) is None  # a share is driven by its parts


def test_a_plan_without_a_default_scenario_is_refused_in_one_line(panel):
    from qy_analysis.errors import DataError

    plan = load_plan("data/targets/china_13th_fyp_2016_2020.yaml")
    with pytest.raises(DataError, match="names no default_scenario"):
        Replay(plan, panel)
    assert explorer_page.build(plan, panel, "en") == ""  # a run of such a plan writes no explorer page
