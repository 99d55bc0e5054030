"""The council's worklist for the command line: printed, and as a sheet of the report.

``validate`` lists, after the problems, every rule-scored item to review (a self-score
that disagrees with the rule, a figure the rule cannot use, a blank figure cell) in one
numbered list; ``validate -o`` adds the same list as a sheet. ``score --draft-appraisal``
goes through :func:`run_with_draft`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from cchc_index.messages import ui
from cchc_index.methodology.rule_figures import number_text
from cchc_index.rules.apply import ISSUES, disagreements, rule_points
from cchc_index.rules.draft import score_with_draft

if TYPE_CHECKING:
    from cchc_index.methodology.model import Methodology
    from cchc_index.pipeline import RunResult


def run_with_draft(inputs: Iterable[str | Path], methodology: Methodology,
                   group_by: str | None = None, expected_units: list[str] | None = None,
                   **options: object) -> RunResult:
    """:func:`cchc_index.pipeline.run`, then scored again with the rules' draft appraisal
    (see :func:`cchc_index.rules.draft.score_with_draft`); units missing from
    ``expected_units`` are reported as in ``run``."""
    from cchc_index.accounting import missing_units
    from cchc_index.pipeline import run

    first = run(inputs, methodology, group_by=group_by, **options)
    result = score_with_draft(first.batch, methodology, group_by=group_by)
    if expected_units is not None:
        result.problems += missing_units(first.batch.units, expected_units)
    return result


def council_lines(result: RunResult, lang: str = "vi") -> list[str]:
    """The numbered worklist as lines of text; nothing when no leaf has a rule and figure."""
    frame = rule_points(result.batch.entries, result.methodology, result.batch.units)
    if frame.empty or frame["status"].eq("not_arisen").all():
        return []
    items = disagreements(frame)
    if items.empty:
        return [ui("council_none", lang)]
    cell_word = "ô" if lang != "en" else "cell"
    lines = [ui("council_heading", lang, n=len(items))]
    for number, row in enumerate(items.itertuples(), start=1):
        text = ui("council_item", lang, unit=row.unit, code=row.code,
                  cell=f" ({cell_word} {row.cell_self_points})" if row.cell_self_points else "",
                  self=_number(row.self_points), points=_number(row.rule_points),
                  issue=ISSUES[row.issue][1 if lang == "en" else 0],
                  figure=f"«{row.figure}»" if row.figure else "—",
                  figure_cell=f" ({cell_word} {row.cell_figure})" if row.cell_figure else "",
                  rule=row.rule)
        lines.append(f"  {number}. {text}")
    return lines


def print_council(result: RunResult, lang: str = "vi") -> None:
    lines = council_lines(result, lang)
    if lines:
        print("\n".join([*lines, ""]))


def add_council_sheet(path: str | Path, result: RunResult, lang: str = "vi") -> Path:
    """Add the worklist as a sheet to the report workbook at ``path`` (text kept as text)."""
    from openpyxl import load_workbook

    from cchc_index.files import atomic_write, set_cell
    from cchc_index.rules.apply import council_table

    frame = rule_points(result.batch.entries, result.methodology, result.batch.units)
    if frame.empty:
        return Path(path)
    table = council_table(frame, lang)
    workbook = load_workbook(path)
    sheet = workbook.create_sheet(ui("council_sheet", lang))
    for col, name in enumerate(table.columns, start=1):
        set_cell(sheet.cell(1, col), str(name))
    for row, values in enumerate(table.itertuples(index=False), start=2):
        for col, value in enumerate(values, start=1):
            set_cell(sheet.cell(row, col), None if pd.isna(value) else _plain(value))
    sheet.freeze_panes = "A2"
    return atomic_write(Path(path), workbook.save)


def _plain(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


def _number(value: float) -> str:
    return "—" if pd.isna(value) else number_text(value)
