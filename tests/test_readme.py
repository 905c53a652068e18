"""The README cannot rot: its Python examples run, and every repository path it names exists."""

import re

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)
TOP = {p.name for p in ROOT.iterdir()} - {".git", ".venv"}
# written by `qy run` and notebook 05, not committed
FILE_NAME = r"\.(py|yaml|yml|csv|json|ipynb|cfg|toml)$"
MADE_AT_RUN_TIME = ("reports/", "data/cache/", "manifest.json", "scorecard.csv", "scorecard__")


def test_the_readme_has_python_examples():
    assert len(PYTHON_BLOCKS) >= 2


@pytest.mark.parametrize("code", PYTHON_BLOCKS, ids=lambda c: c.split("\n", 1)[0][:40])
def test_each_python_example_runs_from_any_folder(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the front door's defaults are the project's, whatever the working folder
    exec(compile(code, "README.md", "exec"), {"__name__": "readme_example"})


def _named_paths() -> set[str]:
    """Backticked tokens that look like repository paths: a top-level entry followed by a path, or a file name."""
    tokens = set(re.findall(r"`([^`\s]+)`", README))
    return {
        t
        for t in tokens
        if re.fullmatch(r"[\w.\-/]+", t)
        and not t.startswith(("http", "-", "."))
        and "..." not in t
        and (t.split("/")[0] in TOP and "/" in t or re.search(FILE_NAME, t))
    }


def _exists(path: str) -> bool:
    if path.startswith(MADE_AT_RUN_TIME):
        return True
    if (ROOT / path).exists() or (ROOT / "qy_analysis" / path).exists():
        return True
    if "/" not in path:  # a bare file name: somewhere in the repository (a module, a benchmark, a data file)
        return any(p for p in ROOT.rglob(path) if ".venv" not in p.parts and ".git" not in p.parts)
    return False


def test_every_path_the_readme_names_exists():
    named = _named_paths()
    assert {"qy_analysis/reference/regions.csv", "projection/shrinkage.py", "tests/test_layers.py"} <= named
    assert sorted(p for p in named if not _exists(p)) == []


def test_every_library_stage_is_in_the_readmes_table():
    rows = re.findall(r"^\| `(\w+)/` \|", README, flags=re.M)
    stages = sorted(p.name for p in (ROOT / "qy_analysis").iterdir() if (p / "__init__.py").is_file())
    assert sorted(r for r in rows if (ROOT / "qy_analysis" / r).is_dir()) == stages
