"""Read consolidated tables: one row per unit, one column per field or criterion.

The shape of a published annex and of an analyst's own summary sheet:
``STT | Đơn vị | Nhóm | 1 | 2 | … | Tổng điểm | Chỉ số (%) | Xếp hạng | Xếp loại``.
Score columns are matched to methodology codes by their header: a code ("1", "3.2.1",
"Lĩnh vực 1", "1. Công tác chỉ đạo…") or the node's name. Points are taken as given
(``given_points``); published totals, indices, ranks and classes are kept for re-checking.
Rows that carry only a heading ("I. KHỐI PHƯỜNG") name the group of the rows below.

Tables exported per criterion have one column per leaf criterion ("1.1.1", "TC 1.1.2"),
maybe under its field's heading merged across them, with its maximum in the header text
("1.1.1 (1 điểm)") or on a row of maxima under the header ("(1,5)", "1,5"): a maximum
that differs from the methodology's is a warning (I042), the row of maxima is no unit.
Per-field subtotals ("Cộng LV 1", "Tổng điểm lĩnh vực II") are stated totals of their
field, re-checked against the parts (I016), never counted twice; a total whose parts
are not all there is left out, so the part missing is reported (I013).

The table is read past blank rows, group headings and subtotals ("Cộng khối xã") to its
real end: the signature block or the notes below it ("TM. ỦY BAN NHÂN DÂN", "Người lập
biểu", "Ghi chú:", "…, ngày … tháng … năm …"), or, after a blank or total row, a row that
is not a unit (a summary "Xếp loại | Số lượng", "Tốt | 1 | 50%": a unit has points in at
least half of the score columns) or another table under its own title. Rows left below
that still look like units are reported by :func:`leftovers`.

The layout plug-in ``consolidated`` (see :mod:`cchc_index._internal.io.layouts`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from cchc_index._internal import vocabulary as words
from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.io.codes import ROMAN, parse_code
from cchc_index._internal.io.form_rows import tree_lookup
from cchc_index._internal.io.headers import MAX, role_of
from cchc_index._internal.io.layouts import Detection
from cchc_index._internal.io.recognise import (
    APPRAISAL_ROUND,
    SECOND_APPRAISAL_ROUND,
    SELF_ROUND,
    component_header,
    header_key,
    is_column_number_row,
    is_group_header,
    is_ignored_header,
    is_total,
    is_unit_header,
    names_unit_column,
    published_column,
    round_of,
)
from cchc_index._internal.io.rows import (
    ENDING,
    RowKind,
    TableShape,
    classify_row,
    content_kind,
    label_of,
)
from cchc_index._internal.io.rows import looks_like_unit as _looks_like_unit
from cchc_index._internal.methodology.model import Component, Methodology
from cchc_index._internal.text import (
    NumberParseError,
    canonical,
    is_not_arisen,
    is_number,
    name_key,
    nfc,
    parse_number,
)

_CODE_PREFIX = re.compile(
    rf"^(?:{'|'.join(words.CODE_PREFIX_WORDS)})?\s*(\d+(?:\.\d+)*)\.?(?:\s|$)")


@dataclass
class TableLayout:
    """Where things are in a consolidated sheet (1-based columns)."""

    header_row: int
    data_row: int
    unit_col: int
    scores: dict[int, str]  # column -> methodology code
    group_col: int | None
    published: dict[str, int]
    extra: dict[int, str]  # other named columns, kept as unit attributes
    ignored: list[tuple[int, str]]  # headers that look like scores but match nothing
    # Columns of the units' own points beside the council's, which are scored instead.
    self_assessed: list[int] = field(default_factory=list)
    # The maxima the table states for its score columns: column -> (cell, maximum).
    maxima: dict[int, tuple[str, float]] = field(default_factory=dict)

    @property
    def shape(self) -> TableShape:
        """The table as the row classifier sees it: units named in ``unit_col``."""
        return TableShape(self.unit_col, tuple(self.scores), units=True)


def match_code(header: object, methodology: Methodology) -> str | None:
    """The methodology code a column header stands for, or None.

    >>> from cchc_index._internal.methodology.load import load_methodology
    >>> m = load_methodology()
    >>> match_code("Lĩnh vực 3", m), match_code("Cải cách tài chính công", m)
    ('3', '6')
    >>> match_code("Lĩnh vực II", m), match_code("VI. Cải cách tài chính công", m)
    ('2', '6')
    >>> match_code("Vị trí", m) is None
    True
    """
    if header is None:
        return None
    tree = methodology.tree
    if isinstance(header, int | float) and not isinstance(header, bool):
        text = f"{header:g}"
    else:
        text = canonical(header).replace("\n", " ")
    found = _CODE_PREFIX.match(text)
    codes = set(tree["code"])
    if found and found.group(1) in codes:
        return found.group(1)
    by_name = {canonical(n): c for c, n in zip(tree["code"], tree["name"], strict=True)}
    if text in by_name:
        return by_name[text]
    return (_field_by_roman_numeral(text, codes, by_name)
            or _bonus_or_penalty(text, methodology))


def subtotal_code(header: object, methodology: Methodology) -> str | None:
    """The code whose total a header or label gives ("Cộng LV 1", "Tổng điểm lĩnh vực II",
    "Cộng TC 1.1"), or None.

    >>> from cchc_index._internal.methodology.load import load_methodology
    >>> m = load_methodology()
    >>> subtotal_code("Cộng LV 1", m), subtotal_code("Tổng điểm lĩnh vực II", m)
    ('1', '2')
    >>> subtotal_code("Tổng điểm", m) is None, subtotal_code("Công tác chỉ đạo", m) is None
    (True, True)
    """
    if not isinstance(header, str):
        return None
    text = canonical(header).replace("\n", " ")
    found = words.SUBTOTAL.match(text)
    return match_code(text[found.end():], methodology) if found else None


def stated_maximum(value: object, in_header: bool = False) -> float | None:
    """The maximum a cell states: a number, "(1,5)", "1,5 điểm", "Tối đa 2"; with
    ``in_header``, the bracketed maximum inside a header ("1.1.1 (1 điểm)"). None when it
    states none.

    >>> stated_maximum("(1,5)"), stated_maximum("TC 1.1.1 (0,5đ)", in_header=True)
    (1.5, 0.5)
    >>> stated_maximum("Lĩnh vực 1", in_header=True) is None, stated_maximum("Tốt") is None
    (True, True)
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return None if in_header else float(value)
    text = canonical(value)
    found = (words.MAX_IN_HEADER.search(text) if in_header
             else words.MAX_CELL.match(text.strip()))
    return float(found.group(1).replace(",", ".")) if found else None


def incomplete_totals(codes: set[str], methodology: Methodology) -> set[str]:
    """Of the ``codes`` a table gives, those above others whose parts are not all given.

    The engine scores the deepest codes given; a total above them ("1" beside "1.1.1")
    stands for the parts that have no column or row of their own. Such totals are left
    out, so each missing part is reported (I013) instead of vanishing.

    >>> from cchc_index._internal.methodology.load import load_methodology
    >>> m = load_methodology()
    >>> sorted(incomplete_totals({"1", "1.1", "1.2", "1.3", "1.4", "1.5"}, m))
    []
    >>> sorted(incomplete_totals({"1", "1.1", "1.1.1", "1.1.2", "1.2"}, m))
    ['1']
    """
    lookup = tree_lookup(methodology.tree)
    left_out: set[str] = set()
    for leaf, is_leaf in lookup.is_leaf.items():
        if not is_leaf:
            continue
        pieces = leaf.split(".")
        chain = [".".join(pieces[: i + 1]) for i in range(len(pieces))]
        given = [c for c in chain if c in codes]
        if given and given[-1] != leaf and any(c in codes for c in lookup.below(given[-1])):
            left_out.update(given)
    return left_out


def _bonus_or_penalty(text: str, methodology: Methodology) -> str | None:
    """The bonus (or penalty) criterion a "Điểm thưởng" ("Điểm trừ") column stands for: the
    topmost criterion of that component, when there is exactly one."""
    named = component_header(text)
    if named is None:
        return None
    component = Component.BONUS if named == "bonus" else Component.PENALTY
    tree = methodology.tree
    mine = tree[tree["component"] == component]
    if mine.empty:
        return None
    top = mine[mine["level"] == mine["level"].min()]
    return str(top["code"].iloc[0]) if len(top) == 1 else None


# A field numbered as the forms number it: "Lĩnh vực II", "II. Công tác chỉ đạo …", "II".
# The numeral must stand alone or be marked ("II.", "II)", after "Lĩnh vực"), so that a
# header word such as "Vị trí" is not read as field VI.
_ROMAN_FIELD = re.compile(r"^(?:(?:linh vuc|lv|field)\s+(?P<named>[ivx]+)\b\s*[.):-]?"
                          r"|(?P<marked>[ivx]+)\s*[.):-])\s*(?P<rest>.*)$"
                          r"|^(?P<bare>[ivx]+)$")


def _field_by_roman_numeral(text: str, codes: set[str], by_name: dict[str, str]) -> str | None:
    """The field a header numbers in Roman numerals; by the name after the numeral where
    that is a criterion's name, else by the numeral (field II is code "2")."""
    found = _ROMAN_FIELD.match(text)
    if found is None:
        return None
    rest = found.group("rest") or ""
    if rest in by_name:
        return by_name[rest]
    numeral = parse_code((found.group("named") or found.group("marked")
                          or found.group("bare")).upper())
    code = str(numeral.ordinal) if numeral.style == ROMAN else None
    return code if code in codes else None


def find_layout(grid: Grid, methodology: Methodology, max_scan: int = 40) -> TableLayout | None:
    """Locate the header (one or two rows) of a consolidated table, or None."""
    for row, values in enumerate(grid.rows[:max_scan], start=1):
        if sum(1 for value in values if value is not None) < 2:
            continue  # a title line: a header names the units and at least one score
        unit_col = next((col for col, value in enumerate(values, start=1)
                         if type(value) is str and names_unit_column(value)), None)
        if unit_col is None:
            continue
        layout = _columns(grid, row, unit_col, methodology)
        if layout.scores:
            return layout
    return None


def _columns(grid: Grid, row: int, unit_col: int, methodology: Methodology) -> TableLayout:
    scores: dict[int, str] = {}
    published: dict[str, int] = {}
    extra: dict[int, str] = {}
    ignored: list[tuple[int, str]] = []
    self_assessed: list[int] = []  # a block of the unit's own points, not scored
    headed: dict[int, tuple[int, object]] = {}  # score column -> (row, text) naming it
    group_col = None
    depth = 0  # header rows below ``row`` that name score columns
    spanned = _spanned_columns(grid, row)
    for col in range(1, grid.width + 1):
        if col == unit_col:
            continue
        top, below = grid.value(row, col), grid.value(row + 1, col)
        key = header_key(top)
        code = match_code(top, methodology) or subtotal_code(top, methodology)
        named_by = (row, top)
        if (code is None and top is None) or col in spanned:
            # a heading over several columns ("Lĩnh vực 1" over "1.1.1", "1.1.2"): the
            # header cells below name each column
            deeper, rows_down, text = _code_below(grid, row, col, code, methodology)
            if deeper is not None:
                code, named_by = deeper, (row + rows_down, text)
                depth = max(depth, rows_down)
        if code is not None and code not in scores.values():
            headed[col] = named_by
        if code is not None and code in scores.values():
            earlier = next(c for c, other in scores.items() if other == code)
            if _round_of(grid, row, col) > _round_of(grid, row, earlier):
                # "Điểm thẩm định" after "Điểm tự đánh giá": the council's points count
                self_assessed.append(earlier)
                del scores[earlier]
                scores[col] = code
            elif _round_of(grid, row, col) < _round_of(grid, row, earlier):
                self_assessed.append(col)
            else:
                ignored.append((col, nfc(str(top if top is not None else below))))
        elif code is not None:
            scores[col] = code
        elif is_group_header(key) and group_col is None:
            group_col = col
        elif (name := published_column(top) or (
                published_column(below) if col in spanned else None)):
            published.setdefault(name, col)
        elif key and not is_ignored_header(key):
            if (re.match(r"^(linh vuc|lv|tieu chi|tc)\b|^\d+(\.\d+)+\.?(\s|\(|$)", key)
                    or component_header(key)):  # a criterion the methodology does not have
                ignored.append((col, nfc(str(top))))
            else:
                extra[col] = nfc(str(top))
    if depth:
        _lost_merge(grid, row, scores, extra, ignored, methodology)
        headed.update({c: (row + 1, grid.value(row + 1, c)) for c in scores if c not in headed})
    for code in incomplete_totals(set(scores.values()), methodology):
        del scores[next(c for c, other in scores.items() if other == code)]
    scores = dict(sorted(scores.items()))
    data_row = row + 1 + depth
    # The unit's header cell merged down over more header rows (fields' maxima "(12 điểm)",
    # their numbers): the data start below it.
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row and first_col <= unit_col <= last_col:
            data_row = max(data_row, last_row + 1)
    maxima: dict[int, tuple[str, float]] = {}
    for col in scores:
        named_row, text = headed.get(col, (row, None))
        stated = stated_maximum(text, in_header=True)
        if stated is not None:  # "1.1.1 (1 điểm)"
            maxima[col] = (address(named_row, col), stated)
        for r in range(named_row + 1, data_row):  # "(12 điểm)" under a merged header
            if col not in maxima and not is_column_number_row(grid.rows[r - 1]) and (
                    stated := stated_maximum(grid.value(r, col))) is not None:
                maxima[col] = (address(r, col), stated)
    data_row = _below_the_header(grid, data_row, unit_col, scores, maxima, methodology)
    return TableLayout(row, data_row, unit_col, scores, group_col, published, extra, ignored,
                       sorted(self_assessed), maxima)


def _code_below(grid: Grid, row: int, col: int, above: str | None,
                methodology: Methodology) -> tuple[str | None, int, object]:
    """The deepest code the header cells under ``row`` give column ``col``, while the cell
    above spans several columns (up to two rows down): (code, rows down, its header text),
    or (None, 0, None). Under a heading that names a code, only a code below it counts."""
    found: tuple[str | None, int, object] = (None, 0, None)
    for down in (1, 2):
        value = _shown(grid, row + down, col)
        if not _is_header_text(value):
            break
        code = match_code(value, methodology) or subtotal_code(value, methodology)
        if code is None or (above is not None and not code.startswith(above + ".")):
            break
        found, above = (code, down, value), code
        if col not in _spanned_columns(grid, row + down):
            break
    return found


def _shown(grid: Grid, row: int, col: int) -> object:
    """The value shown at (row, col) of a header: its own, or that of a range merged across
    it on that row."""
    value = grid.value(row, col)
    if value is not None:
        return value
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row == last_row and first_col <= col <= last_col:
            return grid.value(row, first_col)
    return None


def _below_the_header(grid: Grid, data_row: int, unit_col: int, scores: dict[int, str],
                      maxima: dict[int, tuple[str, float]], methodology: Methodology) -> int:
    """The first row of data: past a row of column numbers "(1) (2) (3)" and a row of
    maxima "(1,5) (0,5) …" under the header (whose maxima are kept in ``maxima``)."""
    for _ in range(2):
        values = grid.rows[data_row - 1] if data_row <= len(grid.rows) else []
        found = _maxima_row(values, unit_col, scores, methodology)
        if found is not None:
            for col, stated in found.items():
                maxima.setdefault(col, (address(data_row, col), stated))
        elif not is_column_number_row(values):
            break
        data_row += 1
    return data_row


def _maxima_row(values: list[object], unit_col: int, scores: dict[int, str],
                methodology: Methodology) -> dict[int, float] | None:
    """The maxima of a row under the header that states them, by column, or None.

    Its number and name cells are blank or say so ("Điểm tối đa"); its score cells state
    maxima, in at least half of the score columns; unless it says so, they are marked as
    maxima ("(1,5)", "1,5 điểm") or mostly agree with the methodology, and do not count
    1, 2, 3 like column numbers.
    """
    labels = [v for v in values[:unit_col] if v is not None and str(v).strip()]
    said = bool(labels) and all(isinstance(v, str) and role_of([v]) == MAX for v in labels)
    if labels and not said:
        return None
    cells = {c: values[c - 1] for c in scores
             if c <= len(values) and values[c - 1] is not None and str(values[c - 1]).strip()}
    if not cells or 2 * len(cells) < len(scores):
        return None
    read = {c: stated_maximum(v) for c, v in cells.items()}
    stated = {c: v for c, v in read.items() if v is not None}
    if len(stated) < len(read):
        return None
    if said:
        return stated
    numbers = list(stated.values())
    if len(numbers) > 2 and all(b - a == 1 for a, b in itertools.pairwise(numbers)):
        return None  # column numbers
    marked = any(isinstance(v, str) and not is_number(v) for v in cells.values())
    expected = tree_lookup(methodology.tree).checked_max
    agree = sum(1 for c, v in stated.items()
                if expected.get(scores[c]) is not None and abs(v - expected[scores[c]]) < 1e-9)
    return stated if marked or 2 * agree >= len(stated) else None


def _heading_over(grid: Grid, row: int, col: int) -> str:
    """The text of the header cell above ``col`` on ``row``, merged across it or its own."""
    for first_row, first_col, _last_row, last_col in grid.merged:
        if first_row == row and first_col <= col <= last_col:
            value = grid.value(row, first_col)
            return nfc(str(value)) if value is not None else ""
    value = grid.value(row, col)
    return nfc(str(value)) if value is not None else ""


def _round_of(grid: Grid, row: int, col: int) -> int:
    """How late the points under a header are (see :func:`~..recognise.round_of`)."""
    return round_of(header_key(_heading_over(grid, row, col)))


def _lost_merge(grid: Grid, row: int, scores: dict[int, str], extra: dict[int, str],
                ignored: list[tuple[int, str]], methodology: Methodology) -> None:
    """In a two-row header, a column whose top cell names no criterion but whose second
    row does: the top is a group heading ("Điểm đạt được theo lĩnh vực") that lost its
    merge (a CSV keeps its text in the first column only). Its second row is its header."""
    for col in [*extra, *(c for c, _text in ignored)]:
        code = match_code(grid.value(row + 1, col), methodology)
        if code is None or code in scores.values():
            continue
        scores[col] = code
        extra.pop(col, None)
        ignored[:] = [(c, text) for c, text in ignored if c != col]
    scores_in_order = dict(sorted(scores.items()))
    scores.clear()
    scores.update(scores_in_order)


def _spanned_columns(grid: Grid, row: int) -> set[int]:
    """Columns under a header cell merged across several columns on ``row``."""
    spanned: set[int] = set()
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row == last_row and last_col > first_col:
            spanned.update(range(first_col, last_col + 1))
    return spanned


def _is_header_text(value: object) -> bool:
    return isinstance(value, str | int | float)


def read_consolidated(grid: Grid, layout: TableLayout, file: str,
                      methodology: Methodology) -> Batch:
    """Units and their given points from a located consolidated table (see the module
    docstring for where the table ends)."""
    problems = [Problem("I004", "warning", file, grid.sheet, address(layout.header_row, c),
                        found=f"«{t}»") for c, t in layout.ignored]
    problems += _maxima_problems(layout, file, grid.sheet, methodology)
    if layout.self_assessed:  # one warning for the block
        first, last = layout.self_assessed[0], layout.self_assessed[-1]
        problems.append(Problem("I009", "warning", file, grid.sheet,
                                address(layout.header_row, first),
                                found=f"{address(layout.header_row, first)}:"
                                      f"{address(layout.header_row, last)}"))
    year = table_year(grid, layout.header_row)
    shape = layout.shape
    units, entries = [], []
    group_heading = ""
    gap = False  # a blank or total row since the last unit: what follows must look like units
    unit_row = 0  # the row of the last unit read
    titled = False  # a heading after a gap: the title of whatever comes next
    for row in range(layout.data_row, len(grid.rows) + 1):
        values = grid.rows[row - 1]
        kind = classify_row(values, shape)
        if kind is RowKind.BLANK:
            gap = gap or bool(units)
            continue
        if kind is RowKind.COLUMN_NUMBERS:
            continue
        if kind is RowKind.HEADER:
            if gap and titled:
                break  # another table under its own title ("BẢNG 2. CÁC SỞ")
            continue  # the header repeated on each printed page
        if kind in ENDING:
            # the signature block or notes end the table; a summary's first words only
            # after a blank or total row (else they head a group: "Xếp loại Tốt")
            if units and (kind is not RowKind.SUMMARY or gap):
                break
            kind = content_kind(values, shape)
        if kind is RowKind.TOTAL:
            gap = gap or bool(units)
            continue
        label = label_of(values, shape)
        if kind is RowKind.GROUP_HEADING:
            if label:  # "I. KHỐI XÃ", with or without the group's means beside it
                group_heading, titled = label, gap
            continue
        name = grid.value(row, layout.unit_col)
        name = nfc(str(name)) if name is not None else ""
        score_cells = {c: grid.value(row, c) for c in layout.scores}
        if gap and not (name and _looks_like_unit(values, shape)):
            break  # a summary below the table ("Tốt | 1 | 50%"), not a unit
        gap = titled = False
        if not name:
            round_here = _second_row_round(grid, row, layout.unit_col, unit_row, values)
            if round_here == "appraisal":  # the council's row under the unit's own: it counts
                last = units[-1]
                for key, col in layout.published.items():
                    last[key] = grid.value(row, col)
                entries[len(entries) - len(layout.scores):] = [
                    given_entry(last["unit_id"], code, score_cells[col], file, grid.sheet,
                           address(row, col), last["unit"], problems)
                    for col, code in layout.scores.items()]
                continue
            if round_here != "self":
                problems.append(Problem("I015", "error", file, grid.sheet,
                                        address(row, layout.unit_col)))
            continue
        unit_row = row
        unit_id = f"{file}|{grid.sheet}|{row}"
        unit = {"unit_id": unit_id, "unit": name, "file": file, "sheet": grid.sheet,
                "year": year, "unit_source": address(row, layout.unit_col),
                "group": _group(grid, row, layout, group_heading)}
        for key, col in layout.published.items():
            unit[key] = grid.value(row, col)
        for col, header in layout.extra.items():
            unit[header] = grid.value(row, col)
        units.append(unit)
        for col, code in layout.scores.items():
            entries.append(given_entry(unit_id, code, score_cells[col], file, grid.sheet,
                                  address(row, col), name, problems))
    if not units:
        problems.append(Problem("I005", "error", file, grid.sheet,
                                address(layout.header_row, layout.unit_col)))
    return Batch(make_units(units) if units else make_units([]),
                 make_entries(entries) if entries else make_entries([]), problems)


def _maxima_problems(layout: TableLayout, file: str, sheet: str,
                     methodology: Methodology) -> list[Problem]:
    """A warning for each maximum the table states that differs from the methodology's."""
    checked = tree_lookup(methodology.tree).checked_max
    problems = []
    for col, (cell, stated) in sorted(layout.maxima.items()):
        code = layout.scores.get(col)
        expected = checked.get(code) if code is not None else None
        if expected is not None and abs(stated - expected) > 1e-9:
            problems.append(Problem("I042", "warning", file, sheet, cell, criterion=code,
                                    found=float(stated), expected=float(expected)))
    return problems


def _second_row_round(grid: Grid, row: int, unit_col: int, unit_row: int,
                      values: list[object]) -> str:
    """For a row without a name whose name cell is merged with the last unit's: "appraisal"
    when it holds the council's points ("Thẩm định"), "self" for the unit's own, "" for
    anything else (a row of points without a unit, reported)."""
    merged = any(first_row == unit_row and first_row < row <= last_row
                 and first_col <= unit_col <= last_col
                 for first_row, first_col, last_row, last_col in grid.merged)
    if not merged or not unit_row:
        return ""
    rounds = {round_of(canonical(v)) for v in values if isinstance(v, str)}
    if rounds & {APPRAISAL_ROUND, SECOND_APPRAISAL_ROUND}:
        return "appraisal"
    return "self" if SELF_ROUND in rounds else ""


def score_columns(batch: Batch) -> set[int]:
    """The 1-based columns a batch's points were read from (from the entries' cells)."""
    if "cell_given_points" not in batch.entries:
        return set()
    columns = set()
    for cell in batch.entries["cell_given_points"].dropna().unique():
        letters = re.match(r"[A-Z]+", str(cell))
        if letters:
            columns.add(_column_number(letters.group(0)))
    return columns


def _column_number(letters: str) -> int:
    """``"AB"`` is 28."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def given_entry(unit_id, code, value, file, sheet, cell, unit_name, problems) -> dict:
    """One unit's entry for ``code`` from a table cell: its points as given, or KPS; text
    that is not a number is an error at the cell (I010), the points left blank."""
    entry = {"unit_id": unit_id, "code": code, "file": file, "sheet": sheet,
             "cell_given_points": cell, "given_points": None, "not_arisen": False}
    if is_not_arisen(value):
        entry["not_arisen"] = True
        return entry
    try:
        entry["given_points"] = parse_number(value)
    except NumberParseError:
        problems.append(Problem("I010", "error", file, sheet, cell, unit_name, code,
                                found=f"«{value}»"))
    return entry


def _group(grid: Grid, row: int, layout: TableLayout, heading: str) -> str:
    if layout.group_col is not None:
        value = grid.value(row, layout.group_col)
        return nfc(str(value)) if value is not None else ""
    return heading


def table_year(grid: Grid, header_row: int) -> str:
    """The year a table's title states ("… NĂM 2024"), above its header; "" when none."""
    for row in grid.rows[: header_row - 1]:
        for value in row:
            found = words.YEAR_IN_TITLE.search(canonical(value)) if isinstance(
                value, str) else None
            if found:
                return found.group(1)
    return ""


# ---- the layout plug-in ----

LAYOUT = "consolidated"
KIND = "table"


def detect(grid: Grid, methodology: Methodology) -> Detection | None:
    """A header naming the unit column, with columns of the methodology's fields or
    criteria. Confidence: 0.5, up to 1.0 as the score columns cover the fields."""
    layout = find_layout(grid, methodology)
    if layout is None:
        return None
    fields = set(methodology.fields["code"])
    covered = {code.split(".")[0] for code in layout.scores.values()} & fields
    confidence = 0.5 + 0.5 * len(covered) / max(1, len(fields))
    reason = (f"unit column {address(layout.header_row, layout.unit_col)}, "
              f"{len(layout.scores)} score columns covering {len(covered)} of "
              f"{len(fields)} fields")
    return Detection(LAYOUT, round(confidence, 3), reason, layout)


def read(grid: Grid, detection: Detection, file: str, methodology: Methodology) -> Batch:
    return read_consolidated(grid, detection.found, file, methodology)


def leftovers(grid: Grid, detection: Detection, read: Batch) -> list[Problem]:
    """An error for rows below the table's last unit that look like units but were not
    read: a name in the unit column and numbers in at least half the score columns
    (units typed below the total row or the signature block, say). The reader goes past
    blank rows and group headings, so what is left is what it could not take; total
    rows, the signature block, notes and a summary of a few numbers are not units."""
    unit_col = detection.found.unit_col
    if read.units.empty:
        return []
    done = [_row_of(c) for c in read.units["unit_source"] if _row_of(c)]
    if not done:
        return []
    columns = score_columns(read) - {unit_col}
    needed = max(1, (len(columns) + 1) // 2)
    left = []
    for row in range(max(done) + 1, len(grid.rows) + 1):
        name = grid.value(row, unit_col)
        if not isinstance(name, str) or not name.strip() or is_total(name) or is_unit_header(
                canonical(name)):  # a header repeated below
            continue
        values = grid.rows[row - 1]
        looked_at = [values[c - 1] for c in columns if c <= len(values)] if columns else [
            v for i, v in enumerate(values, start=1) if i != unit_col]
        if sum(is_number(v) for v in looked_at) >= (needed if columns else 1):
            left.append(f"{row} ({nfc(name)})")
    if not left:
        return []
    shown = ", ".join(left[:5]) + (f" … (+{len(left) - 5})" if len(left) > 5 else "")
    return [Problem("S024", "error", read.units["file"].iloc[0], grid.sheet, found=shown)]


def _row_of(cell: object) -> int:
    found = re.search(r"(\d+)$", str(cell or ""))
    return int(found.group(1)) if found else 0


def combine(tables: list[Batch]) -> Batch:
    """The consolidated tables of several sheets as one read ("Khối xã", "Khối phường").

    A table that lists the units again (a ranking sheet beside the scores: most of its
    names already read) is skipped with a warning; a few names in common are communes of
    different districts, one sheet each. When more than one is kept, a unit without a
    group (no group column, no group heading) takes its sheet's name as its group, as a
    heading would give it.
    """
    if len(tables) == 1:
        return tables[0]
    kept: list[Batch] = []
    taken: dict[str, object] = {}  # unit name key -> its sheet
    skipped: list[Problem] = []
    for table in tables:
        names = list(table.units["unit"])
        again = [name for name in names if name_key(name) in taken]
        if 2 * len(again) > len(names):
            skipped.append(Problem("S027", "warning", str(table.units["file"].iloc[0]),
                                   str(table.units["sheet"].iloc[0]), found=f"«{again[0]}»",
                                   expected=f"«{taken[name_key(again[0])]}»"))
            continue
        taken.update((name_key(name), table.units["sheet"].iloc[0]) for name in names)
        kept.append(table)
    if len(kept) > 1:
        for table in kept:
            sheet = nfc(str(table.units["sheet"].iloc[0])).strip()
            blank = table.units["group"].fillna("").astype(str).str.strip() == ""
            if blank.any():
                table.units.loc[blank, "group"] = sheet
                table.problems.append(Problem("S028", "warning",
                                              str(table.units["file"].iloc[0]), sheet,
                                              found=f"«{sheet}»"))
    joined = Batch.combine(kept)
    joined.problems += skipped
    return joined
