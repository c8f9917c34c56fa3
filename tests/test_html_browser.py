"""The HTML edition in a real browser: headless Chromium, driven over the DevTools protocol,
runs axe-core (WCAG 2.0, 2.1, 2.2 A and AA) on the published file, unchanged, in light mode,
dark mode and at 320 CSS px, and checks what axe does not: reflow, text spacing, focus, print,
requests. Screenshots at 1280 and 320 px go to $PUBLISHER_SCREENSHOTS (or the test's tmp dir).

Needs ``chromium``, the ``websockets`` package and axe-core (``npm ci --prefix tests/browser``).
"""
from __future__ import annotations

import base64
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from publisher.load import load
from publisher.render.html import render
from publisher.spec import Options

BROWSER_DIR = Path(__file__).parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
RUNNER = BROWSER_DIR / "runner.js"
OTHER_RELEASE = Path(__file__).parent / "fixtures" / "base.yaml"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TEXT_SPACING = ("*{line-height:1.5!important;letter-spacing:.12em!important;word-spacing:.16em!important}"
                "p{margin-bottom:2em!important}")


class Chromium:
    """One headless Chromium process and one page, driven over the DevTools protocol."""

    FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--no-default-browser-check",
             "--remote-debugging-port=0", "about:blank"]

    def __init__(self, executable: str, profile: Path):
        from websockets.sync.client import connect

        self.process = subprocess.Popen([executable, f"--user-data-dir={profile}", *self.FLAGS],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self.connection = ExitStack()
            self.socket = self.connection.enter_context(connect(self._devtools_url(profile), max_size=None, open_timeout=20))
            self.ids = itertools.count(1)
            self.events: list[dict] = []
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            for domain in ("Page", "Runtime", "Network"):
                self.call(f"{domain}.enable")
        except BaseException:
            self._stop()
            raise

    def _devtools_url(self, profile: Path, timeout: float = 20) -> str:
        """Chromium writes its DevTools port and browser path to ``DevToolsActivePort``."""
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with status {self.process.returncode}")
            lines = port_file.read_text().split() if port_file.is_file() else []
            if len(lines) == 2:
                return f"ws://127.0.0.1:{lines[0]}{lines[1]}"
            time.sleep(0.05)
        raise RuntimeError(f"chromium opened no DevTools port within {timeout} s")

    def send(self, method: str, session: str | None = None, **params) -> dict:
        number = next(self.ids)
        message = {"id": number, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        while True:
            reply = json.loads(self.socket.recv(timeout=30))
            if reply.get("id") == number:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def call(self, method: str, **params) -> dict:
        """A command to the page."""
        return self.send(method, self.session, **params)

    def wait_for(self, event: str) -> dict:
        while True:
            for i, message in enumerate(self.events):
                if message.get("method") == event:
                    return self.events.pop(i)
            self.events.append(json.loads(self.socket.recv(timeout=30)))

    def open(self, url: str, width: int = 1280, height: int = 900, dark: bool = False, media: str = "") -> None:
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.call("Emulation.setEmulatedMedia", media=media,
                  features=[{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}])
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("exception", {}).get("description", result))
        return result["result"].get("value")

    def audit(self, text_spacing: bool = False) -> dict:
        """axe-core's violations and the runner's measurements for the open page."""
        if text_spacing:
            self.evaluate(f"document.head.insertAdjacentHTML('beforeend', {json.dumps(f'<style>{TEXT_SPACING}</style>')})")
        self.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
        self.evaluate(RUNNER.read_text(encoding="utf-8") + "\n;0")
        return self.evaluate(f"publisherAudit({json.dumps(WCAG_TAGS)})")

    def screenshot(self, path: Path) -> Path:
        """The whole page, as wide as the current viewport."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def press(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                      windowsVirtualKeyCode=code, nativeVirtualKeyCode=code)

    def close(self) -> None:
        try:
            self.connection.close()
        finally:
            self._stop()

    def _stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.skip("chromium is not installed (Debian package 'chromium')")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run 'npm ci --prefix tests/browser'")
    pytest.importorskip("websockets", reason="the 'websockets' package drives Chromium over the DevTools protocol")
    with tempfile.TemporaryDirectory(prefix="publisher-chromium-") as profile:
        chromium = Chromium(executable, Path(profile))
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def page(release, theme, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("html") / "operation-last-mile.html"
    path.write_bytes(render(release, theme, Options()))
    return path.as_uri()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("PUBLISHER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", css)[:3])


def _no_violations(result: dict) -> None:
    violations = [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(n['target'] for n in v['nodes'])}"
                  for v in result["violations"]]
    assert not violations, "axe-core violations:\n" + "\n".join(violations)
    assert {"color-contrast", "html-has-lang", "document-title", "bypass", "link-name"} <= set(result["passes"])


def _reflows(metrics: dict) -> None:
    assert metrics["scrollWidth"] <= metrics["clientWidth"], f"horizontal scrolling: {metrics}"
    assert not metrics["overflowing"], f"content outside the viewport: {metrics['overflowing'][:5]}"
    assert not metrics["clipped"], f"clipped content: {metrics['clipped'][:5]}"
    assert metrics["keptPhrases"] > 0 and not metrics["brokenPhrases"], \
        f"phrases held together broken across lines: {metrics['brokenPhrases']}"


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two computed CSS colours."""
    a, b = sorted((_luminance(_rgb(one)), _luminance(_rgb(other))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _lab(css: str) -> tuple[float, float, float]:
    """A computed CSS colour in CIELAB (D65)."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116
    r, g, b = (channel(v) for v in _rgb(css))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def colour_difference(one: str, other: str) -> float:
    """CIE76 delta E: about 2 is just noticeable, above 20 two colours read as different."""
    return sum((a - b) ** 2 for a, b in zip(_lab(one), _lab(other), strict=True)) ** 0.5


TABLE_HEAD_CONTRAST = 3.0  #: the header row's fill against the page (WCAG 1.4.11's non-text contrast)
HEADING_FROM_BODY = 20.0  #: delta E of headings' colour from the body text's: they read as another level


def _headings_and_table_head_stand_out(metrics: dict) -> None:
    assert contrast(metrics["tableHead"], metrics["background"]) >= TABLE_HEAD_CONTRAST, \
        f"table header {metrics['tableHead']} is hard to tell from the page {metrics['background']}"
    assert contrast(metrics["tableHeadText"], metrics["tableHead"]) >= 4.5
    assert colour_difference(metrics["heading"], metrics["color"]) >= HEADING_FROM_BODY, \
        f"headings {metrics['heading']} are the colour of the body {metrics['color']}"


def test_light_mode_at_1280_px(browser, page, screenshots):
    browser.open(page, width=1280)
    result = browser.audit()
    _no_violations(result)
    metrics = result["metrics"]
    assert not metrics["dark"] and _rgb(metrics["background"]) == (255, 255, 255)
    assert metrics["fontSize"] >= 16
    assert "Atkinson Hyperlegible Next" in metrics["fontFamily"]
    assert browser.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible Next\"')"), "embedded font did not load"
    assert 45 <= metrics["longestLine"] <= 80, f"measure of {metrics['longestLine']} characters"
    _reflows(metrics)
    _headings_and_table_head_stand_out(metrics)
    assert browser.screenshot(screenshots / "html-1280.png").stat().st_size > 20_000


def test_dark_mode(browser, page, screenshots):
    browser.open(page, width=1280, dark=True)
    result = browser.audit()
    _no_violations(result)
    metrics = result["metrics"]
    assert metrics["dark"]
    assert max(_rgb(metrics["background"])) < 64, f"background is not dark: {metrics['background']}"
    assert min(_rgb(metrics["color"])) > 192, f"text is not light: {metrics['color']}"
    _headings_and_table_head_stand_out(metrics)
    _reflows(metrics)
    browser.screenshot(screenshots / "html-1280-dark.png")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_reflows_at_320_px(browser, page, screenshots, dark):
    browser.open(page, width=320, height=800, dark=dark)
    result = browser.audit()
    assert result["metrics"]["innerWidth"] == 320
    _no_violations(result)
    _reflows(result["metrics"])
    _headings_and_table_head_stand_out(result["metrics"])
    browser.screenshot(screenshots / ("html-320-dark.png" if dark else "html-320.png"))


def test_text_spacing_overrides_lose_nothing_at_320_px(browser, page):
    browser.open(page, width=320, height=800)
    result = browser.audit(text_spacing=True)
    assert result["metrics"]["longestLine"] > 0
    _reflows(result["metrics"])
    _no_violations(result)


def test_skip_link_is_first_visible_on_focus_and_moves_focus_to_main(browser, page):
    browser.open(page, width=1280)
    hidden_top = browser.evaluate("document.querySelector('.skip').getBoundingClientRect().bottom")
    assert hidden_top <= 0, "the skip link shows before it has focus"
    browser.press("Tab", 9)
    focused = browser.evaluate("""(() => { const a = document.activeElement, s = getComputedStyle(a),
        r = a.getBoundingClientRect();
        return {text: a.textContent, top: r.top, bottom: r.bottom, outline: s.outlineStyle,
                width: parseFloat(s.outlineWidth), colour: s.outlineColor}; })()""")
    assert focused["text"] == "Skip to main content"
    assert focused["top"] >= 0 and focused["bottom"] > 0, "focused skip link is off screen"
    assert focused["outline"] == "solid" and focused["width"] >= 2, f"no visible focus indicator: {focused}"
    browser.press("Enter", 13)
    assert browser.evaluate("document.activeElement.id") == "main"


def test_print_stylesheet_is_black_on_white_without_the_skip_link(browser, page):
    browser.open(page, width=800, media="print")
    styles = browser.evaluate("""(() => ({body: getComputedStyle(document.body).color,
        background: getComputedStyle(document.body).backgroundColor,
        skip: getComputedStyle(document.querySelector('.skip')).display,
        after: getComputedStyle(document.querySelector('main a[href^=http]'), '::after').content}))()""")
    assert _rgb(styles["body"]) == (0, 0, 0) and _rgb(styles["background"]) == (255, 255, 255)
    assert styles["skip"] == "none"
    assert "https://" in styles["after"], "printed links do not show their address"


def test_the_page_makes_no_request(browser, page):
    browser.open(page, width=1280)
    requested = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    browser.evaluate("new Promise(r => setTimeout(r, 200))")
    requested += [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    assert requested and all(url.startswith(("file:", "data:")) for url in requested), requested


def test_another_release_passes_too(browser, theme, tmp_path):
    path = tmp_path / "base.html"
    path.write_bytes(render(load(OTHER_RELEASE).release, theme, Options()))
    for width, dark in ((1280, False), (320, True)):
        browser.open(path.as_uri(), width=width, height=800, dark=dark)
        result = browser.audit()
        _no_violations(result)
        _reflows(result["metrics"])


def test_a_release_full_of_identifiers_passes_and_reflows_with_none_broken(browser, theme, tmp_path):
    """Identifiers stay whole at 320 px (nowrap spans), phone numbers in prose are links, no violation."""
    path = tmp_path / "health.html"
    path.write_bytes(render(load(Path(__file__).parent / "fixtures" / "health-vaccines.yaml").release, theme, Options()))
    html = path.read_text(encoding="utf-8")
    assert '<span class="id"><a href="tel:5550142200">555-014-2200</a></span>' in html
    assert '<span class="id">Case\u00a0No.\u00a01:23-cr-00456</span>' in html
    for width, dark in ((1280, False), (320, False), (320, True), (360, False)):
        browser.open(path.as_uri(), width=width, height=800, dark=dark)
        result = browser.audit()
        _no_violations(result)
        _reflows(result["metrics"])


def _broken(page: str, tmp_path: Path, old: str, new: str) -> str:
    html = Path(page.removeprefix("file://")).read_text(encoding="utf-8")
    assert old in html
    path = tmp_path / "broken.html"
    path.write_text(html.replace(old, new), encoding="utf-8")
    return path.as_uri()


def test_a_page_whose_phrases_may_wrap_is_caught_at_320_px(browser, page, tmp_path):
    browser.open(_broken(page, tmp_path, ".keep{white-space:nowrap}", ""), width=320, height=800)
    metrics = browser.audit()["metrics"]
    assert metrics["brokenPhrases"], "a figure phrase free to wrap at 320 px should break somewhere"
    with pytest.raises(AssertionError, match="broken across lines"):
        _reflows(metrics)


@pytest.mark.parametrize("old, new, message", [
    ("--table-head:", "--table-head:#0F2039;--was:", "table header"),
    ("--heading:", "--heading:#F4F8FC;--was:", "colour of the body"),
], ids=["table-head-like-the-rows", "headings-like-the-body"])
def test_a_dark_page_whose_headers_do_not_stand_out_is_caught(browser, page, tmp_path, old, new, message):
    dark_rules = Path(page.removeprefix("file://")).read_text(encoding="utf-8").split("prefers-color-scheme:dark")[1]
    at = dark_rules.index(old)
    browser.open(_broken(page, tmp_path, dark_rules[:at + 200], dark_rules[:at] + new + dark_rules[at + len(old):at + 200]),
                 width=1280, dark=True)
    with pytest.raises(AssertionError, match=message):
        _headings_and_table_head_stand_out(browser.audit()["metrics"])
