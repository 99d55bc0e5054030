"""Write a methodology as the workbook analysts edit (``methodology export``).

Loading the exported file gives back the same methodology (every criterion with its
component, not-arisen rule, evidence flag and scoring rule; the bands; the settings), so an
analyst can start from a bundled index, change maxima or bands in Excel, and score with
``-m file.xlsx``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from cchc_index._internal.files import atomic_write, mark_as_output, set_cell
from cchc_index._internal.methodology.load import (
    BAND_HEADERS,
    COMPONENT_WORDS,
    CRITERIA_HEADERS,
    EVIDENCE_WORDS,
    INFO_KEYS,
    NOT_ARISEN_WORDS,
    ROUNDING_WORDS,
    SHEET_BANDS,
    SHEET_CRITERIA,
    SHEET_INFO,
)
from cchc_index._internal.methodology.model import Component, Methodology, NotArisenRule
from cchc_index._internal.methodology.rule_parse import rule_cells


def methodology_rows(methodology: Methodology) -> dict[str, list[list[object]]]:
    """The three sheets as rows of values, header first."""
    criteria: list[list[object]] = [[label for label, _ in CRITERIA_HEADERS.values()]]
    settings = {c.code: (Component(c.component), NotArisenRule(c.not_arisen),
                         bool(c.evidence_required)) for c in methodology.criteria}
    default = (Component.APPRAISAL, NotArisenRule.NOT_ALLOWED, False)
    for criterion in methodology.criteria:
        # Write a setting only where it differs from what the row inherits from its parent.
        inherited = settings.get(criterion.parent or "", default)
        component, rule, evidence = settings[criterion.code]
        cells = {
            "code": criterion.code, "name": criterion.name, "max": criterion.max_points,
            "component": COMPONENT_WORDS[component][0] if component != inherited[0] else "",
            "not_arisen": NOT_ARISEN_WORDS[rule][0] if rule != inherited[1] else "",
            "evidence": EVIDENCE_WORDS[evidence][0] if evidence != inherited[2] else "",
            **rule_cells(criterion.rule),
        }
        criteria.append([cells.get(key, "") for key in CRITERIA_HEADERS])
    bands: list[list[object]] = [[label for label, _ in BAND_HEADERS.values()]]
    bands += [[b.label, b.lower_bound, b.emulation] for b in methodology.bands]
    info = [
        ["Khóa", "Giá trị"],
        [INFO_KEYS["name"][0], methodology.name],
        [INFO_KEYS["decision"][0], methodology.decision],
        [INFO_KEYS["years"][0], methodology.years],
        [INFO_KEYS["level"][0], methodology.level],
        [INFO_KEYS["decimals"][0], methodology.rounding.decimals],
        [INFO_KEYS["rounding"][0], ROUNDING_WORDS[methodology.rounding.mode][0]],
        [INFO_KEYS["rank_by_group"][0], "Có" if methodology.rank_by_group else "Không"],
        [INFO_KEYS["last_place"][0], methodology.last_place_text],
        [INFO_KEYS["survey_missing"][0],
         "Loại trừ" if methodology.survey_missing_excluded else "Tính 0 điểm"],
        [INFO_KEYS["note"][0], methodology.note],
        # the annex's official header (left blank: left out of the annex)
        [INFO_KEYS["issuer"][0], methodology.issuer],
        [INFO_KEYS["announcement"][0], methodology.announcement],
        [INFO_KEYS["announcement_date"][0], methodology.announcement_date],
        [INFO_KEYS["signer"][0], methodology.signer],
    ]
    return {SHEET_CRITERIA: criteria, SHEET_BANDS: bands, SHEET_INFO: info}


def write_methodology(methodology: Methodology, path: str | Path) -> Path:
    """Write the editable workbook; codes are stored as text so "1.10" stays "1.10", and
    text starting with "=" stays text rather than becoming a formula."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in methodology_rows(methodology).items():
        sheet = workbook.create_sheet(title)
        for row, values in enumerate(rows, start=1):
            for col, value in enumerate(values, start=1):
                set_cell(sheet.cell(row, col), value)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cell in sheet["A"][1:]:
            cell.number_format = "@"
        sheet.column_dimensions["A"].width = 26 if title == SHEET_INFO else 10
        sheet.column_dimensions["B"].width = 70
        sheet.freeze_panes = "A2"
    mark_as_output(workbook)
    return atomic_write(Path(path), workbook.save)
