"""`qy` on bad input: one line naming what was wrong and what was expected, exit status 2, no traceback;
a closed pipe ends quietly; the project's files are found from any working folder."""

import os
import shlex
import subprocess
import sys

import pytest

from qy_analysis.cli import main
from qy_analysis.errors import (
    DataError,
    IndicatorError,
    InsufficientData,
    ParameterError,
    QyError,
    RegionError,
    UnitError,
)

from .conftest import ROOT

QY = f"{shlex.quote(sys.executable)} -m qy_analysis"
RAW_TABLE = ROOT / "data" / "raw" / "csy_guangdong_cities_2005_2023.csv"


def qy_outside(tmp_path, command: str) -> subprocess.CompletedProcess:
    """Run a shell command line (with `qy` in it) from a folder outside the project."""
    env = {k: v for k, v in os.environ.items() if k != "QY_PROJECT_ROOT"}
    return subprocess.run(
        ["bash", "-c", command.replace("qy ", QY + " ", 1)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_user_facing_error_is_a_qy_error():
    for error in (DataError, ParameterError, RegionError, IndicatorError, UnitError, InsufficientData):
        assert issubclass(error, QyError) and issubclass(error, ValueError)
    assert issubclass(RegionError, KeyError) and str(RegionError("unknown region 'x'")) == "unknown region 'x'"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["assess", "--region", "不存在"], "qy assess: unknown region '不存在' (expected a province"),
        (["scenario", "missing.yaml"], "qy scenario: scenario missing.yaml: no such file in "),
        (["assess", "--targets", "nosuch.yaml"], "qy assess: --targets nosuch.yaml: no such file in "),
        (["run", "-p", "nosuch=1", "--output", "TMP"], "qy run: -p nosuch: no selected notebook takes this parameter"),
        (["run", "-p", "lang", "--output", "TMP"], "qy run: -p 'lang': expected name=value"),
        (["run", "--config", "nosuch.yaml", "--output", "TMP"], "qy run: --config nosuch.yaml: no such file in "),
    ],
)
def test_bad_input_is_one_line_and_status_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([str(tmp_path) if arg == "TMP" else arg for arg in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["assess", "--method", "foo"], "argument --method: invalid choice: 'foo'"),
        (["assess", "--latest-only", "--method", "foo"], "argument --method: invalid choice: 'foo'"),
        (["assess", "--lang", "fr"], "argument --lang: invalid choice: 'fr'"),
        (["scenario", "x.yaml", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["backtest", "--methods", "naive,foo"], "argument --methods: unknown method 'foo'"),
    ],
)
def test_option_choices_are_checked_by_the_parser(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.slow
def test_outside_the_project_folder(tmp_path):
    """Default paths (data/targets/..., data/processed/panel.csv) and relative inputs resolve against the
    project root when the working folder does not hold them; a missing file is one line, not a traceback."""
    done = qy_outside(tmp_path, "qy scenario data/scenarios/qingyuan_from_2012.yaml --n-paths 200 --format csv")
    assert done.returncode == 0, done.stderr
    assert "fiscal_st_share_2017" in done.stdout
    done = qy_outside(tmp_path, "qy scenario missing.yaml")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        f"qy scenario: scenario missing.yaml: no such file in {tmp_path} or in the "
        f"project folder {ROOT}; expected an existing file"
    )
    done = qy_outside(tmp_path, "qy assess --region 不存在")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(tmp_path):
    # `head -n 0` closes the pipe before qy writes (with `head -1` a short output may fit in one write)
    done = qy_outside(tmp_path, f"qy clean --out {tmp_path / 'out'} | head -n 0; exit ${{PIPESTATUS[0]}}")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    done = qy_outside(tmp_path, f"qy read {RAW_TABLE} | head -1; exit ${{PIPESTATUS[0]}}")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.split() == [
        "region",
        "region_code",
        "year",
        "indicator",
        "indicator_id",
        "value",
        "unit",
        "scope",
        "row",
        "column",
        "repair",
    ]


def test_an_unexpected_error_keeps_its_traceback(monkeypatch):
    """A bug is not bad input: it is not turned into a one-line message."""
    import qy_analysis.cleaning.pipeline as pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(pipeline, "clean", broken)
    with pytest.raises(ZeroDivisionError):
        main(["clean", "--out", "unused"])


def test_calibration_is_refitted_only_when_stale(tmp_path, capsys):
    """make run keeps data/models/calibration.json current; a file fitted on this panel is left as it is."""
    current = tmp_path / "calibration.json"
    current.write_bytes((ROOT / "data" / "models" / "calibration.json").read_bytes())
    assert main(["backtest", "--calibrate", "--if-stale", "--out", str(current)]) == 0
    assert "up to date" in capsys.readouterr().err
    assert current.read_bytes() == (ROOT / "data" / "models" / "calibration.json").read_bytes()


@pytest.mark.parametrize(
    "change, refits",
    [
        (("data/raw/provinces.csv,30,", "data/raw/provinces.csv,30 ,"), False),  # where a value came from: not an input
        (("441800,清远市,2012,gdp,1025.0321,", "441800,清远市,2012,gdp,1035.0321,"), True),  # a value the backtest uses
    ],
)
def test_a_panel_change_outside_the_calibrations_inputs_updates_its_hash_without_refitting(
    tmp_path, monkeypatch, capsys, change, refits
):
    import json

    import qy_analysis.evaluation.backtest as backtest
    from qy_analysis.forecasting.calibration import panel_hash

    panel, current = tmp_path / "panel.csv", tmp_path / "calibration.json"
    text = (ROOT / "data" / "processed" / "panel.csv").read_text(encoding="utf-8")
    assert text.count(change[0]) == 1
    panel.write_text(text.replace(*change), encoding="utf-8")
    current.write_bytes((ROOT / "data" / "models" / "calibration.json").read_bytes())

    def refit(*args, **kwargs):
        raise RuntimeError("refitted")

    monkeypatch.setattr(backtest, "fit_calibration", refit)
    if refits:
        with pytest.raises(RuntimeError, match="refitted"):
            main(["backtest", "--calibrate", "--if-stale", "--panel", str(panel), "--out", str(current)])
        return
    assert main(["backtest", "--calibrate", "--if-stale", "--panel", str(panel), "--out", str(current)]) == 0
    assert "panel hash updated, not refitted" in capsys.readouterr().err
    before, after = (
        json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "data" / "models" / "calibration.json", current)
    )
    assert after["panel_sha256"] == panel_hash(panel) != before["panel_sha256"]
    assert after["by_year"] == before["by_year"] and after["inputs_sha256"] == before["inputs_sha256"]


def test_the_backtest_progress_is_a_few_short_lines_in_a_log(capsys):
    """In a log file (stderr not a terminal) a refit's progress is about ten short lines, not one line that
    grows with each of 800 series."""
    from qy_analysis.commands import ProgressBar

    progress = ProgressBar("calibration backtest")
    for i in range(808):
        progress(i, 808, f"441800 indicator_{i}")
    progress.close()
    lines = capsys.readouterr().err.splitlines()
    assert 5 <= len(lines) <= 11 and max(map(len, lines)) < 100 and "\r" not in "".join(lines)


def test_every_option_of_every_command_has_help():
    """`qy COMMAND --help` explains each option and argument (peers listed --n-paths and --seed bare)."""
    import argparse

    from qy_analysis.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    bare = [
        f"qy {name} {'/'.join(action.option_strings) or action.dest}"
        for name, parser in commands.choices.items()
        for action in parser._actions
        if not isinstance(action, argparse._HelpAction) and not (action.help or "").strip()
    ]
    assert not bare, bare
