"""Read transposed consolidated tables: criteria down, one column per unit.

Districts lay out an appraisal summary so, the criteria tree in rows and the units across::

    STT | Tiêu chí / Nội dung        | Điểm tối đa |     Khối xã           | Khối phường
        |                            |             | Xã An Bình | Xã Tân Mỹ | Phường Hòa Lạc
    I   | Công tác chỉ đạo điều hành |          12 |         11 |   9,5     |     12
    1.1 | Kế hoạch CCHC năm          |           2 |        1,5 |   KPS     |      2
    …
        | Tổng cộng                  |         100 |         87 |  74,5     |     82
        | Xếp hạng                   |             |          1 |     3     |      2

The header row names at least two units ("Xã An Bình", "UBND phường …"; or bare names
under a heading that names their type, "Xã" or "Khối xã", merged above them); the code
and content columns ("STT", "Mã", "Tiêu chí / Nội dung") are matched to the methodology
as a form's rows are (:mod:`cchc_index._internal.io.form_rows`: "1.1", "I", "a)", or by name), and
the maximum column ("Điểm tối đa") is checked against it. Each unit's cell of a matched
row becomes its entry (``given_points``, the cell in ``cell_given_points``), so a unit
reads as it would from a consolidated table of the same points. Rows labelled as results
("Tổng cộng", "Chỉ số (%)", "Xếp hạng", "Xếp loại") are each unit's published results,
re-checked. The table ends at the signature block or the notes below it.

The layout plug-in ``transposed`` (see :mod:`cchc_index._internal.io.layouts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc_index._internal import vocabulary as words
from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.io.codes import (
    LETTER,
    NUMBER,
    ROMAN,
    Code,
    parse_code,
    split_leading_code,
)
from cchc_index._internal.io.form_rows import SIMILAR, Matching, TreeRow, match_rows, tree_lookup
from cchc_index._internal.io.headers import CODE, MAX, NAME, role_of
from cchc_index._internal.io.layouts import Detection
from cchc_index._internal.io.layouts import consolidated as _table
from cchc_index._internal.io.recognise import (
    after_council,
    header_key,
    is_column_number_row,
    is_ignored_header,
    is_total,
    published_column,
    unit_type,
)
from cchc_index._internal.io.rows import RowKind, TableShape, classify_row, is_blank
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.text import canonical, is_not_arisen, is_number, nfc

LAYOUT = "transposed"
KIND = "table"

# Rows of the header above the unit names that may hold the other columns' headers.
_HEADER_ABOVE = 2
_BRACKETED = re.compile(r"\s*\([^)]*\)")
_LISTED = re.compile(r"[,/;]|\bva\b")


@dataclass
class TransposedTable:
    """Where things are in a transposed sheet (1-based rows and columns)."""

    header_row: int  # the row of the unit names
    data_row: int
    code_col: int | None
    name_col: int | None
    max_col: int | None
    units: dict[int, str]  # column -> the unit's name as typed (NFC, one line)
    groups: dict[int, str]  # column -> the heading over it ("Khối xã")
    rows: list[TreeRow]  # rows that may be criteria, in order
    matching: Matching
    published: dict[str, int]  # published_* -> its row
    end_row: int  # the first row below the table (its signature block, notes), or past it
    skipped: list[int] = field(default_factory=list)  # rows without code or name, with points
    known: frozenset[str] = frozenset()  # the methodology's codes

    @property
    def matched(self) -> int:
        return sum(1 for m in self.matching.matches if m.criterion is not None)


# ---- the header -------------------------------------------------------------------------

def names_a_unit(value: object) -> bool:
    """A header cell that names a unit: "Xã An Bình", "PHƯỜNG HÒA LẠC", "UBND xã Tân Mỹ";
    not a type alone ("Xã"), a group ("Khối xã") or a total ("Cộng xã").

    >>> names_a_unit("Xã An Bình"), names_a_unit("UBND PHƯỜNG HÒA LẠC"), names_a_unit("Xã")
    (True, True, False)
    >>> names_a_unit("Khối xã"), names_a_unit("Tổng cộng xã"), names_a_unit(12)
    (False, False, False)
    """
    if type(value) is not str or len(value) > 80 or " " not in value:
        return False
    return _starts_like_a_unit(value.split(None, 1)[0]) and _names_a_unit(value)


@lru_cache(maxsize=4096)
def _starts_like_a_unit(first_word: str) -> bool:
    """The quick look: a unit's name starts with its type or its council ("Xã", "UBND",
    "Thị" of "Thị trấn"); most texts of a sheet do not, and are not looked at further."""
    return canonical(first_word) in _FIRST_WORDS


_FIRST_WORDS = frozenset(w.split()[0] for w in (*words.UNIT_TYPES, *words.COUNCIL_PREFIXES))


@lru_cache(maxsize=8192)  # every sheet of a batch is scanned: the same texts again and again
def _names_a_unit(text: str) -> bool:
    name = after_council(text)
    name = text if name is None else name
    return len(name.split()) >= 2 and bool(unit_type(name)) and not is_total(name)


def heading_names_units(value: object) -> bool:
    """A heading over units' columns that names their type or group: "Xã", "Khối xã",
    "II. KHỐI PHƯỜNG", "Các xã, thị trấn".

    >>> heading_names_units("Khối xã"), heading_names_units("Xã, phường")
    (True, True)
    >>> heading_names_units("II. KHỐI PHƯỜNG"), heading_names_units("Các xã, thị trấn")
    (True, True)
    >>> heading_names_units("Điểm thẩm định"), heading_names_units("Xã An Bình")
    (False, False)
    """
    if type(value) is not str or len(value) > 60 or _DIGIT.search(value):
        return False  # a heading has no digit ("Quyết định số 15 …" is a form's evidence)
    return _heading_names_units(value)


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=8192)
def _heading_names_units(value: str) -> bool:
    first, _, rest = value.strip().partition(" ")
    if rest and words.GROUP_NUMBER.fullmatch(first):  # "II. KHỐI PHƯỜNG"
        value = rest
    key = canonical(value)
    for word in (*words.GROUP_HEADING_WORDS, *words.UNIT_GROUP_WORDS):
        key = key.removeprefix(word + " ")
    parts = [p.strip() for p in _LISTED.split(key) if p.strip()]
    return bool(parts) and all(p in words.UNIT_TYPES for p in parts)


def _group_of(heading: str) -> str:
    """A heading over a unit's column as its group: one that names a group or type of
    units ("Khối xã") or a unit above them ("Huyện Minh Sơn"), not "Điểm thẩm định"."""
    return heading if heading and (heading_names_units(heading) or names_a_unit(heading)
                                   or canonical(heading).startswith(
                                       tuple(w + " " for w in words.GROUP_HEADING_WORDS))
                                   ) else ""


def _header_text(grid: Grid, row: int, col: int) -> object:
    """The header of a column that is not a unit's: its cell on the unit names' row, or
    the range merged down over it, or the cell above it on the header's rows (a cell that
    heads only its own column, not a title across the sheet)."""
    value = grid.value(row, col)
    if value is not None and str(value).strip():
        return value
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row < row <= last_row and first_col <= col <= last_col:
            # merged down over this column alone ("STT" over two rows); a range across
            # several columns is a title or a heading, no column's own header
            return grid.value(first_row, first_col) if first_col == last_col else None
    for above in range(row - 1, max(0, row - 1 - _HEADER_ABOVE), -1):
        values = grid.rows[above - 1]
        if sum(1 for v in values if v is not None and str(v).strip()) < 2:
            return None  # a blank row or a title line: the header does not reach here
        if any(first_row <= above <= last_row and first_col <= col <= last_col
               and last_col > first_col for first_row, first_col, last_row, last_col
               in grid.merged):
            return None  # under a heading across several columns
        value = grid.value(above, col)
        if value is not None and str(value).strip():
            return value
    return None


def _heading_over(grid: Grid, row: int, col: int) -> str:
    """The heading right above a unit's column (merged across it, or its own cell)."""
    if row <= 1:
        return ""
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row <= row - 1 <= last_row and first_col <= col <= last_col and (
                last_row < row):
            value = grid.value(first_row, first_col)
            return " ".join(nfc(str(value)).split()) if value is not None else ""
    value = grid.value(row - 1, col)
    return " ".join(nfc(str(value)).split()) if isinstance(value, str) else ""


def _unit_columns(grid: Grid, row: int, others: set[int]) -> dict[int, str]:
    """The units' columns of a header row: cells that name a unit, and bare names under a
    heading that names the units' type ("An Bình" under "Xã")."""
    units = {}
    for col, value in enumerate(grid.rows[row - 1], start=1):
        if col in others or not isinstance(value, str) or not value.strip():
            continue
        if names_a_unit(value) or (
                heading_names_units(_heading_over(grid, row, col))
                and _may_be_a_name(value)):
            units[col] = " ".join(nfc(value).split())
    return units


def _may_be_a_name(value: str) -> bool:
    """A header under a unit-type heading that may be a unit's bare name ("An Bình"), not
    a header of its own ("Ghi chú", "Tổng", "Điểm tối đa")."""
    key = header_key(value)
    return bool(key) and not (
        is_total(value) or published_column(value) or is_ignored_header(key)
        or role_of([value]) is not None or is_number(value) or heading_names_units(value))


def find_table(grid: Grid, methodology: Methodology, max_scan: int = 40
               ) -> TransposedTable | None:
    """Locate a transposed table: a header row naming at least two units, with a code or
    content column whose rows below match the methodology's criteria."""
    for row in range(1, min(len(grid.rows), max_scan) + 1):
        values = grid.rows[row - 1]
        if sum(1 for v in values if names_a_unit(v)) < 2 and not _named_under_headings(
                grid, row):
            continue
        table = _table_at(grid, row, methodology)
        if table is not None:
            return table
    return None


def _named_under_headings(grid: Grid, row: int) -> bool:
    """At least two bare names under headings naming their type (a quick look first)."""
    if row <= 1 or not any(heading_names_units(v) for v in grid.rows[row - 2]):
        return False
    return len(_unit_columns(grid, row, set())) >= 2


def _table_at(grid: Grid, row: int, methodology: Methodology) -> TransposedTable | None:
    roles: dict[str, int] = {}
    for col in range(1, grid.width + 1):
        value = grid.value(row, col)
        if names_a_unit(value):
            continue
        text = _header_text(grid, row, col)
        role = role_of([text]) if isinstance(text, str) else None
        if role in (CODE, NAME, MAX) and role not in roles:
            roles[role] = col
    code_col, name_col = roles.get(CODE), roles.get(NAME)
    if code_col is None and name_col is None:
        return None
    units = _unit_columns(grid, row, set(roles.values()))
    units = {c: n for c, n in units.items() if c > max(code_col or 0, name_col or 0)}
    if len(units) < 2:
        return None
    data_row = row + 1
    while data_row <= len(grid.rows) and is_column_number_row(grid.rows[data_row - 1]):
        data_row += 1
    label_col = name_col or code_col
    shape = TableShape(label_col, tuple(units), units=False, code_col=code_col)
    rows: list[TreeRow] = []
    skipped: list[int] = []
    published: dict[str, int] = {}
    end_row = len(grid.rows) + 1
    for r in range(data_row, len(grid.rows) + 1):
        values = grid.rows[r - 1]
        if is_blank(values) or is_column_number_row(values):
            continue
        if sum(1 for c, name in units.items() if _same_name(grid.value(r, c), name)) >= 2:
            continue  # the header repeated on a printed page
        code_value = grid.value(r, code_col) if code_col else None
        name_value = grid.value(r, name_col) if name_col else None
        code = parse_code(code_value) if code_value is not None else Code()
        name = " ".join(nfc(str(name_value)).split()) if name_value is not None else ""
        if not code.style and name:
            leading, rest = split_leading_code(name)
            if leading.style:
                code, name = leading, rest
        if not code.style:
            label = name or next((nfc(v) for v in values if isinstance(v, str) and v.strip()),
                                 "")
            result = result_row(label)
            if result is not None:
                published.setdefault(result, r)
                continue
            kind = classify_row(values, shape)
            if kind in (RowKind.SIGNATURE, RowKind.NOTE):
                end_row = r
                break
            if kind is RowKind.TOTAL or words.SUBTOTAL.match(canonical(label)):
                continue
            if not name:
                if any(is_number(grid.value(r, c)) for c in units):
                    skipped.append(r)
                continue
        rows.append(TreeRow(r, code, name))
    if not rows:
        return None
    matching = match_rows(rows, methodology.tree)
    table = TransposedTable(row, data_row, code_col, name_col, roles.get(MAX), units,
                            {c: _group_of(_heading_over(grid, row, c)) for c in units}, rows,
                            matching, published, end_row, skipped,
                            frozenset(tree_lookup(methodology.tree).known))
    return table if table.matched >= 2 else None


def _same_name(value: object, name: str) -> bool:
    return isinstance(value, str) and " ".join(nfc(value).split()) == name


def result_row(label: str) -> str | None:
    """The published result a row's label names ("Tổng cộng", "Chỉ số (%)", "Xếp hạng",
    "Xếp loại"), or None."""
    if not label:
        return None
    found = published_column(label)
    if found is not None:
        return found
    plain = _BRACKETED.sub("", canonical(label)).strip(" :.")
    return "published_total" if plain in words.GRAND_TOTAL_LABELS else None


# ---- reading ------------------------------------------------------------------------------

def read_transposed(grid: Grid, table: TransposedTable, file: str,
                    methodology: Methodology) -> Batch:
    """Units and their given points from a located transposed table."""
    problems: list[Problem] = []
    sheet = grid.sheet
    lookup = tree_lookup(methodology.tree)

    def cell(row: int, col: int | None) -> str:
        return address(row, col) if col else ""

    def where(row: int) -> str:
        return cell(row, table.code_col) or cell(row, table.name_col)

    duplicates = {id(again) for _first, again in table.matching.duplicates}
    for first, again in table.matching.duplicates:
        problems.append(Problem("I109", "error", file, sheet, where(again.row.row),
                                criterion=again.criterion,
                                found=again.row.code.text or again.row.name,
                                expected=str(first.row.row)))
    kept = [m for m in table.matching.matches if m.criterion and id(m) not in duplicates]
    for match in table.matching.matches:
        if match.criterion is None:
            _unmatched(grid, table, match.row, file, problems, where)
        elif id(match) not in duplicates:
            _match_notes(match, lookup, file, sheet, problems, where, cell(match.row.row,
                                                                          table.name_col))
    for r in table.skipped:
        problems.append(Problem("I041", "warning", file, sheet, address(r, next(iter(
            table.units))), found=str(r)))
    codes = {m.criterion for m in kept}
    left_out = _table.incomplete_totals(codes, methodology)
    kept = [m for m in kept if m.criterion not in left_out]
    if table.max_col:
        problems += _maxima(grid, table, kept, lookup, file)
    below = {m.criterion: any(c in codes for c in lookup.below(m.criterion)) for m in kept}
    year = _table.table_year(grid, table.header_row)
    units, entries = [], []
    for col, name in table.units.items():
        unit_id = f"{file}|{sheet}|{address(table.header_row, col)}"
        unit = {"unit_id": unit_id, "unit": name, "file": file, "sheet": sheet, "year": year,
                "unit_source": address(table.header_row, col), "group": table.groups[col]}
        for key, r in table.published.items():
            unit[key] = grid.value(r, col)
        units.append(unit)
        mine = []
        for match in kept:
            r, code = match.row.row, match.criterion
            value = grid.value(r, col)
            if value is None and below[code]:
                continue  # a total row left blank: its parts are read
            entry = _table.given_entry(unit_id, code, value, file, sheet, address(r, col),
                                       name, problems)
            entry["read_error"] = value is None and (r, col) in grid.formulas
            if entry["read_error"]:  # a formula never computed: not a missing score
                problems.append(Problem("I110", "error", file, sheet, address(r, col), name,
                                        code, found=f"={grid.formulas[(r, col)]}"))
            mine.append(entry)
        if all(grid.value(m.row.row, col) is None for m in kept if not below[m.criterion]):
            # nothing on the rows that are scored (subtotals of an empty column show 0)
            problems.append(Problem("I040", "error", file, sheet,
                                    address(table.header_row, col), name))
            continue  # the unit stays listed (not scored), without entries
        entries += mine
    return Batch(make_units(units), make_entries(entries) if entries else make_entries([]),
                 problems)


def _unmatched(grid: Grid, table: TransposedTable, row: TreeRow, file: str,
               problems: list[Problem], where) -> None:
    """A row that stands for no criterion: a warning, saying whether points are lost."""
    shown = f"«{row.code.text or row.name}»"
    if any(is_number(grid.value(row.row, c)) or is_not_arisen(grid.value(row.row, c))
           for c in table.units):
        problems.append(Problem("I041", "warning", file, grid.sheet, where(row.row),
                                found=shown))
    elif row.code.style in (NUMBER, ROMAN, LETTER):
        problems.append(Problem("I108", "warning", file, grid.sheet, where(row.row),
                                found=shown))


def _match_notes(match, lookup, file: str, sheet: str, problems: list[Problem], where,
                 name_cell: str) -> None:
    """What the reader decided about a row's criterion, when its code did not say it alone
    (as a form's rows are reported: I104, I105, I113)."""
    if match.how == "code" and (match.similarity >= SIMILAR or not match.row.name):
        return
    code = match.criterion
    name = lookup.names[code]
    here = where(match.row.row)
    if match.how == "float":
        problems.append(Problem("I113", "warning", file, sheet, here, criterion=code,
                                found=match.row.code.text, expected=code))
    elif match.how in ("position", "name"):
        if match.similarity < SIMILAR or match.how == "name":
            problems.append(Problem("I104", "warning", file, sheet, here, criterion=code,
                                    found=f"«{match.row.code.text or match.row.name}»",
                                    expected=f"«{name}»", params={"how": match.how}))
    elif match.row.name and match.similarity < SIMILAR:
        problems.append(Problem("I105", "warning", file, sheet, name_cell, criterion=code,
                                found=f"«{match.row.name}»", expected=f"«{name}»"))


def _maxima(grid: Grid, table: TransposedTable, kept, lookup, file: str) -> list[Problem]:
    """A warning for each maximum in the maximum column that differs from the methodology's."""
    problems = []
    for match in kept:
        value = grid.value(match.row.row, table.max_col)
        expected = lookup.checked_max.get(match.criterion)
        if value is None or expected is None or (isinstance(value, str) and not value.strip()):
            continue
        stated = _table.stated_maximum(value)
        if stated is None or abs(stated - expected) > 1e-9:
            shown = float(stated) if stated is not None else f"«{value}»"
            problems.append(Problem("I042", "warning", file, grid.sheet,
                                    address(match.row.row, table.max_col),
                                    criterion=match.criterion, found=shown,
                                    expected=float(expected)))
    return problems


# ---- the layout plug-in ---------------------------------------------------------------------

def detect(grid: Grid, methodology: Methodology) -> Detection | None:
    """A header row naming at least two units, beside a code or content column whose rows
    match the methodology's criteria. Confidence: 0.6, up to 1.0 as the rows that may be
    criteria match (higher than a form's for the same share: a form has no row of unit
    names)."""
    table = find_table(grid, methodology)
    if table is None:
        return None
    confidence = 0.6 + 0.4 * table.matched / max(1, len(table.rows))
    reason = (f"{len(table.units)} units named across row {table.header_row}, "
              f"{table.matched} of {len(table.rows)} rows match criteria")
    return Detection(LAYOUT, round(confidence, 3), reason, table)


def read(grid: Grid, detection: Detection, file: str, methodology: Methodology) -> Batch:
    return read_transposed(grid, detection.found, file, methodology)


def leftovers(grid: Grid, detection: Detection, read: Batch) -> list[Problem]:
    """Points the table holds but did not read: a column of points whose header names no
    unit (I043), rows of criteria below the signature block or the notes (I044)."""
    table: TransposedTable = detection.found
    if read.units.empty:
        return []
    file = str(read.units["file"].iloc[0])
    problems = []
    taken = {table.code_col, table.name_col, table.max_col, *table.units}
    criteria = [m.row.row for m in table.matching.matches if m.criterion is not None]
    for col in range(1, grid.width + 1):
        if col in taken:
            continue
        header = _header_text(grid, table.header_row, col)
        if isinstance(header, str) and (is_total(header) or role_of([header]) is not None
                                        or published_column(header)):
            continue  # a mean across the units, a self-score, a note column
        held = sum(1 for r in criteria if is_number(grid.value(r, col)))
        if criteria and 2 * held >= len(criteria):
            shown = f"{address(table.header_row, col)}" + (
                f" «{nfc(str(header))}»" if header is not None else "")
            problems.append(Problem("I043", "warning", file, grid.sheet,
                                    address(table.header_row, col), found=shown))
    below = []
    for r in range(table.end_row + 1, len(grid.rows) + 1):
        code = parse_code(grid.value(r, table.code_col)) if table.code_col else Code()
        if code.style == NUMBER and code.code in table.known and any(
                is_number(grid.value(r, c)) for c in table.units):
            below.append(str(r))
    if below:
        problems.append(Problem("I044", "error", file, grid.sheet, found=", ".join(below)))
    return problems


combine = _table.combine
