"""Methodology mistakes caught (issue 16): bands out of order, a repeated code that no
longer hides the other mistakes, rules that cannot reach their leaf's maximum, deductions
read the right way round, and a damaged methodology file said in the user's terms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from cchc_index import MethodologyError, load_methodology
from cchc_index._internal.cli import main
from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.methodology.export import write_methodology
from cchc_index._internal.methodology.load import Table, parse_tables
from cchc_index._internal.ranking import classify
from cchc_index.rules import council_table, rule_points, rule_problems

ROOT = Path(__file__).resolve().parents[1]
CRITERIA = [["Mã", "Nội dung", "Điểm tối đa", "Thành phần"],
            ["1", "Chỉ đạo điều hành", 6, ""],
            ["1.1", "Kế hoạch", 2, ""],
            ["1.2", "Kiểm tra", 4, ""],
            ["2", "Thủ tục hành chính", 4, ""],
            ["2.1", "Giải quyết đúng hạn", 4, ""]]
FIVE = [["Xếp loại", "Từ (%)"], ["Xuất sắc", 90], ["Tốt", 80], ["Khá", 70],
        ["Trung bình", 50], ["Yếu", 0]]


def workbook(path: Path, criteria=CRITERIA, bands=FIVE, info=()) -> Path:
    """A methodology workbook as an analyst types it: sheets Tiêu chí, Xếp loại, Thông tin."""
    book = Workbook()
    sheets = {"Tiêu chí": criteria, "Xếp loại": bands, "Thông tin": list(info)}
    book.active.title = "Tiêu chí"
    for title, rows in sheets.items():
        sheet = book[title] if title in book.sheetnames else book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def problems_of(path: Path):
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    return caught.value.problems


# ---- bands: the order written is the order of quality ----

def test_a_band_above_a_better_band_is_an_error_naming_both_rows(tmp_path):
    """"Tốt" from 95 typed under "Xuất sắc" from 90: a unit at 96% would be "Tốt", one at
    92% "Xuất sắc". Refused, naming the sheet, the rows and what was expected."""
    bands = [["Xếp loại", "Từ (%)"], ["Xuất sắc", 90], ["Tốt", 95], ["Khá", 70],
             ["Trung bình", 50], ["Yếu", 0]]
    [problem] = problems_of(workbook(tmp_path / "bo_chi_so.xlsx", bands=bands))
    assert (problem.code, problem.sheet, problem.cell, problem.found, problem.expected) == (
        "M025", "Xếp loại", "dòng 3", 95.0, 90.0)
    assert problem.message() == (
        "Tệp bo_chi_so.xlsx, trang tính Xếp loại, dòng 3: mức «Tốt» bắt đầu từ 95%, cao hơn "
        "mức «Xuất sắc» ngay trên nó (dòng 2, từ 90%); mức dưới phải thấp hơn mức trên (dòng "
        "đầu là mức cao nhất), cần < 90%: sửa ngưỡng hoặc đổi thứ tự các dòng.")
    assert problem.message("en").startswith(
        "File bo_chi_so.xlsx, sheet Xếp loại, row 3: band «Tốt» starts at 95%, above the band "
        "written over it, «Xuất sắc» (row 2, from 90%)")


def test_only_the_band_that_rises_is_named(tmp_path):
    bands = [["Xếp loại", "Từ (%)"], ["Xuất sắc", 90], ["Tốt", 80], ["Khá", 85],
             ["Trung bình", 50], ["Yếu", 0]]
    problems = problems_of(workbook(tmp_path / "m.xlsx", bands=bands))
    assert [(p.code, p.cell, p.params["above"]) for p in problems] == [
        ("M025", "dòng 4", "Tốt")]


def test_a_table_written_from_the_lowest_band_up_is_one_mistake(tmp_path):
    bands = [["Xếp loại", "Từ (%)"], ["Yếu", 0], ["Trung bình", 50], ["Khá", 70],
             ["Tốt", 80], ["Xuất sắc", 90]]
    [problem] = problems_of(workbook(tmp_path / "m.xlsx", bands=bands))
    assert (problem.code, problem.cell) == ("M026", "dòng 2–6")
    assert problem.expected == "«Xuất sắc» 90, «Tốt» 80, «Khá» 70, «Trung bình» 50, «Yếu» 0"
    assert "ghi từ thấp lên cao" in problem.message()


def test_the_last_band_must_start_at_0_and_a_repeated_bound_names_the_other_band(tmp_path):
    bands = [["Xếp loại", "Từ (%)"], ["Xuất sắc", 90], ["Tốt", 80], ["Khá", 80],
             ["Trung bình", 50]]
    problems = {p.code: p for p in problems_of(workbook(tmp_path / "m.xlsx", bands=bands))}
    assert set(problems) == {"M021", "M022"}
    assert problems["M021"].message().endswith(
        "dòng 4: ngưỡng 80% của mức «Khá» trùng với ngưỡng của mức «Tốt» (dòng 3); mức dưới "
        "phải thấp hơn mức trên.")
    assert (problems["M022"].cell, problems["M022"].found) == ("dòng 5", 50.0)
    assert "mức thấp nhất «Trung bình» bắt đầu từ 50%" in problems["M022"].message()


def test_bands_classify_in_the_order_written_and_a_swap_is_refused(tmp_path):
    loaded = load_methodology(workbook(tmp_path / "m.xlsx"))
    assert [b.label for b in loaded.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    shown = pd.Series([100.0, 90.0, 89.99, 80.0, 50.0, 49.99, 0.0])
    assert classify(shown, loaded).tolist() == [
        "Xuất sắc", "Xuất sắc", "Tốt", "Tốt", "Trung bình", "Yếu", "Yếu"]
    swapped = [FIVE[0], FIVE[2], FIVE[1], *FIVE[3:]]  # Tốt 80 typed above Xuất sắc 90
    [problem] = problems_of(workbook(tmp_path / "swapped.xlsx", bands=swapped))
    assert (problem.code, problem.cell, problem.params["label"], problem.params["above"]) == (
        "M025", "dòng 3", "Xuất sắc", "Tốt")


def test_score_refuses_the_exported_methodology_with_a_band_typed_out_of_order(tmp_path,
                                                                               capsys):
    """The analyst's path: export, edit the bands, score. Today's mistake gave exit 0."""
    path = write_methodology(load_methodology(), tmp_path / "bo_chi_so.xlsx")
    book = load_workbook(path)
    bands = book["Xếp loại"]
    assert [bands.cell(r, 1).value for r in (2, 3)] == ["Xuất sắc", "Tốt"]
    bands.cell(3, 2).value = 95  # Tốt from 95, under Xuất sắc from 90
    book.save(path)
    code = main(["score", str(ROOT / "data" / "sample_district"), "-m", str(path), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Bộ chỉ số không dùng được (1 lỗi)" in err
    assert "trang tính Xếp loại, dòng 3: mức «Tốt» bắt đầu từ 95%" in err


# ---- a repeated code is one mistake among the others ----

def test_a_repeated_code_does_not_hide_the_other_mistakes(tmp_path):
    criteria = [["Mã", "Nội dung", "Điểm tối đa", "Thành phần"],
                ["1", "Chỉ đạo điều hành", 6, ""],          # row 2: 1.1 + 1.2 = 6
                ["1.1", "Kế hoạch", 2, ""],
                ["1.2", "Kiểm tra", 4, ""],
                ["1.2", "Kiểm tra (chép trùng)", 3, "Khác"],  # row 5: repeated, bad word
                ["2", "Thủ tục hành chính", 5, ""],          # row 6: stated 5, children 4
                ["2.1", "Giải quyết đúng hạn", 4, ""]]
    bands = [["Xếp loại", "Từ (%)"], ["Xuất sắc", 90], ["Tốt", 95], ["Yếu", 0]]
    info = [["Làm tròn", "Tròn lên"]]
    path = workbook(tmp_path / "m.xlsx", criteria, bands, info)
    found = {(p.code, p.sheet, p.cell) for p in problems_of(path)}
    assert found == {("M011", "Tiêu chí", "dòng 5"), ("M016", "Tiêu chí", "dòng 5"),
                     ("M013", "Tiêu chí", "dòng 6"), ("M025", "Xếp loại", "dòng 3"),
                     ("M030", "Thông tin", "dòng 1")}


def test_the_branch_of_a_repeated_code_is_not_summed_the_others_are():
    """The parent of a repeated code cannot be checked (which row is meant?); its
    grandparent's sibling branches still are."""
    rows = [["Mã", "Nội dung", "Điểm tối đa"],
            ["1", "A", 9], ["1.1", "B", 4], ["1.1.1", "C", 2], ["1.1.1", "C again", 2],
            ["1.1.2", "D", 1], ["1.2", "E", 5], ["1.2.1", "F", 4], ["1.2.2", "G", 2]]
    tables = {"Tiêu chí": Table("Tiêu chí", list(enumerate(rows, start=1))),
              "Xếp loại": Table("Xếp loại", list(enumerate(FIVE, start=1)))}
    with pytest.raises(MethodologyError) as caught:
        parse_tables(tables, "m.xlsx")
    assert [(p.code, p.criterion or p.found) for p in caught.value.problems] == [
        ("M011", "1.1.1"), ("M013", "1.2")]


def test_a_malformed_code_leaves_other_branches_checked():
    rows = [["Mã", "Nội dung", "Điểm tối đa"],
            ["1", "A", 3], ["1.1", "B", 2], ["1.a", "C", 1],
            ["2", "D", 5], ["2.1", "E", 4]]
    tables = {"Tiêu chí": Table("Tiêu chí", list(enumerate(rows, start=1))),
              "Xếp loại": Table("Xếp loại", list(enumerate(FIVE, start=1)))}
    with pytest.raises(MethodologyError) as caught:
        parse_tables(tables, "m.xlsx")
    assert [(p.code, p.cell) for p in caught.value.problems] == [
        ("M010", "dòng 4"), ("M013", "dòng 5")]


# ---- a damaged methodology file ----

def test_a_damaged_methodology_file_is_said_in_the_users_terms(tmp_path):
    whole = write_methodology(load_methodology(), tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "bo_chi_so.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])  # a download cut short
    garbage = tmp_path / "ghi_chu.xlsx"
    garbage.write_text("không phải sổ Excel", encoding="utf-8")
    for path in (cut, garbage):
        [problem] = problems_of(path)
        assert problem.code == "M003"
        assert "BadZip" not in problem.message() and "Error" not in problem.message("en")
        assert problem.message() == (
            f"Tệp {path.name}: không đọc được tệp bộ chỉ số: tệp bị hỏng hoặc không phải sổ "
            "Excel (.xlsx, .xlsm); hãy mở bằng Excel và lưu lại, hoặc xuất lại bộ chỉ số "
            "(methodology export).")
        assert "the file is damaged or not an Excel workbook" in problem.message("en")


def test_an_old_or_protected_workbook_renamed_xlsx_is_named_as_such(tmp_path):
    path = tmp_path / "bo_chi_so.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    [problem] = problems_of(path)
    assert problem.code == "M003"
    assert "sổ Excel cũ (.xls) hoặc sổ có đặt mật khẩu" in problem.message()
    assert "password-protected" in problem.message("en")


# ---- scoring rules: what the author is warned about ----

RULE_HEADER = ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh", "Quy tắc chấm",
               "Tham số"]


def rule_methodology(rows):
    numbered = list(enumerate([RULE_HEADER, *rows], start=1))
    return parse_tables({"Tiêu chí": Table("Tiêu chí", numbered),
                         "Xếp loại": Table("Xếp loại", list(enumerate(FIVE, start=1)))},
                        "bo_chi_so.xlsx")


@pytest.mark.parametrize(("kind", "params", "best"), [
    ("Bậc thang", "≥100%: 1; ≥95%: 0,5; còn lại: 0", "1"),
    ("Tỷ lệ", "Chỉ tiêu: 80%; Điểm: 1,5", "1,5"),
    ("Tỷ lệ", "Chỉ tiêu: 80%; Điểm: 0", "0"),  # read as the maximum today
    ("Thời hạn", "Đúng hạn: 1; Trễ hạn: 0,5", "1"),
    ("Đạt/Không đạt", "Đạt: 1,5; Không đạt: 0", "1,5"),
])
def test_a_rule_that_cannot_reach_the_maximum_warns_its_author(kind, params, best):
    m = rule_methodology([["1", "Chỉ đạo", 2, "", "", "", ""],
                          ["1.1", "Kế hoạch", 2, "", "", kind, params]])
    [warning] = m.warnings
    assert (warning.code, warning.severity, warning.sheet, warning.cell, warning.criterion,
            warning.found, warning.expected) == (
        "R115", "warning", "Tiêu chí", "dòng 3", "1.1", best, "2")
    assert warning.message() == (
        f"Tệp bo_chi_so.xlsx, trang tính Tiêu chí, dòng 3 (tiêu chí 1.1): quy tắc chấm cho "
        f"nhiều nhất {best} điểm, thấp hơn điểm tối đa 2 của tiêu chí: không đơn vị nào đạt "
        "được điểm tối đa; kiểm tra lại điểm trong quy tắc hoặc điểm tối đa.")
    assert m.criteria[1].rule is not None  # only a warning: the rule is kept and used
    # Every run tells it once, whatever the units wrote.
    batch = one_unit({})
    assert [p.code for p in rule_problems(batch.entries, batch.units, m)] == ["R115"]


def test_rules_that_reach_the_maximum_give_no_warning():
    m = rule_methodology([["1", "Chỉ đạo", 4, "", "", "", ""],
                          ["1.1", "Kế hoạch", 1, "", "", "Thời hạn", "Đúng hạn: 1; Trễ hạn: 0"],
                          ["1.2", "Báo cáo", 1, "", "", "Trừ điểm", "Mỗi báo cáo trễ hạn: 0,25"],
                          ["1.3", "Công khai", 2, "", "", "Đạt/Không đạt", ""],
                          ["2", "Trừ", None, "Điểm trừ", "", "", ""],
                          ["2.1", "Vi phạm", 2, "", "", "Trừ điểm", "Mỗi lần: 0,5; Tối đa: 1"]])
    assert m.warnings == ()
    assert load_methodology().warnings == ()


# ---- a deduction on a penalty leaf reads the right way round ----

PENALTY = [["1", "Chỉ đạo", 1, "", "", "", ""],
           ["1.1", "Kế hoạch", 1, "", "", "Thời hạn", "Đúng hạn: 1; Trễ hạn: 0,5"],
           ["2", "Điểm trừ", None, "Điểm trừ", "", "", ""],
           ["2.1", "Vi phạm", 2, "", "", "Trừ điểm", "Mỗi lần vi phạm: 0,5"]]


def one_unit(values: dict[str, tuple]) -> Batch:
    """Xã P's form: code -> (self-score, raw figure[, appraisal]); figures in D, self in E."""
    rows = []
    for number, (code, (own, figure, *rest)) in enumerate(values.items(), start=10):
        rows.append({"unit_id": "p", "code": code, "file": "Xã P.xlsx", "sheet": "Tự đánh giá",
                     "self_points": own, "appraisal_1": rest[0] if rest else None,
                     "raw_figure": figure, "cell_raw_figure": f"D{number}",
                     "cell_self_points": f"E{number}", "cell_appraisal_1": f"F{number}"})
    units = make_units([{"unit_id": "p", "unit": "Xã P", "file": "Xã P.xlsx",
                         "sheet": "Tự đánh giá"}])
    return Batch(units, make_entries(rows))


def test_deducting_less_than_the_rule_is_an_over_claim():
    """Two violations at 0,5 each: the rule deducts 1. A unit that deducts 0,5 claims
    0,5 more than it may; one that deducts 1,5 claims less."""
    m = rule_methodology(PENALTY)
    less = one_unit({"2.1": (0.5, "2 lần")})
    [problem] = rule_problems(less.entries, less.units, m)
    assert (problem.code, problem.cell, problem.found, problem.expected) == (
        "R153", "E10", 0.5, 1.0)
    assert problem.message() == (
        "Tệp Xã P.xlsx, trang tính Tự đánh giá, ô E10 (đơn vị Xã P, tiêu chí 2.1): tự trừ 0,5 "
        "điểm nhưng số liệu 2 lần (ô D10) phải bị trừ 1 điểm theo quy định (Trừ điểm: Mỗi lần "
        "vi phạm: 0,5): trừ thiếu 0,5 điểm, điểm tự chấm cao hơn quy định.")
    assert problem.message("en").endswith(
        "self-deducted 0.5 but the figure 2 lần (cell D10) must lose 1 under the rule "
        "(deduction: Mỗi lần vi phạm: 0,5): 0.5 too little deducted, the self-score is above "
        "the rule.")
    [row] = council_table(rule_points(less.entries, m, less.units)).to_dict("records")
    assert (row["Chênh lệch"], row["Vấn đề"]) == (
        0.5, "Tự trừ ít hơn quy định (tự chấm cao hơn)")

    more = one_unit({"2.1": (-1.5, "2 lần")})
    [problem] = rule_problems(more.entries, more.units, m)
    assert (problem.code, problem.found) == ("R154", 1.5)
    assert "trừ thừa 0,5 điểm, điểm tự chấm thấp hơn quy định" in problem.message()
    [row] = council_table(rule_points(more.entries, m, more.units), "en").to_dict("records")
    assert (row["Difference"], row["Issue"]) == (
        -0.5, "deducted more than the rule (self-score below it)")


@pytest.mark.parametrize("typed", [1.0, -1.0])
def test_a_deduction_typed_with_either_sign_agrees_with_the_rule(typed):
    m = rule_methodology(PENALTY)
    batch = one_unit({"2.1": (typed, "2 lần", -typed)})
    assert rule_problems(batch.entries, batch.units, m) == []
    assert rule_points(batch.entries, m, batch.units)["self_agrees"].tolist() == [True]
