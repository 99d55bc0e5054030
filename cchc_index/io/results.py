"""Write results: the CSV contract for scripts, and the results workbook for analysts.

CSV columns, in this order, then any others: ``unit, group, points, max_points, index_pct,
rank, classification, appraised, emulation, field_<code>…``. Numbers use a dot decimal and
are unrounded. Text that a spreadsheet would run as a formula is neutralised.

Files are written beside the target and renamed into place, so a run killed midway leaves
the previous file intact.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from cchc_index.errors import Problem, UsageError
from cchc_index.pipeline import RESULT_COLUMNS, RunResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_frame(result: RunResult) -> pd.DataFrame:
    """The CSV table: the contract columns first, then the rest (minus internal ones)."""
    frame = result.results.copy()
    frame["appraised"] = frame["appraised"].map({True: "yes", False: "no"})
    fields = [c for c in frame.columns if c.startswith("field_")]
    internal = {"unit_id", "unit_source"}
    rest = [c for c in frame.columns
            if c not in RESULT_COLUMNS and c not in fields and c not in internal]
    return frame[RESULT_COLUMNS + fields + rest]


def neutralise(value: object) -> object:
    """Prefix text that spreadsheets would evaluate (=, +, -, @) with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def set_cell(cell, value: object) -> None:
    """Put ``value`` in an openpyxl cell; text is always stored as text, so a unit name
    like "=HYPERLINK(…)" or "+84…" never becomes a live formula in a results workbook."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


# Who wrote our output workbooks (their "Author"): a later run meeting one among its inputs
# knows it for a result, not a table to score (see cchc_index.io.loading).
OUTPUT_CREATOR = "cchc_index"


def mark_as_output(workbook) -> None:
    """Sign an output workbook as ours (see :data:`OUTPUT_CREATOR`)."""
    from cchc_index import __version__

    workbook.properties.creator = f"{OUTPUT_CREATOR} {__version__}"


def write_table(frame: pd.DataFrame, path: str | Path, sheet: str = "Sheet1") -> Path:
    """Write a plain table to .xlsx atomically, every text cell as text (``to_excel``
    would turn text starting with "=" into a formula)."""
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for col, name in enumerate(frame.columns, start=1):
        set_cell(worksheet.cell(1, col), str(name))
    for row, values in enumerate(frame.itertuples(index=False), start=2):
        for col, value in enumerate(values, start=1):
            set_cell(worksheet.cell(row, col), _plain(value))
    mark_as_output(workbook)
    return atomic_write(Path(path), workbook.save)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def write_csv(result: RunResult, path: str | Path) -> Path:
    """Write the results CSV (UTF-8 with BOM, so Excel shows the diacritics)."""
    frame = csv_frame(result)
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    for column in text_columns:
        frame[column] = frame[column].map(neutralise)
    frame.columns = [neutralise(str(c)) for c in frame.columns]
    return atomic_write(Path(path), lambda p: frame.to_csv(p, index=False, encoding="utf-8-sig"))


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place.

    The file gets the mode ``open()`` would give it: the user's umask applied to 0o666 for a
    new file, the old file's mode when one is replaced. A write that fails or is interrupted
    removes the temporary file and leaves the old file untouched.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temporary_beside(path)
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        write(temporary)
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        os.replace(temporary, path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from exc
        raise
    return path


def output_error(path: Path, exc: OSError) -> UsageError:
    """Why an output could not be written, in the user's terms (U004–U007)."""
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        code = "U004"
    elif isinstance(exc, PermissionError):
        code = "U005"
    elif isinstance(exc, NotADirectoryError | FileNotFoundError | FileExistsError):
        code = "U006"
    else:
        code = "U007"
    return UsageError([Problem(code, found=str(path), expected=exc.strerror or str(exc))])


def _temporary_beside(path: Path) -> Path:
    """A new empty file ``.<stem>.<random><suffix>`` in ``path``'s folder, created with mode
    0o666 less the umask (``tempfile.mkstemp`` would make it 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        candidate = path.with_name(f".{path.stem}.{secrets.token_hex(4)}{path.suffix}")
        try:
            os.close(os.open(candidate, flags, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
