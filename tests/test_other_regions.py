"""A plan and a panel of cities outside Guangdong (not in reference/regions.csv) are assessed like Qingyuan's:
a well-formed code under a known province is accepted, 999999 is not. The panel is SYNTHETIC."""

import textwrap

import numpy as np
import pandas as pd
import pytest

from qy_analysis import DataError, assess
from qy_analysis.reference.regions import is_region_code, level_of
from qy_analysis.targets.spec import load_plan

PLAN = """
plan: {{id: synthetic, zh: 合成规划, en: synthetic plan, region: "{region}", base_year: 2012, target_year: 2017}}
targets:
  - {{id: st_growth, clause: "一", zh: 科技支出年均增长15%, en: S&T spending +15% a year, kind: growth,
      indicator: st_expenditure, unit: "%", baseline: {{year: 2012, value: 1.0}}, target: {{year: 2017, rate: 15}}}}
"""


def _panel() -> pd.DataFrame:
    """SYNTHETIC: 28 Hebei and Henan cities whose S&T spending grew ~25% a year to 2012, ~9% after."""
    rng = np.random.default_rng(1)
    rows = []
    for code in [f"13{c:02d}00" for c in range(1, 12)] + [f"41{c:02d}00" for c in range(1, 18)]:
        value = rng.uniform(0.5, 5)
        for year in range(2005, 2018):
            value *= np.exp(rng.normal(0.25 if year <= 2012 else 0.09, 0.1))
            rows.append((code, code, year, "st_expenditure", value, "亿元"))
    panel = pd.DataFrame(rows, columns=["region_code", "region", "year", "indicator", "value", "unit"])
    return panel.assign(flags="", derived=False, source_id="synthetic", reliability="final")


def test_codes_outside_the_table_are_regions_under_a_known_province():
    assert is_region_code("441800") and is_region_code("130100") and is_region_code("410700")
    assert not is_region_code("999999") and not is_region_code("1301") and not is_region_code("990100")
    assert level_of("130100") == "prefecture"


def test_a_plan_of_a_city_outside_guangdong_is_assessed_against_its_own_peers(tmp_path):
    path = tmp_path / "synthetic_plan.yaml"
    path.write_text(textwrap.dedent(PLAN.format(region="130100")), encoding="utf-8")
    target = load_plan(path).targets["st_growth"]
    panel = _panel()
    ante = assess(target, panel, as_of=2012)
    assert ante.probability is not None and 0 < ante.probability < 1
    assert ante.basis.code in ("shrunk", "outside_view", "broad_prior")  # the other cities form its class
    assert assess(target, panel).status in ("met", "missed")


def test_a_plan_region_under_no_known_province_is_refused(tmp_path):
    path = tmp_path / "synthetic_plan.yaml"
    path.write_text(textwrap.dedent(PLAN.format(region="990100")), encoding="utf-8")
    with pytest.raises(DataError, match="field 'plan.region': '990100': expected a region code"):
        load_plan(path)
