"""Sheet "Tổng hợp": the annex table as a province publishes it, then the summary by class.

Layout: the official header when the methodology's ``Thông tin`` gives it (the issuing
agency beside the Quốc hiệu, "Phụ lục" and "Kèm theo Quyết định số … ngày …"); title and
subtitle; a two-row header (the fields under one merged heading) and a
row of column numbers "(1) (2) …"; one row per unit in annex order, under a section row per
group when groups are ranked apart; the names of the fields; then units per class
(Xếp loại | Số lượng | Tỷ lệ %) for each group and overall, with the mean, highest and
lowest index and the units that hold them; the signer (``Người ký``) under it when given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index._internal.messages import number_text
from cchc_index._internal.methodology.model import Rounding
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.report import tables
from cchc_index._internal.report.tables import results_year
from cchc_index._internal.report.text import annex_title, methodology_cited, report_text
from cchc_index._internal.report.xlsx import (
    BOLD,
    CENTER,
    HEADER_FILL,
    HEADING,
    INTEGER,
    LEFT,
    MOTTO,
    NOTE,
    SECTION_FILL,
    SUBTITLE,
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

HEADER_TOP = 4  # first header row without the official header; title and subtitle above it
SHARE_DECIMALS = 2
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def points_text(value: float, lang: str = "vi") -> str:
    """``12.0`` as "12", ``0.5`` as "0,5" (Vietnamese) or "0.5"."""
    return number_text(float(value), None, lang, grouped=False)




def write_annex(sheet: Worksheet, result: RunResult, lang: str = "vi",
                title: str | None = None) -> str:
    """Fill ``sheet`` with the annex table and its summary; returns the title."""
    methodology = result.methodology
    results = result.results
    fields = methodology.fields
    apart = tables.ranked_apart(results)
    show_group = not apart and results["group"].fillna("").astype(str).str.len().gt(0).any()
    columns = _columns(fields, show_group, lang)
    last_col = len(columns)
    title = title or annex_title(methodology.level, results_year(result), lang)
    top = official_header(sheet, methodology, last_col, lang)
    merge(sheet, top, 1, title, to_col=last_col, font=TITLE, border=False)
    cited = methodology_cited(methodology, lang, years=True)
    merge(sheet, top + 1, 1, report_text("subtitle", lang, methodology=cited),
          to_col=last_col, font=SUBTITLE, border=False)
    header_top = top + HEADER_TOP - 1
    first_field = 4 if show_group else 3
    _header(sheet, columns, first_field, fields, lang, header_top)
    row = header_top + 3
    first_data = row
    decimals = methodology.rounding.decimals
    for number, (group, units) in enumerate(tables.annex_groups(results)):
        if apart:
            name = group or report_text("no_group", lang)
            put(sheet, row, 1, ROMAN[number] if number < len(ROMAN) else str(number + 1),
                font=BOLD, align=CENTER, fill=SECTION_FILL)
            merge(sheet, row, 2, f"{name} ({report_text('n_units', lang, n=len(units))})",
                  to_col=last_col, font=BOLD, align=LEFT, fill=SECTION_FILL)
            row += 1
        for position, unit in enumerate(units.itertuples(), start=1):
            _unit_row(sheet, row, position, unit, fields, show_group, result, lang)
            row += 1
    sheet.freeze_panes = f"C{first_data}"
    print_setup(sheet, (header_top, header_top + 2))
    row = _legend(sheet, row + 1, fields, last_col, lang)
    row = _summary(sheet, row + 1, result, lang, decimals)
    _signer(sheet, row + 1, methodology.signer, last_col)
    name_width = text_width(results["unit"], *NAME_WIDTH)
    sizes = {1: 6, 2: name_width}
    if show_group:
        sizes[3] = 10
    sizes.update({c: 11 for c in range(first_field, first_field + len(fields))})
    sizes.update({last_col - 4: 10, last_col - 3: 10, last_col - 2: 9, last_col - 1: 12,
                  last_col: NOTE_WIDTH})
    widths(sheet, sizes)
    sheet.row_dimensions[header_top + 1].height = 32
    return title


def official_header(sheet: Worksheet, methodology, last_col: int, lang: str) -> int:
    """The issuing agency (left) beside the Quốc hiệu (right), then "Phụ lục" and the
    decision it is attached to, as a province publishes the annex; nothing when the
    methodology names neither the issuer nor the announcing decision. Returns the row the
    title goes in."""
    header = official_header_text(methodology, lang)
    if header is None:
        return 1
    split = max(2, min(last_col - 2, round(last_col * 0.4)))  # the left block's last column
    lines = max(2, len(header.issuer_lines))
    for offset in range(lines):
        left = header.issuer_lines[offset] if offset < len(header.issuer_lines) else None
        merge(sheet, 1 + offset, 1, left, to_col=split, font=HEADING, border=False)
        right = [header.nation, header.motto]
        merge(sheet, 1 + offset, split + 1, right[offset] if offset < 2 else None,
              to_col=last_col, font=MOTTO if offset == 1 else HEADING, border=False)
    row = lines + 2
    if header.attached:
        merge(sheet, row, 1, header.annex, to_col=last_col, font=HEADING, border=False)
        merge(sheet, row + 1, 1, header.attached, to_col=last_col, font=SUBTITLE, border=False)
        row += 3
    return row


@dataclass(frozen=True)
class OfficialHeader:
    """The words above a published annex: the issuing agency's lines (left), the Quốc
    hiệu and its motto (right), then "Phụ lục" and the decision it is attached to (when
    the methodology names that decision)."""

    issuer_lines: list[str]
    nation: str
    motto: str
    annex: str
    attached: str


def official_header_text(methodology, lang: str = "vi") -> OfficialHeader | None:
    """The annex's official header from the methodology's ``Thông tin`` (Cơ quan ban hành,
    Số quyết định công bố, Ngày quyết định); None when it names neither the issuer nor
    the decision. The workbook and the Word draft both print this."""
    issuer, number = methodology.issuer.strip(), methodology.announcement.strip()
    if not issuer and not number:
        return None
    attached = ""
    if number:
        date = methodology.announcement_date.strip()
        attached = report_text(
            "attached", lang, number=number,
            date=report_text("attached_date", lang, date=date) if date else "",
            issuer=report_text("attached_issuer", lang, issuer=" ".join(issuer.split()))
            if issuer else "")
    return OfficialHeader(issuer.upper().splitlines() or [""], report_text("nation", lang),
                          report_text("motto", lang), report_text("annex", lang), attached)


def signer_lines(signer: str) -> tuple[list[str], str]:
    """``Người ký`` as the signature block prints it: the title lines (upper case) and the
    name (its last line); ``([], "")`` when not given."""
    lines = [line.strip() for line in signer.strip().splitlines() if line.strip()]
    if not lines:
        return [], ""
    *titles, name = lines
    return [title.upper() for title in titles], name


def unit_notes(unit, result: RunResult, lang: str = "vi") -> str:
    """The annex's note on a unit (``Ghi chú``): not appraised; scored without (some of)
    its survey points, and the rule applied; last of its ranking where the methodology
    gives that a consequence. ``unit``: a row of ``result.results``."""
    notes = []
    if not unit.appraised:
        notes.append(report_text("not_appraised", lang))
    if getattr(unit, "survey_missing", 0) and unit.survey_missing > 0:
        notes.append(report_text("survey_missing_excluded" if result.methodology
                                 .survey_missing_excluded else "survey_missing_zero", lang))
    if unit.last_in_group and result.methodology.last_place_text:  # it has consequences
        apart = tables.ranked_apart(result.results)
        notes.append(report_text("last_in_group" if apart else "last", lang))
    return "; ".join(notes)


def _signer(sheet: Worksheet, row: int, signer: str, last_col: int) -> None:
    """The signature block on the right: the signer's title lines, room to sign, the name
    (the last line of ``Người ký``)."""
    titles, name = signer_lines(signer)
    if not name:
        return
    left = max(2, min(last_col - 2, round(last_col * 0.6)))
    for offset, line in enumerate(titles):
        merge(sheet, row + offset, left, line, to_col=last_col, font=HEADING, border=False)
    merge(sheet, row + len(titles) + (4 if titles else 0), left, name, to_col=last_col,
          font=HEADING, border=False)


def _columns(fields: pd.DataFrame, show_group: bool, lang: str) -> list[str]:
    columns = [report_text("no", lang), report_text("unit", lang)]
    if show_group:
        columns.append(report_text("group", lang))
    columns += [report_text("field", lang, code=code) for code in fields["code"]]
    columns += [report_text(k, lang) for k in ("total", "index", "rank", "class", "note")]
    return columns


def _header(sheet: Worksheet, columns: list[str], first_field: int, fields: pd.DataFrame,
            lang: str, top: int = HEADER_TOP) -> None:
    sub, numbers = top + 1, top + 2
    field_cols = range(first_field, first_field + len(fields))
    for col, text in enumerate(columns, start=1):
        if col not in field_cols:
            merge(sheet, top, col, text, to_row=sub, font=HEADING, fill=HEADER_FILL)
    merge(sheet, top, first_field, report_text("field_points", lang),
          to_col=first_field + len(fields) - 1, font=HEADING, fill=HEADER_FILL)
    for col, field in zip(field_cols, fields.to_dict("records"), strict=True):
        put(sheet, sub, col, field_heading(field, lang), font=HEADING, align=CENTER,
            fill=HEADER_FILL)
    sheet.row_dimensions[top].height = 20
    header_row(sheet, numbers, [f"({c})" for c in range(1, len(columns) + 1)])


def field_heading(field: dict, lang: str) -> str:
    """"Lĩnh vực 1\\n(12 điểm)", or the caps of a bonus/penalty field."""
    name = report_text("field", lang, code=field["code"])
    if field["max_points"] > 0:
        return f"{name}\n" + report_text("field_max", lang,
                                         points=points_text(field["max_points"], lang))
    return f"{name}\n" + report_text("field_caps", lang,
                                     bonus=points_text(field["bonus_cap"], lang),
                                     penalty=points_text(field["penalty_cap"], lang))


NAME_WIDTH = (18, 40)  # the unit column: as wide as the longest name, within these
NOTE_WIDTH = 16  # the note column ("Ghi chú")


def _unit_row(sheet: Worksheet, row: int, position: int, unit, fields: pd.DataFrame,
              show_group: bool, result: RunResult, lang: str) -> None:
    rounding = result.methodology.rounding
    fmt = number_format(rounding.decimals)
    values: list[tuple[object, str | None]] = [(position, INTEGER), (unit.unit, None)]
    if show_group:
        values.append((unit.group, None))
    values += [(rounded(getattr(unit, f"field_{code}"), rounding), fmt)
               for code in fields["code"]]
    values += [(rounded(unit.points, rounding), fmt), (unit.index_display, fmt),
               (unit.rank, INTEGER), (unit.classification, None),
               (unit_notes(unit, result, lang), None)]
    for col, (value, fmt_) in enumerate(values, start=1):
        centred = col == 1 or col >= len(values) - 2
        put(sheet, row, col, value, fmt=fmt_, align=CENTER if centred else None)
    lines = max(wrapped_lines(unit.unit, NAME_WIDTH[1]), wrapped_lines(values[-1][0], NOTE_WIDTH))
    if lines > 1:  # wrapped text: the row as tall as it needs (neither Excel nor Calc measures)
        sheet.row_dimensions[row].height = 15 * lines + 2


def rounded(value: object, rounding) -> float | None:
    """``value`` rounded as the methodology rounds; None when missing."""
    if value is None or pd.isna(value):
        return None
    return rounding.apply(float(value))


def _legend(sheet: Worksheet, row: int, fields: pd.DataFrame, last_col: int, lang: str) -> int:
    """One line per field: its code, name and maximum. Returns the row after the legend."""
    for field in fields.to_dict("records"):
        if field["max_points"] > 0:
            text = report_text("legend", lang, code=field["code"], name=field["name"],
                               points=points_text(field["max_points"], lang))
        else:
            text = report_text("legend_caps", lang, code=field["code"], name=field["name"],
                               bonus=points_text(field["bonus_cap"], lang),
                               penalty=points_text(field["penalty_cap"], lang))
        merge(sheet, row, 2, text, to_col=last_col, font=NOTE, align=LEFT, border=False)
        row += 1
    return row


def _summary(sheet: Worksheet, top: int, result: RunResult, lang: str, decimals: int) -> int:
    """Units per class for each group and overall, then mean, highest and lowest index."""
    results = result.results
    methodology = result.methodology
    scopes: list[tuple[str, pd.DataFrame]] = []
    if tables.ranked_apart(results):
        scopes = [(g or report_text("no_group", lang), units)
                  for g, units in tables.annex_groups(results)]
        scopes.append((report_text("overall", lang), results))
    else:
        scopes = [("", results)]
    last_col = 2 + 2 * len(scopes)
    merge(sheet, top, 2, report_text("summary_title", lang), to_col=last_col, font=HEADING,
          align=LEFT, border=False)
    head = top + 1
    grouped = scopes[0][0] != ""
    if grouped:
        merge(sheet, head, 2, report_text("class", lang), to_row=head + 1, font=HEADING,
              fill=HEADER_FILL)
        for i, (name, _) in enumerate(scopes):
            merge(sheet, head, 3 + 2 * i, name, to_col=4 + 2 * i, font=HEADING,
                  fill=HEADER_FILL)
        head += 1
    else:
        put(sheet, head, 2, report_text("class", lang), font=HEADING, align=CENTER,
            fill=HEADER_FILL)
    for i in range(len(scopes)):
        header_row(sheet, head, [report_text("count", lang), report_text("share", lang)],
                   first_col=3 + 2 * i)
    row = head + 1
    counted = [tables.class_counts(units, methodology) for _, units in scopes]
    share = number_format(SHARE_DECIMALS)
    share_rounding = Rounding(SHARE_DECIMALS)
    for label in counted[-1].index:
        put(sheet, row, 2, label or "—", align=LEFT)
        for i, frame in enumerate(counted):
            count = int(frame["count"].get(label, 0))
            put(sheet, row, 3 + 2 * i, count, fmt=INTEGER, align=CENTER)
            put(sheet, row, 4 + 2 * i, share_rounding.apply(float(frame["share_pct"].get(
                label, 0.0))), fmt=share, align=CENTER)
        row += 1
    put(sheet, row, 2, report_text("sum", lang), font=BOLD, align=LEFT)
    for i, frame in enumerate(counted):
        total = int(frame["count"].sum())
        put(sheet, row, 3 + 2 * i, total, fmt=INTEGER, align=CENTER, font=BOLD)
        put(sheet, row, 4 + 2 * i, 100 if total else 0, fmt=INTEGER, align=CENTER, font=BOLD)
    row += 1
    return _statistics(sheet, row, scopes, lang, decimals, result)


def _statistics(sheet: Worksheet, row: int, scopes: list[tuple[str, pd.DataFrame]], lang: str,
                decimals: int, result: RunResult) -> int:
    rounding = result.methodology.rounding
    fmt = number_format(decimals)
    stats = [tables.index_statistics(units) for _, units in scopes]
    lines = [("units", "units", INTEGER), ("mean", "mean", fmt), ("highest", "highest", fmt),
             ("highest_unit", "highest_units", None), ("lowest", "lowest", fmt),
             ("lowest_unit", "lowest_units", None)]
    for key, stat, fmt_ in lines:
        put(sheet, row, 2, report_text(key, lang), align=LEFT)
        longest = 0
        for i, values in enumerate(stats):
            value = values[stat]
            if isinstance(value, list):
                value = ", ".join(value)
                longest = max(longest, len(value))
            elif key != "units":
                value = None if pd.isna(value) else rounding.apply(value)
            merge(sheet, row, 3 + 2 * i, value, to_col=4 + 2 * i, fmt=fmt_,
                  align=CENTER if fmt_ else LEFT)
        if longest > 22:
            sheet.row_dimensions[row].height = 15 * math.ceil(longest / 22)
        row += 1
    return row
