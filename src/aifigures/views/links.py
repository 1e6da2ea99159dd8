"""Which addresses may become links in the report's HTML (markup.external_link, the ClaimReview).

Validation already refuses any address that is not an absolute http(s) link (data/checks.py,
`url_fault`); this checks again where the HTML is made, so a table that skipped validation
still gives no javascript: or data: link: such an address is shown as plain text."""

from __future__ import annotations

from aifigures.data.checks import url_fault


def is_web_link(url: object) -> bool:
    """True for an absolute http:// or https:// address with a host and no hidden characters."""
    return isinstance(url, str) and bool(url) and url_fault(url) is None
