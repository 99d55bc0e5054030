"""Sheets as plain grids of values with Excel addresses, whatever the file type.

Readers work on :class:`Grid` objects, so the same table logic serves .xlsx and .csv, and
every value keeps the cell it came from ("E14").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from cchc_index.errors import InputError, Problem


@dataclass
class Grid:
    """One sheet: ``rows[i][j]`` is the value of Excel row ``i + 1``, column ``j + 1``."""

    sheet: str
    rows: list[list[object]]
    hidden: bool = False
    # Merged ranges as (first_row, first_col, last_row, last_col), 1-based inclusive.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def value(self, row: int, col: int) -> object:
        """Value at 1-based ``row``, ``col``; None outside the grid."""
        if 1 <= row <= len(self.rows) and 1 <= col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def address(row: int, col: int) -> str:
    """``address(14, 5)`` is ``"E14"``."""
    return f"{get_column_letter(col)}{row}"


def read_grids(path: Path) -> list[Grid]:
    """All sheets of an .xlsx/.xlsm workbook (cached values) or the one table of a .csv."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_csv_grid(path)]
    return _workbook_grids(path)


def _csv_grid(path: Path) -> Grid:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1258", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    return Grid(sheet="", rows=[[c if c != "" else None for c in r] for r in rows])


def _workbook_grids(path: Path) -> list[Grid]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # a truncated or foreign file raises many kinds of errors
        raise InputError([Problem("I001", file=path.name, found=_why(exc))]) from exc
    grids = []
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges]
        grids.append(Grid(sheet.title, rows, sheet.sheet_state != "visible", merged))
    workbook.close()
    return grids


def _why(exc: Exception) -> str:
    name = type(exc).__name__
    if name in ("BadZipFile", "InvalidFileException"):
        return "không phải tệp Excel .xlsx hợp lệ hoặc tệp bị hỏng"
    return f"{name}: {exc}"[:200]
