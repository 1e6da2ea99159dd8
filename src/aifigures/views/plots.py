"""Chart style and deterministic figure saving.

Every chart is saved as PNG and SVG with no date, software or creator stamps and a
fixed SVG hash salt, so two builds give the same bytes.
The notebook shows the saved PNG itself, so the report embeds exactly that file.
Run by the build, charts go to config.FIGURES_DIR (a staging folder the build promotes);
run anywhere else, to config.INTERACTIVE_FIGURES_DIR, and the output says so.
"""

from __future__ import annotations

import io
import re
import textwrap
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image

matplotlib.use("Agg")  # set before pyplot; the notebook shows the saved PNG, not the live figure
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from aifigures import config  # noqa: E402

# Charts that are not about verdicts draw in greys and black, so that a colour always means a
# verdict (views/verdict_style.py): black marks what an article states, greys what the source states.
PALETTE = {
    "article": "#000000",  # what an article states
    "official": "#6b6b6b",  # what the primary source states
    "official_light": "#bdbdbd",  # its second series (active parameters, input prices)
    "official_mid": "#969696",  # a third (the 3:1 blend)
    "unverified": "#d9d9d9",
    "context": "#8c8c8c",
}
DPI = 150
SOURCE_FONT_SIZE = 7.5  # points: the source line inside each image


def setup() -> None:
    """One style for every chart; fixed hash salt for byte-identical SVG."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans")
    matplotlib.rcParams.update({
        "svg.hashsalt": "aifigures",
        "text.parse_math": False,  # a "$" in data is a dollar sign, never TeX
        "svg.fonttype": "path",
        "figure.dpi": DPI,
        "savefig.dpi": DPI,
        "axes.titleweight": "bold",
        "axes.titlesize": 13,
        "axes.titlelocation": "left",
        "font.family": ["DejaVu Sans"],
    })


def figure_stem(name: str) -> str:
    """File stem of a chart: prefixed with the notebook's name when run by the build."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    prefix = config.NOTEBOOK_NAME or "interactive"
    return f"{prefix}--{slug}"


def figures_dir() -> Path:
    """Where charts are saved: the build names the notebook it runs; any other run is interactive."""
    return Path(config.FIGURES_DIR) if config.NOTEBOOK_NAME else Path(config.INTERACTIVE_FIGURES_DIR)


def save_figure(fig: plt.Figure, name: str, source: str, caption: str) -> None:
    """Save PNG and SVG, show the PNG with its caption and source line, close the figure.

    `source` names the articles and primary sources the chart draws on; it is shown once,
    under the chart in the page (readable and selectable at any width), and carried inside
    both files as metadata, so a chart shared alone still says where it comes from.
    `caption` says in one sentence what the chart shows; it is also the image's alt text.
    """
    fig.tight_layout()
    # tight_layout leaves a placeholder layout engine, which makes every savefig run one more
    # layout pass first; the layout is done, so drop it
    fig.set_layout_engine(None)
    _add_source_footer(fig, source)
    out = figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    stem = figure_stem(name)
    paths = {"png": out / f"{stem}.png", "svg": out / f"{stem}.svg"}
    # One raster drawing serves both the tight box and the PNG (cut out of the full canvas);
    # savefig(bbox_inches=...) would draw again, on a new renderer that measures every text
    # afresh. The SVG is drawn once, with the same box.
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.15)
    png = _png_within(fig, box, {"Title": caption, "Source": f"Source: {source}"})
    paths["png"].write_bytes(png)
    fig.savefig(paths["svg"], format="svg", bbox_inches=box,
                metadata={"Date": None, "Creator": None, "Title": caption, "Source": f"Source: {source}"})
    plt.close(fig)
    _show(png, caption, source)
    if not config.NOTEBOOK_NAME:
        print(f"Interactive run: chart saved as {paths['png']} and .svg (figures/ holds only the build's charts)")


def _add_source_footer(fig: plt.Figure, source: str) -> None:
    """The source line inside the image, under the chart (as OWID's charts carry it), so a PNG
    or SVG sent on alone still says where its figures come from. The figure grows by the
    footer's height and everything already drawn moves up by it, so nothing overlaps."""
    width, height = fig.get_size_inches()
    lines = textwrap.wrap(f"Source: {source}", int((width - 0.2) * 72 / (SOURCE_FONT_SIZE * 0.62)))
    footer = len(lines) * SOURCE_FONT_SIZE * 1.35 / 72 + 0.12  # inches
    grown = height + footer
    for ax in fig.axes:
        box = ax.get_position()
        ax.set_position([box.x0, (box.y0 * height + footer) / grown, box.width, box.height * height / grown])
    # suptitle and supxlabel are among fig.texts; each text moves once
    for artist in fig.texts:
        x, y = artist.get_position()
        artist.set_position((x, (y * height + footer) / grown))
    for legend in fig.legends:  # figure legends anchored in figure coordinates
        anchor = legend.get_bbox_to_anchor().transformed(fig.transFigure.inverted())
        legend.set_bbox_to_anchor((anchor.x0, (anchor.y0 * height + footer) / grown, anchor.width,
                                   anchor.height * height / grown), transform=fig.transFigure)
    fig.set_size_inches(width, grown)
    fig.text(0.01, (footer - 0.06) / grown, "\n".join(lines), ha="left", va="top", fontsize=SOURCE_FONT_SIZE,
             color="#555555")


def _png_within(fig: plt.Figure, box, text: dict[str, str]) -> bytes:
    """PNG of the drawn canvas inside `box` (inches), with the figure's dpi, the given text
    chunks and no date or software stamps."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    pixels = np.asarray(fig.canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    x0, y0, x1, y1 = (int(round(v * fig.dpi)) for v in box.extents)
    x0, x1 = max(0, x0), min(width, x1)
    top, bottom = max(0, height - y1), min(height, height - y0)  # image rows run top-down
    buffer = io.BytesIO()
    Image.fromarray(pixels[top:bottom, x0:x1]).save(buffer, format="png", dpi=(fig.dpi, fig.dpi), pnginfo=info)
    return buffer.getvalue()


def _show(png: bytes, caption: str, source: str) -> None:
    """Display the saved PNG as a figure: the caption is its alt text and its caption (the
    report numbers the captions), the source line follows once."""
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # plain Python: the files are written, nothing to show
        return
    if get_ipython() is None:
        return
    import base64
    from html import escape

    from aifigures.views.show import text

    display(HTML(f'<figure class="chart"><img alt="{escape(caption, quote=True)}" '
                 f'src="data:image/png;base64,{base64.b64encode(png).decode()}">'
                 f'<figcaption class="figure-caption"><span class="figure-label">Figure.</span> {text(caption)} '
                 f'{_source_links(source)}</figcaption></figure>'))


LINKED_ROWS = 24  # under a chart, at most this many row links; the sources section has all


def _source_links(source: str) -> str:
    """Under a chart in the page: the rows its figures come from, as links to the sources section
    (the image itself carries the source sentence, so it is not printed twice)."""
    from aifigures.views.show import ref_link, text

    ids = list(getattr(source, "ref_ids", ()))
    if not ids:
        return f'<span class="figure-source">Source: {text(source)}</span>'
    links = " ".join(str(ref_link(i)) for i in ids[:LINKED_ROWS])
    more = f" and {len(ids) - LINKED_ROWS} more in the sources section" if len(ids) > LINKED_ROWS else ""
    return f'<span class="figure-source">Sources (the image names them): {links}{more}</span>'
