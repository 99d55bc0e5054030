"""The summary paragraph, the charts, the analysis sheets and the Word draft."""

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from analysis_builders import one_leaf, scored
from openpyxl import Workbook, load_workbook

from cchc_index import load_methodology, run, write_workbook
from cchc_index._internal.analysis.crosswalk import crosswalk_frame
from cchc_index._internal.analysis.docx_report import build_document
from cchc_index._internal.analysis.previous import PreviousResults
from cchc_index._internal.analysis.robustness import robustness
from cchc_index._internal.analysis.run import analyse, with_analyses
from cchc_index._internal.analysis.summary import summary_text
from cchc_index._internal.analysis.yoy import compare_years
from cchc_index._internal.text import name_key

POINTS = {"Xã A": 9.5, "Xã B": 9.0, "Xã C": 8.0, "Xã D": 8.0, "Xã E": 6.0}


@pytest.fixture(scope="module")
def five():
    return scored(one_leaf(**{"Tên": "Bộ thử"}), {u: {"1.1": p} for u, p in POINTS.items()})


def last_year(rows):
    frame = pd.DataFrame(rows, columns=["unit", "index_pct", "rank", "classification"])
    frame["key"] = frame["unit"].map(name_key)
    frame["group"] = ""
    return PreviousResults(frame, "Bộ thử", "", "2023", "kq_2023.csv")


@pytest.fixture(scope="module")
def comparison(five):
    previous = last_year([("Xã A", 90.0, 1, "Xuất sắc"), ("Xã B", 90.0, 1, "Xuất sắc"),
                          ("Xã C", 85.0, 3, "Tốt"), ("Xã E", 50.0, 4, "Trung bình")])
    return compare_years(five, previous)


def test_summary_states_counts_means_extremes_and_losses(five):
    text = summary_text(five)
    assert text.startswith("5 đơn vị được chấm điểm theo Bộ thử.")
    assert "Chỉ số bình quân là 81,00%, cao nhất 95,00%, thấp nhất 60,00%." in text
    assert ("Xếp loại: Xuất sắc 2 đơn vị (40,0%), Tốt 2 đơn vị (40,0%), Khá 0 đơn vị (0,0%), "
            "Trung bình 1 đơn vị (20,0%), Yếu 0 đơn vị (0,0%).") in text
    # a tie at the third place lists every unit with that index
    assert ("Các đơn vị có chỉ số cao nhất: Xã A (95,00%), Xã B (90,00%), Xã C (80,00%) và "
            "Xã D (80,00%).") in text
    assert "Ba đơn vị có chỉ số thấp nhất: Xã E (60,00%), Xã C (80,00%) và Xã D (80,00%)." in text
    assert ("Các lĩnh vực có tỷ lệ điểm đạt bình quân thấp nhất: lĩnh vực 1 «Chỉ đạo điều hành» "
            "(81,0% điểm tối đa).") in text
    assert ("Các tiêu chí bị mất điểm ở nhiều đơn vị nhất: tiêu chí 1.1 «Kế hoạch CCHC» (5/5 "
            "đơn vị bị mất điểm, mất tổng cộng 9,5 điểm).") in text
    # a paragraph per topic: units; mean and classes; first and last; fields and losses
    paragraphs = text.splitlines()
    assert [p.split()[0] for p in paragraphs] == ["5", "Chỉ", "Các", "Các"], paragraphs
    assert paragraphs[2].startswith("Các đơn vị có chỉ số cao nhất")


def test_summary_with_last_year_and_robustness(five, comparison):
    robust = robustness(five, runs=20, probability=0.0, survey_error=0.0)
    text = summary_text(five, comparison, robust)
    assert ("So với năm trước (2023), chỉ số bình quân của 4 đơn vị có số liệu cả hai năm tăng "
            "2,50 điểm phần trăm, từ 78,75% lên 81,25%.") in text
    assert ("Trong 4 đơn vị có số liệu năm trước, 2 đơn vị tăng chỉ số, 1 đơn vị giảm, 1 đơn vị "
            "không đổi.") in text
    assert ("Qua 20 lần mô phỏng sai lệch chấm điểm, mọi đơn vị đều giữ nguyên xếp loại ở ít "
            "nhất 90% số lần mô phỏng.") in text
    english = summary_text(five, comparison, robust, lang="en")
    assert "5 units were scored on Bộ thử." in english
    assert "rose by 2.50 percentage points, from 78.75% to 81.25%" in english


def test_summary_names_units_whose_class_is_not_settled(five):
    robust = robustness(five, runs=400, seed=3, probability=1.0, step=0.5, survey_error=0.0)
    text = summary_text(five, robust=robust)
    # B at 90 and C, D at 80 drop a band half the time; A at 95 and E at 60 never do
    sentence = text.split("Qua 400 lần mô phỏng sai lệch chấm điểm, ")[1]
    assert "1.000 lần" in summary_text(five, robust=robustness(
        five, runs=1000, seed=3, probability=0.0, survey_error=0.0))  # thousands with "."
    assert sentence.startswith("3 đơn vị có xếp loại chưa vững, tức giữ nguyên xếp loại ở dưới "
                               "90% số lần mô phỏng (trong ngoặc là xếp loại và tỷ lệ số lần mô "
                               "phỏng giữ được xếp loại đó): ")
    assert "Xã B (Xuất sắc, " in sentence and "Xã C (Tốt, " in sentence
    assert "Xã D (Tốt, " in sentence
    assert "Xã A (" not in sentence and "Xã E (" not in sentence


def test_rank_interval_chart_draws_every_interval(five):
    import matplotlib.pyplot as plt

    from cchc_index._internal.analysis.charts import FONT, rank_intervals

    robust = robustness(five, runs=400, seed=3, probability=1.0, step=0.5, survey_error=0.0)
    ax = rank_intervals(robust)
    ordered = robust.sort_values(["rank", "unit"])
    segments = ax.collections[0].get_segments()
    assert [(s[0][0], s[1][0]) for s in segments] == list(
        zip(ordered["rank_p05"].astype(float), ordered["rank_p95"].astype(float), strict=True))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ordered["unit"].tolist()
    assert all(t.get_fontfamily() == [FONT] for t in ax.get_yticklabels())
    assert ax.get_title() == "Độ vững của thứ hạng (400 lần mô phỏng)"
    plt.close(ax.figure)


def test_change_chart_shows_who_rose_and_fell(five, comparison):
    import matplotlib.pyplot as plt

    from cchc_index._internal.analysis.charts import FALL, RISE, index_change

    ax = index_change(comparison)
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == pytest.approx([10.0, 5.0, 0.0, -5.0])  # E, A, B, C; D is new
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Xã E", "Xã A", "Xã B", "Xã C"]
    colours = [bar.get_facecolor() for bar in ax.patches]
    from matplotlib.colors import to_rgba

    assert colours[0] == to_rgba(RISE) and colours[-1] == to_rgba(FALL)
    assert ax.get_xlabel() == "Thay đổi chỉ số so với năm trước (điểm phần trăm)"
    plt.close(ax.figure)


def test_merged_units_are_labelled_on_the_change_chart():
    import matplotlib.pyplot as plt

    from cchc_index._internal.analysis.charts import index_change

    run = scored(one_leaf(**{"Tên": "Bộ thử"}), {"Xã An Khánh": {"1.1": 8.0}})
    previous = last_year([("Xã An Thịnh", 90.0, 1, "Xuất sắc"), ("Xã Khánh Hòa", 70.0, 2, "Khá")])
    crosswalk = crosswalk_frame([("Xã An Thịnh", "Xã An Khánh", 1.0),
                                 ("Xã Khánh Hòa", "Xã An Khánh", 1.0)])
    ax = index_change(compare_years(run, previous, crosswalk))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Xã An Khánh (hợp nhất)"]
    plt.close(ax.figure)


def test_analysis_sheets_and_csv_columns(five):
    from cchc_index._internal.analysis.workbook import add_analysis_sheets
    from cchc_index._internal.report.csv import csv_frame

    previous = last_year([("Xã A", 90.0, 1, "Xuất sắc"), ("Xã B", 90.0, 1, "Xuất sắc")])
    analyses = analyse(five, previous, runs=30, seed=2)
    workbook = Workbook()
    added = add_analysis_sheets(workbook, analyses)
    assert added == ["So sánh năm trước", "Độ vững xếp loại", "Điểm bị mất",
                     "Điểm bị mất theo đơn vị", "Nhận xét", "Biểu đồ phân tích"]
    sheet = workbook["So sánh năm trước"]
    headings = [c.value for c in sheet[3]]
    assert headings[:5] == ["Đơn vị", "Nhóm", "Chỉ số (%)", "Chỉ số năm trước (%)",
                            "Tăng, giảm (điểm %)"]
    assert [sheet.cell(4, 1).value, sheet.cell(4, 4).value, sheet.cell(4, 5).value] == [
        "Xã A", 90.0, 5.0]
    assert sheet.cell(4, 11).value == "có" and not sheet._images
    assert len(workbook["Biểu đồ phân tích"]._images) == 2  # the change; the intervals
    robust = workbook["Độ vững xếp loại"]
    assert robust.cell(2, 1).value.startswith("30 lần mô phỏng, hạt giống 2")
    summary = workbook["Nhận xét"]  # the paragraph over rows, cut between sentences
    assert " ".join(c.value for c in summary["A"][2:]) == " ".join(analyses.summary.splitlines())
    frame = csv_frame(with_analyses(five, analyses))
    assert frame.columns[:9].tolist() == ["unit", "group", "points", "max_points", "index_pct",
                                          "rank", "classification", "appraised", "emulation"]
    assert frame.columns[-9:].tolist() == [
        "prev_index_pct", "index_change", "prev_rank", "rank_change", "prev_classification",
        "comparable", "rank_p05", "rank_p95", "class_probability"]
    assert frame.set_index("unit").loc["Xã C", "comparable"] == "new unit"


def test_english_sheets_never_take_a_name_the_workbook_has(five):
    from cchc_index._internal.analysis.workbook import add_analysis_sheets
    from cchc_index._internal.report.workbook import build_workbook

    workbook = build_workbook(five, "en")
    before = list(workbook.sheetnames)
    added = add_analysis_sheets(workbook, analyse(five, runs=10, lang="en"), "en")
    assert workbook.sheetnames == before + added
    assert "Robustness" in added and not set(added) & set(before)
    workbook.create_sheet("Points lost (2)")
    again = add_analysis_sheets(workbook, analyse(five, lang="en"), "en")
    assert "Points lost (3)" in again


def test_word_draft_is_a4_times_new_roman_with_repeated_headers(five, comparison, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from cchc_index._internal.analysis.docx_report import write_docx

    robust = robustness(five, runs=50, seed=1)
    path = write_docx(five, tmp_path / "bao_cao.docx", comparison, robust)
    document = Document(str(path))
    portrait, landscape = document.sections
    def mm(length):  # Word stores twentieths of a point
        return round(length / Mm(1))

    assert (mm(portrait.page_width), mm(portrait.page_height)) == (210, 297)
    assert (mm(landscape.page_width), mm(landscape.page_height)) == (297, 210)
    assert (mm(portrait.left_margin), mm(portrait.right_margin)) == (30, 15)
    assert mm(portrait.top_margin) == mm(portrait.bottom_margin) == 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(13)
    texts = [p.text for p in document.paragraphs]
    assert "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH" in texts
    summary = summary_text(five, comparison, robust).splitlines()
    assert len(summary) > 1  # its paragraphs, one Word paragraph each
    start = texts.index(summary[0])
    assert texts[start:start + len(summary)] == summary
    classes, lost, annex = document.tables
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in classes.rows[1].cells] == ["Xuất sắc", "2", "40,00"]
    header = [c.text for c in annex.rows[0].cells]
    assert header[:2] == ["STT", "Đơn vị"] and header[-4:] == [
        "Năm trước (%)", "Tăng, giảm", "Hạng 5%–95%", "Xác suất giữ xếp loại (%)"]
    first = [c.text for c in annex.rows[1].cells]
    assert first[:2] == ["1", "Xã A"] and first[header.index("Chỉ số (%)")] == "95,00"
    assert first[header.index("Tăng, giảm")] == "+5,00"
    d = [c.text for c in annex.rows[4].cells]
    assert d[1] == "Xã D" and d[header.index("Năm trước (%)")] == " (mới)"
    # the core charts (ranking, classes, fields), then the change chart and the rank intervals
    assert len(document.inline_shapes) == 5
    assert [c.text for c in lost.rows[1].cells][:2] == ["1.1", "Kế hoạch CCHC"]


def test_the_analysed_workbook_adds_the_analysis_sheets_after_the_report(five, tmp_path):
    from openpyxl import load_workbook

    from cchc_index._internal.analysis.workbook import write_analysed_workbook
    from cchc_index._internal.report.workbook import write_workbook

    run = scored(one_leaf(**{"Tên": "Bộ thử"}), {"Xã An Khánh": {"1.1": 8.0},
                                                 "Xã B": {"1.1": 9.0}})
    previous = last_year([("Xã An Thịnh", 90.0, 1, "Xuất sắc"), ("Xã Khánh Hòa", 70.0, 2, "Khá"),
                          ("Xã B", 80.0, 3, "Tốt")])
    crosswalk = crosswalk_frame([("Xã An Thịnh", "Xã An Khánh", 1.0),
                                 ("Xã Khánh Hòa", "Xã An Khánh", 3.0)])
    plain = load_workbook(write_workbook(run, tmp_path / "kq.xlsx"))
    analysed = load_workbook(write_analysed_workbook(
        run, tmp_path / "kq_ps.xlsx", analyses=analyse(run, previous, crosswalk)))
    added = analysed.sheetnames[len(plain.sheetnames):]
    assert analysed.sheetnames[:len(plain.sheetnames)] == plain.sheetnames
    assert added[0] == "So sánh năm trước" and "Nhận xét" in added
    sheet = analysed["So sánh năm trước"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
    assert rows["Xã An Khánh"][3] == 75.0  # (90×1 + 70×3) / 4
    assert rows["Xã An Khánh"][10] == "hợp nhất"
    assert rows["Xã An Khánh"][11] == "Xã An Thịnh, Xã Khánh Hòa"
    assert rows["Xã B"][3:5] == (80.0, 10.0)


def test_analysis_sheets_show_indices_as_the_methodology_rounds_them():
    """Truncated to one decimal, 89,99 shows 89,9 on the comparison and robustness sheets
    as in the annex (it read 90,00 there, beside a class that says otherwise)."""
    from cchc_index._internal.analysis.workbook import add_analysis_sheets

    m = one_leaf(**{"Tên": "Bộ thử", "Số chữ số thập phân": 1, "Làm tròn": "Cắt bỏ"})
    run = scored(m, {"Xã A": {"1.1": 8.999}, "Xã B": {"1.1": 7.0}})
    previous = last_year([("Xã A", 79.96, 1, "Khá"), ("Xã B", 70.0, 2, "Khá")])
    analyses = analyse(run, previous, runs=10, seed=1)
    workbook = Workbook()
    add_analysis_sheets(workbook, analyses, rounding=m.rounding)
    sheet = workbook["So sánh năm trước"]
    row = next(r for r in range(4, 8) if sheet.cell(r, 1).value == "Xã A")
    assert [sheet.cell(row, c).value for c in (3, 4, 5)] == [89.9, 79.9, 10.0]
    assert sheet.cell(row, 3).number_format == "0.0"
    assert sheet.print_title_rows == "$3:$3"  # the unit table's headings, not the last table's
    robust = workbook["Độ vững xếp loại"]
    row = next(r for r in range(5, 8) if robust.cell(r, 1).value == "Xã A")
    assert robust.cell(row, 3).value == 89.9


def test_summary_names_the_first_and_last_of_each_group_ranked_apart():
    result = run([Path(__file__).parents[1] / "data" / "sample_district"], load_methodology())
    text = summary_text(result)
    assert "Ba đơn vị có chỉ số cao nhất" not in text  # one province-wide list hid a group
    assert ("Phường (6 đơn vị, xếp hạng riêng): cao nhất là Phường Trần Phú (89,50%), Phường "
            "Minh Khai (88,75%) và Phường Bắc Sơn (79,50%); thấp nhất là Phường Tân Thịnh "
            "(69,00%), Phường Hoàng Văn Thụ (70,25%) và Phường Lê Lợi (76,75%).") in text
    assert ("Xã (14 đơn vị, xếp hạng riêng): cao nhất là Xã Lương Sơn (92,75%), Xã Thạch Bàn "
            "(92,75%), Xã Phú Mỹ (89,75%) và Xã Đồng Tâm (89,75%); thấp nhất là") in text
    decided = replace(result, methodology=replace(result.methodology, decision="12/QĐ-UBND"))
    assert summary_text(decided).startswith(
        "Năm 2024, 20 đơn vị được chấm điểm theo Bộ chỉ số CCHC cấp xã (minh hoạ) ban hành kèm "
        "theo Quyết định số 12/QĐ-UBND.\n")


def test_every_output_cites_the_methodology_alike(tmp_path):
    result = run([Path(__file__).parents[1] / "data" / "sample_district"], load_methodology())
    decided = replace(result, methodology=replace(result.methodology, decision="12/QĐ-UBND"))
    cited = "Bộ chỉ số CCHC cấp xã (minh hoạ) ban hành kèm theo Quyết định số 12/QĐ-UBND"
    sheet = load_workbook(write_workbook(decided, tmp_path / "kq.xlsx")).worksheets[0]
    assert sheet.cell(2, 1).value == f"(Theo {cited})"  # was "(Theo … — 12/QĐ-UBND — 2024)"
    paragraphs = [p.text for p in build_document(decided).paragraphs]
    assert paragraphs[1] == f"(Theo {cited})"
    assert summary_text(decided).startswith(f"Năm 2024, 20 đơn vị được chấm điểm theo {cited}.")
