"""Charts for the report, ready to paste at A4 width (PNG at 200 dpi and SVG).

Every function takes the results, draws on ``ax`` (or a new figure) and returns the Axes;
none calls ``plt.show()``. Importing this package imports matplotlib, so the rest of
cchc_index never does unless charts are asked for.

>>> from cchc_index import load_methodology, run
>>> from cchc_index._internal import plots
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> ax = plots.ranked_bars(result)  # doctest: +SKIP
>>> plots.write_charts(result, "bieu_do/")  # doctest: +SKIP
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.plots import style
from cchc_index._internal.plots.charts import (
    class_distribution,
    field_heatmap,
    heatmap_pages,
    ranked_bars,
    ranking_pages,
    top_groups,
)
from cchc_index._internal.plots.compare import (
    row_pages,
    self_vs_appraised,
    unit_profile,
    year_over_year,
)
from cchc_index._internal.plots.style import missing_glyphs
from cchc_index._internal.report import tables
from cchc_index._internal.text import canonical

__all__ = [
    "class_distribution",
    "field_heatmap",
    "glyph_problems",
    "heatmap_pages",
    "missing_glyphs",
    "ranked_bars",
    "ranking_pages",
    "row_pages",
    "self_vs_appraised",
    "unit_profile",
    "write_charts",
    "year_over_year",
]

PROFILE_FOLDER = "ho_so_don_vi"
TOP_CHART = "xep_hang_dau_cuoi"  # the first and the last N units (``top=N``)


def slug(text: str, limit: int = 60) -> str:
    """An ASCII file name from a Vietnamese name: "Xã Thạch Bàn" → "xa_thach_ban"; at most
    ``limit`` characters (a merged unit's long name would be over what a file system
    takes)."""
    return re.sub(r"[^a-z0-9]+", "_", canonical(text))[:limit].strip("_") or "x"


def write_charts(result: RunResult, directory: str | Path, *,
                 previous: pd.DataFrame | None = None, lang: str = "vi",
                 formats: Sequence[str] = ("png", "svg"),
                 profile_formats: Sequence[str] = ("png",), top: int | None = None,
                 ) -> tuple[list[Path], list[Problem]]:
    """Draw every chart of the report into ``directory``; returns the files written and
    the problems met (a chart that cannot be drawn is skipped with a warning).

    Files: ``xep_hang`` (and ``xep_hang_<group>`` per group ranked apart), ``xep_loai``,
    ``linh_vuc``, ``tu_danh_gia_va_tham_dinh`` (when units have self-scores and an
    appraisal), ``so_voi_nam_truoc`` (when ``previous`` is given, see
    :func:`year_over_year`; without it, a run analysed with last year's results, such as
    ``score --previous … --crosswalk …``, gives its comparison, merged units included),
    and a profile ``ho_so_don_vi/<NN>_<unit>`` per unit in
    annex order, in ``profile_formats`` (PNG only by default: one per unit adds up; pass
    ``()`` for none). With ``top=N``, also ``xep_hang_dau_cuoi``: the first and the last N
    units of each ranking (:func:`ranked_bars` with ``top``) on one page, or
    ``xep_hang_dau_cuoi_<group>`` per group when together they would pass a page.

    A chart longer than a page (17 × 25 cm) is written page by page, ``<name>_trang_01``,
    ``_02``, …: the ranking by group when groups are ranked apart (then no separate
    ``xep_hang_<group>``), then by rank ranges.
    """
    import matplotlib.pyplot as plt

    folder = Path(directory)
    if previous is None:
        previous = _comparison_of(result)
    jobs: list[tuple[str, Callable[[], object]]] = []
    ranking = ranking_pages(result)
    if len(ranking) == 1:
        jobs.append(("xep_hang", lambda: ranked_bars(result, lang=lang)))
        if tables.ranked_apart(result.results):
            for group, _units in tables.annex_groups(result.results):
                jobs.append((f"xep_hang_{slug(group)}",
                             lambda g=group: ranked_bars(result, group=g, lang=lang)))
    else:
        jobs += _paged("xep_hang", len(ranking),
                       lambda n: ranked_bars(result, page=n, lang=lang))
    if top is not None:  # one chart, or one per group when together they pass a page
        for group in top_groups(result, top):
            name = TOP_CHART if group is None else f"{TOP_CHART}_{slug(group)}"
            jobs.append((name, lambda g=group: ranked_bars(result, group=g, top=top, lang=lang)))
    jobs.append(("xep_loai", lambda: class_distribution(result, lang=lang)))
    jobs += _paged("linh_vuc", len(heatmap_pages(result)),
                   lambda n: field_heatmap(result, page=n, lang=lang))
    claims = len(tables.self_vs_appraised(result))
    jobs += _paged("tu_danh_gia_va_tham_dinh", len(row_pages(claims)) if claims else 1,
                   lambda n: self_vs_appraised(result, page=n, lang=lang))
    if previous is not None:
        try:
            compared = int(tables.change_table(result, previous)["previous"].notna().sum())
        except UsageError:
            compared = 0  # drawn once, to report why it cannot be
        jobs += _paged("so_voi_nam_truoc", len(row_pages(compared)) if compared else 1,
                       lambda n: year_over_year(result, previous, page=n, lang=lang))
    if profile_formats:
        ordered = tables.annex_order(result.results)
        every = tables.profiles(result)
        for number, unit in enumerate(ordered.itertuples(), start=1):
            name = f"{PROFILE_FOLDER}/{number:02d}_{slug(unit.unit)}"
            jobs.append((name, lambda u=unit.unit_id: unit_profile(result, u, lang=lang,
                                                                   profiles=every)))
    written: list[Path] = []
    problems: list[Problem] = []
    for name, draw in jobs:
        kinds = profile_formats if name.startswith(PROFILE_FOLDER) else formats
        if not kinds:
            continue
        try:
            ax = draw()
        except UsageError as error:
            problems += error.problems
            continue
        figure = ax.figure
        try:
            style.clean_texts(figure)
            problems += glyph_problems(figure, name)
            with warnings.catch_warnings():  # reported once above, as R005
                warnings.filterwarnings("ignore", message="Glyph .* missing from font")
                written += style.save(figure, folder / name, kinds)
        finally:
            plt.close(figure)
    return written, problems


def _paged(name: str, pages: int, draw: Callable[[int], object]
           ) -> list[tuple[str, Callable[[], object]]]:
    """The jobs drawing each page of a chart: ``name`` alone for one page, else
    ``name_trang_01``, ``name_trang_02``, …"""
    if pages == 1:
        return [(name, lambda: draw(1))]
    return [(f"{name}_trang_{number:02d}", lambda n=number: draw(n))
            for number in range(1, pages + 1)]


def _comparison_of(result: RunResult) -> pd.DataFrame | None:
    """The year-over-year comparison a run was analysed with, if any
    (:class:`cchc_index._internal.analysis.run.AnalysedResult`)."""
    analyses = getattr(result, "analyses", None)
    return getattr(analyses, "comparison", None)


def glyph_problems(figure, name: str) -> list[Problem]:
    """A warning per chart whose texts hold characters the font cannot draw."""
    missing = set()
    for text in style.figure_texts(figure, draw=False):
        missing |= missing_glyphs(text)
    if not missing:
        return []
    return [Problem("R005", "warning", file=f"{name}.png",
                    found=" ".join(sorted(f"U+{ord(c):04X}" for c in missing)))]
