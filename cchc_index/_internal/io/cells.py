"""Sheets as plain grids of values with Excel addresses, whatever the file type.

Readers work on :class:`Grid` objects, so the same table logic serves .xlsx and .csv, and
every value keeps the cell it came from ("E14").

Workbooks are parsed with python-calamine (Rust, about 20 times faster than openpyxl on a
form: 0.5 ms against 11 ms, benchmarks/bench_batch.py) when it is installed, and with
openpyxl otherwise. Both paths give identical grids:
the values are tidied the same way (see :func:`_tidy_rows`), so a reader never knows which
one ran. openpyxl is still used for what calamine cannot tell:

- **error cells** (``#DIV/0!``, ``#N/A``, …): calamine reads them as blank, which would
  turn a broken formula into a "missing" value. A workbook whose sheets hold an
  error-typed cell (``t="e"``; found by a byte scan of the sheet parts) is read with
  openpyxl, which gives the error text;
- **files calamine cannot open** (a damaged or unusual container): openpyxl gets a go, and
  its reason is the one reported when it fails too;
- **python-calamine missing**: everything is read with openpyxl.

Old Excel workbooks (.xls), OpenDocument spreadsheets (.ods) and Excel binary workbooks
(.xlsb) are read by python-calamine alone (openpyxl reads only .xlsx), after their sheets
were scanned (:mod:`cchc_index._internal.io.extent`): the scan gives what python-calamine does not,
the merged ranges of an .ods or .xlsb and the text of error cells, so that a grid is the
same whichever format the same table was saved in.

**What cannot be seen does not count**: the values of hidden rows (hidden by hand, by an
autofilter, inside a collapsed group) and hidden columns are blanked before any layout
reads the sheet, with one warning per sheet naming those that held values (S048). A
merged block whose first cell is hidden shows its value in its first visible cell: it is
moved there.

:func:`read_grids` opens a file by its path; :func:`workbook_grids` takes a workbook
already read and checked (its bytes and unpacked XML parts, see
:mod:`cchc_index._internal.io.loading`), so the scans for error cells and uncached formulas need
not unpack it again and calamine or openpyxl reads the bytes in memory (python-calamine
reads from memory as fast as from a path).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from cchc_index._internal.errors import InputError, Problem
from cchc_index._internal.io.extent import LARGE_MERGE, SheetFacts, xlsx_hidden
from cchc_index._internal.messages import Words, phrase
from cchc_index._internal.text import damaged_utf8

ENGINES = ("auto", "calamine", "openpyxl")
# Integral floats below this are given as ints (Excel keeps every number as a double).
_EXACT_INT = 2**53
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
# An error-typed cell (t="e" or t='e'); a regular expression finds it faster than bytes.find.
_ERROR_CELL = re.compile(rb""" t=(?:"e"|'e')""")


@dataclass
class Grid:
    """One sheet: ``rows[i][j]`` is the value of Excel row ``i + 1``, column ``j + 1``.

    Values are None (blank), str, int (integral numbers), float, bool, datetime, time or
    timedelta; ``rows`` is rectangular and stops at the last row and column holding a
    value.
    """

    sheet: str
    rows: list[list[object]]
    hidden: bool = False
    # Merged ranges as (first_row, first_col, last_row, last_col), 1-based inclusive, sorted.
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Formula text of the cells whose value was never computed (their value reads None),
    # by (row, col); see cchc_index._internal.io.formula_cells.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # Warnings about how the sheet was read (a CSV's bad bytes), for the file's report.
    problems: list[Problem] = field(default_factory=list)
    # Rows holding a value, when counted before reading because the sheet's cells were
    # taken out (more rows than any score table: see cchc_index._internal.io.extent); 0 otherwise.
    filled_rows: int = 0
    # The hidden rows and columns (1-based, within the grid) whose values were blanked.
    hidden_rows: frozenset[int] = frozenset()
    hidden_cols: frozenset[int] = frozenset()

    def value(self, row: int, col: int) -> object:
        """Value at 1-based ``row``, ``col``; None outside the grid."""
        if 1 <= row <= len(self.rows) and 1 <= col <= len(self.rows[row - 1]):
            return self.rows[row - 1][col - 1]
        return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@lru_cache(maxsize=1 << 16)
def address(row: int, col: int) -> str:
    """``address(14, 5)`` is ``"E14"``.

    Cached: the same cell of ten thousand forms is one string, not ten thousand (every
    value keeps its address, so this is a good share of a national batch's memory).
    """
    return f"{column_letter(col)}{row}"


def column_letter(col: int) -> str:
    """``column_letter(28)`` is ``"AB"`` (1-based)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_grids(path: Path, engine: str = "auto") -> list[Grid]:
    """All worksheets of a workbook (cached formula values) or the one table of a .csv.

    ``engine`` is ``"auto"`` (python-calamine where it can, see the module notes),
    ``"calamine"`` (the same, for symmetry in tests) or ``"openpyxl"``; every engine gives
    the same grids. Raises :class:`InputError` (I001) for a file no engine can open.

    A workbook whose cells reach absurdly far (a value in XFD1048576 makes python-calamine
    abort the process) is read as :func:`cchc_index._internal.io.loading.load_input` reads it: from
    a copy without the far cells, after the safety checks (their refusal raised).
    """
    _check_engine(engine)
    if path.suffix.lower() == ".csv":
        return [grid_from_csv(path.read_bytes(), path.name)]
    from cchc_index._internal.io.formula_cells import attach_formulas

    if _other_format(path) or _hazardous(path):
        from cchc_index._internal.io.loading import load_input

        loaded = load_input(path, engine=engine)
        if loaded.grids is None:
            raise InputError(loaded.problems)
        return loaded.grids
    if engine != "openpyxl":
        grids = calamine_grids(path)
        if grids is not None:
            return attach_formulas(path, grids)
    return attach_formulas(path, openpyxl_grids(path))


# Workbooks only python-calamine reads (read through cchc_index._internal.io.loading, which checks
# and scans them first).
OTHER_KINDS = ("xls", "ods", "xlsb")


def _other_format(path: Path) -> bool:
    """Whether a file holds an .xls (an OLE compound file), an .ods or an .xlsb, whatever
    its name says."""
    from cchc_index._internal.io.safety import OLE_SIGNATURE

    try:
        with path.open("rb") as handle:
            if handle.read(8) == OLE_SIGNATURE:
                return True
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False
    return "xl/workbook.bin" in names or {"mimetype", "content.xml"} <= names


def _hazardous(path: Path) -> bool:
    """Whether the XML parts of a (zip) workbook would make a reader's memory explode
    (:func:`cchc_index._internal.io.extent.find_hazards`, with the default limit)."""
    from cchc_index._internal.io.extent import find_hazards
    from cchc_index._internal.io.safety import DEFAULT_LIMITS, XML_PART

    try:
        with zipfile.ZipFile(path) as archive:
            parts = {info.filename: archive.read(info) for info in archive.infolist()
                     if XML_PART.search(info.filename)}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False  # not a zip (.xls) or damaged: the readers will say
    return bool(find_hazards(parts, DEFAULT_LIMITS.max_cells))


def workbook_grids(path: Path, data: bytes, parts: Mapping[str, bytes],
                   engine: str = "auto", stored: bytes | None = None, *,
                   kind: str = "xlsx", facts: Mapping[str, SheetFacts] | None = None,
                   hidden: Mapping[str, SheetFacts] | None = None) -> list[Grid]:
    """:func:`read_grids` of a workbook already read and checked: ``data`` is the
    file's bytes and ``parts`` its unpacked XML parts by name
    (:func:`cchc_index._internal.io.safety.inspect_file`), which show the error cells and the
    uncached formulas without unpacking the file again. ``stored``, when given, is the
    same workbook with its checked parts stored unpacked, which python-calamine reads
    instead of ``data`` (it need not inflate them again); openpyxl reads ``data``.
    ``path`` names the file.

    ``kind`` is what the file is (:attr:`cchc_index._internal.io.safety.Inspection.kind`): an
    .xls, .ods or .xlsb is read by python-calamine whatever ``engine`` says, with the
    ``facts`` of its sheets (by name) found by the checks; raises :class:`InputError`
    (S002, S006, S046; S003 for a password) when python-calamine cannot read it.
    ``hidden`` gives an .xlsx's hidden rows and columns by worksheet part
    (:func:`cchc_index._internal.io.extent.scan_workbook`), found from ``parts`` when not given.
    """
    _check_engine(engine)
    if kind in OTHER_KINDS:
        return _other_read(io.BytesIO(data if stored is None else stored), kind,
                           facts or {}, path.name)
    from cchc_index._internal.io.formula_cells import attach_formulas

    grids = None
    if engine != "openpyxl" and not _error_cells_in(parts):
        if hidden is None:
            hidden = {name: found for name, xml in parts.items()
                      if _is_worksheet(name) and (found := xlsx_hidden(xml)) is not None}
        grids = _calamine_read(io.BytesIO(data if stored is None else stored),
                               _by_sheet(parts, hidden), path.name)
    if grids is None:
        grids = _openpyxl_read(io.BytesIO(data), path.name)
    return attach_formulas(path, grids, parts)


def _by_sheet(parts: Mapping[str, bytes],
              by_part: Mapping[str, SheetFacts]) -> dict[str, SheetFacts]:
    """Facts by worksheet part ("xl/worksheets/sheet1.xml") as facts by sheet name."""
    if not by_part:
        return {}
    from cchc_index._internal.io.formula_cells import sheet_parts

    return {sheet: by_part[part] for sheet, part in sheet_parts(parts).items()
            if part in by_part}


def _other_read(source: BinaryIO, kind: str, facts: Mapping[str, SheetFacts],
                name: str) -> list[Grid]:
    """The worksheets of an .xls, .ods or .xlsb (see :func:`workbook_grids`)."""
    from cchc_index._internal.io.safety import damaged_problem

    try:
        return _calamine_sheets(source, facts, name, kind)
    except _CalamineFailed as failed:
        if failed.password:
            raise InputError([Problem("S003", file=name)]) from None
        raise InputError([damaged_problem(kind, name,
                                                    phrase("reading", "as_said",
                                                           reason=failed.reason))]) from None


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def grid_from_csv(data: bytes, name: str) -> Grid:
    """The table of a CSV file's bytes. Quotes are always double quotes (an apostrophe
    starts the cells our CSV output neutralises: "'=…", "'-5"); the delimiter is found by
    :func:`csv_delimiter`. Raises :class:`InputError` (I001, naming ``name``) for a CSV
    the csv module cannot parse (a field over its size limit)."""
    text, damaged = csv_text(data)
    if text is None:
        raise InputError([Problem("I001", file=name, found=Words("reading", "utf16_damaged"))])
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=csv_delimiter(text),
                               quotechar='"', skipinitialspace=True))
    except csv.Error as exc:
        raise InputError([Problem("I001", file=name, found=f"CSV: {exc}")]) from exc
    problems = [Problem("I008", "warning", name, found=str(damaged))] if damaged else []
    return Grid(sheet="", rows=[[c if c != "" else None for c in r] for r in rows],
                problems=problems)


def csv_text(data: bytes) -> tuple[str | None, int]:
    r"""The text of a CSV file's bytes, and how many characters could not be read.

    Excel's "Unicode Text" is UTF-16 with a byte-order mark (None when it is damaged);
    otherwise UTF-8, with or without a mark. A UTF-8 file with a few bad bytes (two files
    pasted together, an editor's slip) is still UTF-8, its bad bytes replaced by "�" and
    counted; a file that is not UTF-8 at all is read in the Vietnamese Windows code page.

    >>> csv_text("Xã Đông Hưng;1\nPhường Lưu Kiếm;2".encode() + b"\xff\n")
    ('Xã Đông Hưng;1\nPhường Lưu Kiếm;2�\n', 1)
    >>> csv_text("Đông Hưng;1".encode("cp1258"))
    ('Đông Hưng;1', 0)
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), 0
        except UnicodeDecodeError:
            return None, 0
    try:
        return data.decode("utf-8-sig"), 0
    except UnicodeDecodeError:
        pass
    damaged = damaged_utf8(data.removeprefix(codecs.BOM_UTF8))
    if damaged is not None:
        return damaged
    try:
        return data.decode("cp1258"), 0
    except UnicodeDecodeError:
        return data.decode("latin-1"), 0


CSV_DELIMITERS = ",;\t"
_SNIFFED_RECORDS = 50


# Where no delimiter splits most records alike, the file is one column (a list of names,
# some of which may hold a comma or a semicolon): a separator that text never holds.
ONE_COLUMN = "\x1f"


def csv_delimiter(text: str) -> str:
    """The one of ``CSV_DELIMITERS`` that splits the most of the first records into the
    same number (two or more) of fields; on a tie, the one giving more fields, then the
    first. A title line above the header, decimal commas and quoted commas do not sway it.
    A delimiter must split at least two records and half of the non-blank ones; where none
    does, the file is one column (:data:`ONE_COLUMN`).

    >>> csv_delimiter("BẢNG ĐIỂM, NĂM 2024\\nSTT;Đơn vị;Điểm\\n1;Xã A;0,5\\n2;Xã B;1,5\\n")
    ';'
    >>> csv_delimiter("Đơn vị\\nXã A\\nXã B; thị trấn C\\nXã D\\n") == ONE_COLUMN
    True
    """
    best, best_score = ONE_COLUMN, (0, 0)
    for delimiter in CSV_DELIMITERS:
        score, records = _split_score(text, delimiter)
        if score[0] >= 2 and 2 * score[0] >= records and score > best_score:
            best, best_score = delimiter, score
    return best


def _split_score(text: str, delimiter: str) -> tuple[tuple[int, int], int]:
    """((records, fields), non-blank records): how many of the first records have the
    commonest field count (of two or more), that count, and how many records were seen."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"',
                        skipinitialspace=True)
    counts = Counter()
    seen = 0
    try:
        for record in itertools.islice(reader, _SNIFFED_RECORDS):
            if any(field.strip() for field in record):
                seen += 1
            if len(record) > 1:
                counts[len(record)] += 1
    except csv.Error:
        pass  # a field over the csv module's limit: judge on the records before it
    best = max(((records, fields) for fields, records in counts.items()), default=(0, 0))
    return best, seen


def calamine_grids(path: Path) -> list[Grid] | None:
    """The worksheets read by python-calamine, or None where openpyxl must read the file
    (calamine missing, the file unreadable by calamine, or error cells in it)."""
    if _has_error_cells(path):
        return None
    return _calamine_read(str(path), _hidden_in_file(path), path.name)


def _hidden_in_file(path: Path) -> dict[str, SheetFacts]:
    """The hidden rows and columns of each sheet of a (zip) workbook, by sheet name."""
    from cchc_index._internal.io.formula_cells import sheet_parts

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            sheets = sheet_parts({name: b"" for name in names}, archive.read)
            found = {sheet: xlsx_hidden(archive.read(part)) for sheet, part in sheets.items()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError,
            NotImplementedError):
        return {}
    return {sheet: facts for sheet, facts in found.items() if facts is not None}


class _CalamineFailed(Exception):
    """python-calamine could not read a workbook: its reason (and whether it asked for
    a password)."""

    def __init__(self, reason: str, password: bool = False):
        super().__init__(reason)
        self.reason, self.password = reason, password


def _calamine_read(source: str | BinaryIO, facts: Mapping[str, SheetFacts] | None = None,
                   name: str = "") -> list[Grid] | None:
    """The worksheets of a file (path) or file object, or None when python-calamine is
    missing or cannot read them. ``facts`` (by sheet name) give the hidden rows and
    columns to leave out (see :func:`_leave_out_hidden`); ``name`` names the file in the
    warning about them."""
    try:
        return _calamine_sheets(source, facts or {}, name)
    except _CalamineFailed:
        return None


def _calamine_sheets(source: str | BinaryIO, facts: Mapping[str, SheetFacts], name: str,
                     kind: str = "xlsx") -> list[Grid]:
    """:func:`_calamine_read`, raising :class:`_CalamineFailed` (with calamine's reason)
    where it cannot read the file. For an .ods or .xlsb the merged ranges are those of
    ``facts`` (python-calamine gives none); for any kind but .xlsx the error cells of
    ``facts`` get their text (python-calamine reads them as blank; an .xlsx holding one
    is read by openpyxl)."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum
    except ImportError:
        raise _CalamineFailed("python-calamine is not installed") from None
    try:
        if isinstance(source, str):
            workbook = CalamineWorkbook.from_path(source)
        else:
            workbook = CalamineWorkbook.from_filelike(source)
    except BaseException as exc:  # calamine's errors vary; openpyxl decides and explains
        _unless_interrupted(exc)
        raise _CalamineFailed(_calamine_why(exc), "Password" in type(exc).__name__) from None
    grids = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no cells (openpyxl leaves them out too)
            sheet = workbook.get_sheet_by_name(meta.name)
            found = facts.get(meta.name)
            if found is not None and found.merged is not None:
                merged = list(found.merged)
            else:
                merged = [(r0 + 1, c0 + 1, r1 + 1, c1 + 1)
                          for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
            rows = sheet.to_python(skip_empty_area=False)
            left_out = _LeftOut(merged)
            if found is not None:
                if kind != "xlsx" and found.errors:
                    _overlay(rows, found.errors)
                left_out = _leave_out_hidden(rows, merged, found, meta.name, name)
            rows = _tidy_rows(rows, unescape=False)
            grids.append(left_out.grid(meta.name, rows,
                                       meta.visible != SheetVisibleEnum.Visible))
    except BaseException as exc:
        _unless_interrupted(exc)
        raise _CalamineFailed(_calamine_why(exc)) from None
    finally:
        workbook.close()
    return grids


def _calamine_why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def _overlay(rows: list[list[object]], cells: Mapping[tuple[int, int], object]) -> None:
    """Set the values of ``cells`` (1-based) in ``rows``, growing the grid where needed
    (an error cell python-calamine left out may stand past its last value)."""
    for (row, col), value in cells.items():
        _put(rows, row, col, value)


def _put(rows: list[list[object]], row: int, col: int, value: object) -> None:
    while len(rows) < row:
        rows.append([])
    line = rows[row - 1]
    if len(line) < col:
        line.extend([None] * (col - len(line)))
    line[col - 1] = value


def _hidden_numbers(ranges: list[tuple[int, int]], limit: int) -> list[int]:
    """The numbers of ``ranges`` up to ``limit`` (ranges may reach the sheet's end)."""
    return sorted({n for first, last in ranges for n in range(first, min(last, limit) + 1)})


def _leave_out_hidden(rows: list[list[object]], merged: list[tuple[int, int, int, int]],
                      facts: SheetFacts, sheet: str, name: str) -> _LeftOut:
    """Blank the hidden rows and columns of ``facts`` in ``rows`` (in place, before the
    values are tidied); the merged ranges without their hidden edges (a block whose first
    cell is hidden has its value moved to its first visible cell, as Excel shows it; a
    block all hidden is left out); one warning (S048) naming the hidden rows and columns
    that held a value, none when they held nothing."""
    height = len(rows)
    width = max((len(line) for line in rows), default=0)
    hidden_rows = frozenset(_hidden_numbers(facts.hidden_rows, height))
    hidden_cols = frozenset(_hidden_numbers(facts.hidden_cols, width))
    if not hidden_rows and not hidden_cols:
        return _LeftOut(merged)
    kept = []
    for first_row, first_col, last_row, last_col in merged:
        top, bottom = first_row, last_row
        while top <= bottom and top in hidden_rows:
            top += 1
        while bottom >= top and bottom in hidden_rows:
            bottom -= 1
        left, right = first_col, last_col
        while left <= right and left in hidden_cols:
            left += 1
        while right >= left and right in hidden_cols:
            right -= 1
        if top > bottom or left > right:
            continue
        if (top, left) != (first_row, first_col) and first_row <= height:
            line = rows[first_row - 1]
            if first_col <= len(line) and not _blank(line[first_col - 1]):
                _put(rows, top, left, line[first_col - 1])
                line[first_col - 1] = None
        kept.append((top, left, bottom, right))
    held_rows = [r for r in sorted(hidden_rows) if any(not _blank(v) for v in rows[r - 1])]
    held_cols = [c for c in sorted(hidden_cols)
                 if any(c <= len(line) and not _blank(line[c - 1]) for line in rows)]
    for row in hidden_rows:
        rows[row - 1] = [None] * len(rows[row - 1])
    if hidden_cols:
        for line in rows:
            for col in hidden_cols:
                if col <= len(line):
                    line[col - 1] = None
    problems = [_hidden_warning(held_rows, held_cols, sheet, name)] if (
        held_rows or held_cols) else []
    return _LeftOut(kept, problems, hidden_rows, hidden_cols)


@dataclass
class _LeftOut:
    """What :func:`_leave_out_hidden` did: the merged ranges kept, the warning, the
    hidden rows and columns blanked."""

    merged: list[tuple[int, int, int, int]]
    problems: list[Problem] = field(default_factory=list)
    rows: frozenset[int] = frozenset()
    cols: frozenset[int] = frozenset()

    def grid(self, sheet: str, rows: list[list[object]], hidden: bool) -> Grid:
        """The grid of the tidied ``rows`` of a sheet so read."""
        return Grid(sheet, rows, hidden, _within(self.merged, rows), problems=self.problems,
                    hidden_rows=self.rows, hidden_cols=self.cols)


def _blank(value: object) -> bool:
    return value is None or value == ""


def _hidden_warning(rows: list[int], cols: list[int], sheet: str, name: str) -> Problem:
    """S048: "bỏ qua 2 dòng ẩn (15, 16) và 1 cột ẩn (F)"."""
    row_text = _numbers_text([str(r) for r in rows], rows)
    col_text = _numbers_text([column_letter(c) for c in cols], cols)
    hidden = [phrase("reading", f"hidden_{kind}{'s' if len(which) > 1 else ''}",
                     n=len(which), which=text)
              for kind, which, text in (("row", rows, row_text), ("col", cols, col_text))
              if which]
    return Problem("S048", "warning", name, sheet,
                   found="; ".join(text for text in (row_text, col_text) if text),
                   params={"hidden": hidden[0] if len(hidden) == 1
                           else phrase("reading", "hidden_both", rows=hidden[0],
                                       cols=hidden[1])})


def _numbers_text(labels: list[str], numbers: list[int], most: int = 12) -> str:
    """"15, 16, 20–24" (runs of three or more as a range; at most ``most`` pieces)."""
    pieces, index = [], 0
    while index < len(numbers):
        end = index
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end - index >= 2:
            pieces.append(f"{labels[index]}–{labels[end]}")
        else:
            pieces += labels[index:end + 1]
        index = end + 1
    return ", ".join(pieces[:most]) + (", …" if len(pieces) > most else "")


def _unless_interrupted(exc: BaseException) -> None:
    """Re-raise Ctrl+C and exits; anything else from calamine (a Rust panic arrives as a
    BaseException) only sends the file to openpyxl."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc


def _has_error_cells(path: Path) -> bool:
    """Whether a worksheet part of the (zip) workbook holds an error-typed cell."""
    try:
        with zipfile.ZipFile(path) as archive:
            return any(_ERROR_CELL.search(archive.read(info))
                       for info in archive.infolist() if _is_worksheet(info.filename))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return False  # not a zip (.xls) or damaged: calamine and openpyxl will say


def _error_cells_in(parts: Mapping[str, bytes]) -> bool:
    """:func:`_has_error_cells` of a workbook's unpacked parts."""
    return any(_ERROR_CELL.search(data) for name, data in parts.items() if _is_worksheet(name))


def _is_worksheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def openpyxl_grids(path: Path) -> list[Grid]:
    """The worksheets read by openpyxl (normal mode: read-only mode has no merged ranges)."""
    return _openpyxl_read(path, path.name)


def _openpyxl_read(source: Path | BinaryIO, name: str) -> list[Grid]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, data_only=True)
    except Exception as exc:  # a truncated or foreign file raises many kinds of errors
        raise InputError([Problem("I001", file=name, found=_why(exc))]) from exc
    grids = []
    for sheet in workbook.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col)
                  for r in sheet.merged_cells.ranges]
        hidden = _openpyxl_hidden(sheet)
        left_out = (_LeftOut(merged) if hidden is None
                    else _leave_out_hidden(rows, merged, hidden, sheet.title, name))
        rows = _tidy_rows(rows, unescape=True)
        grids.append(left_out.grid(sheet.title, rows, sheet.sheet_state != "visible"))
    workbook.close()
    return grids


def _openpyxl_hidden(sheet) -> SheetFacts | None:
    """The hidden rows and columns openpyxl read (``row_dimensions``,
    ``column_dimensions``); None when there are none."""
    rows = [(number, number) for number, row in sheet.row_dimensions.items() if row.hidden]
    cols = [(column.min, column.max) for column in sheet.column_dimensions.values()
            if column.hidden and column.min]
    if not rows and not cols:
        return None
    return SheetFacts(hidden_rows=rows, hidden_cols=cols)


def _within(merged: list[tuple[int, int, int, int]],
            rows: list[list[object]]) -> list[tuple[int, int, int, int]]:
    """Merged ranges, sorted; one larger than ``LARGE_MERGE`` cells clipped to the grid
    (left out when it starts outside it).

    Outside the grid every cell is blank, so nothing a reader sees changes, but a block
    merged down to row 1048576 would have the form reader walk a million rows.
    """
    height, width = len(rows), len(rows[0]) if rows else 0
    kept = []
    for first_row, first_col, last_row, last_col in merged:
        if (last_row - first_row + 1) * (last_col - first_col + 1) > LARGE_MERGE:
            if first_row > height or first_col > width:
                continue
            last_row, last_col = min(last_row, height), min(last_col, width)
        kept.append((first_row, first_col, last_row, last_col))
    return sorted(kept)


def _tidy_rows(rows: list[list[object]], unescape: bool) -> list[list[object]]:
    """The one shape and typing of values both engines are brought to (in place).

    - blank text is None (calamine gives "" for empty cells and for formulas without a
      cached value; openpyxl gives None);
    - an integral number below 2**53 is an int, other numbers floats (calamine gives every
      number as a float, openpyxl an int when the file wrote no decimal point);
    - a date is a midnight datetime (calamine gives a date, openpyxl a datetime);
    - ``_x000D_``-style escapes in text are decoded, as Excel shows them (calamine decodes
      them, openpyxl does not). openpyxl has already turned an escaped literal
      ``_x005F_x000D_`` into ``_x000D_``, so that rare text still differs;
    - trailing blank rows and columns are dropped (openpyxl counts styled empty cells).
    """
    last_row, width = 0, 0
    intern = sys.intern
    for number, row in enumerate(rows, start=1):
        used = 0
        for j, value in enumerate(row):
            kind = type(value)
            if kind is str:  # the commonest first: text and calamine's blanks
                if not value:
                    row[j] = None
                    continue
                if unescape and "_x" in value:
                    value = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)
                # One object for a text repeated across forms (criterion names, "KPS").
                row[j] = intern(value)
            elif kind is float:
                if value.is_integer() and -_EXACT_INT < value < _EXACT_INT:
                    row[j] = int(value)
            elif value is None:
                continue
            elif kind is int:
                if not -_EXACT_INT < value < _EXACT_INT:
                    row[j] = float(value)
            elif kind is dt.date:
                row[j] = dt.datetime(value.year, value.month, value.day)
            used = j + 1
        if used:
            last_row = number
            if used > width:
                width = used
    tidy = rows[:last_row]
    for index, row in enumerate(tidy):
        if len(row) > width:
            tidy[index] = row[:width]
        elif len(row) < width:
            row.extend([None] * (width - len(row)))
    return tidy


def _why(exc: Exception) -> str | Words:
    name = type(exc).__name__
    if name in ("BadZipFile", "InvalidFileException"):
        return Words("reading", "not_xlsx")
    return f"{name}: {exc}"[:200]
