"""Scoring rules from raw figures, and the appraisal council's draft.

A methodology's leaf may carry a rule (columns ``Quy tắc chấm`` and ``Tham số`` of the
``Tiêu chí`` sheet) and a unit's form the raw figure it scores. :func:`parse_rule` and
:func:`parse_figure` read them; :func:`rules_of` lists a methodology's rules;
:func:`rule_points` sets each rule's points beside the self-score and the appraisal and
:func:`rule_problems` warns where they disagree; :func:`propose_appraisal` fills an empty
appraisal with the rule's points, marked as a draft, and :func:`score_with_draft` (or
:func:`run_with_draft`, from files) scores a run with it; :func:`council_table` is the
council's worklist. The names are imported on first use.

>>> from cchc_index.rules import parse_rule
>>> rule, problems = parse_rule("Bậc thang", "≥100%: 1; còn lại: 0", 1.0, "appraisal", {})
>>> problems
[]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_index._lazy import attach

_LAZY = {
    "add_council_sheet": "cchc_index._internal.council",
    "council_lines": "cchc_index._internal.council",
    "run_with_draft": "cchc_index._internal.council",
    "score_with_draft": "cchc_index._internal.council",
    "Figure": "cchc_index._internal.methodology.rule_figures",
    "Status": "cchc_index._internal.methodology.rule_figures",
    "parse_figure": "cchc_index._internal.methodology.rule_figures",
    "Deadline": "cchc_index._internal.methodology.rule_model",
    "Deduction": "cchc_index._internal.methodology.rule_model",
    "Measure": "cchc_index._internal.methodology.rule_model",
    "PassFail": "cchc_index._internal.methodology.rule_model",
    "Proportional": "cchc_index._internal.methodology.rule_model",
    "Rule": "cchc_index._internal.methodology.rule_model",
    "RuleKind": "cchc_index._internal.methodology.rule_model",
    "Step": "cchc_index._internal.methodology.rule_model",
    "Thresholds": "cchc_index._internal.methodology.rule_model",
    "parse_rule": "cchc_index._internal.methodology.rule_parse",
    "DRAFT_COLUMN": "cchc_index._internal.rules.apply",
    "council_table": "cchc_index._internal.rules.apply",
    "disagreements": "cchc_index._internal.rules.apply",
    "rule_points": "cchc_index._internal.rules.apply",
    "rule_problems": "cchc_index._internal.rules.apply",
    "rules_of": "cchc_index._internal.rules.apply",
    "SOURCE_DRAFT": "cchc_index._internal.rules.draft",
    "propose_appraisal": "cchc_index._internal.rules.draft",
}

if TYPE_CHECKING:
    from cchc_index._internal.council import (
        add_council_sheet,
        council_lines,
        run_with_draft,
        score_with_draft,
    )
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
    "add_council_sheet",
    "council_lines",
    "council_table",
    "disagreements",
    "parse_figure",
    "parse_rule",
    "propose_appraisal",
    "rule_points",
    "rule_problems",
    "rules_of",
    "run_with_draft",
    "score_with_draft",
]

__getattr__, __dir__ = attach(__name__, _LAZY, __all__)
