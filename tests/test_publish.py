"""The parts of `qy run` that need no kernel: parameter sets, output folders, scorecard views, report pages."""

import json
import re

import pandas as pd
import pytest
import yaml

from qy_analysis.errors import DataError
from qy_analysis.publish import folders, scorecards
from qy_analysis.publish.html_export import notebook_html
from qy_analysis.publish.jobs import plan_jobs
from qy_analysis.reporting import report_index
from qy_analysis.reporting.tables import index_scorecard
from qy_analysis.targets.spec import load_plan

from .conftest import ROOT
from .synthetic import synthetic_target

PLAN = load_plan()
DEFAULT = yaml.safe_load((ROOT / "notebooks" / "run_default.yaml").read_text(encoding="utf-8"))
EXTERNAL = re.compile(
    r"""<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?(?:https?:)?//|@font-face[^}]*https?://""",
    re.I,
)


def test_identical_parameter_sets_are_merged_and_outputs_distinct(tmp_path):
    config = {
        "notebooks": [
            {
                "notebook": "notebooks/03_target_reachability.ipynb",
                "parameters": [{"as_of": 2012}, {"as_of": 2012}, {"as_of": None}],
            },
            {"notebook": "notebooks/03_target_reachability.ipynb", "parameters": [{"as_of": None}]},
        ]
    }
    jobs = plan_jobs(config, tmp_path)
    assert [job.parameters for job in jobs] == [{"as_of": 2012}, {"as_of": None}]
    long = {
        "notebooks": [
            {
                "notebook": "notebooks/05_backtest.ipynb",
                "parameters": [
                    {"indicators": ["st_expenditure", "fiscal_st_share", "patent_applications", "rd_intensity", "gdp"]},
                    {
                        "indicators": [
                            "st_expenditure",
                            "fiscal_st_share",
                            "patent_applications",
                            "rd_intensity",
                            "budget_expenditure",
                        ]
                    },
                ],
            }
        ]
    }
    outputs = [job.output.name for job in plan_jobs(long, tmp_path)]
    assert len(set(outputs)) == 2 and all(len(name) < 110 for name in outputs)


@pytest.mark.parametrize(
    "name, output, message",
    [
        ("../../../tmp/x", None, "expected a plain folder name"),
        (".hidden", None, "expected a plain folder name"),
        ("default", "../..", "outside"),
        ("default", "reports", "outside"),
        ("default", "data/processed", "outside"),
    ],
)
def test_run_folders_stay_under_reports(name, output, message):
    with pytest.raises(DataError, match=message):
        folders.run_folder(name, output)


def test_run_folder_accepts_reports_subfolders_and_absolute_paths(tmp_path):
    assert folders.run_folder("default", None) == (ROOT / "reports" / "default").resolve()
    assert folders.run_folder("default", "reports/en-2015") == (ROOT / "reports" / "en-2015").resolve()
    assert folders.run_folder("default", str(tmp_path / "x")) == tmp_path / "x"


def test_an_earlier_run_is_moved_aside_and_other_folders_refused(tmp_path):
    earlier = tmp_path / "run"
    earlier.mkdir()
    (earlier / "manifest.json").write_text(json.dumps({"started": "2026-01-02T03:04:05+00:00"}), encoding="utf-8")
    (earlier / "notes.txt").write_text("mine", encoding="utf-8")
    said = []
    assert folders.prepare(earlier, said.append)["started"].startswith("2026")
    assert not any(earlier.iterdir()) and (tmp_path / "run.previous-20260102030405" / "notes.txt").read_text() == "mine"
    assert "moved aside" in said[0]
    other = tmp_path / "photos"
    other.mkdir()
    (other / "cat.jpg").write_bytes(b"\xff")
    with pytest.raises(DataError, match="not a qy run folder"):
        folders.prepare(other, said.append)
    assert [p.name for p in other.iterdir()] == ["cat.jpg"]


def test_scorecard_views_follow_each_parameter_set(tmp_path):
    meizhou = plan_jobs(DEFAULT, tmp_path, only="06", overrides={"region": "梅州市", "lang": "en"})
    assert scorecards.views(meizhou, DEFAULT["scorecard"], PLAN, "en") == [scorecards.View("441400", 2012, "en")]
    readme = plan_jobs(DEFAULT, tmp_path, only="03", overrides={"as_of": 2015, "lang": "en"})
    assert scorecards.views(readme, DEFAULT["scorecard"], PLAN, "en") == [scorecards.View("441800", 2015, "en")]
    every = scorecards.views(plan_jobs(DEFAULT, tmp_path), DEFAULT["scorecard"], PLAN, "zh")
    assert every == [scorecards.View("441800", 2012, "zh"), scorecards.View("441800", 2012, "en")]
    assert [scorecards.file_stem(v, every) for v in every] == ["scorecard__lang-zh", "scorecard__lang-en"]


def test_report_page_hides_code_and_fetches_nothing():
    page = notebook_html(ROOT / "notebooks" / "02_baseline_check.ipynb", "基期数据核对", "zh")
    assert '<html lang="zh">' in page and "<title>基期数据核对</title>" in page
    assert "setup_notebook" not in page and "data:image/png;base64," in page
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "setup_notebook" in notebook_html(ROOT / "notebooks" / "02_baseline_check.ipynb", "t", "zh", with_code=True)


def synthetic_assessments() -> tuple[list, list]:
    """Two SYNTHETIC targets as of 2012 and with the latest data: one decided (met), one without data."""
    from qy_analysis.notes import Note
    from qy_analysis.targets.assessment import Assessment, Progress

    a = synthetic_target(
        "level", "st_expenditure", id="a_2017", zh="甲增至10", en="A up to 10", unit="万元", year=2017, value=10
    )
    b = synthetic_target(
        "count", indicator=None, id="b_2017", clause="二", zh="乙增至5", en="B up to 5", year=2017, value=5
    )
    before = [
        Assessment(
            a,
            2012,
            "on track",
            probability=0.8,
            basis=Note("own_model", method="auto"),
            progress=Progress(eurostat_band="moderate progress"),
        ),
        Assessment(b, 2012, "no data", basis=Note("no_values")),
    ]
    after = [
        Assessment(a, None, "met", probability=1.0, outcome=12.0, basis=Note("observed")),
        Assessment(b, None, "no data", basis=Note("no_values")),
    ]
    return before, after


@pytest.mark.parametrize(
    "lang, words, foreign",
    [
        ("zh", ["🟢 已达成", "有望达成 · P=80%", "中等进展", "+2.00 万元"], "met"),
        ("en", ["🟢 met", "on track · P=80%", "moderate progress", "ten thousand yuan"], "已达成"),
    ],
)
def test_index_pages_have_no_blank_words_and_speak_the_run_language(lang, words, foreign):
    run = {
        "run": "synthetic",
        "status": "interrupted",
        "started": "2026-01-01T00:00:00+00:00",
        "seconds": 1.0,
        "data_last_year": 2023,
        "panel_made": "2026-01-01",
        "data_sha256": "0" * 64,
        "notebooks": [
            {
                "notebook": "02_baseline_check.ipynb",
                "parameters": {"lang": lang},
                "status": "pending",
                "seconds": 0.0,
                "html": None,
                "output": None,
            }
        ],
    }
    card = index_scorecard(*synthetic_assessments(), lang)
    page = report_index.page_data(
        run, [{"card": card, "region": "441800", "as_of": 2012, "csv": "scorecard.csv"}], PLAN, "441800", lang
    )
    for text in (report_index.index_html(page), report_index.index_markdown(page)):
        visible = re.sub(r"<[^>]+>", " ", text)
        assert not re.search(r"\b(nan|NaN|None|null)\b", visible)
        assert all(word in visible for word in words[1:]) and "–" in visible
        assert ("中断" if lang == "zh" else "interrupted") in visible
        assert foreign not in visible
    assert words[0] in report_index.index_markdown(page)
    html = report_index.index_html(page)
    assert f'<html lang="{lang}">' in html and html.count('<span class="light good">') == 2  # the count and the row
    assert html.index("甲增至10" if lang == "zh" else "A up to 10") < html.index(
        "乙增至5" if lang == "zh" else "B up to 5"
    )


def test_cached_results_are_reused_until_the_panel_changes(tmp_path, monkeypatch):
    from qy_analysis.publish.cache import cached

    monkeypatch.setenv("QY_CACHE_DIR", str(tmp_path))
    calls = []

    def total(panel, column):
        calls.append(column)
        return panel[[column]].sum().to_frame("total")

    panel = pd.DataFrame({"region": ["SYNTHETIC"] * 3, "value": [1.0, 2.0, 3.0]})
    first = cached("synthetic", total, panel, column="value")
    assert cached("synthetic", total, panel, column="value").equals(first) and len(calls) == 1
    changed = panel.assign(value=[1.0, 2.0, 4.0])
    assert cached("synthetic", total, changed, column="value")["total"].iloc[0] == 7.0 and len(calls) == 2
    assert len(list(tmp_path.glob("synthetic-*.pkl"))) == 1  # the earlier result is replaced, not kept


def test_bad_scorecard_spec_and_folder_stop_the_run_before_any_kernel(tmp_path, capsys):
    from qy_analysis.cli import main

    config = tmp_path / "run.yaml"
    config.write_text(
        "name: t\nscorecard: {region: 清远市}\nnotebooks:\n  - notebook: notebooks/02_baseline_check.ipynb\n",
        encoding="utf-8",
    )
    assert main(["run", "--config", str(config), "--output", str(tmp_path / "out")]) == 2
    assert "scorecard: field 'targets' missing" in capsys.readouterr().err and not (tmp_path / "out").exists()
    config.write_text(
        "name: ../../../tmp/x\nnotebooks:\n  - notebook: notebooks/02_baseline_check.ipynb\n", encoding="utf-8"
    )
    assert main(["run", "--config", str(config)]) == 2
    assert "expected a plain folder name" in capsys.readouterr().err


def test_the_run_language_is_each_notebook_default(tmp_path):
    english = dict(DEFAULT, lang="en")
    jobs = plan_jobs(english, tmp_path, only="0")  # 03's sets name their language; the others take the run's
    assert {job.notebook.stem[:2]: job.effective()["lang"] for job in jobs if job.notebook.stem[:2] != "03"} == {
        "01": "en",
        "02": "en",
        "04": "en",
        "05": "en",
        "06": "en",
    }
    assert [job.output.name for job in plan_jobs(english, tmp_path, only="02")] == ["02_baseline_check__lang-en.ipynb"]
    assert [job.output.name for job in plan_jobs(DEFAULT, tmp_path, only="02")] == ["02_baseline_check.ipynb"]
