"""The report in a real browser: offline, nothing runs, every image and link works — also with
a ledger full of hostile strings. And two clean builds give the same bytes."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aifigures.build.browser import find_chromium

from ..conftest import DATA, ROOT, articles_dir

pytestmark = pytest.mark.slow
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="no Chromium installed (apt-get install chromium); browser tests skipped")


@needs_chromium
def test_report_in_a_real_browser(built, chromium, tmp_path):
    from aifigures.build.browser import WIDTHS, check_report

    # at 1280, 768 and 390 px and in print: no sideways scroll, no table wider than the page,
    # no ordinary word broken across lines; every internal link lands, every other is http(s)
    # (the full-page screenshot, 8 s of this long page, is tested on a short one below)
    result = check_report(built["report"], widths=WIDTHS, print_check=True, browser=chromium)
    assert result.problems == []  # includes: no chart text under 9 px at any of the widths
    charts = len(list(built["figures"].glob("*.png")))
    assert result.images == charts > 0
    # a phone gets every chart's narrow variant, a wide screen none
    assert result.chart_sources[390] == charts == len(list((built["figures"] / "phone").glob("*.png")))
    assert result.chart_sources[1280] == 0
    assert result.toc_links >= 8
    claims = [r["claim_id"] for r in csv.DictReader((DATA / "claims.csv").open(encoding="utf-8"))]
    from aifigures.views.report_tables import report_reference

    refs = list(report_reference()["ref_id"])  # the rows the report rests on (the rest is check's base)
    assert sorted(result.anchors) == sorted(claims + refs)
    assert result.internal_links > len(claims)


@needs_chromium
def test_the_checks_see_what_they_check(tmp_path, chromium):
    """The layout and link checks find a wide table, a broken word and bad links when there are some."""
    from PIL import Image

    from aifigures.build.browser import check_report

    wide = io.BytesIO()
    Image.new("RGB", (2000, 4), "white").save(wide, format="png")  # a wide image shown at 390 px
    PIXEL = "data:image/png;base64," + base64.b64encode(wide.getvalue()).decode()
    page = tmp_path / "bad.html"
    page.write_text(
        '<html><head><meta charset="utf-8"></head><body style="margin:0">'
        '<table><tr><td>' + "x" * 400 + '</td></tr></table>'
        '<table style="width:60px"><tr><td style="overflow-wrap:anywhere">internationalization</td></tr></table>'
        '<a href="#nowhere">a</a> <a href="javascript:alert(1)">b</a> <a href="https://example.org">c</a>'
        f'<figure class="chart"><img alt="tiny type" data-smallest-pt="8" src="{PIXEL}" style="max-width:100%"></figure>'
        '</body></html>', encoding="utf-8")
    shot = tmp_path / "bad.png"
    result = check_report(page, screenshot=shot, width=390, widths=(390,), print_check=True, browser=chromium)
    with Image.open(shot) as image:  # the whole page: this one is wider than the screen (its wide table)
        assert image.format == "PNG" and image.width > 390 and image.height >= 900
    assert result.screenshot == shot
    problems = "\n".join(result.problems)
    assert "a table is wider than the page" in problems
    assert 'a word is broken across lines: "internationalization"' in problems
    assert "internal link lands nowhere: #nowhere" in problems
    assert "link that is not http(s): javascript:alert(1)" in problems
    assert 'link without rel="noopener noreferrer": https://example.org' in problems
    assert "in print:" in problems
    assert "at 390px: chart text" in problems and "tiny type" in problems


HOSTILE = [
    "<script>window.__aifigures_pwned=true;alert('script')</script>",
    '<img src=x onerror="window.__aifigures_pwned=true;alert(\'img\')">',
    '<a href="javascript:window.__aifigures_pwned=true">click</a>',
    '</td></tr></table></div><div style="position:fixed;inset:0;background:red">',
    "W" * 300,
    "\u202eالسعر هو ٢ يوان لكل مليون رمز",
    "$x^{2$ {{ config }} %s",
]


# addresses validation refuses (the hostile build skips it), between real ones
HOSTILE_URLS = [
    "javascript:window.__aifigures_pwned=true",
    "JAVASCRIPT:alert('url')",
    " javascript:alert('leading space')",
    "java\tscript:alert('tab')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+",
    "vbscript:msgbox('vbs')",
    "//evil.example/protocol-relative",
    "../../etc/passwd",
    'https://example.org/"><script>window.__aifigures_pwned=true</script>',
    "https://example.org/x\" onmouseover=\"window.__aifigures_pwned=true",
    "https://example.org/ok?a=1&b='2'",
]


def poison(data: Path) -> None:
    """Put a hostile string into every text field a reader sees, and a hostile address into
    every address field."""
    def rewrite(name, columns, hostile=HOSTILE, replace=False):
        path = data / f"{name}.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for i, row in enumerate(rows):
            for col in columns:
                row[col] = hostile[i % len(hostile)] + ("" if replace else " " + row[col])
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)

    rewrite("entities", ["name"])
    rewrite("articles", ["title", "outlet"])
    rewrite("claims", ["quote", "notes"])
    rewrite("reference", ["source_title", "notes"])
    rewrite("overrides", ["reason"])
    rewrite("reference", ["url"], HOSTILE_URLS, replace=True)
    rewrite("fx_rates", ["url"], HOSTILE_URLS, replace=True)


@needs_chromium
def test_hostile_strings_are_inert_and_the_layout_holds(tmp_path, chromium):
    from aifigures.build.browser import check_report

    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles", "research"))
    poison(data)
    env = {**os.environ, "AIFIGURES_DATA_DIR": str(data), "AIFIGURES_BUILD_DIR": str(tmp_path / "build"),
           "AIFIGURES_REPORTS_DIR": str(tmp_path / "reports"), "AIFIGURES_FIGURES_DIR": str(tmp_path / "figures")}
    if articles_dir():
        env["ARTICLES_DIR"] = str(articles_dir())
    # validation would refuse this data (it rejects markup): build without it, to test the renderer alone
    code = "from aifigures.build.runner import build; raise SystemExit(build(force=True, validate_first=False))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    report = tmp_path / "reports" / "report.html"
    html = report.read_text(encoding="utf-8")
    assert "<script>window.__aifigures_pwned" not in html and "&lt;script&gt;window.__aifigures_pwned" in html
    assert '<img src=x onerror' not in html
    # no tag carries a hostile address (the same words escaped as text are inert)
    assert not re.search(r"""<[a-z][^<>]*\s(href|src|action)\s*=\s*["']?\s*(java|vbscript|data:text/html)""", html, re.I)
    check = check_report(report, browser=chromium)
    assert check.problems == []  # among them: every link is http(s), a #fragment or a CSV download
    assert check.dialogs == [] and not check.script_marker
    # the quotes, "</script>" and all, stay inside the ClaimReview data block, as the file has them
    reviews = json.loads((tmp_path / "reports" / "claimreview.json").read_text(encoding="utf-8"))
    assert check.scripts == [] and [b["value"] for b in check.data_blocks] == [reviews]
    assert any(HOSTILE[0] in r["claimReviewed"] for r in reviews)
    assert all(c["url"].startswith("https://") for r in reviews for c in r.get("citation", []) if "url" in c)


@needs_chromium
def test_the_ledger_is_folded_and_a_link_to_a_claim_opens_its_fold(built, chromium):
    """On screen the full ledger is one closed fold per article; the address of a claim (a link
    from a card, or report.html#A001-15 sent to a colleague) opens the fold and shows the row,
    with no script."""
    url = built["report"].resolve().as_uri()
    folds = "[...document.querySelectorAll('details.ledger-group')].map(d => d.open)"
    row_in_view = "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.top < innerHeight; }"
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        closed = page.evaluate(folds)
        assert len(closed) == 5 and not any(closed)
        page.goto(url + "#A001-15", wait_until="load")
        page.wait_for_timeout(200)
        assert page.evaluate(folds) == [False, True, False, False, False]
        assert page.evaluate(row_in_view, "A001-15")
        page.goto(url, wait_until="load")
        card = page.locator("article.finding-card").first
        claim_id = card.get_attribute("id").removeprefix("finding-")
        card.locator("a.claim-link").click()
        page.wait_for_timeout(200)
        assert page.evaluate(row_in_view, claim_id)
        page.emulate_media(media="print")  # paper shows every fold
        heights = page.evaluate("[...document.querySelectorAll('details.ledger-group table')].map(t => t.getBoundingClientRect().height)")
        assert len(heights) == 5 and min(heights) > 0
    finally:
        context.close()
