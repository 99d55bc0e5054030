"""A file no layout can read says what it looked like and what is missing."""

from __future__ import annotations

from openpyxl import Workbook

from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run

M = load_methodology()


def _book(path, rows, title="Tổng hợp"):
    book = Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_a_table_of_units_whose_columns_name_no_field(tmp_path):
    path = _book(tmp_path / "t.xlsx", [["KẾT QUẢ CHẤM ĐIỂM"], ["STT", "Tên đơn vị", "Phần A",
                                                              "Phần B", "Cộng"],
                                      [1, "Xã An Bình", 30, 50, 80]])
    [problem] = run([path], M).problems
    assert (problem.code, problem.sheet, problem.cell) == ("I029", "Tổng hợp", "B2")
    message = problem.message()
    assert "«Tên đơn vị», «Phần A», «Phần B», «Cộng»" in message and M.name in message
    assert "no column names a field" in problem.message("en")


def test_a_form_without_a_points_column(tmp_path):
    path = _book(tmp_path / "f.xlsx", [["UBND XÃ AN BÌNH"], ["Mã", "Nội dung", "Điểm tối đa",
                                                             "Ghi chú"],
                                      ["1", "Công tác chỉ đạo", 10, ""],
                                      ["1.1", "Kế hoạch CCHC", 2, "đã ban hành"]],
                 title="Tự chấm")
    [problem] = run([path], M).problems
    assert (problem.code, problem.sheet, problem.cell) == ("I030", "Tự chấm", "A2")
    assert "«Điểm tự đánh giá»" in problem.message()


def test_no_table_at_all(tmp_path):
    path = _book(tmp_path / "c.xlsx", [["Kính gửi: Phòng Nội vụ"], ["Xin gửi kèm bảng điểm."]])
    assert [p.code for p in run([path], M).problems] == ["I003"]
