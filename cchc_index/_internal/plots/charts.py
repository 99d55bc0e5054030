"""Charts of one year's results: the ranking, the classes, and the fields of every unit.

Each function takes a :class:`~cchc_index._internal.pipeline.RunResult` (and ``ax=None``), draws on
``ax`` or on a new figure sized for an A4 page, and returns the Axes; none calls
``plt.show()``. Numbers are written the Vietnamese way (91,58) unless ``lang="en"``.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.messages import number_text
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.methodology.model import Rounding
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.plots import style
from cchc_index._internal.report import tables
from cchc_index._internal.report.tables import results_year
from cchc_index._internal.report.text import report_text

BAR_HEIGHT = 0.22  # inches per bar row
HEATMAP_ROW = 0.25  # inches per unit row
BAR_FRAME = 1.5  # inches of a bar chart that are not rows: title, axis, legend
MAX_ROWS = 200  # units drawn on an analyst's own Axes, one row each: beyond, unreadable



def page_word(key: str, lang: str, **values: object) -> str:
    return catalogue_text("plot", key, lang, **values)


def page_rows(row_height: float, frame: float) -> int:
    """How many rows of ``row_height`` inches a figure of at most a page holds beside
    ``frame`` inches of title, axes and notes."""
    room = style.PAGE_HEIGHT - style.SOURCE_ROOM - frame
    return max(1, math.floor(room / row_height))


def check_rows(count: int, ax: Axes | None = None, most: int | None = None) -> None:
    """Refuse (R006) to list more units on one chart than its page can carry: ``most``
    rows on a figure of our own (then draw it page by page), :data:`MAX_ROWS` on an
    analyst's ``ax``."""
    limit = MAX_ROWS if ax is not None or most is None else min(most, MAX_ROWS)
    if count > limit:
        raise UsageError([Problem("R006", "warning", found=str(count),
                                  expected=str(limit))])


def chunks(count: int, most: int) -> list[slice]:
    """``count`` rows cut into the fewest pages of at most ``most`` rows, as even as can
    be (160 rows, 38 a page: 5 pages of 32)."""
    pages = max(1, math.ceil(count / most))
    size = math.ceil(count / pages) if count else 0
    return [slice(i * size, min(count, (i + 1) * size)) for i in range(pages)]


@dataclass(frozen=True)
class Page:
    """One page of a long chart: its number of ``total``, and the units it draws, as
    ``(group, units)`` sections in annex order."""

    number: int
    total: int
    sections: tuple[tuple[str, pd.DataFrame], ...]

    @property
    def units(self) -> pd.DataFrame:
        return pd.concat([units for _, units in self.sections])

    def label(self, lang: str = "vi") -> str:
        """" (2/4): hạng 41–80" (empty for a chart of one page)."""
        if self.total == 1:
            return ""
        ranks = self.units["rank"].dropna()
        text = page_word("page", lang, number=self.number, total=self.total)
        if len(ranks):
            text += page_word("ranks", lang, first=_rank(ranks.iloc[0]),
                              last=_rank(ranks.iloc[-1]))
        return text


def unit_pages(result: RunResult, most: int, group: str | None = None,
               headings: bool = True) -> list[Page]:
    """The units in annex order cut into pages of at most ``most`` rows: everything on one
    page when it fits; else, when groups are ranked apart, each group on its own pages,
    each cut by rank ranges. ``headings``: a group's name takes a row of its page."""
    sections = _rows(result, group)
    apart = headings and tables.ranked_apart(result.results) and len(sections) > 1
    count = sum(len(units) for _, units in sections) + (len(sections) if apart else 0)
    if count <= most:
        return [Page(1, 1, tuple(sections))]
    cut = []
    for name, units in sections:
        for part in chunks(len(units), most - (1 if apart else 0)):
            cut.append(((name, units.iloc[part]),))
    return [Page(number, len(cut), sections) for number, sections in enumerate(cut, start=1)]


def ranking_pages(result: RunResult, group: str | None = None) -> list[Page]:
    """The pages of :func:`ranked_bars`, each under 17 × 25 cm (draw them with ``page=``)."""
    return unit_pages(result, page_rows(BAR_HEIGHT, BAR_FRAME), group)


def heatmap_pages(result: RunResult) -> list[Page]:
    """The pages of :func:`field_heatmap`, each under 17 × 25 cm."""
    return unit_pages(result, page_rows(HEATMAP_ROW, _heatmap_frame(result)), headings=False)


def _heatmap_frame(result: RunResult) -> float:
    fields = result.methodology.fields
    return 1.6 + int((fields["max_points"] > 0).sum()) * 0.16


def _pick_page(pages: list[Page], page: int) -> Page:
    if not 1 <= page <= len(pages):
        raise ValueError(f"page {page} of a chart of {len(pages)} pages")
    return pages[page - 1]


def _top_and_bottom(sections, top: int):
    """Each section cut to its first and last ``top`` units, with None between."""
    cut = []
    for name, units in sections:
        if len(units) > 2 * top:
            cut.append((name, units.iloc[:top]))
            cut.append((None, units.iloc[-top:]))
        else:
            cut.append((name, units))
    return cut


def add_source(ax: Axes, result: RunResult, lang: str, below: float | None = None) -> None:
    """The chart's source line: the methodology and the year of the results
    (:func:`~cchc_index._internal.plots.style.source_line`)."""
    style.source_line(ax, style.source_text(result.methodology, results_year(result), lang),
                      below)


def axis_number(lang: str):
    """A tick formatter writing 12.5 as "12,5" in Vietnamese."""
    return FuncFormatter(lambda value, _pos: style_number(value, lang))


def style_number(value: float, lang: str) -> str:
    return number_text(float(value), None, lang, grouped=False)


def _luminance(rgba: tuple[float, ...]) -> float:
    red, green, blue = rgba[:3]
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _band_colours(result: RunResult) -> dict[str, str]:
    labels = [band.label for band in tables.bands_high_to_low(result.methodology)]
    return style.class_colours(labels)


def _bar_rows(sections, apart: bool) -> int:
    """Rows of a bar chart of ``sections``: a bar per unit, a heading per group drawn
    apart, and a "…" row per gap."""
    return sum(len(units) + (1 if apart or name is None else 0) for name, units in sections)


def top_groups(result: RunResult, top: int) -> list[str | None]:
    """The charts of the first and the last ``top`` units (:func:`ranked_bars` with
    ``top``) that each fit a page: ``[None]`` (every ranking on one chart) when they fit
    together, else one chart per group ranked apart."""
    sections = _rows(result, None)
    apart = tables.ranked_apart(result.results) and len(sections) > 1
    fits = _bar_rows(_top_and_bottom(sections, top), apart) <= page_rows(BAR_HEIGHT, BAR_FRAME)
    return [None] if fits or not apart else [name for name, _units in sections]


def _rows(result: RunResult, group: str | None) -> list[tuple[str, pd.DataFrame]]:
    """The units to draw, in annex order, in sections when groups are ranked apart."""
    sections = tables.annex_groups(result.results)
    if group is not None:
        sections = [(g, units) for g, units in sections if g == group]
        if not sections:
            units = tables.annex_order(result.results)
            sections = [(group, units[units["group"] == group])]
    return sections


def ranked_bars(result: RunResult, *, group: str | None = None, page: int | None = None,
                top: int | None = None, ax: Axes | None = None, lang: str = "vi") -> Axes:
    """Horizontal bars of the index, best first, coloured by class, with the band
    thresholds drawn as dashed lines. When groups are ranked apart, each group is a
    section under its name (or only ``group`` is drawn).

    A ranking longer than a page (:func:`ranking_pages`) is drawn page by page: ``page=1``,
    ``2``, … (numbered in the title with its ranks, "(1/4): hạng 1–40"); ``top=N`` draws
    only the first and the last N units of each ranking, a "…" row between. On your own
    ``ax`` every unit is drawn (up to :data:`MAX_ROWS`), at the size you gave it.
    """
    sections = _rows(result, group)
    apart = tables.ranked_apart(result.results) and len(sections) > 1
    suffix = ""
    if top is not None:
        sections = _top_and_bottom(sections, top)
        suffix = page_word("top", lang, n=top)
    elif page is not None:
        chosen = _pick_page(ranking_pages(result, group), page)
        sections = list(chosen.sections)
        suffix = chosen.label(lang)
        if apart and group is None and chosen.total > 1:  # a page of one group's ranking
            group = sections[0][0] or report_text("no_group", lang)
    count = _bar_rows(sections, apart)
    check_rows(count, ax, page_rows(BAR_HEIGHT, BAR_FRAME))
    ax = ax or style.new_axes(count * BAR_HEIGHT + BAR_FRAME)
    colours = _band_colours(result)
    decimals = result.methodology.rounding.decimals
    labels, positions, y = [], [], 0
    for name, units in sections:
        if name is None:  # the gap between the first and the last units
            labels.append("…")
            positions.append(y)
            y += 1
        elif apart:
            ax.text(0, y, name or report_text("no_group", lang), va="center", ha="left",
                    **style.text_props(fontweight="bold"))
            y += 1
        values = units["index_display"].astype("float64").fillna(0.0).to_numpy()
        ys = np.arange(y, y + len(units))
        ax.barh(ys, values, height=0.72, color=[colours.get(c, style.UNCLASSIFIED)
                                                for c in units["classification"]],
                edgecolor=style.INK, linewidth=0.3)
        for yy, value, shown in zip(ys, values, units["index_display"], strict=True):
            if pd.notna(shown):
                ax.text(value + 0.6, yy, number_text(shown, decimals, lang), va="center",
                        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6},
                        **style.text_props(style.SMALL))
        labels += [f"{_rank(r)}. {_short(u)}" for r, u in zip(units["rank"], units["unit"],
                                                               strict=True)]
        positions += list(ys)
        y += len(units)
    order = np.argsort(positions, kind="stable")
    ax.set_yticks([positions[i] for i in order], [labels[i] for i in order])
    ax.set_ylim(y - 0.5, -0.7)
    ax.set_xlim(0, 108)
    ax.set_xticks(range(0, 101, 10))
    ax.xaxis.set_major_formatter(axis_number(lang))
    _thresholds(ax, result, colours)
    title_key = "chart_ranking_group" if group is not None else "chart_ranking"
    year = results_year(result)
    title = report_text(title_key, lang, year=year, group=group).replace("  ", " ")
    title = title.replace(" :", ":") + suffix
    style.finish(ax, title=title, xlabel=report_text("axis_index", lang), grid_axis=None)
    ax.tick_params(axis="y", length=0)
    add_source(ax, result, lang)
    return ax


# A bar's label stays on one line: a longer name (a merged unit's, "… (sáp nhập từ …)") is
# cut with "…"; the full name is in the results workbook.
LABEL_CHARACTERS = 48


def _short(name: object) -> str:
    return textwrap.shorten(str(name), LABEL_CHARACTERS, placeholder=" …")


def _rank(value: object) -> str:
    return "–" if pd.isna(value) else str(int(value))


def _thresholds(ax: Axes, result: RunResult, colours: dict[str, str]) -> None:
    """Dashed lines at the lower bound of each band, and a legend of the bands."""
    bands = tables.bands_high_to_low(result.methodology)
    handles = []
    for band in bands:
        if band.lower_bound > 0:
            ax.axvline(band.lower_bound, color=style.MUTED, linestyle=(0, (4, 3)),
                       linewidth=0.8, zorder=0.5)
        bound = style_number(band.lower_bound, "vi")
        handles.append(Patch(facecolor=colours[band.label], edgecolor=style.INK, linewidth=0.3,
                             label=f"{band.label} (≥ {bound})" if band.lower_bound > 0
                             else band.label))
    style.legend_below(ax, handles)


def class_distribution(result: RunResult, *, group: str | None = None,
                       ax: Axes | None = None, lang: str = "vi") -> Axes:
    """Number of units in each class, best class first, with the share of all units."""
    results = result.results
    if group is not None:
        results = results[results["group"] == group]
    counts = tables.class_counts(results, result.methodology)
    colours = _band_colours(result)
    ax = ax or style.new_axes(3.0)
    labels = [label or "—" for label in counts.index]
    xs = np.arange(len(counts))
    ax.bar(xs, counts["count"], width=0.62, color=[colours.get(c, style.UNCLASSIFIED)
                                                   for c in counts.index],
           edgecolor=style.INK, linewidth=0.3)
    top = max(int(counts["count"].max()), 1)
    for x, count, share in zip(xs, counts["count"], counts["share_pct"], strict=True):
        ax.text(x, count + top * 0.02, f"{count} ({number_text(share, 1, lang)}%)",
                ha="center", va="bottom", **style.text_props())
    ax.set_xticks(xs, labels)
    ax.set_ylim(0, top * 1.18)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    title = report_text("chart_classes", lang)
    if group is not None:
        title = f"{title}: {group}"
    style.finish(ax, title=title, ylabel=report_text("axis_units", lang), grid_axis="y")
    ax.tick_params(axis="x", length=0)
    add_source(ax, result, lang)
    return ax


def field_heatmap(result: RunResult, *, page: int | None = None, ax: Axes | None = None,
                  lang: str = "vi") -> Axes:
    """Units (annex order) × fields: points as a share of the field's maximum, %.

    Fields holding only bonus and penalty points have no maximum and are left out; a
    field that does not apply to a unit is grey. The field names are listed under the
    chart. More units than a page holds are drawn page by page (``page=1``, ``2``, …;
    :func:`heatmap_pages`); on your own ``ax`` every unit is drawn.
    """
    fields = result.methodology.fields
    fields = fields[fields["max_points"] > 0]
    chosen = None
    if page is not None:
        chosen = _pick_page(heatmap_pages(result), page)
        ordered = chosen.units.reset_index(drop=True)
        sizes = [len(units) for _, units in chosen.sections]
    else:
        ordered = tables.annex_order(result.results)
        sizes = [len(units) for _, units in tables.annex_groups(result.results)]
    shares = tables.field_shares(result).pivot(index="unit_id", columns="code",
                                               values="share_pct")
    matrix = shares.reindex(index=ordered["unit_id"], columns=fields["code"]).to_numpy(
        dtype="float64")
    rows, cols = matrix.shape
    check_rows(rows, ax, page_rows(HEATMAP_ROW, _heatmap_frame(result)))
    own = ax is None
    ax = ax or style.new_axes(rows * HEATMAP_ROW + _heatmap_frame(result))
    import matplotlib as mpl

    cmap = mpl.colormaps[style.HEATMAP].with_extremes(bad="#E0E0E0")
    every = shares.reindex(columns=fields["code"]).to_numpy(dtype="float64")  # all pages
    low = np.nanmin(every) if np.isfinite(every).any() else 0.0  # one scale on every page
    norm = mpl.colors.Normalize(vmin=max(0.0, np.floor(low / 10) * 10 - 10), vmax=100)
    image = ax.imshow(np.ma.masked_invalid(matrix), cmap=cmap, norm=norm, aspect="auto",
                      interpolation="nearest")
    if rows * cols <= 1200:
        for (r, c), value in np.ndenumerate(matrix):
            text = "–" if np.isnan(value) else f"{Rounding(0).apply(value):.0f}"  # half up
            dark = not np.isnan(value) and _luminance(cmap(norm(value))) < 0.45
            ax.text(c, r, text, ha="center", va="center",
                    **style.text_props(style.SMALL, color="white" if dark else style.INK))
    for edge in np.cumsum(sizes)[:-1]:
        ax.axhline(edge - 0.5, color="white", linewidth=3)
    ax.set_xticks(range(cols), [report_text("field_tick", lang, code=c) for c in fields["code"]])
    ax.set_yticks(range(rows), [f"{_rank(r)}. {u}" for r, u in zip(ordered["rank"],
                                                                   ordered["unit"],
                                                                   strict=True)])
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", length=0)
    if own:
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    else:  # inside the analyst's Axes: her figure's other Axes keep their room
        bar = ax.figure.colorbar(image, cax=ax.inset_axes((1.02, 0, 0.03, 1)))
    bar.ax.tick_params(labelfontfamily=style.FONT, labelsize=style.SMALL)
    bar.outline.set_visible(False)
    names = "\n".join(textwrap.shorten(f"{report_text('field_tick', lang, code=code)}: {name}",
                                       width=100, placeholder="…")
                      for code, name in zip(fields["code"], fields["name"], strict=True))
    ax.annotate(names, xy=(0, 0), xycoords="axes fraction", xytext=(0, -8),
                textcoords="offset points", va="top", ha="left",
                **style.text_props(style.SMALL, color=style.MUTED))
    title = report_text("chart_heatmap", lang)
    if chosen is not None and chosen.total > 1:
        if tables.ranked_apart(result.results):
            title += page_word("group", lang, group=chosen.sections[0][0]
                               or report_text("no_group", lang))
        title += chosen.label(lang)
    style.finish(ax, title=title, grid_axis=None)
    for spine in ax.spines.values():
        spine.set_visible(False)
    # on an analyst's Axes, under the field names (the top holds the field ticks)
    add_source(ax, result, lang, below=14 + len(fields) * style.SMALL * 1.5)
    return ax
