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
import sys
import textwrap
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from PIL import Image

matplotlib.use("Agg")  # set before pyplot; the notebook shows the saved PNG, not the live figure
import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from aifigures import config  # noqa: E402

if TYPE_CHECKING:
    from aifigures.views.markup import Html

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
# The phone variant of each chart: drawn this wide and with no text under NARROW_MIN_PT, it is
# shown about 364 px wide on a 390 px phone, where 8 pt at 150 dpi renders at about 9.6 px.
NARROW_WIDTH = 4.2  # inches
NARROW_MIN_PT = 8.0
PHONE_MEDIA = "screen and (max-width: 900px)"  # narrower screens show the narrow variant; print keeps the wide one
SMALLEST_TEXT_PX = 9  # the browser check holds every chart to this at each width it tries

_narrow = False


@contextmanager
def narrow():
    """Draw the charts inside this block as their phone variants (see width and chars)."""
    global _narrow
    _narrow, before = True, _narrow
    try:
        yield
    finally:
        _narrow = before


def is_narrow() -> bool:
    """Whether the chart being drawn is the phone variant."""
    return _narrow


def width(wide: float) -> float:
    """A chart's width in inches: its own on a wide screen, NARROW_WIDTH for the phone variant."""
    return NARROW_WIDTH if _narrow else wide


def chars(wide: int) -> int:
    """A label's wrap width in characters, scaled down for the phone variant."""
    return max(16, round(wide * 0.55)) if _narrow else wide


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


def save_figure(chart: plt.Figure | Callable[..., plt.Figure], *data, name: str, source: str, caption: str) -> None:
    """Save a chart as PNG and SVG, show it with its caption and source links, close it.

    `chart` is a chart function of aifigures.views.charts, called with `data`: it is drawn
    twice, at its own width and as the phone variant (figures/phone/), and the page picks one
    by screen width. A Figure already drawn is saved as it is, with no phone variant.
    `source` names the articles and primary sources the chart draws on; it is written inside
    both images, under the chart, so a chart shared alone still says where it comes from.
    `caption` says in one sentence what the chart shows; it is also the image's alt text.
    """
    fig = chart if isinstance(chart, plt.Figure) else chart(*data)
    wide = _save(fig, figure_stem(name), source, caption)
    phone = None
    if not isinstance(chart, plt.Figure):
        with narrow():
            phone = _save(chart(*data), f"phone/{figure_stem(name)}", source, caption)
    _show(wide, phone, caption, source)
    if not config.NOTEBOOK_NAME:
        print(f"Interactive run: chart saved as {figures_dir() / figure_stem(name)}.png and .svg "
              "(figures/ holds only the build's charts)")


def _save(fig: plt.Figure, stem: str, source: str, caption: str) -> SavedChart:
    """Lay out, add the source footer, write PNG and SVG under figures_dir(), close the figure."""
    if _narrow:
        _fit_text_to_phone(fig)
    fig.tight_layout()
    if _narrow:
        _rewrap_overflowing_titles(fig)
    # tight_layout leaves a placeholder layout engine, which makes every savefig run one more
    # layout pass first; the layout is done, so drop it
    fig.set_layout_engine(None)
    if _narrow:
        _legends_below(fig)
    _add_source_footer(fig, source)
    smallest = min((t.get_fontsize() for t in _texts(fig)), default=SOURCE_FONT_SIZE)
    fig.canvas.draw()
    cut = _cut_off(fig)
    if cut:  # a label cut off names nothing: say so where the build's output checks will see it
        print(f"chart {stem}: text runs off the image and is cut: " + "; ".join(repr(t[:60]) for t in cut),
              file=sys.stderr)
    out = figures_dir()
    paths = {"png": out / f"{stem}.png", "svg": out / f"{stem}.svg"}
    paths["png"].parent.mkdir(parents=True, exist_ok=True)
    # One raster drawing serves both the tight box and the PNG (cut out of the full canvas);
    # savefig(bbox_inches=...) would draw again, on a new renderer that measures every text
    # afresh. The SVG is drawn once, with the same box.
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.15)
    png = _png_within(fig, box, {"Title": caption, "Source": f"Source: {source}"})
    paths["png"].write_bytes(png)
    fig.savefig(paths["svg"], format="svg", bbox_inches=box,
                metadata={"Date": None, "Creator": None, "Title": caption, "Source": f"Source: {source}"})
    plt.close(fig)
    return SavedChart(png, smallest)


@dataclass(frozen=True)
class SavedChart:
    """A chart's PNG bytes and the size of its smallest text in points (for the page's check)."""

    png: bytes
    smallest_pt: float


def _texts(fig: plt.Figure):
    """Every text the figure draws (titles, labels, tick labels, annotations, legend entries)."""
    from matplotlib.text import Text

    hidden = set()  # tick labels outside the axis range are kept by matplotlib but not drawn
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                loc = tick.get_loc()
                if loc is None or not low - 1e-9 * abs(high - low) <= loc <= high + 1e-9 * abs(high - low):
                    hidden.update({id(tick.label1), id(tick.label2)})
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]


def _fit_text_to_phone(fig: plt.Figure) -> None:
    """The phone variant: no text under NARROW_MIN_PT; a single chart's title moves to the
    figure's left edge (the axes start well inside it), and titles and axis labels wrap."""
    figure_width = fig.get_size_inches()[0]

    def wrap(t, share: float) -> None:
        per_line = max(12, int(share * (figure_width - 0.3) * 72 / (t.get_fontsize() * 0.6)))
        t.set_text(textwrap.fill(" ".join(t.get_text().split()), per_line))

    for t in _texts(fig):
        if t.get_fontsize() < NARROW_MIN_PT:
            t.set_fontsize(NARROW_MIN_PT)
    if len(fig.axes) == 1 and fig._suptitle is None and fig.axes[0].get_title(loc="left"):
        ax = fig.axes[0]
        fig.suptitle(ax.get_title(loc="left"), x=0.01, ha="left", fontweight="bold",
                     fontsize=ax._left_title.get_fontsize())
        ax.set_title("", loc="left")
    for t in fig.texts:
        wrap(t, 1.0)
    for ax in fig.axes:
        for t in (ax._left_title, ax.title, ax._right_title, ax.xaxis.label):
            if t.get_text().strip():
                wrap(t, 0.6)

def _rewrap_overflowing_titles(fig: plt.Figure) -> None:
    """Axes titles and labels start at the axes, well inside a narrow figure: where one still
    runs past the right edge, wrap it to the room it has and lay out again."""
    for _ in range(3):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        right = fig.canvas.get_width_height()[0] - 4
        changed = False
        for ax in fig.axes:
            for t in (ax._left_title, ax.title, ax._right_title, ax.xaxis.label):
                box = t.get_window_extent(renderer)
                if t.get_text().strip() and box.x1 > right and box.width > 0:
                    longest = max(len(line) for line in t.get_text().split("\n"))
                    room = (right - max(box.x0, 0)) / box.width
                    t.set_text(textwrap.fill(" ".join(t.get_text().split()), max(12, int(longest * room) - 1)))
                    changed = True
        if not changed:
            return
        fig.tight_layout()


def _cut_off(fig: plt.Figure) -> list[str]:
    """The texts that reach beyond the canvas (the saved image is cut out of it)."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    cut = []
    for t in _texts(fig):
        box = t.get_window_extent(renderer)
        if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
            cut.append(" ".join(t.get_text().split()))
    return cut


def _legends_below(fig: plt.Figure) -> None:
    """The phone variant has no room beside or inside the plot: every legend becomes one
    column under the axes, and the figure grows by its height."""
    entries = []
    per_line = int((fig.get_size_inches()[0] - 0.6) * 72 / (NARROW_MIN_PT * 0.6))
    for legend in [ax.get_legend() for ax in fig.axes] + list(fig.legends):
        if legend is None:
            continue
        entries += [(h, textwrap.fill(t.get_text(), per_line)) for h, t in zip(legend.legend_handles, legend.get_texts())]
        legend.remove()
    if not entries:
        return
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    _, height = fig.get_size_inches()
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes] + [t.get_window_extent(renderer) for t in _texts_of(fig)]
    bottom = min(box.y0 for box in boxes) / fig.dpi  # inches from the bottom
    lines = sum(text.count("\n") + 1 for _, text in entries)
    needed = (lines * 1.25 + len(entries) * 0.5) * NARROW_MIN_PT / 72 + 0.15
    grow = max(0.0, needed - bottom)
    _grow_bottom(fig, grow)
    top = (bottom + grow - 0.05) / (height + grow)
    fig.legend([h for h, _ in entries], [t for _, t in entries], loc="upper left", bbox_to_anchor=(0.0, top),
               bbox_transform=fig.transFigure, ncol=1, frameon=False, fontsize=NARROW_MIN_PT)


def _texts_of(fig: plt.Figure) -> list:
    """The figure's own texts (suptitle, supxlabel), not those of its axes."""
    return [t for t in fig.texts if t.get_text().strip()]


def _grow_bottom(fig: plt.Figure, inches: float) -> None:
    """Add `inches` at the bottom of the figure; everything already drawn moves up by it."""
    width, height = fig.get_size_inches()
    grown = height + inches
    for ax in fig.axes:
        box = ax.get_position()
        ax.set_position([box.x0, (box.y0 * height + inches) / grown, box.width, box.height * height / grown])
    # suptitle and supxlabel are among fig.texts; each text moves once
    for artist in fig.texts:
        x, y = artist.get_position()
        artist.set_position((x, (y * height + inches) / grown))
    for legend in fig.legends:  # figure legends anchored in figure coordinates
        anchor = legend.get_bbox_to_anchor().transformed(fig.transFigure.inverted())
        legend.set_bbox_to_anchor((anchor.x0, (anchor.y0 * height + inches) / grown, anchor.width,
                                   anchor.height * height / grown), transform=fig.transFigure)
    fig.set_size_inches(width, grown)


def _add_source_footer(fig: plt.Figure, source: str) -> None:
    """The source line inside the image, under the chart (as OWID's charts carry it), so a PNG
    or SVG sent on alone still says where its figures come from. The figure grows by the
    footer's height and everything already drawn moves up by it, so nothing overlaps."""
    width, height = fig.get_size_inches()
    size = max(SOURCE_FONT_SIZE, NARROW_MIN_PT) if _narrow else SOURCE_FONT_SIZE
    lines = textwrap.wrap(f"Source: {source}", int((width - 0.2) * 72 / (size * 0.62)))
    footer = len(lines) * size * 1.35 / 72 + 0.12  # inches
    _grow_bottom(fig, footer)
    grown = height + footer
    fig.text(0.01, (footer - 0.06) / grown, "\n".join(lines), ha="left", va="top", fontsize=size,
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


def _show(png: SavedChart, phone: SavedChart | None, caption: str, source: str) -> None:
    """Display the saved PNG as a figure: the caption is its alt text and its caption (the
    report numbers the captions), the source links follow. With a phone variant, a <picture>
    picks it below PHONE_MEDIA (CSS media, no script); each image says its smallest text size
    so the browser check can measure what a reader sees."""
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:  # plain Python: the files are written, nothing to show
        return
    if get_ipython() is None:
        return
    import base64

    from aifigures.views.markup import fragment

    def data_uri(image: bytes) -> str:
        return f"data:image/png;base64,{base64.b64encode(image).decode()}"

    display(HTML(fragment("chart", caption, data_uri(png.png), f"{png.smallest_pt:g}", PHONE_MEDIA,
                          data_uri(phone.png) if phone else "", f"{phone.smallest_pt:g}" if phone else "",
                          _source_links(source)).markup))


LINKED_ROWS = 24  # under a chart, at most this many row links; the sources section has all


def _source_links(source: str) -> Html:
    """Under a chart in the page: the rows its figures come from, as links to the sources section
    (the image itself carries the source sentence, so it is not printed twice)."""
    from aifigures.views.markup import fragment, ref_links

    ids = list(getattr(source, "ref_ids", ()))
    links = ref_links(";".join(ids[:LINKED_ROWS]))
    more = f" and {len(ids) - LINKED_ROWS} more in the sources section" if len(ids) > LINKED_ROWS else ""
    return fragment("chart_sources", source, links, more)
