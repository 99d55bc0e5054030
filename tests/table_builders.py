"""What the consolidated-table tests build their districts' tables from: the bundled
methodology's leaves and maxima, units' points typed as people type them, the official
points worked out by hand, and a workbook written from rows (built by code, openpyxl)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from cchc_index import load_methodology
from cchc_index._internal.methodology.model import Component

M = load_methodology()
TREE = M.tree
LEAVES = [c for c, leaf in zip(TREE["code"], TREE["is_leaf"], strict=True) if leaf]
COMPONENT = dict(zip(TREE["code"], TREE["component"], strict=True))
MAXIMUM = dict(zip(TREE["code"], TREE["stated_max"], strict=True))
NAMES = dict(zip(TREE["code"], TREE["name"], strict=True))
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
RESULT_COLUMNS = ["unit", "group", "points", "max_points", "index_pct", "rank",
                  "classification"]

Rows = list[list[object]]


def comma(value: float) -> str:
    """A number as a Vietnamese office types it: 1,5."""
    return f"{value:g}".replace(".", ",")


def unit_points(share: float, typed: dict[str, object]) -> dict[str, object]:
    """A unit's points per leaf: ``share`` of each maximum (none of the bonus and penalty),
    with some cells typed as people type them (``typed``: "0,5", "KPS", "2")."""
    points: dict[str, object] = {}
    for code in LEAVES:
        if COMPONENT[code] in (Component.BONUS, Component.PENALTY):
            points[code] = 0
        else:
            points[code] = round(MAXIMUM[code] * share * 4) / 4
    points.update(typed)
    return points


def number(value: object) -> float:
    """A cell's points as a number (KPS and blanks as 0), to write the totals."""
    if isinstance(value, str):
        return 0.0 if value == "KPS" else float(value.replace(",", "."))
    return float(value or 0)


def expected_points(points: dict[str, object]) -> float:
    """The official points by hand: KPS of 1.3.2 is full marks, KPS of 2.1.1 is left out,
    the bonus adds and the penalty subtracts."""
    total = 0.0
    for code, value in points.items():
        if value == "KPS":
            total += MAXIMUM[code] if code == "1.3.2" else 0.0
        elif COMPONENT[code] == Component.PENALTY:
            total -= number(value)
        else:
            total += number(value)
    return total


def write_sheets(path: Path, sheets: dict[str, tuple[Rows, list[str]]]) -> Path:
    """A workbook of the sheets ``{title: (rows, merged ranges)}``, in that order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, (rows, merges) in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for merge in merges:
            sheet.merge_cells(merge)
    workbook.save(path)
    return path


def write_table(path: Path, rows: Rows, merges: list[str] = ()) -> Path:
    """A workbook of one sheet, "Tổng hợp", as districts name their summary."""
    return write_sheets(path, {"Tổng hợp": (rows, list(merges))})
