"""The project's own files agree with each other: environment.yml lists what pyproject.toml needs."""

import re
import tomllib

import yaml

from .conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted.update({_name(r): r for r in extra})
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))["dependencies"]
    conda = [d for d in env if isinstance(d, str)]
    pip = [d for d in env if isinstance(d, dict)][0]["pip"]
    listed = {_name(r): r.replace(" ", "") for r in conda + pip if not r.startswith("-e")}
    listed.pop("python"), listed.pop("pip")
    assert set(listed) == set(wanted)
    for name, requirement in wanted.items():
        assert listed[name] == requirement.replace(" ", ""), f"{name}: {listed[name]} vs {requirement}"


def test_constraints_pin_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        names |= {_name(r) for r in extra}
    pinned = {
        _name(line) for line in (ROOT / "constraints.txt").read_text().splitlines() if line and not line.startswith("#")
    }
    assert names <= pinned, names - pinned


def test_notebook_05_and_the_readme_say_which_question_backtest_they_show():
    """The README quoted 82,560 questions, notebook 05 showed 15,220, and neither said why."""
    import nbformat

    from qy_analysis.reporting.prose import PROSE

    book = nbformat.read(ROOT / "notebooks" / "05_backtest.ipynb", as_version=4)
    assert any('prose("05.questions"' in cell.source for cell in book.cells)  # its words live in reporting/prose.py
    text = "\n".join(PROSE["05.questions"])
    assert "subset" in text and "子集" in text and "`indicators`" in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert (
        "Notebook 05 asks the same questions for\nthe indicators of its `indicators` parameter only (a subset)"
        in readme
    )
