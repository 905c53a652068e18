"""`qy clean` switches in one complete output set, refuses a concurrent clean, and clears what a killed
run left behind. Tables are SYNTHETIC."""
import os

import pytest

from qy_analysis import DataError, clean
from qy_analysis.cleaning import generation
from qy_analysis.cleaning.pipeline import OUTPUTS

OK = "清远市,2012,专利申请量,750,件,http://example.invalid/synthetic"


def _contents(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_one_complete_set_and_other_files_kept(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "README.md").write_text("kept", encoding="utf-8")
    clean(tiny_raw([OK]), out)
    assert sorted(_contents(out)) == sorted(OUTPUTS + ("README.md",))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no lock, no generation left


def test_a_failure_mid_write_leaves_the_previous_set(tiny_raw, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    clean(tiny_raw([OK]), out)
    before = _contents(out)

    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(generation, "_exchange", killed)
    with pytest.raises(KeyboardInterrupt):
        clean(tiny_raw([OK, "清远市,2013,专利申请量,800,件,x"]), out)
    assert _contents(out) == before


def test_concurrent_clean_refused_and_stale_lock_taken_over(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    lock = tmp_path / ".processed.lock"
    lock.write_text(str(os.getppid()), encoding="utf-8")  # a live process holds it
    with pytest.raises(DataError, match=r"another `qy clean` \(process \d+\) is writing it"):
        clean(tiny_raw([OK]), out)
    assert not out.exists()
    lock.write_text("999999999", encoding="utf-8")  # a killed run's lock
    clean(tiny_raw([OK]), out)
    assert not lock.exists()


def test_leftovers_of_a_killed_run_removed(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    clean(tiny_raw([OK]), out)
    (out / ".panel.csv.0123.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".processed.gen-dead").mkdir()
    clean(tiny_raw([OK]), out)
    assert not (out / ".panel.csv.0123.tmp").exists() and not (tmp_path / ".processed.gen-dead").exists()
