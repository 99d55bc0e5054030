"""The results workbook an analyst pastes into the official report.

Sheets, in order: ``Tổng hợp`` (the annex table as a province publishes it, then units per
class with the mean, highest and lowest index), ``Chi tiết`` (every scored criterion of
every unit with its source cell), ``Hồ sơ đơn vị`` (each unit's fields beside its group's
mean and leader), ``Kiểm tra`` (the validation report) and ``Thông tin`` (methodology,
input files with SHA-256, version, date). With ``lang="en"`` the headings and sheet names
are in English.

The analyses (year over year, robustness, points lost, claims against appraisal, summary)
add their sheets after these: :func:`cchc_index._internal.analysis.workbook.write_analysed_workbook`
builds this workbook and appends them, as ``score --previous … -o`` writes it.

Numbers are stored as numbers, rounded as the methodology shows them, with number formats
(a Vietnamese Excel shows 91,58); every sheet is set up to print on A4 with its header
rows repeated. The sheet writers live in :mod:`cchc_index._internal.report`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from cchc_index._internal.files import atomic_write, mark_as_output
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.report.annex import write_annex
from cchc_index._internal.report.sheets import (
    write_checks,
    write_detail,
    write_info,
    write_profiles,
)
from cchc_index._internal.report.text import report_text


def build_workbook(result: RunResult, lang: str = "vi", title: str | None = None,
                   created: datetime | None = None) -> Workbook:
    """The results workbook in memory (see the module docstring for its sheets).

    ``title`` replaces the annex title built from the methodology's level and the year;
    ``created`` fixes the time written on "Thông tin" (default: now).
    """
    workbook = Workbook()
    annex = workbook.active
    annex.title = report_text("sheet_annex", lang)
    title = write_annex(annex, result, lang, title)
    write_detail(workbook.create_sheet(report_text("sheet_detail", lang)), result, lang)
    write_profiles(workbook.create_sheet(report_text("sheet_profiles", lang)), result, lang)
    write_checks(workbook.create_sheet(report_text("sheet_checks", lang)), result, lang)
    write_info(workbook.create_sheet(report_text("sheet_info", lang)), result, lang, created)
    workbook.properties.title = title
    mark_as_output(workbook)
    return workbook


def write_workbook(result: RunResult, path: str | Path, lang: str = "vi",
                   title: str | None = None, created: datetime | None = None) -> Path:
    """Write the results workbook atomically (a killed run leaves the old file); returns
    its path."""
    workbook = build_workbook(result, lang, title, created)
    return atomic_write(Path(path), workbook.save)
