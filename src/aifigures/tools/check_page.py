"""The draft fact-check as one offline HTML page in the report's style (`check --html OUT`).

The article text is hostile input: every string is escaped by the report's own table code. The page carries
the report's Content-Security-Policy (no script, nothing from the network) and its
stylesheet, inlined from the report's template folder (read as a file: tools do not import
the build). Findings first: the figures that differ or need review, with counts; then every
figure.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from aifigures import config
from aifigures.data import tables
from aifigures.data.display import display_official, display_value
from aifigures.data.verdicts import EXACTNESS  # the verdicts that hold, most exact first
from aifigures.views.markup import Html, badge, fragment, render_table, render_template, text
from aifigures.views.verdict_style import verdict_label

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CSS_FILE = config.TEMPLATES_DIR / "aifigures" / "report.css"
FINDINGS = ("differs", "conflated", "misattributed", "partly_holds", "needs_review")
EXTRA_CSS = """
.check-counts .badge { margin-right: 0.6rem; }
.data-table mark { background: #fff2a8; }
body { font-family: var(--jp-content-font-family); }
.draft-note { background: #fff8e1; border: 1px solid #e6d38a; padding: 0.5rem 1rem; }
"""
LABELS = {"where": "where", "words": "the article's words", "linked": "linked to", "figure": "figure",
          "verdict": "verdict", "source": "the source says"}


def _marked(quote: str, figure: str) -> Html:
    """The quote, escaped, with the figure in <mark> (its first occurrence)."""
    i = quote.find(figure) if figure else -1
    if i < 0:
        return Html(text(quote))
    return fragment("marked", quote[:i], figure, quote[i + len(figure):])


def _frame(rows: list[dict], reference: dict) -> pd.DataFrame:
    """The figures as the report's tables show claims: the words, what they were linked to, the
    figure readable, the verdict as a badge, what the source says and, folded, why."""
    def source(r):
        official = display_official(r, reference) if r["official"] else ""
        parts = [fragment("span", "official", official) if official else "",
                 fragment("span", "about", r["ref_ids"]) if r["ref_ids"] else "",
                 fragment("fold", "why", "why", r["explanation"]) if r["explanation"] else ""]
        return Html(" ".join(str(p) for p in parts if p))

    return pd.DataFrame({
        "where": [Html(f'{text(os.path.basename(r["article"]))}:{text(r["line"])}'
                       # a confidence is the link's: a figure linked to no entity has none to show
                       + fragment("span", "about", f'confidence {r["confidence"]}' if r["entity_id"] else "not linked").markup)
                  for r in rows],
        "words": [_marked(r["quote"], r["figure_text"]) for r in rows],
        "linked": [" · ".join(x for x in (r["entity_id"] or "?", r["metric"] or "?", r["benchmark"], r["side"]) if x) for r in rows],
        "figure": [(display_value(r) if r["value"] not in ("", None) else "") or r["figure_text"] for r in rows],
        "verdict": [badge(r["verdict"]) for r in rows],
        "source": [source(r) for r in rows],
    }, dtype=object)


def _table(rows: list[dict], reference: dict) -> str:
    return render_table(_frame(rows, reference), css="check", labels=LABELS) if rows else ""


def render_page(results, articles: list[str]) -> str:
    """The draft fact-check as one offline HTML page: the articles' names and counts, the findings, every figure."""
    rows = [r.row() for r in results]
    counts = Counter(r["verdict"] for r in rows)
    findings = [r for r in rows if r["verdict"] in FINDINGS]
    findings.sort(key=lambda r: FINDINGS.index(r["verdict"]))
    holds = sum(counts[v] for v in EXACTNESS)
    wrong = [v for v in FINDINGS if v != "needs_review" and counts[v]]
    said = [f"{holds} hold", f"{sum(counts[v] for v in wrong)} do not"
            + (f" ({', '.join(f'{counts[v]} {verdict_label(v).lower()}' for v in wrong)})" if wrong else ""),
            f"{counts['needs_review']} need review"]
    rest = len(rows) - holds - sum(counts[v] for v in wrong) - counts["needs_review"]
    if rest:
        said.append(f"{rest} not judged (no source, or context)")
    reference = {r["ref_id"]: r for r in tables.load("reference").to_dict("records")}
    # Jinja2 with autoescape: every string is escaped unless it is markup the package built
    # (Html, or the CSS read from the report's own template)
    return render_template(
        "check_page.html.j2",
        csp=Markup(CSP), css=Markup(CSS_FILE.read_text(encoding="utf-8")), extra_css=Markup(EXTRA_CSS),
        names=Html(", ".join(text(os.path.basename(a)) for a in articles)), total=len(rows), said=", ".join(said),
        counts=[(badge(v), counts[v]) for v in (*FINDINGS, *EXACTNESS) if counts[v]],
        findings=Html(_table(findings, reference)), every=Html(_table(rows, reference))).markup




def write_page(path: Path, results, articles: list[str]) -> None:
    """Write the page next to its destination first, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_page(results, articles), encoding="utf-8")
    tmp.replace(path)
