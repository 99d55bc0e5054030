"""Small methodologies and batches built in code, for hand-worked scoring tests."""

from __future__ import annotations

from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.methodology.load import Table, parse_tables
from cchc_index._internal.methodology.model import Methodology

CRITERIA_HEADER = ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh"]
FIVE_BANDS = [["Xếp loại", "Từ (%)", "Thi đua, khen thưởng"], ["Xuất sắc", 90, "Giấy khen"],
              ["Tốt", 80, ""], ["Khá", 70, ""], ["Trung bình", 50, ""], ["Yếu", 0, "Không xét"]]


def methodology(criteria: list[list[object]], bands: list[list[object]] | None = None,
                **info: object) -> Methodology:
    """A methodology from criteria rows (without header) and optional settings.

    ``info`` keys are the Vietnamese labels of the ``Thông tin`` sheet.
    """
    tables = {
        "Tiêu chí": Table("Tiêu chí", _numbered([CRITERIA_HEADER, *criteria])),
        "Xếp loại": Table("Xếp loại", _numbered(bands or FIVE_BANDS)),
        "Thông tin": Table("Thông tin", _numbered([[k, v] for k, v in info.items()])),
    }
    return parse_tables(tables, "test.xlsx")


def _numbered(rows: list[list[object]]) -> list[tuple[int, list[object]]]:
    return [(i, list(r)) for i, r in enumerate(rows, start=1)]


# A small commune index: 3 fields, a not-arisen item of each rule, a survey field,
# a bonus and a penalty. Maximum 20.
SMALL = [
    ["1", "Chỉ đạo điều hành", 6, "", ""],
    ["1.1", "Kế hoạch", 2, "", ""],
    ["1.2", "Kiểm tra", 4, "", ""],
    ["1.2.1", "Ban hành kế hoạch kiểm tra", 1, "", ""],
    ["1.2.2", "Xử lý sau kiểm tra", 3, "", "Tính điểm tối đa"],
    ["2", "Thủ tục hành chính", 10, "", ""],
    ["2.1", "Giải quyết đúng hạn", 6, "", ""],
    ["2.2", "Ban hành văn bản QPPL", 4, "", "Loại trừ"],
    ["3", "Hài lòng", 4, "Điều tra XHH", ""],
    ["3.1", "Hài lòng của người dân", 4, "", ""],
    ["4", "Thưởng, trừ", None, "", ""],
    ["4.1", "Sáng kiến", 1, "Điểm thưởng", ""],
    ["4.2", "Vi phạm", 2, "Điểm trừ", ""],
]


def small() -> Methodology:
    return methodology(SMALL, **{"Xếp hạng theo nhóm": "Có",
                                 "Đơn vị xếp cuối": "Không xét thi đua"})


def form(unit: str, points: dict[str, object], group: str = "", column: str = "appraisal_1",
         file: str | None = None) -> Batch:
    """A batch for one unit; ``points`` maps code to a number, "KPS", or a dict of columns."""
    file = file or f"{unit}.xlsx"
    unit_id = f"{file}|{unit}"
    rows = []
    for row, (code, value) in enumerate(points.items(), start=10):
        entry = {"unit_id": unit_id, "code": code, "file": file, "sheet": "Tự đánh giá",
                 "cell_self_points": f"E{row}", "cell_appraisal_1": f"F{row}",
                 "cell_appraisal_2": f"G{row}", "cell_given_points": f"F{row}"}
        if value == "KPS":
            entry["not_arisen"] = True
        elif isinstance(value, dict):
            entry.update(value)
        else:
            entry[column] = value
        rows.append(entry)
    units = make_units([{"unit_id": unit_id, "unit": unit, "group": group, "file": file,
                         "sheet": "Tự đánh giá"}])
    return Batch(units, make_entries(rows))


def full_marks(m: Methodology, column: str = "appraisal_1") -> dict[str, object]:
    """Every counted leaf at its maximum."""
    tree = m.tree
    leaves = tree[tree["is_leaf"] & tree["component"].isin(["appraisal", "survey"])]
    return {code: float(mx) for code, mx in zip(leaves["code"], leaves["max_points"],
                                                 strict=True)}
