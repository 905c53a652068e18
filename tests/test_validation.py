"""One test per validation error: the message names file, row, column, value and what was expected,
`qy clean` exits non-zero, and data/processed/ is left as it was. Tables here are SYNTHETIC."""

import datetime as dt

import pytest

from qy_analysis import DataError, clean
from qy_analysis.cli import main
from qy_analysis.ingest.rules import load_rules

OK = "清远市,2012,专利申请量,750,件,http://example.invalid/synthetic"


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "石嘴山市,2012,专利申请量,750,件,x",
            r"synthetic.csv, row 3, column 'region': '石嘴山市': expected a known region",
        ),
        (
            "清远市,2012,人均绿地,750,件,x",
            r"row 3, column 'indicator': '人均绿地': expected an indicator of the catalogue",
        ),
        ("清远市,2012,专利授权量,12a,件,x", r"row 3, column 'value': '12a': expected a number"),
        (
            "清远市,2012,专利授权量,12,亿元,x",
            r"row 3, column 'unit': '亿元': expected a unit of count for patent_grants",
        ),
        ("清远市,2012,专利授权量,-3,件,x", r"row 3, column 'value': '-3': expected a non-negative count"),
        (
            "清远市,2012,财政科技支出占地方财政支出比重,133,%,x",
            r"row 3, column 'value': '133': expected a share between 0 and 100",
        ),
        ("清远市,2099,专利授权量,3,件,x", r"row 3, column 'year': 2099: expected a year between 1949 and 2026"),
        ("清远市,1820,专利授权量,3,件,x", r"row 3, column 'year': 1820: expected a year between 1949"),
        ("清远市,20xx,专利授权量,3,件,x", r"row 3, column 'year': '20xx': expected a single year"),
        (
            "清远市,2012,专利申请量,751,件,http://example.invalid/synthetic",
            r"row 3, column 'value': '751': expected one value per cell from one source; "
            r"row 2 of the same source gives 750",
        ),
    ],
)
def test_each_error_names_its_place(tiny_raw, tmp_path, row, message):
    raw = tiny_raw([OK, row])
    out = tmp_path / "processed"
    with pytest.raises(DataError, match=message):
        clean(raw, out, today=dt.date(2026, 11, 27), strict=True)
    assert not out.exists()


def test_clean_exit_code_and_previous_outputs_untouched(tiny_raw, tmp_path, capsys):
    out = tmp_path / "processed"
    assert main(["clean", "--raw", str(tiny_raw([OK])), "--out", str(out)]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tiny_raw([OK, "清远市,2013,专利申请量,abc,件,x"])
    assert main(["clean", "--raw", str(bad), "--out", str(out), "--strict"]) == 2
    assert "row 3, column 'value': 'abc'" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no temp files left, nothing changed


def test_a_bad_cell_is_a_rejected_record_not_a_stopped_file(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    result = clean(tiny_raw([OK, "清远市,2013,专利申请量,abc,件,x", "清远市,2014,专利申请量,3.5%,件,x"]), out)
    assert list(result.panel.year) == [2012]
    rejected = (out / "rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected[0] == "file,sheet,cell,raw,reason"
    assert rejected[1].startswith('data/raw/synthetic.csv,,3:value,abc,"expected a number, or a missing marker')
    assert rejected[2].startswith("data/raw/synthetic.csv,,4:value,3.5%,expected a number without %: the unit '件'")


def test_corrections_in_the_rules_file(tiny_raw, tmp_path):
    fix = (
        "- {id: fix-2013, action: correct, file: synthetic.csv, cell: '3:value', expected: '9OO', value: 900,\n"
        "   reason: letter O typed for zero}\n"
    )
    result = clean(tiny_raw([OK, "清远市,2013,专利申请量,9OO,件,x"], fix), tmp_path / "out")
    row = result.panel.query("year == 2013 and not derived").iloc[0]
    assert row.value == 900 and len(result.rejected) == 0
    assert "corrected:fix-2013: '9OO' read as 900" in set(result.warnings.detail)
    stale = tiny_raw([OK, "清远市,2013,专利申请量,950,件,x"], fix)
    with pytest.raises(DataError, match=r"3:value'?: '950': expected '9OO' as correction 'fix-2013' states"):
        clean(stale, tmp_path / "out2")


def test_unregistered_raw_file_is_an_error(tiny_raw, tmp_path):
    raw = tiny_raw([OK])
    (raw / "stray.csv").write_text("x\n", encoding="utf-8")
    with pytest.raises(DataError, match="stray.csv: not registered"):
        clean(raw, tmp_path / "out")


@pytest.mark.parametrize(
    "rules, message",
    [
        (
            "- {id: a, match: {year: '2012'}, action: drop, reason: r}",
            "field 'action': 'drop'; expected one of exclude",
        ),
        ("- {id: a, match: {colour: 'x'}, action: exclude, reason: r}", "unknown keys \\['colour'\\]"),
        ("- {id: a, match: {year: '('}, action: exclude, reason: r}", "is not a regular expression"),
        ("- {id: a, match: {year: '2012'}, action: exclude}", "field 'reason' is missing"),
    ],
)
def test_bad_rules_file(tmp_path, rules, message):
    path = tmp_path / "cleaning_rules.yaml"
    path.write_text(rules, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_rules(path)


def test_rules_exclude_flag_and_report_unused(tiny_raw, tmp_path):
    rules = (
        "- {id: drop-2013, match: {year: '^2013$'}, action: exclude, reason: synthetic reason}\n"
        "- {id: odd-2014, match: {year: '^2014$'}, action: suspect, reason: looks odd}\n"
        "- {id: never, match: {region: 'nowhere'}, action: warn, reason: unused}\n"
    )
    raw = tiny_raw(
        [OK, "清远市,2013,专利申请量,900,件,x", "清远市,2014,专利申请量,2900,件,x", "清远市,2015,专利申请量,9000,件,x"],
        rules,
    )
    result = clean(raw, tmp_path / "out")
    assert list(result.excluded.rule) == ["drop-2013"]
    assert result.panel.query("year == 2014 and not derived")["flags"].iloc[0] == "suspect:odd-2014"
    assert "rule never matched no record" in set(result.warnings.detail)
    assert "jump" in set(result.warnings.check)


@pytest.mark.parametrize(
    "row, message",
    [
        ("synth,synthetic.csv,scanner,T,P,u,t,final,n", r"row 2, column 'reader': 'scanner': expected one of"),
        (
            "synth,synthetic.csv,transcription,T,P,u,t,final,n,GDP,",
            r"row 2, column 'indicator': 'GDP': applies to portal",
        ),
        (
            "synth,synthetic.csv,transcription,T,P,u,t,final,n,,2025",
            r"row 2, column 'vintage': '2025': expected a revision",
        ),
    ],
)
def test_sources_registry_options_checked(tiny_raw, tmp_path, row, message):
    raw = tiny_raw([OK])
    (raw / "sources.csv").write_text(
        "source_id,file,reader,title,publisher,url,table,reliability,note,indicator,vintage\n"
        + row
        + (",," if row.count(",") == 8 else "")
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=message):
        clean(raw, tmp_path / "out")


def test_a_rules_file_indented_with_tabs_is_named_not_a_traceback(tmp_path):
    path = tmp_path / "cleaning_rules.yaml"
    path.write_text("- id: x\n\tmatch: {}\n", encoding="utf-8")
    with pytest.raises(DataError, match="not tabs"):
        load_rules(path)
