"""Read last year's results: a CSV or results workbook written by this tool.

The CSV gives the unrounded index (``index_pct``); the workbook gives the index as it was
printed ("Chỉ số (%)"), its methodology (sheet "Thông tin") and the year in its title.
Columns are found by their headers, so a file re-saved from Excel still reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cchc_index._internal.analysis.tables import Table, checked_grids, find_table, text
from cchc_index._internal.errors import InputError, Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.io.recognise import is_group_header, is_unit_header, published_column
from cchc_index._internal.text import NumberParseError, canonical, name_key, parse_number


def _published(name: str) -> Callable[[str], bool]:
    return lambda key: published_column(key) == name


# The columns of last year's results, by the words every reader knows (our CSV's own
# column names are among the published headers).
LABELS = {
    "unit": is_unit_header,
    "group": is_group_header,
    "index_pct": _published("published_index"),
    "rank": _published("published_rank"),
    "classification": _published("published_class"),
    "points": _published("published_total"),
    "year": {"year", "nam"},
}
_FIELD = re.compile(r"^(?:field_|linh vuc\s*|field\s+)(\d+)(?:\s*\(.*\))?$")
_COUNT = re.compile(r"\s*\(\d+\s*(?:đơn vị|units?)\)$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:nam|results)\s+(\d{4})\b")
_INFO = {"bo chi so": "name", "so quyet dinh": "decision", "methodology": "name",
         "decision": "decision"}


@dataclass(frozen=True)
class PreviousResults:
    """Last year's results: one row per unit, and what is known of its methodology.

    ``results`` has ``unit, key`` (the matching key of :func:`cchc_index._internal.text.name_key`),
    ``group, points, index_pct, rank, classification`` and ``field_<code>`` points.
    """

    results: pd.DataFrame
    methodology_name: str = ""
    decision: str = ""
    year: str = ""
    source: str = ""
    problems: list[Problem] = field(default_factory=list, compare=False)

    @property
    def field_codes(self) -> list[str]:
        return [c.removeprefix("field_") for c in self.results.columns if c.startswith("field_")]

    @property
    def describes_methodology(self) -> bool:
        return bool(self.methodology_name or self.decision)

    def methodology_text(self) -> str:
        return " — ".join(p for p in (self.methodology_name, self.decision) if p)


def read_previous(path: str | Path) -> PreviousResults:
    """Last year's results from a CSV or results workbook written by this tool.

    Raises :class:`~cchc_index._internal.errors.InputError` (A006) when no results table is found.
    """
    path = Path(path)
    grids = checked_grids(path)
    table = find_table(grids, LABELS, {"unit", "index_pct"}, None)
    if table is None:
        raise InputError([Problem("A006", file=path.name,
                                  expected="«Đơn vị», «Chỉ số (%)» / unit, index_pct")])
    fields = {col: _FIELD.match(h).group(1) for col, h in table.headers.items()
              if _FIELD.match(h)}
    rows, problems = _rows(table, fields, path.name)
    results = pd.DataFrame(rows, columns=["unit", "key", "group", "points", "index_pct",
                                          "rank", "classification", "year",
                                          *[f"field_{c}" for c in fields.values()]])
    for column in ("points", "index_pct", *[f"field_{c}" for c in fields.values()]):
        results[column] = results[column].astype("float64")
    results["rank"] = results["rank"].astype("Int64")
    info = _methodology_info(grids)
    year = next((y for y in results["year"] if y), "") or _title_year(table)
    return PreviousResults(results.drop(columns="year"), info.get("name", ""),
                           info.get("decision", ""), year, path.name, problems)


def _rows(table: Table, fields: dict[int, str], file: str) -> tuple[list[dict], list[Problem]]:
    rows, problems = [], []
    heading = ""
    for row, values in table.records():
        unit = text(values.get("unit"))
        if not unit:
            continue
        if values.get("index_pct") in (None, ""):
            heading = _COUNT.sub("", unit)  # a group heading row: "Xã (14 đơn vị)"
            continue
        group = text(values.get("group")) if "group" in table.columns else heading
        record = {"unit": unit, "key": name_key(unit), "group": group,
                  "classification": text(values.get("classification")),
                  "year": text(values.get("year"))}
        for name in ("points", "index_pct", "rank"):
            record[name] = _number(values.get(name), table.grid, row,
                                   table.columns.get(name), unit, problems, file)
        for col, code in fields.items():
            record[f"field_{code}"] = _number(table.grid.value(row, col), table.grid, row, col,
                                              unit, problems, file)
        rows.append(record)
    return rows, problems


def _number(value, grid: Grid, row: int, col: int | None, unit: str,
            problems: list[Problem], file: str) -> float | None:
    try:
        number = parse_number(value)
    except NumberParseError:
        problems.append(Problem("I010", "warning", file, grid.sheet,
                                address(row, col) if col else "", unit, found=f"«{value}»"))
        return None
    return None if number is None else number


def _methodology_info(grids: list[Grid]) -> dict[str, str]:
    """Methodology name and decision from a two-column sheet like "Thông tin"."""
    info: dict[str, str] = {}
    for grid in grids:
        for values in grid.rows[:60]:
            if len(values) < 2:
                continue
            key = _INFO.get(canonical(values[0]))
            if key and key not in info and values[1] not in (None, ""):
                info[key] = text(values[1])
    return info


def _title_year(table: Table) -> str:
    for values in table.grid.rows[: table.header_row - 1]:
        for value in values:
            found = _YEAR.search(canonical(value)) if isinstance(value, str) else None
            if found:
                return found.group(1)
    return ""
