"""Links out of the report (markup.external_link): a real, escaped link for an http(s) address that
opens nothing back and sends no referrer, plain escaped text for anything else."""

from html.parser import HTMLParser

import pytest

from aifigures.views.links import is_web_link
from aifigures.views.markup import external_link


def source_link(url, text):
    return external_link(url, text).markup


class Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors, self.text, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.anchors.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(markup: str) -> Anchors:
    parser = Anchors()
    parser.feed(markup)
    parser.close()
    return parser


def test_a_web_address_becomes_a_link_that_opens_nothing_back():
    out = source_link("https://api-docs.deepseek.com/quick_start/pricing", "DeepSeek pricing")
    assert out == ('<a class="source-link" href="https://api-docs.deepseek.com/quick_start/pricing" '
                   'rel="noopener noreferrer">DeepSeek pricing</a>')


def test_quotes_and_ampersands_in_the_address_are_escaped_and_survive_parsing():
    url = "https://example.org/search?q=a&lang=zh&x='1'"
    out = source_link(url, "search")
    assert '&amp;lang=zh&amp;x=&#x27;1&#x27;' in out
    [anchor] = parse(out).anchors
    assert anchor == {"class": "source-link", "href": url, "rel": "noopener noreferrer"}  # the browser reads the same address back


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
                                  '"><a href="javascript:alert(1)">x</a>', "\u202eالسعر"])
def test_hostile_text_stays_text(text):
    out = source_link("https://example.org/", text)
    parsed = parse(out)
    # text() may add <wbr> break points inside long words; no other tag
    assert [t for t in parsed.tags if t != "wbr"] == ["a"] and "".join(parsed.text) == text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
                                 "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "//evil.example/",
                                 "report.html", "ftp://example.org/", "https://", "https://a.org/\nb",
                                 'https://a.org/"onclick="alert(1)', "", None, float("nan")])
def test_anything_else_is_plain_text_never_a_link(url):
    out = source_link(url, "the source")
    assert out == "the source" and not is_web_link(url)
    hostile = source_link(url, '<b>"x"</b>')
    assert [t for t in parse(hostile).tags if t != "wbr"] == [] and "<b>" not in hostile and '"' not in hostile
