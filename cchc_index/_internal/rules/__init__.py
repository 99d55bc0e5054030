"""Scoring rules from raw figures, applied to a batch beside the self-score and the
appraisal.

A methodology's leaf may carry a rule (columns ``Quy tắc chấm`` and ``Tham số`` of the
``Tiêu chí`` sheet): the rule kinds, their parsing and checking are part of the methodology
(:mod:`~..methodology.rule_model`, :mod:`~..methodology.rule_parse`,
:mod:`~..methodology.rule_figures`) and are re-exported here. A unit's form gives
the raw figure (``raw_figure``); :func:`rule_points` sets the rule's points beside the scores,
:func:`rule_problems` warns where they disagree, and :func:`propose_appraisal` fills an
empty appraisal with the rule's points, marked as a draft. Scoring a run with that draft
and the council's worklist run the pipeline, so they live above it, in
:mod:`cchc_index._internal.council`.
"""

from cchc_index._internal.methodology.rule_figures import Figure, Status, parse_figure
from cchc_index._internal.methodology.rule_model import (
    Deadline,
    Deduction,
    Measure,
    PassFail,
    Proportional,
    Rule,
    RuleKind,
    Step,
    Thresholds,
)
from cchc_index._internal.methodology.rule_parse import parse_rule
from cchc_index._internal.rules.apply import (
    DRAFT_COLUMN,
    council_table,
    disagreements,
    rule_points,
    rule_problems,
    rules_of,
)
from cchc_index._internal.rules.draft import SOURCE_DRAFT, propose_appraisal

__all__ = [
    "DRAFT_COLUMN",
    "SOURCE_DRAFT",
    "Deadline",
    "Deduction",
    "Figure",
    "Measure",
    "PassFail",
    "Proportional",
    "Rule",
    "RuleKind",
    "Status",
    "Step",
    "Thresholds",
    "council_table",
    "disagreements",
    "parse_figure",
    "parse_rule",
    "propose_appraisal",
    "rule_points",
    "rule_problems",
    "rules_of",
]
