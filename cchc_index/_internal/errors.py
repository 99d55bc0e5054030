"""Exceptions and the problem record every stage reports.

Two families, as in pandera: a bad methodology (:class:`MethodologyError`) and bad
input data (:class:`InputError`). Both carry :class:`Problem` records with a stable
``code`` so tests and the CLI switch on codes, never on message text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal

from cchc_index._internal.messages import Words, render, shown

if TYPE_CHECKING:
    import pandas as pd

Severity = Literal["error", "warning"]

PROBLEM_COLUMNS = [
    "severity",
    "code",
    "file",
    "sheet",
    "cell",
    "unit",
    "criterion",
    "found",
    "expected",
    "message",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth saying) about a methodology or an input.

    ``params`` fill the message template of ``code`` (see :mod:`cchc_index._internal.messages`).
    ``found``, ``expected`` and ``params`` hold raw values (a number as a float): the
    message and :meth:`as_row` write them for their language.
    """

    code: str
    severity: Severity = "error"
    file: str = ""
    sheet: str = ""
    cell: str = ""
    unit: str = ""
    criterion: str = ""
    found: str | float | int | Words = ""
    expected: str | float | int = ""
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    # The unit's key in the batch (two units may share a name in different groups); never
    # shown, so it does not make two problems differ.
    unit_id: str = field(default="", compare=False, hash=False, repr=False)

    def message(self, lang: str = "vi") -> str:
        """The message in Vietnamese (``lang="vi"``) or English, with its location."""
        values = {k: v for k, v in asdict(self).items() if k not in ("params", "unit_id")}
        values.update(self.params)
        return render(self.code, lang, values)

    def as_row(self, lang: str = "vi") -> dict[str, str]:
        """The problem as a report's row, its values written for ``lang``."""
        row = {name: getattr(self, name) for name in PROBLEM_COLUMNS[:-1]}
        row.update({k: shown(v, lang) for k, v in row.items()})
        row["message"] = self.message(lang)
        return row


def problems_frame(problems: list[Problem], lang: str = "vi") -> pd.DataFrame:
    """A validation report: one row per problem in the order a person works through the
    files: by file (problems of no file first), sheet, then the cell's row and column
    ("E13" before "E14" before "E37"; a row named "dòng 12" as row 12; no cell first);
    errors before warnings at the same place, else in the order found."""
    import pandas as pd  # here, not at import: the command line starts without pandas

    rows = [p.as_row(lang) for p in problems]
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    cell = frame["cell"].astype(str)
    letters = cell.str.extract(r"^\$?([A-Za-z]{1,3})\$?\d", expand=False).fillna("").str.upper()
    keys = pd.DataFrame({
        "file": frame["file"].astype(str).str.casefold(), "file_as_written": frame["file"],
        "sheet": frame["sheet"].astype(str).str.casefold(), "sheet_as_written": frame["sheet"],
        "row": pd.to_numeric(cell.str.extract(r"(\d+)", expand=False),
                             errors="coerce").fillna(0),
        "col": letters.map(lambda t: sum(26 ** i * (ord(c) - 64)
                                         for i, c in enumerate(reversed(t)))),
        "severity": frame["severity"].map({"error": 0, "warning": 1}).fillna(2)})
    order = keys.sort_values(list(keys.columns), kind="stable").index
    return frame.loc[order].reset_index(drop=True)


class CchcError(Exception):
    """Base class of every error the package raises on purpose."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.message("en") for p in self.problems))

    def messages(self, lang: str = "vi") -> list[str]:
        return [p.message(lang) for p in self.problems]

    def __reduce__(self):
        """Pickle by the problems, not by the message text: an error raised in a worker
        process reaches the parent whole (``Exception`` would rebuild it from its text)."""
        return (type(self), (self.problems,))


class MethodologyError(CchcError):
    """The methodology (criteria tree, bands, settings) is not usable."""


class InputError(CchcError):
    """An input file cannot be read or scored."""


class UsageError(CchcError):
    """The command line or a function call asked for something impossible."""
