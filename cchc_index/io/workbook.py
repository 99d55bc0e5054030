"""The results workbook an analyst pastes into the official report.

Sheets: ``Tổng hợp`` (the annex table, then units per class), ``Kiểm tra`` (the validation
report) and ``Thông tin`` (methodology, input files with SHA-256, version, date).
Numbers are stored as numbers with number formats, so a Vietnamese Excel shows 91,58.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index.errors import PROBLEM_COLUMNS
from cchc_index.io.results import atomic_write, set_cell
from cchc_index.pipeline import RunResult

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_workbook(result: RunResult, path: str | Path, lang: str = "vi") -> Path:
    """Write the results workbook atomically; returns its path."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    _summary_sheet(summary, result)
    _report_sheet(workbook.create_sheet("Kiểm tra"), result, lang)
    _info_sheet(workbook.create_sheet("Thông tin"), result)
    return atomic_write(Path(path), workbook.save)


def _summary_sheet(sheet: Worksheet, result: RunResult) -> None:
    methodology = result.methodology
    fields = methodology.fields
    headers = ["STT", "Đơn vị"]
    if result.results["group"].astype(str).str.len().gt(0).any():
        headers.append("Nhóm")
    headers += [f"Lĩnh vực {code}" for code in fields["code"]]
    headers += ["Tổng điểm", "Chỉ số (%)", "Xếp hạng", "Xếp loại", "Ghi chú"]
    year = next((y for y in result.results.get("year", pd.Series(dtype=str)) if y), "")
    title = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH" + (f" NĂM {year}" if year else "")
    sheet.cell(1, 1, title).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.cell(1, 1).alignment = CENTER
    _text_cell(sheet.cell(2, 1), methodology.describe())
    sheet.cell(2, 1).alignment = CENTER
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    header_row = 4
    for col, text in enumerate(headers, start=1):
        cell = sheet.cell(header_row, col, text)
        cell.font, cell.alignment, cell.border = BOLD, CENTER, BORDER
    decimals = methodology.rounding.decimals
    number = "0" if decimals == 0 else "0." + "0" * decimals
    ordered = result.results.sort_values(["group", "rank", "unit"], kind="stable")
    for position, row in enumerate(ordered.itertuples(), start=1):
        values: list[object] = [position, row.unit]
        if "Nhóm" in headers:
            values.append(row.group)
        values += [getattr(row, f"field_{code}") for code in fields["code"]]
        values += [row.points, row.index_display, _int(row.rank), row.classification,
                   "" if row.appraised else "Chưa thẩm định"]
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(header_row + position, col)
            _text_cell(cell, _plain(value))
            cell.border = BORDER
            if isinstance(cell.value, float):
                cell.number_format = number
    last = header_row + len(ordered)
    _class_summary(sheet, result, last + 2)
    sheet.freeze_panes = sheet.cell(header_row + 1, 3)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToHeight = 0
    widths = {1: 6, 2: 28}
    for col in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(col, 12)


def _class_summary(sheet: Worksheet, result: RunResult, top: int) -> None:
    counts = result.results["classification"].value_counts()
    total = int(counts.sum())
    for col, text in enumerate(["Xếp loại", "Số lượng", "Tỷ lệ (%)"], start=2):
        cell = sheet.cell(top, col, text)
        cell.font, cell.border, cell.alignment = BOLD, BORDER, CENTER
    bands = sorted(result.methodology.bands, key=lambda b: b.lower_bound, reverse=True)
    for offset, band in enumerate(bands, start=1):
        count = int(counts.get(band.label, 0))
        _text_cell(sheet.cell(top + offset, 2), band.label)
        cells = [sheet.cell(top + offset, 2), sheet.cell(top + offset, 3, count),
                 sheet.cell(top + offset, 4, count / total * 100 if total else 0.0)]
        cells[2].number_format = "0.00"
        for cell in cells:
            cell.border = BORDER


def _report_sheet(sheet: Worksheet, result: RunResult, lang: str) -> None:
    report = result.report(lang)
    headers = {"vi": ["Mức độ", "Mã", "Tệp", "Trang tính", "Ô", "Đơn vị", "Tiêu chí",
                      "Giá trị", "Yêu cầu", "Nội dung"]}.get(lang, PROBLEM_COLUMNS)
    for col, text in enumerate(headers, start=1):
        sheet.cell(1, col, text).font = BOLD
    severity = {"error": "Lỗi", "warning": "Cảnh báo"} if lang == "vi" else {}
    for row, values in enumerate(report.itertuples(index=False), start=2):
        for col, value in enumerate(values, start=1):
            value = severity.get(value, value) if col == 1 else value
            _text_cell(sheet.cell(row, col), value)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["J"].width = 90


def _info_sheet(sheet: Worksheet, result: RunResult) -> None:
    from cchc_index import __version__

    methodology = result.methodology
    rows = [("Bộ chỉ số", methodology.name), ("Số quyết định", methodology.decision),
            ("Năm", methodology.years), ("Cấp", methodology.level),
            ("Nguồn phương pháp", methodology.source),
            ("Phiên bản cchc_index", __version__),
            ("Thời điểm chạy", datetime.now().strftime("%d/%m/%Y %H:%M")), ("", ""),
            ("Tệp đầu vào", "SHA-256")]
    rows += [(Path(f.path).name, f.sha256) for f in result.files]
    for row, (key, value) in enumerate(rows, start=1):
        _text_cell(sheet.cell(row, 1), key)
        _text_cell(sheet.cell(row, 2), value)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 80


def _text_cell(cell: Cell, value: object) -> None:
    """Store text as text, even when it starts with = + - @ (never a live formula)."""
    set_cell(cell, value)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)
