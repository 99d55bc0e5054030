"""A first draft of the appraisal: the rule's points where the council has not scored yet.

:func:`propose_appraisal` fills ``appraisal_1`` of a *copy* of the entries with the
rule's points wherever a rule-scored leaf has a usable figure and no appraisal at all,
and marks those rows in ``draft_appraisal``. :func:`cchc_index._internal.council.score_with_draft`
scores that copy with the ordinary engine and marks the draft (the node's ``source`` is
:data:`SOURCE_DRAFT`) in every output.
"""

from __future__ import annotations

from cchc_index._internal.entries import Batch
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.rules.apply import APPLIED, DRAFT_COLUMN, rule_points

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
