"""Every checked claim as schema.org ClaimReview, the fact-checkers' shared markup.

One ClaimReview per claim whose verdict is not `not_checked` (docs/claimreview.md): the quote
(with its English gloss where the ledger has one), the article it appears in, the verdict as
a rating in words and on a 1-5 scale, who reviewed it and when, and the claim's anchor in the
report. The build writes the list to reports/claimreview.json and puts the same JSON into the
report's <head> as a JSON-LD data block, which browsers never execute (so the CSP holds).

Everything comes from the data, nothing from the clock: two builds give the same bytes.
"""

from __future__ import annotations

import json
import os
import sys

import pandas as pd
from markupsafe import Markup

from aifigures.data.ledger import load as ledger
from aifigures.views.links import is_web_link
from aifigures.views.markup import fragment
from aifigures.views.report_tables import load_all

FILE_NAME = "claimreview.json"
REPORT_URL_VARIABLE = "AIFIGURES_REPORT_URL"
DEFAULT_REPORT_URL = "report.html"  # where the report will be published is unknown at build time
REVIEWER = {"@type": "Organization", "name": "aifigures"}

# verdict -> (rating on the 1-5 scale, the verdict in words). 5: the article gives the source's
# figure; 4: true at the article's precision or qualifier; 3: true in part; 2: a real figure,
# but not this one (two merged, or another model's); 1: not the source's figure.
# unverifiable carries no number: no source was found, so the claim is neither true nor false.
BEST, WORST = 5, 1
RATINGS = {
    "matches": (5, "Matches the source"),
    "rounded": (4, "Rounded from the source"),
    "consistent": (4, "Consistent with the source"),
    "partly_holds": (3, "Partly holds"),
    "conflated": (2, "Conflates two figures"),
    "misattributed": (2, "Misattributed"),
    "differs": (1, "Differs from the source"),
    "unverifiable": (None, "No primary source found"),
}
NOT_REVIEWED = {"not_checked"}  # context figures, hypotheticals and estimates: never looked up


def report_url() -> str:
    """The report's address from AIFIGURES_REPORT_URL: an http(s) address, or a relative one
    (the default, report.html); anything else is ignored with a warning."""
    url = os.environ.get(REPORT_URL_VARIABLE, "").strip() or DEFAULT_REPORT_URL
    if is_web_link(url) or (":" not in url.split("/", 1)[0] and not url.startswith("//") and " " not in url):
        return url.split("#", 1)[0]
    print(f"build: {REPORT_URL_VARIABLE}={url!r} is neither an http(s) address nor a relative one; "
          f"the ClaimReview links use {DEFAULT_REPORT_URL!r}", file=sys.stderr)
    return DEFAULT_REPORT_URL


def review_date(reference: pd.DataFrame, overrides: pd.DataFrame) -> str:
    """The date the checks were last made: the newest source access or reviewed override."""
    dates = [d for d in [*reference["date_accessed"], *overrides["reviewed_on"]] if isinstance(d, str) and d]
    return max(dates)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _known(value) -> str:
    """A name, or "" where the data says unknown ("unknown", "unknown (a blog)")."""
    text = _text(value)
    return "" if not text or text.lower().startswith("unknown") else text


def claim_reviewed(row: dict) -> str:
    """The claim as the article words it, with the English gloss when there is one that differs."""
    quote, gloss = _text(row.get("quote")), _text(row.get("quote_en"))
    return f"{quote} (in English: {gloss})" if gloss and gloss != quote else quote


def appearance(article: dict) -> dict:
    """The article the claim appears in, as a schema.org Article."""
    work = {"@type": "Article", "headline": _text(article.get("title"))}
    if is_web_link(article.get("url")):
        work["url"] = article["url"]
    if _known(article.get("outlet")):
        work["publisher"] = {"@type": "Organization", "name": _known(article["outlet"])}
    if _text(article.get("published_date")):
        work["datePublished"] = article["published_date"]
    authors = _authors(article)
    if authors:
        work["author"] = authors
    if _text(article.get("language")):
        work["inLanguage"] = article["language"]
    if article.get("machine_translated") is True:
        work["description"] = "the text read is a machine translation of the original article"
    return work


def _authors(article: dict) -> list[dict]:
    names = [n.strip() for n in _known(article.get("authors")).split(";") if n.strip()]
    return [{"@type": "Person", "name": n} for n in names]


def rating(verdict: str, explanation: str) -> dict:
    """The verdict as a schema.org Rating: its words, its place on the 1-5 scale where it has one, and why."""
    value, words = RATINGS[verdict]
    out = {"@type": "Rating", "alternateName": words}
    if value is not None:
        out.update(ratingValue=value, bestRating=BEST, worstRating=WORST)
    if explanation:
        out["ratingExplanation"] = explanation
    return out


def citations(ref_ids: str, sources: dict[str, dict]) -> list[dict]:
    """The primary sources the verdict rests on; an address only where it is an http(s) link."""
    out = []
    for ref_id in dict.fromkeys(i.strip() for i in _text(ref_ids).split(";") if i.strip()):
        source = sources.get(ref_id)
        if source is None or not _text(source.get("source_title")):
            continue
        work = {"@type": "CreativeWork", "name": _text(source["source_title"])}
        if is_web_link(source.get("url")):
            work["url"] = source["url"]
        if _text(source.get("publisher")):
            work["publisher"] = {"@type": "Organization", "name": _text(source["publisher"])}
        if work not in out:
            out.append(work)
    return out


def claim_reviews(url: str | None = None) -> list[dict]:
    """One ClaimReview per checked claim, in claim_id order."""
    url = report_url() if url is None else url
    led, t = ledger(), load_all()  # the tables the ledger read, already loaded
    articles = {a["article_id"]: a for a in t["articles"].to_dict("records")}
    reference, overrides = t["reference"], t["overrides"]
    sources = {r["ref_id"]: r for r in reference.to_dict("records")}
    published = review_date(reference, overrides)
    reviews = []
    for row in led.sort_values("claim_id").to_dict("records"):
        verdict = row["verdict"]
        if verdict in NOT_REVIEWED:
            continue
        if verdict not in RATINGS:
            raise ValueError(f"verdict {verdict!r} has no ClaimReview rating; add it to RATINGS in {__name__}")
        article = articles.get(row["article_id"], {})
        claim = {"@type": "Claim", "appearance": appearance(article)}
        authors = _authors(article)
        if authors:
            claim["author"] = authors
        elif _known(article.get("outlet")):
            claim["author"] = {"@type": "Organization", "name": _known(article["outlet"])}
        if _text(article.get("published_date")):
            claim["datePublished"] = article["published_date"]
        review = {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": f"{url}#{row['claim_id']}",
            "identifier": row["claim_id"],
            "claimReviewed": claim_reviewed(row),
            "itemReviewed": claim,
            "reviewRating": rating(verdict, _text(row.get("explanation"))),
            "author": REVIEWER,
            "datePublished": published,
        }
        cited = citations(row.get("ref_ids"), sources)
        if cited:
            review["citation"] = cited
        reviews.append(review)
    return reviews


def to_json(reviews: list[dict]) -> str:
    """The file's text: UTF-8 JSON, one key per line, a newline at the end."""
    return json.dumps(reviews, ensure_ascii=False, indent=1) + "\n"


# In a <script> element only "</script" (and "<!--") can end or change it; escaping every
# <, > and & (and the two line separators JavaScript once rejected) keeps any data inside.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def html_data_block(reviews: list[dict]) -> str:
    """The JSON-LD as a <script type="application/ld+json"> data block, safe inside HTML."""
    text = json.dumps(reviews, ensure_ascii=False, separators=(",", ":"))
    return fragment("json_ld", "aifigures-claimreview", Markup(text.translate(_HTML_SAFE))).markup


def embed(html_text: str, reviews: list[dict]) -> str:
    """The report with the ClaimReview data block at the end of its <head>."""
    head_end = html_text.find("</head>")
    if head_end < 0:
        raise ValueError("the exported report has no </head>; cannot embed the ClaimReview data")
    return html_text[:head_end] + html_data_block(reviews) + "\n" + html_text[head_end:]
