"""Open the report in a real browser (headless Chromium, driven by Playwright) and check it.

The network is blocked: any request other than the report file itself is recorded and
aborted. The check reports console errors, page errors, attempted requests, images that
did not decode, table-of-contents links that land nowhere, scripts that ran (a dialog or
a marker set by injected code), and, at each width and in print: a page wider than the
window, a table wider than the page, and an ordinary word broken across two lines. It
checks that every internal link lands on an element and that every other link is an http(s)
link that sends no referrer (or a CSV download). It writes a full-page screenshot next to
the report. `python -m aifigures browser-check [REPORT]` runs it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aifigures import config

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
# As root in a container Chromium needs --no-sandbox; the rest keep it off this closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def find_chromium() -> str | None:
    """The path of the first Chromium on the PATH (Debian's and Google's names), or None."""
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class BrowserReport:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    broken_images: list[str] = field(default_factory=list)
    dead_links: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    unsafe_links: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # script elements that are not JSON-LD data
    data_blocks: list = field(default_factory=list)  # each JSON-LD block as the browser parsed it
    images: int = 0
    toc_links: int = 0
    overflow_px: int = 0
    layout: list[str] = field(default_factory=list)  # per width: tables too wide, broken words, page overflow
    bad_links: list[str] = field(default_factory=list)
    internal_links: int = 0
    anchors: list[str] = field(default_factory=list)  # ids of the anchored rows (claims, sources)
    script_marker: bool = False
    chart_sources: dict = field(default_factory=dict)  # per width: how many charts show their phone variant
    screenshot: Path | None = None

    @property
    def problems(self) -> list[str]:
        """Every problem found, one readable line each; empty when the page passed."""
        out = [f"console error: {e}" for e in self.console_errors]
        out += [f"page error: {e}" for e in self.page_errors]
        out += [f"network request attempted: {u}" for u in self.requests]
        out += [f"image not decoded: {s}" for s in self.broken_images]
        out += [f"table-of-contents link lands nowhere: #{a}" for a in self.dead_links]
        out += [f"a script opened a dialog: {d}" for d in self.dialogs]
        out += [f"a link or source that is not http(s), a #fragment or an embedded file: {u}" for u in self.unsafe_links]
        out += [f"a script element that is not a JSON-LD data block: {s}" for s in self.scripts]
        out += [f"a JSON-LD data block does not parse: {b['error']}" for b in self.data_blocks if "error" in b]
        if self.script_marker:
            out.append("injected script ran (window.__aifigures_pwned is set)")
        if self.overflow_px > 2:
            out.append(f"the page is {self.overflow_px}px wider than the window: the layout does not hold")
        out += self.layout
        out += self.bad_links
        return out


# Layout at the current width: the page's overflow, tables wider than their column or the
# window, and ordinary words (Latin letters, up to 30) whose letters sit on two lines.
LAYOUT_JS = """() => {
  const out = [];
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 2) out.push(`the page scrolls sideways by ${page.scrollWidth - window.innerWidth}px`);
  for (const t of document.querySelectorAll('table')) {
    const r = t.getBoundingClientRect();
    const box = t.parentElement.getBoundingClientRect();
    if (r.width > 0 && (r.right > window.innerWidth + 2 || r.width > box.width + 2 || t.scrollWidth > t.clientWidth + 2))
      out.push(`a table is wider than the page (${Math.round(r.width)}px in ${Math.round(box.width)}px): ${t.textContent.trim().slice(0, 60)}`);
  }
  const word = /[A-Za-z][A-Za-z']{1,29}/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement && n.parentElement.closest('td, th, .finding-card, dd, dt, figcaption') &&
    !(n.parentElement.closest('details:not([open])') && !n.parentElement.closest('summary')) &&
    n.parentElement.getClientRects().length ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT});
  const range = document.createRange();
  let broken = 0;
  for (let n = walker.nextNode(); n && broken < 20; n = walker.nextNode()) {
    for (const m of n.data.matchAll(word)) {
      range.setStart(n, m.index); range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top)));
      if (tops.size > 1) { out.push(`a word is broken across lines: "${m[0]}"`); broken++; }
    }
  }
  return out;
}"""

# Every internal link lands on an element; every other link is http(s) without a referrer,
# or a download of the report's own data.
LINKS_JS = """() => {
  const bad = []; let internal = 0;
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#')) {
      internal++;
      // as browsers resolve a fragment: the id as written, else percent-decoded
      const id = href.slice(1);
      let decoded = id; try { decoded = decodeURIComponent(id); } catch (e) {}
      if (!document.getElementById(id) && !document.getElementById(decoded)) bad.push(`internal link lands nowhere: ${href}`);
    } else if (/^https?:\\/\\/[^\\s]+$/i.test(href)) {
      const rel = (a.getAttribute('rel') || '').split(/\\s+/);
      if (!rel.includes('noopener') || !rel.includes('noreferrer')) bad.push(`link without rel="noopener noreferrer": ${href.slice(0, 80)}`);
    } else if (!(a.hasAttribute('download') && href.startsWith('data:text/csv'))) {
      bad.push(`link that is not http(s): ${href.slice(0, 80)}`);
    }
  }
  const anchors = [...document.querySelectorAll('tr[id]')].map(r => r.id);
  return {bad, internal, anchors};
}"""

WIDTHS = (1280, 768, 390)

# Each chart image says the size of its smallest text in points (data-smallest-pt, and
# data-phone-smallest-pt for its phone variant): with the dpi and the size the image is shown
# at, that is the size a reader sees, in CSS pixels.
CHART_TEXT_JS = r"""([dpi, least]) => {
  const out = {phone: 0, small: []};
  for (const img of document.querySelectorAll('figure.chart img')) {
    const phone = !!img.currentSrc && img.currentSrc !== img.src;
    const pt = parseFloat(phone ? img.dataset.phoneSmallestPt : img.dataset.smallestPt);
    if (phone) out.phone += 1;
    if (!img.naturalWidth || isNaN(pt)) continue;
    const px = pt / 72 * dpi * img.getBoundingClientRect().width / img.naturalWidth;
    const variant = phone ? ' in its phone variant' : '';
    if (px < least) out.small.push(`chart text ${px.toFixed(1)}px (under ${least}px)${variant}: ${img.alt.slice(0, 70)}`);
  }
  return out;
}"""
PRINT_WIDTH = 718  # A4 less the 12 mm side margins of the print stylesheet, in CSS pixels


# Every address in the page as the browser parsed it: a link (<a>, <area>) must be http(s), a
# #fragment of the report, or a CSV download embedded as data:; an image only data:image/;
# any other element that names an address (form action, iframe, object, link...) is flagged.
UNSAFE_LINKS_JS = r"""() => {
  const names = ['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href', 'poster', 'background'];
  const allowed = (tag, name, raw, el) => {
    if ((tag === 'a' || tag === 'area') && name === 'href') {
      if (raw.startsWith('#')) return true;
      if (el.hasAttribute('download') && raw.startsWith('data:text/csv;')) return true;
      try { return /^https?:\/\/[^\/]/i.test(raw) && ['http:', 'https:'].includes(new URL(raw).protocol); }
      catch (e) { return false; }
    }
    return tag === 'img' && name === 'src' && raw.startsWith('data:image/');
  };
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const attr of el.attributes) {
      if (names.includes(attr.name) && !allowed(tag, attr.name, attr.value, el))
        bad.push(`<${tag} ${attr.name}="${attr.value.slice(0, 80)}">`);
    }
  }
  return bad;
}"""


@contextmanager
def launched(chromium: str | None = None) -> Iterator:
    """Headless Chromium (`chromium`, else the one found) driven by Playwright: the Browser,
    closed on exit. Open a context in it per page or test."""
    from playwright.sync_api import sync_playwright

    chromium = chromium or find_chromium()
    if chromium is None:
        raise FileNotFoundError("no Chromium found (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def check_report(report: Path, screenshot: Path | None = None, width: int = 1280, chromium: str | None = None,
                 widths: tuple[int, ...] = (), print_check: bool = False, browser=None) -> BrowserReport:
    """Open the report in headless Chromium with the network blocked and check it as a reader
    meets it: errors, requests, images, links, scripts, layout at each of `widths` (and in print
    with `print_check`), chart text size; optionally save a full-page screenshot. In a context of
    `browser` (a Playwright Browser) when given, else in a Chromium of its own."""
    if browser is None:
        with launched(chromium) as own:
            return check_report(report, screenshot, width, widths=widths, print_check=print_check, browser=own)
    report = Path(report).resolve()
    url = report.as_uri()
    result = BrowserReport()
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()

        def route(r):
            if r.request.url == url:
                return r.continue_()
            result.requests.append(r.request.url[:200])
            return r.abort()

        context.route("**/*", route)
        page.on("console", lambda m: result.console_errors.append(m.text[:300]) if m.type == "error" else None)
        page.on("pageerror", lambda e: result.page_errors.append(str(e)[:300]))

        def on_dialog(d):
            result.dialogs.append(d.message[:200])
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => ({src: e.getAttribute('src').slice(0, 60), ok: e.complete && e.naturalWidth > 0}))")
        result.images = len(images)
        result.broken_images = [i["src"] for i in images if not i["ok"]]
        anchors = page.eval_on_selector_all("nav.report-toc a", "els => els.map(e => e.getAttribute('href').slice(1))")
        result.toc_links = len(anchors)
        for anchor in anchors:
            lands = page.evaluate(
                """id => { const el = document.getElementById(id);
                           if (!el || !/^H[1-6]$/.test(el.tagName)) return false;
                           el.scrollIntoView(); return Math.abs(el.getBoundingClientRect().top) < 5 ||
                           window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2; }""", anchor)
            if not lands:
                result.dead_links.append(anchor)
        result.unsafe_links = page.evaluate(UNSAFE_LINKS_JS)
        result.scripts = page.evaluate(
            "() => [...document.scripts].filter(s => s.type !== 'application/ld+json').map(s => s.outerHTML.slice(0, 120))")
        result.data_blocks = page.evaluate(
            """() => [...document.querySelectorAll('script[type="application/ld+json"]')].map(s => {
                 try { return {value: JSON.parse(s.textContent)}; } catch (e) { return {error: String(e).slice(0, 200)}; } })""")
        result.overflow_px = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        result.script_marker = bool(page.evaluate("window.__aifigures_pwned === true"))
        links = page.evaluate(LINKS_JS)
        result.bad_links, result.internal_links, result.anchors = links["bad"], links["internal"], links["anchors"]
        from aifigures.views.chart_export import DPI, SMALLEST_TEXT_PX

        for w in widths or (width,):
            page.set_viewport_size({"width": w, "height": 900})
            page.wait_for_timeout(150)  # a <picture> may switch source at the new width
            result.layout += [f"at {w}px: {p}" for p in page.evaluate(LAYOUT_JS)]
            charts = page.evaluate(CHART_TEXT_JS, [DPI, SMALLEST_TEXT_PX])
            result.chart_sources[w] = charts["phone"]
            result.layout += [f"at {w}px: {p}" for p in charts["small"]]
        if print_check:
            page.emulate_media(media="print")
            page.set_viewport_size({"width": PRINT_WIDTH, "height": 1000})
            result.layout += [f"in print: {p}" for p in page.evaluate(LAYOUT_JS)]
            page.emulate_media(media="screen")
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("window.scrollTo(0, 0)")
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True, timeout=180_000)  # a long page on a busy machine
            result.screenshot = Path(screenshot)
    finally:
        context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    """`make browser-check`: check the built report in headless Chromium and print what was checked."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m aifigures browser-check", description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", default=str(config.REPORT_FILE))
    args = parser.parse_args(argv)
    report = Path(args.report)
    if find_chromium() is None:
        print("browser-check: no Chromium installed (Debian: apt-get install chromium); nothing checked", file=sys.stderr)
        return 1
    if not report.exists():
        print(f"browser-check: {report} does not exist; run make report first", file=sys.stderr)
        return 1
    result = check_report(report, screenshot=report.with_suffix(".png"), widths=WIDTHS, print_check=True)
    for problem in result.problems:
        print(f"browser-check: {problem}", file=sys.stderr)
    print(f"browser-check: {result.images} images decoded, {result.toc_links} contents links and "
          f"{result.internal_links} internal links checked, layout checked at {', '.join(map(str, WIDTHS))} px and in print, "
          f"screenshot {result.screenshot}")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
