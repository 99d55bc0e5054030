"""A workbook of one sheet per unit (a district gathering its communes' forms): every form
sheet is read, each unit on its own."""

from __future__ import annotations

from pathlib import Path

from form_builder import build_form, variant
from openpyxl import Workbook, load_workbook

from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run

METHODOLOGY = load_methodology("xa-phuong-minh-hoa")


def _gather(path: Path, forms: dict[str, object], hidden: tuple[str, ...] = ()) -> Path:
    """One workbook holding the form sheet of each built form, under the given names."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, built in forms.items():
        source = built.workbook[built.spec.sheet]
        sheet = workbook.create_sheet(title)
        for row in source.iter_rows():
            for cell in row:
                if cell.value is not None:
                    sheet.cell(cell.row, cell.column, cell.value)
        for merged in source.merged_cells.ranges:
            sheet.merge_cells(str(merged))
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.save(path)
    return path


def test_every_form_sheet_of_a_workbook_is_a_unit(tmp_path):
    path = _gather(tmp_path / "huyen.xlsx", {
        "Minh Tiến": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến")),
        "Tân Lập": build_form(METHODOLOGY, variant(unit="Xã Tân Lập")),
        "Xã Yên Thế": build_form(METHODOLOGY, variant(unit="Xã Yên Thế", heading="none")),
    })
    batch = read_file(path, METHODOLOGY)
    assert list(batch.units["unit"]) == ["Xã Minh Tiến", "Xã Tân Lập", "Xã Yên Thế"]
    assert list(batch.units["sheet"]) == ["Minh Tiến", "Tân Lập", "Xã Yên Thế"]
    assert batch.entries.groupby("unit_id").size().nunique() == 1  # the same rows each
    unnamed = [p for p in batch.problems if p.code == "I101"]
    assert [(p.sheet, p.unit, p.found) for p in unnamed] == [
        ("Xã Yên Thế", "Xã Yên Thế", "«Xã Yên Thế»")]
    assert batch.files[0].units == 3
    result = run([path], METHODOLOGY)
    assert sorted(result.results["unit"]) == ["Xã Minh Tiến", "Xã Tân Lập", "Xã Yên Thế"]
    assert not [p for p in result.errors if p.code == "I014"]


def test_hidden_form_sheets_are_read_only_without_visible_ones(tmp_path):
    path = _gather(tmp_path / "huyen.xlsx", {
        "Minh Tiến": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến")),
        "Cũ": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến")),
    }, hidden=("Cũ",))
    batch = read_file(path, METHODOLOGY)
    assert list(batch.units["sheet"]) == ["Minh Tiến"]
    assert not [p for p in batch.problems if p.code == "S021"]


def test_a_copy_of_a_units_sheet_is_read_once_with_a_warning(tmp_path):
    path = _gather(tmp_path / "minh_tien.xlsx", {
        "Tự đánh giá": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến")),
        "Tự đánh giá (2)": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến")),
    })
    result = run([path], METHODOLOGY)
    assert list(result.results["unit"]) == ["Xã Minh Tiến"]
    assert list(result.results["sheet"]) == ["Tự đánh giá"]
    [copy] = [p for p in result.problems if p.code == "S025"]
    assert (copy.severity, copy.sheet, copy.expected) == (
        "warning", "Tự đánh giá (2)", "«Tự đánh giá»")
    assert "chỉ đọc trang «Tự đánh giá»" in copy.message()
    assert not result.errors


def test_a_table_of_something_else_beside_the_form_is_left_alone(tmp_path):
    path = _gather(tmp_path / "minh_tien.xlsx", {
        "Tự đánh giá": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến"))})
    workbook = load_workbook(path)
    other = workbook.create_sheet("Theo dõi")
    other.append(["STT", "Nội dung", "Điểm tự chấm"])
    other.append(["12.1", "Việc khác", 1])
    other.append(["12.2", "Việc khác nữa", 2])
    workbook.save(path)
    result = run([path], METHODOLOGY)
    assert list(result.results["unit"]) == ["Xã Minh Tiến"]
    assert not result.errors


def _split(codes_kept: set[str]) -> tuple[str, ...]:
    """The codes of the methodology outside ``codes_kept``'s fields (for FormSpec.skip)."""
    return tuple(c for c in METHODOLOGY.tree["code"] if c.split(".")[0] not in codes_kept)


FIELDS = list(METHODOLOGY.fields["code"])
FIRST, SECOND = set(FIELDS[:4]), set(FIELDS[4:])


def test_one_unit_over_two_sheets_is_one_unit_with_every_field(tmp_path):
    """"Phần I" holds fields 1–4, "Phần II" the rest, the unit named on both: one unit.
    Before, the second sheet was taken for a copy and the unit rejected for missing
    fields."""
    whole = run([build_form(METHODOLOGY, variant(unit="Xã Minh Tiến"))
                 .save(tmp_path / "whole.xlsx")], METHODOLOGY)
    path = _gather(tmp_path / "minh_tien.xlsx", {
        "Phần I": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến", skip=_split(FIRST),
                                                  signature=False, totals_row=False)),
        "Phần II": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến", skip=_split(SECOND))),
    })
    result = run([path], METHODOLOGY)
    assert list(result.results["unit"]) == ["Xã Minh Tiến"]
    assert list(result.results["index_pct"]) == list(whole.results["index_pct"])
    assert not result.errors
    [note] = [p for p in result.problems if p.code == "I026"]
    assert (note.sheet, note.found, note.expected) == ("Phần II", "«Phần II»", "«Phần I»")


def test_the_second_part_may_name_no_unit(tmp_path):
    path = _gather(tmp_path / "bieu_mau.xlsx", {
        "Phần I": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến", skip=_split(FIRST))),
        "Phần II": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến", heading="none",
                                                   skip=_split(SECOND))),
    })
    result = run([path], METHODOLOGY)
    assert list(result.results["unit"]) == ["Xã Minh Tiến"] and not result.errors
    assert not [p for p in result.problems if p.code == "I101"]


def test_a_helper_sheet_beside_the_form_is_not_a_unit(tmp_path):
    """A "Số liệu" sheet repeating the form's criteria, naming no unit: before, a second
    unit "Số liệu" was scored (exit 0) and every unit below it lost a rank."""
    path = _gather(tmp_path / "minh_tien.xlsx", {
        "Tự đánh giá": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến")),
        "Số liệu": build_form(METHODOLOGY, variant(unit="Xã Minh Tiến", heading="none",
                                                   year=None)),
    })
    other = build_form(METHODOLOGY, variant(unit="Xã Tân Lập")).save(tmp_path / "tan_lap.xlsx")
    result = run([path, other], METHODOLOGY)
    assert sorted(result.results["unit"]) == ["Xã Minh Tiến", "Xã Tân Lập"]
    [helper] = [p for p in result.problems if p.code == "I027"]
    assert (helper.sheet, helper.expected) == ("Số liệu", "«Tự đánh giá»")
    assert not result.errors


def test_a_helper_sheet_among_sheets_named_after_their_units(tmp_path):
    path = _gather(tmp_path / "huyen.xlsx", {
        "Xã An Bình": build_form(METHODOLOGY, variant(unit="Xã An Bình", heading="none")),
        "Số liệu": build_form(METHODOLOGY, variant(unit="Xã An Bình", heading="none")),
        "Xã Tân Lập": build_form(METHODOLOGY, variant(unit="Xã Tân Lập", heading="none")),
    })
    result = run([path], METHODOLOGY)
    assert sorted(result.results["unit"]) == ["Xã An Bình", "Xã Tân Lập"]
    assert [p.sheet for p in result.problems if p.code == "I027"] == ["Số liệu"]
