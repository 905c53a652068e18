"""One probability per question: assess, scorecard and plan_review give the same number for the same
target, as-of year, method, n_paths and seed (notebooks 03 and 05 and `qy assess` call these)."""
import pytest

from qy_analysis.cleaning.panel import load_panel
from qy_analysis.targets.assessment import assess, plan_review, scorecard
from qy_analysis.targets.spec import load_targets

from .conftest import ROOT

OPTIONS = dict(method="auto", n_paths=300, seed=3)


@pytest.fixture(scope="module")
def plan():
    return load_targets(ROOT / "data" / "targets" / "qingyuan_2013_2017.yaml"), load_panel(ROOT / "data" / "processed" / "panel.csv")


def test_assess_scorecard_and_plan_review_agree(plan):
    targets, panel = plan
    single = {t.id: assess(t, panel, as_of=2012, **OPTIONS).probability for t in targets.values()}
    card = scorecard(targets, panel, as_of=2012, **OPTIONS).set_index("target_id")["probability"]
    review = plan_review(targets, panel, base_year=2012, **OPTIONS).set_index("target_id")["probability_2012"]
    judged = [k for k, p in single.items() if p is not None]
    assert len(judged) >= 2
    for k in judged:
        assert card[k] == single[k] == review[k], k

