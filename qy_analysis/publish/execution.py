"""Executing jobs so that a run never lies: each notebook runs into a hidden temporary file that is moved into
place only when its execution is over (next to its HTML page); errors of the notebook, the kernel, the disk or
the HTML export are caught per notebook; SIGTERM/SIGINT stop the run, its worker processes and their kernels.

Notebooks always execute in worker processes, never in the run's own: nbclient installs its own SIGINT/SIGTERM
handlers while it executes (they shut the kernel down and let the execution wait on it), so a process running
nbclient cannot be relied on to stop. The run's process keeps the signals; on one it asks the workers to stop,
waits STOP_GRACE seconds, then kills what is left of them and of their kernels (found under the workers)."""

from __future__ import annotations

import ctypes
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

from ..io import write_files_atomically
from ..paths import project_path
from .html_export import notebook_html
from .jobs import Job

# The kernel logs nothing a reader can act on: "running over TCP without encryption" at start and "KeyboardInterrupt
# caught in kernel" when jupyter_client interrupts it on shutdown. Errors in the notebook show in its outputs.
QUIET_KERNEL = ["--IPKernelApp.log_level=CRITICAL"]
PR_SET_PDEATHSIG = 1
STOP_GRACE = 3.0  # seconds the workers get to stop their kernels before they and their kernels are killed


class Interrupted(BaseException):
    """The run received SIGTERM or SIGINT."""


def _last_line(err: BaseException) -> str:
    text = str(err).strip()
    return f"{type(err).__name__}: {text.splitlines()[-1] if text else ''}".strip()


def run_notebook(notebook: Path, out: Path, parameters: dict | None = None) -> None:
    """Execute `notebook` with papermill into `out`: in the project folder, with the project's kernel, quietly."""
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        cwd=str(project_path()),
        progress_bar=False,
        kernel_name="python3",
        request_save_on_cell_execute=False,
        extra_arguments=QUIET_KERNEL,
    )


def execute_job(job: Job) -> Job:
    """Run one notebook with papermill (its own kernel), then publish its .ipynb and .html together."""
    start = time.perf_counter()
    partial = job.output.with_name(f".{job.output.stem}.part.ipynb")
    try:
        try:
            run_notebook(job.notebook, partial, job.parameters)
            job.status = "ok"
        except Exception as err:  # the executed copy keeps the error visible; the run goes on
            job.status, job.error = "failed", _last_line(err)
        if partial.exists():
            try:
                write_files_atomically(
                    {job.output.with_suffix(".html"): notebook_html(partial, job.title, job.lang, job.with_code)}
                )
            except Exception as err:
                job.status, job.error = "failed", "HTML export: " + _last_line(err)
            os.replace(partial, job.output)
    except Exception as err:  # disk full, unreadable output: reported for this notebook alone
        job.status, job.error = "failed", _last_line(err)
    finally:
        partial.unlink(missing_ok=True)
        job.seconds = round(time.perf_counter() - start, 2)
    return job


def _raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


def _worker_setup() -> None:
    """In each worker: die with the parent (Linux), leave Ctrl-C (sent to the whole terminal group) to the
    parent, and let SIGTERM unwind so papermill stops its kernel."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_interrupted)


def _execute_in_worker(job: Job) -> Job:
    """execute_job in a pool worker, which must end once interrupted (the pool would keep it waiting)."""
    try:
        return execute_job(job)
    except Interrupted:  # papermill has stopped the kernel on the way out
        os._exit(128 + signal.SIGTERM)


def dispatch(
    planned: list[Job], jobs: int, executor: str, scheduler: str | None, on_done, priority: dict | None = None
) -> list[Job]:
    """Run the jobs locally (in `jobs` worker processes, one at least) or on Dask, calling on_done(job) as each ends;
    the longest first when `priority` gives their expected seconds by output name (a shorter tail in parallel).
    `planned` keeps its order and receives the results. Raises Interrupted on SIGTERM/SIGINT after the workers
    have been stopped."""
    index = {job.output: n for n, job in enumerate(planned)}
    order = sorted(planned, key=lambda job: -(priority or {}).get(job.output.name, 0.0))

    def done(job: Job) -> None:  # results come back as copies from other processes
        planned[index[job.output]] = job
        on_done(job)

    previous = {sig: signal.signal(sig, _raise_interrupted) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if executor == "dask":
            from ..executors import dask_map

            for job in dask_map(execute_job, order, scheduler):
                done(job)
        else:
            _in_processes(order, max(1, jobs), done)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return planned


def _in_processes(planned: list[Job], jobs: int, on_done) -> None:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_worker_setup)
    try:
        for future in as_completed([pool.submit(_execute_in_worker, job) for job in planned]):
            on_done(future.result())
    except BaseException:
        _stop(list((pool._processes or {}).values()))  # no public API for the workers
        pool.shutdown(wait=False, cancel_futures=True)
        for job in planned:  # a killed worker leaves its hidden partial file
            job.output.with_name(f".{job.output.stem}.part.ipynb").unlink(missing_ok=True)
        raise
    pool.shutdown()


def _stop(workers) -> None:
    """SIGTERM each worker (papermill then stops its kernel); after STOP_GRACE seconds, SIGKILL the workers and
    every process found under them at the start (kernels run in sessions of their own)."""
    family = {p for w in workers if w.pid for p in descendants(w.pid)}
    for worker in workers:
        worker.terminate()
    deadline = time.monotonic() + STOP_GRACE
    while time.monotonic() < deadline and any(w.is_alive() for w in workers):
        time.sleep(0.1)
    family |= {p for w in workers if w.is_alive() for p in (w.pid, *descendants(w.pid))}  # kernels started since
    for pid in family:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for worker in workers:
        worker.join(timeout=1)


def descendants(pid: int) -> set[int]:
    """The processes below `pid` (Linux /proc; empty elsewhere, where only the workers are stopped)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found
