"""A workbook of one sheet per unit (a district gathering its communes' forms): every form
sheet is read, each unit on its own."""

from __future__ import annotations

from pathlib import Path

from form_builder import build_form, variant
from openpyxl import Workbook

from cchc_index.io.inputs import read_file
from cchc_index.methodology.load import load_methodology
from cchc_index.pipeline import run

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
