"""The list of expected units (``--units``): total rows left out by the same rule as the
consolidated reader, units whose names start like one kept, bad lists refused with the
checks' reasons."""

from __future__ import annotations

from pathlib import Path

import bad_files as bad
import pytest
from openpyxl import Workbook

from cchc_index._internal.accounting import read_unit_list
from cchc_index._internal.errors import UsageError

UNITS = ["Công an tỉnh", "Công ty TNHH MTV Xổ số kiến thiết", "Xã Tân Mỹ", "Phường Hòa Lạc"]
TOTALS = ["Cộng khối xã", "Cộng", "Tổng cộng", "Tổng số", "Tổng", "Trung bình", "Bình quân"]


def unit_workbook(path: Path, names: list[str]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐƠN VỊ ĐƯỢC ĐÁNH GIÁ NĂM 2024"])
    sheet.append(["STT", "Tên đơn vị"])
    for number, name in enumerate(names, start=1):
        sheet.append([number, name])
    workbook.save(path)
    return path


def test_units_named_cong_are_kept_and_total_rows_left_out(tmp_path):
    names = [UNITS[0], UNITS[1], TOTALS[0], UNITS[2], UNITS[3], *TOTALS[1:]]
    assert read_unit_list(unit_workbook(tmp_path / "don_vi.xlsx", names)) == UNITS


def test_a_list_without_a_header_keeps_units_named_cong(tmp_path):
    path = tmp_path / "don_vi.csv"
    path.write_text("\n".join([*UNITS, "", "Tổng cộng", "Cộng khối xã"]) + "\n",
                    encoding="utf-8")
    assert read_unit_list(path) == UNITS


def test_a_list_saved_by_excel_with_semicolons_under_a_title_line(tmp_path):
    path = tmp_path / "don_vi.csv"
    path.write_text("DANH SÁCH ĐƠN VỊ, NĂM 2024\nSTT;Tên đơn vị;Ghi chú\n"
                    "1;Công an tỉnh;\n2;Xã Tân Mỹ;sáp nhập, 2025\n;Tổng cộng;2 đơn vị\n",
                    encoding="utf-8-sig")
    assert read_unit_list(path) == ["Công an tỉnh", "Xã Tân Mỹ"]


@pytest.mark.parametrize(("builder", "name", "code"), [
    ("truncated", "don_vi.xlsx", "S005"),
    ("old_xls", "don_vi.xls", "S002"),
    ("lock_file", "~$don_vi.xlsx", "S014"),
])
def test_a_refused_list_raises_the_checks_reasons(tmp_path, builder, name, code):
    path = getattr(bad, builder)(tmp_path / name)
    with pytest.raises(UsageError) as raised:
        read_unit_list(path)
    assert [p.code for p in raised.value.problems] == [code]
    assert raised.value.problems[0].file == name


def test_a_missing_or_unreadable_list_raises_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as raised:
        read_unit_list(tmp_path / "khong_co.xlsx")
    assert [p.code for p in raised.value.problems] == ["I007"]
    overlong = tmp_path / "don_vi.csv"
    overlong.write_text('Tên đơn vị\n"' + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        read_unit_list(overlong)
    assert [p.code for p in raised.value.problems] == ["I001"]
    assert "don_vi.csv" in raised.value.problems[0].message("vi")


def test_a_form_named_only_by_its_file_takes_the_lists_name(tmp_path):
    """"01 - Xa Yen Thanh - gui lai.xlsx", a form naming no unit: "Xã Yên Thành" of the
    list, and ranked in its group "Xã" (it was "Xa Yen Thanh", missing from the list and
    unknown to it)."""
    from form_builder import build_form, variant

    from cchc_index._internal.methodology.load import load_methodology
    from cchc_index._internal.pipeline import run

    methodology = load_methodology()
    folder = tmp_path / "don_vi"
    folder.mkdir()
    build_form(methodology, variant(unit="Xã Yên Thành", heading="none")).save(
        folder / "01 - Xa Yen Thanh - gui lai 15-01-2025.xlsx")
    build_form(methodology, variant(unit="Phường Hòa Lạc")).save(folder / "hoa_lac.xlsx")
    result = run([folder], methodology, expected_units=["Xã Yên Thành", "Phường Hòa Lạc"])
    assert sorted(result.results["unit"]) == ["Phường Hòa Lạc", "Xã Yên Thành"]
    assert dict(zip(result.results["unit"], result.results["group"], strict=True)) == {
        "Xã Yên Thành": "Xã", "Phường Hòa Lạc": "Phường"}
    assert not [p for p in result.problems if p.code in ("S030", "S031")]
    [named] = [p for p in result.problems if p.code == "I028"]
    assert (named.found, named.expected) == ("«Xa Yen Thanh»", "«Xã Yên Thành»")
