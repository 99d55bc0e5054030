"""The analysis sheets of the results workbook.

:func:`add_analysis_sheets` appends to an openpyxl Workbook (the results workbook built by
:func:`cchc_index.report.workbook.build_workbook`) one sheet per analysis that was run:
``So sánh năm trước`` (with the chart of who rose and who fell), ``Độ vững xếp loại``
(with the rank-interval chart), ``Điểm bị mất``, ``Tự chấm và thẩm định`` (forms only) and
``Nhận xét`` (the summary paragraph). Numbers are stored as numbers with formats.
"""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index.analysis.run import Analyses
from cchc_index.analysis.yoy import CHANGED, MERGED, NEW, YES
from cchc_index.files import set_cell
from cchc_index.methodology.model import Rounding
from cchc_index.report.xlsx import number_format, print_setup

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(wrap_text=True, vertical="top")

SHEETS = {
    "yoy": ("So sánh năm trước", "Year over year"),
    "robust": ("Độ vững xếp loại", "Robustness"),
    "lost": ("Điểm bị mất", "Points lost"),
    "claims": ("Tự chấm và thẩm định", "Claims vs appraisal"),
    "summary": ("Nhận xét", "Commentary"),
}
COMPARABLE = {YES: ("có", "yes"), CHANGED: ("bộ chỉ số thay đổi", "methodology changed"),
              MERGED: ("hợp nhất", "merged"), NEW: ("đơn vị mới", "new unit")}
# column -> (Vietnamese heading, English heading, number format or "")
COLUMNS: dict[str, tuple[str, str, str]] = {
    "unit": ("Đơn vị", "Unit", ""), "group": ("Nhóm", "Group", ""),
    "index_pct": ("Chỉ số (%)", "Index (%)", "0.00"),
    "prev_index_pct": ("Chỉ số năm trước (%)", "Last year (%)", "0.00"),
    "index_change": ("Tăng, giảm (điểm %)", "Change (points)", "+0.00;-0.00;0.00"),
    "rank": ("Xếp hạng", "Rank", "0"), "prev_rank": ("Hạng năm trước", "Last year's rank", "0"),
    "rank_change": ("Tăng, giảm hạng (+ là tăng)", "Rank change (+ is up)", "+0;-0;0"),
    "classification": ("Xếp loại", "Class", ""),
    "prev_classification": ("Xếp loại năm trước", "Last year's class", ""),
    "comparable": ("So sánh được", "Comparable", ""),
    "previous_units": ("Đơn vị năm trước", "Last year's units", ""),
    "index_p05": ("Chỉ số 5%", "Index 5%", "0.00"),
    "index_p95": ("Chỉ số 95%", "Index 95%", "0.00"),
    "rank_p05": ("Hạng 5%", "Rank 5%", "0"), "rank_median": ("Hạng trung vị", "Median rank", "0"),
    "rank_p95": ("Hạng 95%", "Rank 95%", "0"),
    "class_probability": ("Xác suất giữ xếp loại (%)", "Probability of class (%)", "0%"),
    "settled": ("Xếp loại chắc chắn", "Class settled", ""),
    "code": ("Mã", "Code", ""), "name": ("Nội dung", "Item", ""),
    "max_points": ("Điểm tối đa", "Maximum", "0.00"), "points": ("Điểm đạt", "Points", "0.00"),
    "lost": ("Điểm bị mất", "Points lost", "0.00"),
    "share_of_lost": ("Tỷ trọng trong điểm bị mất (%)", "Share of lost points (%)", "0.0"),
    "units_losing": ("Số đơn vị mất điểm", "Units losing", "0"),
    "units": ("Số đơn vị", "Units", "0"),
    "lost_total": ("Tổng điểm bị mất", "Points lost", "0.00"),
    "lost_mean": ("Bình quân mỗi đơn vị mất", "Mean lost per unit", "0.00"),
    "share_lost": ("Tỷ lệ điểm bị mất (%)", "Share lost (%)", "0.0"),
    "self_total": ("Điểm tự chấm", "Self-assessed", "0.00"),
    "official_total": ("Điểm thẩm định", "Appraised", "0.00"),
    "not_confirmed": ("Điểm tự chấm không được công nhận", "Claimed, not confirmed", "0.00"),
    "nodes_cut": ("Số tiêu chí bị hạ điểm", "Criteria cut", "0"),
    "nodes_raised": ("Số tiêu chí được nâng điểm", "Criteria raised", "0"),
    "not_confirmed_pct": ("Tỷ lệ không được công nhận (%)", "Not confirmed (%)", "0.0"),
    "units_changed": ("Số đơn vị bị điều chỉnh", "Units changed", "0"),
    "units_cut": ("Bị hạ điểm", "Cut", "0"), "units_raised": ("Được nâng điểm", "Raised", "0"),
    "points_not_confirmed": ("Điểm không được công nhận", "Points not confirmed", "0.00"),
    "changed_pct": ("Tỷ lệ bị điều chỉnh (%)", "Changed (%)", "0.0"),
    "self_points": ("Điểm tự chấm", "Self-assessed", "0.00"),
    "file": ("Tệp", "File", ""), "sheet": ("Trang tính", "Sheet", ""), "cell": ("Ô", "Cell", ""),
    "field": ("Lĩnh vực", "Field", ""), "field_name": ("Tên lĩnh vực", "Field name", ""),
    "share": ("Tỷ lệ đạt năm nay (%)", "Share this year (%)", "0.00"),
    "prev_share": ("Tỷ lệ đạt năm trước (%)", "Share last year (%)", "0.00"),
    "change": ("Tăng, giảm (điểm %)", "Change (points)", "+0.00;-0.00;0.00"),
}
TITLES = {
    "yoy": ("SO SÁNH KẾT QUẢ VỚI NĂM TRƯỚC", "COMPARISON WITH LAST YEAR"),
    "yoy_fields": ("Theo lĩnh vực (bình quân các đơn vị)", "By field (mean over units)"),
    "robust": ("ĐỘ VỮNG CỦA THỨ HẠNG VÀ XẾP LOẠI", "ROBUSTNESS OF RANKS AND CLASSES"),
    "robust_settings": (
        "{runs} lần mô phỏng, hạt giống {seed}: mỗi tiêu chí thẩm định lệch một bước chấm "
        "({step}) với xác suất {p}%; điểm điều tra xã hội học lệch theo sai số {e}% điểm tối "
        "đa; xếp loại chắc chắn khi giữ được trong ít nhất {settled}% số lần.",
        "{runs} runs, seed {seed}: each appraised criterion moves by one scoring step ({step}) "
        "with probability {p}%; survey points by a sampling error of {e}% of their maximum; a "
        "class is settled when kept in at least {settled}% of the runs."),
    "lost_across": ("NỘI DUNG BỊ MẤT ĐIỂM Ở NHIỀU ĐƠN VỊ", "WHERE MOST UNITS LOST POINTS"),
    "lost_units": ("HẠN CHẾ, TỒN TẠI CỦA TỪNG ĐƠN VỊ (nội dung mất nhiều điểm nhất)",
                   "EACH UNIT'S SHORTCOMINGS (items that lost the most points)"),
    "overclaim": ("ĐIỂM TỰ CHẤM KHÔNG ĐƯỢC CÔNG NHẬN, THEO ĐƠN VỊ",
                  "CLAIMED POINTS NOT CONFIRMED, BY UNIT"),
    "disagreement": ("TIÊU CHÍ HỘI ĐỒNG THẨM ĐỊNH ĐIỀU CHỈNH NHIỀU NHẤT",
                     "CRITERIA THE APPRAISAL CHANGED MOST OFTEN"),
    "evidence": ("TIÊU CHÍ TỰ CHẤM ĐIỂM NHƯNG KHÔNG CÓ TÀI LIỆU KIỂM CHỨNG, GIẢI TRÌNH",
                 "CRITERIA CLAIMED WITHOUT EVIDENCE OR EXPLANATION"),
    "summary": ("NHẬN XÉT CHUNG", "SUMMARY"),
    "yes": ("có", "yes"), "no": ("không", "no"),
}


def _t(table: dict, key: str, lang: str, **values: object) -> str:
    vi, en = table[key][:2]
    return (en if lang == "en" else vi).format(**values)


def add_analysis_sheets(workbook, analyses: Analyses | None, lang: str = "vi",
                        rounding: Rounding | None = None) -> list[str]:
    """Append the sheets of the analyses that were run; returns their titles.

    Indices are shown as the methodology rounds them (``rounding``; default two decimals
    half up), as on the results sheets: the same unit reads the same everywhere.
    """
    if analyses is None:
        return []
    rounding = rounding or Rounding()
    added = []

    def sheet(key: str) -> Worksheet:
        title, number = _t(SHEETS, key, lang), 2
        while title in workbook.sheetnames:  # never reuse a sheet the workbook already has
            title, number = f"{_t(SHEETS, key, lang)} ({number})", number + 1
        added.append(title)
        return workbook.create_sheet(title)

    if analyses.comparison is not None:
        year_sheet(sheet("yoy"), analyses, lang, rounding)
    if analyses.robust is not None:
        robust_sheet(sheet("robust"), analyses.robust, lang, rounding)
    if analyses.lost_across is not None and not analyses.lost_across.empty:
        lost_sheet(sheet("lost"), analyses, lang)
    if (analyses.overclaim is not None and not analyses.overclaim.empty) or (
            analyses.evidence is not None and not analyses.evidence.empty):
        claims_sheet(sheet("claims"), analyses, lang)
    if analyses.summary:
        summary_sheet(sheet("summary"), analyses.summary, lang)
    return added


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
    # the change between the indices as shown (89,9 → 79,9 is −10,0, whatever the digits)
    comparison["index_change"] = rounding.series(
        comparison["index_pct"] - comparison["prev_index_pct"])
    comparison["comparable"] = comparison["comparable"].map(
        lambda v: COMPARABLE.get(v, (v, v))[lang == "en"])
    _title(sheet, _t(TITLES, "yoy", lang))
    row = 2
    for problem in comparison.attrs.get("problems", []):
        if problem.code in ("A007", "A008"):
            set_cell(sheet.cell(row, 1), problem.message(lang))
            row += 1
    columns = ["unit", "group", "index_pct", "prev_index_pct", "index_change", "rank",
               "prev_rank", "rank_change", "classification", "prev_classification",
               "comparable", "previous_units"]
    ordered = comparison.sort_values(["group", "rank", "unit"], kind="stable")
    end = write_frame(sheet, ordered, columns, row + 1, lang, decimals=rounding.decimals)
    fields = analyses.field_comparison
    if fields is not None and not fields.empty:
        means = fields.groupby(["field", "field_name"], sort=False)[
            ["share", "prev_share", "change"]].mean().reset_index()
        _heading(sheet, end + 2, _t(TITLES, "yoy_fields", lang))
        write_frame(sheet, means, ["field", "field_name", "share", "prev_share", "change"],
                    end + 3, lang, widths=False)
    if comparison["prev_index_pct"].notna().any():
        from cchc_index.analysis import charts

        _image(sheet, lambda ax: charts.index_change(analyses.comparison, ax=ax, lang=lang),
               len(comparison), f"{get_column_letter(len(columns) + 3)}{row + 1}")


def robust_sheet(sheet: Worksheet, robust: pd.DataFrame, lang: str,
                 rounding: Rounding | None = None) -> None:
    rounding = rounding or Rounding()
    _title(sheet, _t(TITLES, "robust", lang))
    settings = robust.attrs.get("settings")
    if settings is not None:
        step = (f"{settings.step:g}" if settings.step is not None
                else f"{settings.step_share:.0%}")
        step = step.replace(".", ",") if lang == "vi" else step  # a decimal comma in text
        set_cell(sheet.cell(2, 1), _t(TITLES, "robust_settings", lang, runs=settings.runs,
                                      seed=settings.seed, step=step,
                                      p=f"{settings.probability * 100:g}",
                                      e=f"{settings.survey_error * 100:g}",
                                      settled=f"{settings.settled * 100:g}"))
    frame = _shown(robust, ["index_pct", "index_p05", "index_p95"], rounding)
    frame["settled"] = frame["settled"].map(
        lambda v: _t(TITLES, "yes" if v else "no", lang))
    bands = [c for c in robust.columns if c.startswith("p_")]
    columns = ["unit", "group", "index_pct", "index_p05", "index_p95", "rank", "rank_p05",
               "rank_median", "rank_p95", "classification", "class_probability", "settled",
               *bands]
    ordered = frame.sort_values(["group", "rank", "unit"], kind="stable")
    write_frame(sheet, ordered, columns, 4, lang, decimals=rounding.decimals)
    from cchc_index.analysis import charts

    anchor_row = 4
    for group, size in interval_charts(robust):
        _image(sheet, lambda ax, g=group: charts.rank_intervals(robust, g, ax=ax, lang=lang),
               size, f"{get_column_letter(len(columns) + 2)}{anchor_row}")
        anchor_row += int(size * 0.32 * 5) + 12


def lost_sheet(sheet: Worksheet, analyses: Analyses, lang: str) -> None:
    _title(sheet, _t(TITLES, "lost_across", lang))
    columns = ["code", "name", "units_losing", "units", "lost_total", "lost_mean", "share_lost"]
    end = write_frame(sheet, analyses.lost_across, columns, 3, lang)
    if analyses.lost_by_unit is not None and not analyses.lost_by_unit.empty:
        _heading(sheet, end + 2, _t(TITLES, "lost_units", lang))
        write_frame(sheet, analyses.lost_by_unit,
                    ["unit", "code", "name", "max_points", "points", "lost", "share_of_lost"],
                    end + 3, lang, widths=False)


def claims_sheet(sheet: Worksheet, analyses: Analyses, lang: str) -> None:
    row = 1
    for key, frame, columns in (
            ("overclaim", analyses.overclaim,
             ["unit", "self_total", "official_total", "not_confirmed", "not_confirmed_pct",
              "nodes_cut", "nodes_raised"]),
            ("disagreement", analyses.disagreement,
             ["code", "name", "units", "units_changed", "units_cut", "units_raised",
              "points_not_confirmed", "changed_pct"]),
            ("evidence", analyses.evidence,
             ["unit", "code", "name", "self_points", "file", "sheet", "cell"])):
        if frame is None or frame.empty:
            continue
        _heading(sheet, row, _t(TITLES, key, lang))
        row = write_frame(sheet, frame, columns, row + 1, lang, widths=row == 1) + 2


def summary_sheet(sheet: Worksheet, text: str, lang: str) -> None:
    _title(sheet, _t(TITLES, "summary", lang))
    set_cell(sheet.cell(3, 1), text)
    sheet.cell(3, 1).alignment = WRAP
    sheet.merge_cells("A3:J3")
    sheet.row_dimensions[3].height = max(60, 15 * (len(text) // 110 + 1))
    for col in range(1, 11):
        sheet.column_dimensions[get_column_letter(col)].width = 14


# Columns of indices: shown with the methodology's decimals.
_INDEX_COLUMNS = {"index_pct", "prev_index_pct", "index_change", "index_p05", "index_p95"}


def write_frame(sheet: Worksheet, frame: pd.DataFrame, columns: list[str], top: int,
                lang: str, widths: bool = True, decimals: int = 2) -> int:
    """A bordered table with headings at ``top``; returns the last row written. Index
    columns are shown with ``decimals`` decimals."""
    for col, name in enumerate(columns, start=1):
        heading = COLUMNS[name][lang == "en"] if name in COLUMNS else name.removeprefix("p_")
        cell = sheet.cell(top, col)
        set_cell(cell, heading)
        cell.font, cell.alignment, cell.border = BOLD, HEADER, BORDER
    for offset, values in enumerate(frame[columns].itertuples(index=False), start=1):
        for col, (name, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(top + offset, col)
            set_cell(cell, _plain(value))
            cell.border = BORDER
            number = "0%" if name.startswith("p_") else COLUMNS.get(name, ("", "", ""))[2]
            if name in _INDEX_COLUMNS:
                shown = number_format(decimals)
                number = f"+{shown};-{shown};{shown}" if name == "index_change" else shown
            if number and isinstance(cell.value, int | float):
                cell.number_format = number
    if widths:
        for col, name in enumerate(columns, start=1):
            wide = name in ("unit", "name", "previous_units", "field_name")
            sheet.column_dimensions[get_column_letter(col)].width = 30 if wide else 13
    if not sheet.print_title_rows:  # the first table's headings repeat on every page
        print_setup(sheet, (top, top))
    return top + len(frame)


def _title(sheet: Worksheet, text: str) -> None:
    _heading(sheet, 1, text, TITLE)


def _heading(sheet: Worksheet, row: int, text: str, font: Font = BOLD) -> None:
    """``text`` in column A of ``row``: a table's heading, or the sheet's title."""
    set_cell(sheet.cell(row, 1), text)
    sheet.cell(row, 1).font = font


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _image(sheet: Worksheet, draw, rows: int, anchor: str) -> None:
    from openpyxl.drawing.image import Image

    sheet.add_image(Image(chart_png(draw, rows, dpi=100)), anchor)


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
