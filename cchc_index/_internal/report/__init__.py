"""Results for the official report: the tables behind it and the workbook writers.

>>> from cchc_index import load_methodology, run
>>> from cchc_index._internal.report import annex_order, class_counts, write_workbook
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> class_counts(result.results, result.methodology)  # doctest: +SKIP
>>> write_workbook(result, "ket_qua.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The names, imported on first use (PEP 562): a run that writes no workbook never loads
# openpyxl's writer (about 0.13 s) through this package's tables.
_LAZY = {
    "UI_REPORT": ("cchc_index._internal.messages.report", "REPORT"),
    "annex_frame": ("cchc_index._internal.report.display", "annex_frame"),
    "styled": ("cchc_index._internal.report.display", "styled"),
    **{name: ("cchc_index._internal.report.tables", name) for name in (
        "annex_groups", "annex_order", "change_table", "class_counts", "detail_table",
        "field_shares", "index_statistics", "profile_table", "profiles", "ranked_apart",
        "self_vs_appraised")},
    "annex_title": ("cchc_index._internal.report.text", "annex_title"),
    "report_text": ("cchc_index._internal.report.text", "report_text"),
    "build_workbook": ("cchc_index._internal.report.workbook", "build_workbook"),
    "write_workbook": ("cchc_index._internal.report.workbook", "write_workbook"),
}

if TYPE_CHECKING:
    from cchc_index._internal.messages.report import REPORT as UI_REPORT
    from cchc_index._internal.report.display import annex_frame, styled
    from cchc_index._internal.report.tables import (
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
    from cchc_index._internal.report.text import annex_title, report_text
    from cchc_index._internal.report.workbook import build_workbook, write_workbook


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'cchc_index._internal.report' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
