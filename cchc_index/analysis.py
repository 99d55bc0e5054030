"""The analyses beyond the ranked table: year over year across mergers, robustness of ranks
and classes, where the points were lost, a factual summary, a Word draft, and their charts.

Each analysis is a function of a :class:`~cchc_index.RunResult` returning a DataFrame or
text, usable one by one in a notebook; :func:`analyse` runs them all, as
``python -m cchc_index score … --previous … --robustness N --summary --docx …`` does. The
charts (:func:`index_change`, :func:`rank_intervals`) return their Axes, or draw on yours
with ``ax=``. The names are imported on first use: importing this module loads none of them.

>>> from cchc_index import load_methodology, run
>>> from cchc_index.analysis import compare_years, index_change, read_previous
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> previous = read_previous("data/sample_previous/ket_qua_2023.csv")  # doctest: +SKIP
>>> ax = index_change(compare_years(result, previous))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_index._lazy import attach

_LAZY = {
    "index_change": "cchc_index._internal.analysis.charts",
    "rank_intervals": "cchc_index._internal.analysis.charts",
    "crosswalk_frame": "cchc_index._internal.analysis.crosswalk",
    "read_crosswalk": "cchc_index._internal.analysis.crosswalk",
    "weighted_previous": "cchc_index._internal.analysis.crosswalk",
    "annex_text_table": "cchc_index._internal.analysis.docx_report",
    "build_document": "cchc_index._internal.analysis.docx_report",
    "write_docx": "cchc_index._internal.analysis.docx_report",
    "appraisal_disagreement": "cchc_index._internal.analysis.lost_points",
    "lost_across_units": "cchc_index._internal.analysis.lost_points",
    "lost_by_unit": "cchc_index._internal.analysis.lost_points",
    "lost_points": "cchc_index._internal.analysis.lost_points",
    "missing_evidence": "cchc_index._internal.analysis.lost_points",
    "overclaim_by_unit": "cchc_index._internal.analysis.lost_points",
    "self_vs_appraisal": "cchc_index._internal.analysis.lost_points",
    "PreviousResults": "cchc_index._internal.analysis.previous",
    "read_previous": "cchc_index._internal.analysis.previous",
    "readable": "cchc_index._internal.analysis.readable",
    "robustness": "cchc_index._internal.analysis.robustness",
    "Analyses": "cchc_index._internal.analysis.run",
    "analyse": "cchc_index._internal.analysis.run",
    "with_analyses": "cchc_index._internal.analysis.run",
    "mean_field_shares": "cchc_index._internal.analysis.summary",
    "summary_text": "cchc_index._internal.analysis.summary",
    "settings_text": "cchc_index._internal.analysis.workbook",
    "write_analysed_workbook": "cchc_index._internal.analysis.workbook",
    "compare_fields": "cchc_index._internal.analysis.yoy",
    "compare_years": "cchc_index._internal.analysis.yoy",
    "methodology_change": "cchc_index._internal.analysis.yoy",
}

if TYPE_CHECKING:
    from cchc_index._internal.analysis.charts import index_change, rank_intervals
    from cchc_index._internal.analysis.crosswalk import (
        crosswalk_frame,
        read_crosswalk,
        weighted_previous,
    )
    from cchc_index._internal.analysis.docx_report import (
        annex_text_table,
        build_document,
        write_docx,
    )
    from cchc_index._internal.analysis.lost_points import (
        appraisal_disagreement,
        lost_across_units,
        lost_by_unit,
        lost_points,
        missing_evidence,
        overclaim_by_unit,
        self_vs_appraisal,
    )
    from cchc_index._internal.analysis.previous import PreviousResults, read_previous
    from cchc_index._internal.analysis.readable import readable
    from cchc_index._internal.analysis.robustness import robustness
    from cchc_index._internal.analysis.run import Analyses, analyse, with_analyses
    from cchc_index._internal.analysis.summary import mean_field_shares, summary_text
    from cchc_index._internal.analysis.workbook import settings_text, write_analysed_workbook
    from cchc_index._internal.analysis.yoy import compare_fields, compare_years, methodology_change

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
    "index_change",
    "lost_across_units",
    "lost_by_unit",
    "lost_points",
    "mean_field_shares",
    "methodology_change",
    "missing_evidence",
    "overclaim_by_unit",
    "rank_intervals",
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

__getattr__, __dir__ = attach(__name__, _LAZY, __all__)
