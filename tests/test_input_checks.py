"""Run configs and scenario assumptions are checked before work starts: one line naming file and field.
Files here are SYNTHETIC."""

import pytest

from qy_analysis import DataError
from qy_analysis.ingest.checks import check_run_config
from qy_analysis.inputs import load_yaml
from qy_analysis.publish.runner import run
from qy_analysis.targets.scenario_files import check_assumption


@pytest.mark.parametrize(
    "text, message",
    [
        (None, "no such run config file"),
        ("name: x\nnotebooks:\n\t- notebook: a.ipynb\n", r"line 3: not valid YAML .*indent with spaces, not tabs"),
        ("notebooks: 5\n", r"field 'notebooks': 5: expected a list"),
        ("notebooks:\n  - parameters: [{a: 1}]\n", r"notebooks\[1\]: .*expected a mapping with 'notebook: "),
        (
            "notebooks:\n  - notebook: a.ipynb\n    parameters: {a: 1}\n",
            r"field 'parameters': .*expected a list of mappings",
        ),
        ("- a\n", "list at the top; expected a mapping with 'notebooks'"),
        ("name: [1]\nnotebooks: [{notebook: a.ipynb}]\n", r"field 'name': \[1\]: expected a str"),
    ],
)
def test_run_config_checked(tmp_path, text, message):
    path = tmp_path / "synthetic_run.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        run(path)


def test_run_config_that_is_a_folder(tmp_path):
    with pytest.raises(DataError, match="a folder; expected a run config file"):
        load_yaml(tmp_path, "run config")
    assert check_run_config({"notebooks": [{"notebook": "a.ipynb"}]}, "x") == {"notebooks": [{"notebook": "a.ipynb"}]}


@pytest.mark.parametrize(
    "item, message",
    [
        ({"growth": float("nan")}, r"field 'growth': nan: expected a finite number"),
        ({"growth": float("inf")}, r"field 'growth': inf: expected a finite number"),
        ({"growth": 1e308}, r"field 'growth': 1e\+308: expected a number <= 1000"),
        ({"growth": True}, r"field 'growth': True is a bool; expected a number"),
        ({"growth": "fast"}, r"field 'growth': 'fast' is a str; expected a number"),
        ({"growth": {"a": 1}}, r"field 'growth': \{'a': 1\} is a dict; expected a number"),
        ({"growth": [5, float("nan")]}, r"field 'growth'\[1\]: nan"),
        ({"growth": 5, "spread": float("nan")}, r"field 'spread': nan: expected a finite number"),
        ({"growth": 5, "spread": 1e9}, r"field 'spread': 1000000000.0: expected a number <= 100"),
        ({"growth": 5, "shock": 3}, r"field 'shock': 3: expected \{year: YYYY"),
        ({"growth": 5, "shock": {"year": "2015", "change": -10}}, r"field 'shock.year': '2015': expected a year"),
        ({"growth": 5, "shock": {"year": 2015, "change": float("inf")}}, r"field 'shock.change': inf"),
    ],
)
def test_scenario_assumption_checked(item, message):
    with pytest.raises(DataError, match=message):
        check_assumption(item, "synthetic.yaml: indicators.st_expenditure")


def test_plain_assumptions_pass():
    check_assumption({"growth": [8, 7.5], "spread": 5, "shock": {"year": 2015, "change": -10}}, "x")


def test_one_yaml_reader_leaves_no_file_open(recwarn):
    """Issue 14: reporting/gaps.py read the known gaps through an `open()` it never closed."""
    import gc
    import warnings

    from qy_analysis.reporting.gaps import load_known_gaps

    warnings.simplefilter("always", ResourceWarning)
    assert load_known_gaps()
    gc.collect()
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]
