"""Analyses beyond the ranked table (issue 7): year over year across mergers, robustness of
ranks and classes, where the points were lost, a factual summary and a Word draft.

Each analysis is a function of a :class:`~cchc_index.pipeline.RunResult` returning a
DataFrame or text, usable one by one in a notebook; :func:`analyse` runs them all, as
``python -m cchc_index score … --previous … --robustness N --summary --docx …`` does.
"""

from cchc_index.analysis.crosswalk import crosswalk_frame, read_crosswalk, weighted_previous
from cchc_index.analysis.docx_report import annex_frame, build_document, write_docx
from cchc_index.analysis.lost_points import (
    appraisal_disagreement,
    lost_across_units,
    lost_by_unit,
    lost_points,
    missing_evidence,
    overclaim_by_unit,
    self_vs_appraisal,
)
from cchc_index.analysis.previous import PreviousResults, read_previous
from cchc_index.analysis.robustness import robustness
from cchc_index.analysis.run import Analyses, analyse, with_analyses
from cchc_index.analysis.summary import field_shares, summary_text
from cchc_index.analysis.yoy import compare_fields, compare_years, methodology_change

__all__ = [
    "Analyses",
    "PreviousResults",
    "analyse",
    "annex_frame",
    "appraisal_disagreement",
    "build_document",
    "compare_fields",
    "compare_years",
    "crosswalk_frame",
    "field_shares",
    "lost_across_units",
    "lost_by_unit",
    "lost_points",
    "methodology_change",
    "missing_evidence",
    "overclaim_by_unit",
    "read_crosswalk",
    "read_previous",
    "robustness",
    "self_vs_appraisal",
    "summary_text",
    "weighted_previous",
    "with_analyses",
    "write_docx",
]
