"""The results workbook prints as it looks (issue 16): every analysis sheet in Times New
Roman, A4 fitted to the width in the orientation its table needs, its own table's headings
repeated on every page, charts below the table, the commentary in wrapped rows that each fit
on a page; the validation report written to be worked from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from province import build

from cchc_index._internal.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"
PREVIOUS = ROOT / "data" / "sample_previous"
ANALYSIS_SHEETS = ["So sánh năm trước", "So sánh theo lĩnh vực", "Độ vững xếp loại",
                   "Điểm bị mất", "Điểm bị mất theo đơn vị", "Nhận xét"]
TABLE_SHEETS = ANALYSIS_SHEETS[:-1]
# A4 portrait, less the margins print_setup sets, in points (what a row may be at most)
PAGE_HEIGHT_POINTS = (297 / 25.4 - 2 * 0.6) * 72


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    out = tmp_path_factory.mktemp("print") / "ket_qua.xlsx"
    code = main(["score", str(SAMPLE), "-o", str(out), "--previous",
                 str(PREVIOUS / "ket_qua_2023.xlsx"), "--crosswalk",
                 str(PREVIOUS / "crosswalk.xlsx"), "--robustness", "30", "--summary",
                 "--quiet"])
    assert code == 0
    return load_workbook(out)


def _header_row(sheet) -> int:
    first, last = sheet.print_title_rows.replace("$", "").split(":")
    assert first == last
    return int(first)


def _last_table_row(sheet, header: int) -> int:
    row = header
    while sheet.cell(row + 1, 1).value is not None:
        row += 1
    return row


def test_the_analysis_sheets_are_there_each_table_on_its_own_sheet(workbook):
    charts = "Biểu đồ phân tích"  # no table: the charts, page by page
    assert workbook.sheetnames[-len(ANALYSIS_SHEETS) - 1:] == [*ANALYSIS_SHEETS, charts]


@pytest.mark.parametrize("name", ANALYSIS_SHEETS)
def test_every_written_cell_is_times_new_roman(workbook, name):
    sheet = workbook[name]
    fonts = {(c.coordinate, c.font.name) for row in sheet.iter_rows() for c in row
             if c.value is not None}
    assert fonts and {font for _, font in fonts} == {"Times New Roman"}, sorted(
        f for f in fonts if f[1] != "Times New Roman")[:5]


@pytest.mark.parametrize("name", ANALYSIS_SHEETS)
def test_a4_fitted_to_the_width(workbook, name):
    sheet = workbook[name]
    setup = sheet.page_setup
    assert int(setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.page_margins.left <= 0.8 and sheet.page_margins.top <= 0.8


def test_the_orientation_fits_the_table(workbook):
    orientation = {name: workbook[name].page_setup.orientation for name in ANALYSIS_SHEETS}
    assert orientation == {"So sánh năm trước": "landscape", "So sánh theo lĩnh vực": "portrait",
                           "Độ vững xếp loại": "landscape", "Điểm bị mất": "portrait",
                           "Điểm bị mất theo đơn vị": "landscape", "Nhận xét": "portrait"}
    for name, turned in orientation.items():
        sheet = workbook[name]
        width = sum(sheet.column_dimensions[letter].width for letter in
                    [sheet.cell(1, c).column_letter for c in range(1, sheet.max_column + 1)])
        assert (turned == "landscape") == (width > 95), (name, width)


@pytest.mark.parametrize("name", TABLE_SHEETS)
def test_the_repeated_headings_are_the_one_table_of_the_sheet(workbook, name):
    sheet = workbook[name]
    header = _header_row(sheet)
    headings = [c.value for c in sheet[header]]
    assert all(isinstance(h, str) and h for h in headings)
    for cell in sheet[header]:
        assert cell.font.bold and cell.font.name == "Times New Roman"
        assert cell.alignment.wrap_text
    last = _last_table_row(sheet, header)
    assert last > header
    # nothing else on the sheet below its table but a chart: no second table whose
    # columns the repeated headings would mislabel
    below = [c.value for row in sheet.iter_rows(min_row=last + 1) for c in row
             if c.value is not None]
    assert below == []
    body = sheet.cell(header + 1, 1)
    assert body.font.name == "Times New Roman" and not body.font.bold


def test_the_lost_points_by_unit_repeat_their_own_headings(workbook):
    by_unit = workbook["Điểm bị mất theo đơn vị"]
    header = _header_row(by_unit)
    assert [c.value for c in by_unit[header]][:3] == ["Đơn vị", "Mã", "Nội dung"]
    across = workbook["Điểm bị mất"]
    assert [c.value for c in across[_header_row(across)]][:2] == ["Mã", "Nội dung"]


def test_long_names_wrap_in_a_wide_column(workbook):
    sheet = workbook["Điểm bị mất theo đơn vị"]
    header = _header_row(sheet)
    name_col = [c.value for c in sheet[header]].index("Nội dung") + 1
    assert sheet.column_dimensions[sheet.cell(1, name_col).column_letter].width >= 35
    rows = range(header + 1, _last_table_row(sheet, header) + 1)
    longest = max(rows, key=lambda r: len(sheet.cell(r, name_col).value))
    assert len(sheet.cell(longest, name_col).value) > 50  # the sample has long names
    assert sheet.cell(longest, name_col).alignment.wrap_text
    assert sheet.row_dimensions[longest].height >= 30  # two lines at least


def test_the_analysis_charts_are_on_a_sheet_of_their_own_a_page_each(workbook):
    # on a table's sheet the repeated headings printed over every page of a chart, and one
    # group's intervals for 128 communes made a chart a metre tall
    for name in ("So sánh năm trước", "Độ vững xếp loại"):
        assert not workbook[name]._images
    sheet = workbook["Biểu đồ phân tích"]
    assert workbook.sheetnames[-1] == "Biểu đồ phân tích"
    assert not sheet.print_title_rows and sheet.page_setup.orientation == "portrait"
    images = sorted(sheet._images, key=lambda image: image.anchor._from.row)
    assert len(images) >= 3  # the change from last year, then the intervals of each group
    breaks = {b.id for b in sheet.row_breaks.brk}
    for number, image in enumerate(images):
        assert image.anchor._from.col == 0
        assert number == 0 or image.anchor._from.row in breaks  # a page each
        assert image.height / 100 * 2.54 <= 27.7  # 100 dpi: within an A4 page's height


def test_the_commentary_is_wrapped_rows_each_within_a_page(workbook, ):
    sheet = workbook["Nhận xét"]
    assert not sheet.merged_cells.ranges
    assert sheet.page_setup.orientation == "portrait"
    # within A4 portrait's margins unscaled (LibreOffice prints a unit of width as 7 pt)
    assert sheet.max_column == 1 and 60 <= sheet.column_dimensions["A"].width <= 74
    rows = [r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 1).value]
    assert len(rows) >= 2  # the sample's paragraph is cut between sentences
    for row in rows:
        cell = sheet.cell(row, 1)
        assert cell.alignment.wrap_text and cell.value.strip() == cell.value
        assert len(cell.value) <= 700
        height = sheet.row_dimensions[row].height
        assert height and 15 * len(cell.value) / 110 <= height < PAGE_HEIGHT_POINTS
        assert cell.value[-1] in ".!?"  # whole sentences: no row ends mid-word


def test_prose_is_cut_between_sentences_only():
    from cchc_index._internal.analysis.workbook import prose_rows

    sentence = "Xã Minh Tiến tăng 8,50 điểm: từ 72,00% lên 80,50%."
    text = " ".join([sentence] * 30) + "\nĐoạn hai."
    rows = prose_rows(text, most=200)
    assert rows[-1] == "Đoạn hai."
    assert " ".join(rows[:-1]) == " ".join([sentence] * 30)
    assert all(len(r) <= 200 and r.endswith(".") for r in rows)
    assert prose_rows("Một câu rất dài " * 20) == [("Một câu rất dài " * 20).strip()]


def _methodology_with(tmp_path, rows) -> Path:
    """The bundled methodology exported, with ``rows`` added to its ``Thông tin`` sheet."""
    path = tmp_path / "bo_chi_so.xlsx"
    assert main(["methodology", "export", "-o", str(path)]) == 0
    book = load_workbook(path)
    for row in rows:
        book["Thông tin"].append(list(row))
    book.save(path)
    return path


OFFICIAL = [("Cơ quan ban hành", "Ủy ban nhân dân\nhuyện Đồng Hỷ"),
            ("Số quyết định công bố", "125/QĐ-UBND"),
            ("Ngày quyết định", datetime(2025, 1, 15)),  # a date cell, as Excel stores it
            ("Người ký", "KT. Chủ tịch\nPhó Chủ tịch\nNguyễn Văn An")]


def test_the_methodology_reads_the_official_header(tmp_path):
    from cchc_index._internal.methodology.load import load_methodology

    methodology = load_methodology(_methodology_with(tmp_path, OFFICIAL))
    assert (methodology.issuer, methodology.announcement, methodology.announcement_date,
            methodology.signer) == ("Ủy ban nhân dân\nhuyện Đồng Hỷ", "125/QĐ-UBND",
                                    "15/01/2025", "KT. Chủ tịch\nPhó Chủ tịch\nNguyễn Văn An")


def test_the_annex_carries_the_official_header_and_the_signer(tmp_path):
    out = tmp_path / "kq.xlsx"
    assert main(["score", str(SAMPLE), "-m", str(_methodology_with(tmp_path, OFFICIAL)),
                 "-o", str(out), "--quiet"]) == 0
    sheet = load_workbook(out)["Tổng hợp"]
    texts = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row
             if c.value is not None}
    assert texts[1, 1] == "ỦY BAN NHÂN DÂN" and texts[2, 1] == "HUYỆN ĐỒNG HỶ"
    nation = next(c for (r, c), v in texts.items() if v == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert texts[1, nation] and texts[2, nation] == "Độc lập - Tự do - Hạnh phúc"
    assert sheet.cell(2, nation).font.underline == "single"
    assert sheet.cell(1, 1).font.bold and sheet.cell(1, 1).font.name == "Times New Roman"
    assert texts[4, 1] == "Phụ lục"
    assert texts[5, 1] == ("(Kèm theo Quyết định số 125/QĐ-UBND ngày 15/01/2025 của "
                           "Ủy ban nhân dân huyện Đồng Hỷ)")
    assert texts[7, 1].startswith("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024")
    assert texts[10, 1] == "STT" and sheet.print_title_rows == "$10:$12"
    for rng in sheet.merged_cells.ranges:  # the header block's merges stay one row each
        if rng.min_row <= 5:
            assert rng.min_row == rng.max_row
    last = max(r for r, _ in texts)  # the signer last, on the right, room to sign above
    signer_col = min(c for r, c in texts if r == last)
    assert texts[last, signer_col] == "Nguyễn Văn An" and signer_col > nation
    assert texts[last - 6, signer_col] == "KT. CHỦ TỊCH"
    assert texts[last - 5, signer_col] == "PHÓ CHỦ TỊCH"
    assert not any((r, c) in texts for r in range(last - 4, last) for c in range(1, 20))


def test_the_word_annex_carries_the_official_header_the_notes_and_the_signer(tmp_path):
    import docx

    table = build(tmp_path / "tinh.xlsx", units=20, missing_survey=2)
    out = tmp_path / "bao_cao.docx"
    assert main(["score", str(table), "-m", str(_methodology_with(tmp_path, OFFICIAL)),
                 "--docx", str(out), "--quiet"]) == 0
    document = docx.Document(out)
    header = document.tables[-2]  # the block above the annex's own table, the last one
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left == "ỦY BAN NHÂN DÂN\nHUYỆN ĐỒNG HỶ"
    assert right == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Phụ lục")
    assert texts[start + 1] == ("(Kèm theo Quyết định số 125/QĐ-UBND ngày 15/01/2025 của "
                                "Ủy ban nhân dân huyện Đồng Hỷ)")
    assert texts[start + 2].startswith("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")  # no 2nd "Phụ lục"
    annex = document.tables[-1]
    assert annex.rows[0].cells[-1].text == "Ghi chú"
    notes = [row.cells[-1].text for row in annex.rows[1:]]
    assert sum(n.startswith("Thiếu điểm điều tra XHH (tính 0 điểm)") for n in notes) == 2
    assert texts[-6:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "Nguyễn Văn An"]


def test_without_the_official_keys_the_annex_starts_with_its_title(workbook):
    sheet = workbook["Tổng hợp"]
    assert sheet.cell(1, 1).value.startswith("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH")
    assert sheet.cell(4, 1).value == "STT" and sheet.print_title_rows == "$4:$6"
    values = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert not any("CỘNG HÒA" in v or "Kèm theo" in v for v in values)


def test_problems_are_in_file_sheet_row_column_order():
    from cchc_index._internal.errors import Problem, problems_frame

    found = [("b.xlsx", "S", "E37", "error"), ("b.xlsx", "S", "E14", "warning"),
             ("a.xlsx", "S", "E36", "warning"), ("b.xlsx", "S", "E13", "error"),
             ("b.xlsx", "S", "AA2", "error"), ("b.xlsx", "S", "B2", "warning"),
             ("b.xlsx", "Phụ", "E40", "error"), ("b.xlsx", "S", "dòng 5", "warning"),
             ("b.xlsx", "S", "E13", "warning"), ("", "", "", "warning"),
             ("B.xlsx", "S", "E1", "warning")]
    problems = [Problem("X001", severity=severity, file=file, sheet=sheet, cell=cell)
                for file, sheet, cell, severity in found]
    frame = problems_frame(problems)
    assert list(zip(frame["file"], frame["sheet"], frame["cell"], frame["severity"],
                    strict=True)) == [
        ("", "", "", "warning"), ("a.xlsx", "S", "E36", "warning"),
        ("B.xlsx", "S", "E1", "warning"), ("b.xlsx", "Phụ", "E40", "error"),
        ("b.xlsx", "S", "B2", "warning"), ("b.xlsx", "S", "AA2", "error"),
        ("b.xlsx", "S", "dòng 5", "warning"), ("b.xlsx", "S", "E13", "error"),
        ("b.xlsx", "S", "E13", "warning"), ("b.xlsx", "S", "E14", "warning"),
        ("b.xlsx", "S", "E37", "error")]


def _place(file: str, sheet: str, cell: str) -> tuple:
    import re

    row = re.search(r"\d+", cell or "")
    letters = re.match(r"[A-Z]+(?=\d)", cell or "")
    column = letters[0] if letters else ""
    return (file.casefold(), sheet.casefold(), int(row[0]) if row else 0, len(column), column)


def test_the_validation_report_is_a_worklist_to_print(tmp_path, capsys):
    out = tmp_path / "kiem_tra.xlsx"
    assert main(["validate", str(ROOT / "data" / "sample_forms"), "-o", str(out)]) == 1
    screen = [line.split("] ", 1)[1] for line in capsys.readouterr().out.splitlines()
              if line.startswith(("  [LỖI]", "  [cảnh báo]"))]
    sheet = load_workbook(out)["Báo cáo kiểm tra"]
    assert sheet.cell(1, 1).value == "KẾT QUẢ KIỂM TRA DỮ LIỆU ĐẦU VÀO"
    assert sheet.cell(1, 1).font.name == "Times New Roman" and sheet.cell(1, 1).font.bold
    assert [c.value for c in sheet[4]] == ["Mức độ", "Mã", "Tệp", "Trang tính", "Ô", "Đơn vị",
                                           "Tiêu chí", "Giá trị", "Yêu cầu", "Nội dung"]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9 and int(sheet.page_setup.fitToWidth) == 1
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.column_dimensions["J"].width >= 50 and sheet.column_dimensions["C"].width >= 20
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert len(rows) >= 10 and {r[0] for r in rows} == {"Lỗi", "Cảnh báo"}
    places = [_place(r[2] or "", r[3] or "", r[4] or "") for r in rows]
    assert places == sorted(places)
    message = sheet.cell(5, 10)
    assert message.font.name == "Times New Roman" and message.alignment.wrap_text
    long = next(r for r in range(5, 5 + len(rows)) if len(sheet.cell(r, 10).value) > 150)
    assert sheet.row_dimensions[long].height >= 30
    assert screen == [r[9] for r in rows]  # the screen lists them in the same order


def test_the_tables_of_claims_against_appraisal_each_have_a_sheet(tmp_path):
    out = tmp_path / "kq.xlsx"
    main(["score", str(ROOT / "data" / "sample_forms"), "-o", str(out), "--summary", "--quiet"])
    book = load_workbook(out)
    claims, changed = book["Tự chấm và thẩm định"], book["Thẩm định điều chỉnh"]
    assert claims.cell(1, 1).value == "ĐIỂM TỰ CHẤM KHÔNG ĐƯỢC CÔNG NHẬN, THEO ĐƠN VỊ"
    assert changed.cell(1, 1).value == "TIÊU CHÍ HỘI ĐỒNG THẨM ĐỊNH ĐIỀU CHỈNH NHIỀU NHẤT"
    for sheet, first in ((claims, "Đơn vị"), (changed, "Mã")):
        header = _header_row(sheet)
        assert sheet.cell(header, 1).value == first
        assert not [c.value for row in sheet.iter_rows(
            min_row=_last_table_row(sheet, header) + 1) for c in row if c.value is not None]
        assert {c.font.name for row in sheet.iter_rows() for c in row
                if c.value is not None} == {"Times New Roman"}
        assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.paperSize) == 9


def test_an_annex_note_that_wraps_gets_a_row_tall_enough(tmp_path):
    table = build(tmp_path / "tinh.xlsx", units=20, missing_survey=3)
    out = tmp_path / "kq.xlsx"
    assert main(["score", str(table), "-o", str(out), "-q"]) == 0
    sheet = load_workbook(out).worksheets[0]
    first, last = (int(r) for r in sheet.print_title_rows.replace("$", "").split(":"))
    note_col = max(c.column for c in sheet[first] if c.value is not None)  # "Ghi chú"
    noted = [r for r in range(last + 1, sheet.max_row + 1)
             if str(sheet.cell(r, note_col).value or "").startswith("Thiếu điểm điều tra XHH")]
    assert len(noted) == 3  # "Thiếu điểm điều tra XHH (tính 0 điểm)": two lines at width 16
    for row in noted:  # a row of default height printed the note over the next units' rows
        assert (sheet.row_dimensions[row].height or 15) >= 30, row
