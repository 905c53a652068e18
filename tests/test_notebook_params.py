"""Notebook parameters: typed in papermill's form in each parameters cell, checked by `qy run` against those
types (a default of None included), and the one-call set-up every notebook starts with."""

import pytest

from qy_analysis.errors import DataError, ParameterError
from qy_analysis.publish.jobs import check_job, notebook_parameters
from qy_analysis.reporting.notebook import declared_type, fits, setup_notebook, type_text

from .conftest import ROOT
from .synthetic import LANG_PARAMETER, synthetic_notebook

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_parameter_is_typed_and_its_default_fits(notebook):
    import ast

    declared = notebook_parameters(notebook)
    assert declared
    for name, (annotation, default) in declared.items():
        assert fits(ast.literal_eval(default), declared_type(annotation)), (name, annotation, default)
    check_job(notebook, {})  # the defaults pass the project's value checks too


@pytest.mark.parametrize(
    "notebook, params, message",
    [
        (
            "01_data_quality",
            {"indicators": "gdp"},
            r"01_data_quality.ipynb: parameter 'indicators': 'gdp' is a str; expected list\[str\] or None",
        ),
        ("01_data_quality", {"indicators": ["gdp", 3]}, r"\['gdp', 3\] is a list; expected list\[str\] or None"),
        ("03_target_reachability", {"as_of": 2012.5}, "parameter 'as_of': 2012.5 is a float; expected int or None"),
        ("03_target_reachability", {"n_paths": True}, "parameter 'n_paths': True is a bool; expected int"),
        ("04_scenarios", {"growth": {"gdp": "9%"}}, r"parameter 'growth'.*expected dict\[str, float\]"),
        (
            "06_peer_comparison",
            {"indicators": None},
            r"parameter 'indicators': None is a NoneType; expected list\[str\]",
        ),
        (
            "06_peer_comparison",
            {"group": "north"},
            "06_peer_comparison.ipynb: group: 'north': expected one of east, "
            "mountain, nation, pearl_river_delta, prefecture, province, west",
        ),
        (
            "02_baseline_check",
            {"region": "清远市"},
            "02_baseline_check.ipynb: unknown parameter 'region'; it takes lang",
        ),
    ],
)
def test_overrides_are_checked_against_the_declared_types(notebook, params, message):
    with pytest.raises(ParameterError, match=message):
        check_job(ROOT / "notebooks" / f"{notebook}.ipynb", params)


def test_ints_fit_floats_and_none_fits_optional():
    check_job(ROOT / "notebooks" / "04_scenarios.ipynb", {"spread": 5, "growth": {"gdp": 9}, "as_of": None})
    check_job(ROOT / "notebooks" / "01_data_quality.ipynb", {"indicators": ["gdp"]})


def test_an_untyped_parameter_is_an_error(tmp_path):
    path = synthetic_notebook(tmp_path / "synthetic_params.ipynb", parameters=f"{LANG_PARAMETER}\nseed = 0\n")
    with pytest.raises(DataError, match="synthetic_params.ipynb: parameters seed declare no type"):
        notebook_parameters(path)


def test_a_type_made_of_anything_else_is_refused(tmp_path):
    path = synthetic_notebook(tmp_path / "synthetic_params.ipynb", parameters="when: datetime = None  # a date\n")
    with pytest.raises(ParameterError, match="synthetic_params.ipynb: type 'datetime': expected one built from int"):
        check_job(path, {"when": 1})
    for text in ("__import__", "int.__class__", "print(1)"):
        with pytest.raises(ParameterError):
            declared_type(text)
    assert type_text(declared_type("Optional[dict[str, float]]")) == "dict[str, float] or None"


def test_setup_notebook_checks_parameters_and_loads_the_panel():
    import matplotlib
    import pandas as pd

    with pytest.raises(ParameterError, match="as_of: '2012': expected a year"):
        setup_notebook(as_of="2012")
    with matplotlib.rc_context(), pd.option_context("display.max_rows", 60, "display.precision", 6):
        p, panel = setup_notebook(region="清远", as_of=2012, lang="en")  # the options it sets end here
        assert pd.get_option("display.precision") == 4
    assert p == {"region": "441800", "as_of": 2012, "lang": "en"}
    assert {"region_code", "indicator", "year", "value"} <= set(panel.columns) and len(panel) > 1000


def test_none_means_the_plans_region_group_and_targets():
    """Notebooks default region, group and targets to None: the plan's (they were Qingyuan's, written out)."""
    from qy_analysis.targets.spec import default_plan_path, load_plan

    p, _ = setup_notebook(region=None, targets=None, group=None, lang="en")
    assert p == {"region": "441800", "targets": default_plan_path(), "group": "mountain", "lang": "en"}
    nation = ROOT / "data" / "targets" / "china_13th_fyp_2016_2020.yaml"
    p, _ = setup_notebook(region=None, targets=str(nation), group=None)
    assert (p["region"], p["group"]) == (load_plan(nation).region, "province")
    p, _ = setup_notebook(region="韶关", group="east")
    assert (p["region"], p["group"]) == ("440200", "east")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_notebook_writes_out_the_plans_region_group_or_path(notebook):
    import ast

    defaults = {name: ast.literal_eval(default) for name, (_, default) in notebook_parameters(notebook).items()}
    for name in ("region", "group", "targets"):
        assert defaults.get(name) is None, f"{notebook.name}: {name} = {defaults[name]!r}; expected None (the plan's)"


NB04 = ROOT / "notebooks" / "04_scenarios.ipynb"


def test_aliases_name_indicators_in_every_parameter():
    """Notebook 04's `growth` took only ids while scenario files accept 科技支出; now every parameter naming an
    indicator takes an id or a catalogue name, and hands the notebook ids."""
    from qy_analysis.reporting.notebook import check_params

    checked = check_params(growth={"科技支出": 20, "budget_expenditure": 8}, indicators=["科技支出", "gdp"])
    assert checked["growth"] == {"st_expenditure": 20, "budget_expenditure": 8}
    assert checked["indicators"] == ["st_expenditure", "gdp"]
    check_job(NB04, {"growth": {"科技支出": 20}})
    with pytest.raises(ParameterError, match="growth: '科技開支x' is not an indicator id or name"):
        check_job(NB04, {"growth": {"科技開支x": 20}})


def test_a_scenario_file_is_checked_as_notebook_04_reads_it(tmp_path):
    """A file outside the project passed the pre-run check, then failed in the notebook with a ValueError."""
    outside = tmp_path / "synthetic_scenario.yaml"
    outside.write_text("indicators: {st_expenditure: {growth: 10}}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="scenario: .*outside the project folder"):
        check_job(NB04, {"scenario": str(outside)})
    check_job(NB04, {"scenario": "data/scenarios/qingyuan_from_2012.yaml"})


@pytest.mark.parametrize(
    "notebook, params, message",
    [
        ("03_target_reachability", {"targets": "data/raw/sources.csv"}, "targets: .*expected a mapping with 'plan'"),
        ("03_target_reachability", {"n_paths": 10**9}, "n_paths: 1000000000: .*at most 100,000"),
        ("04_scenarios", {"sweep_numerator": [0, 1e9, 1e-9]}, "sweep_numerator: .*at most 10,000 steps"),
        ("04_scenarios", {"spread": 1e9}, "spread: .*expected a number from 0 to 100"),
        ("04_scenarios", {"growth": {"gdp": -200}}, "growth: .*above -100"),
        ("04_scenarios", {"growth": {"gdp": float("nan")}}, "growth: .*above -100"),
        ("05_backtest", {"min_years": 1000}, "min_years: 1000: .*at most 100"),
        ("06_peer_comparison", {"indicators": []}, "indicators: \\[\\]: expected a list"),
    ],
)
def test_values_a_kernel_used_to_find_are_refused_before_any_kernel(notebook, params, message):
    with pytest.raises(ParameterError, match=message):
        check_job(ROOT / "notebooks" / f"{notebook}.ipynb", params)
