"""End to end on the shipped data/raw: the plan's 2012 baseline, derived shares, visible gaps,
conflicts, determinism."""

import pandas as pd
import pytest

from qy_analysis import clean
from qy_analysis.cleaning.pipeline import build

from .conftest import ROOT


@pytest.fixture(scope="module")
def result():
    return build(ROOT / "data" / "raw")


def _published(panel, indicator, year, region="441800"):
    rows = panel[(panel.region_code == region) & (panel.indicator == indicator) & (panel.year == year) & ~panel.derived]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.mark.parametrize(
    "indicator, value",
    [
        ("patent_applications", 750),
        ("st_expenditure", 1.96),
        ("fiscal_st_share", 1.11),
        ("rd_expenditure", 6.50),
        ("rd_intensity", 0.65),
        ("hightech_mfg_share", 2.7),
        ("st_service_institutions", 337),
        ("hightech_enterprises", 50),
        ("professional_technical_personnel", 122500),
        ("st_commissioners", 102),
    ],
)
def test_plan_baseline_2012_for_qingyuan(result, indicator, value):
    assert _published(result.panel, indicator, 2012).value == pytest.approx(value, rel=1e-3)


def test_derived_fiscal_share_for_every_city_year_with_both_parts(result):
    panel = result.panel
    pub = panel[~panel.derived]
    st = pub[pub.indicator == "st_expenditure"].set_index(["region_code", "year"]).value
    budget = pub[pub.indicator == "budget_expenditure"].set_index(["region_code", "year"]).value
    both = st.index.intersection(budget.index)
    derived = panel[panel.derived & (panel.indicator == "fiscal_st_share")].set_index(["region_code", "year"]).value
    cities = [k for k in both if k[0].startswith("44") and k[0] != "440000"]
    assert len(cities) >= 21 * 19 - 5
    assert set(cities) <= set(derived.index)
    for key in cities:
        assert derived[key] == pytest.approx(st[key] / budget[key] * 100)


def test_published_and_derived_share_both_visible_and_gap_reported(result):
    panel = result.panel
    both = panel[(panel.region_code == "441800") & (panel.indicator == "fiscal_st_share") & (panel.year == 2012)]
    assert sorted(both.derived) == [False, True]
    assert both[both.derived].value.iloc[0] == pytest.approx(19610 / 1720102 * 100)  # 1.14%
    gap = result.warnings[
        (result.warnings.check == "published_vs_derived")
        & (result.warnings.region_code == "441800")
        & (result.warnings.indicator == "fiscal_st_share")
        & (result.warnings.year == 2012)
    ]
    assert len(gap) == 1 and "published 1.11 vs derived 1.14" in gap.detail.iloc[0]


def test_conflicts_keep_every_value_and_the_rule(result):
    c = result.conflicts
    assert not c.duplicated(["region_code", "indicator", "year"]).any()  # one row per cell (issue 18)
    sz = c[(c.region_code == "440300") & (c.indicator == "gdp") & (c.year == 2011)]
    assert len(sz) == 1 and sz.n_records.iloc[0] == 3
    assert sz.source_id.iloc[0] == "csy"  # final yearbook over third-party and unofficial lists
    assert sz.value.iloc[0] == _published(result.panel, "gdp", 2011, region="440300").value
    assert len(sz.others.iloc[0].split("; ")) == 2 and "csy=" not in sz.others.iloc[0]
    assert sz.rule.str.contains("most reliable class first").all()


def test_breaks_and_suspects_are_flagged_not_dropped(result):
    panel = result.panel
    assert _published(panel, "st_expenditure", 2005)["flags"] == "pre_break:st-expenditure-before-2007"
    yunfu = _published(panel, "st_expenditure", 2014, region="445300")
    assert yunfu["flags"] == "suspect:yunfu-2014-st-education-swapped" and yunfu.value == pytest.approx(27.5386)
    assert not (result.warnings.check == "unused_rule").any()


def test_gdp_units_unified(result):
    assert _published(result.panel, "gdp", 2018).value == pytest.approx(1565.1949)  # 万元 in the yearbook
    assert _published(result.panel, "gdp", 2019).value == 1698  # 亿元 from CSY 2020


def test_clean_is_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    clean(ROOT / "data" / "raw", a)
    clean(ROOT / "data" / "raw", b)
    for name in ("panel.csv", "conflicts.csv", "coverage.csv", "warnings.csv", "excluded.csv", "rejected.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    coverage = pd.read_csv(a / "coverage.csv", dtype={"region_code": str})
    qy_patents = coverage[
        (coverage.region_code == "441800") & (coverage.indicator == "patent_applications") & ~coverage.derived
    ]
    assert qy_patents.years.iloc[0] == "2012,2017-2019"
    assert qy_patents.missing_inside.iloc[0] == "2013-2016"


def test_committed_processed_data_is_current(tmp_path):
    """data/processed/ in the repository is exactly what `qy clean` makes of data/raw/ (re-run it after any change)."""
    clean(ROOT / "data" / "raw", tmp_path)
    for name in ("panel.csv", "conflicts.csv", "coverage.csv", "warnings.csv", "excluded.csv", "rejected.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / "processed" / name).read_bytes(), (
            f"data/processed/{name} is stale: run `qy clean`"
        )


def test_build_is_named_steps_a_test_can_call_one_by_one(tiny_raw, tmp_path):
    """Issue 14: read, normalise, validate, resolve, derive, write, each callable alone; together they are
    `qy clean` (same outputs, byte for byte)."""
    from qy_analysis.cleaning import pipeline as p

    raw_dir = tiny_raw(
        [
            "清远市,2011,专利申请量,700,件,http://example.invalid/a",
            "清远市,2012,专利申请量,750,件,http://example.invalid/a",
        ]
    )
    raw = p.read_step(raw_dir)
    assert list(raw.records.value) == ["700", "750"] and list(raw.registry.source_id) == ["synth"]
    norm = p.normalise_step(raw)
    assert list(norm.rows.indicator) == ["patent_applications"] * 2 and norm.problems == []
    rows = p.validate_step(norm)
    published, conflicts = p.resolve_step(rows, raw.registry)
    panel, derived = p.derive_step(published)
    assert len(conflicts) == 0 and list(derived.indicator) == ["patent_applications_growth"]
    whole = p.build(raw_dir)
    assert panel.equals(whole.panel)
    p.write_step(whole, tmp_path / "steps")
    p.clean(raw_dir, tmp_path / "clean")
    assert all((tmp_path / "steps" / n).read_bytes() == (tmp_path / "clean" / n).read_bytes() for n in p.OUTPUTS)
