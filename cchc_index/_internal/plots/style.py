"""The one look of every chart: font, sizes, colours, and how figures are saved.

Nothing here touches the global ``matplotlib.rcParams``: drawing runs inside
:func:`styled` (a ``matplotlib.rc_context``), and the properties that matter after the
context has closed (the font of every text, tick label sizes, spines) are set on the
artists themselves, so a chart looks the same when a notebook renders it later.

The font is DejaVu Sans, shipped with matplotlib, which has every Vietnamese letter;
:func:`missing_glyphs` checks a text against the font actually found.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.legend import Legend

from cchc_index._internal.files import atomic_write
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.text import safe_text

FONT = "DejaVu Sans"
SIZE = 9  # points: readable when the chart is pasted 16 cm wide (A4 text width)
TITLE_SIZE = 10.5
SMALL = 7.5
WIDTH = 6.3  # inches: the text width of an A4 page with 2.5 cm margins
PAGE_HEIGHT = 9.6  # inches: the tallest figure, under the 25 cm a report page leaves
SOURCE_ROOM = 0.3  # inches kept at the foot of a figure for its source line
DPI = 200  # PNG resolution: 1260 pixels across an A4 text width, enough for print
INK = "#222222"
GRID = "#D9D9D9"
MUTED = "#6E6E6E"

# Colour-blind-safe colours for classes, best class first (Paul Tol's "sunset" scheme,
# read from blue to red, with the palest middle colours left out so bars stand on white).
_SUNSET = ["#364B9A", "#4A7BB7", "#6EA6CD", "#98CAE1", "#FDB366", "#F67E4B", "#DD3D2D",
           "#A50026"]
_BY_COUNT = {
    1: ["#364B9A"],
    2: ["#364B9A", "#DD3D2D"],
    3: ["#364B9A", "#98CAE1", "#DD3D2D"],
    4: ["#364B9A", "#6EA6CD", "#FDB366", "#DD3D2D"],
    5: ["#364B9A", "#6EA6CD", "#C2E4EF", "#FDB366", "#DD3D2D"],
    6: ["#364B9A", "#4A7BB7", "#98CAE1", "#FDB366", "#F67E4B", "#A50026"],
}
UNCLASSIFIED = "#BBBBBB"
# Two contrasting colours of Paul Tol's "bright" scheme for pairs (self vs appraised,
# previous vs current year, up vs down).
PAIR = ("#EE6677", "#4477AA")
HEATMAP = "Blues"  # sequential, one hue: safe for colour blindness and grey-scale print

RC = {
    "font.family": FONT,
    "font.size": SIZE,
    "axes.titlesize": TITLE_SIZE,
    "axes.labelsize": SIZE,
    "xtick.labelsize": SIZE,
    "ytick.labelsize": SIZE,
    "legend.fontsize": SMALL + 0.5,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "text.color": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "svg.fonttype": "path",  # text as outlines: the SVG shows right without the font
    "svg.hashsalt": "cchc_index",  # the same ids in every run: identical files
    "mathtext.default": "regular",
    "axes.unicode_minus": True,
}


def class_colours(labels: Sequence[str]) -> dict[str, str]:
    """A colour per class label, best class first, plus grey for "" (no class)."""
    count = len(labels)
    if count in _BY_COUNT:
        colours = _BY_COUNT[count]
    else:
        step = (len(_SUNSET) - 1) / max(count - 1, 1)
        colours = [_SUNSET[round(i * step)] for i in range(count)]
    mapping = dict(zip(labels, colours, strict=True))
    mapping[""] = UNCLASSIFIED
    return mapping


@contextmanager
def styled() -> Iterator[None]:
    """Draw (and save) inside this context; the global rcParams are left as they were."""
    with matplotlib.rc_context(RC):
        yield


def new_axes(height: float, width: float = WIDTH) -> Axes:
    """A figure of ``width`` × ``height`` inches (at most :data:`PAGE_HEIGHT`) with one
    Axes, laid out automatically, with room at its foot for :func:`source_line`."""
    import matplotlib.pyplot as plt

    # The figure outside the style context: pyplot sets its backend up on the first figure
    # (in a notebook, the inline display), and that must outlive the context.
    height = min(height + SOURCE_ROOM, PAGE_HEIGHT)
    figure = plt.figure(figsize=(width, height), layout="constrained", facecolor="white")
    figure.get_layout_engine().set(rect=(0, SOURCE_ROOM / height, 1, 1 - SOURCE_ROOM / height))
    figure._cchc_owned = True  # drawn by a chart function: its figure-level texts are ours
    with styled():
        return figure.add_subplot()


def owns_figure(ax: Axes) -> bool:
    """True when ``ax`` is on a figure :func:`new_axes` made (not an analyst's own)."""
    return bool(getattr(ax.figure, "_cchc_owned", False))




def source_text(methodology, year: str, lang: str = "vi") -> str:
    """"Nguồn: <methodology>, năm <year>" (without the year when there is none)."""
    line = catalogue_text("plot", "source", lang, name=methodology.name, year=year)
    return line if year else line.rsplit(",", 1)[0]


def source_line(ax: Axes, text: str, below: float | None = None) -> None:
    """The source line at the foot of the chart: at the figure's foot when the chart made
    its figure, else above the top right corner of ``ax`` (the title is on the left), or
    ``below`` points under its bottom left corner (when its top holds tick labels): an
    analyst's figure gets no figure-level text."""
    props = text_props(SMALL - 0.5, color=MUTED, gid="source")
    if owns_figure(ax):
        ax.figure.text(0.01, 0.08 / ax.figure.get_figheight(), text, ha="left", va="bottom",
                       **props)
    elif below is not None:
        ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, -below),
                    textcoords="offset points", ha="left", va="top",
                    annotation_clip=False, **props)
    else:
        ax.annotate(text, xy=(1, 1), xycoords="axes fraction", xytext=(0, 2),
                    textcoords="offset points", ha="right", va="bottom",
                    annotation_clip=False, **props)


def finish(ax: Axes, title: str = "", xlabel: str = "", ylabel: str = "",
           grid_axis: str | None = "x") -> Axes:
    """Apply the house style to an Axes, whoever created it."""
    if title:
        ax.set_title(title, loc="left", fontfamily=FONT, fontsize=TITLE_SIZE,
                     fontweight="bold", color=INK, pad=8, wrap=True)
    if xlabel:
        ax.set_xlabel(xlabel, fontfamily=FONT, fontsize=SIZE, color=INK)
    if ylabel:
        ax.set_ylabel(ylabel, fontfamily=FONT, fontsize=SIZE, color=INK)
    ax.tick_params(labelfontfamily=FONT, labelsize=SIZE, colors=INK, length=3)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
    if grid_axis:
        ax.grid(axis=grid_axis, color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
    return ax


def text_props(size: float = SIZE, **extra: object) -> dict[str, object]:
    """Keyword arguments for ``ax.text`` / ``annotate`` in the house font."""
    return {"fontfamily": FONT, "fontsize": size, "color": INK, **extra}


def legend_props(size: float = SMALL + 0.5) -> FontProperties:
    return FontProperties(family=FONT, size=size)


def legend_below(ax: Axes, handles: Sequence | None = None, most: int = 5,
                 clearance: float = 3.9) -> Legend:
    """A legend centred under the chart, below the x-axis label, in as many columns as
    fit the figure's width. ``clearance`` is the gap from the axes, in font sizes."""
    from matplotlib.transforms import blended_transform_factory

    figure = ax.figure
    handles = list(handles) if handles is not None else ax.get_legend_handles_labels()[0]
    if owns_figure(ax):  # centred on the page
        anchor = blended_transform_factory(figure.transFigure, ax.transAxes)
        room = figure.bbox.width * 0.96
    else:  # on an analyst's figure: under her Axes, never across the figure
        anchor = ax.transAxes
        room = ax.bbox.width * 1.2
    renderer = figure.canvas.get_renderer()
    for columns in range(min(most, len(handles)), 0, -1):
        legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0),
                           bbox_transform=anchor, ncol=columns, frameon=False,
                           prop=legend_props(), borderaxespad=clearance, handlelength=1.4,
                           columnspacing=1.4)
        if legend.get_window_extent(renderer).width <= room:
            break
    return legend


@lru_cache(maxsize=1)
def _font_charmap() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    path = findfont(FontProperties(family=FONT), fallback_to_default=False)
    return frozenset(FT2Font(path).get_charmap())


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` the chart font cannot draw (empty when all are there)."""
    charmap = _font_charmap()
    return {ch for ch in text if not ch.isspace() and ord(ch) not in charmap}


def figure_texts(figure: Figure, draw: bool = True) -> list[str]:
    """Every piece of text on a figure (titles, labels, ticks, legends, notes); with
    ``draw``, the figure is drawn first so tick labels made by formatters are there too."""
    from matplotlib.text import Text

    if draw:
        figure.canvas.draw()
    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def clean_texts(figure: Figure) -> None:
    """Remove control characters from every text of ``figure``
    (:func:`cchc_index._internal.text.safe_text`: an SVG's XML refuses them, a PNG shows boxes):
    titles, labels, legends, notes, and the tick labels its axes will draw."""
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter

    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(formatter, FixedFormatter):
                    formatter.seq = [safe_text(t) if isinstance(t, str) else t
                                     for t in formatter.seq]
    for text in figure.findobj(Text):
        shown = text.get_text()
        if isinstance(shown, str) and safe_text(shown) != shown:
            text.set_text(safe_text(shown))


def save(figure: Figure, stem: Path, formats: Sequence[str] = ("png", "svg")) -> list[Path]:
    """Save ``stem.png`` (at :data:`DPI`) and ``stem.svg``; returns the paths written.

    Each file is drawn into a temporary file beside it and renamed into place
    (:func:`~cchc_index._internal.files.atomic_write`), so an interrupted run never leaves half
    a chart.
    """
    clean_texts(figure)
    written = []
    with styled():
        for suffix in formats:
            metadata = {"Date": None} if suffix == "svg" else None

            def draw(path: Path, kind: str = suffix, extra: dict | None = metadata) -> None:
                figure.savefig(path, format=kind, dpi=DPI, facecolor="white", metadata=extra)

            written.append(atomic_write(stem.with_suffix(f".{suffix}"), draw))
    return written
