"""Loading, checking and exporting methodologies."""

import pytest
from engine_helpers import SMALL, methodology
from openpyxl import Workbook, load_workbook

from cchc_index import MethodologyError, load_methodology
from cchc_index._internal.methodology.export import write_methodology
from cchc_index._internal.methodology.load import band_presets, bundled_names


def test_bundled_commune_index_is_complete_and_labelled_illustrative():
    m = load_methodology()
    tree = m.tree
    assert "minh hoạ" in m.name
    assert m.total_max == 100.0
    fields = tree[tree["level"] == 1]
    assert (fields["max_points"] > 0).sum() == 8
    leaves = tree[tree["is_leaf"]]
    assert set(leaves["component"]) == {"appraisal", "survey", "bonus", "penalty"}
    assert {"full", "exclude"} <= set(leaves["not_arisen"])
    assert [b.label for b in m.bands] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_band_presets_are_shipped():
    assert {"nam-muc", "cao-bang-2021", "quoc-gia-abc"} <= set(band_presets())


@pytest.mark.parametrize("preset, labels", [
    ("cao-bang-2021", ["Tốt", "Khá", "Trung bình", "Kém"]),
    ("quoc-gia-abc", ["Nhóm A", "Nhóm B", "Nhóm C", "Dưới nhóm C"]),
])
def test_band_preset_by_name(tmp_path, preset, labels):
    path = tmp_path / "m.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tiêu chí"
    for row in [["Mã", "Nội dung", "Điểm tối đa"], ["1", "A", 10]]:
        sheet.append(row)
    info = workbook.create_sheet("Thông tin")
    info.append(["Mẫu xếp loại", preset])
    workbook.save(path)
    assert [b.label for b in load_methodology(path).bands] == labels


def test_bundled_names():
    assert {"xa-phuong-minh-hoa", "par-index-2020"} <= set(bundled_names())


def test_export_then_load_gives_the_same_methodology(tmp_path):
    original = load_methodology()
    path = write_methodology(original, tmp_path / "bo_chi_so.xlsx")
    loaded = load_methodology(path)
    columns = ["code", "name", "component", "not_arisen", "max_points", "bonus_cap",
               "penalty_cap"]
    assert loaded.tree[columns].equals(original.tree[columns])
    assert loaded.bands == original.bands
    assert (loaded.rounding, loaded.rank_by_group, loaded.last_place_text) == (
        original.rounding, original.rank_by_group, original.last_place_text)


def test_headers_in_english_or_without_accents(tmp_path):
    path = tmp_path / "m.xlsx"
    workbook = Workbook()
    criteria = workbook.active
    criteria.title = "criteria"
    for row in [["CODE", "Name", "Max points", "Component", "Not arisen"],
                ["1", "Field", None, "", ""], ["1.1", "Item", "2,5", "survey", "exclude"],
                ["1.2", "Item 2", 7.5, "", ""]]:
        criteria.append(row)
    bands = workbook.create_sheet("Xep loai")
    for row in [["xep loai", "TU (%)"], ["Tốt", 80], ["Khác", 0]]:
        bands.append(row)
    workbook.save(path)
    m = load_methodology(path)
    assert m.total_max == 10.0
    assert m.tree.set_index("code").loc["1.1", "component"] == "survey"
    assert m.tree.set_index("code").loc["1.1", "not_arisen"] == "exclude"


def _mistakes_workbook(path):
    workbook = Workbook()
    criteria = workbook.active
    criteria.title = "Tiêu chí"
    rows = [
        ["BỘ CHỈ SỐ (tiêu đề)"],
        ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh"],
        ["1", "Lĩnh vực 1", 10, "", ""],       # row 3: stated 10, children sum 6
        ["1.1", "A", 3, "", ""],
        ["1.2", "B", 3, "Điều tra", "Tinh diem"],  # row 5: unknown not-arisen word
        ["1.2", "B again", 1, "", ""],         # row 6: duplicate
        ["1.a", "C", 1, "", ""],               # row 7: malformed
        ["2.1", "Orphan", 1, "", ""],          # row 8: orphan
        ["3", "No max", None, "Khác", ""],     # row 9: missing max and unknown component
        ["4", "Negative", -1, "", ""],         # row 10
    ]
    for row in rows:
        criteria.append(row)
    bands = workbook.create_sheet("Xếp loại")
    for row in [["Xếp loại", "Từ (%)"], ["Tốt", 80], ["Khá", 80], ["Trung bình", 50],
                ["Sai", "abc"]]:
        bands.append(row)
    workbook.save(path)


def test_every_mistake_is_listed_with_sheet_and_row(tmp_path):
    path = tmp_path / "sai.xlsx"
    _mistakes_workbook(path)
    with pytest.raises(MethodologyError) as caught:
        load_methodology(path)
    found = {(p.code, p.cell) for p in caught.value.problems}
    assert {("M017", "dòng 5"), ("M011", "dòng 6"), ("M010", "dòng 7"), ("M012", "dòng 8"),
            ("M016", "dòng 9"), ("M014", "dòng 9"), ("M015", "dòng 10"),
            ("M021", "dòng 3"), ("M023", "dòng 5"), ("M022", "dòng 4")} <= found
    assert ("M014", "dòng 10") not in found  # its maximum is unreadable (M015), not missing
    messages = caught.value.messages()
    assert any(m.startswith("Tệp sai.xlsx, trang tính Tiêu chí, dòng 6:") for m in messages)
    english = [p.message("en") for p in caught.value.problems]
    assert any(m.startswith("File sai.xlsx, sheet Tiêu chí, row 6:") for m in english)


def test_a_wrong_word_does_not_hide_a_wrong_sum(tmp_path):
    """Every mistake at once: a word the loader does not know leaves the tree whole, so
    its sums are still checked."""
    workbook = Workbook()
    criteria = workbook.active
    criteria.title = "Tiêu chí"
    for row in [["Mã", "Nội dung", "Điểm tối đa", "Thành phần"],
                ["1", "Lĩnh vực 1", 10, ""], ["1.1", "A", 4, "Khác"], ["1.2", "B", 4, ""]]:
        criteria.append(row)
    bands = workbook.create_sheet("Xếp loại")
    for row in [["Xếp loại", "Từ (%)"], ["Tốt", 80], ["Khá", 0]]:
        bands.append(row)
    workbook.save(tmp_path / "m.xlsx")
    with pytest.raises(MethodologyError) as caught:
        load_methodology(tmp_path / "m.xlsx")
    assert {p.code for p in caught.value.problems} == {"M016", "M013"}


def test_band_bounds_typed_as_percentages_in_excel(tmp_path):
    """"90%" typed in Excel is stored as 0.9 in a percent format: it is 90, as shown."""
    path = tmp_path / "m.xlsx"
    write_methodology(load_methodology(), path)
    workbook = load_workbook(path)
    bands = workbook["Xếp loại"]
    for row in range(2, bands.max_row + 1):
        cell = bands.cell(row, 2)
        if isinstance(cell.value, int | float) and cell.value:
            cell.value, cell.number_format = cell.value / 100, "0%"
    workbook.save(path)
    edited = load_methodology(path)
    assert [b.lower_bound for b in edited.bands] == [b.lower_bound
                                                    for b in load_methodology().bands]


def test_parent_sum_mismatch_is_checked_when_the_tree_is_otherwise_sound():
    with pytest.raises(MethodologyError) as caught:
        methodology([["1", "A", 10, "", ""], ["1.1", "B", 4, "", ""], ["1.2", "C", 5, "", ""]])
    [problem] = caught.value.problems
    assert (problem.code, problem.criterion, problem.found, problem.expected) == (
        "M013", "1", 10.0, 9.0)


def test_unknown_methodology_name_lists_the_bundled_ones():
    with pytest.raises(MethodologyError) as caught:
        load_methodology("khong-co")
    assert "xa-phuong-minh-hoa" in caught.value.messages()[0]


def test_rounding_and_group_settings_are_read():
    m = methodology(SMALL, **{"Số chữ số thập phân": 3, "Làm tròn": "Cắt bỏ",
                              "Xếp hạng theo nhóm": "Không"})
    assert (m.rounding.decimals, m.rounding.mode, m.rank_by_group) == (3, "truncate", False)
    with pytest.raises(MethodologyError) as caught:
        methodology(SMALL, **{"Làm tròn": "Tròn lên", "Xếp hạng theo nhóm": "Có lẽ"})
    assert [p.code for p in caught.value.problems] == ["M030", "M030"]
