"""``methodology export`` then load is lossless, and ``methodology show`` prints every setting
of a criterion (component, KPS rule, evidence flag, scoring rule)."""

from __future__ import annotations

import dataclasses

import pytest
from engine_helpers import FIVE_BANDS
from openpyxl import load_workbook

from cchc_index._internal.methodology.export import write_methodology
from cchc_index._internal.methodology.load import (
    Table,
    bundled_names,
    load_methodology,
    parse_tables,
)
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.methodology.show import tree_text

HEADER = ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh",
          "Tài liệu kiểm chứng", "Quy tắc chấm", "Tham số"]
# Evidence set on a field and inherited, switched off on one leaf, set on a lone leaf;
# a code "1.10" that a number would turn into 1.1; a name that looks like a formula.
RICH = [
    ["1", "Chỉ đạo điều hành", 7.5, "", "", "Bắt buộc", "", ""],
    ["1.1", "Kế hoạch CCHC", 1, "", "", "", "Thời hạn", "Đúng hạn: 1; Trễ hạn: 0,5; Không có: 0"],
    ["1.2", "Báo cáo định kỳ", 1, "", "", "Không", "Bậc thang", "≥100%: 1; ≥75%: 0,5; còn lại: 0"],
    ["1.3", "Tin, bài tuyên truyền", 1.5, "", "Loại trừ", "", "Tỷ lệ", "Chỉ tiêu: 24 tin, bài"],
    ["1.4", "Đối thoại", 1, "", "Tính điểm tối đa", "", "Đạt/Không đạt", ""],
    ["1.5", "Mục 1.5", 0.5, "", "", "", "", ""],
    ["1.6", "Mục 1.6", 0.5, "", "", "", "", ""],
    ["1.7", "Mục 1.7", 0.5, "", "", "", "", ""],
    ["1.8", "Mục 1.8", 0.5, "", "", "", "", ""],
    ["1.9", "Mục 1.9", 0.5, "", "", "", "", ""],
    ["1.10", "=Mục mười (không phải công thức)", 0.5, "", "", "", "", ""],
    ["2", "Hài lòng", None, "Điều tra XHH", "", "", "", ""],
    ["2.1", "Người dân", 2.5, "", "", "", "", ""],
    ["3", "Thưởng, trừ", None, "", "", "", "", ""],
    ["3.1", "Sáng kiến", 1, "Điểm thưởng", "", "Bắt buộc", "Đạt/Không đạt", "Đạt: 1; Không đạt: 0"],
    ["3.2", "Chậm báo cáo", 2, "Điểm trừ", "", "", "Trừ điểm",
     "Mỗi báo cáo trễ hạn: 0,25; Tối đa: 1"],
]
INFO = [["Tên", "Bộ chỉ số thử"], ["Số quyết định", "12/QĐ-UBND"], ["Năm", "2025"],
        ["Cấp", "Xã, phường"], ["Số chữ số thập phân", "3"], ["Làm tròn", "Cắt bỏ"],
        ["Xếp hạng theo nhóm", "Có"], ["Đơn vị xếp cuối", "Không xét thi đua"],
        ["Thiếu điều tra XHH", "Loại trừ"], ["Ghi chú", "+ ghi chú bắt đầu bằng dấu cộng"]]


def rich() -> Methodology:
    def numbered(rows):
        return [(i, list(r)) for i, r in enumerate(rows, start=1)]

    return parse_tables({"Tiêu chí": Table("Tiêu chí", numbered([HEADER, *RICH])),
                         "Xếp loại": Table("Xếp loại", numbered(FIVE_BANDS)),
                         "Thông tin": Table("Thông tin", numbered(INFO))}, "rich.xlsx")


def assert_same(loaded: Methodology, original: Methodology) -> None:
    """Every field of every criterion, the bands and the settings; ``row`` and ``source`` say
    where a criterion was read from, not what it is."""
    assert [c.code for c in loaded.criteria] == [c.code for c in original.criteria]
    located = {"row"}
    for again, before in zip(loaded.criteria, original.criteria, strict=True):
        for field in dataclasses.fields(before):
            if field.name not in located:
                assert getattr(again, field.name) == getattr(before, field.name), (
                    before.code, field.name)
    assert loaded.bands == original.bands
    for field in dataclasses.fields(original):
        if field.name not in {"criteria", "bands", "source"}:
            assert getattr(loaded, field.name) == getattr(original, field.name), field.name


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_methodology_survives_export_and_load(tmp_path, name):
    original = load_methodology(name)
    assert_same(load_methodology(write_methodology(original, tmp_path / "bo.xlsx")), original)


def test_evidence_rules_and_every_setting_survive_export_and_load(tmp_path):
    original = rich()
    assert [c.code for c in original.criteria if c.evidence_required] == [
        "1", "1.1", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "3.1"]
    assert sum(c.rule is not None for c in original.criteria) == 6
    loaded = load_methodology(write_methodology(original, tmp_path / "bo.xlsx"))
    assert_same(loaded, original)
    assert loaded.rounding.decimals == 3 and loaded.survey_missing_excluded


def test_evidence_is_written_where_it_differs_from_the_parent(tmp_path):
    path = write_methodology(rich(), tmp_path / "bo.xlsx")
    sheet = load_workbook(path)["Tiêu chí"]
    header = [c.value for c in sheet[1]]
    column = header.index("Tài liệu kiểm chứng")
    by_code = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_code["1"][column] == "Bắt buộc" and by_code["1.2"][column] == "Không"
    assert by_code["1.1"][column] in ("", None) and by_code["3.1"][column] == "Bắt buộc"
    formula_like = by_code["1.10"][header.index("Nội dung")]
    assert formula_like == "=Mục mười (không phải công thức)"
    assert sheet.cell(12, 2).data_type == "s"


def test_show_prints_the_evidence_flag_and_the_scoring_rules():
    lines = tree_text(rich()).splitlines()
    at = {line.split()[0]: i for i, line in enumerate(lines) if line.strip()}
    assert "Tài liệu kiểm chứng: Bắt buộc" in lines[at["1.1"]]
    assert "Tài liệu kiểm chứng" not in lines[at["1.2"]]
    assert "Tài liệu kiểm chứng" not in lines[at["1"]]  # shown on the leaves it applies to
    assert "[Điểm thưởng; Tài liệu kiểm chứng: Bắt buộc]" in lines[at["3.1"]]
    assert lines[at["1.2"] + 1].strip() == (
        "Quy tắc chấm: Bậc thang — Tham số: ≥100%: 1; ≥75%: 0,5; còn lại: 0")
    assert lines[at["3.2"] + 1].strip() == (
        "Quy tắc chấm: Trừ điểm — Tham số: Mỗi báo cáo trễ hạn: 0,25; Tối đa: 1")
    assert lines[at["1.4"] + 1].strip().startswith("Quy tắc chấm: Đạt/Không đạt")
    assert lines[at["1.5"] + 1].lstrip().startswith("1.6")  # no rule, no rule line


def test_the_annex_header_keys_survive_export_and_load(tmp_path):
    """Cơ quan ban hành, Số quyết định công bố, Ngày quyết định, Người ký: an exported and
    edited methodology kept none of them."""
    original = dataclasses.replace(
        load_methodology(), issuer="UBND TỈNH MINH SƠN", announcement="125/QĐ-UBND",
        announcement_date="15/01/2025", signer="Nguyễn Văn An")
    loaded = load_methodology(write_methodology(original, tmp_path / "bo.xlsx"))
    assert (loaded.issuer, loaded.announcement, loaded.announcement_date, loaded.signer) == (
        "UBND TỈNH MINH SƠN", "125/QĐ-UBND", "15/01/2025", "Nguyễn Văn An")
    assert_same(loaded, original)
