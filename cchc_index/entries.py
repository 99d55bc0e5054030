"""The interface between readers and the engine: a batch of units and their points.

Every reader (consolidated tables, per-unit self-assessment workbooks) returns a
:class:`Batch` of two long tables:

``units`` — one row per unit:
    ``unit_id`` (matching key), ``unit`` (name as typed, NFC), ``group``, ``file``, ``sheet``,
    ``year``, ``unit_source`` (where the name was found), and optional ``published_*``
    columns (total, index, rank, class as printed in a consolidated table) plus any other
    column of the input (kept under its own header, for ``--group-by``).

``entries`` — one row per (unit, criterion code) the input gives points for, at any level
of the tree:
    ``unit_id``, ``code``, ``self_points``, ``appraisal_1``, ``appraisal_2``,
    ``given_points`` (points of a consolidated table, taken as official),
    ``not_arisen`` (marked KPS), ``file``, ``sheet``, and the cell of each value
    (``cell_self_points`` …, "" where none). Readers may add ``evidence``,
    ``explanation``, ``raw_figure`` and ``form_name``.

Values are floats, unrounded; NaN means "not entered".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from cchc_index.errors import Problem

VALUE_COLUMNS = ["self_points", "appraisal_1", "appraisal_2", "given_points"]
CELL_COLUMNS = [f"cell_{c}" for c in VALUE_COLUMNS]
ENTRY_COLUMNS = ["unit_id", "code", *VALUE_COLUMNS, "not_arisen", "file", "sheet", *CELL_COLUMNS]
UNIT_COLUMNS = ["unit_id", "unit", "group", "file", "sheet", "year", "unit_source"]


@dataclass(frozen=True)
class InputFile:
    """One file the run was asked to read, and what became of it."""

    path: str
    sha256: str = ""
    status: str = "read"  # read | rejected
    units: int = 0


@dataclass
class Batch:
    """Units and their points from one or more input files, with the problems found."""

    units: pd.DataFrame = field(default_factory=lambda: empty_units())
    entries: pd.DataFrame = field(default_factory=lambda: empty_entries())
    problems: list[Problem] = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)

    @staticmethod
    def combine(batches: list[Batch]) -> Batch:
        """One batch from many, in the order given."""
        units = [b.units for b in batches if not b.units.empty]
        entries = [b.entries for b in batches if not b.entries.empty]
        return Batch(
            units=pd.concat(units, ignore_index=True) if units else empty_units(),
            entries=pd.concat(entries, ignore_index=True) if entries else empty_entries(),
            problems=[p for b in batches for p in b.problems],
            files=[f for b in batches for f in b.files],
        )


def empty_units() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in UNIT_COLUMNS})


def empty_entries() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in ENTRY_COLUMNS})
    for column in VALUE_COLUMNS:
        frame[column] = frame[column].astype("float64")
    frame["not_arisen"] = frame["not_arisen"].astype("bool")
    return frame


def make_entries(rows: list[dict]) -> pd.DataFrame:
    """Entries from dicts with any subset of :data:`ENTRY_COLUMNS`; the rest filled blank.

    >>> make_entries([{"unit_id": "a", "code": "1", "given_points": 5.0}])["appraisal_1"].isna()[0]
    np.True_
    """
    frame = pd.DataFrame(rows)
    for column in ENTRY_COLUMNS:
        if column not in frame:
            frame[column] = "" if column not in VALUE_COLUMNS and column != "not_arisen" else None
    for column in VALUE_COLUMNS:
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["not_arisen"] = frame["not_arisen"].fillna(False).astype("bool")
    extra = [c for c in frame.columns if c not in ENTRY_COLUMNS]
    return frame[ENTRY_COLUMNS + extra]


def make_units(rows: list[dict]) -> pd.DataFrame:
    """Units from dicts; missing standard columns are filled with ""."""
    frame = pd.DataFrame(rows)
    for column in UNIT_COLUMNS:
        if column not in frame:
            frame[column] = ""
    extra = [c for c in frame.columns if c not in UNIT_COLUMNS]
    return frame[UNIT_COLUMNS + extra]
