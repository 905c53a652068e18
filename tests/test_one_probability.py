"""One probability per question: assess, scorecard and scorecard_rows give the same number for the same
target, as-of year, method, n_paths and seed (notebooks 03 and 05 and `qy assess` call these)."""

import pytest

from qy_analysis.cleaning.panel import load_panel
from qy_analysis.targets.assessment import assess, scorecard, scorecard_rows
from qy_analysis.targets.spec import default_plan_path, load_targets

from .conftest import ROOT

OPTIONS = dict(method="auto", n_paths=300, seed=3)


@pytest.fixture(scope="module")
def plan():
    return load_targets(default_plan_path()), load_panel(ROOT / "data" / "processed" / "panel.csv")


def test_assess_scorecard_and_scorecard_rows_agree(plan):
    targets, panel = plan
    single = {t.id: assess(t, panel, as_of=2012, **OPTIONS).probability for t in targets.values()}
    card = scorecard(targets, panel, as_of=2012, **OPTIONS).set_index("target_id")["probability"]
    before, after = ([assess(t, panel, as_of=year, **OPTIONS) for t in targets.values()] for year in (2012, None))
    review = scorecard_rows(before, after).set_index("target_id")["probability_ante"]
    judged = [k for k, p in single.items() if p is not None]
    assert len(judged) >= 2
    for k in judged:
        assert card[k] == single[k] == review[k], k


def test_the_runs_scorecard_gives_notebook_03s_probabilities(plan):
    """The run's scorecard (publish.scorecards, from the run config) and notebook 03 with its own defaults show
    the same probability for every target as of the plan's base year."""
    import ast

    import yaml

    from qy_analysis.forecasting.calibration import load_calibration
    from qy_analysis.publish.jobs import notebook_parameters
    from qy_analysis.publish.scorecards import View, build
    from qy_analysis.reporting.notebook import check_params, plan_defaults

    targets, panel = plan
    defaults = plan_defaults(
        check_params(
            **{
                name: ast.literal_eval(default)
                for name, (_, default) in notebook_parameters(
                    ROOT / "notebooks" / "03_target_reachability.ipynb"
                ).items()
            }
        )
    )
    spec = yaml.safe_load((ROOT / "notebooks" / "run_default.yaml").read_text(encoding="utf-8"))["scorecard"]
    view = View(defaults["region"], defaults["as_of"], defaults["lang"])
    before, _ = build(spec, [view])[view]
    notebook = [
        assess(
            t,
            panel,
            as_of=defaults["as_of"],
            method=defaults["method"],
            n_paths=defaults["n_paths"],
            seed=defaults["seed"],
            region=view.region,
            calibration=load_calibration(),
        )
        for t in targets.values()
    ]
    assert [a.probability for a in before] == [a.probability for a in notebook]
    assert (
        sum(a.probability is not None and 0 < a.probability < 1 for a in notebook) >= 2
    )  # forecasts, not only verdicts


def test_the_library_call_with_its_defaults_is_qy_assess_and_notebook_03(plan, capsys):
    """`assess(t, panel, as_of=2012)` as a researcher types it (shipped calibration and growth prior by default)
    gives what `qy assess` prints and what notebook 03 computes with its own defaults; switching the shipped
    artefacts off changes the answer, so the comparison can fail."""
    import ast
    import json

    from qy_analysis.cli import main
    from qy_analysis.forecasting.calibration import load_calibration
    from qy_analysis.projection.broad_prior import load_growth_prior
    from qy_analysis.publish.jobs import notebook_parameters
    from qy_analysis.reference.regions import region_code

    targets, panel = plan
    library = {t.id: assess(t, panel, as_of=2012).probability for t in targets.values()}
    assert main(["assess", "--as-of", "2012", "--format", "json"]) == 0
    printed = {row["target_id"]: row["probability_ante"] for row in json.loads(capsys.readouterr().out)}
    defaults = {
        name: ast.literal_eval(default)
        for name, (_, default) in notebook_parameters(ROOT / "notebooks" / "03_target_reachability.ipynb").items()
    }
    notebook = {
        t.id: assess(
            t,
            panel,
            as_of=defaults["as_of"],
            method=defaults["method"],
            n_paths=defaults["n_paths"],
            seed=defaults["seed"],
            region=defaults["region"] and region_code(defaults["region"]),
            calibration=load_calibration(),
            prior=load_growth_prior(),
        ).probability
        for t in targets.values()
    }
    judged = [k for k, p in library.items() if p is not None and 0 < p < 1]
    assert len(judged) >= 2
    for k, p in library.items():
        assert notebook[k] == p and (printed[k] is None if p is None else printed[k] == pytest.approx(p, abs=1e-4)), k
    bare = {k: assess(targets[k], panel, as_of=2012, calibration=None, prior=None).probability for k in judged}
    assert any(bare[k] != library[k] for k in judged)
