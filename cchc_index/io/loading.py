"""Read an input file once: its digest, the safety checks and its sheets from one read.

A form used to be read four times (a digest, the safety checks, a scan for error cells,
a scan for uncached formulas) besides the reader's own pass. :func:`load_input` reads the
bytes once (never past ``limits.max_file_bytes``), hashes them, checks them and unpacks
the zip parts once (:func:`cchc_index.io.safety.inspect_file`), then hands python-calamine
the workbook rebuilt from those checked parts stored unpacked (so it does not inflate them a
second time), or openpyxl the same bytes where calamine cannot read the file (see
:mod:`cchc_index.io.cells`), with the unpacked parts for the error-cell and formula scans.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from cchc_index.errors import InputError, Problem
from cchc_index.io.cells import Grid, grid_from_csv, workbook_grids
from cchc_index.io.safety import DEFAULT_LIMITS, Limits, inspect_file, refused


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
    :func:`cchc_index.io.cells.workbook_grids`.
    """
    inspection = inspect_file(path, label, limits)
    digest = _digest(path, inspection.data)
    problems = inspection.problems
    if refused(problems) or inspection.data is None:
        return LoadedInput(digest, problems, None)
    try:
        if path.suffix.lower() == ".csv":
            grids = [grid_from_csv(inspection.data, path.name)]
        else:
            grids = workbook_grids(path, inspection.data, inspection.parts, engine,
                                   inspection.stored)
    except InputError as error:  # the readers name the file; messages use its label
        named = [replace(p, file=label) if label and p.file == path.name else p
                 for p in error.problems]
        return LoadedInput(digest, [*problems, *named], None)
    problems += [replace(p, file=label) if label else p for grid in grids for p in grid.problems]
    return LoadedInput(digest, problems, grids, is_our_output(path, inspection.data,
                                                             inspection.parts))


def is_our_output(path: Path, data: bytes, parts: Mapping[str, bytes]) -> bool:
    """Whether a file is one this package wrote: a results CSV (its English header), or a
    workbook signed as ours (:data:`cchc_index.io.results.OUTPUT_CREATOR`)."""
    if path.suffix.lower() == ".csv":
        return data.removeprefix(codecs.BOM_UTF8).startswith(_RESULTS_CSV_HEADER)
    core = parts.get("docProps/core.xml", b"")
    return _OUR_CREATOR.search(core) is not None


_OUR_CREATOR = re.compile(rb"<(?:\w+:)?creator\b[^>]*>\s*cchc_index\b")
# The first columns of the results CSV (cchc_index.pipeline.RESULT_COLUMNS).
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
