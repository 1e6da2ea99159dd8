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
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image

matplotlib.use("Agg")  # set before pyplot; the notebook shows the saved PNG, not the live figure
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from aifigures import config  # noqa: E402

PALETTE = {
    "article": "#c0392b",  # what an article states
    "official": "#1f4e79",  # what the primary source states
    "unverified": "#9e9e9e",
    "context": "#7f8c8d",
}
DPI = 150


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
    """Add the source line, save PNG and SVG, show the PNG with its caption, close the figure.

    `source` names the articles and primary sources the chart draws on;
    `caption` says in one sentence what the chart shows.
    """
    wrapped = _wrap(f"Source: {source}", width=150)
    lines = wrapped.count("\n") + 1
    # room under the axes for the source lines (7.5 pt, 1.35 line height), in figure fractions
    reserve = (lines * 7.5 * 1.35 / 72 + 0.12) / fig.get_size_inches()[1]
    fig.tight_layout(rect=(0, reserve, 1, 1))
    # tight_layout leaves a placeholder layout engine, which makes every savefig run one more
    # layout pass first; the layout is done, so drop it
    fig.set_layout_engine(None)
    fig.text(0.01, 0.005, wrapped, ha="left", va="bottom", fontsize=7.5, color="#555555")
    out = figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    stem = figure_stem(name)
    paths = {"png": out / f"{stem}.png", "svg": out / f"{stem}.svg"}
    # One raster drawing serves both the tight box and the PNG (cut out of the full canvas);
    # savefig(bbox_inches=...) would draw again, on a new renderer that measures every text
    # afresh. The SVG is drawn once, with the same box.
    fig.canvas.draw()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.15)
    png = _png_within(fig, box)
    paths["png"].write_bytes(png)
    fig.savefig(paths["svg"], format="svg", metadata={"Date": None, "Creator": None}, bbox_inches=box)
    plt.close(fig)
    _show(png, caption, source)
    if not config.NOTEBOOK_NAME:
        print(f"Interactive run: chart saved as {paths['png']} and .svg (figures/ holds only the build's charts)")


def _png_within(fig: plt.Figure, box) -> bytes:
    """PNG of the drawn canvas inside `box` (inches), with the figure's dpi and no metadata stamps."""
    pixels = np.asarray(fig.canvas.buffer_rgba())
    height, width = pixels.shape[:2]
    x0, y0, x1, y1 = (int(round(v * fig.dpi)) for v in box.extents)
    x0, x1 = max(0, x0), min(width, x1)
    top, bottom = max(0, height - y1), min(height, height - y0)  # image rows run top-down
    buffer = io.BytesIO()
    Image.fromarray(pixels[top:bottom, x0:x1]).save(buffer, format="png", dpi=(fig.dpi, fig.dpi))
    return buffer.getvalue()


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=width))


def _show(png: bytes, caption: str, source: str) -> None:
    """Display the saved PNG and its caption (the report numbers the captions)."""
    try:
        from IPython import get_ipython
        from IPython.display import HTML, Image, display
    except ImportError:  # plain Python: the files are written, nothing to show
        return
    if get_ipython() is None:
        return
    from html import escape

    display(Image(data=png, format="png"))
    display(HTML(f'<p class="figure-caption"><span class="figure-label">Figure.</span> {escape(caption)} '
                 f'<span class="figure-source">Source: {escape(source)}</span></p>'))
