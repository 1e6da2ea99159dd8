"""Every checked claim as schema.org ClaimReview: its shape, what it says, and how it sits in the
report (a JSON-LD data block that no string from the data can break out of)."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser

import pytest

from aifigures.build import claimreview
from aifigures.data.dictionary import load_dictionary
from aifigures.views.report_tables import ledger

from ..conftest import DATA

sys.modules.setdefault("rfc3987_syntax", None)  # see build/runner.py: a slow import jsonschema does not need
import jsonschema  # noqa: E402

NAMED = {"type": "object", "required": ["@type", "name"],
         "properties": {"@type": {"enum": ["Organization", "Person"]}, "name": {"type": "string", "minLength": 1}}}
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
TEXT = {"type": "string", "minLength": 1}
# What a fact-check reader (schema.org, Google's ClaimReview guidelines) needs of each item
CLAIM_REVIEW = {
    "type": "object",
    "required": ["@context", "@type", "url", "claimReviewed", "itemReviewed", "reviewRating", "author", "datePublished"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "url": {"type": "string", "pattern": r"^[^#\s]+#A\d{3}-\d{2,3}$"},
        "identifier": {"type": "string", "pattern": r"^A\d{3}-\d{2,3}$"},
        "claimReviewed": TEXT,
        "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "author": {"const": {"@type": "Organization", "name": "aifigures"}},
        "itemReviewed": {
            "type": "object", "required": ["@type", "appearance"],
            "properties": {
                "@type": {"const": "Claim"},
                "datePublished": DATE,
                "author": {"anyOf": [NAMED, {"type": "array", "minItems": 1, "items": NAMED}]},
                "appearance": {
                    "type": "object", "required": ["@type", "headline"],
                    "properties": {"@type": {"const": "Article"}, "headline": TEXT, "datePublished": DATE,
                                   "publisher": NAMED, "author": {"type": "array", "items": NAMED},
                                   "url": {"type": "string", "pattern": "^https?://"}},
                },
            },
        },
        "reviewRating": {
            "type": "object", "required": ["@type", "alternateName"],
            "properties": {"@type": {"const": "Rating"}, "alternateName": TEXT, "ratingExplanation": TEXT,
                           "ratingValue": {"type": "integer", "minimum": 1, "maximum": 5},
                           "bestRating": {"const": 5}, "worstRating": {"const": 1}},
            "dependentRequired": {"ratingValue": ["bestRating", "worstRating"]},
        },
        "citation": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["@type", "name"],
            "properties": {"@type": {"const": "CreativeWork"}, "name": TEXT, "url": {"type": "string", "pattern": "^https?://"}}}},
    },
}
SCHEMA = {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "array", "minItems": 1, "items": CLAIM_REVIEW}


def check_shape(reviews) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(reviews), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture(scope="module")
def reviews():
    return claimreview.claim_reviews(url="report.html")


def test_every_item_has_the_claimreview_shape(reviews):
    check_shape(reviews)


def test_the_schema_catches_a_broken_item(reviews):
    broken = json.loads(json.dumps(reviews))
    del broken[0]["reviewRating"]["alternateName"]
    broken[1]["itemReviewed"]["@type"] = "Thing"
    with pytest.raises(AssertionError, match="alternateName"):
        check_shape(broken)


def test_every_checked_claim_once_and_no_unchecked_one(reviews):
    led = ledger()
    checked = sorted(led.loc[led["verdict"] != "not_checked", "claim_id"])
    assert [r["identifier"] for r in reviews] == checked
    assert len(checked) > 0 and len(checked) < len(led)


def test_each_review_says_what_the_ledger_says(reviews):
    led = ledger().set_index("claim_id")
    for review in reviews:
        row = led.loc[review["identifier"]]
        assert review["url"] == f"report.html#{review['identifier']}"
        assert review["claimReviewed"].startswith(row["quote"])
        value, words = claimreview.RATINGS[row["verdict"]]
        assert review["reviewRating"]["alternateName"] == words
        assert review["reviewRating"].get("ratingValue") == value
        assert review["itemReviewed"]["datePublished"] == row["published_date"]


def test_ratings_follow_the_verdicts(reviews):
    by_verdict = {}
    led = ledger().set_index("claim_id")
    for review in reviews:
        by_verdict.setdefault(led.at[review["identifier"], "verdict"], set()).add(review["reviewRating"].get("ratingValue"))
    assert by_verdict["matches"] == {5} and by_verdict["unverifiable"] == {None}
    assert all(v <= {1, 2} for k, v in by_verdict.items() if k in ("differs", "conflated", "misattributed"))


def test_every_verdict_is_rated_or_left_out():
    verdicts = set(load_dictionary(DATA / "dictionary.yml").vocabularies["verdict"])
    assert verdicts - claimreview.NOT_REVIEWED <= set(claimreview.RATINGS)


def test_the_date_is_the_last_check_not_the_clock(reviews):
    from aifigures.data.tables import load

    newest = max([*load("reference")["date_accessed"], *load("overrides")["reviewed_on"]])
    assert {r["datePublished"] for r in reviews} == {newest}


def test_the_article_and_its_authors(reviews):
    a000 = next(r for r in reviews if r["identifier"].startswith("A000"))
    appearance = a000["itemReviewed"]["appearance"]
    assert appearance["headline"].startswith("After GPT-5")
    assert [p["name"] for p in a000["itemReviewed"]["author"]] == ["Hu Run", "Miao Zheng"]
    assert "machine translation" in appearance["description"]
    a002 = next(r for r in reviews if r["identifier"].startswith("A002"))
    assert "author" not in a002["itemReviewed"]  # authors and outlet are unknown: no invented name


def test_sources_are_cited_with_web_addresses_only(reviews):
    cited = [c for r in reviews for c in r.get("citation", [])]
    assert cited and any("url" in c for c in cited)
    assert all(c["url"].startswith(("https://", "http://")) for c in cited if "url" in c)


def test_a_gloss_is_added_where_the_ledger_has_one():
    assert claimreview.claim_reviewed({"quote": "每百萬tokens 2元", "quote_en": "2 yuan per million tokens"}) == \
        "每百萬tokens 2元 (in English: 2 yuan per million tokens)"
    assert claimreview.claim_reviewed({"quote": "671B"}) == "671B"
    assert claimreview.claim_reviewed({"quote": "671B", "quote_en": float("nan")}) == "671B"


@pytest.mark.parametrize("value, expected", [
    ("", "report.html"), ("https://example.org/aifigures/report.html", "https://example.org/aifigures/report.html"),
    ("reports/report.html#x", "reports/report.html"), ("javascript:alert(1)", "report.html"), ("//evil.example/r", "report.html")])
def test_the_report_address_comes_from_the_environment(monkeypatch, capsys, value, expected):
    monkeypatch.setenv(claimreview.REPORT_URL_VARIABLE, value)
    assert claimreview.report_url() == expected
    assert ("neither an http(s) address" in capsys.readouterr().err) == (expected == "report.html" and value != "")


HOSTILE = ["</script><script>window.__aifigures_pwned=true</script>", "</SCRIPT >", "<!--<script>", "a & b > c",
           "\u2028\u2029", '"quoted" \\ backslash']


def test_no_string_can_leave_the_data_block():
    reviews = [{"claimReviewed": text, "nested": {"list": [text]}} for text in HOSTILE]
    block = claimreview.html_data_block(reviews)
    inner = block.removeprefix('<script type="application/ld+json" id="aifigures-claimreview">').removesuffix("</script>")
    assert not any(ch in inner for ch in "<>&\u2028\u2029")
    assert json.loads(inner) == reviews  # the escapes are JSON's own: a reader gets the strings back

    page = claimreview.embed("<html><head><title>t</title></head><body></body></html>", reviews)
    seen = Scripts()
    seen.feed(page)
    assert seen.scripts == [("application/ld+json", inner)] and seen.body_tags == ["body"]


class Scripts(HTMLParser):
    """The script elements of a page as an HTML parser reads them, and the tags after </head>."""

    def __init__(self):
        super().__init__()
        self.scripts, self.body_tags, self._type, self._in_body = [], [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._type = dict(attrs).get("type")
            self.scripts.append((self._type, ""))
        if tag == "body":
            self._in_body = True
        if self._in_body:
            self.body_tags.append(tag)

    def handle_data(self, data):
        if self._type is not None:  # the text may come in pieces
            self.scripts[-1] = (self._type, self.scripts[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._type = None


def test_embedding_needs_a_head():
    with pytest.raises(ValueError, match="no </head>"):
        claimreview.embed("<html><body></body></html>", [])


# --------------------------------------------------------------------------- in the built report

@pytest.mark.slow
def test_the_report_holds_the_same_reviews_as_the_file(built):
    on_disk = json.loads((built["reports"] / claimreview.FILE_NAME).read_text(encoding="utf-8"))
    check_shape(on_disk)
    seen = Scripts()
    seen.feed(built["report"].read_text(encoding="utf-8"))
    assert [t for t, _ in seen.scripts] == ["application/ld+json"]
    assert json.loads(seen.scripts[0][1]) == on_disk
    head = built["report"].read_text(encoding="utf-8").split("</head>", 1)[0]
    assert 'type="application/ld+json"' in head and "default-src 'none'" in head
