"""The draft fact-check as one offline HTML page in the report's style (`check --html OUT`).

The article text is hostile input: every string goes through html.escape. The page carries
the report's Content-Security-Policy (no script, nothing from the network) and its
stylesheet, inlined from the report's template folder (read as a file: tools do not import
the build). Findings first: the figures that differ or need review, with counts; then every
figure.
"""

from __future__ import annotations

import html
import os
from collections import Counter
from pathlib import Path

from aifigures import config

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
CSS_FILE = config.TEMPLATES_DIR / "aifigures" / "report.css"
FINDINGS = ("differs", "conflated", "misattributed", "needs_review")
HOLDS = ("matches", "rounded", "consistent")
EXTRA_CSS = """
.check-counts span { display: inline-block; margin-right: 1.2rem; }
.verdict-needs_review { color: #8a5a00; font-weight: bold; }
table.check { font-size: 0.78rem; border-collapse: collapse; width: 100%; }
table.check td, table.check th { vertical-align: top; text-align: left; padding: 0.25em 0.5em; overflow-wrap: anywhere; unicode-bidi: isolate; }
table.check tbody tr:nth-child(odd) { background: #f6f8fa; }
table.check td:nth-child(2) { min-width: 14rem; } table.check td:nth-child(7) { min-width: 14rem; }
table.check td:nth-child(1) { min-width: 5.5rem; } table.check td:nth-child(3) { min-width: 8rem; }
table.check td:nth-child(4), table.check td:nth-child(6) { min-width: 5.5rem; overflow-wrap: break-word; }
table.check td:nth-child(5), table.check td:nth-child(8) { white-space: nowrap; }
table.check mark { background: #fff2a8; }
body { max-width: 1240px; }
.table-scroll { overflow-x: auto; }
.draft-note { background: #fff8e1; border: 1px solid #e6d38a; padding: 0.5rem 1rem; }
"""
COLUMNS = ["Where", "Quote (the figure marked)", "Entity, metric", "Value", "Verdict", "Official", "Why", "Conf."]


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _marked(quote: str, figure: str) -> str:
    """The quote, escaped, with the figure in <mark> (its first occurrence)."""
    i = quote.find(figure) if figure else -1
    if i < 0:
        return _e(quote)
    return _e(quote[:i]) + "<mark>" + _e(figure) + "</mark>" + _e(quote[i + len(figure):])


def _cells(r: dict) -> list[str]:
    metric = r["metric"] + (f" ({r['benchmark']})" if r["benchmark"] else "")
    return [f"{_e(os.path.basename(r['article']))}:{_e(r['line'])}", _marked(r["quote"], r["figure_text"]),
            f"{_e(r['entity_id'] or '?')}<br>{_e(metric or '?')}", _e(f"{r['value']} {r['unit']}".strip()),
            f'<span class="verdict-{_e(r["verdict"])}">{_e(r["verdict"].replace("_", " "))}</span>',
            _e(r["official"]), _e(r["explanation"]), _e(r["confidence"])]


def _table(rows: list[dict]) -> str:
    head = "".join(f"<th>{_e(title)}</th>" for title in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in _cells(r)) + "</tr>" for r in rows)
    return f'<div class="table-scroll"><table class="check"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def render_page(results, articles: list[str]) -> str:
    rows = [r.row() for r in results]
    counts = Counter(r["verdict"] for r in rows)
    findings = [r for r in rows if r["verdict"] in FINDINGS]
    findings.sort(key=lambda r: FINDINGS.index(r["verdict"]))
    holds = sum(counts[v] for v in HOLDS)
    summary = "".join(f'<span class="verdict-{_e(v)}">{_e(v.replace("_", " "))}: {counts[v]}</span>'
                      for v in (*FINDINGS, *HOLDS) if counts[v])
    names = ", ".join(_e(os.path.basename(a)) for a in articles)
    css = CSS_FILE.read_text(encoding="utf-8")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Draft fact-check: {names}</title>
<style type="text/css">
{css}
{EXTRA_CSS}
</style>
</head>
<body>
<div class="report-title">
<h1 id="draft-fact-check">Draft fact-check</h1>
<p>{names}: {len(rows)} figures; {holds} hold on the official figures, {len(findings)} differ or need review.</p>
</div>
<p class="draft-note">A draft by <code>python -m aifigures check</code>: each figure was linked to an entity and a metric
automatically and judged against <code>data/reference.csv</code> by the ledger's rules. Curate it before you publish
(<code>check --ledger-rows</code> prints the rows for <code>data/claims.csv</code>).</p>
<h2 id="findings">Findings</h2>
<p class="check-counts">{summary}</p>
{_table(findings) if findings else "<p>No figure differs from the official one and none needs review.</p>"}
<h2 id="all-figures">Every figure</h2>
{_table(rows)}
</body>
</html>
"""


def write_page(path: Path, results, articles: list[str]) -> None:
    """Write the page next to its destination first, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(render_page(results, articles), encoding="utf-8")
    tmp.replace(path)
