"""Charts of the analyses: rank intervals (robustness) and the change from last year.

Each function draws on ``ax`` (a new figure when None) and returns the Axes. matplotlib
is imported only here, when drawing; no global style is changed; every text uses DejaVu
Sans, which renders all Vietnamese diacritics.
"""

from __future__ import annotations

import pandas as pd

from cchc_index._internal.messages import text as catalogue_text

FONT = "DejaVu Sans"
RISE, FALL, STEADY, UNSETTLED = "#2b7a3d", "#b03a2e", "#1f4e79", "#d68910"



def _text(key: str, lang: str, **values: object) -> str:
    return catalogue_text("analysis_chart", key, lang, **values)


PAGE_ROWS = 30  # units a page of these charts lists: 0.3 in a row, under 25 cm in all


def pages(count: int, most: int = PAGE_ROWS) -> list[slice]:
    """``count`` units cut into the fewest pages of at most ``most``, as even as can be."""
    total = max(1, -(-count // most))
    size = -(-count // total) if count else 0
    return [slice(i * size, min(count, (i + 1) * size)) for i in range(total)]


def _page(frame: pd.DataFrame, page: int | None) -> tuple[pd.DataFrame, str]:
    """The rows of ``page`` (1-based) of ``frame`` and the title's " (2/5)"."""
    if page is None:
        return frame, ""
    parts = pages(len(frame))
    if not 1 <= page <= len(parts):
        raise ValueError(f"page {page} of a chart of {len(parts)} pages")
    return frame.iloc[parts[page - 1]], "" if len(parts) == 1 else f" ({page}/{len(parts)})"


def _axes(ax, height: float):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(8, height))
    return ax


def rank_intervals(robust: pd.DataFrame, group: str | None = None, ax=None, lang: str = "vi",
                   page: int | None = None, source: str = ""):
    """COINr-style uncertainty plot: each unit's official rank and its 5%–95% interval.

    ``robust`` is the frame of :func:`~cchc_index._internal.analysis.robustness.robustness`. Units
    run top to bottom by official rank; a unit whose class is not settled is drawn in
    orange. Pass ``group`` to draw one ranking group, ``page`` to draw one page of
    :data:`PAGE_ROWS` units of it (:func:`pages`), on the scale of the whole ranking.
    ``source``: a line written under the chart ("Nguồn: …").
    """
    frame = robust if group is None else robust[robust["group"] == group]
    frame = frame.dropna(subset=["rank"]).sort_values(["rank", "unit"], kind="stable")
    whole = frame
    frame, suffix = _page(frame, page)
    ax = _axes(ax, max(2.5, 0.32 * len(frame) + 1.2))
    positions = list(range(len(frame)))
    colors = [STEADY if settled else UNSETTLED for settled in frame["settled"]]
    ax.hlines(positions, frame["rank_p05"].astype(float), frame["rank_p95"].astype(float),
              colors=colors, linewidth=3, alpha=0.6)
    ax.scatter(frame["rank"].astype(float), positions, color=colors, zorder=3, s=22)
    ax.set_yticks(positions, labels=list(frame["unit"]), fontfamily=FONT)
    ax.invert_yaxis()
    ax.set_xlabel(_text("rank", lang), fontfamily=FONT)
    settings = robust.attrs.get("settings")
    title = _text("rank_title", lang, runs=settings.runs if settings else "?")
    ax.set_title(title + (f" — {group}" if group else "") + suffix, fontfamily=FONT,
                 pad=14 if source else 6)
    if not frame.empty:
        ax.set_xlim(0.5, float(whole["rank_p95"].max()) + 0.5)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color=STEADY, linewidth=3, alpha=0.6,
                      label=_text("interval", lang)),
               Line2D([], [], color=STEADY, marker="o", linestyle="",
                      label=_text("official", lang))]
    if not frame["settled"].all():
        handles.append(Line2D([], [], color=UNSETTLED, marker="o", linewidth=3, alpha=0.8,
                              label=_text("unsettled", lang)))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3,
              frameon=False, prop={"family": FONT, "size": 8})
    for label in ax.get_xticklabels():
        label.set_fontfamily(FONT)
    ax.grid(axis="x", alpha=0.3)
    _source(ax, source)
    return ax


def index_change(comparison: pd.DataFrame, ax=None, lang: str = "vi", page: int | None = None,
                 source: str = ""):
    """Who rose and who fell: each unit's change of index from last year, sorted.

    ``comparison`` is the frame of :func:`~cchc_index._internal.analysis.yoy.compare_years`; new
    units (no previous index) are left out; merged units are marked in their label.
    ``page`` draws one page of :data:`PAGE_ROWS` units (:func:`pages`), on the scale of all.
    ``source``: a line written under the chart ("Nguồn: …").
    """
    frame = comparison.dropna(subset=["prev_index_pct", "index_change"])
    frame = frame.sort_values(["index_change", "unit"], ascending=[False, True], kind="stable")
    every = frame["index_change"].astype(float)
    frame, suffix = _page(frame, page)
    ax = _axes(ax, max(2.5, 0.32 * len(frame) + 1.2))
    positions = list(range(len(frame)))
    changes = frame["index_change"].astype(float)
    colors = [RISE if c > 0 else FALL if c < 0 else STEADY for c in changes]
    ax.barh(positions, changes, color=colors)
    labels = [f"{u} ({_text('merged', lang)})" if c == "merged" else u
              for u, c in zip(frame["unit"], frame["comparable"], strict=True)]
    ax.set_yticks(positions, labels=labels, fontfamily=FONT)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(_text("change", lang), fontfamily=FONT)
    ax.set_title(_text("change_title", lang) + suffix, fontfamily=FONT, pad=14 if source else 6)
    if page is not None and len(every):
        low, high = min(0.0, float(every.min())), max(0.0, float(every.max()))
        margin = (high - low) * 0.05 or 1.0
        ax.set_xlim(low - margin, high + margin)
    for label in ax.get_xticklabels():
        label.set_fontfamily(FONT)
    ax.grid(axis="x", alpha=0.3)
    _source(ax, source)
    return ax


def _source(ax, text: str) -> None:
    """The source line above the Axes' top right corner (the title is centred): on an
    analyst's figure it stays with her Axes, with no figure-level text."""
    if text:
        ax.annotate(text, xy=(1, 1), xycoords="axes fraction", xytext=(0, 2),
                    textcoords="offset points", ha="right", va="bottom", fontsize=6.5,
                    fontfamily=FONT, color="#6E6E6E", gid="source", annotation_clip=False)
