"""Charts that compare: a unit against its group, claims against appraisal, this year
against last.

Same contract as :mod:`cchc_index._internal.plots.charts`: the results first, ``ax=None``, the Axes
returned, never ``plt.show()``.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.messages import number_text
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.plots import style
from cchc_index._internal.plots.charts import (
    BAR_FRAME,
    BAR_HEIGHT,
    add_source,
    axis_number,
    check_rows,
    chunks,
    page_rows,
    page_word,
)
from cchc_index._internal.report import tables
from cchc_index._internal.report.tables import results_year
from cchc_index._internal.report.text import report_text

LABEL_WIDTH = 34  # characters of a field name per line on the profile chart


def unit_profile(result: RunResult, unit: str, *, ax: Axes | None = None, lang: str = "vi",
                 profiles: pd.DataFrame | None = None) -> Axes:
    """One unit's fields as a share of their maximum (bars), beside its ranking group's
    mean (black tick) and the group's leader (diamond).

    ``unit`` is a unit name (matched whatever its case or Unicode form) or ``unit_id``.
    ``profiles``: :func:`cchc_index._internal.report.profiles` of the result, when drawing many
    units (computed once instead of once per unit).
    """
    table = tables.profile_table(result, unit, profiles)
    table = table[table["max_points"].fillna(0) > 0].reset_index(drop=True)
    row = result.results.set_index("unit_id").loc[table["unit_id"].iloc[0]]
    decimals = result.methodology.rounding.decimals
    ax = ax or style.new_axes(len(table) * 0.42 + 1.6)
    ys = np.arange(len(table))
    bars = ax.barh(ys, table["share_pct"].fillna(0.0), height=0.6, color=style.PAIR[1],
                   edgecolor=style.INK, linewidth=0.3, label=row["unit"])
    mean = ax.scatter(table["group_mean_pct"], ys, marker="|", s=260, linewidths=2.2,
                      color=style.INK, zorder=3, label=report_text("legend_mean", lang))
    leader = table["best_unit"].iloc[0]
    best = ax.scatter(table["best_pct"], ys, marker="D", s=30, color=style.PAIR[0],
                      edgecolor="white", linewidths=0.6, zorder=4,
                      label=report_text("legend_best", lang, unit=leader))
    for y, share in zip(ys, table["share_pct"], strict=True):
        if pd.notna(share):
            inside = share >= 12  # at the start of the bar, clear of the markers near its end
            ax.text(1.5 if inside else share + 1.5, y, number_text(share, 1, lang),
                    va="center", ha="left",
                    **style.text_props(style.SMALL, color="white" if inside else style.INK))
    names = [textwrap.fill(f"{report_text('field_tick', lang, code=c)}. {n}", LABEL_WIDTH,
                           max_lines=2, placeholder="…")
             for c, n in zip(table["code"], table["name"], strict=True)]
    ax.set_yticks(ys, names)
    ax.set_ylim(len(table) - 0.5, -0.6)
    ax.set_xlim(0, 110)
    ax.set_xticks(range(0, 101, 20))
    ax.xaxis.set_major_formatter(axis_number(lang))
    subtitle = report_text("profile_head", lang, no="", unit=row["unit"],
                           index=number_text(row["index_display"], decimals, lang),
                           rank=_int(row["rank"]), size=_int(row["group_size"]),
                           klass=row["classification"] or "—").lstrip(". ")
    style.finish(ax, title=subtitle, xlabel=report_text("axis_share", lang))
    style.legend_below(ax, [bars, mean, best])
    ax.tick_params(axis="y", length=0)
    add_source(ax, result, lang)
    return ax


def row_pages(count: int) -> list[slice]:
    """The rows of each page of a chart of ``count`` units, one unit a row
    (:func:`self_vs_appraised`, :func:`year_over_year`)."""
    return chunks(count, page_rows(BAR_HEIGHT, BAR_FRAME + 0.1))


def _page_of(table: pd.DataFrame, page: int | None, lang: str) -> tuple[pd.DataFrame, str]:
    """The rows of ``page`` of ``table`` and the title's " (2/5): đơn vị 33–64"."""
    if page is None:
        return table, ""
    parts = row_pages(len(table))
    if not 1 <= page <= len(parts):
        raise ValueError(f"page {page} of a chart of {len(parts)} pages")
    part = parts[page - 1]
    label = "" if len(parts) == 1 else (
        page_word("page", lang, number=page, total=len(parts))
        + page_word("rows", lang, first=part.start + 1, last=part.stop))
    return table.iloc[part].reset_index(drop=True), label


def _int(value: object) -> str:
    return "–" if pd.isna(value) else str(int(value))


def self_vs_appraised(result: RunResult, *, page: int | None = None, ax: Axes | None = None,
                      lang: str = "vi") -> Axes:
    """Per appraised unit, the index it claimed (self-assessment) and the index after
    appraisal, joined by a line; the largest over-claim first, the gap written beside.
    More units than a page holds are drawn page by page (``page=1``, ``2``, …;
    :func:`row_pages`); on your own ``ax`` every unit is drawn.

    Raises :class:`~cchc_index._internal.errors.UsageError` (R001) when no unit has both.
    """
    table = tables.self_vs_appraised(result)
    if table.empty:
        raise UsageError([Problem("R001", "warning")])
    table, suffix = _page_of(table, page, lang)
    decimals = result.methodology.rounding.decimals
    rounding = result.methodology.rounding
    claimed = rounding.series(table["self_index"])
    official = rounding.series(table["index_pct"])
    check_rows(len(table), ax, page_rows(BAR_HEIGHT, BAR_FRAME + 0.1))
    ax = ax or style.new_axes(len(table) * BAR_HEIGHT + BAR_FRAME)
    ys = np.arange(len(table))
    ax.hlines(ys, np.minimum(claimed, official), np.maximum(claimed, official),
              color=style.GRID, linewidth=2.4, zorder=1)
    ax.scatter(claimed, ys, color=style.PAIR[0], s=26, zorder=3,
               label=report_text("legend_self", lang))
    ax.scatter(official, ys, color=style.PAIR[1], s=26, zorder=3,
               label=report_text("legend_appraised", lang))
    for y, a, b in zip(ys, claimed, official, strict=True):
        gap = a - b
        ax.text(max(a, b) + 1.2, y, _signed(gap, decimals, lang), va="center",
                **style.text_props(style.SMALL, color=style.PAIR[0] if gap > 0 else style.INK))
    ax.set_yticks(ys, table["unit"])
    ax.set_ylim(len(table) - 0.5, -0.7)
    low = float(np.nanmin(np.minimum(claimed, official)))
    _index_axis(ax, low)
    ax.xaxis.set_major_formatter(axis_number(lang))
    style.finish(ax, title=report_text("chart_self", lang) + suffix,
                 xlabel=report_text("axis_index", lang))
    style.legend_below(ax)
    ax.tick_params(axis="y", length=0)
    add_source(ax, result, lang)
    return ax


def _index_axis(ax: Axes, low: float) -> None:
    """An index axis from a little below ``low`` to 100, with room for the labels."""
    start = max(0.0, np.floor(low / 10) * 10 - 5)
    ax.set_xlim(start, 106)
    ax.set_xticks([t for t in np.arange(start, 100.01, 5 if 100 - start <= 50 else 10)])


def _signed(value: float, decimals: int, lang: str) -> str:
    text = number_text(abs(value), decimals, lang)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def year_over_year(result: RunResult, previous: pd.DataFrame, *, page: int | None = None,
                   ax: Axes | None = None, lang: str = "vi",
                   previous_label: str | None = None,
                   current_label: str | None = None) -> Axes:
    """Each unit's index last year (hollow) and this year (filled), joined by a line
    coloured by the direction of the change, in annex order, the change written beside.

    ``previous`` is either a table with ``unit`` and ``index_pct`` (for instance the results
    CSV of last year's run), whose units are matched by name; or the comparison of
    :func:`cchc_index._internal.analysis.compare_years`, which follows a crosswalk, so merged and
    renamed units are shown too (a merged unit against the weighted mean of its parts,
    marked "hợp nhất"). Units without a previous figure are left out and counted in a note.
    Raises :class:`~cchc_index._internal.errors.UsageError` (R004) when no unit matches. More units
    than a page holds are drawn page by page (``page=1``, ``2``, …; :func:`row_pages`).
    """
    table = tables.change_table(result, previous)
    missing = int(table["previous"].isna().sum())
    table = table[table["previous"].notna()].reset_index(drop=True)
    if table.empty:
        raise UsageError([Problem("R004", "warning", found=str(len(previous)))])
    decimals = result.methodology.rounding.decimals
    current_label = current_label or results_year(result) or report_text("current_year", lang)
    previous_label = previous_label or _previous_year(previous) or report_text(
        "previous_year", lang)
    table, suffix = _page_of(table, page, lang)
    check_rows(len(table), ax, page_rows(BAR_HEIGHT, BAR_FRAME + 0.1))
    ax = ax or style.new_axes(len(table) * BAR_HEIGHT + BAR_FRAME + 0.1)
    ys = np.arange(len(table))
    colours = np.where(table["change"] > 0, style.PAIR[1],
                       np.where(table["change"] < 0, style.PAIR[0], style.MUTED))
    ax.hlines(ys, table["previous"], table["current"], colors=colours, linewidth=1.8, zorder=1)
    ax.scatter(table["previous"], ys, facecolor="white", edgecolor=style.MUTED, s=24,
               linewidths=1.2, zorder=3)
    ax.scatter(table["current"], ys, color=colours, s=26, zorder=3)
    for y, a, b, change in zip(ys, table["previous"], table["current"], table["change"],
                               strict=True):
        ax.text(max(a, b) + 1.2, y, _signed(change, decimals, lang), va="center",
                **style.text_props(style.SMALL))
    names = [report_text("merged_unit", lang, unit=u) if merged else u
             for u, merged in zip(table["unit"], table["merged"], strict=True)]
    ax.set_yticks(ys, [f"{_int(r)}. {u}" for r, u in zip(table["rank"], names, strict=True)])
    ax.set_ylim(len(table) - 0.5, -0.7)
    if tables.ranked_apart(result.results):  # a rule between ranking groups
        starts = table["group"].ne(table["group"].shift()).to_numpy().nonzero()[0][1:]
        for start in starts:
            ax.axhline(start - 0.5, color=style.GRID, linewidth=0.8)
    low = float(np.nanmin(np.minimum(table["previous"], table["current"])))
    _index_axis(ax, low)
    ax.xaxis.set_major_formatter(axis_number(lang))
    title = report_text("chart_change", lang, previous=previous_label,
                        current=current_label) + suffix
    style.finish(ax, title=title, xlabel=report_text("axis_index", lang))
    handles = [
        Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
               markeredgecolor=style.MUTED, label=str(previous_label)),
        Line2D([], [], marker="o", linestyle="-", color=style.PAIR[1],
               label=f"{current_label}: {report_text('legend_up', lang).lower()}"),
        Line2D([], [], marker="o", linestyle="-", color=style.PAIR[0],
               label=f"{current_label}: {report_text('legend_down', lang).lower()}"),
    ]
    style.legend_below(ax, handles)
    if missing:
        ax.annotate(report_text("missing_previous", lang, n=missing), xy=(1, 1),
                    xycoords="axes fraction", ha="right", va="bottom", xytext=(0, 4),
                    textcoords="offset points", **style.text_props(style.SMALL,
                                                                   color=style.MUTED))
    ax.tick_params(axis="y", length=0)
    add_source(ax, result, lang)
    return ax


def _previous_year(previous: pd.DataFrame) -> str:
    """The one year a previous table names (a ``year`` column, or the comparison's
    ``previous_year``), or "" when it names none or several."""
    if "year" in previous:
        years = previous["year"].dropna().astype(str).unique()
        return str(years[0]) if len(years) == 1 else ""
    return str(previous.attrs.get("previous_year") or "")
