"""The appraisal council's side of the rules: a run scored with the rules' draft
appraisal, and the worklist of rule-scored items to review, printed and as a sheet.

``score --draft-appraisal`` goes through :func:`run_with_draft`: :func:`score_with_draft`
scores a copy of the batch whose empty appraisals hold the rule's points
(:func:`cchc_index._internal.rules.propose_appraisal`) with the ordinary engine and marks the draft
in every output: the node's ``source`` is ``draft_rule``, each result row has a ``draft``
flag, and each drafted unit gets an R170 warning listing the proposed criteria. A unit the
council has not touched stays "not appraised": its other leaves are scored on the
self-assessment as before.

``validate`` lists, after the problems, every rule-scored item to review (a self-score that
disagrees with the rule, a figure the rule cannot use, a blank figure cell) in one numbered
list (:func:`print_council`); ``validate -o`` adds the same list as a sheet
(:func:`add_council_sheet`).

These run the whole pipeline, so they sit above it, beside the report, and not in
:mod:`cchc_index._internal.rules`, which the pipeline uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from cchc_index._internal.accounting import missing_units
from cchc_index._internal.entries import Batch
from cchc_index._internal.errors import Problem
from cchc_index._internal.files import atomic_write, set_cell
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.messages import ui
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.pipeline import RunResult, run, score_batch
from cchc_index._internal.rules.apply import (
    DRAFT_COLUMN,
    council_table,
    disagreements,
    rule_points,
)
from cchc_index._internal.rules.draft import SOURCE_DRAFT, propose_appraisal
from cchc_index._internal.scoring import appraised_units


def run_with_draft(inputs: Iterable[str | Path], methodology: Methodology,
                   group_by: str | None = None, expected_units: list[str] | None = None,
                   **options: object) -> RunResult:
    """:func:`cchc_index._internal.pipeline.run`, then scored again with the rules' draft appraisal
    (see :func:`score_with_draft`); units missing from ``expected_units`` are reported as
    in ``run``."""
    first = run(inputs, methodology, group_by=group_by, **options)
    result = score_with_draft(first.batch, methodology, group_by=group_by)
    if expected_units is not None:
        result.problems += missing_units(first.batch.units, expected_units)
    return result


def score_with_draft(batch: Batch, methodology: Methodology,
                     group_by: str | None = None) -> RunResult:
    """Score ``batch`` with the rules' draft appraisal, marked as proposed everywhere."""
    drafted = propose_appraisal(batch, methodology)
    result = score_batch(drafted, methodology, group_by=group_by)
    entries = drafted.entries
    marked = entries.loc[entries[DRAFT_COLUMN], ["unit_id", "code"]]
    nodes = result.nodes.copy()
    if not nodes.empty:
        keys = pd.MultiIndex.from_frame(marked)
        is_draft = pd.MultiIndex.from_frame(nodes[["unit_id", "code"]]).isin(keys)
        nodes.loc[is_draft, "source"] = SOURCE_DRAFT
    results = result.results.copy()
    results["draft"] = results["unit_id"].isin(marked["unit_id"])
    council = (appraised_units(batch.entries, methodology) if not batch.entries.empty
               else pd.Series(dtype=bool))
    if not results.empty:
        results["appraised"] = results["unit_id"].map(council).fillna(False).astype(bool)
    problems = _draft_problems(result.problems, marked, batch.units, council)
    return RunResult(methodology, results, nodes, problems, result.files, drafted)


def _draft_problems(problems: list[Problem], marked: pd.DataFrame, units: pd.DataFrame,
                    council: pd.Series) -> list[Problem]:
    """Say which criteria are drafts; keep "not appraised" for units the council never saw.

    A unit whose only appraisal is the draft would otherwise get a warning for each other
    leaf ("not appraised, self-score used"); it gets the one unit warning instead.
    """
    where = units.drop_duplicates("unit_id").set_index("unit_id")
    untouched = {where.loc[u, "unit"] for u in marked["unit_id"].unique()
                 if u in where.index and not bool(council.get(u, False))}
    kept = [p for p in problems if not (p.code == "I018" and p.unit in untouched)]
    notes = []
    for unit_id, codes in marked.groupby("unit_id", sort=False)["code"]:
        if unit_id not in where.index:
            continue
        unit = where.loc[unit_id]
        if unit["unit"] in untouched:
            notes.append(Problem("I019", "warning", unit["file"], unit["sheet"], "",
                                 unit["unit"]))
        notes.append(Problem("R170", "warning", unit["file"], unit["sheet"], "", unit["unit"],
                             found=str(len(codes)), expected=", ".join(codes)))
    return kept + notes


def council_lines(result: RunResult, lang: str = "vi") -> list[str]:
    """The numbered worklist as lines of text; nothing when no leaf has a rule and figure."""
    frame = rule_points(result.batch.entries, result.methodology, result.batch.units)
    if frame.empty or frame["status"].eq("not_arisen").all():
        return []
    items = disagreements(frame)
    if items.empty:
        return [ui("council_none", lang)]
    lines = [ui("council_heading", lang, n=len(items))]
    for number, row in enumerate(items.itertuples(), start=1):
        text = ui("council_item", lang, unit=row.unit, code=row.code,
                  cell=ui("cell_at", lang, cell=row.cell_self_points)
                  if row.cell_self_points else "",
                  self=_number(row.self_points), points=_number(row.rule_points),
                  issue=catalogue_text("council", f"issue_{row.issue}", lang),
                  figure=f"«{row.figure}»" if row.figure else "—",
                  figure_cell=ui("cell_at", lang, cell=row.cell_figure)
                  if row.cell_figure else "",
                  rule=row.rule)
        lines.append(f"  {number}. {text}")
    return lines


def print_council(result: RunResult, lang: str = "vi") -> None:
    lines = council_lines(result, lang)
    if lines:
        print("\n".join([*lines, ""]))


def add_council_sheet(path: str | Path, result: RunResult, lang: str = "vi") -> Path:
    """Add the worklist as a sheet to the report workbook at ``path`` (text kept as text)."""
    from openpyxl import load_workbook  # openpyxl (~0.13 s): only to add this sheet

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


def _number(value: float) -> float:
    """Points as the catalogue writes them for the language (NaN as "—"), to 3 places."""
    return float(value) if pd.isna(value) else round(float(value), 3) + 0.0
