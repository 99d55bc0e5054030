"""Find the input files of a run and read each into a :class:`Batch`.

A file is read by the first reader that recognises a table in one of its sheets (visible
sheets first): per-unit self-assessment forms, then consolidated tables. Whatever goes
wrong inside one file is reported against that file; the caller goes on with the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from cchc_index.accounting import content_warnings, rows_left_unread
from cchc_index.entries import Batch, InputFile, Rows, unit_count
from cchc_index.errors import InputError, Problem
from cchc_index.io.cells import Grid, read_grids
from cchc_index.io.consolidated import find_layout, read_consolidated
from cchc_index.io.forms import read_form_rows
from cchc_index.io.safety import (
    DEFAULT_LIMITS,
    Limits,
    check_file,
    refused,
    within_row_limit,
)
from cchc_index.methodology.model import Methodology

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

    Excel lock files (``~$…``) and hidden files are skipped.
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
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return [Path(p) for p in unique], problems


def _is_input(path: Path) -> bool:
    return (path.is_file() and path.suffix.lower() in INPUT_SUFFIXES
            and not path.name.startswith(("~$", ".")))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
    digest = sha256(path) if path.is_file() else ""
    checked: list[Problem] = []
    try:
        checked = check_file(path, label, limits)
        if refused(checked):
            raise InputError([])
        batch = _read(path, label, methodology, limits)
        batch.problems[:0] = checked
        batch.problems += content_warnings(batch, methodology)
    except InputError as error:
        batch = Rows(problems=[*checked, *error.problems])
    except Exception as exc:
        found = f"{type(exc).__name__}: {exc}"[:300]
        batch = Rows(problems=[Problem("I099", file=label, found=found)])
    units = unit_count(batch)
    batch.files = [InputFile(str(path), digest, "read" if units else "rejected", units)]
    return batch


def _read(path: Path, label: str, methodology: Methodology,
          limits: Limits) -> Batch | Rows:
    grids, skipped = within_row_limit(read_grids(path), label, limits)
    ordered = sorted(grids, key=lambda g: g.hidden)
    for grid in ordered:
        for reader in SHEET_READERS:
            batch = reader(grid, label, methodology)
            if batch is not None:
                if grid.hidden:
                    batch.problems.insert(0, Problem("S021", "warning", label, grid.sheet))
                batch.problems[:0] = skipped
                return batch
    raise InputError([*skipped,
                      Problem("I003", file=label, expected=f"«{methodology.name}»")])
