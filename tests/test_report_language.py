"""A zh run reads in Chinese and an en run in English: on every executed report page (index included), the share of
Latin letters among the letters of its visible text is at most 0.15 in zh (ids, units and proper names only) and at
least 0.85 in en (the plan's clause numbers and Chinese names in brackets only). Runs the default config on the
shipped data into a temporary folder, twice."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qy_analysis.cli import main

pytestmark = pytest.mark.slow
ZH_MAX, EN_MIN = 0.15, 0.85


class _Visible(HTMLParser):
    """The text a reader sees: everything outside <script>, <style> and tags (images are attributes)."""

    def __init__(self):
        super().__init__()
        self.hidden, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def latin_share(html: str) -> float:
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.parts)
    latin, chinese = len(re.findall(r"[A-Za-z]", text)), len(re.findall(r"[\u4e00-\u9fff]", text))
    return latin / max(1, latin + chinese)


def test_the_measure_can_fail():
    assert (
        latin_share("<p>目标 on track</p><style>.x{}</style>") > 0.5
        and latin_share("<p>专利申请量已达成 P=60%</p>") < 0.15
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runs")
    assert main(["run", "--output", str(folder / "zh")]) == 0
    assert main(["run", "--output", str(folder / "en"), "-p", "lang=en"]) == 0
    return folder


def _shares(folder: Path) -> dict[str, float]:
    return {page.name: latin_share(page.read_text(encoding="utf-8")) for page in sorted(folder.glob("*.html"))}


def test_every_page_of_the_zh_run_reads_in_chinese(runs):
    shares = _shares(runs / "zh")
    assert len(shares) >= 8
    zh = {name: share for name, share in shares.items() if "lang-en" not in name}  # the run's one en page of 03
    assert all(share <= ZH_MAX for share in zh.values()), {k: round(v, 3) for k, v in zh.items()}
    en = {name: share for name, share in shares.items() if "lang-en" in name}
    assert en and all(share >= EN_MIN for share in en.values()), en


def test_every_notebook_page_of_the_en_run_reads_in_english(runs):
    shares = {name: share for name, share in _shares(runs / "en").items() if name != "index.html"}  # index: zh run
    assert len(shares) >= 7 and all(share >= EN_MIN for share in shares.values()), {
        k: round(v, 3) for k, v in shares.items()
    }
