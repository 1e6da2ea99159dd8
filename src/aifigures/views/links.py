"""Links to sources, safe to put into the report's HTML.

Validation already refuses any address that is not an absolute http(s) link (data/validate.py,
`url_fault`); this checks again where the HTML is made, so a table that skipped validation
still gives no javascript: or data: link: such an address is shown as plain text."""

from __future__ import annotations

from html import escape

from aifigures.data.validate import url_fault


def is_web_link(url: object) -> bool:
    """True for an absolute http:// or https:// address with a host and no hidden characters."""
    return isinstance(url, str) and bool(url) and url_fault(url) is None


def source_link(url: object, text: object = None) -> str:
    """`<a href="url" rel="noopener noreferrer">text</a>`, both escaped, for a web link; the
    escaped text alone (the address when no text is given) for anything else.

    noopener: the source page cannot reach back into the report; noreferrer: it is not told
    where the reader came from (the report may be a local file)."""
    label = "" if text is None or text != text else str(text)  # text != text: a missing value (NaN)
    if not is_web_link(url):
        return escape(label or (url if isinstance(url, str) else ""))
    return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(label or url)}</a>'
