"""Read an input file once: its digest, the safety checks and its sheets from one read.

A form used to be read four times (a digest, the safety checks, a scan for error cells,
a scan for uncached formulas) besides the reader's own pass. :func:`load_input` reads the
bytes once (never past ``limits.max_file_bytes``), hashes them, checks them and unpacks
the zip parts once (:func:`cchc_index._internal.io.safety.inspect_file`), then hands python-calamine
the workbook rebuilt from those checked parts stored unpacked (so it does not inflate them a
second time), or openpyxl the same bytes where calamine cannot read the file (see
:mod:`cchc_index._internal.io.cells`), with the unpacked parts for the error-cell and formula scans.
An .xls, .ods or .xlsb (told by its content, whatever its name) is read by python-calamine
with what the checks' scan of its sheets found (:class:`cchc_index._internal.io.extent.SheetFacts`).

A workbook that would make a reader's memory explode (cells reaching XFD1048576, which
makes python-calamine abort the whole process; see :mod:`cchc_index._internal.io.extent`) is read
from a copy with those parts rewritten, its far cells reported (S042). Where
:func:`hazards_elsewhere` is in force (a batch read in the process holding its results),
such a file is not read at all but raises :class:`HazardousFile`, for the caller to read
it in a process of its own: the copy cannot abort, but a file built to hurt a reader is
better read where an abort costs that file alone.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path

from cchc_index._internal.errors import InputError, Problem
from cchc_index._internal.io.cells import (
    OTHER_KINDS,
    Grid,
    column_letter,
    grid_from_csv,
    workbook_grids,
)
from cchc_index._internal.io.extent import find_hazards, neutralize
from cchc_index._internal.io.safety import (
    DEFAULT_LIMITS,
    Inspection,
    Limits,
    inspect_file,
    refused,
    stored_copy_with,
)


class HazardousFile(Exception):
    """Raised by :func:`load_input` under :func:`hazards_elsewhere` for a workbook that
    must be read in a process of its own (see the module notes)."""


_ELSEWHERE: ContextVar[bool] = ContextVar("hazards_elsewhere", default=False)


@contextmanager
def hazards_elsewhere(wanted: bool = True) -> Iterator[None]:
    """While in force, :func:`load_input` raises :class:`HazardousFile` for a workbook
    whose parts would make a reader's memory explode instead of reading it (``wanted``
    False: such a workbook is read, as by default)."""
    token = _ELSEWHERE.set(wanted)
    try:
        yield
    finally:
        _ELSEWHERE.reset(token)


@dataclass
class LoadedInput:
    """One input file as read: ``grids`` is None when the file is refused or unreadable
    (the reason is among ``problems``, after any warnings of the checks)."""

    sha256: str  # of the whole file; "" when it cannot be read
    problems: list[Problem]
    grids: list[Grid] | None
    ours: bool = False  # a results or report file this package wrote (see is_our_output)


def load_input(path: Path, label: str | None = None, limits: Limits = DEFAULT_LIMITS,
               engine: str = "auto") -> LoadedInput:
    """The digest, the safety problems and the sheets of ``path`` (see the module notes).

    Never raises for a bad file: a refused file has the checks' problems, a file no engine
    can open an I001 problem. ``engine`` is passed on to
    :func:`cchc_index._internal.io.cells.workbook_grids`.
    """
    inspection = inspect_file(path, label, limits)
    digest = _digest(path, inspection.data)
    problems = inspection.problems
    if refused(problems) or inspection.data is None:
        return LoadedInput(digest, problems, None)
    label = label or path.name
    try:
        if path.suffix.lower() == ".csv":
            grids = [grid_from_csv(inspection.data, path.name)]
        elif inspection.kind in OTHER_KINDS:  # .xls, .ods, .xlsb: checked and scanned
            grids = workbook_grids(path, inspection.data, inspection.parts, engine,
                                   inspection.stored, kind=inspection.kind,
                                   facts=inspection.facts)
        else:
            grids = _workbook_grids(path, label, inspection, limits, engine)
    except InputError as error:  # the readers name the file; messages use its label
        named = [replace(p, file=label) if p.file == path.name else p
                 for p in error.problems]
        named = _damaged_text(inspection.parts, label) or named
        return LoadedInput(digest, [*problems, *named], None)
    problems += [replace(p, file=label) for grid in grids for p in grid.problems]
    return LoadedInput(digest, problems, grids, is_our_output(path, inspection.data,
                                                             inspection.parts))


def _workbook_grids(path: Path, label: str, inspection: Inspection, limits: Limits,
                    engine: str) -> list[Grid]:
    """The sheets of a zip workbook, read from a copy of it without the parts that would
    make a reader's memory explode, when it has any (their far cells reported on their
    grids, a sheet of too many rows emptied and counted: see :mod:`cchc_index._internal.io.extent`).
    The same pass over the parts finds the hidden rows and columns the readers leave out."""
    parts, data, stored = inspection.parts, inspection.data, inspection.stored
    hazards = find_hazards(parts, limits.max_cells)
    hidden = getattr(hazards, "hidden", None)  # None: workbook_grids looks for them
    if not hazards:
        return workbook_grids(path, data, parts, engine, stored, hidden=hidden)
    if _ELSEWHERE.get():
        raise HazardousFile(str(path))
    done = neutralize(parts, hazards, limits.max_rows, limits.max_cells)
    parts = {**parts, **done.parts}
    data = stored = stored_copy_with(data, done.parts)
    grids = workbook_grids(path, data, parts, engine, stored, hidden=hidden)
    sheets = _sheet_names(parts)
    by_sheet = {grid.sheet: grid for grid in grids}
    for trimmed in done.trimmed:
        grid = by_sheet.get(sheets.get(trimmed.part, ""))
        if grid is None:
            continue
        if trimmed.filled_rows:
            grid.filled_rows = trimmed.filled_rows
        elif trimmed.dropped:
            kept = f"A1:{column_letter(max(trimmed.cols, 1))}{max(trimmed.rows, 1)}"
            grid.problems.append(Problem("S042", "warning", label, grid.sheet, trimmed.far,
                                         found=int(trimmed.dropped),
                                         expected=kept))
    return grids


def _sheet_names(parts: Mapping[str, bytes]) -> dict[str, str]:
    """Worksheet part -> its sheet's name ("xl/worksheets/sheet1.xml" -> "Tự đánh giá");
    empty when the workbook's sheet list cannot be read."""
    from defusedxml.ElementTree import ParseError

    from cchc_index._internal.io.formula_cells import _sheet_parts

    try:
        return {part: sheet for sheet, part in _sheet_parts(parts.keys(),
                                                            parts.__getitem__).items()}
    except (ValueError, ParseError):
        return {}


_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']""")


def _damaged_text(parts: Mapping[str, bytes], label: str) -> list[Problem]:
    """For a workbook no reader could open: the parts that are not valid UTF-8 (a damaged
    download, bytes pasted in by a tool), named by their sheet where they are one, in
    place of the XML parser's "not well-formed (invalid token)"."""
    sheets = _sheet_names(parts)
    found = []
    for name, content in parts.items():
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):
            continue
        declared = _DECLARED_ENCODING.match(content, 0)
        if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8",
                                                                               b"utf8"):
            continue
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as error:
            found.append(Problem("S044", file=label, sheet=sheets.get(name, ""), found=name,
                                 expected=int(error.start)))
    return found


def is_our_output(path: Path, data: bytes, parts: Mapping[str, bytes]) -> bool:
    """Whether a file is one this package wrote: a results CSV (its English header), or a
    workbook signed as ours (:data:`cchc_index._internal.files.OUTPUT_CREATOR`)."""
    if path.suffix.lower() == ".csv":
        return data.removeprefix(codecs.BOM_UTF8).startswith(_RESULTS_CSV_HEADER)
    core = parts.get("docProps/core.xml", b"")
    return _OUR_CREATOR.search(core) is not None


_OUR_CREATOR = re.compile(rb"<(?:\w+:)?creator\b[^>]*>\s*cchc_index\b")
# The first columns of the results CSV (cchc_index._internal.pipeline.RESULT_COLUMNS).
_RESULTS_CSV_HEADER = b"unit,group,points,max_points,"


def _digest(path: Path, data: bytes | None) -> str:
    """SHA-256 of the bytes read, or of the file streamed when it was not read whole (a
    lock file, a file over the size limit); "" when it cannot be read."""
    if data is not None:
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()
