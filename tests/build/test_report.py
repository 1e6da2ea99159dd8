"""The exported report: one offline file holding every chart and table, code hidden, no errors."""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.slow


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.images, self.scripts, self.tags = set(), [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag == "script":
            self.scripts.append(a.get("src"))


@pytest.fixture(scope="module")
def html(built):
    return built["report"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed(html):
    c = Collector()
    c.feed(html)
    return c


def test_report_embeds_every_chart(built, parsed):
    pngs = sorted(built["figures"].glob("*.png"))
    embedded = [src for src in parsed.images if src.startswith("data:image/png;base64,")]
    assert len(embedded) == len(pngs) > 0
    assert all(src.startswith("data:") for src in parsed.images)


def test_report_holds_the_tables(html):
    assert html.count("<table") >= 15
    assert "A000-07" in html


def _visible_text(html: str) -> str:
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", html, flags=re.S)
    body = re.sub(r'(src|href)="data:[^"]*"', "", body)
    return re.sub(r"<[^>]+>", " ", body)


def test_values_are_readable(html):
    # stored values (671000000000, 0.00208333 days) never reach the reader: every figure cell,
    # every official figure and every figure on a card reads as a person writes it
    cells = re.findall(r'<td class="col-(?:figure|total-article|total-official|active-article|active-official|'
                       r'official-price|in-usd|input|output|3-1-blend|gives)"[^>]*>(.*?)</td>', html, flags=re.S)
    cells += re.findall(r'<span class="official">(.*?)</span>', html) + re.findall(r"<dd>(.*?)</dd>", html)
    shown = [re.sub(r"<[^>]+>", " ", c) for c in cells]  # a span (the label above a value) is its own line
    assert len(shown) > 100
    # stored values: long digit runs, long decimals, scientific notation (a digit before the e:
    # "late-2023" is a word, 1e+12 a stored number)
    raw = [c for c in shown if re.search(r"\d{7,}|\d\.\d{4,}|\de[+-]\d", c.replace(",", ""))]
    assert raw == []
    text = " ".join(shown)
    assert "671B" in text and "1.04T" in text


def test_findings_come_right_after_the_title(html):
    markers = re.findall(r'<div class="notebook-start" id="([^"]+)"></div>', html)
    assert markers[0] == "00-findings" and markers[-1] == "09-sources"


def test_every_claim_and_source_has_an_anchor(parsed):
    import csv

    from aifigures.views.report_tables import report_reference

    from ..conftest import DATA

    claims = [r["claim_id"] for r in csv.DictReader((DATA / "claims.csv").open(encoding="utf-8"))]
    refs = list(report_reference()["ref_id"])  # the rows the report rests on (the rest is check's base)
    assert len(refs) > 100
    assert set(claims) <= parsed.ids and set(refs) <= parsed.ids
    assert [link for link in parsed.links if link not in parsed.ids and link.encode().decode() not in parsed.ids] == []


def test_every_source_url_is_a_link_that_sends_no_referrer(html):
    from html import escape

    from aifigures.views.report_tables import report_reference

    urls = {u for u in report_reference()["url"].dropna() if str(u).startswith("http")}
    assert len(urls) > 50
    for url in urls:
        assert f'href="{escape(url, quote=True)}" rel="noopener noreferrer"' in html, url


def test_images_have_alt_text_from_their_captions(html):
    alts = re.findall(r'<img alt="([^"]*)"', html)
    assert "No description has been provided" not in html
    assert len(alts) == html.count("<img") and all(len(a) > 20 for a in alts)


def test_report_needs_no_network(parsed, html):
    assert all(src is None for src in parsed.scripts), "a script is loaded from a URL"
    # what loads by itself: src, and <link href>; an <a href> to a source loads nothing until clicked
    assert not re.search(r'(\ssrc|<link[^>]*\shref)="(https?:)?//', html), "a resource is fetched from the network"
    assert "require.js" not in html and "mathjax" not in html.lower().replace("mathjax_url", "")


def test_code_is_hidden(html):
    assert "chart_export.save_figure(" not in html and "from aifigures import" not in html


def test_no_error_output(html, built):
    """No traceback, warning or other stderr in the report (a chart whose text is cut says so
    on stderr), nor in any executed notebook."""
    assert "Traceback" not in html
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html
    import nbformat

    executed = sorted((built["build"] / "executed").glob("*.ipynb"))
    assert executed
    for path in executed:
        for cell in nbformat.read(path, as_version=4).cells:
            for out in cell.get("outputs", []):
                assert out["output_type"] != "error" and out.get("name") != "stderr", (path.name, out)


def test_table_of_contents_links_land_on_headings(parsed):
    assert len(parsed.links) >= 7
    missing = [link for link in parsed.links if link not in parsed.ids]
    assert missing == []


def test_heading_ids_are_unique(html):
    ids = re.findall(r'<h[1-6] id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_figures_are_numbered_with_captions_and_sources(html, built):
    labels = re.findall(r'<span class="figure-label">Figure (\d+)\.</span>', html)
    assert [int(n) for n in labels] == list(range(1, len(list(built["figures"].glob("*.png"))) + 1))
    # the source sentence is in each image; under it the page links the rows it rests on, and
    # prints the sentence only for a chart whose rows it cannot link
    under = re.findall(r'<span class="figure-source">(.*?)</span></figcaption>', html, flags=re.S)
    assert len(under) == len(labels)
    for line in under:
        assert line.startswith("Sources (the image names them): <a class=\"ref-link\"") or line.startswith("Source: "), line[:80]
    linked = [line for line in under if line.startswith("Sources")]
    assert len(linked) >= len(labels) - 2


def test_chart_files_carry_their_source(built):
    import numpy as np
    from PIL import Image

    for png in built["figures"].rglob("*.png"):
        assert Image.open(png).text.get("Source", "").startswith("Source: "), png.name
    # drawn in the image too, not only metadata: a chart sent on alone says its source. In the
    # SVG the text is drawn as glyph paths, each text group headed by its string as a comment;
    # in the PNG the source line is the last lines of ink, under the axes
    for svg in built["figures"].rglob("*.svg"):
        body = svg.read_text(encoding="utf-8").split("</metadata>", 1)[-1]
        assert "<!-- Source: " in body, svg.name
    for png in built["figures"].rglob("*.png"):
        pixels = np.asarray(Image.open(png).convert("L"))
        bottom = pixels[int(pixels.shape[0] * 0.93):]
        assert (bottom < 160).any(), f"{png.name}: no source line drawn at the foot of the image"
    for svg in built["figures"].rglob("*.svg"):
        assert "<dc:source>Source: " in svg.read_text(encoding="utf-8"), svg.name
    # every chart and its phone variant (figures/phone/) carry it
    assert len(list(built["figures"].rglob("*.png"))) == 2 * len(list(built["figures"].glob("*.png")))
