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

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from cchc_index._internal.errors import Problem

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
    def combine(batches: Sequence[Batch | Rows]) -> Batch:
        """One batch from many, in the order given; :class:`Rows` are made into frames
        together (one frame for a run of them, not one per file)."""
        units: list[pd.DataFrame] = []
        entries: list[pd.DataFrame] = []
        for run in _runs(batches):
            if isinstance(run, Batch):
                units += [run.units] if not run.units.empty else []
                entries += [run.entries] if not run.entries.empty else []
            else:
                units += [make_units([u for rows in run for u in rows.units])]
                entries += _entry_frames(run)
        units = [u for u in units if not u.empty]
        entries = [e for e in entries if not e.empty]
        return Batch(
            units=_concat(units) if units else empty_units(),
            entries=_concat(entries) if entries else empty_entries(),
            problems=[p for b in batches for p in b.problems],
            files=[f for b in batches for f in b.files],
        )


@dataclass
class Rows:
    """What a reader of one small input returns: its units and entries as plain Python
    lists, cheap to build. :meth:`Batch.combine` makes the frames of many at once: a
    DataFrame per form costs more than reading the form.

    ``units``: one dict per unit (keys of :data:`UNIT_COLUMNS`, and any other column);
    ``entries``: column name -> values, every column of the same length (value columns
    float, ``not_arisen`` and ``read_error`` bool).
    """

    units: list[dict[str, object]] = field(default_factory=list)
    entries: dict[str, list] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)

    @property
    def entry_count(self) -> int:
        return len(next(iter(self.entries.values()), []))

    def to_batch(self) -> Batch:
        return Batch.combine([self])


def unit_count(read: Batch | Rows) -> int:
    """Units in a :class:`Batch` or :class:`Rows`."""
    return len(read.units)


def entry_count(read: Batch | Rows) -> int:
    """Entries in a :class:`Batch` or :class:`Rows`."""
    return read.entry_count if isinstance(read, Rows) else len(read.entries)


def unit_records(read: Batch | Rows) -> list[dict[str, object]]:
    """The units of a :class:`Batch` or :class:`Rows` as dicts."""
    return read.units if isinstance(read, Rows) else read.units.to_dict("records")


def _runs(batches: Sequence[Batch | Rows]) -> list[Batch | list[Rows]]:
    """Batches alone, consecutive Rows together."""
    runs: list[Batch | list[Rows]] = []
    for item in batches:
        if isinstance(item, Batch):
            runs.append(item)
        elif runs and isinstance(runs[-1], list):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _entry_frames(rows: list[Rows]) -> list[pd.DataFrame]:
    """The entries of consecutive Rows: one frame per run of the same columns."""
    frames = []
    group: list[Rows] = []
    for item in [*rows, None]:
        if item is not None and not item.entry_count:
            continue
        if group and (item is None or list(item.entries) != list(group[0].entries)):
            columns = list(group[0].entries)
            frames.append(entries_frame({c: [v for g in group for v in g.entries[c]]
                                         for c in columns}))
            group = []
        if item is not None:
            group.append(item)
    return frames


def entries_frame(columns: dict[str, list]) -> pd.DataFrame:
    """Entries from columns of values, with the engine's dtypes (see :class:`Rows`)."""
    frame = pd.DataFrame(columns)
    for column in VALUE_COLUMNS:
        if column in frame:
            frame[column] = frame[column].astype("float64")
    for column in ("not_arisen", "read_error"):
        if column in frame:
            frame[column] = frame[column].astype(bool)
    return frame


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    return frames[0].reset_index(drop=True) if len(frames) == 1 else pd.concat(
        frames, ignore_index=True)


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
