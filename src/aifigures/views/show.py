"""Showing tables in a notebook: escaped, readable, and the same bytes every run.

pandas' DataFrame HTML escapes its cells; a Styler does not unless told to, so
everything shown goes through `format(escape="html")`."""

from __future__ import annotations

import pandas as pd

NUMBER_FORMATS = {
    "activation_ratio": "{:.1%}",
    "relative_difference": "{:+.1%}",
    "usd_per_mtok": "${:,.3f}",
    "blended_3_to_1": "${:,.3f}",
    "input": "${:,.3f}",
    "output": "${:,.3f}",
}


_table_ids = iter(range(1, 1_000_000))


def _next_table_id() -> int:
    """Deterministic, distinct ids per notebook run (the Styler default is random)."""
    return next(_table_ids)


def _format_number(x) -> str:
    if pd.isna(x):
        return ""
    if isinstance(x, float) and abs(x) >= 1e6:
        return f"{x:,.0f}"
    if isinstance(x, float) and x.is_integer():
        return f"{x:,.0f}"
    return f"{x:,.4g}" if isinstance(x, float) else str(x)


def styled(frame: pd.DataFrame) -> "pd.io.formats.style.Styler":
    formats = {c: NUMBER_FORMATS.get(c, _format_number) for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    styler = frame.style.format(formats, na_rep="", escape="html")
    styler = styler.format(na_rep="", escape="html", subset=[c for c in frame.columns if c not in formats])
    # fixed id: the default is random per run, which would break byte-identical reports
    return styler.set_uuid(f"t{_next_table_id()}").hide(axis="index")


def table(frame: pd.DataFrame) -> None:
    from IPython.display import HTML, display

    frame = frame.reset_index() if frame.index.name or isinstance(frame.index, pd.MultiIndex) else frame
    styler = styled(frame)
    # headers that can wrap: "published_date" -> "published date"
    styler = styler.relabel_index([str(c).replace("_", " ") for c in frame.columns], axis="columns")
    # as HTML: a Styler's plain-text form names its memory address, different every run
    display(HTML(styler.to_html()))


def grouped(frame: pd.DataFrame, by: str, titles: dict[str, str] | None = None) -> None:
    """One collapsible section per group (open by default), each with its own table.

    <details> works with JavaScript off and prints open; every string is escaped."""
    from html import escape

    from IPython.display import HTML, display

    parts = []
    for key, part in frame.groupby(by, sort=True):
        label = escape(f"{key} — {titles[key]}" if titles and key in titles else str(key))
        body = styled(part.drop(columns=by)).relabel_index(
            [str(c).replace("_", " ") for c in part.columns if c != by], axis="columns").to_html()
        parts.append(f'<details class="ledger-group" open><summary>{label} <span class="count">'
                     f'({len(part)} figures)</span></summary>{body}</details>')
    display(HTML("".join(parts)))
