"""The bad-input corpus of issue 10: every kind of odd or broken input, each with its exact outcome —
read correctly, repaired and flagged, rejected naming the cell, or refused with one clear line (never a
traceback). Inputs are SYNTHETIC, built by tests/synthetic_corpus.py at test time."""

import math

import pytest

from qy_analysis import DataError, read
from qy_analysis.ingest.report import read_summary

from .synthetic_corpus import (
    HEADER,
    URL,
    broken_xls,
    broken_xlsx,
    portal,
    portal_xlsx_behind_hidden_sheet,
    text_file,
    transcription,
    yearbook,
)

POINTS = f"梅州市,2012,专利申请量,12.5,件,{URL}\n"
T = "synthetic_t.csv"

CORPUS = {
    # read as printed
    "plain": (transcription("750"), ("value", 750)),
    "full_width_digits": (transcription("７５０"), ("value", 750)),
    "footnote_mark": (transcription("750①"), ("value", 750)),
    "quoted_thousands": (transcription("1,234"), ("value", 1234)),
    "missing_marker": (transcription("—"), ("value", None)),
    "share_with_percent": (transcription("1.2%", unit="%", indicator="财政科技支出占地方财政支出比重"), ("value", 1.2)),
    "growth_with_percent": (transcription("12.5%", unit="%yoy"), ("value", 12.5)),
    "cr_only_line_ends": (
        text_file(T, (HEADER + f"清远市,2012,专利申请量,750,件,{URL}\n").replace("\n", "\r")),
        ("value", 750),
    ),
    "crlf_line_ends": (
        text_file(T, (HEADER + f"清远市,2012,专利申请量,750,件,{URL}\n").replace("\n", "\r\n")),
        ("value", 750),
    ),
    "utf16_with_bom": (text_file(T, HEADER + f"清远市,2012,专利申请量,750,件,{URL}\n", "utf-16"), ("value", 750)),
    "gb18030": (text_file(T, HEADER + f"清远市,2012,专利申请量,750,件,{URL}\n", "gb18030"), ("value", 750)),
    "utf8_bom": (text_file(T, HEADER + f"清远市,2012,专利申请量,750,件,{URL}\n", "utf-8-sig"), ("value", 750)),
    "portal_tab_comma_gbk": (
        portal("北京市\t,300\t,200\t,\n", header="地区\t,2020年\t,2019年\t,\n", encoding="gbk"),
        ("value", 300),
    ),
    "unknown_indicator_kept_and_named": (transcription("5", indicator="人均绿地面积"), ("unknown", "人均绿地面积")),
    # repaired and flagged
    "section_sign": (transcription("§963886"), ("repaired", 963886, "section_sign")),
    "section_sign_short": (transcription("§546"), ("repaired", 546, "section_sign")),
    "stroke": (transcription("丨923100"), ("repaired", 923100, "stroke")),
    "bracket": (transcription("1021]"), ("repaired", 1021, "bracket")),
    "empty_parens": (transcription("1337()"), ("repaired", 1337, "empty_parens")),
    "empty_parens_decimal": (transcription("100.0()"), ("repaired", 100.0, "empty_parens")),
    "apostrophe": (transcription("413349’"), ("repaired", 413349, "apostrophe")),
    "decimal_comma_among_points": (transcription("4846,48", extra=POINTS), ("repaired", 4846.48, "decimal_comma")),
    # rejected, the rest of the file read
    "letters": (transcription("12a"), ("rejected", "2:value", "expected a number, or a missing marker")),
    "percent_in_a_count": (transcription("3.5%"), ("rejected", "2:value", "unit '件' is not a share")),
    "decimal_comma_alone": (transcription("4846,48"), ("rejected", "2:value", "expected a number")),
    "mark_around_non_number": (transcription("§12a"), ("rejected", "2:value", "expected a number")),
    "infinite": (transcription("1e999"), ("rejected", "2:value", "expected a number")),
    "boolean_text": (transcription("true"), ("rejected", "2:value", "expected a number")),
    "formula_text_in_csv": (transcription("=1+2"), ("rejected", "2:value", "formula with no stored result")),
    "formula_without_cached_value": (
        yearbook([["清远市", 750, "=B2*2"]]),
        ("rejected", "Sheet1!C2", "formula with no stored result"),
    ),
    # refused with one line naming file and row
    "unquoted_thousands_in_portal": (
        portal("北京市,1,234.5,200\n"),
        ("error", r"row 5: 4 cells but the header has 3.*quoted"),
    ),
    "row_longer_than_header": (
        text_file(T, HEADER + f"清远市,2012,专利申请量,750,件,{URL},extra\n"),
        ("error", r"row 2: 7 cells: expected 6"),
    ),
    "portal_without_indicator": (portal("北京市,1,2\n", meta="时间：2019年-2020年\n"), ("error", "names no indicator")),
    "portal_mixed_header": (
        portal("北京市,1,2\n", header="地区,2020年,人口\n"),
        ("error", "mixes years and other labels"),
    ),
    "semicolon_separated": (
        text_file(T, HEADER.replace(",", ";") + "清远市;2012;专利申请量;750;件;x\n"),
        ("value", 750),
    ),
    "utf16_tab_separated": (
        text_file(T, HEADER.replace(",", "\t") + "清远市\t2012\t专利申请量\t750\t件\tx\n", "utf-16"),
        ("value", 750),
    ),
    "semicolon_other_layout": (
        text_file(T, "a;b;c\n1;2;3\n"),
        ("error", r"cannot tell the layout \(read as utf-8-sig, delimiter: semicolon"),
    ),
    "utf16_tab_other_layout": (
        text_file(T, "a\tb\tc\n1\t2\t3\n", "utf-16"),
        ("error", r"cannot tell the layout \(read as utf-16, delimiter: tab"),
    ),
    "huge_cell": (
        text_file(T, HEADER + '清远市,2012,专利申请量,750,件,"' + "x" * 140_000 + '"\n'),
        ("error", r"row 2: field larger than field limit"),
    ),
    "undecodable_bytes": (
        lambda d: (d / T).write_bytes(b"region\xff\xfe\xff,year\n") and d / T,
        ("error", "cannot decode"),
    ),
    "empty_csv": (text_file(T, ""), ("error", r"cannot tell the layout \(read as utf-8-sig, delimiter: none found")),
    "missing_file": (lambda d: d / "absent.csv", ("error", "absent.csv: no such file")),
    "folder": (lambda d: d, ("error", "a folder; expected a file")),
    "empty_xlsx": (broken_xlsx("empty"), ("error", r"empty file \(0 bytes\)")),
    "truncated_xlsx": (broken_xlsx("truncated"), ("error", "a damaged or truncated xlsx workbook")),
    "renamed_csv_as_xlsx": (broken_xlsx("renamed_csv"), ("error", "named .xlsx but not a workbook")),
    "zip_without_workbook": (broken_xlsx("zip_without_workbook"), ("error", "a damaged or truncated xlsx workbook")),
    "xml_entity": (broken_xlsx("entity"), ("error", "a damaged or truncated xlsx workbook")),
    "empty_xls": (broken_xls("empty"), ("error", r"empty file \(0 bytes\)")),
    "corrupt_xls": (broken_xls("corrupt"), ("error", "a damaged or truncated xls workbook")),
    "yearbook_without_year": (
        yearbook([["清远市", 1, 2]], name="synthetic_cities.xlsx"),
        ("error", "cannot tell the data year"),
    ),
    # sheets: what is hidden or merged is not read into other cells
    "hidden_sheet": (yearbook([["清远市", 750, 300]], hidden=[["清远市", 999999, 1]]), ("hidden", ["hidden_copy"])),
    "portal_xlsx_hidden_first_sheet": (portal_xlsx_behind_hidden_sheet, ("value", 36102.6)),
    "huge_cell_in_a_sheet": (
        yearbook([["清远市", "9" * 140_000 + "x", 300]]),
        ("rejected", "Sheet1!B2", "expected a number"),
    ),
    "merged_data_cell": (yearbook([["清远市", 750, 300], ["梅州市", None, 500]], merge="B2:B3"), ("merged", None)),
}


@pytest.mark.parametrize("kind", sorted(CORPUS))
def test_corpus(kind, tmp_path):
    build, (outcome, *expected) = CORPUS[kind]
    path = build(tmp_path)
    if outcome == "error":
        with pytest.raises(DataError, match=expected[0]) as err:
            read(path)
        assert str(path) in str(err.value) and "Traceback" not in str(err.value)
        return
    records = read(path)
    first = records.iloc[0] if len(records) else None
    rejected = records.attrs["rejected"]
    if outcome == "value":
        assert (math.isnan(first.value) if expected[0] is None else first.value == expected[0]) and len(rejected) == 0
    elif outcome == "repaired":
        assert (first.value, first.repair) == (expected[0], f"repaired:{expected[1]}")
    elif outcome == "rejected":
        assert list(rejected.cell) == [expected[0]] and expected[1] in rejected.reason.iloc[0]
        assert len(rejected.raw.iloc[0]) <= 240  # a huge cell is shown by its start and length
        assert read_summary(records).count("# rejected") == 1
        with pytest.raises(DataError, match="rejected"):
            read(path, strict=True)
    elif outcome == "unknown":
        assert f"unknown indicator {expected[0]!r}" in read_summary(records)
    elif outcome == "hidden":
        assert records.attrs["hidden_sheets"] == expected[0] and 999999 not in set(records.value)
        assert "hidden sheets not read: hidden_copy" in read_summary(records)
    elif outcome == "merged":
        mz = records[records.region == "梅州市"]
        assert list(mz.indicator_id) == ["patent_grants"]  # the merged 750 is not copied into 梅州's row


def test_corpus_has_at_least_forty_kinds():
    assert len(CORPUS) >= 40


def test_a_stray_far_cell_is_named_without_building_its_grid(tmp_path):
    """Issue 18: one value at XFD1048576 made `qy read` grow past 6 GB."""
    path = yearbook([["清远市", 750, 300]])(tmp_path)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.active["XFD1048576"] = 1
    wb.save(path)
    with pytest.raises(DataError, match=r"sheet 'Sheet1', cell XFD1048576: a value far outside any table"):
        read(path)


def test_a_named_pipe_is_refused_at_once(tmp_path):
    """Issue 18: `qy read` of a FIFO blocked forever."""
    import os

    fifo = tmp_path / "synthetic_pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="a named pipe or device, not a regular file"):
        read(fifo)


def test_a_city_label_merged_over_two_rows_keeps_the_second_rows_figure(tmp_path):
    """Issue 18: the figure on the second row of a merged 清远市 label was lost."""
    path = yearbook([["清远市", 750, None], [None, None, 300], ["梅州市", 800, 500]], merge="A2:A3")(tmp_path)
    qy = read(path).query("region == '清远市'")
    assert sorted(zip(qy.indicator_id, qy.value)) == [("patent_applications", 750), ("patent_grants", 300)]


def test_scan_marks_on_the_first_city_rows_are_not_taken_for_the_header(tmp_path):
    """Issue 18: a one-column sheet whose first rows carry scan marks lost 5 of its 6 cities."""
    rows = [
        ["清远市", "§750"],
        ["梅州市", "丨800"],
        ["韶关市", "1021]"],
        ["河源市", "1337()"],
        ["云浮市", "413349’"],
        ["汕尾市", 600],
    ]
    records = read(yearbook(rows, header=("城市", "专利申请数(件)"))(tmp_path))
    assert len(records) == 6 and records.value.iloc[0] == 750 and records.repair.iloc[0] == "repaired:section_sign"


def test_municipalities_read_as_cities_where_the_yearbook_lists_them(tmp_path):
    """Issue 18: 北京市 in a city table was refused as 'names the province'."""
    from qy_analysis.ingest.normalise import normalise
    from qy_analysis.ingest.values import parse_values

    records = read(
        yearbook(
            [["北京市", 750, 300], ["上海市", 800, 500], ["清远市", 10, 5]],
            header=("城市", "专利申请数(件)(全市)", "专利授权数(件)(全市)"),
        )(tmp_path)
    )
    assert set(records.scope) == {"全市"}
    rows, problems = normalise(parse_values(records.drop(columns=["region_code", "indicator_id"]))[0])
    assert problems == [] and set(rows.region_code) == {"110000", "310000", "441800"}


def test_a_sheet_of_only_urban_district_figures_is_refused_not_dropped(tmp_path, raw_dir):
    """Issue 18: a sheet of only 市辖区 figures was dropped whole by `qy clean`, exit 0, nothing said."""
    from qy_analysis.ingest.register import add_source

    path = yearbook([["清远市", 750, 300]], header=("城市", "专利申请数(件)(市辖区)", "专利授权数(件)(市辖区)"))(
        tmp_path
    )
    records = read(path)
    assert set(records.scope) == {"市辖区"} and len(records) == 2  # `qy read` shows them
    registry = (raw_dir / "sources.csv").read_text(encoding="utf-8")
    with pytest.raises(DataError, match=r"only 市辖区 \(urban-district\) figures \(2\); expected whole-city"):
        add_source(path, raw_dir, source_url="http://example.invalid/synthetic", echo=lambda *a: None)
    assert (raw_dir / "sources.csv").read_text(encoding="utf-8") == registry and not (raw_dir / path.name).exists()
