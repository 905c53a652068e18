"""The silent errors and unsafe outputs of issue 10, each with a test that failed before. SYNTHETIC inputs."""

import pandas as pd
import pytest

from qy_analysis import clean
from qy_analysis.cli import main
from qy_analysis.ingest.repair import repair
from qy_analysis.io import frame_to_csv_text, neutralise_cell

OK = "清远市,2012,专利申请量,750,件,http://example.invalid/synthetic"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+62% on 2014", "'+62% on 2014"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("-12.5", "-12.5"),
        ("+3", "+3"),
        ("清远", "清远"),
        (-3.0, -3.0),
    ],
)
def test_csv_cells_neutralised_numbers_kept(text, expected):
    assert neutralise_cell(text) == expected


def test_every_clean_output_is_formula_safe(tiny_raw, tmp_path):
    rules = "- {id: drop, match: {year: '^2013$'}, action: exclude, reason: '=HYPERLINK(\"x\")'}\n"
    out = tmp_path / "out"
    clean(tiny_raw([OK, "清远市,2013,专利申请量,=1+2,件,x", "清远市,2014,专利申请量,@x,件,x"], rules), out)
    for path in out.glob("*.csv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not any(cell.startswith(("=", "@", "+")) for cell in line.split(",")), (path.name, line)
    assert ",'=1+2," in (out / "excluded.csv").read_text(encoding="utf-8")
    assert "'@x" in (out / "rejected.csv").read_text(encoding="utf-8")
    assert frame_to_csv_text(pd.DataFrame({"v": [-1.5, 2.0]})) == "v\n-1.5\n2\n"


def test_qy_read_csv_is_formula_safe(tmp_path, capsys):
    path = tmp_path / "synthetic.csv"
    path.write_text("region,year,indicator,value,unit,note\n清远市,2012,专利申请量,750,件,=cmd()\n", encoding="utf-8")
    assert main(["read", str(path), "--format", "csv"]) == 0
    assert ",'=cmd()" in capsys.readouterr().out


def test_implausible_value_after_a_gap_is_flagged(tiny_raw, tmp_path):
    result = clean(
        tiny_raw([OK, "清远市,2014,专利申请量,1e300,件,x", "清远市,2017,专利申请量,900,件,x"]), tmp_path / "o"
    )
    jumps = result.warnings[result.warnings.check == "jump"]
    assert list(jumps.year) == [2014, 2017]
    assert jumps.detail.iloc[0].startswith("jump of +")
    assert "from 2012, 2 years earlier (750 -> 1e+300)" in jumps.detail.iloc[0]


def test_moderate_growth_over_a_gap_is_not_flagged(tiny_raw, tmp_path):
    result = clean(tiny_raw([OK, "清远市,2015,专利申请量,2000,件,x"]), tmp_path / "o")  # x2.7 in 3 years < 1.5**3
    assert "jump" not in set(result.warnings.check)


@pytest.mark.parametrize(
    "text, points, expected",
    [
        ("§963886", False, (963886, "section_sign")),
        ("§546", False, (546, "section_sign")),
        ("丨923100", False, (923100, "stroke")),
        ("1021]", False, (1021, "bracket")),
        ("1337()", False, (1337, "empty_parens")),
        ("100.0()", False, (100.0, "empty_parens")),
        ("413349’", False, (413349, "apostrophe")),
        ("4846,48", True, (4846.48, "decimal_comma")),
        ("4846,48", False, None),
        ("§12a", False, None),
        ("§", False, None),
        ("12]]", False, None),
    ],
)
def test_declared_repairs(text, points, expected):
    assert repair(text, points) == expected


def test_repairs_are_flagged_and_keep_the_text(tiny_raw, tmp_path):
    result = clean(
        tiny_raw([OK, "清远市,2013,专利申请量,§963,件,x", "清远市,2014,专利申请量,1021],件,x"]), tmp_path / "o"
    )
    assert set(result.panel.query("not derived").value) == {750, 963, 1021}
    repaired = result.warnings[result.warnings.check == "repaired"]
    assert list(repaired.detail) == [
        "repaired:section_sign: '§963' read as 963",
        "repaired:bracket: '1021]' read as 1021",
    ]


def test_qy_read_lists_rejected_cells_and_strict_refuses(tmp_path, capsys):
    path = tmp_path / "synthetic.csv"
    path.write_text(
        "region,year,indicator,value,unit,note\n清远市,2012,专利申请量,750,件,\n清远市,2013,专利申请量,3.5%,件,\n",
        encoding="utf-8",
    )
    assert main(["read", str(path)]) == 0
    err = capsys.readouterr().err
    assert "# 1 records; 0 missing; 0 repaired; 1 cells rejected" in err
    assert f"# rejected {path} 3:value: '3.5%': expected a number without %" in err
    assert main(["read", str(path), "--strict"]) == 2
    assert "row 3, column 'value': '3.5%': expected a number without %" in capsys.readouterr().err
