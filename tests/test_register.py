"""`qy add` registers a download in one command; vintages are kept apart; unknown names are named once.
Exports here are SYNTHETIC."""

import hashlib

import pytest

from qy_analysis import DataError, clean
from qy_analysis.cleaning.pipeline import source_rows
from qy_analysis.cli import main
from qy_analysis.ingest.register import add_source
from qy_analysis.ingest.report import closest_indicators
from qy_analysis.reference import catalogue

EXPORT = (
    "数据库：分省年度数据\n时间：2021年-2023年\n地区\t,2023年\t,2022年\t,2021年\t,\n"
    "广东省\t,１３５６７３\t,129118.6\t,124369.7\t,\n北京市\t,43760.7\t,41610.9\t,40269.6\t,\n数据来源：国家统计局\n"
)
GDP_BY_REGION = (
    "数据库：分省年度数据\n时间：2020年\n地区,地区生产总值 (亿元),人均绿地 (平方米),居民人均可支配收入 (元)\n"
    "广东省,110760.9,18,41029\n数据来源：国家统计局\n"
)


def test_qy_add_regions_by_years_export_without_indicator(raw_dir, tmp_path, capsys):
    download = tmp_path / "downloads" / "synthetic_gdp_export.csv"
    download.parent.mkdir()
    download.write_bytes(EXPORT.encode("gbk"))
    args = [
        "add",
        str(download),
        "--raw",
        str(raw_dir),
        "--indicator",
        "地区生产总值(亿元)",
        "--source-url",
        "https://data.stats.gov.cn/synthetic",
        "--vintage",
        "rev2025",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "gdp -> gdp_rev2025: 6 values, 2 regions, years 2021-2023" in out
    assert (raw_dir / "synthetic_gdp_export.csv").read_bytes() == download.read_bytes()
    registry = (raw_dir / "sources.csv").read_text(encoding="utf-8").splitlines()
    assert registry[0].endswith(",note,indicator,vintage,sha256") and registry[1].endswith(",,,")
    assert registry[-1].startswith("synthetic_gdp_export,synthetic_gdp_export.csv,portal,分省年度数据")
    assert registry[-1].endswith(",地区生产总值(亿元),rev2025," + hashlib.sha256(download.read_bytes()).hexdigest())
    mine = source_rows(raw_dir, "synthetic_gdp_export")
    assert set(mine.indicator) == {"gdp_rev2025"} and (mine.file == "data/raw/synthetic_gdp_export.csv").all()
    assert mine.query("region_code == '440000' and year == 2023").value.iloc[0] == 135673
    panel = clean(raw_dir, tmp_path / "processed").panel
    assert "synthetic_gdp_export" not in set(panel.query("indicator == 'gdp'").source_id)  # never mixed with gdp
    assert main(args) == 2  # registering twice is refused
    assert "already registered" in capsys.readouterr().err


def test_unknown_portal_columns_left_out_with_one_note(raw_dir, tmp_path):
    download = tmp_path / "synthetic_gdp_by_region.csv"
    download.write_text(GDP_BY_REGION, encoding="utf-8")
    assert main(["add", str(download), "--raw", str(raw_dir), "--source-url", "https://example.invalid/x"]) == 0
    result = clean(raw_dir, tmp_path / "processed")
    notes = result.warnings[result.warnings.check == "left_out"].detail.tolist()
    assert notes == [
        "synthetic_gdp_by_region.csv: 2 indicator names not in the catalogue left out: 人均绿地 (平方米), "
        "居民人均可支配收入"
    ]


def test_unknown_vintage_and_missing_url(raw_dir, tmp_path, capsys):
    download = tmp_path / "synthetic_gdp_by_region.csv"
    download.write_text(GDP_BY_REGION, encoding="utf-8")
    with pytest.raises(DataError, match="vintage 'rev1999': the catalogue has no gdp_rev1999"):
        add_source(download, raw_dir, source_url="u", vintage="rev1999", echo=lambda line: None)
    assert main(["add", str(download), "--raw", str(raw_dir), "--source-url", ""]) == 2
    assert "--source-url is missing" in capsys.readouterr().err
    assert not (raw_dir / download.name).exists()


def test_portal_names_are_aliases_and_unknown_names_get_suggestions():
    assert catalogue.indicator_id("地方财政一般预算收入") == "budget_revenue"
    assert catalogue.indicator_id("地方财政一般预算支出") == "budget_expenditure"
    assert "patent_applications" in closest_indicators("专利申请受理数")


def test_a_revised_growth_rate_goes_to_the_revised_series_growth():
    """A %yoy figure of a revised export is normalised to gdp_growth first; its vintage is the revised level's."""
    from qy_analysis.ingest.register import vintage_id

    assert vintage_id("gdp", "rev2025") == "gdp_rev2025"
    assert vintage_id("gdp_growth", "rev2025") == "gdp_rev2025_growth"


def test_tests_copy_the_committed_registry_not_the_users(tmp_path):
    """`make test` after the README's `qy add` failed: the tests copied the user's data/raw."""
    import subprocess

    from .conftest import shipped_raw

    repo = tmp_path / "project"
    (repo / "data" / "raw").mkdir(parents=True)
    (repo / "data" / "raw" / "sources.csv").write_text("source_id\nshipped\n", encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "shipped"], check=True)
    (repo / "data" / "raw" / "sources.csv").write_text("source_id\nshipped\nusers_own\n", encoding="utf-8")
    (repo / "data" / "raw" / "users_download.csv").write_text("SYNTHETIC", encoding="utf-8")
    copy = shipped_raw(repo, tmp_path / "copy")
    assert sorted(p.name for p in copy.iterdir()) == ["sources.csv"]
    assert (copy / "sources.csv").read_text(encoding="utf-8") == "source_id\nshipped\n"
