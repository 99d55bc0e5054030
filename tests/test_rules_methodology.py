"""Rules as methodology data: read from the analyst's workbook, checked with every mistake
listed at its row, written back by ``methodology export``, and shipped in the bundled index."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from cchc_index._internal.errors import MethodologyError
from cchc_index._internal.methodology.export import write_methodology
from cchc_index._internal.methodology.load import load_methodology
from cchc_index.rules import RuleKind, parse_figure, rules_of

HEADER = ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh", "Quy tắc chấm",
          "Tham số"]


def workbook(path, rows, header=HEADER):
    book = Workbook()
    sheet = book.active
    sheet.title = "Tiêu chí"
    sheet.append(["BỘ CHỈ SỐ CCHC CẤP XÃ"])  # a title row above the header
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    bands = book.create_sheet("Xếp loại")
    for row in [["Xếp loại", "Từ (%)"], ["Tốt", 80], ["Khá", 0]]:
        bands.append(row)
    book.save(path)
    return path


def test_every_rule_mistake_is_listed_with_sheet_and_row(tmp_path):
    path = workbook(tmp_path / "bo.xlsx", [
        ["1", "Thủ tục hành chính", 10, "", "", "Bậc thang", "≥100%: 10; còn lại: 0"],   # row 3
        ["1.1", "Giải quyết đúng hạn", 5, "", "", "Bậc thang", "≥95%: 2,5; ≥100%: 5"],  # row 4
        ["1.2", "Hồ sơ trực tuyến", 5, "", "", "Tỷ lệ", "Chỉ tiêu: 50"],               # row 5
        ["2", "Hài lòng", 4, "Điều tra XHH", "", "", ""],                               # row 6
        ["2.1", "Hài lòng của người dân", 4, "", "", "Đạt/Không đạt", ""],              # row 7
        ["3", "Thưởng, trừ", None, "", "", "", ""],                                     # row 8
        ["3.1", "Chậm báo cáo", 2, "Điểm trừ", "", "Trừ điểm", "Mỗi báo cáo: 0,5"],     # row 9
        ["3.2", "Vi phạm", 1, "Điểm trừ", "", "Theo ý kiến", ""],                       # row 10
    ])
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    found = {(p.code, p.cell, p.criterion) for p in caught.value.problems}
    assert found == {("R103", "dòng 4", "1.1"),  # out of order: no false R109 besides
                     ("R105", "dòng 5", "1.2"), ("R108", "dòng 7", "2.1"),
                     ("R101", "dòng 10", "3.2"), ("R107", "dòng 3", "1")}
    assert all(p.sheet == "Tiêu chí" and p.file == "bo.xlsx" for p in caught.value.problems)
    messages = caught.value.messages()
    assert ("Tệp bo.xlsx, trang tính Tiêu chí, dòng 10 (tiêu chí 3.2): quy tắc chấm «Theo ý "
            "kiến» không hợp lệ; dùng một trong: Đạt/Không đạt, Bậc thang, Tỷ lệ, Thời hạn, "
            "Trừ điểm.") in messages


def test_english_headers_and_unaccented_words(tmp_path):
    path = workbook(tmp_path / "en.xlsx", [
        ["1", "Procedures", 3, "", "", "bac thang", "≥100%: 3; ≥95%: 1,5; con lai: 0"],
        ["2", "Plan", 1, "", "", "thoi han", "Dung han: 1; Tre han: 0,5; Khong co: 0"],
    ], header=["Code", "Name", "Max points", "Component", "Not arisen", "Rule", "Parameters"])
    rules = rules_of(load_methodology(path))
    assert rules["1"].kind is RuleKind.THRESHOLDS and rules["2"].kind is RuleKind.DEADLINE
    assert rules["1"].points(parse_figure("95%")) == 1.5
    assert rules["2"].points(parse_figure("trễ hạn")) == 0.5


def test_export_writes_the_rules_back_and_load_reads_them_the_same(tmp_path):
    original = load_methodology()
    path = write_methodology(original, tmp_path / "bo_chi_so.xlsx")
    sheet = load_workbook(path)["Tiêu chí"]
    header = [c.value for c in sheet[1]]
    kind_col, params_col = header.index("Quy tắc chấm"), header.index("Tham số")
    by_code = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_code["3.2.1"][kind_col] == "Bậc thang"
    assert by_code["3.2.1"][params_col] == "≥100%: 5; từ 95% đến dưới 100%: 2,5; còn lại: 0"
    assert by_code["2.2"][kind_col] in ("", None)
    again = load_methodology(path)
    assert rules_of(again) == rules_of(original)
    assert [c.code for c in again.criteria] == [c.code for c in original.criteria]


def test_bundled_commune_index_scores_its_propaganda_and_procedure_items_by_rule():
    methodology = load_methodology("xa-phuong-minh-hoa")
    rules = rules_of(methodology)
    kinds = {code: rule.kind for code, rule in rules.items()}
    assert kinds == {
        "1.1.1": RuleKind.DEADLINE, "1.2.1": RuleKind.THRESHOLDS, "1.2.2": RuleKind.DEDUCTION,
        "1.4.1": RuleKind.DEADLINE, "1.4.2": RuleKind.PROPORTIONAL,
        "1.4.3": RuleKind.THRESHOLDS, "3.1.1": RuleKind.THRESHOLDS,
        "3.1.2": RuleKind.PASS_FAIL, "3.2.1": RuleKind.THRESHOLDS,
        "3.2.3": RuleKind.PROPORTIONAL, "9.2": RuleKind.DEDUCTION,
    }
    tree = methodology.tree.set_index("code")
    assert methodology.total_max == 100.0
    assert tree.loc["3.2.1", "max_points"] == 5.0 and tree.loc["1.4.2", "max_points"] == 1.5
    on_time = rules["3.2.1"]
    assert [on_time.points(parse_figure(f)) for f in ("100%", "95%", "94,99%", "19/20")] == [
        5.0, 2.5, 0.0, 2.5]
    for code, rule in rules.items():  # each rule knows its leaf's maximum
        assert float(rule.maximum) == tree.loc[code, "stated_max"]
