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
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from aifigures import config

_HEADING = re.compile(r'<h([1-3]) id="([^"]*)">(.*?)<a class="anchor-link" href="#([^"]*)">', re.S)
_MARKER = re.compile(r'<div class="notebook-start" id="([^"]+)"></div>')
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
        marker = nbformat.v4.new_markdown_cell(f'<div class="notebook-start" id="{prefix}"></div>')
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
    """Prefix heading ids by notebook, number figure captions, insert the table of contents."""
    out, toc, pos, prefix, seen = [], [], 0, "report", set()
    events = sorted([(m.start(), "marker", m) for m in _MARKER.finditer(body)] +
                    [(m.start(), "heading", m) for m in _HEADING.finditer(body)], key=lambda e: e[0])
    for start, kind, m in events:
        out.append(body[pos:start])
        if kind == "marker":
            prefix = m.group(1)
            out.append(m.group(0))
        else:
            level, old_id, inner = m.group(1), m.group(2), m.group(3)
            new_id = f"{prefix}--{old_id}" if prefix != "report" else old_id
            while new_id in seen:
                new_id += "-"
            seen.add(new_id)
            out.append(f'<h{level} id="{new_id}">{inner}<a class="anchor-link" href="#{new_id}">')
            if int(level) == 1 and prefix != "report":
                toc.append((int(level), new_id, re.sub(r"<[^>]+>", "", inner).strip()))
        pos = m.end()
    out.append(body[pos:])
    text = "".join(out)

    counter = iter(range(1, 10_000))
    text = re.sub(r'<span class="figure-label">Figure\.</span>',
                  lambda _: f'<span class="figure-label">Figure {next(counter)}.</span>', text)
    return text.replace(html.escape(TOC_PLACEHOLDER), TOC_PLACEHOLDER).replace(TOC_PLACEHOLDER, _toc_html(toc), 1)


def _toc_html(entries: list[tuple[int, str, str]]) -> str:
    """The contents (templates/aifigures/contents.html.j2): each notebook's title, linked to its
    heading. Jinja2 escapes every value; the titles come already escaped from the page itself."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup

    env = Environment(loader=FileSystemLoader(config.TEMPLATES_DIR / "aifigures"), autoescape=True, undefined=StrictUndefined)
    notebooks = [(anchor, Markup(title)) for level, anchor, title in entries if level == 1]
    return env.get_template("contents.html.j2").render(entries=notebooks)


def title_markdown(data_changed: dt.date, articles: list[tuple[str, str]], downloads: dict[str, bytes]) -> str:
    """The report's title section: what it is, which articles, when the data changed, how to
    rebuild, and the tidy data behind it as download links (data: URIs, so the file stays one file)."""
    listed = "\n".join(f"- **{html.escape(a)}** — {html.escape(t)}" for a, t in articles)
    links = " ".join(
        f'<a download="{html.escape(name)}" href="data:text/csv;charset=utf-8;base64,{base64.b64encode(data).decode()}">'
        f"{html.escape(name)}</a> ({len(data) / 1024:.0f} KB)" for name, data in downloads.items())
    return (
        "# Figures of the AI race, 2024–2025: a fact-checked ledger\n\n"
        f"Every figure that {len(articles)} articles about DeepSeek, Kimi, GLM, OpenAI and NVIDIA cite — "
        "model sizes, prices, benchmark results, speeds, usage, hardware and dates — with its verbatim quote, "
        "its value in canonical units and a verdict against the primary source, computed from written rules.\n\n"
        f"{listed}\n\n"
        f'<p class="report-downloads">Download the data: {links}</p>\n\n'
        f"*Data last changed: {data_changed.isoformat()}. To rebuild: `make report` in the project folder "
        "(data in `data/`, notebooks in `notebooks/`).*"
    )
