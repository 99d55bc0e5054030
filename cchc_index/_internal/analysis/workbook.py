"""The analysis sheets of the results workbook.

:func:`add_analysis_sheets` appends to an openpyxl Workbook (the results workbook built by
:func:`cchc_index._internal.report.workbook.build_workbook`) one sheet per analysis that was run:
``So sánh năm trước`` (with the chart of who rose and who fell), ``Độ vững xếp loại``
(with the rank-interval chart), ``Điểm bị mất``, ``Tự chấm và thẩm định`` (forms only) and
``Nhận xét`` (the summary paragraph). Numbers are stored as numbers with formats.
:func:`write_analysed_workbook` writes the results workbook with these sheets after its own,
as ``score --previous … -o`` does:

>>> from cchc_index.analysis import analyse, read_crosswalk, read_previous
>>> previous = read_previous("ket_qua_2023.csv")  # doctest: +SKIP
>>> crosswalk, _problems = read_crosswalk("crosswalk.xlsx")  # doctest: +SKIP
>>> analyses = analyse(result, previous, crosswalk)  # doctest: +SKIP
>>> write_analysed_workbook(result, "ket_qua.xlsx", analyses=analyses)  # doctest: +SKIP

Every sheet prints as it looks: Times New Roman as on the annex sheet, A4 in the
orientation its table needs, fitted to the width, the headings of its one table repeated on
every page (a second table gets a sheet of its own: a sheet has one set of print titles),
charts below the table at the table's width, prose one paragraph (or a few sentences) per
row in one wide wrapped column, never a merged cell.
"""

from __future__ import annotations

import io
import math
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index._internal.analysis import charts
from cchc_index._internal.analysis.robustness import Settings
from cchc_index._internal.analysis.run import Analyses
from cchc_index._internal.files import atomic_write
from cchc_index._internal.messages import number_text
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.messages.analysis_workbook import ANALYSIS_COLUMNS as COLUMNS
from cchc_index._internal.messages.analysis_workbook import COMPARABLE
from cchc_index._internal.methodology.model import Rounding
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.report.tables import results_year
from cchc_index._internal.report.workbook import build_workbook
from cchc_index._internal.report.xlsx import (
    CENTER,
    HEADER_FILL,
    HEADING,
    LEFT,
    NOTE,
    RIGHT,
    TITLE,
    number_format,
    print_setup,
    put,
    widths,
    wrapped_lines,
)

TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
FLAT = Alignment(horizontal="left", vertical="center")
PORTRAIT_WIDTH = 95  # column width units that fit across A4 portrait at 100 % (landscape ≈ 140)
PROSE_WIDTH = 72  # the commentary's column: within A4 portrait's margins unscaled
# (LibreOffice neither shrinks a lone wrapped column nor wraps it right when it must)
PROSE_ROW = 700  # characters at most in one row of prose (about 8 lines)
POINTS_PER_LINE = 15  # the height of one line of 11 pt text
PIXELS_PER_WIDTH = 7  # one unit of column width, in pixels (Excel's default font)
PIXELS_PER_ROW = 20  # one row of default height, in pixels



def build_analysed_workbook(result: RunResult, lang: str = "vi", title: str | None = None,
                            created: datetime | None = None, *,
                            analyses: Analyses | None = None) -> Workbook:
    """The results workbook (:func:`cchc_index._internal.report.workbook.build_workbook`, same
    arguments) with one sheet per analysis of ``analyses`` that was run, after its own."""
    workbook = build_workbook(result, lang, title, created)
    add_analysis_sheets(workbook, analyses, lang, result.methodology.rounding,
                        _source(result, analyses, lang))
    return workbook


def _source(result: RunResult, analyses: Analyses | None, lang: str) -> str:
    """The charts' source line, when the analyses have charts."""
    if analyses is None or (analyses.comparison is None and analyses.robust is None):
        return ""
    from cchc_index._internal.plots import style  # matplotlib: loaded only when charts are drawn

    return style.source_text(result.methodology, results_year(result), lang)


def write_analysed_workbook(result: RunResult, path: str | Path, lang: str = "vi",
                            title: str | None = None, created: datetime | None = None, *,
                            analyses: Analyses | None = None) -> Path:
    """Write :func:`build_analysed_workbook` atomically (a killed run leaves the old file);
    returns its path."""
    workbook = build_analysed_workbook(result, lang, title, created, analyses=analyses)
    return atomic_write(Path(path), workbook.save)


def add_analysis_sheets(workbook, analyses: Analyses | None, lang: str = "vi",
                        rounding: Rounding | None = None, source: str = "") -> list[str]:
    """Append the sheets of the analyses that were run; returns their titles.

    Indices are shown as the methodology rounds them (``rounding``; default two decimals
    half up), as on the results sheets: the same unit reads the same everywhere. The
    charts (the change from last year, the rank intervals) go page by page on a sheet of
    their own, last: on a table's sheet its repeated headings would print over them.
    ``source``: the line under each chart ("Nguồn: …").
    """
    if analyses is None:
        return []
    rounding = rounding or Rounding()
    added = []

    def sheet(key: str) -> Worksheet:
        title, number = catalogue_text("analysis_sheet", key, lang), 2
        while title in workbook.sheetnames:  # never reuse a sheet the workbook already has
            title, number = f"{catalogue_text('analysis_sheet', key, lang)} ({number})", number + 1
        added.append(title)
        return workbook.create_sheet(title)

    if analyses.comparison is not None:
        year_sheet(sheet("yoy"), analyses, lang, rounding)
        if _has(analyses.field_comparison):
            fields_sheet(sheet("yoy_fields"), analyses.field_comparison, lang)
    if analyses.robust is not None:
        robust_sheet(sheet("robust"), analyses.robust, lang, rounding)
    if _has(analyses.lost_across):
        lost_sheet(sheet("lost"), analyses, lang)
        if _has(analyses.lost_by_unit):
            lost_units_sheet(sheet("lost_units"), analyses.lost_by_unit, lang)
    for key, frame, columns in _claims_tables(analyses):
        if _has(frame):
            claims_sheet(sheet(key), key, frame, columns, lang)
    if analyses.summary:
        summary_sheet(sheet("summary"), analyses.summary, lang)
    drawn = chart_pages(analyses.comparison, analyses.robust, lang, source)
    if drawn:
        charts_sheet(sheet("charts"), drawn)
    return added


def chart_pages(comparison: pd.DataFrame | None, robust: pd.DataFrame | None, lang: str,
                source: str = "") -> list[tuple[object, int]]:
    """The analyses' charts as pages, each ``(draw, rows)``: ``draw(ax)`` draws a page of
    at most :data:`~cchc_index._internal.analysis.charts.PAGE_ROWS` units, ``rows`` of them — the
    change from last year, then the rank intervals of each ranking group. The workbook's
    chart sheet and the Word draft take these."""
    drawn: list[tuple[object, int]] = []
    if comparison is not None and comparison["prev_index_pct"].notna().any():
        shown = comparison.dropna(subset=["prev_index_pct", "index_change"])
        for page, rows in enumerate(charts.pages(len(shown)), start=1):
            drawn.append((lambda ax, n=page: charts.index_change(
                comparison, ax=ax, lang=lang, page=n, source=source), rows.stop - rows.start))
    if robust is not None:
        for group, _size in interval_charts(robust):
            ranked = robust if group is None else robust[robust["group"] == group]
            for page, rows in enumerate(charts.pages(int(ranked["rank"].notna().sum())),
                                        start=1):
                drawn.append((lambda ax, g=group, n=page: charts.rank_intervals(
                    robust, g, ax=ax, lang=lang, page=n, source=source),
                    rows.stop - rows.start))
    return drawn


def charts_sheet(sheet: Worksheet, drawn: list[tuple[object, int]]) -> None:
    """Each chart page in column A on a printed page of its own (portrait A4, fitted to the
    width, no repeated headings over the charts)."""
    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    row = 1
    width = 0.0
    for number, (draw, rows) in enumerate(drawn):
        image = Image(chart_png(draw, rows, dpi=100))
        if number:
            sheet.row_breaks.append(Break(id=row - 1))
        sheet.add_image(image, f"A{row}")
        width = max(width, image.width)
        row += math.ceil(image.height / PIXELS_PER_ROW) + 1
    columns = math.ceil(width / PIXELS_PER_WIDTH / 10)  # the images' width, in columns of 10
    widths(sheet, {c: 10 for c in range(1, columns + 1)})
    sheet.cell(row, columns).value = None  # the used range spans the charts for fit-to-width
    print_setup(sheet, landscape=False)


def _shown(frame: pd.DataFrame, columns: list[str], rounding: Rounding) -> pd.DataFrame:
    """``frame`` with the index ``columns`` rounded as the methodology shows indices."""
    frame = frame.copy()
    for column in columns:
        frame[column] = rounding.series(frame[column].astype("float64"))
    return frame


def year_sheet(sheet: Worksheet, analyses: Analyses, lang: str,
               rounding: Rounding | None = None) -> None:
    rounding = rounding or Rounding()
    comparison = _shown(analyses.comparison, ["index_pct", "prev_index_pct"], rounding)
    comparison["comparable"] = comparison["comparable"].map(
        lambda v: COMPARABLE.get(v, (v, v))[lang == "en"])
    _title(sheet, catalogue_text("analysis_title", "yoy", lang))
    row = 2
    for problem in comparison.attrs.get("problems", []):
        if problem.code in ("A007", "A008"):
            put(sheet, row, 1, problem.message(lang), font=NOTE, border=False)
            row += 1
    columns = ["unit", "group", "index_pct", "prev_index_pct", "index_change", "rank",
               "prev_rank", "rank_change", "classification", "prev_classification",
               "comparable", "previous_units"]
    ordered = comparison.sort_values(["group", "rank", "unit"], kind="stable")
    write_frame(sheet, ordered, columns, row + 1, lang, decimals=rounding.decimals)
    _notes_over(sheet, range(2, row), len(columns))


def fields_sheet(sheet: Worksheet, fields: pd.DataFrame, lang: str) -> None:
    """The fields' mean share of their maximum, this year and last."""
    means = fields.groupby(["field", "field_name"], sort=False)[
        ["share", "prev_share", "change"]].mean().reset_index()
    _title(sheet, catalogue_text("analysis_title", "yoy_fields", lang))
    write_frame(sheet, means, ["field", "field_name", "share", "prev_share", "change"], 3, lang)


def robust_sheet(sheet: Worksheet, robust: pd.DataFrame, lang: str,
                 rounding: Rounding | None = None) -> None:
    rounding = rounding or Rounding()
    _title(sheet, catalogue_text("analysis_title", "robust", lang))
    settings = robust.attrs.get("settings")
    if settings is not None:
        put(sheet, 2, 1, settings_text(settings, lang), font=NOTE, border=False)
    frame = _shown(robust, ["index_pct", "index_p05", "index_p95"], rounding)
    frame["settled"] = frame["settled"].map(
        lambda v: catalogue_text("analysis_title", "yes" if v else "no", lang))
    bands = [c for c in robust.columns if c.startswith("p_")]
    columns = ["unit", "group", "index_pct", "index_p05", "index_p95", "rank", "rank_p05",
               "rank_median", "rank_p95", "classification", "class_probability", "settled",
               *bands]
    ordered = frame.sort_values(["group", "rank", "unit"], kind="stable")
    write_frame(sheet, ordered, columns, 4, lang, decimals=rounding.decimals)
    if settings is not None:
        _notes_over(sheet, range(2, 3), len(columns))


def settings_text(settings: Settings, lang: str = "vi") -> str:
    """The assumptions of a robustness run in one sentence, as the "Độ vững" sheet prints
    them ("1.000 lần mô phỏng, hạt giống 1: …")."""
    step = (float(settings.step) if settings.step is not None
            else f"{number_text(settings.step_share * 100, 0, lang)}%")
    return catalogue_text("analysis_title", "robust_settings", lang,
                          runs=number_text(settings.runs, 0, lang), seed=settings.seed,
                          step=step, p=float(settings.probability * 100),
                          e=float(settings.survey_error * 100),
                          settled=float(settings.settled * 100))


def lost_sheet(sheet: Worksheet, analyses: Analyses, lang: str) -> None:
    _title(sheet, catalogue_text("analysis_title", "lost_across", lang))
    columns = ["code", "name", "units_losing", "units", "lost_total", "lost_mean", "share_lost"]
    write_frame(sheet, analyses.lost_across, columns, 3, lang)


def lost_units_sheet(sheet: Worksheet, lost_by_unit: pd.DataFrame, lang: str) -> None:
    """Each unit's items that lost the most points: a sheet of its own, so that its
    headings, not the first table's, repeat on its pages."""
    _title(sheet, catalogue_text("analysis_title", "lost_units", lang))
    write_frame(sheet, lost_by_unit,
                ["unit", "code", "name", "max_points", "points", "lost", "share_of_lost"],
                3, lang)


def _claims_tables(analyses: Analyses) -> list[tuple[str, pd.DataFrame | None, list[str]]]:
    """The tables of self-assessment against appraisal, each printed on its own sheet:
    (sheet key, frame, columns)."""
    return [("claims", analyses.overclaim,
             ["unit", "self_total", "official_total", "not_confirmed", "not_confirmed_pct",
              "nodes_cut", "nodes_raised"]),
            ("disagreement", analyses.disagreement,
             ["code", "name", "units", "units_changed", "units_cut", "units_raised",
              "points_not_confirmed", "changed_pct"]),
            ("evidence", analyses.evidence,
             ["unit", "code", "name", "self_points", "file", "sheet", "cell"])]


def claims_sheet(sheet: Worksheet, key: str, frame: pd.DataFrame, columns: list[str],
                 lang: str) -> None:
    _title(sheet, catalogue_text("analysis_title", "overclaim" if key == "claims" else key, lang))
    write_frame(sheet, frame, columns, 3, lang)


def summary_sheet(sheet: Worksheet, text: str, lang: str) -> None:
    """The commentary in one wide column, one paragraph per row (a long paragraph split
    between sentences), wrapped, portrait: no cell is taller than a page."""
    _title(sheet, catalogue_text("analysis_title", "summary", lang))
    sheet.column_dimensions["A"].width = PROSE_WIDTH
    for row, part in enumerate(prose_rows(text), start=3):
        put(sheet, row, 1, part, align=TOP_LEFT, border=False)
        _prose_row(sheet, row, PROSE_WIDTH)
    print_setup(sheet, landscape=False)


def prose_rows(text: str, most: int = PROSE_ROW) -> list[str]:
    """``text`` as the rows it is printed in: its paragraphs, each cut between sentences
    into parts of at most ``most`` characters (a sentence longer than that stays whole)."""
    rows = []
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        part = ""
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
            if part and len(part) + 1 + len(sentence) > most:
                rows.append(part)
                part = sentence
            else:
                part = f"{part} {sentence}" if part else sentence
        rows.append(part)
    return rows


def _prose_row(sheet: Worksheet, row: int, width: float, columns: int = 1) -> None:
    """Make ``row`` tall enough for its text in column A wrapped over ``width``; a note
    above a table is merged over the table's ``columns`` (one row: within one page)."""
    cell = sheet.cell(row, 1)
    cell.alignment = TOP_LEFT
    if columns > 1:
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.row_dimensions[row].height = POINTS_PER_LINE * wrapped_lines(cell.value, width) + 3


def _notes_over(sheet: Worksheet, rows: range, columns: int) -> None:
    """The notes in ``rows`` above the sheet's table, wrapped over its width."""
    width = sum(sheet.column_dimensions[get_column_letter(c)].width or 13
                for c in range(1, columns + 1))
    for row in rows:
        _prose_row(sheet, row, width, columns)


# Columns of indices: shown with the methodology's decimals.
_INDEX_COLUMNS = {"index_pct", "prev_index_pct", "index_change", "index_p05", "index_p95"}


# Columns of text that may be long: wide and wrapped; short text; the rest are numbers,
# as wide as their headings' longest word.
_WIDE = {"unit": 24, "name": 40, "previous_units": 26, "field_name": 34, "file": 24}
_NARROW = {"group": 10, "classification": 11, "prev_classification": 11, "comparable": 11,
           "code": 7, "sheet": 12, "cell": 6, "field": 8, "settled": 9}


def write_frame(sheet: Worksheet, frame: pd.DataFrame, columns: list[str], top: int,
                lang: str, decimals: int = 2) -> int:
    """The sheet's one table, bordered, with headings at ``top``; returns the last row
    written. Index columns are shown with ``decimals`` decimals.

    Sets the columns' widths (text columns wide and wrapped, headings wrapped over as
    many lines as they need), each row's height, and the page: A4, portrait when the
    table fits across it, else landscape, fitted to the width, the headings repeated."""
    sizes = {col: float(_WIDE.get(name, _NARROW.get(name, 7)))
             for col, name in enumerate(columns, start=1)}
    header_lines = 1
    for col, name in enumerate(columns, start=1):
        heading = COLUMNS[name][lang == "en"] if name in COLUMNS else name.removeprefix("p_")
        if name not in _WIDE:  # a short column as wide as the heading's longest word
            sizes[col] = max(sizes[col], max(len(w) for w in heading.split()) + 2.0)
        put(sheet, top, col, heading, font=HEADING, align=CENTER, fill=HEADER_FILL)
        header_lines = max(header_lines, wrapped_lines(heading, sizes[col]))
    sheet.row_dimensions[top].height = POINTS_PER_LINE * header_lines + 4
    formats = []
    for name in columns:
        number = "0%" if name.startswith("p_") else COLUMNS.get(name, ("", "", ""))[2]
        if name in _INDEX_COLUMNS:
            shown = number_format(decimals)
            number = f"+{shown};-{shown};{shown}" if name == "index_change" else shown
        formats.append(number or None)
    for offset, values in enumerate(frame[columns].itertuples(index=False), start=1):
        lines = 1
        for col, (value, number) in enumerate(zip(values, formats, strict=True), start=1):
            value = _plain(value)
            put(sheet, top + offset, col, value, fmt=number,
                align=RIGHT if isinstance(value, int | float) else LEFT)
            lines = max(lines, wrapped_lines(value, sizes[col]))
        if lines > 1:
            sheet.row_dimensions[top + offset].height = POINTS_PER_LINE * lines + 2
    for col, width in sizes.items():
        sheet.column_dimensions[get_column_letter(col)].width = width
    print_setup(sheet, (top, top), landscape=sum(sizes.values()) > PORTRAIT_WIDTH)
    return top + len(frame)


def _title(sheet: Worksheet, text: str) -> None:
    put(sheet, 1, 1, text, font=TITLE, align=FLAT, border=False)


def _has(frame: pd.DataFrame | None) -> bool:
    return frame is not None and not frame.empty


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def chart_png(draw, rows: int, dpi: int) -> io.BytesIO:
    """The chart ``draw(ax)`` draws, as a PNG as tall as ``rows`` bars need (also the Word
    draft's charts)."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, max(2.5, 0.3 * rows + 1.2)), dpi=dpi)
    draw(figure.add_subplot())
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    buffer.seek(0)
    return buffer


def interval_charts(robust: pd.DataFrame) -> list[tuple[str | None, int]]:
    """The rank-interval charts of ``robust`` as (group, units shown): one per ranking group
    when units were ranked per group, else one of all units (group None)."""
    groups = list(dict.fromkeys(robust["group"])) if robust.attrs.get("per_group") else [None]
    return [(group, len(robust) if group is None else int((robust["group"] == group).sum()))
            for group in groups]
