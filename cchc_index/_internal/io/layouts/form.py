"""Read the self-assessment workbook of one unit (bảng tự đánh giá, chấm điểm).

A form is a sheet with a title block, a table whose rows are the criteria tree (code,
content, maximum, raw figures, self-score, appraisal scores, evidence, explanation) and a
signature block. :func:`read_form` finds the table (:mod:`.headers`), the unit and year
(:mod:`.form_identity`), matches the rows to the methodology (:mod:`.form_rows`) and
returns one unit and one entry per matched row, each value with its cell.

What a careful analyst reads, the reader reads: decimal commas, numbers stored as text,
"KPS" / "Không phát sinh", codes with stray dots, Roman numerals. What it cannot read
(text that is not a number, a formula whose value was never computed) is an error at
its cell, and the unit is not scored; every choice it makes (a match by position, a name
taken from the file) is a warning.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from operator import itemgetter

from cchc_index._internal import vocabulary as words
from cchc_index._internal.entries import ENTRY_COLUMNS, Batch, Rows
from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.io.codes import LETTER, NUMBER, ROMAN, parse_code, split_leading_code
from cchc_index._internal.io.form_identity import (
    SOURCE_FILE,
    Identity,
    display_name,
    find_identity,
    unit_type,
)
from cchc_index._internal.io.form_rows import (
    SIMILAR,
    Match,
    Matching,
    TreeRow,
    match_rows,
    tree_lookup,
)
from cchc_index._internal.io.headers import (
    CODE,
    MAX,
    NAME,
    POINT_ROLES,
    SELF,
    TEXT_ROLES,
    FormLayout,
    find_form_layout,
)
from cchc_index._internal.io.layouts import Detection
from cchc_index._internal.io.recognise import is_helper_sheet_name, sheet_names_a_unit
from cchc_index._internal.io.rows import RowKind, TableShape, classify_row, names_a_unit
from cchc_index._internal.methodology.model import Component, Methodology, counts_in_maximum
from cchc_index._internal.text import NumberParseError, is_not_arisen, name_key, nfc, parse_number

UNIT_TYPE_COLUMN = "Loại đơn vị"
@dataclass(frozen=True, slots=True)
class _Cell:
    """What one points cell holds."""

    value: float = math.nan
    not_arisen: bool = False
    formula: str = ""  # the formula of a cell whose value was never computed
    text: str = ""  # text that is not a number


_BLANK = _Cell()
_KPS = _Cell(not_arisen=True)
_NO_CODE = parse_code(None)
# Number cells by value, shared: the same few scores fill every form of a batch.
_NUMBERS: dict[float, _Cell] = {}
_MAX_NUMBERS = 4096


@dataclass(slots=True)
class _Row(TreeRow):
    """One table row that may be a criterion, with what its cells hold.

    ``points`` holds no blank cell, so a row has points exactly when ``points`` is not
    empty (``has_points``).
    """

    points: dict[str, _Cell] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    max_text: object = None
    has_points: bool = False
    orphan: bool = False


def read_form(grid: Grid, file: str, methodology: Methodology) -> Batch | None:
    """The unit and entries of a form sheet, or None if the sheet holds no form.

    A sheet of field totals only (a summary sheet beside the form) is not a form.
    """
    rows = read_form_rows(grid, file, methodology)
    return None if rows is None else rows.to_batch()


@dataclass(slots=True)
class PlannedRow(TreeRow):
    """A row that may be a criterion, as the form's labels say: its code and name. An
    ``orphan`` (no code, no name) counts only if it holds a number (it is then reported as
    a row that matches nothing)."""

    orphan: bool = False


@dataclass(frozen=True)
class FormPlan:
    """What a form's labels say, whatever its values: where its table is, which rows may
    be criteria, and which criterion each stands for. Units filling one template have
    the same plan; :func:`read_values` then reads each one's points and texts."""

    layout: FormLayout
    rows: tuple[PlannedRow, ...]
    matching: Matching
    # The rows without a code that their cells placed (a total skipped, a signature line
    # ending the table: see :func:`_plan_rows`), with what they were taken for, and the
    # row that ended the table (0: the sheet's end). Below it, nothing is read.
    placed: tuple[tuple[int, RowKind], ...] = ()
    end: int = 0


def read_form_rows(grid: Grid, file: str, methodology: Methodology) -> Rows | None:
    """:func:`read_form` as plain :class:`Rows`, what a batch reader combines cheaply."""
    plan = plan_form(grid, methodology)
    if plan is None:
        return None
    return read_planned_form(grid, plan, file, methodology)


def plan_form(grid: Grid, methodology: Methodology) -> FormPlan | None:
    """The :class:`FormPlan` of a sheet, from its labels only (the header, the code and
    content columns, the text of rows without a code); None when the sheet holds no form
    of ``methodology`` (no header; neither names nor criterion codes; field codes only
    where the methodology has criteria)."""
    layout = find_form_layout(grid)
    if layout is None:
        return None
    rows, placed, end = _plan_rows(grid, layout)
    named = [r for r in rows if not r.orphan]
    if not named:
        return None
    if NAME not in layout.columns and not any(
            r.code.style == NUMBER and "." in (r.code.code or "") for r in named):
        return None  # neither names nor criterion codes: a table of something else
    matching = match_rows(named, methodology.tree)
    matched = [m.criterion for m in matching.matches if m.criterion is not None]
    if matched and tree_lookup(methodology.tree).depth > 1 and all("." not in c
                                                                    for c in matched):
        return None
    return FormPlan(layout, tuple(rows), matching, tuple(placed), end)


def read_planned_form(grid: Grid, plan: FormPlan, file: str,
                      methodology: Methodology) -> Rows:
    """The unit and entries of a form sheet laid out as ``plan`` says."""
    layout = plan.layout
    rows = read_values(grid, plan)
    identity = find_identity(grid, layout.header_row, file)
    if not any(m.criterion is not None for m in plan.matching.matches):
        found = ", ".join(dict.fromkeys(r.code.text for r in rows if r.code.text))
        return Rows(problems=[Problem("I100", "error", file, grid.sheet,
                                      address(layout.header_row, layout.columns.get(
                                          CODE, layout.columns.get(NAME, 1))),
                                      identity.unit, found=found[:120],
                                      expected=f"«{methodology.name}»")])
    reader = _FormReader(grid, file, methodology, layout, identity)
    return reader.batch(rows, _with_orphans(plan.matching, rows))


def _with_orphans(matching: Matching, rows: list[_Row]) -> Matching:
    """The plan's matching, with the orphan rows that hold numbers placed as rows that
    match nothing (in the order of the form's rows)."""
    orphans = [Match(r, None, "") for r in rows if r.orphan]
    if not orphans:
        return matching
    matches = sorted([*matching.matches, *orphans], key=lambda m: m.row.row)
    return Matching(matches, matching.by_position, matching.duplicates)


def _plan_rows(grid: Grid, layout: FormLayout
               ) -> tuple[list[PlannedRow], list[tuple[int, RowKind]], int]:
    """The rows between the header and the signature block that may be criteria, from
    their labels: the code and content cells, and the text of a row without a code (a
    total, the signature block). Numbers never decide a row's place.

    Also the rows skipped or ending the table for what their cells say (a total, a
    signature line), with what they were taken for, and the row that ended the table
    (0: none did)."""
    rows: list[PlannedRow] = []
    placed: list[tuple[int, RowKind]] = []
    columns = layout.columns
    code_col, name_col = columns.get(CODE), columns.get(NAME)
    shape = TableShape(name_col or code_col)
    for r, values in enumerate(grid.rows[layout.data_row - 1:], start=layout.data_row):
        code_value = values[code_col - 1] if code_col and code_col <= len(values) else None
        code = parse_code(code_value) if code_value is not None else _NO_CODE
        name_value = values[name_col - 1] if name_col and name_col <= len(values) else None
        name = nfc(name_value if type(name_value) is str else str(name_value)) if (
            name_value is not None) else ""
        if not code.style and name:
            leading, rest = split_leading_code(name)
            if leading.style:
                code, name = leading, rest
        if not code.style:
            kind = classify_row(values, shape)
            if kind is RowKind.SIGNATURE:
                placed.append((r, kind))
                if rows:
                    return rows, placed, r
                continue
            if kind is RowKind.TOTAL:
                placed.append((r, kind))
                continue
            if not name:
                rows.append(PlannedRow(r, code, name, orphan=True))
                continue
        rows.append(PlannedRow(r, code, name))
    return rows, placed, 0


def read_values(grid: Grid, plan: FormPlan) -> list[_Row]:
    """What the cells of the planned rows hold: points, texts, the stated maximum. A row
    keeps only the points and texts its cells hold (a blank cell is left out); an orphan
    row is kept only when it holds a number."""
    rows: list[_Row] = []
    columns = plan.layout.columns
    max_col = columns.get(MAX)
    points = [(role, col, col - 1) for role, col in columns.items() if role in POINT_ROLES]
    texts = [(role, col, col - 1) for role, col in columns.items() if role in TEXT_ROLES]
    # A merged block's value reaches the rows below its first: evidence for several rows,
    # and a KPS typed once over several leaves (a number is never copied down).
    anchors = _merged_anchors(grid, [col for _role, col, _i in (*texts, *points)])
    anchor_rows = {row for row, _col in anchors}
    formulas = grid.formulas
    formula_rows = {row for row, _col in formulas}
    span = max(columns.values(), default=0)  # a shorter row reads blank beyond its end
    numbers = _NUMBERS
    grid_rows = grid.rows
    for planned in plan.rows:
        r = planned.row
        values = grid_rows[r - 1]
        if len(values) < span:
            values = [*values, *[None] * (span - len(values))]
        held: dict[str, _Cell] = {}
        row_formulas = r in formula_rows
        anchored = r in anchor_rows
        for role, col, i in points:
            value = values[i]
            if value is None and anchored:
                value = _kps_above(grid, anchors.get((r, col)))
            formula = formulas.get((r, col), "") if row_formulas else ""
            if formula:
                held[role] = _Cell(formula=formula)
            elif value is not None:
                kind = type(value)
                if (kind is float or kind is int) and value == value:
                    cell = numbers.get(value)
                    if cell is None or (not value and math.copysign(1.0, value) < 0):
                        cell = _number_cell(value)
                    held[role] = cell
                else:
                    cell = _points(value)
                    if cell is not _BLANK:
                        held[role] = cell
        if planned.orphan:
            if any(not math.isnan(c.value) for c in held.values()):
                rows.append(_Row(r, planned.code, "", held, {}, None, True, orphan=True))
            continue
        held_texts: dict[str, str] = {}
        for role, col, i in texts:
            value = values[i]
            if value is None and anchored:
                anchor = anchors.get((r, col))
                value = grid.value(*anchor) if anchor is not None else None
            if value is not None:
                text = nfc(value) if type(value) is str else _text_of(value)
                if text:
                    held_texts[role] = text
        max_text = values[max_col - 1] if max_col else None
        rows.append(_Row(r, planned.code, planned.name, held, held_texts, max_text,
                         bool(held)))
    return rows


def _kps_above(grid: Grid, anchor: tuple[int, int] | None) -> object:
    """The KPS of the merged block a blank points cell lies in; None for anything else."""
    if anchor is None:
        return None
    value = grid.value(*anchor)
    return value if is_not_arisen(value) else None


def _points(value: object, formula: str = "") -> _Cell:
    """What a points cell holds: a number, KPS, a formula never computed, other text."""
    if formula:
        return _Cell(formula=formula)
    kind = type(value)
    if kind is float or kind is int:
        return _BLANK if value != value else _number_cell(value)
    if kind is str:
        return _text_points(value)
    return _BLANK if value is None else _read_points(value)


@lru_cache(maxsize=4096)  # the same texts ("0,5", "KPS", "-") in every form of a batch
def _text_points(value: str) -> _Cell:
    return _read_points(value)


def _read_points(value: object) -> _Cell:
    """:func:`_points` of a value that is neither blank nor a plain number."""
    if is_not_arisen(value):
        return _KPS
    if isinstance(value, str):
        text = re.sub(r"\s+", " ", nfc(value))
        if text in words.EMPTY_MARKS:
            return _BLANK
        value = words.POINTS_UNIT.sub("", text) if re.search(r"\d", text) else text
    try:
        number = parse_number(value)
    except NumberParseError:
        text = nfc(str(value))
        return _Cell(text=text) if text else _BLANK
    return _BLANK if number is None else _number_cell(number)


def _number_cell(value: float) -> _Cell:
    """The cell of a number (not NaN), shared with the other cells of that number; -0.0
    is a key equal to 0.0, so it gets a cell of its own."""
    cell = _NUMBERS.get(value)
    if cell is None or (not value and math.copysign(1.0, value) < 0):
        cell = _Cell(value=float(value))
        if value or math.copysign(1.0, value) > 0:
            if len(_NUMBERS) >= _MAX_NUMBERS:  # a batch of unusual values: start again
                _NUMBERS.clear()
            _NUMBERS[value] = cell
    return cell


def _merged_anchors(grid: Grid, cols: list[int]) -> dict[tuple[int, int], tuple[int, int]]:
    """For the cells of ``cols`` inside a merged block below its first row: the block's
    first cell (one piece of evidence for several rows)."""
    anchors = {}
    for first_row, first_col, last_row, last_col in grid.merged:
        for col in cols:
            if first_col <= col <= last_col and last_row > first_row:
                for row in range(first_row + 1, last_row + 1):
                    anchors.setdefault((row, col), (first_row, first_col))
    return anchors


def _text_of(value: object) -> str:
    """A text cell as read: NFC, stripped; numbers as written."""
    if isinstance(value, float):
        return f"{value:.10g}"
    return nfc(value) if type(value) is str else nfc(str(value))


class _FormReader:
    """Turns the rows of one form into entries and problems."""

    def __init__(self, grid: Grid, file: str, methodology: Methodology, layout: FormLayout,
                 identity: Identity):
        self.grid, self.file, self.layout, self.identity = grid, file, layout, identity
        self.tree = tree_lookup(methodology.tree)
        self.unit_id = f"{file}|{grid.sheet}"
        self.problems: list[Problem] = list(identity.problems)
        self.by_position = False
        self.cell_keys = [f"cell_{role}" for role in _CELL_ROLES]
        self.addresses = _row_addresses(tuple(layout.columns.get(role) for role in _CELL_ROLES))
        self.template = {"unit_id": self.unit_id, "file": file, "sheet": grid.sheet,
                         "not_arisen": False, "not_arisen_in": "", "read_error": False,
                         "given_points": math.nan,
                         "cell_given_points": "", **dict.fromkeys(POINT_ROLES, math.nan),
                         **dict.fromkeys(TEXT_ROLES, "")}

    def problem(self, code: str, severity: str, cell: str = "", criterion: str = "",
                **fields: object) -> None:
        self.problems.append(Problem(code, severity, self.file, self.grid.sheet, cell,
                                     self.identity.unit, criterion, **fields))

    def cell(self, row: int, role: str) -> str:
        col = self.layout.columns.get(role)
        return address(row, col) if col else ""

    def batch(self, rows: list[_Row], matching) -> Rows:
        by_row = {r.row: r for r in rows}
        self.by_position = matching.by_position
        if matching.by_position:
            first = next(m for m in matching.matches if m.criterion)
            self.problem("I103", "warning", self.cell(first.row.row, CODE) or self.cell(
                first.row.row, NAME), found=", ".join(_styles(matching.matches)))
        duplicates = {id(again) for _first, again in matching.duplicates}
        for first, again in matching.duplicates:
            self.problem("I109", "error", self.cell(again.row.row, CODE) or self.cell(
                again.row.row, NAME), again.criterion, found=again.row.code.text or again.row.name,
                expected=str(first.row.row))
        kept = [m for m in matching.matches if m.criterion and id(m) not in duplicates]
        entries = [self.entry(m, by_row[m.row.row]) for m in kept]
        for match in matching.matches:
            if match.criterion is None:
                if self.unmatched(by_row[match.row.row]) and entries:
                    above = [e for e in entries if e["form_row"] < match.row.row] or entries
                    above[-1]["read_error"] = True  # not scored without these points
            elif id(match) not in duplicates:
                self.match_notes(match)
        for _first, again in matching.duplicates:
            for entry in entries:
                if entry["code"] == again.criterion:
                    entry["read_error"] = True
        self.complete(entries)
        self.missing_rows(entries)
        # A form names no group: its unit's type ("Xã", "Phường") is, as the consolidated
        # tables of districts group them, so forms and tables rank alike.
        unit = {"unit_id": self.unit_id, "unit": self.identity.unit,
                "group": self.identity.unit_type,
                "file": self.file, "sheet": self.grid.sheet, "year": self.identity.year,
                "unit_source": self.identity.unit_source,
                UNIT_TYPE_COLUMN: self.identity.unit_type}
        return Rows([unit], _entry_columns(entries), self.problems)

    def entry(self, match: Match, row: _Row) -> dict:
        code = match.criterion
        r = row.row
        entry = self.template.copy()
        entry["code"], entry["form_name"], entry["form_row"] = code, row.name, r
        cells = self.addresses.get(r)
        if cells is None:
            cells = self.addresses[r] = self.addresses.columns_at(r)
        entry.update(zip(self.cell_keys, cells, strict=True))
        if row.points:
            self.read_points(entry, row.points, code, cells)
        elif row.texts:
            self.kps_from_text(entry, row, code)
        if row.texts:
            entry.update(row.texts)
        max_text = row.max_text
        if max_text is not None:
            kind = type(max_text)
            if kind is int or kind is float:  # only a number off the maximum is reported
                expected = self.tree.checked_max[code]
                if expected is not None and (max_text != max_text
                                             or abs(float(max_text) - expected) > 1e-9):
                    self.check_max(row, code)
            else:
                self.check_max(row, code)
        return entry

    def read_points(self, entry: dict, points: dict[str, _Cell], code: str,
                    cells: tuple[str, ...]) -> None:
        """The points cells of a row into its entry; text and formulas never computed
        are errors at their cells (a formula on a parent row is recomputed later)."""
        leaf = self.tree.is_leaf[code]
        for i, role in enumerate(POINT_ROLES):
            held = points.get(role)
            if held is None:
                continue
            if held.not_arisen:  # the latest round that says KPS (the roles run in order)
                entry["not_arisen"], entry["not_arisen_in"] = True, role
            if held.formula:
                if leaf:
                    self.problem("I110", "error", cells[i], code, found=f"={held.formula}")
                    entry["read_error"] = True
                else:
                    entry.setdefault("_uncached", []).append(role)
            elif held.text:
                survey = self.tree.component[code] == Component.SURVEY and role == SELF
                if not survey:
                    self.problem("I010", "error", cells[i], code, found=f"«{held.text}»")
                    entry["read_error"] = True
            else:
                entry[role] = held.value

    def kps_from_text(self, entry: dict, row: _Row, code: str) -> None:
        """A "Không phát sinh" written in the raw-figure or explanation column of a row
        whose points are blank."""
        for role, text in row.texts.items():
            if text and is_not_arisen(text):
                entry["not_arisen"] = True
                self.problem("I112", "warning", self.cell(row.row, role), code,
                             found=f"«{text}»", expected=self.layout.labels.get(role, role))
                return

    def check_max(self, row: _Row, code: str) -> None:
        if row.max_text is None or (isinstance(row.max_text, str) and not row.max_text.strip()):
            return
        leaf = self.tree.is_leaf[code]
        expected = self.tree.stated_max[code] if leaf else self.tree.max_points[code]
        if expected != expected or (not leaf and expected == 0):
            return
        try:
            stated = parse_number(row.max_text)
        except NumberParseError:
            stated = None
        if stated is None or abs(stated - expected) > 1e-9:
            self.problem("I106", "warning", self.cell(row.row, MAX), code,
                         found=_fmt(stated) if stated is not None else f"«{row.max_text}»",
                         expected=_fmt(expected))

    def match_notes(self, match: Match) -> None:
        if match.how == "code" and (match.similarity >= SIMILAR or not match.row.name):
            return  # matched by its code, and its name (if any) agrees
        r, code = match.row.row, match.criterion
        name = self.tree.names[code]
        where = self.cell(r, CODE) or self.cell(r, NAME)
        if match.how == "float":
            self.problem("I113", "warning", where, code, found=match.row.code.text,
                         expected=code)
        elif match.how in ("position", "name"):
            if (match.how == "name" and not self.by_position) or match.similarity < SIMILAR:
                self.problem("I104", "warning", where, code,
                             found=f"«{match.row.code.text or match.row.name}»",
                             expected=f"«{name}»", params={"how": match.how})
        elif match.row.name and match.similarity < SIMILAR:
            self.problem("I105", "warning", self.cell(r, NAME), code,
                         found=f"«{match.row.name}»", expected=f"«{name}»")

    def unmatched(self, row: _Row) -> bool:
        """A row that stands for no criterion: an error (True) when its points would be
        lost, a warning when it has a code but no points."""
        code = row.code
        where = self.cell(row.row, CODE) or self.cell(row.row, NAME)
        shown = f"«{code.text or row.name}»" if code.text or row.name else str(
            row.row)
        if row.has_points:
            self.problem("I107", "error", where, found=shown)
            return True
        if code.style in (NUMBER, ROMAN, LETTER):
            self.problem("I108", "warning", where, found=shown)
        return False

    def missing_rows(self, entries: list[dict]) -> None:
        """Criteria without a row under a row that has others: their points and maximum
        would silently vanish (the engine scores the deepest rows), so they are errors.

        A criterion whose whole branch is absent is left to the validation (I013), and a
        missing bonus or penalty row changes no maximum: a warning.
        """
        present = {e["code"]: e for e in entries}
        tree = self.tree
        for parent, children in tree.children.items():
            if parent is None or parent not in present:
                continue
            if not any(c in present for c in tree.below(parent)):
                continue
            for code in children:
                if code not in present:
                    self.missing_row(code, parent, present[parent])

    def missing_row(self, code: str, parent: str, holder: dict) -> None:
        """Report one criterion without a row; block the unit when it counts."""
        tree = self.tree
        leaves = [c for c in [code, *tree.below(code)] if tree.is_leaf[c]]
        counted = bool(counts_in_maximum([tree.component[c] for c in leaves]).any())
        where = self.cell(holder["form_row"], CODE) or self.cell(holder["form_row"], NAME)
        self.problem("I116", "error" if counted else "warning", where, code, found=code,
                     expected=parent)
        if counted:
            holder["read_error"] = True

    def complete(self, entries: list[dict]) -> None:
        """Parent rows: an empty SUM shows 0 (no statement), a KPS on a parent covers its
        blank sub-criteria, and formulas never computed are recomputed from the leaves."""
        by_code = {e["code"]: e for e in entries}
        tree = self.tree
        uncached: list[tuple[int, int, str]] = []
        for entry in sorted(entries, key=_deepest_first):
            code = entry["code"]
            descendants = tree.below(code)
            if not descendants:  # a leaf
                if "_uncached" in entry:
                    del entry["_uncached"]
                continue
            below = [by_code[c] for c in descendants if c in by_code]
            for role in entry.pop("_uncached", ()):
                if any(e[role] == e[role] for e in below):  # a number below
                    uncached.append((entry["form_row"], self.layout.columns[role],
                                     entry[f"cell_{role}"]))
            if not below:
                continue
            for role in POINT_ROLES:
                if entry[role] == 0 and all(e[role] != e[role] for e in below):
                    entry[role] = math.nan
            if entry["not_arisen"] and not entry["read_error"]:
                self.cover_blank(entry, below, by_code)
        if uncached:
            cells = [cell for _row, _role, cell in sorted(uncached)]
            shown = ", ".join(cells[:6]) + (f" … (+{len(cells) - 6})" if len(cells) > 6 else "")
            self.problem("I111", "warning", cells[0], found=shown)

    def cover_blank(self, entry: dict, below: list[dict], by_code: dict[str, dict]) -> None:
        """A KPS on a parent row: its blank leaves (in the form's order) did not arise."""
        order = {code: i for i, code in enumerate(by_code)}
        blank = [e for e in sorted(below, key=lambda e: order[e["code"]])
                 if self.tree.is_leaf[e["code"]]
                 and all(math.isnan(e[r]) for r in POINT_ROLES) and not e["not_arisen"]]
        for leaf in blank:
            leaf["not_arisen"] = True
        if blank:
            self.problem("I114", "warning", entry["cell_self_points"], entry["code"],
                         found=", ".join(e["code"] for e in blank))


def _deepest_first(entry: dict) -> int:
    return -entry["code"].count(".")


_EXTRA_COLUMNS = ["read_error", "form_name", "form_row", "not_arisen_in"]


_COLUMNS = ENTRY_COLUMNS + _EXTRA_COLUMNS + [
    c for role in TEXT_ROLES for c in (role, f"cell_{role}")]
_ROW_OF = itemgetter(*_COLUMNS)


def _entry_columns(entries: list[dict]) -> dict[str, list]:
    """The entries column by column (see :class:`cchc_index._internal.entries.Rows`); every entry
    holds every column."""
    if not entries:
        return {c: [] for c in _COLUMNS}
    return dict(zip(_COLUMNS, map(list, zip(*map(_ROW_OF, entries), strict=True)),
                    strict=True))


class _RowAddresses(dict):
    """The cells of some columns on each row (row -> addresses, "" for a column the form
    lacks), kept for every form with the same columns."""

    def __init__(self, columns: tuple[int | None, ...]):
        super().__init__()
        self.columns = columns

    def columns_at(self, row: int) -> tuple[str, ...]:
        return tuple(address(row, col) if col else "" for col in self.columns)


_CELL_ROLES = (*POINT_ROLES, *TEXT_ROLES)
_ADDRESSES: dict[tuple[int | None, ...], _RowAddresses] = {}


def _row_addresses(columns: tuple[int | None, ...]) -> _RowAddresses:
    """The shared :class:`_RowAddresses` of a form with these columns."""
    found = _ADDRESSES.get(columns)
    if found is None:
        if len(_ADDRESSES) > 64:
            _ADDRESSES.clear()
        found = _ADDRESSES[columns] = _RowAddresses(columns)
    return found


def _styles(matches: list[Match]) -> list[str]:
    """One example code of each numbering style ("I", "1", "a)"), or the first codes."""
    seen = []
    for match in matches:
        text = match.row.code.text.strip()
        style = match.row.code.style
        if style and style not in [s for s, _ in seen]:
            seen.append((style, text))
    if seen:
        return [text for _s, text in seen]
    texts = [m.row.code.text.strip() for m in matches if m.row.code.text.strip()]
    return [*texts[:3], "…"] if texts else ["—"]


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# ---- the layout plug-in ----

LAYOUT = "form"
KIND = "form"


def detect(grid: Grid, methodology: Methodology) -> Detection | None:
    """A header with a code or content column and a points column, above rows that stand
    for the methodology's criteria. Confidence: 0.5, up to 1.0 as the rows match."""
    plan = plan_form(grid, methodology)
    if plan is None:
        return None
    named = [r for r in plan.rows if not r.orphan]
    matched = sum(1 for m in plan.matching.matches if m.criterion is not None)
    confidence = 0.5 + 0.5 * matched / max(1, len(named))
    reason = (f"header at row {plan.layout.header_row} ({', '.join(plan.layout.columns)}), "
              f"{matched} of {len(named)} rows match criteria")
    units = _units_in_header(grid, plan.layout)
    if units >= 2:  # a column per unit: a table of units laid out by criterion, not a form
        confidence /= 2
        reason += f"; its header names {units} units"
    return Detection(LAYOUT, round(confidence, 3), reason, plan)


def _units_in_header(grid: Grid, layout: FormLayout) -> int:
    """How many cells of the header, or of the row under it, name a unit ("Xã An Bình",
    "UBND phường …")."""
    rows = grid.rows[layout.header_row - 1:layout.header_row + layout.header_depth]
    return sum(1 for values in rows for v in values if type(v) is str and names_a_unit(nfc(v)))


def read(grid: Grid, detection: Detection, file: str, methodology: Methodology) -> Rows:
    return read_planned_form(grid, detection.found, file, methodology)


def leftovers(grid: Grid, detection: Detection, read: Rows) -> list[Problem]:
    """Nothing: a form's rows below its table are its signature block."""
    return []


def combine(forms: list[Rows]) -> Rows:
    """The forms of several sheets of one workbook as one read.

    - A workbook of one sheet per unit: every form is a unit. A form whose sheet names no
      unit of its own (its name taken from the file) is named after its sheet.
    - One unit over several sheets ("Phần I" with fields 1–4, "Phần II" with 5–8): a form
      of the same unit, or of no unit of its own, whose criteria are none of the first's,
      is the rest of that unit (I026).
    - A helper sheet beside a unit's form (figures or criteria the form refers to: no
      unit of its own, criteria the form already has) is not a unit (I027).
    - A second form of the same unit with the same criteria is a copy, read once (S025).
    """
    if len(forms) == 1:
        return forms[0]
    joined = Rows()
    taken: dict[str, dict] = {}  # unit name key -> the unit that holds it
    codes: dict[str, set[str]] = {}  # unit_id -> its criteria
    named = [f for f in forms if f.units[0].get("unit_source") != SOURCE_FILE]
    unnamed = [f for f in forms if f.units[0].get("unit_source") == SOURCE_FILE]
    if not named:  # one sheet per unit, each named after its sheet, and maybe helpers
        named = [f for f in unnamed if not is_helper_sheet_name(str(f.units[0]["sheet"]))]
        for form in named:
            _name_after_sheet(form)
        kept = {id(f) for f in named}
        unnamed = [f for f in unnamed if id(f) not in kept]
    apart = {id(f) for f in unnamed}
    for form in [*named, *unnamed]:
        [unit] = form.units
        own = set(form.entries.get("code", ()))
        if id(form) in apart:
            if named and not sheet_names_a_unit(str(unit["sheet"])):
                # no unit of its own beside a unit's form: the rest of it, or a helper
                rest = next((u for u in taken.values() if not own & codes[u["unit_id"]]), None)
                if rest is not None:
                    _append_to(joined, form, rest, codes)
                else:
                    shared = max(taken.values(), key=lambda u: len(own & codes[u["unit_id"]]))
                    joined.problems.append(Problem("I027", "warning", str(unit["file"]),
                                                   str(unit["sheet"]),
                                                   expected=f"«{shared['sheet']}»"))
                continue
            _name_after_sheet(form)
        holder = taken.get(name_key(unit["unit"]))
        if holder is not None and not own & codes[holder["unit_id"]]:
            _append_to(joined, form, holder, codes)
        elif holder is not None:  # a copy of a sheet, or the same unit's second table
            joined.problems.append(Problem("S025", "warning", str(unit["file"]),
                                           str(unit["sheet"]), unit=str(unit["unit"]),
                                           expected=f"«{holder['sheet']}»"))
        else:
            taken[name_key(unit["unit"])] = unit
            codes[unit["unit_id"]] = own
            joined.units += form.units
            joined.problems += form.problems
            _extend(joined, form.entries)
    return joined


def _name_after_sheet(form: Rows) -> None:
    """A form whose unit was named after the file, named after its sheet instead."""
    [unit] = form.units
    old, new = unit["unit"], display_name(str(unit["sheet"]))
    unit["unit"], unit[UNIT_TYPE_COLUMN] = new, unit_type(new)
    unit["group"] = unit[UNIT_TYPE_COLUMN]
    form.problems = [_renamed(p, unit["sheet"], old, new) for p in form.problems]


def _append_to(joined: Rows, form: Rows, holder: dict, codes: dict[str, set[str]]) -> None:
    """``form``'s rows as more rows of ``holder``'s unit (one unit over several sheets)."""
    [unit] = form.units
    holder_id = holder["unit_id"]
    entries = dict(form.entries)
    entries["unit_id"] = [holder_id] * len(entries.get("unit_id", ()))
    _extend(joined, entries)
    codes[holder_id] |= set(form.entries.get("code", ()))
    joined.problems += [replace(p, unit=holder["unit"], unit_id=holder_id)
                        if p.sheet == unit["sheet"] and p.unit == unit["unit"] else p
                        for p in form.problems if p.code != "I101"]
    joined.problems.append(Problem("I026", "warning", str(unit["file"]), str(unit["sheet"]),
                                   unit=str(holder["unit"]), found=f"«{unit['sheet']}»",
                                   expected=f"«{holder['sheet']}»", unit_id=holder_id))


def _extend(joined: Rows, entries: dict[str, list]) -> None:
    for column, values in entries.items():
        joined.entries.setdefault(column, []).extend(values)


def _renamed(problem: Problem, sheet: object, old: str, new: str) -> Problem:
    if problem.sheet != sheet or problem.unit != old:
        return problem
    found = f"«{new}»" if problem.code == "I101" else problem.found
    return replace(problem, unit=new, found=found)
