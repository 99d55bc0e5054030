"""Find the input files of a run and read each into a :class:`Batch`.

Each sheet is read by the layout most sure to recognise its table (see
:mod:`cchc_index._internal.io.layouts`), visible sheets first: a unit's self-assessment form, a
consolidated table. Whatever goes
wrong inside one file is reported against that file; the caller goes on with the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from cchc_index._internal.entries import VALUE_COLUMNS, Batch, InputFile, Rows, unit_count
from cchc_index._internal.errors import InputError, Problem
from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.content_checks import content_warnings
from cchc_index._internal.io.layouts import Detection, Layout, detections, layout_named
from cchc_index._internal.io.legacy import convert_legacy_text, may_hold_legacy
from cchc_index._internal.io.loading import HazardousFile, load_input
from cchc_index._internal.io.plan_cache import PlanCache, snapshot, templates_in_force
from cchc_index._internal.io.safety import (
    DEFAULT_LIMITS,
    Limits,
    within_row_limit,
)
from cchc_index._internal.io.unread import unread_reason
from cchc_index._internal.methodology.model import Methodology

INPUT_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
# Old Excel (.xls), Excel binary (.xlsb) and OpenDocument (.ods) workbooks: read by
# python-calamine after their own checks (cchc_index._internal.io.safety), as the .xlsx of the same
# content is read.
INPUT_SUFFIXES |= {".xls", ".xlsb", ".ods"}

def find_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively) into input files, sorted, without duplicates.

    Excel lock files (``~$…``) and hidden files are skipped. A file is named by the path
    it was found at, made absolute: a link the user put in a folder is named by the link,
    not by the file it points to. Two paths of one file (a link beside its target) are
    one input, the first in order.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if _is_input(p))
            if not inside:
                problems.append(Problem("I006", file=str(path), found=str(path)))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Problem("I007", file=str(path), found=str(path)))
    unique: dict[str, Path] = {}
    for path in found:
        unique.setdefault(os.path.realpath(path), Path(os.path.abspath(path)))
    return list(unique.values()), problems


def _is_input(path: Path) -> bool:
    return (path.is_file() and path.suffix.lower() in INPUT_SUFFIXES
            and not path.name.startswith(("~$", ".")))


def read_file(path: Path, methodology: Methodology, label: str | None = None,
              limits: Limits = DEFAULT_LIMITS, plans: PlanCache | None = None) -> Batch:
    """Read one input file; never raises for a bad file, reports it in ``problems``.

    :func:`cchc_index._internal.io.safety.check_file` looks at the bytes first: a file that is not
    a readable workbook, or that breaks ``limits``, is rejected before any reader opens it.
    ``plans``: the templates of the batch being read (see :mod:`cchc_index._internal.io.plan_cache`;
    None: those a batch's reader keeps in force, if any); the read is the same with or
    without them.
    """
    read = read_input(path, methodology, label, limits, plans)
    return read if isinstance(read, Batch) else read.to_batch()


def read_input(path: Path, methodology: Methodology, label: str | None = None,
               limits: Limits = DEFAULT_LIMITS, plans: PlanCache | None = None
               ) -> Batch | Rows:
    """:func:`read_file`, leaving a form's units and entries as :class:`Rows` (a batch
    reader makes the frames of many files at once)."""
    label = label or path.name
    digest = ""
    checked: list[Problem] = []
    try:
        loaded = load_input(path, label, limits)  # one read: digest, checks, sheets
        digest, checked = loaded.sha256, loaded.problems
        if loaded.ours:  # a result of an earlier run kept beside the inputs
            raise InputError([Problem("S029", "warning", label)])
        if loaded.grids is None:
            raise InputError([])
        batch, converted = _read_sheets(loaded.grids, label, methodology, limits,
                                        plans if plans is not None else templates_in_force())
        checked = [*checked, *converted]
        batch.problems[:0] = checked
        batch.problems += content_warnings(batch, methodology)
    except InputError as error:
        batch = Rows(problems=[*checked, *error.problems])
    except HazardousFile:
        raise  # to be read in a process of its own (see cchc_index._internal.io.loading)
    except Exception as exc:
        found = f"{type(exc).__name__}: {exc}"[:300]
        batch = Rows(problems=[Problem("I099", file=label, found=found)])
    units = unit_count(batch)
    batch.files = [InputFile(str(path), digest, "read" if units else "rejected", units)]
    return batch


def _read_sheets(grids: list[Grid], label: str, methodology: Methodology, limits: Limits,
                 plans: PlanCache | None) -> tuple[Batch | Rows, list[Problem]]:
    """:func:`_read` of a file's sheets after their legacy-font text is converted, and the
    conversion's warning. With ``plans``, a workbook laid out as a kept template is read
    with the template's detections (nothing to convert: see
    :mod:`cchc_index._internal.io.plan_cache`), and one read in full may become a template."""

    def asked(grid: Grid) -> list[Detection]:
        return detections(grid, methodology)

    recalled = plans.recall(grids) if plans is not None else None
    if recalled is not None:
        return _read(grids, label, methodology, limits,
                     lambda grid: recalled(grid, asked)), []
    legacy = may_hold_legacy(grids)
    converted = convert_legacy_text(grids, label, legacy)  # before the layouts
    if plans is None or legacy:
        return _read(grids, label, methodology, limits, asked), converted
    cells = snapshot(grids)
    seen: dict[int, list[Detection]] = {}

    def remembered(grid: Grid) -> list[Detection]:
        found = seen[id(grid)] = asked(grid)
        return list(found)

    read = _read(grids, label, methodology, limits, remembered)
    plans.learn(grids, cells, seen)
    return read, converted


def _read(grids: list[Grid], label: str, methodology: Methodology, limits: Limits,
          detect: Callable[[Grid], list[Detection]]) -> Batch | Rows:
    """The table(s) of a file's sheets (see :func:`_sheet_tables` and :func:`_chosen`).

    Visible sheets come first; hidden ones are read only when no visible sheet holds a
    table with points. A table without any points (a blank template, a criteria list
    beside the scores) is read only when no sheet holds points, so its problems are told.
    """
    grids, skipped = within_row_limit(grids, label, limits)
    tables: list[tuple[Grid, Layout, Batch | Rows]] = []
    filled: list[tuple[Grid, Layout, Batch | Rows]] = []
    for hidden in (False, True):
        tables += _sheet_tables(grids, hidden, label, methodology, detect)
        filled = [table for table in tables if _has_points(table[2])]
        if filled:
            break
    if not tables and skipped:  # the row limit, not a missing column, is the reason
        raise InputError([replace(p, code="S045", severity="error") for p in skipped])
    if not tables:
        raise InputError([unread_reason(grids, label, methodology)])
    read = _chosen(filled) if filled else tables[0][2]
    read.problems[:0] = skipped
    if filled:
        read_ids = {id(table) for _grid, _layout, table in filled}
        read.problems += [Problem("S026", "warning", label, grid.sheet)
                          for grid, _layout, table in tables if id(table) not in read_ids]
    return read


def _sheet_tables(grids: list[Grid], hidden: bool, label: str, methodology: Methodology,
                  detect: Callable[[Grid], list[Detection]]
                  ) -> list[tuple[Grid, Layout, Batch | Rows]]:
    """What the layouts find on each sheet of one visibility, the most confident first
    (``detect``: :func:`cchc_index._internal.io.layouts.detections`): the first read that holds
    units, else the first that recognised a table (its problems say what is wrong)."""
    found = []
    for grid in grids:
        if grid.hidden != hidden:
            continue
        first = None
        for detection in detect(grid):
            layout = layout_named(detection.layout)
            read = layout.read(grid, detection, label, methodology)
            read.problems += layout.leftovers(grid, detection, read)
            first = first or (layout, read)
            if unit_count(read):
                first = (layout, read)
                break
        if first is None:
            continue
        if hidden:
            first[1].problems.insert(0, Problem("S021", "warning", label, grid.sheet))
        found.append((grid, *first))
    return found


def _has_points(read: Batch | Rows) -> bool:
    """Whether a read holds a unit with something entered: a number, a KPS, or a value
    that could not be read."""
    flags = ("not_arisen", "read_error")
    if isinstance(read, Rows):
        entries = read.entries
        return bool(read.units) and (
            any(v == v for column in VALUE_COLUMNS for v in entries.get(column, ()))
            or any(any(entries.get(flag, ())) for flag in flags))
    entries = read.entries
    if read.units.empty or entries.empty:
        return False
    present = [c for c in (*VALUE_COLUMNS, *flags) if c in entries]
    values = entries[present]
    return bool(values[[c for c in present if c in VALUE_COLUMNS]].notna().to_numpy().any()
                or values[[c for c in present if c in flags]].fillna(False).to_numpy().any())


def _chosen(filled: list[tuple[Grid, Layout, Batch | Rows]]) -> Batch | Rows:
    """The read of a file whose sheets hold points: every form sheet (a workbook of one
    sheet per unit), else every table of other units (one sheet per group), each kind
    combined by its layout."""
    forms = [(layout, read) for _grid, layout, read in filled if layout.kind == "form"]
    chosen = forms or [(layout, read) for _grid, layout, read in filled]
    return chosen[0][0].combine([read for _layout, read in chosen])
