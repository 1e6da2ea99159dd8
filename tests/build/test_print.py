"""The report on paper: A4 in at most 30 pages, at most three of them more than half empty, and
the Chinese quotes in a CJK face. Printed by Chromium from the built report, as `make pdf` does;
pages are measured with poppler (pdfinfo, pdftoppm), which `.ci/run` installs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from aifigures.build.browser import find_chromium

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed; print test skipped"),
              pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdfinfo") is None,
                                 reason="no poppler-utils (pdftoppm, pdfinfo); print test skipped")]

MAX_PAGES = 30
MAX_HALF_EMPTY = 3


@pytest.fixture(scope="module")
def pdf(built, chromium, tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "report.pdf"
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(built["report"].resolve().as_uri(), wait_until="load")
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    return out


def ink_depth(png) -> float:
    """How far down the page its last printed line reaches (0 = blank, 1 = the bottom)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    for y in range(height - 1, -1, -1):
        if any(pixels[x, y] < 200 for x in range(0, width, 2)):
            return (y + 1) / height
    return 0.0


def test_the_report_prints_in_at_most_30_pages_with_few_half_empty(pdf, tmp_path):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert 10 <= pages <= MAX_PAGES, f"{pages} pages"
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(tmp_path / "page")], check=True)
    depths = [ink_depth(png) for png in sorted(tmp_path.glob("page-*.png"))]
    assert len(depths) == pages
    half_empty = [i + 1 for i, depth in enumerate(depths) if depth < 0.5]
    assert len(half_empty) <= MAX_HALF_EMPTY, f"pages more than half empty: {half_empty}"


def test_chinese_renders_in_a_cjk_face(built, chromium):
    """The face Chromium actually draws a traditional-Chinese quote with (DevTools' platform
    fonts for the node), in print: one of the CJK faces the stylesheet names."""
    listed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if not re.search(r"CJK|Source Han", listed):
        pytest.skip("no CJK font installed (Debian: fonts-noto-cjk, which .ci/run installs)")
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.goto(built["report"].resolve().as_uri(), wait_until="load")
        page.emulate_media(media="print")
        cdp = context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": '.quote[lang="zh-Hant"]'})["nodeId"]
        assert node, "no traditional-Chinese quote in the report"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        context.close()
    names = " ".join(f["familyName"] for f in fonts)
    assert re.search(r"CJK|Source Han|PingFang|YaHei|JhengHei", names), fonts
