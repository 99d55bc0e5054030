"""Every input accounted for: each file scored or rejected with a reason, every expected
unit found or listed as missing, no row of a table left behind unnoticed.

The helpers here are called at the reader boundary (:func:`rows_left_unread`,
:func:`content_warnings`), by :func:`cchc_index.pipeline.run` (:func:`file_labels`,
:func:`drop_copies`, :func:`skipped_problems`, :func:`missing_units`) and by the CLI
(:func:`account_lines`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from cchc_index.entries import Batch, Rows, unit_records
from cchc_index.errors import Problem, UsageError
from cchc_index.io.cells import Grid
from cchc_index.methodology.model import Methodology
from cchc_index.text import canonical, is_number, name_key, nfc

_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
_CELL_ROW = re.compile(r"(\d+)$")
_CELL = re.compile(r"[A-Z]{1,3}[0-9]+$")
LOCK_PREFIXES = ("~$", ".~lock.")


# ---- at the reader boundary ----

def rows_left_unread(grid: Grid, batch: Batch, unit_col: int) -> list[Problem]:
    """An error for rows below a consolidated table's last unit that look like units but
    were not read: a name in the unit column and numbers in at least half the score
    columns (units typed below the total row or the signature block, say). The reader goes
    past blank rows and group headings, so what is left is what it could not take; total
    rows, the signature block, notes and a summary of a few numbers are not units."""
    from cchc_index.io.consolidated import score_columns
    from cchc_index.io.recognise import is_total, is_unit_header

    if batch.units.empty:
        return []
    read = [_row_of(c) for c in batch.units["unit_source"] if _row_of(c)]
    if not read:
        return []
    columns = score_columns(batch) - {unit_col}
    needed = max(1, (len(columns) + 1) // 2)
    left = []
    for row in range(max(read) + 1, len(grid.rows) + 1):
        name = grid.value(row, unit_col)
        if not isinstance(name, str) or not name.strip() or is_total(name) or is_unit_header(
                canonical(name)):  # a header repeated below
            continue
        values = grid.rows[row - 1]
        looked_at = [values[c - 1] for c in columns if c <= len(values)] if columns else [
            v for i, v in enumerate(values, start=1) if i != unit_col]
        if sum(is_number(v) for v in looked_at) >= (needed if columns else 1):
            left.append(f"{row} ({nfc(name)})")
    if not left:
        return []
    shown = ", ".join(left[:5]) + (f" … (+{len(left) - 5})" if len(left) > 5 else "")
    return [Problem("S024", "error", batch.units["file"].iloc[0], grid.sheet, found=shown)]


def _cell_of(source: object) -> str:
    """The cell address in a reader's ``unit_source`` ("B6", "label:B6"), or ""."""
    found = _CELL.search(str(source or ""))
    return found.group(0) if found else ""


def _row_of(cell: object) -> int:
    found = _CELL_ROW.search(str(cell or ""))
    return int(found.group(1)) if found else 0


def content_warnings(read: Batch | Rows, methodology: Methodology) -> list[Problem]:
    """Warnings about what a file holds: look-alike characters in unit names, a table
    dated outside the methodology's years."""
    problems = []
    units = unit_records(read)
    for unit in units:
        odd = lookalikes(str(unit["unit"]))
        if odd:
            problems.append(Problem("S022", "warning", unit["file"], unit["sheet"],
                                    _cell_of(unit["unit_source"]), unit["unit"], found=odd))
    wanted = _year_span(methodology.years)
    if not wanted:
        return problems
    seen = set()
    for unit in units:
        year = str(unit.get("year") or "")
        key = (unit["file"], unit["sheet"], year)
        if key in seen:
            continue
        seen.add(key)
        if year.isdigit() and not wanted[0] <= int(year) <= wanted[1]:
            problems.append(Problem("S023", "warning", unit["file"], unit["sheet"],
                                    found=year, expected=methodology.years))
    return problems


def lookalikes(name: str) -> str:
    """The characters of ``name`` that are not what Vietnamese text is written with:
    letters of other scripts that look Latin (Cyrillic "а"), full-width letters, invisible
    characters. "" when the name is clean.

    >>> lookalikes("Xã An Bình"), lookalikes("X\\u0430 An Bình")
    ('', '«а» U+0430')
    """
    odd = []
    for ch in unicodedata.normalize("NFC", name):
        category = unicodedata.category(ch)
        foreign = ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN ")
        invisible = category in ("Cf", "Co", "Cn") or (category == "Zs" and ch not in " \xa0")
        if (foreign or invisible) and ch not in [c for c, _ in odd]:
            odd.append((ch, f"«{ch}» U+{ord(ch):04X}"))
    return ", ".join(text for _, text in odd)


def _year_span(years: str) -> tuple[int, int] | None:
    found = [int(y) for y in _YEARS.findall(years or "")]
    return (min(found), max(found)) if found else None


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


def drop_copies(batches: list[Batch]) -> list[Batch]:
    """Read each content once: of files with identical bytes, the one whose path sorts
    first is kept, the others are rejected as copies (whatever the order given)."""
    first: dict[str, str] = {}
    labels: dict[str, str] = {}
    for batch in batches:
        for info in batch.files:
            labels[info.path] = _label_of(batch) or Path(info.path).name
            if info.status == "read" and info.sha256:
                first[info.sha256] = min(first.get(info.sha256, info.path), info.path)
    kept = []
    for batch in batches:
        info = batch.files[0] if len(batch.files) == 1 else None
        original = first.get(info.sha256) if info and info.status == "read" else None
        if original is None or original == info.path:
            kept.append(batch)
            continue
        copy = Problem("S020", "error", labels[info.path], expected=labels[original])
        kept.append(Batch(problems=[copy], files=[replace(info, status="rejected", units=0)]))
    return kept


def _label_of(batch: Batch) -> str:
    if not batch.units.empty:
        return str(batch.units["file"].iloc[0])
    return next((p.file for p in batch.problems if p.file), "")


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


def missing_units(units: pd.DataFrame, expected: list[str]) -> list[Problem]:
    """Errors for units on the expected list that no input holds; warnings for units read
    that are not on the list (usually a misspelt name)."""
    have = {unit_key(u): u for u in units["unit"]}
    wanted = {unit_key(u): u for u in expected}
    problems = [Problem("S030", "error", found=name)
                for key, name in wanted.items() if key not in have]
    for row in units.drop_duplicates("unit").itertuples():
        if unit_key(row.unit) not in wanted:
            problems.append(Problem("S031", "warning", row.file, row.sheet,
                                    _cell_of(row.unit_source), row.unit, found=row.unit))
    return problems


def unit_key(name: object) -> str:
    """A key for matching unit names between a list and the inputs: :func:`name_key`
    without a leading "UBND" / "Ủy ban nhân dân"."""
    from cchc_index.io.recognise import after_council

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
    from cchc_index.io.loading import load_input

    if not path.is_file():
        raise UsageError([Problem("I007", found=str(path))])
    loaded = load_input(path)
    if loaded.grids is None:
        raise UsageError(loaded.problems)
    return loaded.grids


def _names_under_header(grid: Grid) -> list[str]:
    from cchc_index.io.recognise import is_unit_header

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
    from cchc_index.io.recognise import is_total

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
    from cchc_index.messages import ui

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
