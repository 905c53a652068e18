"""One scorecard schema: `qy assess --format csv|json` (both views, --as-of, --latest-only) and a run's
scorecard.csv have the same columns: a region code, codes and numbers, no text in any language."""

import io
import json

import pandas as pd
import pytest

from qy_analysis.cli import main
from qy_analysis.publish import scorecards
from qy_analysis.targets.assessment import VIEW_COLUMNS, assess, scorecard_rows
from qy_analysis.targets.spec import load_plan

from .conftest import ROOT

EXPECTED = [
    "region",
    "target_id",
    "clause",
    "kind",
    "indicator",
    "unit",
    "rule",
    "asked",
    "target_year",
    "as_of",
    *(f"{k}_ante" for k in VIEW_COLUMNS),
    *(f"{k}_latest" for k in VIEW_COLUMNS),
    "gap",
    "notes",
]


def _assess_csv(capsys, *options) -> pd.DataFrame:
    assert main(["assess", "--n-paths", "60", *options]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)


@pytest.mark.slow
def test_assess_and_the_runs_scorecard_share_one_schema(capsys, tmp_path):
    both = _assess_csv(capsys, "--format", "csv")
    as_of = _assess_csv(capsys, "--format", "csv", "--as-of", "2015")
    latest = _assess_csv(capsys, "--format", "csv", "--latest-only", "--lang", "en")
    assert main(["assess", "--n-paths", "60", "--format", "json"]) == 0
    from_json = json.loads(capsys.readouterr().out)
    plan = load_plan(ROOT / "data" / "targets" / "qingyuan_2013_2017.yaml")
    from qy_analysis.cleaning.panel import load_panel

    panel = load_panel()
    before, after = ([assess(t, panel, as_of=y, n_paths=60) for t in plan.targets.values()] for y in (2012, None))
    view = scorecards.View(plan.region, 2012, "zh")
    scorecards.write({view: (before, after)}, tmp_path, "zh")
    run = pd.read_csv(tmp_path / "scorecard.csv", dtype=str, keep_default_na=False)
    for table in (both, as_of, latest, run):
        assert list(table.columns) == EXPECTED
    assert list(from_json[0]) == EXPECTED
    assert set(run["region"]) == {"441800"} and set(both["region"]) == {"441800"}
    assert (latest["as_of"] == "").all() and (as_of["as_of"] == "2015").all() and (both["as_of"] == "2012").all()
    words = pd.concat([both, run])[[c for c in EXPECTED if c not in ("clause", "unit")]].to_csv()  # the plan's own
    assert not any("\u4e00" <= c <= "\u9fff" for c in words), "target text or Chinese words in the CSV"


def test_rule_is_a_language_neutral_code():
    plan = load_plan(ROOT / "data" / "targets" / "qingyuan_2013_2017.yaml")
    from qy_analysis.cleaning.panel import load_panel

    panel = load_panel()
    rows = scorecard_rows(None, [assess(t, panel, n_paths=20) for t in plan.targets.values()])
    codes = dict(zip(rows["target_id"], rows["rule"]))
    assert codes["patent_applications_2017"] == "level>=1500@2017"
    assert codes["fiscal_st_share_2017"] == "share>=1.33@2017"
    assert all(
        c.split("@")[0].rstrip("0123456789.>=%/yr")
        in {"level", "share", "count", "growth", "yearly_min", "monotone", "milestone"}
        for c in codes.values()
    )
