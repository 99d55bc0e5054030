"""The crosswalk of merged units: which of last year's units make up each of this year's.

A table with columns ``Đơn vị cũ`` (old unit), ``Đơn vị mới`` (new unit) and an optional
``Trọng số`` (weight: population, number of procedures …; blank means equal weights).
One row per old unit; a new unit made of several old ones has several rows. A merged
unit's previous index is the weighted mean of its parts (:func:`weighted_previous`).

>>> frame = crosswalk_frame([("Xã A", "Xã AB", 2), ("Xã B", "Xã AB", 1)])
>>> weighted_previous(frame, {"xã a": 90.0, "xã b": 60.0})["xã ab"]
80.0
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cchc_index._internal.analysis.tables import checked_grids, find_table, text
from cchc_index._internal.errors import InputError, Problem
from cchc_index._internal.io.cells import address
from cchc_index._internal.text import NumberParseError, name_key, parse_number

LABELS = {
    "old": {"don vi cu", "old unit", "don vi nam truoc", "ten don vi cu"},
    "new": {"don vi moi", "new unit", "don vi nam nay", "ten don vi moi"},
    "weight": {"trong so", "weight"},
}
COLUMNS = ["old", "new", "weight", "old_key", "new_key", "file", "cell"]


def read_crosswalk(path: str | Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The crosswalk rows and the problems found (bad weights are reported, rows dropped).

    Raises :class:`~cchc_index._internal.errors.InputError` (A001) when the columns are missing.
    """
    path = Path(path)
    table = find_table(checked_grids(path), LABELS, {"old", "new"})
    if table is None:
        raise InputError([Problem("A001", file=path.name,
                                  expected="«Đơn vị cũ», «Đơn vị mới» (tuỳ chọn «Trọng số»)")])
    rows, problems = [], []
    for row, values in table.records():
        old, new = text(values.get("old")), text(values.get("new"))
        if not old and not new:
            continue
        cell = address(row, table.columns["old"])
        if not old or not new:
            problems.append(Problem("A011", "warning", path.name, table.grid.sheet, cell,
                                    found=old or new))
            continue
        weight = _weight(values.get("weight"))
        if weight is None:
            where = address(row, table.columns["weight"])
            problems.append(Problem("A002", "error", path.name, table.grid.sheet, where, old,
                                    found=f"«{values.get('weight')}»"))
            continue
        rows.append((old, new, weight, cell))
    frame = crosswalk_frame([r[:3] for r in rows])
    frame["cell"] = [r[3] for r in rows]
    frame["file"] = path.name
    return frame, problems


def _weight(value: object) -> float | None:
    """A positive weight; blank is 1 (equal weights); None when not a positive number."""
    try:
        number = parse_number(value)
    except NumberParseError:
        return None
    if number is None:
        return 1.0
    return number if number > 0 else None


def crosswalk_frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """A crosswalk from (old unit, new unit, weight) tuples, with matching keys."""
    frame = pd.DataFrame(rows, columns=["old", "new", "weight"])
    frame["weight"] = frame["weight"].astype("float64")
    frame["old_key"] = frame["old"].map(name_key)
    frame["new_key"] = frame["new"].map(name_key)
    frame["file"] = ""
    frame["cell"] = ""
    return frame[COLUMNS]


def weighted_previous(crosswalk: pd.DataFrame, values: dict[str, float]) -> dict[str, float]:
    """Per new unit key: the weighted mean of its old units' values (found ones only).

    ``values`` maps old unit keys to a number (an index, a field share …).
    """
    found = crosswalk.assign(value=crosswalk["old_key"].map(values)).dropna(subset=["value"])
    weighted = (found["value"] * found["weight"]).groupby(found["new_key"]).sum()
    weights = found["weight"].groupby(found["new_key"]).sum()
    return (weighted / weights).to_dict()
