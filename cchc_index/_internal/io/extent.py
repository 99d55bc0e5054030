"""How far a worksheet's cells really reach, found before any reader builds its grid.

Both readers build a dense grid from A1 to the farthest cell: python-calamine to the last
cell holding a value (one value in A1048576 costs a 7 KB form about 450 MiB and 3 s; one in
XFD1048576 makes it request about 512 GiB and **abort the process**, SIGABRT from Rust: no
Python exception, no cleanup), openpyxl (read cell by cell) to the last cell element, even
an empty styled one. The ``<dimension>`` element can lie either way: the cells' own
``r="…"`` references are the truth, and a cell or row without one stands after the one
before it (both readers count them so).

:func:`find_hazards` looks at a workbook's unpacked XML parts (about 0.1 ms for a form, a
few regular-expression passes; a cell-by-cell walk only where a cell or row has no
reference) and lists what would make a reader's memory explode:

- a worksheet whose cells span more than ``limits.max_cells`` cells (rows × columns from
  A1);
- a merged range of more than ``LARGE_MERGE`` cells (openpyxl makes an object per merged
  cell: one of a million cells costs it 2 GiB and two minutes; the form reader walks the
  rows of a merged block);
- a shared-strings part declaring more strings than it can hold (``uniqueCount``:
  python-calamine reserves that many strings up front: 99,999,999,999 aborts it).

:func:`neutralize` rewrites those parts so that no reader can be hurt: cells beyond the
region a score table can fill (``limits.max_rows`` rows, then as many columns as
``limits.max_cells`` allows) are taken out, with the count and the farthest of those that
held a value for the warning; large merged ranges are clipped to the cells kept; a lying string
count is corrected. A sheet holding more than ``limits.max_rows`` rows of values is emptied
and reported as :func:`cchc_index._internal.io.safety.within_row_limit` reports a long sheet.

>>> scan(b'<sheetData><row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row></sheetData>')
(3, 3, 'C3')
"""

from __future__ import annotations

import html
import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from cchc_index._internal.messages import phrase

_NS = rb"(?:[\w.-]+:)?"
# Attributes of a tag, quoted values allowed to hold ">" (group 1).
_ATTRIBUTES = rb"""((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)"""
# A row or cell tag: closing slash, name, attributes, self-closing slash.
_TAG = re.compile(rb"<(/?)" + _NS + rb"(row|c)" + _ATTRIBUTES + rb"\s*(/?)>")
_REF = re.compile(rb"""\sr\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(rb"([A-Za-z]+)(\d+)")
_ROW_REF = re.compile(rb"[A-Za-z]*(\d+)")
# A row or cell tag without a reference (its place counts from the one before).
_UNREFERENCED = re.compile(rb"<" + _NS + rb"(?:row|c)(?=[\s/>])(?![^>]*\sr\s*=)")
# A reference that is not plain letters and digits (entities, spaces, "1e6").
_ODD_REF = re.compile(rb"""\sr\s*=\s*["'](?![A-Za-z]*\d+["'])""")
_ROW_NUMBERS = re.compile(rb"""\sr\s*=\s*["'][A-Za-z]*(\d+)""")
_COLUMN_LETTERS = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]+)""")
_SHEET_DATA = re.compile(rb"<" + _NS + rb"sheetData\b")
_SHEET_DATA_END = re.compile(rb"</" + _NS + rb"sheetData\s*>")
# A merged range: prefix, attributes.
_MERGE = re.compile(rb"<(" + _NS + rb")mergeCell\b" + _ATTRIBUTES
                    + rb"\s*(?:/>|>\s*</" + _NS + rb"mergeCell\s*>)")
_MERGE_REF = re.compile(rb"""\sref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_RANGE = re.compile(rb"\s*([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?\s*")
_STRINGS = re.compile(rb"<" + _NS + rb"sst\b[^>]*?\suniqueCount\s*=\s*[\"'](\d+)[\"']")
_STRING_ITEM = re.compile(rb"<" + _NS + rb"si[\s/>]")
# Cells of a merged range beyond which it is clipped to the cells a sheet holds (a form's
# largest block is a few hundred cells). Z999 spans fewer (see _NOT_SMALL_MERGE).
LARGE_MERGE = 26_000
# The shortest string item, "<si/>": a part holds at most len/5 of them.
_MIN_ITEM_BYTES = 5


@dataclass(frozen=True)
class Hazard:
    """One part a reader must not be handed as it is."""

    part: str
    kind: str  # "cells" (too far), "merge" (a merged range too large), "strings" (count)
    rows: int = 0  # the cells' extent, for "cells"
    cols: int = 0
    far: str = ""  # the farthest cell ("XFD1048576"), for "cells"


@dataclass
class Trimmed:
    """What :func:`neutralize` did to one worksheet part."""

    part: str
    dropped: int = 0  # cells holding a value that were taken out
    far: str = ""  # the farthest of them
    rows: int = 0  # the region kept: rows ...
    cols: int = 0  # ... and columns
    filled_rows: int = 0  # rows holding a value, when more than the row limit (then emptied)


@dataclass
class Neutralized:
    """The rewritten parts (by name) and what was taken out of each worksheet."""

    parts: dict[str, bytes] = field(default_factory=dict)
    trimmed: list[Trimmed] = field(default_factory=list)


def column_number(letters: bytes | str) -> int:
    """``column_number("XFD")`` is 16384 (either case, as python-calamine reads it)."""
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(ch) - 64
    return number


class Hazards(list):
    """The hazards of a workbook (a list of :class:`Hazard`), with what the same pass over
    its parts found besides: ``hidden``, the hidden rows and columns of each worksheet
    part that hides any (see :func:`xlsx_hidden`)."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, SheetFacts] = {}


def find_hazards(parts: Mapping[str, bytes], max_cells: int) -> Hazards:
    """The parts of a workbook (unpacked XML parts by name) that would make a reader
    allocate far more than the file holds; empty for every ordinary workbook. The same
    pass finds the hidden rows and columns of each worksheet (``.hidden`` of the list)."""
    found = Hazards()
    for name, xml in parts.items():
        if b"sheetData" in xml:
            # Where every row and cell tag is as Excel writes a small sheet's (no hidden
            # row among them), two searches say so; else the longer ways are taken.
            irregular = _PREFIXED.search(xml) is not None or _NOT_SMALL.search(xml) is not None
            found += _sheet_hazards(name, xml, max_cells, irregular)
            hidden = xlsx_hidden(xml) if irregular else _hidden_columns(xml)
            if hidden is not None:
                found.hidden[name] = hidden
        elif xml.find(b"uniqueCount", 0, 4096) != -1 and _lying_count(xml) is not None:
            found.append(Hazard(name, "strings"))
    return found


def _sheet_hazards(name: str, xml: bytes, max_cells: int, irregular: bool) -> list[Hazard]:
    """The hazards of a worksheet part; ``irregular``: some row or cell tag of it is not
    as Excel writes a small sheet's (see ``_NOT_SMALL``: else every cell is within
    Z9999)."""
    found = []
    if irregular:
        rows, cols = _plain_extent(xml) or _quick_extent(xml)
        if rows * cols > max_cells:
            rows, cols, far = scan(xml)  # the exact extent (the quick one may overstate it)
            if rows * cols > max_cells:
                found.append(Hazard(name, "cells", rows, cols, far))
    if _not_small_merge(xml) and max(_merge_areas(xml), default=0) > LARGE_MERGE:
        found.append(Hazard(name, "merge"))
    return found


def _not_small_merge(xml: bytes) -> bool:
    """Whether ``_NOT_SMALL_MERGE`` finds a range in ``xml``: searched from the first
    "mergeCell", where its every match starts (the merged ranges follow the cells: the
    fast ``bytes.find`` skips them, the expression's own scan is several times slower)."""
    start = xml.find(b"mergeCell")
    return start != -1 and _NOT_SMALL_MERGE.search(xml, start) is not None


# A row or cell tag that is not as Excel writes a small sheet's (unprefixed, its first
# attribute a reference within Z9999 in double quotes; a row's other attributes plain and
# none of them "hidden"): where there is none, no cell lies beyond Z9999 (260,000 cells)
# and no row is hidden, and two searches (about 0.1 ms for a form) say so. The first also
# finds text holding ":c " (then the longer way is taken, to the same answer).
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_NOT_SMALL = re.compile(
    rb'<(?:c(?=[\s/>])(?! r="[A-Z]?[1-9][0-9]{0,3}")'
    rb'|row(?=[\s/>])(?! r="[A-Z]?[1-9][0-9]{0,3}"(?:\s+(?!hidden)[\w:.-]+="[^"]*")*\s*/?>))')
# A merged range that is not within Z999 (or not written as Excel writes it).
_NOT_SMALL_MERGE = re.compile(
    rb'mergeCell(?=[\s/>])(?! ref="[A-Z]?[1-9][0-9]{0,2}:[A-Z]?[1-9][0-9]{0,2}")')
# A row or cell tag that is prefixed, or whose first attribute is not a plain reference.
_IRREGULAR = re.compile(
    rb'<[\w.-]+:(?:c|row)[\s/>]|<(?:c|row)(?=[\s/>])(?! r="[A-Za-z]*[0-9]+")')
_PLAIN_CELL_REF = re.compile(rb'<c r="([A-Za-z]*)([0-9]+)"')
_PLAIN_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
_PLAIN_MERGE = re.compile(rb'<mergeCell ref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"')


def _plain_extent(xml: bytes) -> tuple[int, int] | None:
    """:func:`_quick_extent` of a part whose row and cell tags are all written as Excel
    and openpyxl write them (see ``_IRREGULAR``), from expressions with a literal start,
    several times faster than the general ones; None for any other part."""
    if _IRREGULAR.search(xml) is not None:
        return None
    cells = _PLAIN_CELL_REF.findall(xml)
    rows = max(map(int, _PLAIN_ROW_REF.findall(xml)), default=0)
    return (max(rows, max((int(digits) for _letters, digits in cells), default=0)),
            max(map(column_number, {letters for letters, _digits in cells}), default=0))


def _merge_areas(xml: bytes) -> Iterator[int]:
    """The number of cells of each merged range of a worksheet part."""
    plain = _PLAIN_MERGE.findall(xml)
    if len(plain) == xml.count(b"<mergeCell ") and b":mergeCell" not in xml:
        for first_col, first_row, last_col, last_row in plain:
            bounds = (int(first_row), column_number(first_col),
                      int(last_row or first_row), column_number(last_col or first_col))
            yield _area(bounds)
        return
    for _match, bounds in _merges(xml):
        yield _area(bounds)


def _data_region(xml: bytes) -> tuple[int, int]:
    """Where the cells of a worksheet part are: the ``sheetData`` element (the whole part
    when it cannot be told)."""
    start = _SHEET_DATA.search(xml)
    if start is None:
        return 0, len(xml)
    end = _SHEET_DATA_END.search(xml, start.end())
    return start.start(), len(xml) if end is None else end.end()


def _quick_extent(xml: bytes) -> tuple[int, int]:
    """An upper bound of (rows, columns) the cells reach, from their references alone; the
    whole sheet (1048576 × 16384, "walk it") when a row or cell has no reference or an odd
    one."""
    start, end = _data_region(xml)
    if _UNREFERENCED.search(xml, start, end) or _ODD_REF.search(xml, start, end):
        return 1 << 20, 1 << 14
    rows = _ROW_NUMBERS.findall(xml, start, end)
    letters = set(_COLUMN_LETTERS.findall(xml, start, end))
    return (max(map(int, rows), default=0),
            max(map(column_number, letters), default=0))


def _reference(attributes: bytes) -> bytes | None:
    found = _REF.search(attributes)
    if found is None:
        return None
    value = found.group(1) if found.group(1) is not None else found.group(2)
    if b"&" in value:  # an entity or character reference, as openpyxl reads it
        value = html.unescape(value.decode("utf-8", "replace")).encode("utf-8", "replace")
    return value


def _row_number(value: bytes | None) -> int | None:
    """A row's ``r``: digits (after letters, as python-calamine reads them) or a whole
    number written as a float ("1e6", as openpyxl reads it)."""
    if value is None:
        return None
    plain = _ROW_REF.fullmatch(value)
    if plain:
        return int(plain.group(1))
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number.is_integer() and number > 0 else None


def _cells(xml: bytes) -> Iterator[tuple[int, int, int, int, bool]]:
    """(row, column, start, end, holds a value) of every cell element of a worksheet
    part, placed as the readers place them; ``start:end`` is the element's bytes."""
    start, end = _data_region(xml)
    row, col, in_row = 0, 0, False
    cell = None  # (row, col, start, content start) of a cell element still open
    for tag in _TAG.finditer(xml, start, end):
        closing, name, attributes, empty = tag.groups()
        if name == b"row":
            if closing:
                in_row = False
                continue
            number = _row_number(_reference(attributes))
            row, col, in_row = (number if number is not None else row + 1), 0, not empty
            continue
        if closing:
            if cell is not None:
                at_row, at_col, begin, content = cell
                yield at_row, at_col, begin, tag.end(), xml.find(b"<", content,
                                                                 tag.start()) != -1
                cell = None
            continue
        if cell is not None:  # an unclosed cell: it ends where the next begins
            yield cell[0], cell[1], cell[2], tag.start(), True
            cell = None
        reference = _reference(attributes)
        plain = _CELL_REF.fullmatch(reference) if reference is not None else None
        if plain:
            at_row, col = int(plain.group(2)), column_number(plain.group(1))
        else:
            at_row, col = (row if in_row else row + 1) or 1, col + 1
        if empty:
            yield at_row, col, tag.start(), tag.end(), False
        else:
            cell = (at_row, col, tag.start(), tag.end())
    if cell is not None:
        yield cell[0], cell[1], cell[2], end, True


def scan(xml: bytes) -> tuple[int, int, str]:
    """(rows, columns, farthest cell) of a worksheet part: the grid its cells span from A1,
    and the address of the cell reaching farthest (the last row, then the last column)."""
    rows = cols = 0
    far = (0, 0)
    for row, col, _start, _end, _valued in _cells(xml):
        rows, cols = max(rows, row), max(cols, col)
        far = max(far, (row, col))
    return rows, cols, _address(*far) if far != (0, 0) else ""


def _address(row: int, col: int) -> str:
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _merges(xml: bytes) -> Iterator[tuple[re.Match[bytes], tuple[int, int, int, int]]]:
    """Each merged-cell element with its (first row, first col, last row, last col)."""
    for merge in _MERGE.finditer(xml):
        ref = _MERGE_REF.search(merge.group(2))
        value = ref and (ref.group(1) if ref.group(1) is not None else ref.group(2))
        bounds = value and _RANGE.fullmatch(value)
        if not bounds:
            continue
        first_col, first_row = column_number(bounds.group(1)), int(bounds.group(2))
        last_col = column_number(bounds.group(3)) if bounds.group(3) else first_col
        last_row = int(bounds.group(4)) if bounds.group(4) else first_row
        yield merge, (first_row, first_col, last_row, last_col)


def _area(bounds: tuple[int, int, int, int]) -> int:
    first_row, first_col, last_row, last_col = bounds
    return (abs(last_row - first_row) + 1) * (abs(last_col - first_col) + 1)


def _lying_count(xml: bytes) -> int | None:
    """The number of strings a shared-strings part really holds, when its ``uniqueCount``
    declares more than it could (None otherwise)."""
    declared = _STRINGS.search(xml, 0, 4096)
    if declared is None or int(declared.group(1)) * _MIN_ITEM_BYTES <= len(xml):
        return None
    return len(_STRING_ITEM.findall(xml))


def neutralize(parts: Mapping[str, bytes], hazards: list[Hazard], max_rows: int,
               max_cells: int) -> Neutralized:
    """The parts named by ``hazards`` rewritten so that no reader's grid can span more
    than ``max_cells`` cells (see the module notes); the other parts are left out."""
    done = Neutralized()
    for part in dict.fromkeys(h.part for h in hazards):
        xml = parts[part]
        kinds = {h.kind for h in hazards if h.part == part}
        if "strings" in kinds:
            done.parts[part] = _true_count(xml)
            continue
        trimmed = Trimmed(part)
        if "cells" in kinds:
            xml = _trim_cells(xml, trimmed, max_rows, max_cells)
            done.trimmed.append(trimmed)
        else:
            trimmed.rows, trimmed.cols = scan(xml)[:2]
        done.parts[part] = _clip_merges(xml, trimmed.rows, trimmed.cols)
    return done


def _true_count(xml: bytes) -> bytes:
    declared = _STRINGS.search(xml, 0, 4096)
    real = str(_lying_count(xml)).encode()
    return xml[:declared.start(1)] + real + xml[declared.end(1):]


def _trim_cells(xml: bytes, trimmed: Trimmed, max_rows: int, max_cells: int) -> bytes:
    """``xml`` without the cells outside the region kept: rows up to ``max_rows``, then
    the columns that fit ``max_cells`` with those rows; without any cell when more than
    ``max_rows`` rows hold a value (a list or junk, never a score table)."""
    rows = cols = 0
    filled, last = 0, None
    for row, col, _start, _end, valued in _cells(xml):
        if valued and row != last:
            filled, last = filled + 1, row
        if row <= max_rows:
            rows, cols = max(rows, row), max(cols, col)
    if filled > max_rows:
        trimmed.filled_rows = filled
        rows = cols = 0
    elif rows * cols > max_cells:
        cols = max(1, max_cells // max(rows, 1))
    trimmed.rows, trimmed.cols = rows, cols
    pieces, kept_from = [], 0
    far = (0, 0)
    for row, col, start, end, valued in _cells(xml):
        if row <= rows and col <= cols:
            continue
        pieces.append(xml[kept_from:start])
        kept_from = end
        if valued:
            trimmed.dropped += 1
            far = max(far, (row, col))
    pieces.append(xml[kept_from:])
    trimmed.far = _address(*far) if far != (0, 0) else ""
    return b"".join(pieces)


def _clip_merges(xml: bytes, rows: int, cols: int) -> bytes:
    """Merged ranges of more than ``LARGE_MERGE`` cells clipped to the first ``rows`` ×
    ``cols`` cells (the cells a sheet holds); one starting outside them is taken out."""
    pieces, kept_from = [], 0
    for merge, (first_row, first_col, last_row, last_col) in _merges(xml):
        if ((last_row <= rows and last_col <= cols)
                or _area((first_row, first_col, last_row, last_col)) <= LARGE_MERGE):
            continue
        pieces.append(xml[kept_from:merge.start()])
        kept_from = merge.end()
        top, left = min(first_row, last_row), min(first_col, last_col)
        if top <= rows and left <= cols:
            bottom, right = min(max(first_row, last_row), rows), min(max(first_col, last_col),
                                                                       cols)
            ref = f"{_address(top, left)}:{_address(bottom, right)}"
            pieces.append(b"<%smergeCell ref=\"%s\"/>" % (merge.group(1), ref.encode()))
    pieces.append(xml[kept_from:])
    return b"".join(pieces)


# ---------------------------------------------------------------- hidden rows and columns,
# and what python-calamine is not told by the other formats (.xls, .ods, .xlsb)


@dataclass
class SheetFacts:
    """What a pre-scan of one sheet found besides its values.

    ``rows`` × ``cols`` is the grid a reader builds for the sheet (from A1 to the
    farthest cell it places), ``far`` that cell. Hidden rows and columns are 1-based
    inclusive ranges, as the file declares them (they may reach far beyond the cells).
    ``merged`` is None where the reader gives the merged ranges itself; ``errors`` the
    text of the error cells (``#DIV/0!``), which python-calamine reads as blank.
    """

    rows: int = 0
    cols: int = 0
    far: str = ""
    hidden_rows: list[tuple[int, int]] = field(default_factory=list)
    hidden_cols: list[tuple[int, int]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] | None = None
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    _far: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)

    def place(self, row: int, col: int) -> None:
        """Count a cell the reader places at 1-based ``row``, ``col``."""
        if row > self.rows:
            self.rows = row
        if col > self.cols:
            self.cols = col
        if (row, col) > self._far:
            self._far = (row, col)
            self.far = _address(row, col)


class Unreadable(Exception):
    """A workbook whose structure is damaged (or built to hurt a reader): why, as a key of
    the catalogue's ``reading`` area and its raw values (:attr:`reason`, a
    :class:`~cchc_index._internal.messages.Words` written in the language a message is asked in)."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.reason = phrase("reading", key, **values)


class Encrypted(Exception):
    """A workbook protected by a password (an .xls holding a FILEPASS record)."""


# A boolean attribute set (xsd:boolean: "1" or "true").
_HIDDEN_ATTR = re.compile(rb"""\shidden\s*=\s*["'](?:1|true)["']""")
_ROW_START = re.compile(rb"<" + _NS + rb"row(?=[\s/>])" + _ATTRIBUTES)
_COL_TAG = re.compile(rb"<" + _NS + rb"col(?=[\s/>])" + _ATTRIBUTES)
_MIN_ATTR = re.compile(rb"""\smin\s*=\s*["'](\d+)["']""")
_MAX_ATTR = re.compile(rb"""\smax\s*=\s*["'](\d+)["']""")
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576


def xlsx_hidden(xml: bytes) -> SheetFacts | None:
    """The hidden rows (``<row r="15" hidden="1">``: hidden by hand, by an autofilter or
    inside a collapsed outline group) and columns (``<col min="6" max="6"
    hidden="1"/>``) of a worksheet part; None when it hides none (a search for the word
    "hidden" says so for almost every form, about 10 µs)."""
    if xml.find(b"hidden") == -1:
        return None
    start, end = _data_region(xml)
    rows, row = [], 0
    for tag in _ROW_START.finditer(xml, start, end):
        number = _row_number(_reference(tag.group(1)))
        row = number if number is not None else row + 1
        if _HIDDEN_ATTR.search(tag.group(1)):
            rows.append((row, row))
    cols = []
    for tag in _COL_TAG.finditer(xml, 0, start):  # <cols> stands before <sheetData>
        attributes = tag.group(1)
        low, high = _MIN_ATTR.search(attributes), _MAX_ATTR.search(attributes)
        if _HIDDEN_ATTR.search(attributes) and low:
            first = int(low.group(1))
            last = int(high.group(1)) if high else first
            if 1 <= first <= last:
                cols.append((first, min(last, MAX_COLUMNS)))
    if not rows and not cols:
        return None
    return SheetFacts(hidden_rows=_runs(r for r, _ in rows), hidden_cols=cols)


def _hidden_columns(xml: bytes) -> SheetFacts | None:
    """:func:`xlsx_hidden` of a worksheet part none of whose rows is hidden (see
    ``_NOT_SMALL``): only the columns, declared before the cells (about 1 µs)."""
    start = xml.find(b"sheetData")
    if start == -1 or xml.find(b"hidden", 0, start) == -1:
        return None
    return xlsx_hidden(xml)


def _runs(numbers) -> list[tuple[int, int]]:
    """Sorted numbers as ranges of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for number in sorted(set(numbers)):
        if runs and runs[-1][1] + 1 == number:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def too_far(facts: Mapping[str, SheetFacts], max_cells: int) -> tuple[str, SheetFacts] | None:
    """The first sheet whose grid would span more than ``max_cells`` cells, with its
    facts; None when every sheet fits."""
    for sheet, found in facts.items():
        if found.rows * found.cols > max_cells:
            return sheet, found
    return None


# ---- .xls (BIFF5/BIFF8 records in the compound file's Workbook stream) ----

ERROR_TEXTS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!",
               0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# Records python-calamine places a cell for: Formula, Number, Label, RString, BoolErr, Rk,
# LabelSst (MulRk apart: it spans columns).
_XLS_CELLS = frozenset({0x0006, 0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD})
_BOF, _EOF, _FILEPASS, _BOUNDSHEET = 0x0809, 0x000A, 0x002F, 0x0085
_CODEPAGE = 0x0042
_DIMENSIONS, _ROW, _COLINFO, _MULRK = 0x0200, 0x0208, 0x007D, 0x00BD
# A BIFF8 sheet holds at most 65,536 rows × 256 columns.
BIFF_SHEET_CELLS = 65_536 * 256


def _biff_records(stream: bytes, start: int) -> Iterator[tuple[int, bytes]]:
    """(type, data) of the records from ``start`` to the end of the stream."""
    pos, size = start, len(stream)
    unpack = _U16X2.unpack_from
    while pos + 4 <= size:
        typ, length = unpack(stream, pos)
        end = pos + 4 + length
        if end > size:
            raise Unreadable("biff_cut", offset=str(pos))
        yield typ, stream[pos + 4:end]
        pos = end
    if pos != size:
        raise Unreadable("stream_ends")


def xls_facts(stream: bytes) -> dict[str, SheetFacts]:
    """The facts of every sheet of an .xls by name (one per BoundSheet record, in order,
    as python-calamine lists them) from its Workbook stream; raises :class:`Encrypted`
    for a password-protected workbook and :class:`Unreadable` for a damaged one.

    The grid of a sheet is what python-calamine builds (one value in IV65536, or a record
    claiming column 65,535, would have it allocate gigabytes): the cells of the value
    records, and the area the Dimensions record makes it reserve.
    """
    records = _biff_records(stream, 0)
    first = next(records, None)
    if first is None or first[0] != _BOF or len(first[1]) < 4:
        raise Unreadable("no_bof")
    version = _U16.unpack_from(first[1], 0)[0]
    if version not in (0x0500, 0x0600):
        raise Unreadable("biff_version", version=f"{version:#06x}")
    sheets: list[tuple[int, str]] = []
    codepage = 1252
    for typ, data in records:
        if typ == _FILEPASS:
            raise Encrypted()
        if typ == _CODEPAGE and len(data) >= 2:
            codepage = _U16.unpack_from(data, 0)[0]
        elif typ == _BOUNDSHEET:
            if len(data) < 7:
                raise Unreadable("boundsheet_short")
            sheets.append((_U32.unpack_from(data, 0)[0], _biff_name(data, version, codepage)))
        elif typ == _EOF:
            break
    else:
        raise Unreadable("no_eof")
    if not sheets:
        raise Unreadable("lists_no_sheet")
    return {name: _xls_sheet(stream, start) for start, name in sheets}


def _biff_name(data: bytes, version: int, codepage: int) -> str:
    """The sheet name of a BoundSheet record (BIFF8: a short Unicode string; BIFF5: bytes
    in the workbook's code page), without NUL characters, as python-calamine reads it."""
    count = data[6]
    if version == 0x0600:
        wide = len(data) > 7 and data[7] & 0x1
        raw = data[8:8 + 2 * count] if wide else data[8:8 + count]
        name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
    else:
        try:
            name = data[7:7 + count].decode(f"cp{codepage}", "replace")
        except LookupError:
            name = data[7:7 + count].decode("latin-1")
    return name.replace("\0", "")


def _xls_sheet(stream: bytes, start: int) -> SheetFacts:
    if stream[start:start + 2] != b"\x09\x08":
        raise Unreadable("sheet_no_bof", offset=str(start))
    facts = SheetFacts(merged=None)
    hidden_rows = []
    depth, seen_bof = 0, False
    u16, place = _U16.unpack_from, facts.place
    for typ, data in _biff_records(stream, start):
        if depth:  # an embedded chart's substream
            depth += (typ == _BOF) - (typ == _EOF)
            continue
        if typ in _XLS_CELLS:
            if len(data) < 4:
                continue  # python-calamine refuses the record
            row, col = _U16X2.unpack_from(data, 0)
            place(row + 1, col + 1)
            if typ == 0x0205 and len(data) >= 8 and data[7]:  # BoolErr holding an error
                facts.errors[(row + 1, col + 1)] = ERROR_TEXTS.get(data[6], "#N/A")
            elif typ == 0x0006 and len(data) >= 14 and data[6] == 2 and data[12:14] == b"\xff\xff":
                facts.errors[(row + 1, col + 1)] = ERROR_TEXTS.get(data[8], "#N/A")
        elif typ == _MULRK and len(data) >= 6:
            row, first = _U16X2.unpack_from(data, 0)
            last = u16(data, len(data) - 2)[0]
            if last >= first:
                place(row + 1, last + 1)
        elif typ == _ROW and len(data) >= 14:
            if u16(data, 12)[0] & 0x20:  # fDyZero: the row's height is zero
                hidden_rows.append(u16(data, 0)[0] + 1)
        elif typ == _COLINFO and len(data) >= 10:
            if u16(data, 8)[0] & 0x1:
                first, last = _U16X2.unpack_from(data, 0)
                if first <= last:
                    facts.hidden_cols.append((first + 1, min(last, 0xFFFF) + 1))
        elif typ == _DIMENSIONS:
            reserved = _reserved_cells(data)
            if reserved > BIFF_SHEET_CELLS:
                raise Unreadable("dimensions", cells=reserved)
        elif typ == _BOF:
            if seen_bof:
                depth = 1
            seen_bof = True
        elif typ == _EOF:
            break
    facts.hidden_rows = _runs(hidden_rows)
    return facts


def _reserved_cells(data: bytes) -> int:
    """The cells python-calamine reserves room for on a Dimensions record (its arithmetic,
    32-bit unsigned and wrapping, as in its release build)."""
    if len(data) == 14:
        first_row, end_row = _U32X2.unpack_from(data, 0)
        first_col, end_col = _U16X2.unpack_from(data, 8)
    elif len(data) == 10:
        first_row, end_row, first_col, end_col = _U16X4.unpack_from(data, 0)
    else:
        return 0  # python-calamine refuses the record
    if first_col > 0xFF or end_col < first_col:
        first_col = 0
    if end_row < 1 or end_col < 1:
        return 1
    rows = (end_row - 1 - first_row + 1) % (1 << 32)
    cols = (end_col - 1 - first_col + 1) % (1 << 32)
    return rows * cols


_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_U16X2 = struct.Struct("<HH")
_U16X4 = struct.Struct("<HHHH")
_U32X2 = struct.Struct("<II")
_U32X4 = struct.Struct("<IIII")


# ---- .ods (content.xml) ----

_ODS_TAG = re.compile(
    rb"<(/?)(table:table|table:table-row|table:table-cell|table:covered-table-cell"
    rb"|table:table-column|text:s)(?=[\s/>])" + _ATTRIBUTES + rb"\s*(/?)>")
_ODS_ATTR = re.compile(rb"""\s([\w.-]+:[\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Attributes that give a cell a value (python-calamine places a cell for any of them).
_ODS_VALUES = frozenset({b"office:value", b"office:string-value", b"office:date-value",
                         b"office:time-value", b"office:boolean-value", b"table:formula",
                         b"office:value-type"})
_ODS_HIDDEN = frozenset({b"collapse", b"filter"})
_TEXT_TAG = re.compile(rb"<[^>]*>")


def ods_facts(content: bytes, max_spaces: int) -> dict[str, SheetFacts]:
    """The facts of each table of an .ods's content.xml, by name: the grid
    python-calamine builds (repeated rows and cells expanded, as it expands them: a value
    repeated over 16,384 columns and a million rows is a grid of 17 billion cells), the
    merged ranges (``number-columns-spanned``; python-calamine gives none for .ods),
    hidden rows and columns (``visibility="collapse"`` or ``"filter"``), error cells.

    Raises :class:`Unreadable` when the text holds more than ``max_spaces`` spaces
    written as ``<text:s text:c="…"/>`` (one tag can ask for billions).
    """
    tables: dict[str, SheetFacts] = {}
    facts = None
    row = col = column = spaces = 0
    row_repeats = 1
    for tag in _ODS_TAG.finditer(content):
        closing, name, attributes, empty = tag.groups()
        if name == b"table:table-cell" or name == b"table:covered-table-cell":
            if closing or facts is None:
                continue
            values = _ods_attributes(attributes)
            repeats = min(_count(values.get(b"table:number-columns-repeated")),
                          max(MAX_COLUMNS - col, 0))
            if _ODS_VALUES.intersection(values) and repeats:
                facts.place(row + row_repeats, col + repeats)
                if values.get(b"calcext:value-type") == b"error" and not empty:
                    text = _ods_text(content, tag.end())
                    for offset in range(min(repeats, 64)):
                        facts.errors[(row + 1, col + 1 + offset)] = text
            spanned = (_count(values.get(b"table:number-rows-spanned")),
                       _count(values.get(b"table:number-columns-spanned")))
            if name == b"table:table-cell" and spanned != (1, 1) and repeats:
                facts.merged.append((row + 1, col + 1, row + spanned[0], col + spanned[1]))
            col += repeats
        elif name == b"table:table-row":
            if facts is None:
                continue
            if closing:
                row += row_repeats
                continue
            values = _ods_attributes(attributes)
            row_repeats = min(_count(values.get(b"table:number-rows-repeated")),
                              max(MAX_ROWS - row, 0))
            col = 0
            if values.get(b"table:visibility") in _ODS_HIDDEN and row_repeats:
                facts.hidden_rows.append((row + 1, row + row_repeats))
            if empty:
                row += row_repeats
        elif name == b"text:s":
            if not closing:
                spaces += _count(_ods_attributes(attributes).get(b"text:c"))
                if spaces > max_spaces:
                    raise Unreadable("spaces", spaces=max_spaces)
        elif name == b"table:table-column":
            if closing or facts is None:
                continue
            values = _ods_attributes(attributes)
            repeats = min(_count(values.get(b"table:number-columns-repeated")),
                          max(MAX_COLUMNS - column, 0))
            if values.get(b"table:visibility") in _ODS_HIDDEN and repeats:
                facts.hidden_cols.append((column + 1, column + repeats))
            column += repeats
        elif closing:  # </table:table>
            facts = None
        elif facts is None:
            table = _ods_attributes(attributes).get(b"table:name")
            if table is not None:
                facts = tables.setdefault(html.unescape(table.decode("utf-8", "replace")),
                                          SheetFacts(merged=[]))
                row = col = column = 0
                row_repeats = 1
            if empty:
                facts = None
    for found in tables.values():
        found.hidden_rows = _merge_runs(found.hidden_rows)
        found.hidden_cols = _merge_runs(found.hidden_cols)
    return tables


def _ods_attributes(attributes: bytes) -> dict[bytes, bytes]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ODS_ATTR.finditer(attributes)}


def _count(value: bytes | None) -> int:
    """A repeat or span count (1 when absent or unreadable)."""
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        return 1
    return number if number > 0 else 1


def _ods_text(content: bytes, start: int) -> str:
    """The text of the cell whose start tag ends at ``start`` (an error cell's
    ``#DIV/0!``)."""
    end = content.find(b"</table:table-cell", start)
    inner = content[start:end if end != -1 else start + 200][:200]
    return html.unescape(_TEXT_TAG.sub(b"", inner).decode("utf-8", "replace")).strip()


def _merge_runs(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


# ---- .xlsb (binary records in the zip's .bin parts) ----

_XLSB_CELLS = frozenset(range(0x02, 0x0C))  # BrtCellRk … BrtFmlaError (not BrtCellBlank)
_BRT_ROW, _BRT_END_SHEET_DATA, _BRT_COLINFO, _BRT_MERGE = 0x00, 0x92, 0x3C, 0xB0
_BRT_BUNDLE_SHEET, _BRT_END_BUNDLE_SHEETS = 0x9C, 0x90


def _xlsb_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(type, data) of each record of an .xlsb part (type and size in 7-bit groups)."""
    pos, size = 0, len(data)
    while pos < size:
        typ = data[pos]
        pos += 1
        if typ & 0x80:
            if pos >= size:
                break
            typ = (typ & 0x7F) | ((data[pos] & 0x7F) << 7)
            pos += 1
        length, shift = 0, 0
        for _ in range(4):
            if pos >= size:
                raise Unreadable("xlsb_cut")
            byte = data[pos]
            pos += 1
            length |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if pos + length > size:
            raise Unreadable("xlsb_cut")
        yield typ, data[pos:pos + length]
        pos += length


def xlsb_sheets(workbook: bytes, rels: bytes) -> list[tuple[str, str]]:
    """(sheet name, part) of each sheet of an .xlsb, in order, from xl/workbook.bin and
    its relationships (python-calamine's reading: the part is "xl/" + the target)."""
    targets = {m.group(1): m.group(2) for m in _RELATIONSHIP.finditer(rels)}
    sheets = []
    for typ, data in _xlsb_records(workbook):
        if typ == _BRT_END_BUNDLE_SHEETS:
            break
        if typ != _BRT_BUNDLE_SHEET or len(data) < 12:
            continue
        count = _U32.unpack_from(data, 8)[0]
        if count == 0xFFFFFFFF:
            continue
        relation = data[12:12 + 2 * count].decode("utf-16-le", "replace").encode()
        rest = data[12 + 2 * count:]
        if len(rest) < 4:
            raise Unreadable("xlsb_name_cut")
        length = _U32.unpack_from(rest, 0)[0]
        name = rest[4:4 + 2 * length].decode("utf-16-le", "replace")
        target = targets.get(relation)
        if target is None:
            raise Unreadable("missing_relation", sheet=name, relation=relation.decode())
        sheets.append((name, "xl/" + html.unescape(target.decode("utf-8", "replace"))))
    return sheets


_RELATIONSHIP = re.compile(
    rb"""<(?:[\w.-]+:)?Relationship\b(?=[^>]*\sId\s*=\s*["']([^"']*)["'])"""
    rb"""(?=[^>]*\sTarget\s*=\s*["']([^"']*)["'])""")


def xlsb_facts(data: bytes) -> SheetFacts:
    """The facts of one .xlsb worksheet part: the grid python-calamine builds (its rows
    stop at a row number over 1,048,576; its columns do not: a cell record may claim
    column four billion), hidden rows (``fDyZero``) and columns, merged ranges, error
    cells."""
    facts = SheetFacts(merged=[])
    row, in_data, hidden_rows = 0, True, []
    place = facts.place
    for typ, record in _xlsb_records(data):
        if typ in _XLSB_CELLS:
            if not in_data or len(record) < 9:
                continue
            col = _U32.unpack_from(record, 0)[0]
            place(row + 1, col + 1)
            if typ in (0x03, 0x0B):
                facts.errors[(row + 1, col + 1)] = ERROR_TEXTS.get(record[8], "#N/A")
        elif typ == _BRT_ROW and len(record) >= 12:
            row = _U32.unpack_from(record, 0)[0]
            if row > MAX_ROWS:
                in_data = False  # python-calamine stops reading the sheet's cells here
            elif record[11] & 0x10:
                hidden_rows.append(row + 1)
        elif typ == _BRT_END_SHEET_DATA:
            in_data = False
        elif typ == _BRT_COLINFO and len(record) >= 17:
            if record[16] & 0x1:
                first, last = _U32X2.unpack_from(record, 0)
                if first <= last:
                    facts.hidden_cols.append((first + 1, min(last + 1, MAX_COLUMNS)))
        elif typ == _BRT_MERGE and len(record) >= 16:
            first_row, last_row, first_col, last_col = _U32X4.unpack_from(record, 0)
            facts.merged.append((first_row + 1, first_col + 1, last_row + 1, last_col + 1))
    facts.hidden_rows = _runs(hidden_rows)
    return facts
