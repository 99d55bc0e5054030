"""Write the blank self-assessment form a province sends to its units (``template``).

The form is built from the methodology: a title block ("UBND XÃ …", the national motto,
"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM … NĂM 2024", an "Đơn vị:" cell), a two-row header ("Điểm"
over "Tự đánh giá | Thẩm định lần 1 | Thẩm định lần 2"), a row of column numbers, the
criteria tree with maximum points, and a signature block. Points cells carry Excel data
validation (a number from 0 to the leaf's maximum, or "KPS" where the leaf may not
arise); parent rows sum their children with formulas that stay blank until something is
entered, so an empty appraisal never reads as 0. The header is frozen and repeats on
every printed A4 landscape page.

:mod:`~.layouts.form` reads a filled copy back exactly: the layout here is one of the
many it understands, not a special case.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.messages import number_text
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.methodology.model import (
    Component,
    Methodology,
    counts_in_maximum,
    kps_allowed,
)


def _words(key: str, **values: object) -> str:
    """The form's words (the catalogue's ``form`` area): the form is written in Vietnamese,
    the language its reader recognises."""
    return catalogue_text("form", key, "vi", **values)


SHEET_FORM = _words("sheet_form")
SHEET_GUIDE = _words("sheet_guide")
KPS = "KPS"

# role -> (column, header text); points columns sit under a merged "Điểm" heading.
ROLES = ("code", "name", "max_points", "raw_figure", "self_points", "appraisal_1",
         "appraisal_2", "evidence", "explanation")
COLUMNS = {role: (col, _words(role)) for col, role in enumerate(ROLES, start=1)}
POINTS = ("self_points", "appraisal_1", "appraisal_2")
WIDTHS = {1: 7, 2: 58, 3: 9, 4: 18, 5: 11, 6: 11, 7: 11, 8: 34, 9: 26}
HEADER_ROW = 8
BLANK = "……………"

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_FIELD_FILL = PatternFill("solid", fgColor="DDEBF7")
_LOCKED_FILL = PatternFill("solid", fgColor="E7E6E6")


@dataclass(frozen=True)
class FormTemplate:
    """Where things are in a written form: the row of each criterion, the column of each
    role (1-based), the first tree row and the totals row."""

    sheet: str
    header_row: int
    first_row: int
    total_row: int
    rows: dict[str, int]
    columns: dict[str, int]

    def cell(self, code: str, role: str) -> str:
        """``cell("1.1.1", "self_points")`` is ``"E12"``."""
        return f"{get_column_letter(self.columns[role])}{self.rows[code]}"


def build_form(methodology: Methodology, unit: str | None = None,
               year: int | str | None = None) -> tuple[Workbook, FormTemplate]:
    """The blank form as an openpyxl workbook, and where its cells are."""
    year_text = _year_text(methodology, year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_FORM
    _title_block(sheet, methodology, unit, year_text)
    _header(sheet)
    first = HEADER_ROW + 3
    rows = {code: first + i for i, code in enumerate(methodology.tree["code"])}
    total_row = first + len(rows)
    template = FormTemplate(SHEET_FORM, HEADER_ROW, first, total_row, rows,
                            {role: col for role, (col, _t) in COLUMNS.items()})
    _tree(sheet, methodology, template)
    _total(sheet, methodology, template)
    _signature(sheet, total_row + 2)
    _page(sheet, template)
    _guide(workbook.create_sheet(SHEET_GUIDE), methodology)
    return workbook, template


def write_template(methodology: Methodology, path: str | Path, unit: str | None = None,
                   year: int | str | None = None) -> Path:
    """Write the blank form to ``path`` (.xlsx), replacing it atomically."""
    from cchc_index._internal.files import atomic_write

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError([Problem("T002", found=path.name)])
    workbook, _template = build_form(methodology, unit, year)
    return atomic_write(path, workbook.save)


def fill_form(sheet: Worksheet, template: FormTemplate,
              values: dict[str, dict[str, object]]) -> None:
    """Type ``values[code][role]`` into the form, as a unit would."""
    for code, cells in values.items():
        for role, value in cells.items():
            sheet.cell(template.rows[code], template.columns[role], value)


def _year_text(methodology: Methodology, year: int | str | None) -> str:
    if year is None:
        years = methodology.years.strip()
        return years if years.isdigit() and len(years) == 4 else BLANK
    text = str(year).strip()
    if not (text.isdigit() and 1900 < int(text) < 2100):
        raise UsageError([Problem("T001", found=text)])
    return text


def _merge(sheet: Worksheet, row: int, first: int, last: int, value: object,
           font: Font | None = None, alignment: Alignment = _CENTER) -> None:
    sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = sheet.cell(row, first, value)
    cell.alignment = alignment
    if font is not None:
        cell.font = font


def _title_block(sheet: Worksheet, methodology: Methodology, unit: str | None,
                 year: str) -> None:
    heading = _words("committee", unit=unit.upper() if unit else BLANK)
    _merge(sheet, 1, 1, 3, heading, Font(bold=True))
    _merge(sheet, 1, 5, 9, _words("nation"), Font(bold=True))
    _merge(sheet, 2, 5, 9, _words("motto"), Font(bold=True, underline="single"))
    _merge(sheet, 4, 1, 9, _words("title", year=year), Font(bold=True, size=13))
    _merge(sheet, 5, 1, 9, _words("according_to", methodology=methodology.describe()),
           Font(italic=True))
    sheet.cell(6, 1, _words("unit")).font = Font(bold=True)
    name = sheet.cell(6, 2, unit or None)
    name.font = Font(bold=True)
    name.border = Border(bottom=Side(style="dotted"))


def _header(sheet: Worksheet) -> None:
    top, below = HEADER_ROW, HEADER_ROW + 1
    for role, (col, text) in COLUMNS.items():
        if role in POINTS:
            sheet.cell(below, col, text)
        else:
            sheet.merge_cells(start_row=top, start_column=col, end_row=below, end_column=col)
            sheet.cell(top, col, text)
    first, last = COLUMNS["self_points"][0], COLUMNS["appraisal_2"][0]
    sheet.merge_cells(start_row=top, start_column=first, end_row=top, end_column=last)
    sheet.cell(top, first, _words("points"))
    for row in (top, below):
        for col in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(row, col)
            cell.font, cell.alignment, cell.border = Font(bold=True), _CENTER, _BORDER
    for col in range(1, len(COLUMNS) + 1):
        cell = sheet.cell(below + 1, col, f"({col})")
        cell.font, cell.alignment, cell.border = Font(italic=True), _CENTER, _BORDER


def _tree(sheet: Worksheet, methodology: Methodology, template: FormTemplate) -> None:
    tree = methodology.tree
    children: dict[str, list[str]] = {}
    for code, parent in zip(tree["code"], tree["parent"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(code)
    summable = _summable(methodology)
    for node in tree.itertuples():
        row = template.rows[node.code]
        code_cell = sheet.cell(row, COLUMNS["code"][0], node.code)
        code_cell.number_format = "@"
        name = sheet.cell(row, COLUMNS["name"][0], node.name)
        name.alignment = Alignment(wrap_text=True, vertical="center", indent=node.level - 1)
        maximum = node.stated_max if node.is_leaf else node.max_points
        if maximum == maximum and (node.is_leaf or maximum > 0):
            sheet.cell(row, COLUMNS["max_points"][0], _number(maximum))
        if not node.is_leaf and node.code in summable:
            for role in POINTS:
                col = COLUMNS[role][0]
                refs = ",".join(f"{get_column_letter(col)}{template.rows[c]}"
                                for c in children[node.code])
                sheet.cell(row, col, f'=IF(COUNT({refs})=0,"",SUM({refs}))')
        elif node.is_leaf:
            _validation(sheet, row, node)
        for col in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(row, col)
            cell.border = _BORDER
            if col != COLUMNS["name"][0]:
                cell.alignment = _CENTER if col <= 7 else _WRAP
            if node.level == 1:
                cell.fill = _FIELD_FILL
            if not node.is_leaf:
                cell.font = Font(bold=True)


def _summable(methodology: Methodology) -> set[str]:
    """Parents whose leaves all count in the maximum: their points add up."""
    tree = methodology.tree
    counted = counts_in_maximum(tree["component"])
    mixed = set(tree.loc[tree["is_leaf"].to_numpy(dtype=bool) & ~counted, "code"])
    parents = set(tree.loc[~tree["is_leaf"], "code"])
    return {p for p in parents if not any(m.startswith(p + ".") for m in mixed)}


def _validation(sheet: Worksheet, row: int, node) -> None:
    """Points cells: a number from 0 to the maximum, "KPS" where the leaf may be marked
    not arisen (:func:`~cchc_index._internal.methodology.model.kps_allowed`: by its rule, and on
    every bonus and penalty row); no self-score on survey leaves."""
    first = COLUMNS["self_points"][0]
    letter = get_column_letter(first)
    maximum = _number(node.stated_max)
    shown = number_text(maximum, None, "vi", grouped=False)
    kps = bool(kps_allowed([node.component], [node.not_arisen])[0])
    rule = f"AND(ISNUMBER({letter}{row}),{letter}{row}>=0,{letter}{row}<={maximum})"
    message = _words("enter_points", max=shown)
    if kps:
        rule = f'OR({rule},UPPER(TRIM({letter}{row}))="{KPS}")'
        message += _words("or_kps", kps=KPS)
    if node.component == Component.PENALTY:
        message += _words("penalty_positive")
    cells = f"{letter}{row}:{get_column_letter(COLUMNS['appraisal_2'][0])}{row}"
    if node.component == Component.SURVEY:
        survey = DataValidation(type="custom", formula1=f"ISBLANK({letter}{row})",
                                allow_blank=True, showErrorMessage=True,
                                errorTitle=_words("no_self_score"),
                                error=_words("survey_no_self_score"))
        survey.add(f"{letter}{row}")
        sheet.add_data_validation(survey)
        sheet.cell(row, first).fill = _LOCKED_FILL
        cells = f"{get_column_letter(first + 1)}{row}:{cells.split(':')[1]}"
        rule = rule.replace(f"{letter}{row}", f"{get_column_letter(first + 1)}{row}")
    validation = DataValidation(type="custom", formula1=rule, allow_blank=True,
                                showErrorMessage=True, showInputMessage=True,
                                errorTitle=_words("invalid_points"), error=message + ".",
                                promptTitle=_words("points"), prompt=message + ".")
    validation.add(cells)
    sheet.add_data_validation(validation)


def _total(sheet: Worksheet, methodology: Methodology, template: FormTemplate) -> None:
    tree = methodology.tree
    row = template.total_row
    sheet.cell(row, COLUMNS["name"][0], _words("total")).font = Font(bold=True)
    sheet.cell(row, COLUMNS["max_points"][0], _number(methodology.total_max))
    counted = tree[(tree["level"] == 1) & (tree["max_points"] > 0)]["code"]
    bonus = tree[tree["is_leaf"] & (tree["component"] == Component.BONUS)]["code"]
    penalty = tree[tree["is_leaf"] & (tree["component"] == Component.PENALTY)]["code"]
    for role in POINTS:
        col = COLUMNS[role][0]
        letter = get_column_letter(col)
        plus = ",".join(f"{letter}{template.rows[c]}" for c in [*counted, *bonus])
        formula = f'=IF(COUNT({plus})=0,"",SUM({plus})'
        if len(penalty):
            minus = ",".join(f"{letter}{template.rows[c]}" for c in penalty)
            formula += f"-SUM({minus})"
        sheet.cell(row, col, formula + ")")
    for col in range(1, len(COLUMNS) + 1):
        cell = sheet.cell(row, col)
        cell.border, cell.font = _BORDER, Font(bold=True)
        if col != COLUMNS["name"][0]:
            cell.alignment = _CENTER


def _signature(sheet: Worksheet, row: int) -> None:
    _merge(sheet, row, 6, 9, _words("place_date"), Font(italic=True))
    _merge(sheet, row + 1, 1, 3, _words("prepared_by"), Font(bold=True))
    _merge(sheet, row + 1, 6, 9, _words("for_committee"), Font(bold=True))
    _merge(sheet, row + 2, 6, 9, _words("chair"), Font(bold=True))
    _merge(sheet, row + 3, 6, 9, _words("sign"), Font(italic=True))


def _page(sheet: Worksheet, template: FormTemplate) -> None:
    for col, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.row_dimensions[template.header_row].height = 30
    sheet.row_dimensions[template.header_row + 1].height = 45
    sheet.freeze_panes = sheet.cell(template.first_row, COLUMNS["max_points"][0])
    sheet.print_title_rows = f"{template.header_row}:{template.header_row + 2}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.horizontalCentered = True


def _guide(sheet: Worksheet, methodology: Methodology) -> None:
    lines = [_words("guide_title"),
             _words("guide_methodology", methodology=methodology.describe()), "",
             *(_words(f"guide_{n}", kps=KPS) for n in range(1, 9))]
    for row, text in enumerate(lines, start=1):
        sheet.cell(row, 1, text)
    sheet.cell(1, 1).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 110


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)
