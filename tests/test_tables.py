"""Language only at the edges: one assessment, rendered in zh and in en."""
import pandas as pd

from qy_analysis.reporting.tables import scorecard_table, translate_statuses, with_text
from qy_analysis.targets.assessment import assess, scorecard
from qy_analysis.targets.spec import Target

from .synthetic import growing, panel_from

CITY = "441800"
PANEL = panel_from({(CITY, "patent_applications"): growing(750, 0.15, 2005, 2014)})
TARGETS = {"p": Target(id="p", clause="二（十一）", zh="专利申请量达1500件以上", en="Patent applications at least 1,500",
                       kind="level", region=CITY, indicator="patent_applications", unit="件", year=2017, value=1500),
           "m": Target(id="m", clause="二", zh="建成园区", en="Park built", kind="milestone", region=CITY, year=2015)}


def test_one_assessment_serves_both_languages():
    results = [assess(t, PANEL, n_paths=200) for t in TARGETS.values()]
    row = results[0].row()
    assert "text" not in row and row["status"] in ("on track", "at risk", "off track")
    zh, en = scorecard_table(results, "zh"), scorecard_table(results, "en")
    assert list(zh.columns) == list(en.columns) and list(zh.columns[:4]) == ["target_id", "clause", "text", "kind"]
    assert zh.text.tolist() == ["专利申请量达1500件以上", "建成园区"] and en.text.tolist()[1] == "Park built"
    assert zh.status.iloc[1] == "里程碑（不预测）" and en.status.iloc[1] == "milestone (not forecast)"
    numbers = ["probability", "last_value", "required_growth"]
    pd.testing.assert_frame_equal(zh[numbers], en[numbers])


def test_with_text_follows_the_target_id_and_keeps_codes():
    card = scorecard(TARGETS, PANEL, n_paths=200)
    assert "text" not in card.columns
    en = with_text(card, TARGETS, "en")
    assert en.columns.get_loc("text") == en.columns.get_loc("clause") + 1 and en.status.iloc[1] == "milestone"
    frame = pd.DataFrame({"target_id": ["p"], "meets": [True]})
    assert list(with_text(frame, TARGETS, "zh").columns) == ["target_id", "text", "meets"]
    assert with_text(pd.DataFrame(), TARGETS, "zh").empty
    assert translate_statuses(card, "en").status.iloc[1] == "milestone (not forecast)"
