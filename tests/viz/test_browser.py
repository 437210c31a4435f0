"""The network page in a real headless Chromium: it renders, offline, and hostile text stays text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.viz.page import write_page
from kg.viz.project import to_networkx

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium not found: install Debian's chromium and fonts-noto-cjk (make test does when root)"
)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def open_page(path: Path, screenshot: Path | None = None) -> dict:
    """Load ``path`` in Chromium; return what a person would check, plus every request made."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            requests: list[str] = []
            errors: list[str] = []
            dialogs: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("body[data-rendered=yes]", timeout=30_000)
            page.wait_for_timeout(1500)
            if screenshot is not None:
                page.screenshot(path=str(screenshot))
            return {
                "title": page.title(),
                "canvas": page.locator("#network canvas").count(),
                "node_count": page.evaluate("window.edukgNodeCount"),
                "drawn_nodes": page.evaluate("window.edukgNetwork.body.nodeIndices.length"),
                "legend": page.locator("#legend label").all_inner_texts(),
                "requests": requests,
                "errors": errors,
                "dialogs": dialogs,
                "images": page.locator("img").count(),
            }
        finally:
            browser.close()


def test_browser_page_renders_offline_and_escapes_text(small_dataset, tmp_path):
    net = to_networkx(small_dataset)
    out = write_page(net, tmp_path / "graph.html", title='<b>edukg</b> "test"')
    seen = open_page(out)
    assert seen["canvas"] == 1
    assert seen["node_count"] == net.number_of_nodes() == 9
    assert seen["drawn_nodes"] == 9
    assert seen["errors"] == []
    assert seen["dialogs"] == []  # the onerror=alert(1) in a label never ran
    assert seen["images"] == 0  # nor was the <img> in a label parsed as HTML
    assert seen["title"] == '<b>edukg</b> "test"'  # the <script> label did not rename the page
    external = [u for u in seen["requests"] if not u.startswith(("file:", "data:"))]
    assert external == []
    assert "Region (3)" in seen["legend"] and "Award (1)" in seen["legend"]
