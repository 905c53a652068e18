"""Where `qy run` writes and what it keeps, without kernels: the notebooks' execution is replaced by a stub that
writes each job's files, so these tests show the folder rules alone. Uses a SYNTHETIC notebook and a temporary
project folder (QY_PROJECT_ROOT)."""

import errno
import json
import subprocess
import sys
import time

import pytest

from qy_analysis.cli import main
from qy_analysis.errors import DataError
from qy_analysis.publish import folders, runner

from .conftest import ROOT
from .synthetic import synthetic_notebook


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A temporary project with a run config of two notebooks, and execution replaced by writing the files."""
    monkeypatch.setenv("QY_PROJECT_ROOT", str(tmp_path))
    (tmp_path / "notebooks").mkdir()
    synthetic_notebook(tmp_path / "notebooks" / "01_first.ipynb", "print('SYNTHETIC')")
    synthetic_notebook(tmp_path / "notebooks" / "02_second.ipynb", "print('SYNTHETIC')")
    (tmp_path / "run.yaml").write_text(
        "name: weekly\nnotebooks:\n  - notebook: notebooks/01_first.ipynb\n  - notebook: notebooks/02_second.ipynb\n",
        encoding="utf-8",
    )

    def executed(planned, jobs, executor, scheduler, on_done, priority=None):
        for job in planned:
            job.output.write_text("{}", encoding="utf-8")
            job.output.with_suffix(".html").write_text("<html></html>", encoding="utf-8")
            job.status = "ok"
            on_done(job)
        return planned

    monkeypatch.setattr(runner, "dispatch", executed)
    return tmp_path


def quiet(*args):
    pass


def test_a_partial_run_never_replaces_the_full_report(project):
    assert runner.run(project / "run.yaml", echo=quiet) == 0
    assert runner.run(project / "run.yaml", only="02", echo=quiet) == 0
    full = json.loads((project / "reports" / "weekly" / "manifest.json").read_text(encoding="utf-8"))
    assert [j["notebook"] for j in full["notebooks"]] == ["01_first.ipynb", "02_second.ipynb"]
    partial = json.loads((project / "reports" / "weekly-partial" / "manifest.json").read_text(encoding="utf-8"))
    assert [j["notebook"] for j in partial["notebooks"]] == ["02_second.ipynb"]
    assert not list((project / "reports").glob("weekly.previous-*"))


def test_earlier_runs_are_kept_to_a_bound(project):
    for _ in range(5):
        assert runner.run(project / "run.yaml", keep=2, echo=quiet) == 0
        time.sleep(1.01)  # runs a second apart: distinct start stamps
    kept = sorted(p.name for p in (project / "reports").glob("weekly.previous-*"))
    assert len(kept) == 2
    (project / "reports" / "weekly.previous-by-hand").mkdir()  # not a run's folder: never removed
    assert runner.run(project / "run.yaml", keep=0, echo=quiet) == 0
    assert sorted(p.name for p in (project / "reports").glob("weekly.previous-*")) == ["weekly.previous-by-hand"]


def test_one_run_at_a_time_per_folder(project):
    folder = project / "reports" / "weekly"
    held = folders.lock(folder)
    try:
        with pytest.raises(DataError, match="another qy run .* is writing into it"):
            runner.run(project / "run.yaml", echo=quiet)
    finally:
        held.close()
    assert not folder.exists()  # the second run wrote nothing
    assert runner.run(project / "run.yaml", echo=quiet) == 0  # free again once the first ends


def test_disk_full_ends_failed_in_one_line(project, monkeypatch, capsys):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runner.report_index, "index_html", disk_full)
    assert main(["run", "--config", str(project / "run.yaml")]) == 1
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err and "No space left on device" in printed.out
    manifest = json.loads((project / "reports" / "weekly" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and "No space left" in manifest["error"]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--jobs", "0"], "argument --jobs: '0': expected a whole number of at least 1"),
        (["--jobs", "-3"], "argument --jobs: '-3': expected a whole number of at least 1"),
        (["--keep", "-1"], "argument --keep: '-1': expected a whole number of at least 0"),
    ],
)
def test_run_options_are_range_checked(project, argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", "--config", str(project / "run.yaml"), *argv])
    assert stop.value.code == 2 and message in capsys.readouterr().err


def test_a_config_jobs_of_zero_is_refused(project, capsys):
    (project / "run.yaml").write_text(
        "name: weekly\njobs: 0\nnotebooks:\n  - notebook: notebooks/01_first.ipynb\n", encoding="utf-8"
    )
    assert main(["run", "--config", str(project / "run.yaml")]) == 2
    assert "run.yaml: jobs 0: expected a whole number of at least 1" in capsys.readouterr().err


def test_output_at_a_file_and_a_notebook_that_is_not_one_are_one_line_errors(project, capsys):
    (project / "reports").mkdir()
    (project / "reports" / "a-file").write_text("mine", encoding="utf-8")
    assert main(["run", "--config", str(project / "run.yaml"), "--output", "reports/a-file"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--output reports/a-file: is a file, not a folder" in err
    assert (project / "reports" / "a-file").read_text(encoding="utf-8") == "mine"
    (project / "notebooks" / "02_second.ipynb").write_text("not json at all", encoding="utf-8")
    assert main(["run", "--config", str(project / "run.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "02_second.ipynb: not a notebook" in err


def test_a_second_process_is_refused_while_a_run_holds_the_folder(project):
    """The lock holds across processes (what two cron jobs would be)."""
    held = folders.lock(project / "reports" / "weekly")
    try:
        other = subprocess.run(
            [sys.executable, "-m", "qy_analysis", "run", "--config", str(project / "run.yaml")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        held.close()
    assert other.returncode == 2 and "another qy run" in other.stderr and other.stderr.count("\n") == 1
