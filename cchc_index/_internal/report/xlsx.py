"""The look of the results workbook, in one place: fonts, borders, number formats, print
setup, and the helpers every sheet writer uses to put values in cells.

Numbers go in as numbers (rounded the way the methodology shows them) with a number
format, so a Vietnamese Excel shows 91,58 and an English one 91.58. Text goes in as text,
even when it starts with "=", "+", "-" or "@".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from copy import copy
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index._internal.files import set_cell

FONT_NAME = "Times New Roman"  # the font of Vietnamese administrative documents
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE = Font(name=FONT_NAME, bold=True, size=13)
SUBTITLE = Font(name=FONT_NAME, italic=True, size=11)
HEADING = Font(name=FONT_NAME, bold=True, size=11)
BODY = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, bold=True, size=11)
NOTE = Font(name=FONT_NAME, italic=True, size=10)
MOTTO = Font(name=FONT_NAME, bold=True, underline="single", size=11)  # "Độc lập - Tự do - …"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
FLOW = Alignment(horizontal="left", vertical="center")  # runs on over empty cells
INTEGER = "0"


def number_format(decimals: int) -> str:
    """``"0.00"`` for 2 decimals; Excel shows the decimal separator of its locale."""
    return "0" if decimals <= 0 else "0." + "0" * decimals


def plain(value: object) -> object:
    """A value openpyxl can store: NumPy scalars as Python ones, NaN and NA as blank."""
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):  # pandas NA
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def put(sheet: Worksheet, row: int, col: int, value: object, *, font: Font = BODY,
        align: Alignment | None = None, fmt: str | None = None, border: bool = True,
        fill: PatternFill | None = None) -> Cell:
    """Write one styled cell; text stays text (never a live formula), without control
    characters (see :func:`cchc_index._internal.files.set_cell`)."""
    cell = sheet.cell(row, col)
    value = plain(value)
    set_cell(cell, value)
    number = isinstance(value, int | float)
    align = align if align is not None else RIGHT if number else LEFT
    _style(cell, font, align, fmt if number else None, border, fill)
    return cell


def _style(cell: Cell, font: Font, align: Alignment, fmt: str | None, border: bool,
           fill: PatternFill | None) -> None:
    """Style a cell. Assigning styles one by one makes openpyxl look each up in the
    workbook's tables (about 0.6 ms a cell); the resulting style indices are remembered
    per workbook and combination and copied, which is what openpyxl's own copy does."""
    styles = _STYLES.setdefault(cell.parent.parent, {})
    key = (id(font), id(align), fmt, border, id(fill))
    known = styles.get(key)
    if known is not None:
        cell._style = copy(known)
        return
    cell.font = font
    cell.alignment = align
    if fmt is not None:
        cell.number_format = fmt
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    styles[key] = copy(cell._style)


# workbook -> (font, alignment, format, border, fill) -> style indices in that workbook.
# The styles are module constants, so their ids are stable while a workbook is written.
_STYLES: WeakKeyDictionary = WeakKeyDictionary()


def merge(sheet: Worksheet, row: int, col: int, value: object, *, to_row: int | None = None,
          to_col: int | None = None, font: Font = BODY, align: Alignment = CENTER,
          border: bool = True, fill: PatternFill | None = None, fmt: str | None = None) -> None:
    """Write a value and merge its cell over a range, borders drawn on every cell."""
    to_row = to_row or row
    to_col = to_col or col
    put(sheet, row, col, value, font=font, align=align, border=border, fill=fill, fmt=fmt)
    if (to_row, to_col) != (row, col):
        sheet.merge_cells(start_row=row, start_column=col, end_row=to_row, end_column=to_col)
    if border or fill is not None:
        for r in range(row, to_row + 1):
            for c in range(col, to_col + 1):
                if (r, c) != (row, col):
                    if border:
                        sheet.cell(r, c).border = BORDER
                    if fill is not None:
                        sheet.cell(r, c).fill = fill


def header_row(sheet: Worksheet, row: int, headers: Iterable[str], first_col: int = 1) -> None:
    for col, text in enumerate(headers, start=first_col):
        put(sheet, row, col, text, font=HEADING, align=CENTER, fill=HEADER_FILL)


def widths(sheet: Worksheet, values: dict[int, float]) -> None:
    for col, width in values.items():
        sheet.column_dimensions[get_column_letter(col)].width = width


def print_setup(sheet: Worksheet, title_rows: tuple[int, int] | None = None,
                landscape: bool = True) -> None:
    """A4, landscape, fitted to the page width, header rows repeated on every page, page
    numbers in the footer."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "&P/&N"
    if title_rows:
        sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"


def wrapped_lines(value: object, width: float) -> int:
    """How many lines a text wraps to in a column ``width`` wide (Times New Roman 11 pt
    fits about 1.4 characters per unit of width; counted as 1.2 to leave room)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(1.0, width * 1.2 - 1)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in value.split("\n"))


def text_width(values: Iterable[object], least: float, most: float) -> float:
    """A column width that fits the longest text, within bounds."""
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return float(min(most, max(least, longest * 1.1 + 2)))
