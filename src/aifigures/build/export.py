"""Merge the executed notebooks into one offline HTML report.

nbconvert's HTMLExporter renders the merged notebook with code hidden, using a
template that extends `lab` without its CDN scripts. Cell ids and heading ids are
prefixed per notebook (merging would otherwise collide them), figure captions are
numbered in order, and a table of contents is built from the headings.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup, Tag
from nbconvert import HTMLExporter

from aifigures import config
from aifigures.views.markup import fragment, render_template

TOC_PLACEHOLDER = "<!-- aifigures:toc -->"


def merge_notebooks(paths: list[Path], title_markdown: str) -> nbformat.NotebookNode:
    """One notebook: a title cell, then each notebook's cells, ids prefixed by notebook."""
    merged = nbformat.v4.new_notebook()
    merged.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                       "language_info": {"name": "python"}}
    title = nbformat.v4.new_markdown_cell(title_markdown + "\n\n" + TOC_PLACEHOLDER)
    title.id = "report-title"
    merged.cells.append(title)
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        prefix = path.stem
        marker = nbformat.v4.new_markdown_cell(fragment("notebook_start", prefix).markup)
        marker.id = f"{prefix}--start"
        merged.cells.append(marker)
        for i, cell in enumerate(nb.cells):
            cell.id = f"{prefix}--{cell.get('id') or i}"
            merged.cells.append(cell)
    return merged


def new_exporter() -> HTMLExporter:
    """nbconvert's HTML exporter on the aifigures template."""
    return HTMLExporter(
        template_name="aifigures",
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def warmed_exporter() -> HTMLExporter:
    """An exporter that has already exported once: a first export costs about a second more
    than the next, so the build makes one while the notebooks execute. One small notebook
    through the whole path compiles what a first export compiles: the templates it includes,
    the CSS selectors nbconvert's clean-up uses, the notebook schema."""
    exporter = new_exporter()
    warmup = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Warm-up"),
        nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data={"text/html": "<p>table</p>"})]),
    ])
    nbformat.validate(warmup)
    exporter.from_notebook_node(warmup)
    return exporter


def render_html(nb: nbformat.NotebookNode, page_title: str, exporter: HTMLExporter | None = None) -> str:
    """The merged notebook as the report's HTML page: exported, then finished (heading ids, captions, contents)."""
    exporter = exporter or new_exporter()
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page_title}})
    return finish_html(body)


def finish_html(body: str) -> str:
    """Prefix heading ids by notebook, number figure captions, insert the table of contents.

    BeautifulSoup finds the elements; the page is not re-serialised from its tree (that would
    decode and re-encode every entity of nbconvert's output), only the few bytes that change
    are replaced where the parser says each element starts."""
    edits, toc, prefix, seen, figures = [], [], "report", set(), 0
    where = _Offsets(body)
    for tag in BeautifulSoup(body, "html.parser").find_all(_edited):
        if tag.name == "div":  # the start of a notebook: its headings take its name
            prefix = tag["id"]
        elif tag.name == "span":
            figures += 1
            start = where.after_start_tag(tag)
            edits.append((start, start + len(FIGURE_LABEL), f"Figure {figures}."))
        else:
            anchor = tag.find("a", class_="anchor-link")
            new_id = f"{prefix}--{tag['id']}" if prefix != "report" else tag["id"]
            while new_id in seen:
                new_id += "-"
            seen.add(new_id)
            edits.append((*where.start_tag(tag), fragment("heading_start", tag.name, new_id).markup))
            edits.append((*where.start_tag(anchor), fragment("anchor_link_start", new_id).markup))
            if tag.name == "h1" and prefix != "report":
                title = "".join(s for s in tag.find_all(string=True) if not any(p is anchor for p in s.parents)).strip()
                toc.append((new_id, title))
    out, pos = [], 0
    for start, end, text in edits:
        out += [body[pos:start], text]
        pos = end
    out.append(body[pos:])
    text = "".join(out)
    return text.replace(html.escape(TOC_PLACEHOLDER), TOC_PLACEHOLDER).replace(TOC_PLACEHOLDER, _toc_html(toc), 1)


FIGURE_LABEL = "Figure."  # views/chart_export.py writes each caption's label so; the report numbers them


def _edited(tag: Tag) -> bool:
    """The elements finish_html changes or follows: notebook starts, nbconvert's headings
    (h1-h3 with only an id, holding an anchor link) and unnumbered figure labels."""
    if tag.name == "div":
        return tag.get("class") == ["notebook-start"] and bool(tag.get("id"))
    if tag.name == "span":
        return tag.get("class") == ["figure-label"] and tag.string == FIGURE_LABEL
    if tag.name in ("h1", "h2", "h3"):
        return list(tag.attrs) == ["id"] and tag.find("a", class_="anchor-link") is not None
    return False


class _Offsets:
    """Where in the page an element's start tag is, from the line and column html.parser gives."""

    def __init__(self, body: str):
        self.body = body
        self.lines = [0]  # html.parser counts lines by "\n" alone
        pos = body.find("\n")
        while pos >= 0:
            self.lines.append(pos + 1)
            pos = body.find("\n", pos + 1)

    def start_tag(self, tag: Tag) -> tuple[int, int]:
        """The start and end of the tag's start tag. Its attribute values hold no ">" (heading ids
        are URL-quoted by nbconvert; the classes are fixed), so the first one ends it."""
        start = self.lines[tag.sourceline - 1] + tag.sourcepos
        if self.body[start:start + len(tag.name) + 1] != f"<{tag.name}":
            raise ValueError(f"finish_html: <{tag.name}> is not where the parser placed it (line {tag.sourceline})")
        return start, self.body.index(">", start) + 1

    def after_start_tag(self, tag: Tag) -> int:
        """Where the tag's content starts, checked to be its text as written."""
        end = self.start_tag(tag)[1]
        if not self.body.startswith(tag.string, end):
            raise ValueError(f"finish_html: the text of <{tag.name}> on line {tag.sourceline} is not written as is")
        return end


def _toc_html(entries: list[tuple[str, str]]) -> str:
    """The contents (templates/aifigures/contents.html.j2): each notebook's title, linked to its
    heading. Jinja2 escapes every value (the package's one environment, views/markup.py)."""
    return render_template("contents.html.j2", entries=entries).markup


def title_markdown(data_changed: dt.date, articles: list[tuple[str, str]], downloads: dict[str, bytes]) -> str:
    """The report's title section: what it is, which articles, when the data changed, how to
    rebuild, and the tidy data behind it as download links (data: URIs, so the file stays one file)."""
    listed = "\n".join(f"- **{html.escape(a)}** — {html.escape(t)}" for a, t in articles)
    links = fragment("downloads", [(name, f"data:text/csv;charset=utf-8;base64,{base64.b64encode(data).decode()}",
                                    f"{len(data) / 1024:.0f}") for name, data in downloads.items()])
    return (
        "# Figures of the AI race, 2024–2025: a fact-checked ledger\n\n"
        f"Every figure that {len(articles)} articles about DeepSeek, Kimi, GLM, OpenAI and NVIDIA cite — "
        "model sizes, prices, benchmark results, speeds, usage, hardware and dates — with its verbatim quote, "
        "its value in canonical units and a verdict against the primary source, computed from written rules.\n\n"
        f"{listed}\n\n"
        f"{links}\n\n"
        f"*Data last changed: {data_changed.isoformat()}. To rebuild: `make report` in the project folder "
        "(data in `data/`, notebooks in `notebooks/`).*"
    )
