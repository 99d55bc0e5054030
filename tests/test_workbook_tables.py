"""Workbooks whose sheets hold more than one table: the sheets with points are read, a blank
template or a criteria list beside them is not, and consolidated tables on several sheets
(one per group) are all read."""

from __future__ import annotations

from pathlib import Path

from bad_files import GOOD_TOTALS, GOOD_UNITS, OTHER_TOTALS, OTHER_UNITS, table_rows
from form_builder import build_form, variant
from openpyxl import Workbook

from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run

METHODOLOGY = load_methodology("xa-phuong-minh-hoa")


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _codes(problems, code: str) -> list[tuple[str, str, str]]:
    return [(p.sheet, p.found, p.expected) for p in problems if p.code == code]


def test_a_blank_template_sheet_before_the_table_is_passed_over(tmp_path):
    path = _workbook(tmp_path / "tong_hop.xlsx", {"Mẫu": table_rows({}),
                                                  "Tổng hợp 2024": table_rows(GOOD_UNITS)})
    result = run([path], METHODOLOGY)
    assert dict(zip(result.results["unit"], result.results["points"], strict=True)) == GOOD_TOTALS
    assert _codes(result.problems, "S026") == [("Mẫu", "", "")]
    assert not result.errors


def test_a_criteria_list_before_the_table_is_not_a_unit(tmp_path):
    criteria = [["STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa",
                 "Điểm tự đánh giá"]]
    criteria += [[r.code, r.name, r.max_points] for r in METHODOLOGY.tree.itertuples()]
    path = _workbook(tmp_path / "tong_hop.xlsx", {"Bộ tiêu chí": criteria,
                                                  "Tổng hợp": table_rows(GOOD_UNITS)})
    batch = read_file(path, METHODOLOGY)
    assert list(batch.units["unit"]) == list(GOOD_UNITS)
    assert _codes(batch.problems, "S026") == [("Bộ tiêu chí", "", "")]


def test_consolidated_tables_on_several_sheets_are_all_read_each_its_group(tmp_path):
    path = _workbook(tmp_path / "huyen.xlsx", {"Khối xã": table_rows(GOOD_UNITS),
                                               "Khối phường": table_rows(OTHER_UNITS)})
    result = run([path], METHODOLOGY)
    results = result.results.set_index("unit")
    assert dict(results["points"]) == {**GOOD_TOTALS, **OTHER_TOTALS}
    assert dict(results["group"]) == {**dict.fromkeys(GOOD_UNITS, "Khối xã"),
                                      **dict.fromkeys(OTHER_UNITS, "Khối phường")}
    # ranked within each sheet's group: both groups have a first
    assert results.loc["Xã An Bình", "rank"] == 1 and results.loc["Xã Đông Sơn", "rank"] == 1
    assert _codes(result.problems, "S028") == [("Khối xã", "«Khối xã»", ""),
                                               ("Khối phường", "«Khối phường»", "")]
    assert "Khối phường" in next(p for p in result.problems if p.code == "S028"
                                 and p.sheet == "Khối phường").message()
    assert result.files[0].units == 5


def test_a_sheet_listing_the_same_units_again_is_read_once(tmp_path):
    ranking = table_rows(GOOD_UNITS, title="XẾP HẠNG CHỈ SỐ CCHC NĂM 2024")
    path = _workbook(tmp_path / "tong_hop.xlsx", {"Điểm": table_rows(GOOD_UNITS),
                                                  "Xếp hạng": ranking})
    result = run([path], METHODOLOGY)
    assert sorted(result.results["unit"]) == sorted(GOOD_UNITS)
    assert set(result.results["group"]) == {""}  # one table: no group made up
    assert _codes(result.problems, "S027") == [("Xếp hạng", "«Xã An Bình»", "«Điểm»")]
    assert "chỉ đọc trang «Điểm»" in next(p for p in result.problems
                                          if p.code == "S027").message()
    assert not result.errors


def test_a_blank_form_sheet_before_a_filled_form_is_passed_over(tmp_path):
    blank = build_form(METHODOLOGY, variant(sheet="Mẫu", unit="", label=""), scores={})
    filled = build_form(METHODOLOGY, variant(unit="Xã Minh Tiến"))
    target = blank.workbook.create_sheet("Tự đánh giá")
    source = filled.workbook[filled.spec.sheet]
    for row in source.iter_rows():
        for cell in row:
            if cell.value is not None:
                target.cell(cell.row, cell.column, cell.value)
    path = blank.save(tmp_path / "minh_tien.xlsx")
    result = run([path], METHODOLOGY)
    assert list(result.results["unit"]) == ["Xã Minh Tiến"]
    assert _codes(result.problems, "S026") == [("Mẫu", "", "")]
    assert not result.errors


def test_a_blank_table_alone_is_still_reported(tmp_path):
    path = _workbook(tmp_path / "mau.xlsx", {"Mẫu": table_rows({})})
    batch = read_file(path, METHODOLOGY)
    assert batch.units.empty
    assert [p.code for p in batch.problems] == ["I005"]


def test_one_sheet_per_district_keeps_communes_that_share_a_name(tmp_path):
    """Sheets "Huyện A" and "Huyện B" each list their communes; one name in both is two
    communes, each ranked in its district."""
    district_a = {"Xã Tân Lập": GOOD_UNITS["Xã An Bình"], **GOOD_UNITS}
    district_b = {"Xã Tân Lập": OTHER_UNITS["Xã Đông Sơn"], **OTHER_UNITS}
    path = _workbook(tmp_path / "tinh.xlsx", {"Huyện A": table_rows(district_a),
                                              "Huyện B": table_rows(district_b)})
    result = run([path], METHODOLOGY)
    assert not result.errors
    tan_lap = result.results[result.results["unit"] == "Xã Tân Lập"].set_index("group")
    assert dict(tan_lap["points"]) == {"Huyện A": 87.0, "Huyện B": 100.0}
    assert len(result.results) == 7 and not _codes(result.problems, "S027")
