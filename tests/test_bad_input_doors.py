"""The bad-input corpus of issue 18, part 2: what a careless or unlucky user did to `qy add`, plans, scenarios,
CLI numbers, the panel and the output folder. Each case ends in one line naming the file and field (exit 2)
or works. Every file here is SYNTHETIC (made-up numbers written at test time), apart from the shipped panel
and plan that the CLI cases read."""

import errno
import multiprocessing
import re
import shutil

import pytest

from qy_analysis import DataError, clean
from qy_analysis.cleaning.panel import load_panel, model_series
from qy_analysis.cli import main
from qy_analysis.ingest.register import add_source
from qy_analysis.ingest.sources import load_sources
from qy_analysis.targets.scenarios import Scenario, evaluate
from qy_analysis.targets.spec import load_plan, load_targets

from .conftest import ROOT

URL = "http://example.invalid/synthetic"
ROW = "清远市,{year},专利申请量,{value},件," + URL


def _transcription(folder, name, rows):
    path = folder / name
    path.write_text("region,year,indicator,value,unit,source_url\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


# --- qy add -------------------------------------------------------------------------------------------------


def _add(args):
    download, raw = args
    add_source(download, raw, source_url=URL, echo=lambda *a: None)


def test_concurrent_adds_lose_no_registration(tiny_raw, tmp_path, monkeypatch):
    import time

    from qy_analysis.ingest import register

    slow = register._registry_text
    monkeypatch.setattr(register, "_registry_text", lambda *a: (time.sleep(0.3), slow(*a))[1])  # a wide window
    raw = tiny_raw([ROW.format(year=2012, value=750)])
    downloads = [
        _transcription(tmp_path, f"synthetic_add_{n}.csv", [ROW.format(year=2013 + n, value=800 + n)]) for n in range(4)
    ]
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.map(_add, [(d, raw) for d in downloads])
    registry = load_sources(raw)
    assert sorted(registry.file) == sorted(["synthetic.csv"] + [d.name for d in downloads])
    assert sorted(clean(raw, tmp_path / "processed").panel.query("~derived").year) == [2012, 2013, 2014, 2015, 2016]
    assert not list(raw.glob(".*"))  # no lock or temporary file left


def test_add_without_title_writes_a_row_its_loader_accepts(tiny_raw, tmp_path):
    raw = tiny_raw([ROW.format(year=2012, value=750)])
    download = tmp_path / "synthetic_untitled.csv"  # no source column: the records name no title
    download.write_text("region,year,indicator,value,unit\n清远市,2013,专利申请量,800,件\n", encoding="utf-8")
    row = add_source(download, raw, source_url=URL, echo=lambda *a: None)
    assert row["title"] == "synthetic_untitled"
    assert "synthetic_untitled.csv" in set(load_sources(raw).file)
    with pytest.raises(DataError, match="--title '  ': empty"):
        add_source(
            _transcription(tmp_path, "synthetic_b.csv", [ROW.format(year=2014, value=1)]),
            raw,
            source_url=URL,
            title="  ",
            echo=lambda *a: None,
        )


def test_a_registered_file_changed_since_is_named_by_clean(tiny_raw, tmp_path):
    raw = tiny_raw([ROW.format(year=2012, value=750)])
    download = _transcription(tmp_path, "synthetic_later.csv", [ROW.format(year=2013, value=800)])
    add_source(download, raw, source_url=URL, echo=lambda *a: None)
    clean(raw, tmp_path / "processed")
    (raw / download.name).write_text(
        (raw / download.name).read_text(encoding="utf-8").replace("800", "900"), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"synthetic_later.csv: changed since it was registered .*column 'sha256'"):
        clean(raw, tmp_path / "processed")


@pytest.mark.parametrize("fault", [errno.ENOSPC, errno.EROFS])
def test_add_into_a_full_or_read_only_folder_registers_nothing(tiny_raw, tmp_path, monkeypatch, fault):
    raw = tiny_raw([ROW.format(year=2012, value=750)])
    before = sorted((p.name, p.read_bytes()) for p in raw.iterdir())
    download = _transcription(tmp_path, "synthetic_late.csv", [ROW.format(year=2013, value=800)])

    def refused(*args, **kwargs):
        raise OSError(fault, __import__("os").strerror(fault))

    monkeypatch.setattr("qy_analysis.ingest.register.write_files_atomically", refused)
    with pytest.raises(DataError, match=r"raw: cannot register synthetic_late.csv \(.+\); .*nothing was registered"):
        add_source(download, raw, source_url=URL, echo=lambda *a: None)
    assert sorted((p.name, p.read_bytes()) for p in raw.iterdir()) == before  # the copy is gone again


# --- plans and scenarios ----------------------------------------------------------------------------------

PLAN = """plan: {{id: p, zh: 计划, en: plan, region: "{region}", base_year: 2012, target_year: 2017}}
targets:
  - {{id: t1, clause: "1", zh: 目标, en: target, kind: {kind}, indicator: {indicator}, unit: "{unit}",
      target: {{year: 2017, value: {value}}}}}
"""


@pytest.mark.parametrize(
    "value, kind, indicator, unit, message",
    [
        ("true", "level", "patent_applications", "件", r"'target.value': True is a bool; expected a number"),
        (".nan", "level", "patent_applications", "件", r"'target.value': nan: expected a finite number"),
        (".inf", "level", "patent_applications", "件", r"'target.value': inf: expected a finite number"),
        ("-0.72", "share", "fiscal_st_share", "%", r"'target.value': -0.72: expected a number >= 0 and <= 100"),
        ("130", "share", "fiscal_st_share", "%", r"'target.value': 130: expected a number >= 0 and <= 100"),
        ("-5", "level", "patent_applications", "件", r"'target.value': -5: expected a number >= 0"),
    ],
)
def test_target_values_checked_at_the_door(tmp_path, value, kind, indicator, unit, message):
    path = tmp_path / "synthetic_plan.yaml"
    path.write_text(
        PLAN.format(region="441800", kind=kind, indicator=indicator, unit=unit, value=value), encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"synthetic_plan.yaml, target 1 \(t1\): field " + message):
        load_targets(path)


def test_a_growth_targets_baseline_is_checked_as_a_level_and_its_rate_as_growth(tmp_path):
    path = tmp_path / "synthetic_plan.yaml"
    text = PLAN.format(region="441800", kind="growth", indicator="patent_applications", unit="%", value=0)
    for baseline, rate, message in (
        ("-50", "15", r"'baseline.value': -50: expected a number >= 0"),
        ("750", "-100", r"'target.rate': -100: expected growth above -100% a year"),
    ):
        path.write_text(
            text.replace(
                "{year: 2017, value: 0}", f"{{year: 2017, rate: {rate}}}, baseline: {{year: 2012, value: {baseline}}}"
            ),
            encoding="utf-8",
        )
        with pytest.raises(DataError, match=r"synthetic_plan.yaml, target 1 \(t1\): field " + message):
            load_targets(path)


def test_a_mistyped_shipped_prior_is_refused_in_words():
    from qy_analysis.projection.broad_prior import resolve_prior

    with pytest.raises(ValueError, match=r"prior 'shiped': expected 'shipped', a BroadPrior or None"):
        resolve_prior("shiped")


def test_unknown_plan_region_refused(tmp_path):
    path = tmp_path / "synthetic_plan.yaml"
    path.write_text(
        PLAN.format(region="999999", kind="level", indicator="patent_applications", unit="件", value=10),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"synthetic_plan.yaml: field 'plan.region': '999999': expected a region code"):
        load_plan(path)


def test_gbk_plan_read_with_a_note(tmp_path, capsys):
    path = tmp_path / "synthetic_plan.yaml"
    path.write_bytes(
        PLAN.format(region="441800", kind="level", indicator="patent_applications", unit="件", value=10).encode("gbk")
    )
    assert load_plan(path).targets["t1"].zh == "目标"
    assert "read as GBK/GB18030, not UTF-8" in capsys.readouterr().err
    path.write_bytes(b"plan: \x80\xff\xff\xfe")
    with pytest.raises(DataError, match="cannot decode the targets at byte"):
        load_plan(path)


@pytest.fixture(scope="module")
def panel():
    return load_panel(ROOT / "data" / "processed" / "panel.csv")


@pytest.mark.parametrize(
    "end, message",
    [
        (
            1000000,
            r"field 'end' \(a year\): 1000000: expected a whole number "
            r"from 1949 to 2100",
        ),
        (1e12, "field 'end'"),
        (True, "field 'end'"),
    ],
)
def test_scenario_years_bounded(panel, end, message):
    with pytest.raises(DataError, match=message):
        Scenario.from_dict(
            {"region": "441800", "as_of": 2012, "end": end, "indicators": {"st_expenditure": {"growth": 5}}},
            panel,
            source="synthetic.yaml",
        )


def test_a_share_past_100_refuses_the_scenario(panel):
    spec = {
        "region": "441800",
        "as_of": 2012,
        "end": 2017,
        "indicators": {"st_expenditure": {"growth": 1000}, "budget_expenditure": {"growth": 0}},
    }
    with pytest.raises(
        DataError,
        match=r"synthetic.yaml: indicators: the assumptions drive fiscal_st_share to "
        r".*% by \d{4}; expected a share within 0-100",
    ):
        Scenario.from_dict(spec, panel, source="synthetic.yaml")
    spec["indicators"] = {"st_expenditure": {"growth": 30, "spread": 100}, "budget_expenditure": {"growth": 0}}
    scenario = Scenario.from_dict(spec, panel, source="synthetic.yaml")  # the central path stays below 100
    with pytest.raises(DataError, match="expected a share within 0-100 on every path"):
        evaluate(scenario, load_plan().targets, panel, n_paths=2000)


@pytest.mark.parametrize("n_paths", [0, -5, 10**9])
def test_scenario_paths_capped(panel, n_paths):
    scenario = Scenario.from_dict(
        {"region": "441800", "as_of": 2012, "end": 2017, "indicators": {"st_expenditure": {"growth": 5, "spread": 2}}},
        panel,
    )
    with pytest.raises(DataError, match=rf"n_paths: {n_paths}: expected a whole number from 1 to 100000"):
        evaluate(scenario, load_plan().targets, panel, n_paths=n_paths)


# --- CLI numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["assess", "--n-paths", "0"], "expected a whole number of paths from 1 to 100,000"),
        (["assess", "--n-paths", "-5"], "expected a whole number of paths"),
        (["assess", "--n-paths", "1000000000"], "expected a whole number of paths"),
        (["scenario", "--n-paths", "0"], "expected a whole number of paths"),
        (["scenario", "--seed", "-1"], r"'-1': expected a whole number >= 0 \(the random seed\)"),
        (["assess", "--as-of", "1800"], r"--as-of 1800: expected a year after the panel's first \(\d{4}\) and up to"),
        (["assess", "--as-of", "2099"], r"--as-of 2099: expected a year"),
    ],
)
def test_cli_numbers_bounded(args, message, capsys):
    try:
        status = main(args)
    except SystemExit as stop:  # argparse's own exit for an option it rejects
        status = stop.code
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and re.search(message, err[-1])


# --- the panel and the output folder ------------------------------------------------------------------------


def test_implausible_values_flagged_without_a_neighbour_and_left_out_of_forecasts(tiny_raw, tmp_path):
    rows = (
        [ROW.format(year=2012, value="1e20")]
        + [ROW.format(year=y, value=700 + y - 2000).replace("清远市", "梅州市") for y in range(2005, 2012)]
        + [
            ROW.format(year=y, value=v).replace("清远市", "韶关市")
            for y, v in ((2010, 500), (2011, 520), (2012, "1e300"))
        ]
    )
    result = clean(tiny_raw(rows), tmp_path / "processed")
    flagged = result.panel[result.panel["flags"].str.contains("suspect:implausible") & ~result.panel["derived"]]
    assert sorted(flagged.region) == ["清远市", "韶关市"]
    assert set(result.warnings.query("check == 'implausible'").region) == {"清远市", "韶关市"}
    series, notes = model_series(result.panel, "440200", "patent_applications")
    assert list(series.index) == [2010, 2011] and any("left out (flagged)" in str(n) for n in notes)


def test_a_panel_cut_in_half_is_refused(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    clean(tiny_raw([ROW.format(year=y, value=700 + y - 2000) for y in range(2000, 2013)]), out)
    assert len(load_panel(out / "panel.csv")) == 13 + 12  # published and derived growth
    text = (out / "panel.csv").read_text(encoding="utf-8")
    (out / "panel.csv").write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(DataError, match=r"panel.csv: \d+ rows .*coverage.csv counts 25; expected the whole panel"):
        load_panel(out / "panel.csv")


@pytest.mark.parametrize("fault", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_clean_into_a_full_disk_or_read_only_folder(tiny_raw, tmp_path, monkeypatch, fault):
    raw, out = tiny_raw([ROW.format(year=2012, value=750)]), tmp_path / "processed"
    clean(raw, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def refused(*args, **kwargs):
        raise OSError(fault, __import__("os").strerror(fault))

    monkeypatch.setattr("qy_analysis.io._write_synced", refused)
    with pytest.raises(
        DataError, match=r"--out .*processed: cannot write the outputs \(.+\); .*previous outputs are kept"
    ):
        clean(tiny_raw([ROW.format(year=2013, value=800)]), out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".processed*"))


def test_a_file_of_only_urban_district_figures_is_refused_by_clean(tiny_raw, tmp_path):
    """A 市辖区-only sheet was dropped whole by `qy clean`, exit 0, with nothing said."""
    import openpyxl

    raw = tiny_raw([ROW.format(year=2012, value=750)])
    wb = openpyxl.Workbook()
    wb.active.append(["城市", "专利申请数(件)(市辖区)"])
    wb.active.append(["清远市", 300])
    wb.save(raw / "synthetic_csy2013_districts.xlsx")
    with open(raw / "sources.csv", "a", encoding="utf-8") as registry:
        registry.write(
            "districts,synthetic_csy2013_districts.xlsx,yearbook,Synthetic,tests,none,none,final,SYNTHETIC\n"
        )
    with pytest.raises(DataError, match=r"synthetic_csy2013_districts.xlsx: only 市辖区 \(urban-district\) figures"):
        clean(raw, tmp_path / "processed")


@pytest.mark.slow
def test_real_csy2020_sample_goes_through_read_add_clean(samples, tmp_path, capsys):
    """The README's path on the real CSY 2020 sheet (a scratch copy of the project's data/raw): 北京市 and the
    other municipalities are cities there; the ~270 cities outside the region table and the indicators outside
    the catalogue are left out with one note each."""
    sample = samples / "csy2020_prefecture_cross_section.xlsx"
    raw = tmp_path / "data" / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    assert main(["read", str(sample), "--format", "csv"]) == 0
    assert main(["add", str(sample), "--raw", str(raw), "--source-url", "https://example.invalid/csy2020"]) == 0
    capsys.readouterr()
    assert main(["clean", "--raw", str(raw), "--out", str(tmp_path / "processed")]) == 0
    panel = load_panel(tmp_path / "processed" / "panel.csv")
    mine = panel[panel.source_id == "csy2020_prefecture_cross_section"]
    assert {"110000", "441800"} <= set(mine.region_code) and set(mine.year) == {2019}
    notes = (tmp_path / "processed" / "warnings.csv").read_text(encoding="utf-8")
    assert "regions not in reference/regions.csv left out" in notes


def test_a_slow_clean_shows_a_progress_bar_on_a_terminal_only(tiny_raw, tmp_path, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    raw = tiny_raw([ROW.format(year=2012, value=750)])
    monkeypatch.setattr("qy_analysis.progress.DELAY", 0.0)  # as if every step took more than a few seconds
    for stream, shown in ((Terminal(), True), (io.StringIO(), False)):
        monkeypatch.setattr("sys.stderr", stream)
        clean(raw, tmp_path / "processed")
        assert ("qy clean" in stream.getvalue()) == shown
