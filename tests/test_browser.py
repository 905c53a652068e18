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
        images = await self.call("Runtime.evaluate", returnByValue=True, expression=(
            "Array.from(document.images).map(i => [i.currentSrc.slice(0, 30), i.complete && i.naturalWidth > 0])"))
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
    process = subprocess.Popen([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0",
                                f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    config.write_text("name: browser\nlang: en\nscorecard: {targets: data/targets/qingyuan_2013_2017.yaml, n_paths: 200}\n"
                      "notebooks:\n  - notebook: notebooks/02_baseline_check.ipynb\n"
                      "  - notebook: notebooks/03_target_reachability.ipynb\n    parameters: [{n_paths: 200}]\n",
                      encoding="utf-8")
    out = tmp_path / "report"
    assert main(["run", "--config", str(config), "--output", str(out), "--jobs", "2", "-p", "lang=en"]) == 0
    pages = [out / "index.html", *sorted(out.glob("0*.html"))]
    assert len(pages) == 3
    seen = asyncio.run(visit(chromium, pages, tmp_path / "index.png"))
    assert not [url for url in seen["requests"] if not url.startswith(LOCAL)], "a request left the machine"
    assert not seen["errors"], seen["errors"]
    images = seen["images"]
    assert images["03_target_reachability__lang-en_n_paths-200.html"], "the fan charts are missing"
    assert all(ok for page in images.values() for _, ok in page), images
    assert (tmp_path / "index.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
