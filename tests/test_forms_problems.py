"""What is wrong with a form is reported at the cell a person must open, and a bad form
never stops the others from being scored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from form_builder import FormSpec, build_form, default_scores, variant
from openpyxl import Workbook, load_workbook

from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.formula_cells import _scan, uncached_formulas
from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.layouts.form import read_form
from cchc_index._internal.methodology.load import Table, load_methodology, parse_tables
from cchc_index._internal.pipeline import run

METHODOLOGY = load_methodology()
ROOT = Path(__file__).resolve().parents[1]


def _run(built, tmp_path, name="form.xlsx"):
    return run([built.save(tmp_path / name)], METHODOLOGY)


def _problems(result, prefix=("I",)):
    return [(p.severity, p.code, p.cell, p.criterion) for p in result.problems
            if p.code.startswith(prefix)]


def _methodology(rows: list[list[object]]):
    header = ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh",
              "Tài liệu kiểm chứng"]
    tables = {
        "Tiêu chí": Table("Tiêu chí", [(i, r) for i, r in enumerate([header, *rows], 1)]),
        "Thông tin": Table("Thông tin", [(1, ["Mẫu xếp loại", "nam-muc"])]),
    }
    return parse_tables(tables, "test.xlsx")


def test_errors_point_at_the_right_cell_after_title_rows_merged_header_and_blank_rows(tmp_path):
    scores = default_scores(METHODOLOGY)
    scores["1.1.1"] = {"self_points": "một", "appraisal_1": 1}
    scores["1.4.2"] = {"self_points": 1, "appraisal_1": 2}
    built = build_form(METHODOLOGY, variant(extra_title_rows=3, blank_before=("1.1.1", "1.4"),
                                            label="next"), scores)
    # title block 9 rows, header 2 rows + column numbers, field 1, criterion 1.1, a blank row
    assert (built.header_row, built.rows["1"], built.rows["1.1.1"]) == (10, 13, 16)
    result = _run(built, tmp_path)
    errors = [p for p in result.errors]
    assert ("error", "I010", "E16", "1.1.1") in _problems(result)
    assert ("error", "I012", "F27", "1.4.2") in _problems(result)
    text = next(p for p in errors if p.code == "I010").message()
    assert text == ("Tệp form.xlsx, trang tính Tự đánh giá, ô E16 (đơn vị Xã Minh Tiến, tiêu chí "
                    "1.1.1): giá trị «một» không phải là số.")
    assert "cell F27" in next(p for p in errors if p.code == "I012" and p.criterion == "1.4.2"
                              ).message("en")
    assert result.results.empty  # a unit with an error is not scored
    assert (built.cell("1.1.1", "self_points"), built.cell("1.4.2", "appraisal_1")) == (
        "E16", "F27")


def test_structure_problems_of_a_form(tmp_path):
    built = build_form(METHODOLOGY, variant(
        skip=("3.2.2",), extra_rows=(("3.4", "3.5", 2), ("4.2", "4.3", None)),
        max_overrides={"5.1": 4}))
    result = _run(built, tmp_path)
    found = _problems(result)
    row_35, row_43 = built.extra["3.5"], built.extra["4.3"]
    assert ("error", "I107", f"A{row_35}", "") in found  # an extra row with points
    assert ("warning", "I108", f"A{row_43}", "") in found  # an extra row without
    assert ("warning", "I106", built.cell("5.1", "max_points"), "5.1") in found
    missing = next(p for p in result.problems if p.code == "I116")
    assert (missing.severity, missing.found, missing.expected, missing.cell) == (
        "error", "3.2.2", "3.2", built.cell("3.2", "code"))
    assert result.results.empty


def test_missing_row_without_the_reader_would_shrink_the_maximum(tmp_path):
    """A criterion row deleted under a criterion that keeps others is an error, so its
    maximum never vanishes from the index silently."""
    built = build_form(METHODOLOGY, variant(skip=("8.1.2",)))
    result = _run(built, tmp_path)
    assert ("error", "I116", built.cell("8.1", "code"), "8.1.2") in _problems(result)


def test_duplicate_rows_and_uncomputed_formula_in_a_leaf(tmp_path):
    built = build_form(METHODOLOGY, FormSpec())
    sheet = built.workbook["Tự đánh giá"]
    sheet[built.cell("1.1.2", "code")] = "1.1.1"
    sheet[built.cell("2.2", "self_points")] = "=2*1"
    result = _run(built, tmp_path)
    found = _problems(result)
    assert ("error", "I109", built.cell("1.1.2", "code"), "1.1.1") in found
    assert ("error", "I110", built.cell("2.2", "self_points"), "2.2") in found
    formula = next(p for p in result.problems if p.code == "I110")
    assert formula.found == "=2*1"
    assert result.results.empty


def test_totals_never_computed_are_recomputed_and_said(tmp_path):
    built = build_form(METHODOLOGY, variant(parents="formulas"))
    result = _run(built, tmp_path)
    note = next(p for p in result.problems if p.code == "I111")
    assert note.severity == "warning" and note.cell == built.cell("1", "self_points")
    assert len(result.results) == 1
    node = result.nodes.set_index(["code"])
    assert "1.1" not in node.index  # parents are not scored from a blank total
    values = read_file(tmp_path / "form.xlsx", METHODOLOGY).entries.set_index("code")
    assert values.loc["1", "self_points"] != 0 and values["self_points"].isna()["1"]


def test_kps_marks_read_from_a_parent_or_the_explanation(tmp_path):
    scores = default_scores(METHODOLOGY)
    scores["2.1.1"], scores["2.1.2"] = {}, {}
    scores["3.3"] = {}
    built = build_form(METHODOLOGY, FormSpec(), scores)
    sheet = built.workbook["Tự đánh giá"]
    sheet[built.cell("2.1", "self_points")] = "Không phát sinh"
    sheet[built.cell("3.3", "explanation")] = "KPS"
    result = _run(built, tmp_path)
    found = _problems(result)
    assert ("warning", "I114", built.cell("2.1", "self_points"), "2.1") in found
    assert ("warning", "I112", built.cell("3.3", "explanation"), "3.3") in found
    assert result.errors == []
    nodes = result.nodes.set_index("code")
    assert nodes.loc["2.1.1", "source"] == "not_arisen"
    assert not nodes.loc["2.1.1", "applicable"]  # 2.1 is "Loại trừ"
    assert nodes.loc["3.3", "points"] == 3.0  # "Tính điểm tối đa"


def test_position_matching_says_what_it_chose(tmp_path):
    built = build_form(METHODOLOGY, variant(codes="roman", names={
        "1.2": "Công tác thanh tra nội bộ"}))
    result = _run(built, tmp_path)
    found = _problems(result)
    assert ("warning", "I103", built.cell("1", "code"), "") in found
    assert ("warning", "I104", built.cell("1.2", "code"), "1.2") in found
    assert len(result.results) == 1


def test_name_that_differs_under_a_known_code(tmp_path):
    built = build_form(METHODOLOGY, variant(names={
        "4.1": "Ứng dụng công nghệ thông tin trong quản lý"}))
    found = _problems(_run(built, tmp_path))
    assert found == [("warning", "I105", built.cell("4.1", "name"), "4.1")]


def test_code_typed_as_a_number_is_told_apart_by_its_position(tmp_path):
    rows = [["1", "Lĩnh vực", None, "", "", ""]]
    rows += [[f"1.{i}", f"Tiêu chí thứ {i} về công tác", 1, "", "", ""] for i in range(1, 11)]
    methodology = _methodology(rows)
    built = build_form(methodology, variant(codes="float"),
                       {f"1.{i}": {"self_points": 1.0} for i in range(1, 11)})
    sheet = built.workbook["Tự đánh giá"]
    assert sheet[built.cell("1.10", "code")].value == 1.1  # what Excel stores
    batch = read_file(built.save(tmp_path / "f.xlsx"), methodology)
    codes = batch.entries.set_index("form_row")["code"]
    assert codes[built.rows["1.10"]] == "1.10" and codes[built.rows["1.1"]] == "1.1"
    notes = [(p.code, p.cell, p.expected) for p in batch.problems if p.code == "I113"]
    assert notes == [("I113", built.cell("1.1", "code"), "1.1"),
                     ("I113", built.cell("1.10", "code"), "1.10")]


def test_evidence_required_by_the_methodology(tmp_path):
    methodology = _methodology([
        ["1", "Chỉ đạo điều hành", None, "", "", "Bắt buộc"],
        ["1.1", "Kế hoạch CCHC", 2, "", "", ""],
        ["1.2", "Báo cáo CCHC", 2, "", "Tính điểm tối đa", ""],
        ["1.3", "Họp giao ban", 1, "", "", "Không"],
    ])
    assert methodology.tree.set_index("code")["evidence_required"].to_dict() == {
        "1": True, "1.1": True, "1.2": True, "1.3": False}
    built = build_form(methodology, FormSpec(), {
        "1.1": {"self_points": 2.0}, "1.2": {"self_points": "KPS"}, "1.3": {"self_points": 1.0}})
    sheet = built.workbook["Tự đánh giá"]
    for code in ("1.1", "1.2", "1.3"):
        sheet[built.cell(code, "evidence")] = None
    sheet[built.cell("1.2", "explanation")] = "Năm 2024 không có báo cáo đột xuất"
    result = run([built.save(tmp_path / "f.xlsx")], methodology)
    found = [(p.severity, p.code, p.cell, p.criterion, p.found) for p in result.problems
             if p.code == "I115"]
    assert found == [("warning", "I115", built.cell("1.1", "evidence"), "1.1", 2.0)]


def test_a_form_of_another_index_is_named_as_such():
    rows = [["STT", "Nội dung", "Tự đánh giá"], ["A.1", "Tiêu chí khác", 1],
            ["A.2", "Tiêu chí khác nữa", 2], ["B.1", "Nội dung khác", 3]]
    batch = read_form(Grid("Bảng", rows), "khac.xlsx", METHODOLOGY)
    assert [(p.code, p.cell) for p in batch.problems] == [("I100", "A1")]
    assert batch.units.empty


def test_two_files_for_the_same_unit_name_both(tmp_path):
    build_form(METHODOLOGY, FormSpec()).save(tmp_path / "minh_tien.xlsx")
    second = build_form(METHODOLOGY, variant(label="same", nfd=True, heading="none"))
    second.save(tmp_path / "Minh Tien (gui lai).xlsx")
    other = build_form(METHODOLOGY, variant(unit="Phường Hòa Bình"))
    other.save(tmp_path / "hoa_binh.xlsx")
    result = run([tmp_path], METHODOLOGY)
    twice = [p for p in result.problems if p.code == "I014"]
    assert {p.file for p in twice} == {"minh_tien.xlsx", "Minh Tien (gui lai).xlsx"}
    assert all("Minh Tien (gui lai).xlsx" in p.message() or "minh_tien.xlsx" in p.message()
               for p in twice)
    assert result.results["unit"].tolist() == ["Phường Hòa Bình"]


def test_uncached_formula_scan(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Điểm"
    sheet["A1"], sheet["A2"] = 1, "=SUM(A1)"
    sheet["B3"] = '=IF(A1>0,"",1)'
    workbook.save(tmp_path / "f.xlsx")
    assert uncached_formulas(tmp_path / "f.xlsx") == {
        "Điểm": {(2, 1): "SUM(A1)", (3, 2): 'IF(A1>0,"",1)'}}
    (tmp_path / "g.csv").write_text("a,b\n")
    assert uncached_formulas(tmp_path / "g.csv") == {}


def test_cached_empty_text_result_is_not_uncomputed():
    """As LibreOffice writes them: a computed sum, an IF giving "", then an uncomputed
    shared formula; the scan never runs from one cell into the next."""
    part = (b'<sheetData><row r="3"><c r="D3" s="1" t="n"><f aca="false">SUM(D4)</f>'
            b'<v>10.5</v></c><c r="E3" t="str"><f aca="false">IF(1,"",2)</f><v></v></c>'
            b'<c r="F3"><f>SUM(F4:F5)</f><v>3</v></c><c r="G3"><f t="shared" si="0"/></c>'
            b"</row></sheetData>")
    assert _scan(part) == {(3, 7): ""}


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nop")
    build_form(METHODOLOGY, FormSpec()).save(folder / "xa_minh_tien.xlsx")
    build_form(METHODOLOGY, variant(unit="Phường Hòa Bình", codes="roman",
                                    values="comma")).save(folder / "phuong_hoa_binh.xlsx")
    scores = default_scores(METHODOLOGY)
    scores["3.2.1"] = {"self_points": "đạt", "appraisal_1": 4}
    build_form(METHODOLOGY, variant(unit="Xã Tân Lập", extra_title_rows=2,
                                    blank_before=("3",)), scores).save(folder / "xa_tan_lap.xlsx")
    (folder / "xa_an_phu.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    return folder


def test_cli_scores_good_forms_and_names_the_bad_ones(mixed_folder):
    done = subprocess.run([sys.executable, "-m", "cchc_index", "score", str(mixed_folder)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "Xã Minh Tiến" in out and "Phường Hòa Bình" in out
    ranking = out.split("Vấn đề")[0]
    assert "Xã Tân Lập" not in ranking
    built = build_form(METHODOLOGY, variant(extra_title_rows=2, blank_before=("3",)))
    cell = built.cell("3.2.1", "self_points")
    assert (f"Tệp xa_tan_lap.xlsx, trang tính Tự đánh giá, ô {cell} (đơn vị Xã Tân Lập, "
            f"tiêu chí 3.2.1): giá trị «đạt» không phải là số.") in out
    assert "xa_an_phu.xlsx" in out


def test_cli_validate_report_and_json(mixed_folder, tmp_path):
    report = tmp_path / "bao_cao.xlsx"
    done = subprocess.run([sys.executable, "-m", "cchc_index", "validate", str(mixed_folder),
                           "-o", str(report), "--json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 1, done.stderr
    records = json.loads(done.stdout)
    bad = next(r for r in records if r["code"] == "I010")
    assert (bad["severity"], bad["file"], bad["sheet"], bad["unit"], bad["criterion"]) == (
        "error", "xa_tan_lap.xlsx", "Tự đánh giá", "Xã Tân Lập", "3.2.1")
    sheet = load_workbook(report).active
    header = [c.value for c in sheet[4]]  # under the title and the counts
    assert header[:5] == ["Mức độ", "Mã", "Tệp", "Trang tính", "Ô"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=5)]
    assert ["Lỗi", "I010", "xa_tan_lap.xlsx", "Tự đánh giá", bad["cell"]] in [r[:5] for r in rows]
