"""The sheets after the annex: "Chi tiết" (every scored criterion of every unit), "Hồ sơ đơn
vị" (one block per unit: its fields beside the group's mean and leader), "Kiểm tra" (the
validation report) and "Thông tin" (methodology, input files with SHA-256, version, date).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index._internal.files import atomic_write, mark_as_output
from cchc_index._internal.messages import number_text
from cchc_index._internal.methodology.model import RoundingMode
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.report import tables
from cchc_index._internal.report.annex import rounded
from cchc_index._internal.report.text import report_text
from cchc_index._internal.report.xlsx import (
    BODY,
    BOLD,
    CENTER,
    FLOW,
    HEADING,
    INTEGER,
    LEFT,
    NOTE,
    TITLE,
    header_row,
    merge,
    number_format,
    print_setup,
    put,
    text_width,
    widths,
    wrapped_lines,
)
from cchc_index._version import __version__

PAGE_ROWS = 70  # rows a printed page of profiles holds, conservatively


def write_detail(sheet: Worksheet, result: RunResult, lang: str = "vi") -> None:
    """One row per scored criterion per unit: maximum, what was entered, official and lost
    points, where the official value came from (file, sheet, cell)."""
    detail = tables.detail_table(result)
    methodology = result.methodology
    optional = [c for c in ("appraisal_2", "given_points")
                if not detail.empty and detail[c].notna().any()]
    keys = ["self_points", "appraisal_1", *optional]
    labels = {"self_points": "self", "appraisal_1": "appraisal_1", "appraisal_2": "appraisal_2",
              "given_points": "given"}
    headers = ["no", "unit", "code", "criterion", "max", *[labels[k] for k in keys],
               "official", "lost", "source", "file", "sheet", "cell"]
    merge(sheet, 1, 1, report_text("detail_title", lang), to_col=len(headers), font=TITLE,
          border=False)
    header_row(sheet, 3, [report_text(h, lang) for h in headers])
    # Points as entered and as counted, unrounded: 0,6875 stays 0,6875 (shown with up to
    # four decimals) so the sheet can be checked against the forms to the last digit.
    shown = max(methodology.rounding.decimals, 1)
    fmt = "0." + "0" * shown + "#" * max(0, 4 - shown)
    kinds = tables.source_kind(detail, methodology) if not detail.empty else pd.Series()
    for offset, row in enumerate(detail.itertuples()):
        r = 4 + offset
        values = [offset + 1, row.unit, row.code, row.criterion, row.max_points,
                  *[getattr(row, k) for k in keys],
                  _exact(row.official), _exact(row.lost),
                  report_text(kinds.iloc[offset], lang), Path(str(row.file)).name, row.sheet,
                  row.cell]
        for col, value in enumerate(values, start=1):
            numeric = 5 <= col <= 7 + len(keys)
            put(sheet, r, col, value, fmt=fmt if numeric else INTEGER if col == 1 else None,
                align=CENTER if col in (1, 3, len(values)) else None)
    last = 3 + len(detail)
    sheet.auto_filter.ref = f"A3:{sheet.cell(3, len(headers)).column_letter}{max(last, 4)}"
    sheet.freeze_panes = "C4"
    print_setup(sheet, (3, 3))
    sizes = {1: 7, 2: text_width(detail.get("unit", []), 16, 32), 3: 8,
             4: text_width(detail.get("criterion", []), 24, 60)}
    sizes.update({c: 11 for c in range(5, 8 + len(keys))})
    start = 8 + len(keys)
    sizes.update({start: 26, start + 1: 28, start + 2: 14, start + 3: 8})
    widths(sheet, sizes)
    sheet.row_dimensions[3].height = 32


def _exact(value: float) -> float | None:
    """The value without float noise (0.19999999999999996 is 0.2), otherwise unrounded."""
    return None if value is None or pd.isna(value) else round(float(value), 9) + 0.0


def write_profiles(sheet: Worksheet, result: RunResult, lang: str = "vi") -> None:
    """A block per unit: its fields' points and share of the maximum, beside the mean of
    its ranking group and the group's leader; the whole index on the last line."""
    methodology = result.methodology
    rounding = methodology.rounding
    decimals = rounding.decimals
    fmt = number_format(decimals)
    profiles = tables.profiles(result)
    ordered = tables.annex_order(result.results)
    scope = tables.scope(ordered)
    apart = tables.ranked_apart(result.results)
    means = ordered.groupby(scope.to_numpy())["index_display"].mean().to_dict()
    firsts = ordered.assign(_s=scope.to_numpy()).drop_duplicates("_s")
    leaders = dict(zip(firsts["_s"], zip(firsts["unit"], firsts["index_display"],
                                         strict=True), strict=True))
    headers = ["field_name", "field_title", "points", "max", "share_of_max", "group_mean", "gap",
               "best_unit"]
    last_col = len(headers)
    merge(sheet, 1, 1, report_text("profiles_title", lang), to_col=last_col, font=TITLE,
          border=False)
    row, page_start = 3, 3
    columns = ["code", "name", "points", "max_points", "share_pct", "group_mean_pct",
               "gap_pct", "best_pct"]
    by_unit: dict[str, list[tuple]] = {}
    for values in profiles[["unit_id", *columns]].itertuples(index=False):
        by_unit.setdefault(values[0], []).append(values[1:])
    for number, (unit, group) in enumerate(zip(ordered.itertuples(), scope, strict=True),
                                           start=1):
        fields = by_unit[unit.unit_id]
        block = len(fields) + 5 + bool(unit.emulation)
        if row - page_start + block > PAGE_ROWS and row > page_start:
            sheet.row_breaks.append(Break(id=row - 1))
            page_start = row
        leader, leader_index = leaders[group]
        head = report_text("profile_head", lang, no=number, unit=unit.unit,
                           index=number_text(unit.index_display, decimals, lang),
                           rank=_int_text(unit.rank), size=_int_text(unit.group_size),
                           klass=unit.classification or "—")
        # Lines over the block are not merged (thousands of merges are slow to write and
        # to open); their text runs on over the empty cells to the right.
        put(sheet, row, 1, head, font=BOLD, align=FLOW, border=False)
        context = (report_text("profile_group", lang, group=group, best=leader) if apart
                   else report_text("profile_best", lang, best=leader))
        put(sheet, row + 1, 1, context, font=NOTE, align=FLOW, border=False)
        row += 2
        if unit.emulation:
            put(sheet, row, 1, report_text("emulation", lang, text=unit.emulation), font=NOTE,
                align=FLOW, border=False)
            row += 1
        header_row(sheet, row, [report_text(h, lang) for h in headers])
        sheet.row_dimensions[row].height = 30
        row += 1
        for code, name, points, maximum, share, mean, gap, best in fields:
            values = [code, name, rounded(points, rounding), maximum if maximum > 0 else None,
                      rounded(share, rounding), rounded(mean, rounding), rounded(gap, rounding),
                      rounded(best, rounding)]
            for col, value in enumerate(values, start=1):
                put(sheet, row, col, value, fmt=fmt if col > 2 else None,
                    align=CENTER if col == 1 else None)
            row += 1
        mean = means.get(group)
        totals = [None, report_text("whole_index", lang), rounded(unit.points, rounding),
                  unit.max_points, unit.index_display, rounded(mean, rounding),
                  rounded(unit.index_display - mean, rounding), leader_index]
        for col, value in enumerate(totals, start=1):
            put(sheet, row, col, value, fmt=fmt if col > 2 else None, font=BOLD)
        row += 2
    widths(sheet, {1: 9, 2: text_width(methodology.fields["name"], 30, 55),
                   **{c: 11 for c in range(3, last_col + 1)}})
    print_setup(sheet, landscape=False)


def _int_text(value: object) -> str:
    return "—" if value is None or pd.isna(value) else str(int(value))


def write_checks(sheet: Worksheet, result: RunResult, lang: str = "vi") -> None:
    """The validation report: every problem with its file, sheet, cell, unit, criterion."""
    report = result.report(lang)
    keys = ["severity", "code", "file", "sheet", "cell", "unit", "criterion", "found",
            "expected", "message"]
    merge(sheet, 1, 1, report_text("checks_title", lang), to_col=len(keys), font=TITLE,
          border=False)
    errors = int((report["severity"] == "error").sum())
    summary = (f"{errors} {report_text('error', lang).lower()}, "
               f"{len(report) - errors} {report_text('warning', lang).lower()}")
    merge(sheet, 2, 1, summary if len(report) else report_text("no_problems", lang),
          to_col=len(keys), font=NOTE, align=LEFT, border=False)
    header_row(sheet, 4, [report_text(k, lang) for k in keys])
    sizes = dict(enumerate(CHECK_WIDTHS, start=1))
    for r, values in enumerate(report[keys].itertuples(index=False), start=5):
        lines = 1
        for col, value in enumerate(values, start=1):
            if col == 1:
                value = report_text(value, lang)
            strong = col == 1 and values[0] == "error"
            put(sheet, r, col, value, font=BOLD if strong else BODY)
            lines = max(lines, wrapped_lines(value, sizes[col]))
        if lines > 1:  # wrapped text: the row as tall as it needs (Excel does not measure)
            sheet.row_dimensions[r].height = 15 * lines + 2
    if len(report):
        sheet.auto_filter.ref = f"A4:J{4 + len(report)}"
    sheet.freeze_panes = "A5"
    print_setup(sheet, (4, 4))
    widths(sheet, sizes)


# Severity, code, file, sheet, cell, unit, criterion, found, expected, message: landscape A4.
CHECK_WIDTHS = (10, 7, 22, 13, 7, 18, 9, 12, 12, 60)


def write_check_report(result: RunResult, path: str | Path, lang: str = "vi") -> Path:
    """``validate -o``: the validation report as a workbook of its own, to work from (title,
    counts, problems by file, sheet and cell, landscape A4 with the headings repeated)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report_text("sheet_check_report", lang)
    write_checks(sheet, result, lang)
    workbook.properties.title = report_text("checks_title", lang)
    mark_as_output(workbook)
    return atomic_write(Path(path), workbook.save)


def write_info(sheet: Worksheet, result: RunResult, lang: str = "vi",
               created: datetime | None = None) -> None:
    """Methodology, rounding and ranking rules, bands, input files with SHA-256, version and
    the time of the run: what an auditor needs to reproduce the results."""
    methodology = result.methodology
    rounding = methodology.rounding
    how = "rounding_half_up" if rounding.mode is RoundingMode.HALF_UP else "rounding_truncate"
    ranking = "ranking_groups" if tables.ranked_apart(result.results) else "ranking_all"
    created = created or datetime.now()
    merge(sheet, 1, 1, report_text("info_title", lang), to_col=4, font=TITLE, border=False)
    rows = [("methodology", methodology.name), ("decision", methodology.decision),
            ("years", int(methodology.years) if str(methodology.years).isdigit()
             else methodology.years), ("level", methodology.level),
            ("methodology_source", methodology.source),
            ("rounding", report_text(how, lang, decimals=rounding.decimals)),
            ("ranking", report_text(ranking, lang)),
            ("version", __version__), ("run_at", created.strftime("%d/%m/%Y %H:%M"))]
    row = 3
    for key, value in rows:
        put(sheet, row, 1, report_text(key, lang), font=BOLD)
        merge(sheet, row, 2, value or "", to_col=4, align=LEFT, fmt=INTEGER)
        row += 1
    row += 1
    merge(sheet, row, 1, report_text("bands_title", lang), to_col=4, font=HEADING, align=LEFT,
          border=False)
    header_row(sheet, row + 1, [report_text(k, lang) for k in ("class", "from_pct")])
    merge(sheet, row + 1, 3, report_text("emulation_head", lang), to_col=4, font=HEADING)
    row += 2
    for band in tables.bands_high_to_low(methodology):
        put(sheet, row, 1, band.label)
        put(sheet, row, 2, band.lower_bound, fmt=number_format(rounding.decimals), align=CENTER)
        merge(sheet, row, 3, band.emulation, to_col=4, align=LEFT)
        row += 1
    row += 1
    merge(sheet, row, 1, report_text("files_title", lang), to_col=4, font=HEADING, align=LEFT,
          border=False)
    header_row(sheet, row + 1, [report_text(k, lang) for k in ("file", "status", "units",
                                                               "sha256")])
    row += 2
    for file in result.files:
        put(sheet, row, 1, Path(file.path).name)
        put(sheet, row, 2, report_text(f"status_{file.status}", lang)
            if f"status_{file.status}" in _STATUS else file.status, align=CENTER)
        put(sheet, row, 3, file.units, fmt=INTEGER, align=CENTER)
        put(sheet, row, 4, file.sha256)
        row += 1
    widths(sheet, {1: 34, 2: 28, 3: 10, 4: 70})
    print_setup(sheet)


_STATUS = {"status_read", "status_rejected"}
