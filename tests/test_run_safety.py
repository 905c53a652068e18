"""`qy run` never lies: a killed run says so and leaves no worker or kernel behind; disk and export errors are
reported per notebook and leave nothing half-written. Uses SYNTHETIC notebooks made in the test's folder."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qy_analysis.publish import execution
from qy_analysis.publish.execution import descendants
from qy_analysis.publish.jobs import Job

from .conftest import ROOT
from .synthetic import synthetic_notebook

pytestmark = pytest.mark.slow


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kernels(pids) -> int:
    return sum(
        "ipykernel" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")
        for p in pids
        if Path(f"/proc/{p}/cmdline").exists()
    )


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 130), (signal.SIGKILL, -9)])
def test_killed_run_with_two_jobs_leaves_no_process_and_says_so(tmp_path, sig, status):
    notebook = synthetic_notebook(tmp_path / "synthetic_nb.ipynb", "import time\ntime.sleep(120)")
    config = tmp_path / "run.yaml"
    config.write_text(
        f"name: t\nnotebooks:\n  - notebook: {notebook}\n    parameters: [{{lang: zh}}, {{lang: en}}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "qy_analysis", "run", "--config", str(config), "--output", str(out), "--jobs", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 120
        while kernels(descendants(run.pid)) < 2 and time.time() < deadline:
            time.sleep(0.5)
        family = descendants(run.pid)
        assert kernels(family) == 2, run.stdout.read1().decode() if run.poll() is not None else "no kernels started"
        assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["status"] == "running"
        run.send_signal(sig)
        assert run.wait(timeout=60) == status
        deadline = time.time() + 30
        while any(alive(p) for p in family) and time.time() < deadline:
            time.sleep(0.5)
        assert not [p for p in family if alive(p)], "processes outlived the run"
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    if sig == signal.SIGTERM:
        assert manifest["status"] == "interrupted" and {j["status"] for j in manifest["notebooks"]} == {"pending"}
        assert "interrupted" in (out / "index.md").read_text(encoding="utf-8") or "中断" in (
            out / "index.md"
        ).read_text(encoding="utf-8")
        assert sorted(p.name for p in out.iterdir()) == manifest["files"]  # no half-executed notebook
    else:
        assert manifest["status"] == "running"  # a run killed outright can not say more; it never says "complete"
    assert not list(out.glob("synthetic_nb*.ipynb"))


@pytest.mark.parametrize(
    "broken, message, kept",
    [
        ("notebook_html", "HTML export: OSError", True),
        ("write_ipynb", "OSError", False),
    ],
)
def test_disk_full_is_reported_for_that_notebook_alone(tmp_path, monkeypatch, broken, message, kept):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    import papermill.execute

    monkeypatch.setattr(*(execution, broken) if broken == "notebook_html" else (papermill.execute, broken), disk_full)
    notebook = synthetic_notebook(tmp_path / "synthetic_nb.ipynb", "print('done')")
    (tmp_path / "out").mkdir()
    job = execution.execute_job(Job(notebook, {}, tmp_path / "out" / "synthetic_nb.ipynb", title="t"))
    assert job.status == "failed" and job.error.startswith(message) and "No space left" in job.error
    assert job.output.exists() is kept and not job.output.with_suffix(".html").exists()
    assert not list(job.output.parent.glob(".*"))  # no temporary file left behind


def sleepy_run(tmp_path: Path, jobs: int) -> tuple[Path, Path]:
    """A config of three parameter sets of a SYNTHETIC notebook whose cells sleep a second each (about 6 s)."""
    notebook = synthetic_notebook(tmp_path / "synthetic_sleepy.ipynb", *["import time\ntime.sleep(1)"] * 6)
    config = tmp_path / "run.yaml"
    config.write_text(
        f"name: t\njobs: {jobs}\nnotebooks:\n  - notebook: {notebook}\n"
        "    parameters: [{lang: zh}, {lang: en}, {}]\n",
        encoding="utf-8",
    )
    return config, tmp_path / f"out-{jobs}"


@pytest.mark.parametrize("jobs, after", [(1, 2), (2, 6), (2, 12), (1, 9)])
def test_sigint_at_any_moment_ends_the_run_within_10_s(tmp_path, jobs, after):
    """Ctrl-C while a kernel starts, runs a cell or between notebooks: the run ends within 10 s, says
    "interrupted", and leaves no worker or kernel (nbclient's own SIGINT/SIGTERM handlers used to swallow the
    signal in the process executing a notebook, which then waited on a kernel it had shut down)."""
    config, out = sleepy_run(tmp_path, jobs)
    run = subprocess.Popen(
        [sys.executable, "-m", "qy_analysis", "run", "--config", str(config), "--output", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        time.sleep(after)
        family = descendants(run.pid)
        assert run.poll() is None, run.stdout.read().decode()
        run.send_signal(signal.SIGINT)
        sent = time.time()
        assert run.wait(timeout=10) in (130, -signal.SIGINT)  # -SIGINT: stopped while Python was still importing
        while any(alive(p) for p in family) and time.time() < sent + 10:
            time.sleep(0.2)
        assert not [p for p in family if alive(p)], "processes outlived the run"
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    if not (out / "manifest.json").exists():  # stopped during the checks, before the run's folder was made
        assert not out.exists() or not any(out.iterdir())
        return
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "interrupted"
    assert sorted(p.name for p in out.iterdir()) == manifest["files"]  # no half-executed notebook


def _stubborn_worker(ready) -> None:
    """A SYNTHETIC stand-in for a worker whose SIGTERM nbclient took over: it ignores SIGTERM and has a child
    in a session of its own, as a kernel is started."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    ready.set()
    time.sleep(120)


def test_a_worker_that_ignores_sigterm_is_killed_with_its_kernel():
    """The old stop (terminate, then wait for the pool) waited forever on such a worker."""
    from multiprocessing import get_context

    context = get_context("spawn")
    ready = context.Event()
    worker = context.Process(target=_stubborn_worker, args=(ready,))
    worker.start()
    assert ready.wait(60)
    time.sleep(0.5)
    family = {worker.pid, *descendants(worker.pid)}
    assert len(family) == 2
    started = time.monotonic()
    execution._stop([worker])
    assert time.monotonic() - started < execution.STOP_GRACE + 3
    time.sleep(0.5)
    assert not [p for p in family if alive(p)]
