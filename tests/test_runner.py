"""`qy run` end to end in a temporary folder, failures kept, parameters checked before any kernel."""

import json
import shutil
import subprocess
import sys

import pytest

from qy_analysis.cli import main
from qy_analysis.errors import ParameterError
from qy_analysis.publish.jobs import check_job, plan_jobs

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow
NB = ROOT / "notebooks"


def write_config(tmp_path, notebooks: str) -> str:
    path = tmp_path / "run.yaml"
    path.write_text(
        "name: test\nscorecard: {targets: data/targets/qingyuan_2013_2017.yaml, region: 清远市, n_paths: 200}\n"
        f"notebooks:\n{notebooks}",
        encoding="utf-8",
    )
    return str(path)


def test_run_end_to_end_with_a_failing_notebook(tmp_path, capsys):
    config = write_config(
        tmp_path,
        f"  - notebook: notebooks/03_target_reachability.ipynb\n"
        f"    parameters: [{{as_of: 2012, n_paths: 300, lang: en}}]\n"
        f"  - notebook: {FIXTURES / 'notebooks' / 'failing.ipynb'}\n",
    )
    out = tmp_path / "report"
    status = main(["run", "--config", config, "--output", str(out), "--jobs", "2"])
    printed = capsys.readouterr().out
    assert status == 1
    assert "[2/2]" in printed and "1 ok, 1 not ok" in printed and "FAILED failing" in printed
    assert "without encryption" not in printed + capsys.readouterr().err
    failed = (out / "failing__lang-zh.ipynb") if (out / "failing__lang-zh.ipynb").exists() else (out / "failing.ipynb")
    assert "synthetic failure for the qy run test" in failed.read_text(encoding="utf-8")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {j["status"] for j in manifest["notebooks"]} == {"ok", "failed"}
    assert len(manifest["data_sha256"]) == 64 and manifest["versions"]["pandas"]
    assert all(j["seconds"] > 0 for j in manifest["notebooks"])
    assert manifest["status"] == "failed" and sorted(p.name for p in out.iterdir()) == manifest["files"]
    assert "explorer.html" in manifest["files"] and "explorer.html" in (out / "index.md").read_text(encoding="utf-8")
    html = (out / "03_target_reachability__as_of-2012_lang-en_n_paths-300.html").read_text(encoding="utf-8")
    assert "Patent applications at least 1,500 in 2017" in html and "data:image/png;base64," in html
    assert "patent_applications_2017" not in html  # ids only in the CSV and JSON files
    assert (
        '<html lang="en">' in html
        and "<title>03 Target reachability (data up to 2012, English, n_paths = 300)</title>" in html
    )
    assert "plan_targets = load_targets" not in html and "load_targets" not in html  # code hidden by default
    card = (out / "scorecard__lang-en.csv").read_text(encoding="utf-8")  # the en job's view, and the run's zh view
    assert card.count("\n") == 50 and card.splitlines()[0].startswith("region,target_id,") and "status_ante" in card
    assert card.splitlines()[1].startswith("441800,") and "R&D expenditure" not in card  # codes and numbers only
    assert "全社会研发经费" in (out / "scorecard__lang-zh.md").read_text(encoding="utf-8")  # words in the display
    index = (out / "index.md").read_text(encoding="utf-8")
    assert "有笔记本失败" in index and "[03 目标可达性" in index and "nan" not in index


@pytest.mark.parametrize(
    "params, message",
    [
        ({"as_of": "2012"}, "parameter 'as_of': '2012' is a str; expected int"),
        ({"asof": 2012}, "unknown parameter 'asof'"),
        ({"region": "Atlantis"}, "region: unknown region 'Atlantis'"),
        ({"lang": "fr"}, "lang: 'fr': expected one of zh, en"),
        ({"method": None}, "parameter 'method': None is a NoneType; expected str"),
    ],
)
def test_bad_parameters_rejected_before_execution(params, message):
    with pytest.raises(ParameterError, match=message):
        check_job(NB / "03_target_reachability.ipynb", params)


def test_bad_override_exits_before_any_kernel(tmp_path, capsys):
    config = write_config(tmp_path, "  - notebook: notebooks/02_baseline_check.ipynb\n")
    out = tmp_path / "report"
    assert main(["run", "--config", config, "--output", str(out), "-p", "colour=blue"]) == 2
    assert "-p colour: no selected notebook takes this parameter" in capsys.readouterr().err
    assert not list(out.glob("*.ipynb"))


def test_only_and_overrides_select_jobs(tmp_path):
    import yaml

    config = yaml.safe_load((NB / "run_default.yaml").read_text(encoding="utf-8"))
    jobs = plan_jobs(config, tmp_path, only="03", overrides={"lang": "en"})
    assert [job.parameters for job in jobs] == [{"as_of": 2012, "lang": "en"}, {"as_of": None, "lang": "en"}]
    readme = plan_jobs(config, tmp_path, only="03", overrides={"lang": "en", "as_of": 2015})  # the README's example
    assert [job.parameters for job in readme] == [{"as_of": 2015, "lang": "en"}]


def test_changing_a_raw_figure_makes_nbval_fail(tmp_path):
    """The committed outputs hold real numbers: change one published figure and nbval notices."""
    copy = tmp_path / "project"
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    raw = copy / "data" / "raw" / "csy_guangdong_cities_2005_2023.csv"
    text = raw.read_text(encoding="utf-8")
    assert "清远市,2012,st_expenditure,19610," in text
    raw.write_text(
        text.replace("清远市,2012,st_expenditure,19610,", "清远市,2012,st_expenditure,29610,"), encoding="utf-8"
    )
    env = {"QY_PROJECT_ROOT": str(copy), "PATH": str(ROOT / ".venv" / "bin") + ":/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "qy_analysis", "clean"], cwd=copy, env=env, check=True, capture_output=True)
    nbval = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(copy / "notebooks" / "nbval_sanitize.cfg"),
        str(copy / "notebooks" / "02_baseline_check.ipynb"),
    ]
    changed = subprocess.run(nbval, cwd=copy, env=env, capture_output=True, text=True)
    assert changed.returncode == 1 and "Cell outputs differ" in changed.stdout
    shutil.copy2(ROOT / "data" / "raw" / raw.name, raw)  # control: the original figure passes again
    subprocess.run([sys.executable, "-m", "qy_analysis", "clean"], cwd=copy, env=env, check=True, capture_output=True)
    assert subprocess.run(nbval, cwd=copy, env=env, capture_output=True, text=True).returncode == 0


def _cell_outputs(path) -> str:
    """A notebook's text outputs, masked as nbval masks them (notebooks/nbval_sanitize.cfg)."""
    import configparser
    import re

    import nbformat

    book = nbformat.read(path, as_version=4)
    text = json.dumps(
        [
            [
                {
                    "text": out.get("text"),
                    "data": {m: d for m, d in out.get("data", {}).items() if m.startswith("text/")},
                }
                for out in cell.get("outputs", [])
            ]
            for cell in book.cells
            if cell.cell_type == "code"
        ],
        ensure_ascii=False,
    )
    rules = configparser.ConfigParser()
    rules.read(NB / "nbval_sanitize.cfg")
    for section in rules.sections():
        text = re.sub(rules[section]["regex"], rules[section]["replace"], text)
    return text


def test_dask_local_cluster_gives_the_same_reports(tmp_path):
    pytest.importorskip("dask.distributed")
    config = write_config(
        tmp_path,
        "  - notebook: notebooks/02_baseline_check.ipynb\n"
        "  - notebook: notebooks/04_scenarios.ipynb\n"
        "    parameters: [{spread: 0.0}, {spread: 5.0}]\n",
    )
    assert main(["run", "--config", config, "--output", str(tmp_path / "local"), "--jobs", "1"]) == 0
    assert main(["run", "--config", config, "--output", str(tmp_path / "dask"), "--executor", "dask"]) == 0
    local = sorted(p.name for p in (tmp_path / "local").glob("*.ipynb"))
    assert local == sorted(p.name for p in (tmp_path / "dask").glob("*.ipynb")) and len(local) == 3
    for name in local:
        assert _cell_outputs(tmp_path / "local" / name) == _cell_outputs(tmp_path / "dask" / name), name
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["executor"] == "dask" and {j["status"] for j in manifest["notebooks"]} == {"ok"}
