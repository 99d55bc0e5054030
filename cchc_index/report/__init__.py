"""Results for the official report: the tables behind it and the workbook writers.

>>> from cchc_index import load_methodology, run
>>> from cchc_index.report import annex_order, class_counts, write_workbook
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> class_counts(result.results, result.methodology)  # doctest: +SKIP
>>> write_workbook(result, "ket_qua.xlsx")  # doctest: +SKIP
"""

from cchc_index.messages.report import REPORT as UI_REPORT
from cchc_index.report.display import annex_frame, styled
from cchc_index.report.tables import (
    annex_groups,
    annex_order,
    change_table,
    class_counts,
    detail_table,
    field_shares,
    index_statistics,
    profile_table,
    profiles,
    ranked_apart,
    self_vs_appraised,
)
from cchc_index.report.text import annex_title, report_text
from cchc_index.report.workbook import build_workbook, write_workbook

__all__ = [
    "UI_REPORT",
    "annex_frame",
    "annex_groups",
    "annex_order",
    "annex_title",
    "build_workbook",
    "change_table",
    "class_counts",
    "detail_table",
    "field_shares",
    "index_statistics",
    "profile_table",
    "profiles",
    "ranked_apart",
    "report_text",
    "self_vs_appraised",
    "styled",
    "write_workbook",
]
