"""Writing output files safely: all or nothing, text as text, signed as ours.

Every file the package writes (results workbook and CSV, charts, Word draft, methodology
and template workbooks) goes through here. Text that a spreadsheet would run as a formula
is neutralised; control characters are removed from every text
(:func:`cchc_index._internal.text.safe_text`). The results' own writers are in
:mod:`cchc_index._internal.report` (:mod:`cchc_index._internal.report.csv` for the CSV contract).

Files are written beside the target and renamed into place, so a run killed midway leaves
the previous file intact. What a run writes together (``score``: workbook, CSV, charts,
Word draft) is written inside :func:`outputs_together`: all new, or all old.

The guarantee, exactly:

- Each output is first written whole to a temporary file in its own folder,
  ``.<name>.cchc-<host>-<pid>-<random><suffix>``. An error or Ctrl-C while any of them is
  being written removes every temporary (and any folder made for them): all the old
  files stay, no new one appears.
- Only once every temporary is complete are they renamed into place, one ``os.replace``
  each (a rename within a folder, milliseconds for all). Ctrl-C is held back during the
  renames and delivered after the last one, so the outputs are then all new.
- Several renames are not one atomic step: a crash of the machine or a SIGKILL during
  the renames themselves can leave some outputs new and the rest old; a rename that
  fails (it is in the same folder as its temporary, so next to never) stops the rest
  and removes their temporaries, and the error names the file.
- A process killed outright cannot clean up: its temporaries stay, hidden. The next run
  that writes into that folder removes the temporaries of dead processes of this machine
  and any older than :data:`STALE_AFTER` (:func:`remove_stale_temporaries`); no other
  file is touched.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import signal
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pandas as pd

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.text import safe_text
from cchc_index._version import __version__

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Prefix text that spreadsheets would evaluate (=, +, -, @) with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(value: object) -> object:
    """A CSV cell: text without control characters (line breaks and tabs kept, inside
    quotes), neutralised; anything else as it is."""
    return neutralise(safe_text(value)) if isinstance(value, str) else value


def set_cell(cell, value: object) -> None:
    """Put ``value`` in an openpyxl cell; text is always stored as text, so a unit name
    like "=HYPERLINK(…)" or "+84…" never becomes a live formula in a results workbook,
    and without control characters (openpyxl refuses them; line breaks and tabs stay)."""
    if isinstance(value, str):
        value = safe_text(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"


# Who wrote our output workbooks (their "Author"): a later run meeting one among its inputs
# knows it for a result, not a table to score (see cchc_index._internal.io.loading).
OUTPUT_CREATOR = "cchc_index"


def mark_as_output(workbook) -> None:
    """Sign an output workbook as ours (see :data:`OUTPUT_CREATOR`)."""
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


def atomic_write(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` on a temporary file beside ``path``, then rename it into place (at
    once, or with the other outputs at the end of :func:`outputs_together`).

    The file gets the mode ``open()`` would give it: the user's umask applied to 0o666 for a
    new file, the old file's mode when one is replaced. A write that fails or is interrupted
    removes the temporary file and leaves the old file untouched. Stale temporaries of
    killed runs beside ``path`` are removed first (:func:`remove_stale_temporaries`).
    """
    path = Path(path)
    staged = _STAGED
    try:
        _make_folder(path.parent, staged)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        _sweep(path)
    except OSError as exc:
        raise output_error(path, exc) from exc
    _OPEN[0] += 1
    try:
        _write_beside(path, write, staged)
    finally:
        _OPEN[0] -= 1
    return path


def _write_beside(path: Path, write: Callable[[Path], object], staged: _Staged | None) -> None:
    try:
        temporary = _temporary_beside(path)
    except OSError as exc:
        raise output_error(path, exc) from exc
    try:
        write(temporary)
        if path.exists():
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))
        if staged is None:
            with _interrupts_deferred():  # renamed and recorded as such, or neither
                os.replace(temporary, path)
                WRITTEN.append(path)
        else:
            staged.files.append((temporary, path))
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise output_error(path, exc) from exc
        raise


# Outputs this process renamed into place, in order (the command line says which, when
# a run is stopped after some were).
WRITTEN: list[Path] = []
_OPEN = [0]  # temporaries being written now, outside a block


def writing() -> bool:
    """Whether outputs are being written now: inside :func:`outputs_together`, or while
    a temporary of :func:`atomic_write` exists (a Ctrl-C then has files to clean up)."""
    return _STAGED is not None or _OPEN[0] > 0


class _Staged:
    """The outputs of one :func:`outputs_together` block: complete temporaries waiting
    for their rename, and the folders made for them."""

    def __init__(self) -> None:
        self.files: list[tuple[Path, Path]] = []  # (temporary, target)
        self.folders: list[Path] = []  # made by this block, outermost first

    def commit(self) -> None:
        """Rename every temporary into place, Ctrl-C held back until the last."""
        with _interrupts_deferred():
            for number, (temporary, target) in enumerate(self.files):
                try:
                    os.replace(temporary, target)
                except OSError as exc:
                    self.files = self.files[number:]
                    self.discard()
                    raise output_error(target, exc) from exc
                WRITTEN.append(target)
        self.files = []

    def discard(self) -> None:
        """Remove every temporary and the folders made for them (when left empty)."""
        for temporary, _target in self.files:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
        for folder in reversed(self.folders):
            with suppress(OSError):
                folder.rmdir()
        self.files, self.folders = [], []


_STAGED: _Staged | None = None


@contextmanager
def outputs_together() -> Iterator[None]:
    """Every :func:`atomic_write` inside the block writes its temporary and waits; at the
    end of the block they are all renamed into place. An exception (or Ctrl-C) inside the
    block removes them all: the old files stay. See the module docstring for the exact
    guarantee. A block inside another joins the outer one.

    >>> with outputs_together():  # doctest: +SKIP
    ...     write_csv(result, "kq.csv")
    ...     write_workbook(result, "kq.xlsx")
    """
    global _STAGED
    if _STAGED is not None:
        yield
        return
    staged = _STAGED = _Staged()
    try:
        yield
    except BaseException:
        _STAGED = None
        staged.discard()
        raise
    _STAGED = None
    staged.commit()


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) back during the block and deliver it after, to the handler
    that was there before. Python runs signal handlers in the main thread only, so
    replacing the handler holds the signal back whichever thread the system gave it to."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:
            if callable(previous):
                previous(signal.SIGINT, None)
            elif previous == signal.SIG_DFL:
                signal.raise_signal(signal.SIGINT)
            elif previous is None:
                raise KeyboardInterrupt


def _make_folder(folder: Path, staged: _Staged | None) -> None:
    missing = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    if staged is not None:
        staged.folders += reversed(missing)


# ---- stale temporaries ----

# A temporary older than this is stale whoever wrote it (no output takes an hour to write).
STALE_AFTER = 3600.0
# This machine, in temporary names: a process number means something only on its machine
# (two machines may write into one shared folder).
_HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]
_OURS = re.compile(r"\.(?P<stem>.*)\.cchc-(?P<host>[0-9a-f]{4})-(?P<pid>[0-9]{1,10})"
                   r"-[0-9a-f]{8}(?P<suffix>\.[^.]*)?")
# Names of earlier versions: ".<stem>.<8 hex><suffix>" beside "<stem><suffix>".
_EARLIER = re.compile(r"\.(?P<stem>.+)\.[0-9a-f]{8}(?P<suffix>\.(?:xlsx|csv|docx|png|svg))")
_SWEPT: dict[Path, float] = {}
_SWEEP_EVERY = 60.0  # seconds: a chart folder of thousands of files is listed once a run


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries that killed runs left in ``folder``; returns them.

    Only files named as our temporaries are candidates (never a folder or a link):
    ``.<name>.cchc-<host>-<pid>-<random><suffix>`` whose process is dead on this machine,
    or older than :data:`STALE_AFTER`; and ``.<name>.<8 hex><suffix>``, as earlier versions
    named them, when ``<name><suffix>`` is beside it and the temporary is older than
    :data:`STALE_AFTER`. Files that cannot be looked at or removed are left.
    """
    removed = []
    now = time.time()
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(".")]
    except OSError:
        return removed
    for entry in entries:
        ours = _OURS.fullmatch(entry.name)
        earlier = None if ours else _EARLIER.fullmatch(entry.name)
        if not (ours or earlier):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            if earlier:
                stale = old and (Path(folder) / (earlier["stem"] + earlier["suffix"])).exists()
            else:
                stale = old or (ours["host"] == _HOST and not _alive(int(ours["pid"])))
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _sweep(path: Path) -> None:
    """:func:`remove_stale_temporaries` of ``path``'s folder, at most once a minute."""
    folder = path.parent.resolve()
    now = time.monotonic()
    if now - _SWEPT.get(folder, -_SWEEP_EVERY) >= _SWEEP_EVERY:
        _SWEPT[folder] = now
        remove_stale_temporaries(folder)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine (True when it cannot be known)."""
    if os.name != "posix" or pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # someone else's process (EPERM), or not a process number
    return True


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
    """A new empty file ``.<stem>.cchc-<host>-<pid>-<random><suffix>`` in ``path``'s folder,
    created with mode 0o666 less the umask (``tempfile.mkstemp`` would make it 0o600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(100):
        candidate = path.with_name(f".{path.stem}.cchc-{_HOST}-{os.getpid()}-"
                                   f"{secrets.token_hex(4)}{path.suffix}")
        try:
            os.close(os.open(candidate, flags, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))
