"""Moved to :mod:`cchc_index._internal.methodology.rule_model` (the rules are part of the
methodology's data); these names stay importable here for scripts that use this path
(benchmarks/make_forms.py)."""

from cchc_index._internal.methodology.rule_model import (
    Deadline,
    Deduction,
    PassFail,
    Proportional,
    Rule,
    RuleKind,
    Thresholds,
)

__all__ = ["Deadline", "Deduction", "PassFail", "Proportional", "Rule", "RuleKind",
           "Thresholds"]
