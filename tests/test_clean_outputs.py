"""`qy clean` switches in one complete output set, refuses a concurrent clean, and clears what a killed
run left behind. Tables are SYNTHETIC."""

import os

import pytest

from qy_analysis import DataError, clean
from qy_analysis.cleaning import generation
from qy_analysis.cleaning.generation import MARKER
from qy_analysis.cleaning.pipeline import OUTPUTS
from qy_analysis.locks import held

OK = "清远市,2012,专利申请量,750,件,http://example.invalid/synthetic"


def _contents(folder):
    return {p.name: p.read_bytes() if p.is_file() else None for p in folder.iterdir()}


def test_one_complete_set_and_other_files_kept(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    clean(tiny_raw([OK]), out)
    (out / "README.md").write_text("kept", encoding="utf-8")
    (out / "notes").mkdir()
    (out / "notes" / "mine.txt").write_text("kept too", encoding="utf-8")
    clean(tiny_raw([OK]), out)
    assert sorted(_contents(out)) == sorted(OUTPUTS + ("README.md", MARKER, "notes"))
    assert (out / "notes" / "mine.txt").read_text(encoding="utf-8") == "kept too"
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


def test_concurrent_clean_refused_and_a_dead_runs_lock_taken_over(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    lock = tmp_path / ".processed.lock"
    with held(lock, "busy"):  # another clean holds it (flock: per open file, so this process counts)
        with pytest.raises(DataError, match=r"another `qy clean` is writing it"):
            clean(tiny_raw([OK]), out)
    assert not out.exists()
    lock.write_text(str(os.getppid()), encoding="utf-8")  # a killed run's file: nobody holds it
    clean(tiny_raw([OK]), out)
    assert not lock.exists()


def test_leftovers_of_a_killed_run_removed(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    clean(tiny_raw([OK]), out)
    (out / ".panel.csv.0123.tmp").write_text("half", encoding="utf-8")
    (tmp_path / ".processed.gen-dead").mkdir()
    clean(tiny_raw([OK]), out)
    assert not (out / ".panel.csv.0123.tmp").exists() and not (tmp_path / ".processed.gen-dead").exists()


def _tree(folder):
    return sorted(
        (str(p.relative_to(folder)), p.is_symlink(), p.read_bytes() if p.is_file() else b"") for p in folder.rglob("*")
    )


@pytest.mark.parametrize("layout", ["data folder", "dot file", "file", "project root"])
def test_out_at_a_folder_clean_did_not_make_is_refused_untouched(tiny_raw, tmp_path, layout):
    raw = tiny_raw([OK])  # tmp_path/data/raw: `qy clean --out data` once deleted it
    target = tmp_path / "data"
    if layout == "data folder":
        (target / "targets").mkdir()
    else:
        target = tmp_path / "mine"
        target.mkdir()
    if layout == "dot file":
        (target / ".env").write_text("secret", encoding="utf-8")
    elif layout == "file":
        target = tmp_path / "data.csv"
        target.write_text("not a folder", encoding="utf-8")
    else:
        (target / "README.md").write_text("project", encoding="utf-8")
    before = _tree(tmp_path)
    with pytest.raises(DataError, match="--out"):
        clean(raw, target)
    assert _tree(tmp_path) == before


def test_out_through_a_symlink_keeps_the_link(tiny_raw, tmp_path):
    real = tmp_path / "elsewhere" / "processed"
    real.parent.mkdir()
    link = tmp_path / "processed"
    link.symlink_to(real, target_is_directory=True)
    clean(tiny_raw([OK]), link)
    clean(tiny_raw([OK]), link)
    assert link.is_symlink() and (real / "panel.csv").is_file()


def test_out_dot_is_refused_and_leaves_nothing(tiny_raw, tmp_path, monkeypatch):
    raw = tiny_raw([OK])
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(work)
    with pytest.raises(DataError, match="did not make"):
        clean(raw, ".")
    assert not list(tmp_path.glob(".*gen-*")) and [p.name for p in work.iterdir()] == ["keep.txt"]


def test_a_folder_of_only_clean_outputs_from_before_the_marker_is_taken(tiny_raw, tmp_path):
    out = tmp_path / "processed"
    clean(tiny_raw([OK]), out)
    (out / MARKER).unlink()
    clean(tiny_raw([OK]), out)
    assert (out / MARKER).is_file()


def test_a_starting_clean_is_not_taken_over(tiny_raw, tmp_path):
    lock = tmp_path / ".processed.lock"
    with held(lock, "busy"):  # taken, its process id not yet written: the lock is the flock, not the text
        lock.write_text("", encoding="utf-8")
        with pytest.raises(DataError, match="another `qy clean`"):
            clean(tiny_raw([OK]), tmp_path / "processed")
