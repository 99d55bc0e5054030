"""What the user cannot see in Excel does not count (issue 14): the values of hidden rows
(an old criterion struck out and hidden, rows hidden by an autofilter or inside a collapsed
group) and hidden columns (last year's points) are blanked before any layout reads the
sheet, with one warning per sheet naming those that held values."""

from __future__ import annotations

from pathlib import Path

import bad_files as bad
import openpyxl
import pytest

from cchc_index import load_methodology, run
from cchc_index._internal.io.cells import openpyxl_grids, read_grids
from cchc_index._internal.io.loading import load_input

M = load_methodology()
needs_soffice = pytest.mark.skipif(
    bad.soffice() is None,
    reason="LibreOffice (soffice) is not installed: the .xls and .ods files are saved by it")


def _points(result) -> dict[str, float]:
    return dict(zip(result.results["unit"], result.results["points"], strict=True))


def _hidden_warnings(problems) -> list:
    return [p for p in problems if p.code == "S048"]


def test_a_hidden_old_criterion_row_is_left_out(tmp_path):
    """The form keeps last year's 1.1.1 (2 points) hidden under this year's 1.1.1: the
    visible row is scored, no "two rows for one criterion" error."""
    result = run([bad.hidden_criterion_row(tmp_path / "an.xlsx")], M)
    assert result.errors == []
    assert _points(result) == {"Xã Lộc Thủy": bad.FORM_TOTAL}
    entry = result.batch.entries.set_index("code").loc["1.1.1"]
    assert entry["cell_self_points"] == "E13"
    [warning] = _hidden_warnings(result.problems)
    assert (warning.file, warning.sheet, warning.severity) == ("an.xlsx", "Tự đánh giá",
                                                               "warning")
    assert "bỏ qua 1 dòng ẩn (14)" in warning.message()
    assert "1 hidden row (14)" in warning.message("en")


def test_the_same_row_shown_is_two_rows_for_one_criterion(tmp_path):
    """The control: the same form with the row not hidden is refused as before."""
    result = run([bad.hidden_criterion_row(tmp_path / "hien.xlsx", hidden=False)], M)
    assert "I109" in {p.code for p in result.errors}
    assert _hidden_warnings(result.problems) == []


def test_a_hidden_column_of_last_years_points_is_left_out(tmp_path):
    result = run([bad.hidden_last_year_column(tmp_path / "bang.xlsx")], M)
    assert result.errors == []
    assert _points(result) == bad.GOOD_TOTALS
    [warning] = _hidden_warnings(result.problems)
    assert warning.sheet == "Tổng hợp" and "bỏ qua 1 cột ẩn (C)" in warning.message()
    shown = run([bad.hidden_last_year_column(tmp_path / "hien.xlsx", hidden=False)], M)
    assert _points(shown) != bad.GOOD_TOTALS  # the control: last year's column was read


@pytest.mark.parametrize(("builder", "rows", "units"), [
    (bad.filtered_table, "(5)", ["Xã An Bình", "Xã Tân Mỹ"]),
    (bad.collapsed_group, "(5, 6)", ["Xã An Bình"]),
])
def test_rows_hidden_by_a_filter_or_a_collapsed_group(tmp_path, builder, rows, units):
    result = run([builder(tmp_path / "bang.xlsx")], M)
    assert _points(result) == {unit: bad.GOOD_TOTALS[unit] for unit in units}
    [warning] = _hidden_warnings(result.problems)
    assert f"dòng ẩn {rows}" in warning.message()


def test_both_engines_leave_out_the_same_cells(tmp_path):
    for path in (bad.hidden_criterion_row(tmp_path / "an.xlsx"),
                 bad.hidden_last_year_column(tmp_path / "bang.xlsx"),
                 bad.collapsed_group(tmp_path / "nhom.xlsx")):
        fast, slow = read_grids(path, "calamine"), read_grids(path, "openpyxl")
        assert fast == slow, path.name
        assert [g.problems for g in fast] == [g.problems for g in slow] != [[]]
        assert fast == load_input(path).grids


def test_one_warning_per_sheet_naming_rows_and_columns(tmp_path):
    path = tmp_path / "nhieu.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Trang 1"
    for row in range(1, 31):
        sheet.append([f"dòng {row}", row, row * 2, row * 3])
    for row in (4, 5, 6, 7, 9):
        sheet.row_dimensions[row].hidden = True
    sheet.row_dimensions[40].hidden = True  # hidden, but holds nothing
    sheet.column_dimensions["C"].hidden = True
    sheet.column_dimensions.group("F", "Z", hidden=True)  # hidden, but hold nothing
    other = workbook.create_sheet("Trang 2")
    other.append(["không ẩn gì"])
    workbook.save(path)
    loaded = load_input(path)
    [warning] = _hidden_warnings(loaded.problems)
    assert warning.sheet == "Trang 1"
    assert "bỏ qua 5 dòng ẩn (4–7, 9) và 1 cột ẩn (C)" in warning.message()
    assert "5 hidden rows (4–7, 9) and 1 hidden column (C)" in warning.message("en")
    grid = loaded.grids[0]
    assert grid.rows[3] == [None] * 4 and grid.rows[2] == ["dòng 3", 3, None, 9]
    assert len(grid.rows) == 30 and grid.width == 4


def test_a_merged_block_whose_first_cell_is_hidden_shows_in_its_first_visible_cell(tmp_path):
    path = tmp_path / "gop.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "STT"
    sheet["B1"] = "Điểm"
    sheet.merge_cells("B1:D2")
    sheet["A3"], sheet["B3"], sheet["C3"] = 1, "cũ", 5
    sheet.column_dimensions["B"].hidden = True
    workbook.save(path)
    for grid in (read_grids(path, "calamine")[0], openpyxl_grids(path)[0]):
        assert grid.value(1, 3) == "Điểm" and grid.value(1, 2) is None
        assert grid.merged == [(1, 3, 2, 4)]
        assert [p.found for p in grid.problems] == ["B"]  # "cũ" was left out, not "Điểm"


def test_uncomputed_formulas_in_hidden_cells_are_not_reported(tmp_path):
    path = tmp_path / "cong_thuc.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Xã A", 1, "=B1*2"])
    sheet.append(["Xã B", 2, "=B2*2"])
    sheet.row_dimensions[2].hidden = True
    workbook.save(path)
    [grid] = load_input(path).grids
    assert grid.formulas == {(1, 3): "B1*2"}


def test_a_sheet_without_hidden_rows_is_read_as_before(tmp_path):
    path = bad.form(tmp_path / "mau.xlsx")
    loaded = load_input(path)
    assert _hidden_warnings(loaded.problems) == []
    assert all(not g.hidden_rows and not g.hidden_cols for g in loaded.grids)


@pytest.fixture(scope="module")
def other_formats(tmp_path_factory) -> dict[str, list[Path]]:
    folder = tmp_path_factory.mktemp("an")
    sources = [bad.hidden_criterion_row(folder / "an_dong.xlsx"),
               bad.hidden_last_year_column(folder / "an_cot.xlsx")]
    found = {fmt: bad.converted(sources, fmt, folder / fmt) for fmt in ("xls", "ods")}
    found["xlsb"] = [bad.xlsb_from(s, folder / f"{s.stem}.xlsb") for s in sources]
    return found


@pytest.mark.parametrize("fmt", [pytest.param("xls", marks=needs_soffice),
                                 pytest.param("ods", marks=needs_soffice), "xlsb"])
def test_hidden_rows_and_columns_of_the_other_formats(other_formats, fmt):
    paths = {p.stem: p for p in other_formats[fmt]}
    if len(paths) != 2:
        pytest.skip(f"LibreOffice could not save the files as .{fmt}")
    form = run([paths["an_dong"]], M)
    assert form.errors == [] and _points(form) == {"Xã Lộc Thủy": bad.FORM_TOTAL}
    assert "bỏ qua 1 dòng ẩn (14)" in _hidden_warnings(form.problems)[0].message()
    table = run([paths["an_cot"]], M)
    assert table.errors == [] and _points(table) == bad.GOOD_TOTALS
    assert "bỏ qua 1 cột ẩn (C)" in _hidden_warnings(table.problems)[0].message()
