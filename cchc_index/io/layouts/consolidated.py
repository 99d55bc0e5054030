"""Read consolidated tables: one row per unit, one column per field or criterion.

The shape of a published annex and of an analyst's own summary sheet:
``STT | Đơn vị | Nhóm | 1 | 2 | … | Tổng điểm | Chỉ số (%) | Xếp hạng | Xếp loại``.
Score columns are matched to methodology codes by their header: a code ("1", "3.2.1",
"Lĩnh vực 1", "1. Công tác chỉ đạo…") or the node's name. Points are taken as given
(``given_points``); published totals, indices, ranks and classes are kept for re-checking.
Rows that carry only a heading ("I. KHỐI PHƯỜNG") name the group of the rows below.

The table is read past blank rows, group headings and subtotals ("Cộng khối xã") to its
real end: the signature block or the notes below it ("TM. ỦY BAN NHÂN DÂN", "Người lập
biểu", "Ghi chú:", "…, ngày … tháng … năm …"), or, after a blank or total row, a row that
is not a unit (a summary "Xếp loại | Số lượng", "Tốt | 1 | 50%": a unit has points in at
least half of the score columns) or another table under its own title. Rows left below
that still look like units are reported by :func:`leftovers`.

The layout plug-in ``consolidated`` (see :mod:`cchc_index.io.layouts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc_index import vocabulary as words
from cchc_index.entries import Batch, make_entries, make_units
from cchc_index.errors import Problem
from cchc_index.io.cells import Grid, address
from cchc_index.io.codes import ROMAN, parse_code
from cchc_index.io.layouts import Detection
from cchc_index.io.recognise import (
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
from cchc_index.io.rows import ENDING, RowKind, TableShape, classify_row, content_kind, label_of
from cchc_index.io.rows import looks_like_unit as _looks_like_unit
from cchc_index.methodology.model import Component, Methodology
from cchc_index.text import (
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

    @property
    def shape(self) -> TableShape:
        """The table as the row classifier sees it: units named in ``unit_col``."""
        return TableShape(self.unit_col, tuple(self.scores), units=True)


def match_code(header: object, methodology: Methodology) -> str | None:
    """The methodology code a column header stands for, or None.

    >>> from cchc_index.methodology.load import load_methodology
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
    group_col = None
    used_second = False
    spanned = _spanned_columns(grid, row)
    for col in range(1, grid.width + 1):
        if col == unit_col:
            continue
        top, below = grid.value(row, col), grid.value(row + 1, col)
        key = header_key(top)
        code = match_code(top, methodology)
        if code is None and (top is None or col in spanned) and _is_header_text(below):
            code = match_code(below, methodology)
            used_second = used_second or code is not None
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
            if re.match(r"^(linh vuc|lv|tieu chi|tc)\b", key) or component_header(key):
                ignored.append((col, nfc(str(top))))
            else:
                extra[col] = nfc(str(top))
    if used_second:
        _lost_merge(grid, row, scores, extra, ignored, methodology)
    scores = dict(sorted(scores.items()))
    data_row = row + (2 if used_second else 1)
    # The unit's header cell merged down over more header rows (fields' maxima "(12 điểm)",
    # their numbers): the data start below it.
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row and first_col <= unit_col <= last_col:
            data_row = max(data_row, last_row + 1)
    if is_column_number_row(grid.rows[data_row - 1] if data_row <= len(grid.rows) else []):
        data_row += 1
    return TableLayout(row, data_row, unit_col, scores, group_col, published, extra, ignored,
                  sorted(self_assessed))


def _heading_over(grid: Grid, row: int, col: int) -> str:
    """The text of the header cell above ``col`` on ``row``, merged across it or its own."""
    for first_row, first_col, _last_row, last_col in grid.merged:
        if first_row == row and first_col <= col <= last_col:
            value = grid.value(row, first_col)
            return nfc(str(value)) if value is not None else ""
    value = grid.value(row, col)
    return nfc(str(value)) if value is not None else ""


def _round_of(grid: Grid, row: int, col: int) -> int:
    """How late the points under a header are (see :func:`~cchc_index.io.recognise.round_of`)."""
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
    if layout.self_assessed:  # one warning for the block
        first, last = layout.self_assessed[0], layout.self_assessed[-1]
        problems.append(Problem("I009", "warning", file, grid.sheet,
                                address(layout.header_row, first),
                                found=f"{address(layout.header_row, first)}:"
                                      f"{address(layout.header_row, last)}"))
    year = _year(grid, layout.header_row)
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
                    _entry(last["unit_id"], code, score_cells[col], file, grid.sheet,
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
            entries.append(_entry(unit_id, code, score_cells[col], file, grid.sheet,
                                  address(row, col), name, problems))
    if not units:
        problems.append(Problem("I005", "error", file, grid.sheet,
                                address(layout.header_row, layout.unit_col)))
    return Batch(make_units(units) if units else make_units([]),
                 make_entries(entries) if entries else make_entries([]), problems)


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


def _entry(unit_id, code, value, file, sheet, cell, unit_name, problems) -> dict:
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


def _year(grid: Grid, header_row: int) -> str:
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
