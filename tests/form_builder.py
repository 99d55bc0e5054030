"""Build realistic self-assessment workbooks in code, one builder for every variant.

A :class:`FormSpec` says how the unit made its form (title block, header rows and wording,
column order, numbering, how numbers were typed, totals, signature, extra sheets…);
:func:`build_form` writes it with openpyxl and records where every value went, so a test
can assert the exact cell the reader reports.

The builder is independent of :mod:`cchc_index._internal.io.template`: it writes forms the way
people do, not the way our template does.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cchc_index._internal.methodology.model import Component, Methodology, NotArisenRule

# role -> header path (top to bottom); a shorter path is merged down to the header's bottom.
TWO_ROW_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("code", ("STT",)),
    ("name", ("Lĩnh vực, tiêu chí, tiêu chí thành phần",)),
    ("max_points", ("Điểm", "Tối đa")),
    ("raw_figure", ("Số liệu thực hiện",)),
    ("self_points", ("Điểm", "Tự đánh giá")),
    ("appraisal_1", ("Điểm", "Thẩm định")),
    ("evidence", ("Tài liệu kiểm chứng",)),
    ("explanation", ("Giải trình",)),
]
ONE_ROW_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("code", ("Mã",)),
    ("name", ("NỘI DUNG",)),
    ("max_points", ("ĐIỂM TỐI ĐA",)),
    ("guide", ("Hướng dẫn chấm",)),
    ("self_points", ("ĐIỂM TỰ CHẤM",)),
    ("evidence", ("Minh chứng",)),
    ("explanation", ("Ghi chú",)),
]
THREE_ROW_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("code", ("TT",)),
    ("name", ("Nội dung đánh giá",)),
    ("max_points", ("Điểm", "Điểm\ntối đa")),
    ("raw_figure", ("Đơn vị tự đánh giá", "Số liệu")),
    ("self_points", ("Đơn vị tự đánh giá", "Điểm")),
    ("appraisal_1", ("Điểm", "Thẩm định", "Lần 1")),
    ("appraisal_2", ("Điểm", "Thẩm định", "Lần 2")),
    ("evidence", ("Tài liệu\nkiểm chứng",)),
    ("explanation", ("Giải trình, ghi chú",)),
]
ROLES_WITH_POINTS = ("self_points", "appraisal_1", "appraisal_2")
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
LETTERS = "abcdđeghiklmn"


@dataclass
class FormSpec:
    """How one unit made its form."""

    unit: str = "Xã Minh Tiến"
    year: int | None = 2024
    heading: str = "ubnd"  # ubnd | two_lines | none
    label: str = ""  # "" | same ("Đơn vị: Xã A" in one cell) | next (value in the next cell)
    label_unit: str | None = None  # what the label says, if not ``unit``
    extra_title_rows: int = 0  # more rows between the title and the header
    columns: list[tuple[str, tuple[str, ...]]] = field(
        default_factory=lambda: list(TWO_ROW_COLUMNS))
    number_row: bool = True  # "(1) (2) (3)…" below the header
    start_col: int = 1  # the table starts in this column
    codes: str = "plain"  # plain | trailing_dot | spaces | float | roman | in_name |
    #                       invisible | fullwidth
    values: str = "float"  # float | comma | text
    kps_word: str = "KPS"
    parents: str = "values"  # values | formulas | blank
    blank_before: tuple[str, ...] = ()  # codes with a blank row above them
    totals_row: bool = True
    signature: bool = True
    nfd: bool = False
    legacy: str = ""  # "tcvn3" | "vni": typed with an old font
    sheets_before: tuple[str, ...] = ()  # e.g. ("Hướng dẫn",)
    summary_after: bool = False  # a "Tổng hợp" sheet of field totals after the form
    sheet: str = "Tự đánh giá"
    names: dict[str, str] = field(default_factory=dict)  # code -> name typed instead
    survey_mark: str | None = None  # text in the self cell of survey leaves ("ĐTXHH")
    skip: tuple[str, ...] = ()  # codes whose row is left out
    extra_rows: tuple[tuple[str, str, object], ...] = ()  # (after code, code text, self value)
    max_overrides: dict[str, object] = field(default_factory=dict)  # code -> max typed


@dataclass
class BuiltForm:
    """The workbook and where everything went."""

    workbook: Workbook
    spec: FormSpec
    rows: dict[str, int]  # code -> Excel row
    columns: dict[str, int]  # role -> column
    header_row: int
    expected: dict[str, dict[str, object]]  # code -> {role: float|nan, "not_arisen": bool}
    extra: dict[str, int] = field(default_factory=dict)  # code text of extra rows -> row

    def cell(self, code: str, role: str) -> str:
        return f"{get_column_letter(self.columns[role])}{self.rows[code]}"

    def save(self, path: Path) -> Path:
        self.workbook.save(path)
        return path


def default_scores(methodology: Methodology, appraised: bool = True) -> dict[str, dict]:
    """Plausible points for every leaf: a self-score, the council's (sometimes lower), KPS
    on some leaves that may not arise, survey leaves left to the survey team."""
    scores: dict[str, dict] = {}
    tree = methodology.tree
    fractions = [1.0, 0.5, 0.75, 1.0, 0.25, 1.0]
    for i, node in enumerate(tree[tree["is_leaf"]].itertuples()):
        maximum = float(node.stated_max)
        if node.component == Component.SURVEY:
            scores[node.code] = {"appraisal_1": maximum * 0.8} if appraised else {}
            continue
        if node.not_arisen != NotArisenRule.NOT_ALLOWED and i % 2 == 0:
            scores[node.code] = {"self_points": "KPS"}
            continue
        own = maximum * fractions[i % len(fractions)]
        if node.component == Component.PENALTY:
            own = 0.5
        entry: dict = {"self_points": own}
        if appraised:
            entry["appraisal_1"] = own - 0.25 if i % 5 == 0 and own >= 0.25 else own
        scores[node.code] = entry
    return scores


def build_form(methodology: Methodology, spec: FormSpec | None = None,
               scores: dict[str, dict] | None = None) -> BuiltForm:
    """Write the form of ``spec`` holding ``scores`` (default: :func:`default_scores`)."""
    spec = spec or FormSpec()
    scores = default_scores(methodology) if scores is None else scores
    workbook = Workbook()
    first = workbook.active
    for title in spec.sheets_before:
        _instructions(workbook.create_sheet(title))
    sheet = workbook.create_sheet(spec.sheet)
    workbook.remove(first)
    text = _text_maker(spec)
    header_row = _title_block(sheet, spec, text)
    columns = {role: spec.start_col + i for i, (role, _path) in enumerate(spec.columns)}
    data_row = _header(sheet, spec, header_row, text)
    built = BuiltForm(workbook, spec, {}, columns, header_row, {})
    row = data_row
    tree = methodology.tree
    children = _children(tree)
    for node in tree.itertuples():
        if node.code in spec.skip:
            continue
        if node.code in spec.blank_before:
            row += 1
        built.rows[node.code] = row
        _write_row(sheet, built, node, row, scores.get(node.code, {}), text, children)
        row += 1
        for after, code_text, value in spec.extra_rows:
            if after == node.code:
                sheet.cell(row, columns["code"], code_text)
                sheet.cell(row, columns["name"], text("Nội dung đơn vị tự thêm"))
                sheet.cell(row, columns["self_points"], value)
                built.extra[code_text] = row
                row += 1
    _parents(sheet, built, tree, children)
    if spec.totals_row:
        sheet.cell(row, columns["name"], text("TỔNG CỘNG"))
        fields = [c for c in tree.loc[tree["level"] == 1, "code"] if c in built.rows]
        for role in ROLES_WITH_POINTS:
            if role in columns:
                total = sum(_number(built.expected.get(c, {}).get(role)) for c in fields)
                sheet.cell(row, columns[role], total)
        row += 1
    if spec.signature:
        _signature(sheet, spec, row + 1, text)
    if spec.summary_after:
        _summary(workbook.create_sheet("Tổng hợp"), methodology, built, text)
    return built


def variant(**changes) -> FormSpec:
    return replace(FormSpec(), **changes)


# ---- parts ----

def _text_maker(spec: FormSpec):
    def text(value: str) -> str:
        if spec.legacy:
            return legacy_typed(value, spec.legacy)
        return unicodedata.normalize("NFD", value) if spec.nfd else value
    return text


def legacy_typed(value: str, encoding: str) -> str:
    """``value`` as typed with an old font: a line in capitals with TCVN3's capital-letter
    font (.VnTimeH), other text with its normal font, where a capital with a tone does
    not exist (a typist writes it in lower case)."""
    from cchc_index._internal.legacy_text import from_unicode

    if encoding == "tcvn3" and value == value.upper() and value != value.lower():
        return from_unicode(value, "tcvn3", uppercase_font=True)
    typed = []
    for ch in value:
        try:
            typed.append(from_unicode(ch, encoding))
        except ValueError:
            typed.append(from_unicode(ch.lower(), encoding))
    return "".join(typed)


def _title_block(sheet, spec: FormSpec, text) -> int:
    """Write the title rows; return the header's first row."""
    left = spec.start_col
    if spec.heading == "ubnd":
        sheet.cell(1, left, text(f"UBND {spec.unit.upper()}"))
        sheet.merge_cells(start_row=1, start_column=left, end_row=1, end_column=left + 1)
    elif spec.heading == "two_lines":
        sheet.cell(1, left, text("ỦY BAN NHÂN DÂN"))
        sheet.cell(2, left, text(spec.unit.upper()))
    sheet.cell(1, left + 4, text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    sheet.cell(2, left + 4, text("Độc lập - Tự do - Hạnh phúc"))
    year = f" NĂM {spec.year}" if spec.year else ""
    sheet.cell(4, left, text(f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH{year}"))
    sheet.merge_cells(start_row=4, start_column=left, end_row=4, end_column=left + 6)
    row = 5
    if spec.label:
        name = spec.label_unit or spec.unit
        if spec.label == "same":
            sheet.cell(row, left, text(f"Đơn vị: {name}"))
        else:
            sheet.cell(row, left, text("Tên đơn vị:"))
            sheet.cell(row, left + 1, text(name))
        row += 1
    for i in range(spec.extra_title_rows):
        sheet.cell(row, left, text(f"(Kèm theo Công văn số {120 + i}/UBND-NV)"))
        row += 1
    return row + 1


def _header(sheet, spec: FormSpec, top: int, text) -> int:
    """Write the header (merged like people do); return the first data row."""
    depth = max(len(path) for _role, path in spec.columns)
    columns = [(spec.start_col + i, path) for i, (_role, path) in enumerate(spec.columns)]
    for col, path in columns:
        for level, value in enumerate(path):
            sheet.cell(top + level, col, text(value))
        if len(path) < depth:
            sheet.merge_cells(start_row=top + len(path) - 1, start_column=col,
                              end_row=top + depth - 1, end_column=col)
    for level in range(depth - 1):
        start = 0
        while start < len(columns):
            path = columns[start][1]
            end = start
            while (end + 1 < len(columns) and len(columns[end + 1][1]) > level + 1
                   and len(path) > level + 1
                   and columns[end + 1][1][: level + 1] == path[: level + 1]):
                end += 1
            if end > start:
                for col in range(columns[start][0] + 1, columns[end][0] + 1):
                    sheet.cell(top + level, col).value = None
                sheet.merge_cells(start_row=top + level, start_column=columns[start][0],
                                  end_row=top + level, end_column=columns[end][0])
            start = end + 1
    row = top + depth
    if spec.number_row:
        for i, (col, _path) in enumerate(columns, start=1):
            sheet.cell(row, col, f"({i})")
        row += 1
    return row


def _children(tree) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for code, parent in zip(tree["code"], tree["parent"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(code)
    return children


def _code_text(spec: FormSpec, code: str) -> object:
    if spec.codes == "trailing_dot":
        return code + "."
    if spec.codes == "spaces":
        return f" {code} "
    if spec.codes == "float":
        return int(code) if "." not in code else (float(code) if code.count(".") == 1 else code)
    if spec.codes == "invisible":  # copied from a web page: no-break, zero-width spaces
        return "\u200b" + code.replace(".", ".\u200b") + ".\xa0"
    if spec.codes == "fullwidth":  # typed with a Japanese or Chinese input method on
        return code.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    return code


def _write_row(sheet, built: BuiltForm, node, row: int, values: dict, text,
               children) -> None:
    spec, columns = built.spec, built.columns
    name = spec.names.get(node.code, node.name)
    if spec.codes == "roman":
        tree_code = _roman_code(node, children, built)
    else:
        tree_code = _code_text(spec, node.code)
    if spec.codes == "in_name" or "code" not in columns:
        sheet.cell(row, columns["name"], text(f"{node.code}. {name}"))
    else:
        sheet.cell(row, columns["code"], tree_code)
        sheet.cell(row, columns["name"], text(name))
    if "max_points" in columns:
        maximum = node.stated_max if node.is_leaf else node.max_points
        maximum = spec.max_overrides.get(node.code, maximum)
        if isinstance(maximum, str) or maximum == maximum:
            sheet.cell(row, columns["max_points"], maximum)
    if "guide" in columns:
        sheet.cell(row, columns["guide"], text("Đủ: tối đa; thiếu: 0"))
    expected: dict[str, object] = {"not_arisen": False}
    for role in ROLES_WITH_POINTS:
        expected[role] = math.nan
        if role not in columns or not node.is_leaf:
            continue
        value = values.get(role)
        if node.component == Component.SURVEY and role == "self_points" and spec.survey_mark:
            sheet.cell(row, columns[role], text(spec.survey_mark))
            continue
        if value is None:
            continue
        if value == "KPS":
            sheet.cell(row, columns[role], text(spec.kps_word))
            expected["not_arisen"] = True
            continue
        if isinstance(value, str):  # a deliberate oddity typed as is
            sheet.cell(row, columns[role], text(value))
            continue
        sheet.cell(row, columns[role], _typed(float(value), spec.values))
        expected[role] = float(value)
    if node.is_leaf:
        for role, typed in (("evidence", "Quyết định số 15/QĐ-UBND ngày 10/01/2024"),
                            ("explanation", "")):
            if role in columns and typed and expected["self_points"] == expected["self_points"]:
                sheet.cell(row, columns[role], text(typed))
        if "raw_figure" in columns and node.code.endswith(".1"):
            sheet.cell(row, columns["raw_figure"], "1.234 hồ sơ; 98,5%")
    built.expected[node.code] = expected


def _roman_code(node, children, built: BuiltForm) -> str:
    parent = node.parent if isinstance(node.parent, str) else None
    if parent is None:
        fields = [c for c in built.expected if "." not in c]
        return ROMAN[len(fields)]
    position = children[parent].index(node.code)
    return [None, str(position + 1), LETTERS[position] + ")"][node.level - 1]


def _typed(value: float, style: str) -> object:
    if style == "comma":
        return f"{value:g}".replace(".", ",")
    if style == "text":
        return f"  {value:g} ".replace(".", ",")
    return value


def _number(value: object) -> float:
    return 0.0 if value is None or value != value else float(value)


def _parents(sheet, built: BuiltForm, tree, children) -> None:
    """Parent rows: the sum of their children, a SUM formula (never computed), or blank."""
    spec = built.spec
    uncounted = [c for c, leaf, component in zip(tree["code"], tree["is_leaf"],
                                                  tree["component"], strict=True)
                 if leaf and component in (Component.BONUS, Component.PENALTY)]
    for node in reversed(list(tree.itertuples())):
        if node.is_leaf or node.code not in built.rows:
            continue
        if any(c.startswith(node.code + ".") for c in uncounted):
            continue  # bonus and penalty do not add up: people leave this row blank
        expected = built.expected[node.code]
        for role in ROLES_WITH_POINTS:
            if role not in built.columns:
                continue
            parts = [built.expected[c][role] for c in children[node.code] if c in built.expected]
            known = [p for p in parts if p == p]
            total = sum(known) if known else math.nan
            cell = sheet.cell(built.rows[node.code], built.columns[role])
            if spec.parents == "values" and known:
                cell.value = total
                expected[role] = total
            elif spec.parents == "formulas":
                letter = get_column_letter(built.columns[role])
                refs = ",".join(f"{letter}{built.rows[c]}" for c in children[node.code]
                                if c in built.rows)
                cell.value = f"=SUM({refs})"
            if spec.parents != "values" and known:
                # the reader must not take these as given; it recomputes from the leaves
                expected.setdefault("_parts", {})[role] = total


def _signature(sheet, spec: FormSpec, row: int, text) -> None:
    left = spec.start_col
    sheet.cell(row, left + 4, text(f"Minh Tiến, ngày 15 tháng 12 năm {spec.year or 2024}"))
    sheet.cell(row + 1, left, text("NGƯỜI LẬP BIỂU"))
    sheet.cell(row + 1, left + 4, text("TM. ỦY BAN NHÂN DÂN"))
    sheet.cell(row + 2, left + 4, text("CHỦ TỊCH"))
    sheet.cell(row + 5, left + 4, text("Nguyễn Văn An"))


def _instructions(sheet) -> None:
    lines = ["HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM",
             "1. Cột Điểm tự đánh giá: ghi điểm của đơn vị, dùng dấu phẩy thập phân.",
             "2. Nội dung không phát sinh ghi KPS.",
             "3. Tài liệu kiểm chứng ghi số, ký hiệu văn bản."]
    for i, line in enumerate(lines, start=1):
        sheet.cell(i, 1, line)


def _summary(sheet, methodology: Methodology, built: BuiltForm, text) -> None:
    """A summary sheet people add: one row per field with its totals."""
    sheet.cell(1, 1, text("TỔNG HỢP ĐIỂM THEO LĨNH VỰC"))
    for col, header in enumerate(["STT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá"], 1):
        sheet.cell(3, col, text(header))
    fields = methodology.fields
    for i, node in enumerate(fields.itertuples(), start=4):
        sheet.cell(i, 1, node.code)
        sheet.cell(i, 2, text(node.name))
        sheet.cell(i, 3, node.max_points)
        value = built.expected.get(node.code, {}).get("self_points")
        sheet.cell(i, 4, None if value is None or value != value else value)
