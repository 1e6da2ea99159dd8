"""Reading check's rows and the extractor's mentions of a short text."""

from __future__ import annotations

from aifigures.tools.check import Checker
from aifigures.tools.extract import find_mentions


def rows(checker: Checker, text: str, date: str = "") -> dict:
    """The rows of a text by figure: the figure as written, and its number alone ('$0.15' for
    '$0.15 per million input tokens')."""
    out = {}
    for r in checker.check(text, "t.txt", date=date):
        if not r.hidden:
            out[r.link.mention.text] = r
            out.setdefault(r.link.mention.text.split(" per ")[0], r)
    return out


def mention(text: str, figure: str):
    """The extractor's mention of `figure` in `text`."""
    found = [m for m in find_mentions(text) if m.text == figure]
    assert found, [m.text for m in find_mentions(text)]
    return found[0]
