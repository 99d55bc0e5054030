"""Every input accounted for: each file scored or rejected with a reason, every expected
unit found or listed as missing, no row of a table left behind unnoticed.

The helpers here are called by :func:`cchc_index._internal.pipeline.run` (:func:`file_labels`,
:func:`skipped_problems`, :func:`missing_units`) and by the CLI (:func:`account_lines`).
What the readers say of one file (rows left unread, look-alike characters, copies) is
theirs: :mod:`cchc_index._internal.io.layouts`, :mod:`cchc_index._internal.io.content_checks`,
:mod:`cchc_index._internal.io.copies`.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from difflib import get_close_matches
from pathlib import Path

import pandas as pd

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.loading import load_input
from cchc_index._internal.io.recognise import after_council, is_total, is_unit_header
from cchc_index._internal.messages import ui
from cchc_index._internal.text import canonical, name_key, nfc

_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
_CELL_ROW = re.compile(r"(\d+)$")
_CELL = re.compile(r"[A-Z]{1,3}[0-9]+$")
LOCK_PREFIXES = ("~$", ".~lock.")


def _cell_of(source: object) -> str:
    """The cell address in a reader's ``unit_source`` ("B6", "label:B6"), or ""."""
    found = _CELL.search(str(source or ""))
    return found.group(0) if found else ""


def _row_of(cell: object) -> int:
    found = _CELL_ROW.search(str(cell or ""))
    return int(found.group(1)) if found else 0


# ---- in the pipeline ----

def file_labels(paths: list[Path]) -> list[str]:
    """How each file is named in messages and unit keys: its name, or its path under the
    common folder when two inputs share a name (every unit's ``Bieu_tu_cham.xlsx``)."""
    names = [p.name for p in paths]
    shared = {n for n, count in Counter(names).items() if count > 1}
    if not shared:
        return names
    root = Path(os.path.commonpath([str(p.parent) for p in paths]))
    return [p.relative_to(root).as_posix() if p.name in shared else p.name for p in paths]


def skipped_problems(inputs: Iterable[str | Path], found: list[Path]) -> list[Problem]:
    """Warnings for the lock files (``~$a.xlsx`` from Excel, ``.~lock.a.xlsx#`` from
    LibreOffice) in the input folders: the real file may be open with unsaved changes."""
    return [Problem("S014", "warning", p.name, expected=_locked_name(p.name))
            for p in skipped_files(inputs, found) if p.name.startswith(LOCK_PREFIXES)]


def skipped_files(inputs: Iterable[str | Path], found: list[Path]) -> list[Path]:
    """Files inside the input folders that were not taken as inputs (PDF scans, Word
    documents, lock files), so the account can name them."""
    inputs_found = _Inputs(found)
    skipped = []
    for given in inputs:
        folder = Path(given)
        if folder.is_dir():
            skipped += sorted(folder / p.relative_to(base) for base in [folder.resolve()]
                              for p in base.rglob("*") if inputs_found.left_out(p))
    return skipped


class _Inputs:
    """The files taken as inputs, to ask whether a path under a resolved folder is a file
    left out.

    A path written as one of them is one (the run's own paths are already resolved); any
    other file is resolved and compared with the resolved inputs, worked out only then.
    """

    def __init__(self, found: list[Path]) -> None:
        self._written = {str(p) for p in found}
        self._found = found
        self._resolved: set[str] | None = None

    def left_out(self, path: Path) -> bool:
        if str(path) in self._written or not path.is_file():
            return False
        if self._resolved is None:
            self._resolved = {os.path.realpath(p) for p in self._found}
        return os.path.realpath(path) not in self._resolved


def _locked_name(name: str) -> str:
    if name.startswith(".~lock."):
        return name[len(".~lock."):].rstrip("#")
    return name[2:]


def names_from_unit_list(units: pd.DataFrame, expected: list[str]) -> list[Problem]:
    """Units named after their file, typed without accents ("Xa Yen Thanh", from
    "01 - Xa Yen Thanh - gui lai.xlsx"), take the name of the unit list that has the same
    letters ("Xã Yên Thành"), when exactly one listed unit has them; changed in place,
    one I028 warning each."""
    if "unit_source" not in units or units.empty:
        return []
    listed: dict[str, list[str]] = {}
    for name in expected:
        listed.setdefault(canonical(unit_key(name)), []).append(name)
    problems = []
    from_file = units["unit_source"].astype(str).str.startswith("filename")
    for index in units.index[from_file]:
        name = str(units.at[index, "unit"])
        found = listed.get(canonical(unit_key(name)), [])
        if len(found) == 1 and unit_key(found[0]) != unit_key(name):
            units.at[index, "unit"] = found[0]
            problems.append(Problem("I028", "warning", str(units.at[index, "file"]),
                                    str(units.at[index, "sheet"]), unit=found[0],
                                    found=f"«{name}»", expected=f"«{found[0]}»",
                                    unit_id=str(units.at[index, "unit_id"])))
    return problems


def newer_copies(problems: list[Problem], paths: list[Path],
                 labels: list[str]) -> list[Problem]:
    """For a unit in several files (I014: the original and a form "gửi lại", all
    rejected), one I032 warning naming the newest file by its modification time and how
    to keep one. Nothing is chosen for the user."""
    by_label = dict(zip(labels, paths, strict=True))
    files: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for problem in problems:
        if problem.code == "I014" and problem.file in by_label:
            key = unit_key(problem.unit)
            files.setdefault(key, set()).add(problem.file)
            names.setdefault(key, problem.unit)
    notes = []
    for key, labelled in files.items():
        if len(labelled) < 2:
            continue
        times = {label: os.stat(by_label[label]).st_mtime for label in labelled}
        newest = max(labelled, key=lambda label: (times[label], label))
        when = datetime.fromtimestamp(times[newest]).strftime("%d/%m/%Y %H:%M")
        notes.append(Problem("I032", "warning", newest, unit=names[key],
                             found=f"«{names[key]}»", expected=f"«{newest}»",
                             params={"time": when}))
    return notes


def missing_units(units: pd.DataFrame, expected: list[str]) -> list[Problem]:
    """Errors for units on the expected list that no input holds; warnings for units read
    that are not on the list (usually a misspelt name)."""
    have = {unit_key(u): u for u in units["unit"]}
    wanted = {unit_key(u): u for u in expected}
    problems = [Problem("S030", "error", found=name)
                for key, name in wanted.items() if key not in have]
    for row in units.drop_duplicates("unit").itertuples():
        if unit_key(row.unit) not in wanted:
            close = get_close_matches(unit_key(row.unit), [k for k in wanted if k not in have],
                                      n=1, cutoff=0.8)
            problems.append(Problem("S034" if close else "S031", "warning", row.file,
                                    row.sheet, _cell_of(row.unit_source), row.unit,
                                    found=row.unit,
                                    expected=f"«{wanted[close[0]]}»" if close else ""))
    return problems


def unit_key(name: object) -> str:
    """A key for matching unit names between a list and the inputs: :func:`name_key`
    without a leading "UBND" / "Ủy ban nhân dân"."""
    text = "" if name is None else str(name)
    return name_key(after_council(text) or text)


def read_unit_list(path: str | Path) -> list[str]:
    """Unit names from a workbook or CSV with a "Đơn vị" / "Tên đơn vị" column (the first
    column when no such header is found). Raises :class:`UsageError` when none is found."""
    path = Path(path)
    for grid in sorted(_unit_list_grids(path), key=lambda g: g.hidden):
        names = _names_under_header(grid) or _first_column(grid)
        if names:
            return names
    raise UsageError([Problem("S032", file=path.name, expected="«Đơn vị»")])


def _unit_list_grids(path: Path) -> list[Grid]:
    """The sheets of the unit list, read once with the safety checks; :class:`UsageError`
    with the problems when the file is missing, refused or unreadable."""
    if not path.is_file():
        raise UsageError([Problem("I007", found=str(path))])
    loaded = load_input(path)
    if loaded.grids is None:
        raise UsageError(loaded.problems)
    return loaded.grids


def _names_under_header(grid: Grid) -> list[str]:
    for row_number, row in enumerate(grid.rows[:40], start=1):
        for col, value in enumerate(row, start=1):
            if is_unit_header(canonical(value)):
                return _names(grid.value(r, col) for r in range(row_number + 1,
                                                                 len(grid.rows) + 1))
    return []


def _first_column(grid: Grid) -> list[str]:
    return _names(row[0] if row else None for row in grid.rows)


def _names(values: Iterable[object]) -> list[str]:
    """The unit names among ``values``: text that is not a total row ("Tổng cộng", "Cộng
    khối xã"; "Công an tỉnh" is a unit), as NFC."""
    names = []
    for value in values:
        if isinstance(value, str) and value.strip() and not is_total(value):
            names.append(nfc(value))
    return names


# ---- for people ----

@dataclass(frozen=True)
class FileAccount:
    """What became of one input file."""

    label: str
    path: str
    scored_units: int
    reasons: list[str] = field(default_factory=list)

    @property
    def scored(self) -> bool:
        return self.scored_units > 0


def file_accounts(result, lang: str = "vi") -> list[FileAccount]:
    """One account per input file: scored (with the number of its units scored) or
    rejected with its reasons. Every file is in exactly one of the two lists."""
    labels = file_labels([Path(f.path) for f in result.files])
    scored = {} if result.results.empty else result.results["file"].value_counts().to_dict()
    unscored = {label for label in labels if not scored.get(label)}
    reasons = _reasons(result.problems, unscored, lang)
    return [FileAccount(label, info.path, int(scored.get(label, 0)), reasons.get(label, []))
            for info, label in zip(result.files, labels, strict=True)]


def _reasons(problems: list[Problem], files: set[str], lang: str) -> dict[str, list[str]]:
    """Per file of ``files``: the messages (without the file) of its first three errors, or
    of its first three problems when it has no error. One pass over the problems."""
    errors: dict[str, list[Problem]] = {}
    others: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.file in files:
            chosen = errors if problem.severity == "error" else others
            chosen.setdefault(problem.file, []).append(problem)
    return {file: [replace(p, file="").message(lang)
                   for p in (errors.get(file) or others.get(file, []))[:3]]
            for file in errors.keys() | others.keys()}


def account_lines(result, lang: str = "vi", inputs: Iterable[str | Path] = (),
                  accounts: list[FileAccount] | None = None) -> list[str]:
    """The end of a run in words: each rejected file with its reason, units expected but
    missing, files in the input folders that were not read.

    ``accounts``: the run's :func:`file_accounts`, when the caller already has them.
    """
    lines = []
    accounts = file_accounts(result, lang) if accounts is None else accounts
    rejected = [a for a in accounts if not a.scored]
    if rejected:
        lines.append(ui("rejected_files", lang, n=len(rejected)))
        for account in rejected:
            reasons = account.reasons or [ui("no_unit_scored", lang)]
            lines.append(f"  - {account.label}: {reasons[0]}")
            lines += [f"      {reason}" for reason in reasons[1:]]
    missing = [p.found for p in result.problems if p.code == "S030"]
    if missing:
        lines.append(ui("missing_units", lang, n=len(missing), names=", ".join(missing)))
    others = skipped_files(inputs, [Path(f.path) for f in result.files])
    if others:
        names = ", ".join(p.name for p in others[:10]) + (" …" if len(others) > 10 else "")
        lines.append(ui("skipped_files", lang, n=len(others), names=names))
    return lines
