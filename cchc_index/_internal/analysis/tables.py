"""Small helpers to find a labelled table in a file a person may have edited.

Used by the readers of last year's results and of the crosswalk: the header row is found
by its labels (never by a fixed row number), values keep their Excel address.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cchc_index._internal.errors import InputError, Problem
from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.loading import load_input
from cchc_index._internal.text import canonical, nfc

MAX_HEADER_SCAN = 40
_COLUMN_NUMBERS = re.compile(r"\(\s*\d+\s*\)")


@dataclass
class Table:
    """A located table: its sheet, header row and the column of each wanted label."""

    grid: Grid
    header_row: int
    columns: dict[str, int]  # wanted name -> 1-based column
    headers: dict[int, str]  # every other header: column -> canonical text
    data_row: int = 0  # first row under the header (two rows when the header spans two)

    def records(self):
        """Rows under the header, as (excel_row, {name: value}), until the first blank row.

        A row of column numbers "(1) (2) …" under the header is skipped.
        """
        started = False
        for row in range(self.data_row or self.header_row + 1, len(self.grid.rows) + 1):
            values = self.grid.rows[row - 1]
            filled = [v for v in values if v is not None and str(v).strip()]
            if not filled:
                if started:
                    return
                continue
            if all(_COLUMN_NUMBERS.fullmatch(str(v).strip()) for v in filled):
                continue
            started = True
            yield row, {name: self.grid.value(row, col) for name, col in self.columns.items()}


def checked_grids(path: str | Path) -> list[Grid]:
    """The sheets of ``path``, read once with the safety checks (a CSV by the same reader
    as the inputs': its delimiter found over the first records, double quotes only);
    :class:`InputError` with the reasons when the file is missing, refused or unreadable."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem("I007", file=str(path), found=str(path))])
    loaded = load_input(path)
    if loaded.grids is None:
        errors = [p for p in loaded.problems if p.severity == "error"]
        raise InputError(errors or loaded.problems)
    return loaded.grids


Label = set[str] | frozenset[str] | Callable[[str], bool]


def _is(label: Label, text: str) -> bool:
    return label(text) if callable(label) else text in label


def find_table(grids: list[Grid], labels: dict[str, Label], required: set[str],
               patterns: dict[str, re.Pattern[str]] | None = None) -> Table | None:
    """The first sheet and row whose cells carry every ``required`` label.

    ``labels`` maps a name to the canonical header texts that stand for it, or to a test
    of a canonical header (the vocabulary's:
    :func:`~cchc_index._internal.io.recognise.is_unit_header`);
    the first matching column wins. A header merged over two rows ("Điểm theo lĩnh vực" above
    "Lĩnh vực 1", "Lĩnh vực 2" …) is read from both rows. Visible sheets are searched
    before hidden ones.
    """
    for grid in sorted(grids, key=lambda g: g.hidden):
        for row in range(1, min(len(grid.rows), MAX_HEADER_SCAN) + 1):
            texts = [_header(v) for v in grid.rows[row - 1]]
            if not required <= {n for n, label in labels.items()
                                if any(_is(label, t) for t in texts if t)}:
                continue
            below = _second_row(grid, row, texts)
            merged = [b or t for t, b in zip(texts, below, strict=True)]
            columns: dict[str, int] = {}
            headers: dict[int, str] = {}
            for col, text in enumerate(merged, start=1):
                name = next((n for n, label in labels.items() if text and _is(label, text)),
                            None)
                if name is not None and name not in columns:
                    columns[name] = col
                elif text:
                    headers[col] = text
            return Table(grid, row, columns, headers, row + (2 if any(below) else 1))
    return None


def _second_row(grid: Grid, row: int, texts: list[str]) -> list[str]:
    """Header texts of the row below, for columns under a cell spanning several columns."""
    spanned: set[int] = set()
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row == last_row and last_col > first_col:
            spanned.update(range(first_col, last_col + 1))
    below = [_header(grid.value(row + 1, col)) for col in range(1, len(texts) + 1)]
    return [b if col in spanned else "" for col, b in enumerate(below, start=1)]


def _header(value: object) -> str:
    return canonical(value).replace("\n", " ") if value is not None else ""


def text(value: object) -> str:
    """A cell as display text: NFC, no apostrophe a CSV writer added before =, +, -, @."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = nfc(str(value))
    if shown.startswith("'") and shown[1:2] in ("=", "+", "-", "@"):
        return shown[1:]
    return shown
