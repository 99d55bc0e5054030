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
and reported as :func:`cchc_index.io.safety.within_row_limit` reports a long sheet.

>>> scan(b'<sheetData><row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row></sheetData>')
(3, 3, 'C3')
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

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


def find_hazards(parts: Mapping[str, bytes], max_cells: int) -> list[Hazard]:
    """The parts of a workbook (unpacked XML parts by name) that would make a reader
    allocate far more than the file holds; empty for every ordinary workbook."""
    found = []
    for name, xml in parts.items():
        if b"sheetData" in xml:
            found += _sheet_hazards(name, xml, max_cells)
        elif xml.find(b"uniqueCount", 0, 4096) != -1 and _lying_count(xml) is not None:
            found.append(Hazard(name, "strings"))
    return found


def _sheet_hazards(name: str, xml: bytes, max_cells: int) -> list[Hazard]:
    found = []
    if _PREFIXED.search(xml) or _NOT_SMALL.search(xml):  # else: every cell within Z9999
        rows, cols = _plain_extent(xml) or _quick_extent(xml)
        if rows * cols > max_cells:
            rows, cols, far = scan(xml)  # the exact extent (the quick one may overstate it)
            if rows * cols > max_cells:
                found.append(Hazard(name, "cells", rows, cols, far))
    if _NOT_SMALL_MERGE.search(xml) and max(_merge_areas(xml), default=0) > LARGE_MERGE:
        found.append(Hazard(name, "merge"))
    return found


# A row or cell tag that is not as Excel writes a small sheet's (unprefixed, its first
# attribute a reference within Z9999 in double quotes): where there is none, no cell lies
# beyond Z9999 (260,000 cells), and two searches (about 0.13 ms for a form) say so. The
# first also finds text holding ":c " (then the longer way is taken, to the same answer).
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_NOT_SMALL = re.compile(rb'<(?:c|row)(?=[\s/>])(?! r="[A-Z]?[1-9][0-9]{0,3}")')
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
