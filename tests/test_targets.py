import pytest

from qy_analysis import DataError
from qy_analysis.targets.spec import KINDS, default_plan_path, load_plan, load_targets

from .conftest import ROOT, SHARED

PLAN = default_plan_path()


def test_every_target_of_the_plan():
    targets = load_targets(PLAN)
    assert len(targets) == 49
    assert {t.kind for t in targets.values()} == set(KINDS)
    assert sum(t.measurable for t in targets.values()) == 37
    patents = targets["patent_applications_2017"]
    assert (patents.clause, patents.baseline_value, patents.value, patents.year) == ("二（十一）", 750, 1500, 2017)
    share = targets["fiscal_st_share_2017"]
    assert (share.kind, share.baseline_value, share.value) == ("share", 1.11, 1.33)
    assert targets["patent_applications_growth_2013_2017"].rate == 15
    assert targets["st_commissioners_2017"].baseline_value == 102
    assert targets["science_popularisation_events_yearly"].rule.years() == [2013, 2014, 2015, 2016, 2017]
    assert targets["st_expenditure_rising"].rule.years()[0] == 2012
    assert all(t.zh and t.en and t.clause for t in targets.values())


# the plan as published; a worktree keeps the shared folder one level further up
SEED_PLANS = [folder / "seed" for folder in (SHARED, ROOT.parent.parent / "shared")]


def test_the_two_rising_clauses_of_2_4_quote_the_plan():
    targets = load_targets(PLAN)
    share, rd = targets["fiscal_st_share_rising"], targets["rd_expenditure_rising"]
    assert (share.kind, share.indicator, share.start, share.year) == ("monotone", "fiscal_st_share", 2013, 2017)
    assert (rd.kind, rd.indicator, rd.start, rd.year) == ("monotone", "rd_expenditure", 2013, 2017)
    assert (share.baseline_value, rd.baseline_value) == (1.11, 6.50)
    texts = [p.read_text(encoding="utf-8") for folder in SEED_PLANS for p in folder.glob("*.txt")]
    if not texts:
        pytest.skip("the plan's text (../shared/seed) is not here")
    assert all(any(t.zh in text for text in texts) for t in (share, rd))


BASE = """plan: {{id: p, region: "441800", base_year: 2012}}
targets:
  - {{id: t1, clause: 一, zh: 中文, en: English, {body}}}
"""


@pytest.mark.parametrize(
    "body, message",
    [
        ("kind: level, indicator: nonsense, unit: 件, target: {year: 2017, value: 1}", "field 'indicator': 'nonsense'"),
        ("kind: wish, indicator: patent_applications, unit: 件", "field 'kind': 'wish': expected one of level"),
        (
            "kind: level, indicator: patent_applications, unit: 件, target: {year: 2017}",
            "field 'target.value' is missing",
        ),
        (
            "kind: count, indicator: patent_applications, unit: 件, target: {year: 2017, value: 9}",
            "field 'baseline.year' is missing",
        ),
        (
            "kind: count, indicator: patent_applications, unit: 件, baseline: {year: 2012, value: 1}, "
            "target: {year: 2011, value: 9}",
            "field 'target.year': 2011: expected a year after the baseline year 2012",
        ),
        (
            "kind: level, indicator: patent_applications, unit: 亿元, target: {year: 2017, value: 1}",
            "field 'unit': '亿元': expected '件'",
        ),
        (
            "kind: level, indicator: patent_applications, unit: 件, target: {year: 2017, value: lots}",
            "field 'target.value': 'lots' is a str; expected a number",
        ),
    ],
)
def test_loader_rejects_bad_targets(tmp_path, body, message):
    path = tmp_path / "targets.yaml"
    path.write_text(BASE.format(body=body), encoding="utf-8")
    with pytest.raises(DataError, match=f"targets.yaml, target 1 \\(t1\\): {message}"):
        load_targets(path)


def test_loader_rejects_a_file_that_is_not_a_registry(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(DataError, match="expected a mapping with 'plan' and a list 'targets'"):
        load_targets(path)


def test_the_plan_header_gives_the_defaults():
    plan = load_plan(PLAN)
    assert (plan.region, plan.base_year, plan.target_year, plan.peer_group) == ("441800", 2012, 2017, "mountain")
    assert plan.headline_target in plan.targets and len(plan.targets) == 49
    assert (ROOT / plan.default_scenario).exists()


def test_a_bad_plan_header_is_named(tmp_path):
    text = PLAN.read_text(encoding="utf-8")
    for old, new, field in (
        ("target_year: 2017", "target_year: 2011", "plan.target_year"),
        ("peer_group: mountain", "peer_group: hills", "plan.peer_group"),
        ("headline_target: fiscal_st_share_2017", "headline_target: nosuch", "plan.headline_target"),
    ):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text.replace(old, new), encoding="utf-8")
        with pytest.raises(DataError, match=f"bad.yaml: field '{field}'"):
            load_plan(bad)


def test_a_second_plan_is_data(capsys):
    """The nation's 13th five-year plan R&D target assesses with no code change."""
    from qy_analysis.cli import main

    second = ROOT / "data" / "targets" / "china_13th_fyp_2016_2020.yaml"
    plan = load_plan(second)
    assert (plan.region, plan.base_year, plan.target_year) == ("000000", 2015, 2020)
    assert (
        main(
            [
                "assess",
                "--targets",
                str(second),
                "--panel",
                str(ROOT / "data/processed/panel.csv"),
                "--n-paths",
                "200",
                "--format",
                "csv",
                "--lang",
                "en",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("region,target_id,clause,kind,indicator,unit,rule,asked,target_year,as_of,status_ante,")
    row = out[1]
    assert row.startswith("000000,rd_intensity_2020,专栏1,share,rd_intensity,%,share>=2.5@2020,2.5,2020,2015,")
    assert ",missed," in row and ",2.4," in row  # 2.40% in 2020 (China Statistical Yearbook), short of 2.5%
