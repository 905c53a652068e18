"""Notes as codes: every note the library makes has a zh and an en template, its parameters fill them, and no
English text is translated by pattern."""

import ast
import pickle
import string
from pathlib import Path

import pytest

from qy_analysis.notes import Note
from qy_analysis.reference import phrases
from qy_analysis.reference.phrases import NOTES, render

PACKAGE = Path(phrases.__file__).resolve().parent.parent
FORMED = {
    "_for": ("published_for", "derived_for"),
    "_fill": ("published_fill", "derived_fill"),
    "next_growth_": ("next_growth_model", "next_growth_own"),
}  # codes made with an f-string


def _calls():
    """(code, keyword names, file) of every Note(...) call in the package."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Note" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant):
                    codes = (first.value,)
                elif not isinstance(first, ast.JoinedStr):
                    continue  # Note(code, **params) rebuilding a pickled note
                else:
                    text = ast.unparse(first)
                    codes = next(v for k, v in FORMED.items() if k in text)
                for code in codes:
                    yield code, {k.arg for k in node.keywords}, path.name


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_has_a_zh_and_an_en_template():
    for code, templates in NOTES.items():
        assert len(templates) == 2 and all(templates), code
        zh, en = templates
        assert code in ("text", "method") or any("\u4e00" <= c <= "\u9fff" for c in zh), (
            f"{code}: zh template has no Chinese"
        )
        assert not any("\u4e00" <= c <= "\u9fff" for c in en), f"{code}: en template has Chinese"


def test_every_note_made_in_the_package_has_a_template_its_parameters_fill():
    calls = list(_calls())
    assert len({c for c, _, _ in calls}) >= 30  # the scan sees the notes (it can fail)
    for code, params, where in calls:
        assert code in NOTES, f"{where}: Note({code!r}) has no template in phrases.NOTES"
        for template in NOTES[code]:
            assert _fields(template) - {"s"} <= params, f"{where}: Note({code!r}) lacks {_fields(template) - params}"


@pytest.mark.parametrize(
    "note, zh, en",
    [
        (Note("gaps", years=[2013, 2014]), "缺失年份：2013、2014（未插补）", "gaps: 2013, 2014 missing (not filled)"),
        (
            Note("published_for", years=list(range(2007, 2017))),
            "公布值年份：2007—2016（10年）",
            "published values for 2007-2016 (10 years)",
        ),
        (
            Note("calibrated", year=2012, outcomes=300, spread=1.536),
            "以截至2012年的300个面板结果校准：×1.54",
            "calibrated on the panel with outcomes up to 2012 (300): x1.54",
        ),
        (
            Note("fallback", name="cagr", requested="ets"),
            "年均增长率法（点数不足以用指数平滑）",
            "cagr (fallback from ets)",
        ),
        (
            Note(
                "reference_class",
                pairs=40,
                horizon=5,
                indicator="patent_applications",
                regions=9,
                level="prefecture",
                as_of=2012,
                widened=Note("widened", widen=1.5),
            ),
            "外部参照：9个地级市专利申请量的40组（过去增长，其后5年增长）配对，截至2012年；参照组为其他层级，方差放大×1.50",
            "outside view: 40 (past, next 5-year) growth pairs of patent_applications in 9 prefecture regions, "
            "years up to 2012, variance widened ×1.50 for another level",
        ),
    ],
)
def test_a_note_renders_with_its_parameters_in_both_languages(note, zh, en):
    assert render(note, "zh") == zh and render(note, "en") == en == str(note)


def test_nested_notes_render_in_the_same_language_and_survive_pickling():
    auto = Note(
        "auto", parts=[(0.6, "theta"), (0.4, "naive")], weights=Note("equal_weights"), widening=Note("no_calibration")
    )
    note = Note("own_model", method=auto)
    assert (
        "θ法 0.60" in render(note, "zh") and "等权" in render(note, "zh") and "equal weights" not in render(note, "zh")
    )
    assert "0.60 theta + 0.40 naive" in render(note, "en")
    assert pickle.loads(pickle.dumps(note)) == note


def test_no_note_is_translated_by_pattern():
    source = Path(phrases.__file__).read_text(encoding="utf-8")
    assert "import re" not in source and "NOTE_PATTERNS" not in source and "fullmatch" not in source
