"""Scoring rules from raw figures, applied to a batch beside the self-score and the
appraisal: :mod:`~.apply` (the rule's points, its warnings, the council's table) and
:mod:`~.draft` (an empty appraisal filled with the rule's points, marked as a draft).

The rule kinds, their parsing and checking are part of the methodology
(:mod:`~..methodology.rule_model`, :mod:`~..methodology.rule_parse`,
:mod:`~..methodology.rule_figures`); scoring a run with the draft and the council's worklist
run the pipeline, so they live above it, in :mod:`~..council`. A notebook imports all of it
from :mod:`cchc_index.rules`.
"""
