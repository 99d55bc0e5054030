"""Find the input files of a run and read each into a :class:`Batch`.

A file is read by the first reader that recognises a table in one of its sheets (visible
sheets first): per-unit self-assessment forms, then consolidated tables. Whatever goes
wrong inside one file is reported against that file; the caller goes on with the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from cchc_index.accounting import content_warnings, rows_left_unread
from cchc_index.entries import VALUE_COLUMNS, Batch, InputFile, Rows, unit_count
from cchc_index.errors import InputError, Problem
from cchc_index.io.cells import Grid
from cchc_index.io.consolidated import find_layout, read_consolidated
from cchc_index.io.form_identity import SOURCE_FILE, display_name, unit_type
from cchc_index.io.forms import UNIT_TYPE_COLUMN, read_form_rows
from cchc_index.io.loading import HazardousFile, load_input
from cchc_index.io.safety import (
    DEFAULT_LIMITS,
    Limits,
    within_row_limit,
)
from cchc_index.methodology.model import Methodology
from cchc_index.text import name_key, nfc

INPUT_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
# Spreadsheets we cannot read are still picked up, so they are rejected with a reason.
INPUT_SUFFIXES |= {".xls", ".xlsb", ".ods"}

# A reader takes a sheet and returns a Batch (or the lighter Rows) if it recognises its
# table, else None.
SheetReader = Callable[[Grid, str, Methodology], Batch | Rows | None]


def _consolidated_reader(grid: Grid, file: str, methodology: Methodology) -> Batch | None:
    layout = find_layout(grid, methodology)
    if layout is None:
        return None
    batch = read_consolidated(grid, layout, file, methodology)
    batch.problems += rows_left_unread(grid, batch, layout.unit_col)
    return batch


SHEET_READERS: list[SheetReader] = [read_form_rows, _consolidated_reader]


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
              limits: Limits = DEFAULT_LIMITS) -> Batch:
    """Read one input file; never raises for a bad file, reports it in ``problems``.

    :func:`cchc_index.io.safety.check_file` looks at the bytes first: a file that is not
    a readable workbook, or that breaks ``limits``, is rejected before any reader opens it.
    """
    read = read_input(path, methodology, label, limits)
    return read if isinstance(read, Batch) else read.to_batch()


def read_input(path: Path, methodology: Methodology, label: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> Batch | Rows:
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
        batch = _read(loaded.grids, label, methodology, limits)
        batch.problems[:0] = checked
        batch.problems += content_warnings(batch, methodology)
    except InputError as error:
        batch = Rows(problems=[*checked, *error.problems])
    except HazardousFile:
        raise  # to be read in a process of its own (see cchc_index.io.loading)
    except Exception as exc:
        found = f"{type(exc).__name__}: {exc}"[:300]
        batch = Rows(problems=[Problem("I099", file=label, found=found)])
    units = unit_count(batch)
    batch.files = [InputFile(str(path), digest, "read" if units else "rejected", units)]
    return batch


def _read(grids: list[Grid], label: str, methodology: Methodology,
          limits: Limits) -> Batch | Rows:
    """The table(s) of a file's sheets (see :func:`_sheet_tables` and :func:`_chosen`).

    Visible sheets come first; hidden ones are read only when no visible sheet holds a
    table with points. A table without any points (a blank template, a criteria list
    beside the scores) is read only when no sheet holds points, so its problems are told.
    """
    grids, skipped = within_row_limit(grids, label, limits)
    tables: list[tuple[Grid, Batch | Rows]] = []
    filled: list[tuple[Grid, Batch | Rows]] = []
    for hidden in (False, True):
        tables += _sheet_tables(grids, hidden, label, methodology)
        filled = [(grid, read) for grid, read in tables if _has_points(read)]
        if filled:
            break
    if not tables and skipped:  # the row limit, not a missing column, is the reason
        raise InputError([replace(p, code="S045", severity="error") for p in skipped])
    if not tables:
        raise InputError([Problem("I003", file=label, expected=f"«{methodology.name}»")])
    read = _chosen(filled) if filled else tables[0][1]
    read.problems[:0] = skipped
    if filled:
        read_ids = {id(table) for _grid, table in filled}
        read.problems += [Problem("S026", "warning", label, grid.sheet)
                          for grid, table in tables if id(table) not in read_ids]
    return read


def _sheet_tables(grids: list[Grid], hidden: bool, label: str,
                  methodology: Methodology) -> list[tuple[Grid, Batch | Rows]]:
    """What the readers find on each sheet of one visibility: the first read that holds
    units, else the first that recognised a table (its problems say what is wrong)."""
    found = []
    for grid in grids:
        if grid.hidden != hidden:
            continue
        first = None
        for reader in SHEET_READERS:
            read = reader(grid, label, methodology)
            if read is None:
                continue
            first = first or read
            if unit_count(read):
                first = read
                break
        if first is None:
            continue
        if hidden:
            first.problems.insert(0, Problem("S021", "warning", label, grid.sheet))
        found.append((grid, first))
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


def _chosen(filled: list[tuple[Grid, Batch | Rows]]) -> Batch | Rows:
    """The read of a file whose sheets hold points: every form sheet (a workbook of one
    sheet per unit), else every consolidated table of other units (one sheet per group)."""
    forms = [read for _grid, read in filled if isinstance(read, Rows)]
    if forms:
        return forms[0] if len(forms) == 1 else _sheets_of_one_workbook(forms)
    tables = [read for _grid, read in filled]
    return tables[0] if len(tables) == 1 else _tables_of_one_workbook(tables)


def _renamed(problem: Problem, sheet: object, old: str, new: str) -> Problem:
    if problem.sheet != sheet or problem.unit != old:
        return problem
    found = f"«{new}»" if problem.code == "I101" else problem.found
    return replace(problem, unit=new, found=found)


def _sheets_of_one_workbook(forms: list[Rows]) -> Rows:
    """The forms of several sheets as one read. A unit named after the file (no name on
    its sheet) is named after its sheet instead, so the sheets stay apart."""
    joined = Rows()
    taken: dict[str, object] = {}  # unit name key -> its sheet
    for form in forms:
        for unit in form.units:
            if unit.get("unit_source") == SOURCE_FILE and unit.get("sheet"):
                old, new = unit["unit"], display_name(str(unit["sheet"]))
                unit["unit"], unit[UNIT_TYPE_COLUMN] = new, unit_type(new)
                form.problems = [_renamed(p, unit["sheet"], old, new) for p in form.problems]
        [unit] = form.units
        key = name_key(unit["unit"])
        if key in taken:  # a copy of a sheet, or the same unit's second table
            joined.problems.append(Problem("S025", "warning", str(unit["file"]),
                                           str(unit["sheet"]), unit=str(unit["unit"]),
                                           expected=f"«{taken[key]}»"))
            continue
        taken[key] = unit["sheet"]
        joined.units += form.units
        joined.problems += form.problems
        for column, values in form.entries.items():
            joined.entries.setdefault(column, []).extend(values)
    return joined


def _tables_of_one_workbook(tables: list[Batch]) -> Batch:
    """The consolidated tables of several sheets as one read ("Khối xã", "Khối phường").

    A table that lists the units again (a ranking sheet beside the scores: most of its
    names already read) is skipped with a warning; a few names in common are communes of
    different districts, one sheet each. When more than one is kept, a unit without a
    group (no group column, no group heading) takes its sheet's name as its group, as a
    heading would give it.
    """
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
