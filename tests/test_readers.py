"""Each reader on SYNTHETIC fixtures (tests/fixtures/synthetic_*), and on the real samples in ../shared."""

import math

import pytest

from qy_analysis import DataError, read
from qy_analysis.ingest.readers import detect_format


def _value(records, region_code, indicator_id, year):
    hit = records[
        (records.region_code == region_code) & (records.indicator_id == indicator_id) & (records.year == year)
    ]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_portal_gbk_tab_comma_needs_the_indicator(fixtures):
    path = fixtures / "synthetic_portal_regions_years_gbk.csv"
    with pytest.raises(DataError, match="names no indicator.*indicator=NAME"):
        read(path)
    records = read(path, indicator="专利申请受理量(件)")
    assert detect_format(path) == "portal"
    assert _value(records, "440000", "patent_applications", 2021).value == 1234.5  # full-width digits
    assert math.isnan(_value(records, "450000", "patent_applications", 2021).value)  # not yet published
    assert set(records.unit) == {"件"}
    assert "synthetic" in records.note.iloc[0]  # notes after the table are kept, not read as data


def test_portal_indicator_line_and_bom(fixtures):
    records = read(fixtures / "synthetic_portal_regions_years_named.csv")
    assert _value(records, "110000", "patent_applications", 2018).value == 100
    assert math.isnan(_value(records, "440000", "patent_applications", 2020).value)
    with pytest.raises(DataError, match="指标 line names"):
        read(fixtures / "synthetic_portal_regions_years_named.csv", indicator="地区生产总值")


def test_portal_indicators_by_years_for_the_nation(fixtures):
    records = read(fixtures / "synthetic_portal_indicators_years.csv")
    assert _value(records, "000000", "gdp", 2019).value == 900
    cpi = records[records.indicator == "居民消费价格指数"]
    assert set(cpi.unit) == {"上年=100"} and cpi.indicator_id.isna().all()


@pytest.mark.parametrize(
    "name", ["synthetic_portal_regions_indicators.csv", "synthetic_portal_regions_indicators.xlsx"]
)
def test_portal_regions_by_indicators(fixtures, name):
    records = read(fixtures / name)
    assert set(records.year) == {2020}
    assert _value(records, "110000", "gdp", 2020).unit == "亿元"


def test_portal_refuses_a_layout_it_does_not_know(fixtures):
    with pytest.raises(DataError, match=r"row 3: header \['年份', '北京市'\].*expected a portal table"):
        read(fixtures / "synthetic_portal_bad_layout.csv")


def test_yearbook_bilingual_merged_headers(fixtures):
    records = read(fixtures / "synthetic_yearbook_bilingual.xlsx")
    whole = records[records.scope == "全市"]
    qy = _value(whole, "441800", "gdp", 2012)
    assert qy.value == 10250321 and qy.unit == "万元" and qy.column == "Sheet1!C6"  # text with a trailing newline
    assert _value(whole, "441800", "st_expenditure", 2012).value == 19610
    assert _value(records[records.scope == "市辖区"], "441800", "gdp", 2012).value == 3000000
    assert "440000" not in set(records.region_code)  # the province row has no figures
    assert not records.region.str.contains("注").any()  # notes at the bottom are not cities


def test_yearbook_headers_on_separate_rows_year_from_file_name(fixtures):
    records = read(fixtures / "synthetic_csy2018_patents.xlsx")
    assert set(records.year) == {2017}
    assert _value(records, "441800", "patent_grants_invention", 2017).value == 137
    assert _value(records, "441400", "patent_applications", 2017).value == 3000


def test_yearbook_old_xls_format(fixtures):
    records = read(fixtures / "synthetic_csy2009_finance.xls")
    assert set(records.year) == {2008} and set(records.scope) == {"全市"}
    assert _value(records, "441800", "budget_expenditure", 2008).value == 761874
    assert _value(records, "441800", "st_expenditure", 2008).value == 2940  # stored as text
    assert _value(records, "441800", "st_expenditure", 2008).unit == "万元"  # from the merged group title


def test_transcription_full_width_footnotes_missing(fixtures):
    records = read(fixtures / "synthetic_transcription.csv")
    assert list(records.region_code) == ["441800"] * 4
    assert list(records.year) == [2012, 2013, 2014, 2015]
    assert records.value.iloc[0] == 750 and records.value.iloc[1] == 1020
    assert math.isnan(records.value.iloc[2])


def test_unknown_file_layout(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="cannot tell the layout"):
        read(path)


def test_real_portal_export(samples):
    records = read(samples / "nbs_provinces_2020_by_indicator.csv")
    assert records.region_code.notna().all() and records.region_code.nunique() == 31
    gd = _value(records, "440000", "gdp", 2020)
    assert gd.value == 113708.9  # as printed in the export
    assert gd.unit == "亿元"


def test_real_yearbook_2020_edition(samples):
    records = read(samples / "csy2020_prefecture_cross_section.xlsx")
    assert set(records.year) == {2019}
    whole = records[records.scope == "全市"]
    assert _value(whole, "441800", "budget_expenditure", 2019).value == 3952770
    assert _value(whole, "441800", "st_expenditure", 2019).value == 84106
    assert _value(whole, "441800", "patent_applications", 2019).value == 5497
    assert _value(whole, "441800", "gdp", 2019).value == 1698
    assert records.attrs["skipped_sheets"] == ["更多数据，尽在【马克数据网】"]


def test_yearbook_county_level_sheet_with_number_and_province_columns(tmp_path):
    from .synthetic_corpus import yearbook

    path = yearbook(
        [
            [1, "英德市", "广东省", "1,200", 300],
            [2, "连州市", "广东省", "§546", "丨923"],
            [3, "增城市", "广东省", "4846,48", "12.5"],
        ],
        name="synthetic_csy2016_county.xlsx",
        header=("序号", "县级市", "省份", "专利申请数(件)", "专利授权数(件)"),
    )(tmp_path)
    records = read(path)
    assert set(records.year) == {2015} and list(records.region.unique()) == ["英德市", "连州市", "增城市"]
    assert set(records.indicator) == {"专利申请数", "专利授权数"}  # 序号 and 省份 are not figures
    lz = records[records.region == "连州市"].set_index("indicator")
    assert list(lz.value) == [546, 923] and list(lz.repair) == ["repaired:section_sign", "repaired:stroke"]
    assert list(lz.column) == ["Sheet1!D3", "Sheet1!E3"]
    assert list(records.attrs["rejected"].cell) == ["Sheet1!D4"]  # a decimal comma in a column without points


def test_yearbook_scope_from_sheet_name_and_figures_under_no_header(tmp_path):
    import openpyxl

    from qy_analysis.ingest.report import read_summary

    wb = openpyxl.Workbook()
    for title, value in (("全市", 750), ("市辖区", 400)):
        ws = wb.create_sheet(title)
        for row in (["城市", "专利申请数(件)", None], ["清远市", value, 99]):
            ws.append(row)
    wb.remove(wb["Sheet"])
    path = tmp_path / "synthetic_csy2013_scopes.xlsx"
    wb.save(path)
    records = read(path)
    assert sorted(zip(records.scope, records.value)) == [("全市", 750), ("市辖区", 400)]
    assert records.attrs["unlabelled_cells"] == ["全市!C2", "市辖区!C2"]
    assert "# 2 figures under no header, not read: 全市!C2, 市辖区!C2" in read_summary(records)


def test_a_city_figure_under_a_province_name_is_not_taken_for_the_province(tmp_path):
    from qy_analysis.ingest.normalise import normalise

    from .synthetic_corpus import yearbook

    path = yearbook(
        [["吉林", 750, 300], ["清远市", 10, 5]], header=("城市", "专利申请数(件)(全市)", "专利授权数(件)(全市)")
    )(tmp_path)
    records = read(path)
    assert set(records.scope) == {"全市"}
    rows, problems = normalise(records)
    assert list(rows.region_code.unique()) == ["441800"]
    assert len(
        problems
    ) == 2 and "'吉林': expected a city (a city table's 全市 column); '吉林' names the province 吉林省" in str(
        problems[0]
    )


def test_a_figure_column_mostly_missing_markers_is_still_read():
    """无/空 are Chinese characters but not names: a sparse figure column keeps its figures (SYNTHETIC grid)."""
    from pathlib import Path

    from qy_analysis.ingest.readers.yearbook import parse_yearbook_grid

    grid = [
        ["城市", "地区生产总值(亿元)", "专利授权量(件)"],
        ["广州", "100", "无"],
        ["韶关", "200", "空"],
        ["清远", "300", "57"],
    ]
    records, _ = parse_yearbook_grid(grid, Path("synthetic_sparse.xlsx"), "Sheet1", 2019)
    patents = {r["region"]: r["value"] for r in records if r["indicator"] == "专利授权量"}
    assert patents == {"广州": "无", "韶关": "空", "清远": "57"}
