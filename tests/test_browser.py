"""The published run in a real browser (headless Chromium, Debian package `chromium`): the index page and every
report page load with every image, without a request leaving the machine and without a script error. Talks to
Chromium over the DevTools protocol with tornado's websocket client (already installed with Jupyter)."""

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from qy_analysis.cli import main

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
LOCAL = ("file:", "data:", "about:", "chrome:", "devtools:")


class Page:
    """One Chromium tab: navigate, collect requests and errors, evaluate, screenshot."""

    def __init__(self, socket):
        self.socket, self.ids, self.requests, self.errors = socket, itertools.count(1), [], []

    async def call(self, method: str, **params) -> dict:
        n = next(self.ids)
        await self.socket.write_message(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            message = json.loads(await asyncio.wait_for(self.socket.read_message(), 60))
            if message.get("id") == n:
                return message.get("result", {})
            self._event(message)

    def _event(self, message: dict) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Runtime.exceptionThrown":
            self.errors.append(params["exceptionDetails"].get("text", "exception"))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(params["entry"]["text"])
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            self.errors.append(str(params["args"]))

    async def open(self, path: Path) -> list:
        """Load the page; [(image source start, loaded?)] once it has loaded."""
        await self.call("Page.navigate", url=path.as_uri())
        for _ in range(120):
            state = await self.call("Runtime.evaluate", expression="document.readyState", returnByValue=True)
            if state["result"]["value"] == "complete":
                break
            await asyncio.sleep(0.25)
        images = await self.call(
            "Runtime.evaluate",
            returnByValue=True,
            expression=(
                "Array.from(document.images).map(i => [i.currentSrc.slice(0, 30), i.complete && i.naturalWidth > 0])"
            ),
        )
        return images["result"]["value"]


async def visit(port: int, pages: list[Path], screenshot: Path) -> dict:
    from tornado.websocket import websocket_connect

    targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
    url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
    page = Page(await websocket_connect(url, max_message_size=1 << 28))
    for domain in ("Network", "Runtime", "Log", "Page"):
        await page.call(f"{domain}.enable")
    found = {}
    for path in pages:
        found[path.name] = await page.open(path)
        if path == pages[0]:
            shot = await page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
    await asyncio.sleep(0.5)
    await page.call("Runtime.evaluate", expression="1")  # collect the last events
    page.socket.close()
    return {"images": found, "requests": page.requests, "errors": page.errors}


@pytest.fixture
def chromium(tmp_path):
    if not CHROMIUM:
        pytest.skip("chromium is not installed: the browser test is skipped (apt-get install -y chromium)")
    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            if (profile / "DevToolsActivePort").exists() and (profile / "DevToolsActivePort").read_text().strip():
                break
            time.sleep(0.1)
        yield int((profile / "DevToolsActivePort").read_text().split()[0])
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_run_reports_in_a_real_browser(tmp_path, chromium):
    config = tmp_path / "run.yaml"
    config.write_text(
        "name: browser\nlang: en\nscorecard: {targets: data/targets/qingyuan_2013_2017.yaml, n_paths: 200}\n"
        "notebooks:\n  - notebook: notebooks/02_baseline_check.ipynb\n"
        "  - notebook: notebooks/03_target_reachability.ipynb\n    parameters: [{n_paths: 200}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "report"
    assert main(["run", "--config", str(config), "--output", str(out), "--jobs", "2", "-p", "lang=en"]) == 0
    pages = [out / "index.html", *sorted(out.glob("0*.html")), out / "explorer.html"]
    assert len(pages) == 4 and 'href="explorer.html"' in pages[0].read_text(encoding="utf-8")
    seen = asyncio.run(visit(chromium, pages, tmp_path / "index.png"))
    assert not [url for url in seen["requests"] if not url.startswith(LOCAL)], "a request left the machine"
    assert not seen["errors"], seen["errors"]
    images = seen["images"]
    assert images["03_target_reachability__lang-en_n_paths-200.html"], "the fan charts are missing"
    assert all(ok for page in images.values() for _, ok in page), images
    assert (tmp_path / "index.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


async def drive_explorer(port: int, path: Path, moves: list[str], screenshot: Path) -> dict:
    """Open the offline explorer and run each move (a script setting an input's value and dispatching `input`);
    after each, what the page shows: the probability, its grid count and any refusal."""
    from tornado.websocket import websocket_connect

    targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
    page = Page(
        await websocket_connect(
            next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page"), max_message_size=1 << 28
        )
    )
    for domain in ("Network", "Runtime", "Log", "Page"):
        await page.call(f"{domain}.enable")
    await page.open(path)
    shown = []
    for move in moves:
        result = await page.call(
            "Runtime.evaluate",
            returnByValue=True,
            expression=(
                f"(() => {{ {move}; const p = document.getElementById('probability'); "
                "return [p.textContent, p.dataset.count, document.getElementById('refused').textContent]; })()"
            ),
        )
        shown.append(result["result"]["value"])
    shot = await page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    page.socket.close()
    return {"shown": shown, "requests": page.requests, "errors": page.errors}


def _set(input_id: str, value: str) -> str:
    return (
        f"{{const e = document.getElementById('{input_id}'); e.value = '{value}'; "
        f"e.dispatchEvent(new Event('input'));}}"
    )


def test_offline_explorer_moves_a_slider_and_shows_the_grid_and_qy_scenario_numbers(tmp_path, chromium):
    import io
    from contextlib import redirect_stdout

    import pandas as pd
    import yaml

    from qy_analysis import load_panel, load_plan
    from qy_analysis.reporting import explorer_page
    from qy_analysis.targets.scenario_replay import Replay, Setting

    plan = load_plan()
    replay = Replay(plan, load_panel(), plan.base_year)
    data = explorer_page.page_data(replay, "en")
    path = tmp_path / "explorer.html"
    path.write_text(explorer_page.explorer_html(data), encoding="utf-8")
    seen = asyncio.run(
        drive_explorer(
            chromium,
            path,
            [
                _set("slider-st_expenditure", "12"),
                _set("typed-st_expenditure", "200"),
                _set("typed-budget_expenditure", "10.25"),
                _set("typed-budget_expenditure", "10.5"),
            ],
            tmp_path / "ex.png",
        )
    )
    assert not [url for url in seen["requests"] if not url.startswith(LOCAL)], "a request left the machine"
    assert not seen["errors"], seen["errors"]
    (moved, count, refused), (kept, _, too_far), (still, _, off_step), (last, last_count, _) = seen["shown"]
    st, budget = data["axes"]
    cell = round((12 - st["start"]) / 0.5) * budget["n"] + round(
        (replay.default().growth["budget_expenditure"] - budget["start"]) / 0.5
    )
    assert int(count) == data["count"][cell] and moved == f"{100 * data['count'][cell] / 2000:.2f}%" and not refused
    assert "200 is not on the precomputed grid" in too_far and kept == moved  # refused, not extrapolated
    assert "10.25 is not on the precomputed grid" in off_step and still == moved
    assert last != moved and not seen["shown"][3][2]
    spec = Setting(
        {**replay.default().growth, "st_expenditure": 12.0, "budget_expenditure": 10.5}, replay.default().spread
    ).spec(replay.base)
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["scenario", str(tmp_path / "s.yaml"), "--format", "csv", "--lang", "en"]) == 0
    printed = pd.read_csv(io.StringIO(out.getvalue().split("# what it takes")[0].split("\n", 1)[1]))
    assert printed.set_index("target_id").loc[plan.headline_target, "probability"] == round(int(last_count) / 2000, 4)
