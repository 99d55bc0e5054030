"""What the layouts decided about a template's sheets, kept for the other forms of a batch.

Most units of a province fill one template, and what the layouts decide about a sheet
(which layout reads it, where its table is, which row is which criterion: a form's
:class:`cchc_index._internal.io.layouts.form.FormPlan`) depends on its labels only. A
:class:`PlanCache` keeps those decisions, with the labels they were made from, for one
batch (the batch reader puts one in force for the batch, and each of its worker processes
one of its own, with :func:`templates_kept`; nothing is kept between batches): a workbook
whose labels are exactly a kept template's is read with the kept decisions, without
asking the layouts again and without the legacy-font quick look of the cells that hold
the same text as the template's. Its values (points, KPS, formulas, texts, its name and
year) are read as for any other workbook.

The key is exact. It holds every sheet's name, visibility, size, merged ranges, hidden
rows and columns, and the value and type of every cell but the *masked* ones of a form
sheet (a formula left uncomputed reads as a blank cell to every layout's decision, and is
read anew with the values):

- the points and text cells (self-score, appraisal, raw figures, evidence, notes) of the
  rows that hold a criterion code, below the header block and its column-number row, and
  of the total rows (a row without a code taken for a total);
- the signature block, from the line that ended the table (its place and date, the
  signer's name: the table's rows stop above it);
- the cells the form's unit name was read from (the "Đơn vị:" cell or the one beside it,
  the "UBND XÃ …" heading).

A masked total row or signature line is classified again on every use
(:func:`cchc_index._internal.io.rows.classify_row`), and must be taken for what it was.

A masked cell is read by no layout's decision, as long as it holds no text that the
layouts look for anywhere (a header naming the unit column; above the header, a code or
content header): each masked text is checked for that on every use, and a sheet where any
cell names the unit column, or where a row above the header names a code or content
column, is kept with nothing masked. A form sheet is kept masked only when the form layout
was the only layout to see a table there, and was certain of it (see
:func:`cchc_index._internal.io.layouts.detections`: the layouts after it were not asked, those
before it are :data:`GUARDED_BEFORE_FORM`). A workbook with any text that may be legacy
font text is never kept. ``tests/test_plan_cache.py`` reads forms both ways.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.form_identity import _from_heading, _from_label
from cchc_index._internal.io.headers import CODE, NAME, POINT_ROLES, TEXT_ROLES, role_of
from cchc_index._internal.io.layouts import Detection, layouts
from cchc_index._internal.io.layouts.form import LAYOUT as FORM
from cchc_index._internal.io.layouts.form import FormPlan
from cchc_index._internal.io.legacy import texts_may_hold_legacy
from cchc_index._internal.io.recognise import names_unit_column
from cchc_index._internal.io.rows import RowKind, TableShape, classify_row

# The layouts asked before the form layout (in name order) whose decision on a form sheet
# is known not to depend on its masked cells: consolidated tables look for a header
# naming the unit column, and a masked text never names one.
GUARDED_BEFORE_FORM = ("consolidated",)
# Templates kept per batch, and per shape of workbook: beyond these nothing more is
# learnt (a batch of forms that are all different pays only the look-up).
MAX_TEMPLATES = 32
MAX_PER_SHAPE = 4

# The layouts' detections of a sheet; a recalled workbook's take the one that asks them
# anew for a sheet the template's read did not ask about.
Detector = Callable[[Grid], list[Detection]]
Recalled = Callable[[Grid, Detector], list[Detection]]


def _getter(indices: list[int]) -> Callable[[list], tuple]:
    """``itemgetter`` that always gives a tuple (one index, or none)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda values: (values[only],)
    if not indices:
        return lambda values: ()
    return itemgetter(*indices)


@dataclass(frozen=True)
class _Sheet:
    """One sheet of a template: its labels and what the layouts decided."""

    cells: int  # len of the sheet's cells, row after row
    labels: Callable[[list], tuple] | None  # the unmasked cells; None: every cell
    values: tuple | list  # the labels' values ...
    types: tuple | list  # ... and types
    masked: Callable[[list], tuple] | None  # the masked data cells
    identity: Callable[[list], tuple] | None  # the masked name cells, above the header
    detections: tuple[Detection, ...] | None  # None: the layouts were not asked
    # Masked rows without a code that the plan placed by their cells (a total, the
    # signature line ending the table): (first cell, last cell, what they were taken for),
    # and the table's shape they were classified in.
    placed: tuple[tuple[int, int, RowKind], ...] = ()
    shape: TableShape | None = None


def _flat(grid: Grid) -> list:
    return list(chain.from_iterable(grid.rows))


def _shape(grids: list[Grid]) -> tuple:
    """What must be equal before any cell is compared. Not the formulas left uncomputed:
    no layout's decision reads them (their cells read blank), every read does."""
    return tuple((g.sheet, g.hidden, len(g.rows), len(g.rows[0]) if g.rows else 0,
                  tuple(g.merged), g.filled_rows, g.hidden_rows, g.hidden_cols)
                 for g in grids)


class PlanCache:
    """The templates of one batch (see the module notes). Not shared between batches."""

    def __init__(self) -> None:
        self._templates: dict[tuple, list[tuple[_Sheet, ...]]] = {}
        self._count = 0
        self._plain: set = {None}  # masked values found plain (see _matches)
        self._plain_names: set = {None}
        self.hits = 0

    def recall(self, grids: list[Grid]) -> Recalled | None:
        """For a workbook whose labels are a kept template's: the layouts' detections of
        each of its sheets, through ``detector(grid, fresh)`` (the kept ones, or
        ``fresh(grid)`` for a sheet the template's read did not ask about); None
        otherwise. A workbook recalled holds no text that may be legacy font text."""
        if not self._templates:
            return None
        kept = self._templates.get(_shape(grids))
        if not kept:
            return None
        flats = [_flat(grid) for grid in grids]
        for template in kept:
            if all(_matches(sheet, flat, self._plain, self._plain_names)
                   for sheet, flat in zip(template, flats, strict=True)):
                self.hits += 1
                return _recalled(grids, template)
        return None

    def learn(self, grids: list[Grid], flats: list[list],
              asked: dict[int, list[Detection]]) -> None:
        """Keep a workbook read in full as a template: ``flats`` its cells (as
        :func:`snapshot` took them before the read), ``asked`` the layouts' detections of
        the sheets they were asked about (by ``id`` of the grid). Its text must hold nothing
        that may be legacy font text (the caller looked)."""
        if self._count >= MAX_TEMPLATES:
            return
        shape = _shape(grids)
        kept = self._templates.setdefault(shape, [])
        if len(kept) >= MAX_PER_SHAPE:
            return
        template = tuple(_sheet_template(grid, flat, asked.get(id(grid)))
                         for grid, flat in zip(grids, flats, strict=True))
        kept.append(template)
        self._count += 1


_IN_FORCE: ContextVar[PlanCache | None] = ContextVar("templates_kept", default=None)


@contextmanager
def templates_kept(cache: PlanCache | None = None) -> Iterator[PlanCache]:
    """While in force, :func:`cchc_index._internal.io.inputs.read_input` keeps its templates in
    ``cache`` (a new one by default) and reads with them; they end with it (a batch's
    reader keeps them for the batch)."""
    cache = cache if cache is not None else PlanCache()
    token = _IN_FORCE.set(cache)
    try:
        yield cache
    finally:
        _IN_FORCE.reset(token)


def keep_templates_here() -> None:
    """:func:`templates_kept` for the rest of this process, with a new cache: a worker's,
    reading its part of one batch, started for that batch."""
    _IN_FORCE.set(PlanCache())


def templates_in_force() -> PlanCache | None:
    """The cache :func:`templates_kept` put in force, or None."""
    return _IN_FORCE.get()


def snapshot(grids: list[Grid]) -> list[list]:
    """The cells of each sheet, row after row, before any reader touches them."""
    return [_flat(grid) for grid in grids]


def _matches(sheet: _Sheet, flat: list, plain: set, plain_names: set) -> bool:
    """Whether a sheet's cells are ``sheet``'s labels, and its masked cells hold no text
    that the layouts look for (``plain``, ``plain_names``: what was already found plain
    among the data cells and the name cells)."""
    if len(flat) != sheet.cells:
        return False
    if sheet.labels is None:
        return flat == sheet.values and list(map(type, flat)) == sheet.types
    values = sheet.labels(flat)
    if values != sheet.values or tuple(map(type, values)) != sheet.types:
        return False
    if any(classify_row(flat[start:stop], sheet.shape) is not kind
           for start, stop, kind in sheet.placed):
        return False
    data = set(sheet.masked(flat)).difference(plain)
    names = set(sheet.identity(flat)).difference(plain_names)
    if not data and not names:
        return True
    texts = [v for v in data if type(v) is str]
    typed = [v for v in names if type(v) is str]
    if any(names_unit_column(v) for v in texts) or any(
            names_unit_column(v) or role_of([v]) in (CODE, NAME) for v in typed):
        return False
    if texts_may_hold_legacy([*texts, *typed]):
        return False
    if len(plain) > _MAX_PLAIN:
        plain.clear()
    plain.update(data)
    plain_names.update(names)
    return True


# Values found plain, kept for the batch (the same texts and numbers in many forms).
_MAX_PLAIN = 1 << 16


def _recalled(grids: list[Grid], template: tuple[_Sheet, ...]) -> Recalled:
    kept = {id(grid): sheet.detections for grid, sheet in zip(grids, template, strict=True)}

    def detector(grid: Grid, fresh: Detector) -> list[Detection]:
        found = kept.get(id(grid))
        return list(found) if found is not None else fresh(grid)
    return detector


def _sheet_template(grid: Grid, flat: list,
                    detections: list[Detection] | None) -> _Sheet:
    """The template of one sheet: masked as the module notes say where that is safe,
    else every cell a label."""
    masks = _masks(grid, flat, detections) if detections else None
    found = tuple(detections) if detections is not None else None
    if masks is None:
        return _Sheet(len(flat), None, list(flat), list(map(type, flat)), None, None, found)
    data, names, placed = masks
    width = len(grid.rows[0])
    masked = {(r - 1) * width + c - 1 for r, c in data | names}
    labels = _getter([i for i in range(len(flat)) if i not in masked])
    values = labels(flat)
    columns = detections[0].found.layout.columns
    return _Sheet(len(flat), labels, values, tuple(map(type, values)),
                  _getter(sorted((r - 1) * width + c - 1 for r, c in data)),
                  _getter(sorted((r - 1) * width + c - 1 for r, c in names)), found,
                  tuple(((r - 1) * width, r * width, kind) for r, kind in placed),
                  TableShape(columns.get(NAME) or columns.get(CODE)))


def _masks(grid: Grid, flat: list, detections: list[Detection]
           ) -> tuple[set[tuple[int, int]], set[tuple[int, int]],
                      list[tuple[int, RowKind]]] | None:
    """The masked data cells and name cells (row, col) of a form sheet, and the masked
    rows the plan placed by their cells; None when the sheet must be kept with every cell
    a label."""
    if len(detections) != 1 or detections[0].layout != FORM or detections[0].confidence < 1:
        return None
    before = tuple(layout.name for layout in layouts() if layout.name < FORM)
    if before != GUARDED_BEFORE_FORM:
        return None
    plan = detections[0].found
    if not isinstance(plan, FormPlan) or any(type(v) is str and names_unit_column(v)
                                             for v in flat):
        return None
    layout = plan.layout
    header = layout.header_row
    if any(type(v) is str and role_of([v]) in (CODE, NAME)
           for values in grid.rows[:header - 1] for v in values):
        return None
    columns = layout.columns
    kept = {columns.get(CODE), columns.get(NAME)}
    value_cols = [col for role, col in columns.items()
                  if (role in POINT_ROLES or role in TEXT_ROLES) and col not in kept]
    first = header + layout.header_depth + 1  # past the rows the header search reads
    data = {(row.row, col) for row in plan.rows if row.code.style and row.row >= first
            for col in value_cols}
    placed = [(row, kind) for row, kind in plan.placed if row >= first and (
        kind is RowKind.TOTAL or row == plan.end)]
    data |= {(row, col) for row, kind in placed if kind is RowKind.TOTAL for col in value_cols}
    if plan.end >= first:  # the signature block: nothing below its first line is read
        width = len(grid.rows[0])
        data |= {(row, col) for row in range(plan.end, len(grid.rows) + 1)
                 for col in range(1, width + 1)}
    title = grid.rows[:header - 1]
    names = set()
    for found in (_from_label(grid, title), _from_heading(grid, title)):
        if found:  # a heading "UBND" alone may have its unit in the cell below
            row, col = _cell_of(found[1])
            names |= {(row, col), (row + 1, col)}
    names = {(r, c) for r, c in names if r < header}
    return data, names, placed


def _cell_of(address: str) -> tuple[int, int]:
    """("B6") -> (6, 2)."""
    letters = address.rstrip("0123456789")
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(address[len(letters):]), col
