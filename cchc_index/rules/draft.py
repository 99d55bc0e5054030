"""A first draft of the appraisal: the rule's points where the council has not scored yet.

:func:`propose_appraisal` fills ``appraisal_1`` of a *copy* of the entries with the
rule's points wherever a rule-scored leaf has a usable figure and no appraisal at all,
and marks those rows in ``draft_appraisal``. :func:`score_with_draft` scores that copy
with the ordinary engine and marks the draft in every output: the node's ``source`` is
``draft_rule``, each result row has a ``draft`` flag, and each drafted unit gets an R170
warning listing the proposed criteria. A unit the council has not touched stays "not
appraised": its other leaves are scored on the self-assessment as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from cchc_index.entries import Batch
from cchc_index.errors import Problem
from cchc_index.methodology.model import Methodology
from cchc_index.rules.apply import APPLIED, DRAFT_COLUMN, rule_points
from cchc_index.scoring import appraised_units

if TYPE_CHECKING:
    from cchc_index.pipeline import RunResult

SOURCE_DRAFT = "draft_rule"


def propose_appraisal(batch: Batch, methodology: Methodology) -> Batch:
    """A new batch whose empty appraisals of rule-scored leaves hold the rule's points.

    Only entries with no appraisal (rounds 1 and 2) and no given points are filled, and
    only where the figure fits the rule; ``draft_appraisal`` is True on those rows.
    """
    entries = batch.entries.reset_index(drop=True)
    entries[DRAFT_COLUMN] = False
    frame = rule_points(entries, methodology, batch.units)
    if not frame.empty:
        take = frame.index[frame["status"].eq(APPLIED) & frame["appraisal"].isna()]
        entries.loc[take, "appraisal_1"] = frame.loc[take, "rule_points"].astype("float64")
        entries.loc[take, DRAFT_COLUMN] = True
    return Batch(batch.units, entries, list(batch.problems), list(batch.files))


def score_with_draft(batch: Batch, methodology: Methodology,
                     group_by: str | None = None) -> RunResult:
    """Score ``batch`` with the rules' draft appraisal, marked as proposed everywhere."""
    from cchc_index.pipeline import RunResult, score_batch

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
