"""Analyses beyond the ranked table (issue 7): year over year across mergers, robustness of
ranks and classes, where the points were lost, a factual summary and a Word draft.

Each analysis is a function of a :class:`~cchc_index.pipeline.RunResult` returning a
DataFrame or text, usable one by one in a notebook; :func:`analyse` runs them all, as
``python -m cchc_index score … --previous … --robustness N --summary --docx …`` does.

The names below are imported on first use (PEP 562), as the package's own are: importing
the package loads none of the analyses.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

_LAZY = {
    "crosswalk_frame": "cchc_index.analysis.crosswalk",
    "read_crosswalk": "cchc_index.analysis.crosswalk",
    "weighted_previous": "cchc_index.analysis.crosswalk",
    "annex_text_table": "cchc_index.analysis.docx_report",
    "build_document": "cchc_index.analysis.docx_report",
    "write_docx": "cchc_index.analysis.docx_report",
    "appraisal_disagreement": "cchc_index.analysis.lost_points",
    "lost_across_units": "cchc_index.analysis.lost_points",
    "lost_by_unit": "cchc_index.analysis.lost_points",
    "lost_points": "cchc_index.analysis.lost_points",
    "missing_evidence": "cchc_index.analysis.lost_points",
    "overclaim_by_unit": "cchc_index.analysis.lost_points",
    "self_vs_appraisal": "cchc_index.analysis.lost_points",
    "PreviousResults": "cchc_index.analysis.previous",
    "readable": "cchc_index.analysis.readable",
    "settings_text": "cchc_index.analysis.workbook",
    "read_previous": "cchc_index.analysis.previous",
    "robustness": "cchc_index.analysis.robustness",
    "Analyses": "cchc_index.analysis.run",
    "analyse": "cchc_index.analysis.run",
    "with_analyses": "cchc_index.analysis.run",
    "mean_field_shares": "cchc_index.analysis.summary",
    "summary_text": "cchc_index.analysis.summary",
    "compare_fields": "cchc_index.analysis.yoy",
    "compare_years": "cchc_index.analysis.yoy",
    "methodology_change": "cchc_index.analysis.yoy",
    "write_analysed_workbook": "cchc_index.analysis.workbook",
}

if TYPE_CHECKING:
    from cchc_index.analysis.crosswalk import crosswalk_frame, read_crosswalk, weighted_previous
    from cchc_index.analysis.docx_report import annex_text_table, build_document, write_docx
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
    from cchc_index.analysis.readable import readable
    from cchc_index.analysis.robustness import robustness
    from cchc_index.analysis.run import Analyses, analyse, with_analyses
    from cchc_index.analysis.summary import mean_field_shares, summary_text
    from cchc_index.analysis.workbook import settings_text, write_analysed_workbook
    from cchc_index.analysis.yoy import compare_fields, compare_years, methodology_change


class _Package(types.ModuleType):
    """This package, whose submodules ``lost_points`` and ``robustness`` share their name
    with a function they export: the name stays the function's (as an eager import made
    it), whatever imports the submodule first."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return  # the import system naming a submodule: the function keeps the name
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        return _submodule(name)
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def _submodule(name: str) -> types.ModuleType:
    """``cchc_index.analysis.yoy`` and the other submodules, as an eager import gave them."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Analyses",
    "PreviousResults",
    "analyse",
    "annex_text_table",
    "appraisal_disagreement",
    "build_document",
    "compare_fields",
    "compare_years",
    "crosswalk_frame",
    "lost_across_units",
    "lost_by_unit",
    "lost_points",
    "mean_field_shares",
    "methodology_change",
    "missing_evidence",
    "overclaim_by_unit",
    "read_crosswalk",
    "read_previous",
    "readable",
    "robustness",
    "self_vs_appraisal",
    "settings_text",
    "summary_text",
    "weighted_previous",
    "with_analyses",
    "write_analysed_workbook",
    "write_docx",
]
