"""Moved to :mod:`cchc_index._internal.methodology.rule_figures` (a rule's figures are part of the
methodology's language); these names stay importable here for scripts that use this path
(benchmarks/make_forms.py)."""

from cchc_index._internal.methodology.rule_figures import Figure, Status, find_status, parse_figure

__all__ = ["Figure", "Status", "find_status", "parse_figure"]
