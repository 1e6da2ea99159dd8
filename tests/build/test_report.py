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
    assert "A000-07" in html and "671000000000" in html.replace(",", "")


def test_report_needs_no_network(parsed, html):
    assert all(src is None for src in parsed.scripts), "a script is loaded from a URL"
    # what loads by itself: src, and <link href>; an <a href> to a source loads nothing until clicked
    assert not re.search(r'(\ssrc|<link[^>]*\shref)="(https?:)?//', html), "a resource is fetched from the network"
    assert "require.js" not in html and "mathjax" not in html.lower().replace("mathjax_url", "")


def test_code_is_hidden(html):
    assert "plots.save_figure(" not in html and "from aifigures import" not in html


def test_no_error_output(html):
    assert "Traceback" not in html and "jp-RenderedText" not in html.split("application/vnd.jupyter.stderr")[0][-1:] 
    assert 'data-mime-type="application/vnd.jupyter.stderr"' not in html


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
    assert html.count('class="figure-source">Source: ') == len(labels)
