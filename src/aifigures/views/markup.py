"""Showing tables and fragments in a notebook: escaped, linkable, readable on any screen,
and the same bytes every run.

Every string from the data is escaped here. A cell that already holds markup made by this
module (a link, a badge) is wrapped in `Html`, so nothing else is ever trusted. Tables are
written by hand rather than by pandas' Styler: each row can carry its claim id as anchor,
each cell its column name (narrow screens stack a row into labelled lines), and no random
ids or memory addresses reach the output."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from aifigures.data.tables import split_ids
from aifigures.views.links import is_web_link
from aifigures.views.verdict_style import VERDICT_LABELS, verdict_label


class Html:
    """Markup built by this module from escaped parts; shown as it is.

    Not a `str` subclass on purpose: pandas turns a column of strings into its own string
    type, which would forget the marking; a column of these stays as objects."""

    __slots__ = ("markup",)

    def __init__(self, markup: str = "") -> None:
        self.markup = str(markup)

    def __str__(self) -> str:
        return self.markup

    def __html__(self) -> str:
        """The markup as it is, for Jinja2's autoescape (the markupsafe protocol)."""
        return self.markup

    def __repr__(self) -> str:
        return f"Html({self.markup!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Html) and other.markup == self.markup

    def __hash__(self) -> int:
        return hash(self.markup)

    def __bool__(self) -> bool:
        return bool(self.markup)


_LONG_TOKEN = re.compile(r"\S{25,}")
_AFTER = re.compile(r"([/_.?&=#:,;)\]-]+)(?=\S)")


def _breakable(token: str) -> str:
    """A long token (a URL, a file name, a locator) gets break opportunities after its
    punctuation, and a run of over 16 characters with none gets one every 12: ordinary words
    (not 25 characters long) never break, and five columns of such tokens still fit the page."""
    token = _AFTER.sub(lambda m: m.group(1) + "\0", token)
    parts = []
    for piece in token.split("\0"):
        parts.append("\0".join(piece[i:i + 12] for i in range(0, len(piece), 12)) if len(piece) > 16 else piece)
    return "<wbr>".join(escape(p) for p in "\0".join(parts).split("\0"))


def text(value) -> str:
    """Escaped text of any cell; empty for missing values."""
    if isinstance(value, Html):
        return value.markup
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    value = str(value)
    if not _LONG_TOKEN.search(value):
        return escape(value)
    out, pos = [], 0
    for m in _LONG_TOKEN.finditer(value):
        out.append(escape(value[pos:m.start()]))
        out.append(_breakable(m.group(0)))
        pos = m.end()
    out.append(escape(value[pos:]))
    return "".join(out)


_IDS = re.compile(r"\b(A\d{3}-\d{2}|R\d{3})\b")


def linked_text(value) -> Html:
    """Escaped text in which every claim id (A000-05) and reference id (R105) links to its row."""
    escaped = text(value)
    return Html(_IDS.sub(lambda m: str(claim_link(m.group(1)) if m.group(1).startswith("A") else ref_link(m.group(1))), escaped))


def join(parts, sep: str = " ") -> Html:
    """The non-empty parts as escaped text, joined by `sep`."""
    return Html(escape(sep).join(text(p) for p in parts if text(p)))


def claim_link(claim_id: str) -> Html:
    """A link to the claim's row in the ledger (its anchor is the claim id)."""
    if not claim_id:
        return Html("")
    return fragment("claim_link", claim_id)


def ref_link(ref_id: str) -> Html:
    """A link to the reference row in the sources section."""
    if not ref_id:
        return Html("")
    return fragment("ref_link", ref_id)


def ref_links(ref_ids) -> Html:
    """A link to each distinct reference id of a ';'-separated list, in order."""
    return Html(" ".join(ref_link(i).markup for i in split_ids(ref_ids)))


def external_link(url: str, label: str) -> Html:
    """A link that leaves the report: only http(s), never a referrer or an opener.
    Anything else shows as plain text (validation rejects it before it gets here)."""
    if not is_web_link(url):  # validation's own rule (data/checks.py url_fault)
        return Html(text(label))
    return fragment("external_link", url, label)


def badge(verdict: str, overridden: bool = False) -> Html:
    """The verdict as a labelled badge: its words carry the meaning, the colour only repeats it."""
    if not verdict or verdict not in VERDICT_LABELS:
        return Html(text(verdict))
    return fragment("badge", verdict, verdict_label(verdict), bool(overridden))


def quote_block(quote: str, gloss: str = "", language: str = "") -> Html:
    """The article's words, and the team's English gloss under them when the article is not in English."""
    return fragment("quote_block", quote, gloss if isinstance(gloss, str) and gloss.strip() else "", language)


def render_table(frame: pd.DataFrame, row_ids: pd.Series | list | None = None, css: str = "",
                 labels: dict[str, str] | None = None, print_note: str = "") -> str:
    """An HTML table of a frame: escaped cells, header labels, optional row anchors; a
    `print_note` is a caption shown only in print (where the table itself may be folded away)."""
    labels = labels or {}
    columns = [str(c) for c in frame.columns]
    heads = [labels.get(c, c.replace("_", " ")) for c in columns]
    # each column's class and label escaped once, not once per cell (the template keeps Html as it is)
    slugs = [Html(escape(_slug(c), quote=True)) for c in columns]
    escaped_heads = [Html(escape(h, quote=True)) for h in heads]
    ids = list(row_ids) if row_ids is not None else [None] * len(frame)
    # one wrapper per cell: on narrow screens the label and the content are its two columns
    rows = [(str(anchor) if anchor else "", [(slug, label, Html(_cell(value))) for slug, label, value in zip(slugs, escaped_heads, row)])
            for anchor, row in zip(ids, frame.itertuples(index=False, name=None))]
    return fragment("data_table", css, print_note, list(zip(slugs, escaped_heads)), rows).markup


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _cell(value) -> str:
    if isinstance(value, float) and not pd.isna(value):
        return escape(f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}")
    return text(value)


def _display(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def table(frame: pd.DataFrame, row_id: str | None = None, css: str = "", labels: dict[str, str] | None = None) -> None:
    """Show a frame as a table; `row_id` names the column whose values anchor the rows (not shown).
    A frame may name its own table class in `frame.attrs["css"]` (the section tables of ledger rows
    do, so print can fold them into the ledger), and carry `frame.attrs["print_version"]`, markup
    that print shows instead of the table."""
    css = " ".join(x for x in (css, frame.attrs.get("css", "")) if x)
    frame = frame.reset_index() if frame.index.name or isinstance(frame.index, pd.MultiIndex) else frame
    ids = frame[row_id] if row_id else None
    markup = render_table(frame.drop(columns=row_id) if row_id else frame, row_ids=ids, css=css, labels=labels,
                          print_note=frame.attrs.get("print_note", ""))
    # a compact version for print (built by the package, so already escaped), shown in place of the table
    compact = frame.attrs.get("print_version")
    if compact:
        markup = fragment("screen_and_print", Html(markup), Html(str(compact))).markup
    _display(markup)


def html(markup: Html | str) -> None:
    """Show markup built by the package (never raw data: build it from `text()` parts)."""
    _display(markup.markup if isinstance(markup, Html) else str(markup))


def grouped(frame: pd.DataFrame, by: str, titles: dict[str, str] | None = None, row_id: str | None = None,
            css: str = "", labels: dict[str, str] | None = None) -> None:
    """One collapsible section per group, closed on screen, each with its own table.

    <details> works with JavaScript off; a link to a row inside opens its fold (browsers open a
    closed <details> on fragment navigation, no script needed); print shows every fold open.
    Every string is escaped."""
    parts = []
    for key, part in frame.groupby(by, sort=True):
        label = f"{key} — {titles[key]}" if titles and key in titles else str(key)
        shown = part.drop(columns=[by, row_id] if row_id else [by])
        body = render_table(shown, row_ids=part[row_id] if row_id else None, css=css, labels=labels)
        parts.append(fragment("group", label, len(part), Html(body)).markup)
    _display("".join(parts))


TEMPLATES = Path(__file__).parent / "templates"
# every template of the package, one environment: the views' fragments and cards, the report's
# contents (next to the nbconvert template it completes) and check's draft page
TEMPLATE_DIRS = (TEMPLATES, Path(__file__).parents[1] / "build" / "templates" / "aifigures",
                 Path(__file__).parents[1] / "tools" / "templates")


def render_template(name: str, **values) -> Html:
    """A template of the package rendered by Jinja2: every value is escaped unless it is
    markup the package built (Html, or markupsafe.Markup)."""
    return Html(_environment().get_template(name).render(**values))


def fragment(name: str, *args, **values) -> Html:
    """One macro of views/templates/fragments.html.j2, its values escaped the same way."""
    return Html(getattr(_fragments(), name)(*args, **values))


def _escaped(value):
    """What `{{ value }}` writes: markup the package built as it is, anything else as `text()`
    escapes it (html.escape, with break opportunities in long tokens). Returned as Markup, so
    autoescape passes it through: the report's bytes stay the ones html.escape has always written
    (markupsafe would write &#34; where the report has &quot;)."""
    if hasattr(value, "__html__"):
        return value
    return Markup(text(value))


def _attribute(value):
    """An attribute value: escaped whole, quotes included, with no break opportunities."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(str(value), quote=True))


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(TEMPLATE_DIRS), autoescape=True, undefined=StrictUndefined,
                      finalize=_escaped, keep_trailing_newline=True)
    env.filters["attribute"] = _attribute
    return env


@lru_cache(maxsize=1)
def _fragments():
    return _environment().get_template("fragments.html.j2").module
