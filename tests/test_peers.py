"""Peers come from the region table (the region's parent), not from a hard-coded province."""

from qy_analysis.targets.peers import min_ranked, siblings


def test_a_city_is_ranked_among_its_provinces_cities():
    cities = siblings("441800")
    assert len(cities) == 21 and "441800" in cities and "440100" in cities
    assert min_ranked("441800") == 14
    provinces = siblings("440000")
    assert len(provinces) == 31 and "440000" in provinces


import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from qy_analysis.cleaning.panel import load_panel  # noqa: E402
from qy_analysis.cli import main  # noqa: E402
from qy_analysis.paths import project_path  # noqa: E402
from qy_analysis.targets.peers import group_members, rank_history, standing, verdict  # noqa: E402

INDICATORS = [
    "gdp",
    "budget_expenditure",
    "st_expenditure",
    "fiscal_st_share",
    "patent_applications",
    "patent_grants",
    "patent_grants_invention",
]


def _panel():
    return load_panel(project_path("data/processed/panel.csv"))


def test_the_verdict_is_judged_in_the_chosen_year():
    """Judged at the plan's target year, Qingyuan was last of the 5 mountain cities on the fiscal S&T share;
    the latest year with data (the old default) hid it."""
    panel = _panel()
    in_2017 = standing(panel, "441800", INDICATORS, "mountain", year=2017).set_index("indicator")
    share = in_2017.loc["fiscal_st_share"]
    assert (share.year, share.group_rank, share.group_size, share.leads_group) == (2017, 5, 5, False)
    assert in_2017.loc["gdp", "leads_group"] is None  # no whole-city GDP for most cities in 2017: not ranked, kept
    v = verdict(in_2017.reset_index())
    assert (v["indicators"], v["ranked"]) == (7, 6) and v["trailing"] == ["fiscal_st_share"] and v["leads"] < 6
    latest = verdict(standing(panel, "441800", INDICATORS, "mountain"))
    assert latest["leads"] == 6  # what the old headline said


def test_rank_history_gives_every_ranked_year():
    history = rank_history(_panel(), "441800", ["fiscal_st_share"], "mountain")
    assert history["year"].min() == 2007 and history["year"].is_monotonic_increasing
    assert history.set_index("year").loc[2017, "group_rank"] == 5


def test_qy_peers_defaults_to_the_plans_target_year(capsys):
    assert main(["peers", "--lang", "en", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    table = pd.read_csv(pd.io.common.StringIO(out), dtype={"region_code": str})
    assert list(table.columns) == ["region_code", "indicator", "year", "value", "rank", "n"]  # codes and numbers
    share = table[(table["indicator"] == "fiscal_st_share")].set_index("region_code")
    assert set(table["year"]) == {2017} and share.loc["441800", ["rank", "n"]].tolist() == [5, 5]
    assert round(share.loc["441800", "value"], 3) == 1.314 and share["value"].max() > 1.9  # 1.314% against up to 1.98%
    assert err.startswith("In 2017, Qingyuan is ranked on 6 of 7 indicators") and "Last of the mountain-area" in err
    assert main(["peers", "--year", "latest", "--region", "韶关"]) == 0
    assert "在各指标最新可排名年份" in capsys.readouterr().out


def _groups():
    from qy_analysis.reference.regions import region_table

    return sorted({tag for tags in region_table()["groups"] for tag in tags.split("|") if tag})


@pytest.mark.parametrize("group", _groups())
def test_qy_peers_works_for_every_group_of_the_region_table(group, capsys):
    """Qingyuan judged against a group it is not in (it was a KeyError): ranked as if one of them."""
    assert main(["peers", "--group", group, "--lang", "en", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    table = pd.read_csv(pd.io.common.StringIO(out), dtype={"region_code": str})
    assert list(table.columns) == ["region_code", "indicator", "year", "value", "rank", "n"]
    assert set(table.loc[table.region_code == "441800", "indicator"]) <= set(INDICATORS) and len(table)
    assert err.startswith("In 2017, Qingyuan is ranked")


@pytest.mark.parametrize("region", ["广州市", "深圳", "汕头市", "湛江"])
def test_qy_peers_works_for_a_region_outside_the_plans_group(region, capsys):
    from qy_analysis.reference.regions import region_code

    assert main(["peers", "--region", region, "--lang", "en", "--format", "csv"]) == 0
    table = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), dtype={"region_code": str})
    assert region_code(region) in set(table.region_code) and table["rank"].ge(1).all()


def test_a_group_of_another_level_is_one_line_and_status_2(capsys):
    assert main(["peers", "--group", "province"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "group 'province'" in err and "清远市 (441800)" in err


def test_the_front_door_gives_the_plans_standing_by_default():
    import qy_analysis

    panel = _panel()
    by_default = qy_analysis.peers(panel=panel)
    assert by_default.equals(standing(panel, "441800", INDICATORS, "mountain", year=2017))
    guangzhou = qy_analysis.peers("广州", group="pearl_river_delta", year="latest", panel=panel)
    assert guangzhou["group_size"].max() <= len(group_members("440100", "pearl_river_delta"))
    assert "441800" in group_members("441800", "pearl_river_delta")


@pytest.mark.parametrize("level", ["nation", "province", "prefecture"])
def test_a_level_as_the_group_ranks_or_is_refused_in_one_line(level, capsys):
    status = main(["peers", "--group", level, "--lang", "en"])
    out, err = capsys.readouterr()
    assert (status, err.count("\n")) == ((0, 0) if level == "prefecture" else (2, 1)), err


def test_qy_peers_shows_each_regions_value_and_rank(capsys):
    assert main(["peers", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "1.31" in out and "5 / 5" in out and "1. 云浮 1.98" in out  # the region's value and rank, then the others'


def test_peer_charts_name_the_points_they_drop_and_mark_preliminary_ones():
    import matplotlib

    matplotlib.use("Agg")
    from qy_analysis.reference.regions import regions_in_group
    from qy_analysis.reporting.charts import use_style
    from qy_analysis.reporting.peer_charts import dropped_and_preliminary, peer_levels

    use_style()  # the bundled CJK font, as every notebook sets it

    panel, members = _panel(), regions_in_group("mountain")
    dropped, preliminary = dropped_and_preliminary(panel, "st_expenditure", members)
    assert len(dropped) and (dropped["flags"] != "").all()
    fig = peer_levels(panel, "441800", members, ["st_expenditure"], lang="zh", year=2017)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("未画出被标记的数值") and "清远 2005" in t for t in texts), texts
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert ("初步数据（预计）" in legend) == bool(len(preliminary))
