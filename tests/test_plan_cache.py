"""A batch's templates (cchc_index._internal.io.plan_cache): a form read with a kept template's
decisions is read exactly as the full reader reads it, whatever its cells hold, and a form
whose labels differ from the template's in anything is read in full."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from form_builder import ONE_ROW_COLUMNS, THREE_ROW_COLUMNS, build_form, default_scores, variant
from openpyxl import load_workbook

from cchc_index._internal.entries import Batch
from cchc_index._internal.io.batch_read import read_batch
from cchc_index._internal.io.inputs import read_file, read_input
from cchc_index._internal.io.layouts import layouts
from cchc_index._internal.io.plan_cache import (
    GUARDED_BEFORE_FORM,
    PlanCache,
    templates_in_force,
    templates_kept,
)
from cchc_index._internal.methodology.load import load_methodology

M = load_methodology()
LEAVES = [c for c, leaf in zip(M.tree["code"], M.tree["is_leaf"], strict=True) if leaf]


def _same(one: Batch, other: Batch) -> None:
    """Two reads are the same: units, entries, problems and files."""
    assert one.units.equals(other.units)
    assert one.entries.equals(other.entries)
    assert one.problems == other.problems
    assert one.files == other.files


def _both_ways(template: Path, form: Path, hit: bool) -> Batch:
    """``form`` read in full and with ``template`` kept: the same; ``hit`` says whether
    the template must have been used."""
    plans = PlanCache()
    _same(read_file(template, M, plans=plans), read_file(template, M))
    assert plans.hits == 0
    cached = read_file(form, M, plans=plans)
    whole = read_file(form, M)
    _same(cached, whole)
    assert plans.hits == (1 if hit else 0)
    return whole


def _save(tmp_path: Path, name: str, spec=None, scores=None, edit=None) -> Path:
    path = build_form(M, spec, scores).save(tmp_path / name)
    if edit is not None:
        book = load_workbook(path)
        edit(book.worksheets[-1] if len(book.worksheets) > 1 else book.active)
        book.save(path)
    return path


def _scores(**by_code) -> dict:
    scores = default_scores(M)
    for code, entry in by_code.items():
        scores[code.replace("_", ".")] = entry
    return scores


# ---- the fast path reads every kind of cell as the full reader does ----

VALUE_VARIANTS = {
    "other numbers": dict(scores=_scores(**{"1_1_1": {"self_points": 0.25, "appraisal_1": 0.0},
                                            "2_1": {"self_points": 3}})),
    "numbers as text, decimal comma": dict(scores=_scores(**{
        "1_1_1": {"self_points": "0,75", "appraisal_1": "1,0"},
        "1_1_2": {"self_points": " 0,5 điểm"}})),
    "text that is not a number": dict(scores=_scores(**{"1_1_1": {"self_points": "đạt"}})),
    "KPS marks": dict(scores=_scores(**{"1_1_1": {"self_points": "Không phát sinh"},
                                        "1_1_2": {"self_points": "kps"}})),
    "blanks": dict(scores={code: {} for code in LEAVES[:5]}),
    "negative zero and large numbers": dict(scores=_scores(**{
        "1_1_1": {"self_points": -0.0}, "1_1_2": {"self_points": 1e9}})),
}


@pytest.mark.parametrize("name", VALUE_VARIANTS)
def test_other_values_in_the_template_read_the_same(tmp_path, name):
    template = _save(tmp_path, "a.xlsx")
    form = _save(tmp_path, "b.xlsx", None, VALUE_VARIANTS[name]["scores"])
    _both_ways(template, form, hit=True)


def test_another_unit_of_the_template_reuses_it(tmp_path):
    """The name cells are masked: another unit's form, with its own name in the heading
    and the label cell, is read with the template's plan, under its own name."""
    spec = variant(label="next")
    template = _save(tmp_path, "a.xlsx", spec)
    form = _save(tmp_path, "b.xlsx", variant(label="next", unit="Phường Bình Minh"))
    read = _both_ways(template, form, hit=True)
    assert list(read.units["unit"]) == ["Phường Bình Minh"]


def test_evidence_and_notes_read_the_same(tmp_path):
    template = _save(tmp_path, "a.xlsx")

    def evidence(sheet):
        for row in range(12, 30):
            sheet.cell(row, 7, f"Quyết định số {row}/QĐ-UBND")
            sheet.cell(row, 8, "Không phát sinh trong năm" if row == 14 else None)
    form = _save(tmp_path, "b.xlsx", edit=evidence)
    _both_ways(template, form, hit=True)


@pytest.mark.parametrize("text", ["Tên đơn vị", "Mã", "X· Yªn Thµnh"])
def test_a_value_cell_holding_what_the_layouts_look_for_is_read_in_full(tmp_path, text):
    """A text the layouts look for (a unit-column header, legacy font text) in a masked
    cell: the template is not used (or, where nothing looks there, gives the same)."""
    template = _save(tmp_path, "a.xlsx")

    def typed(sheet):
        sheet.cell(20, 7, text)
        sheet.cell(20, 4, text)
    form = _save(tmp_path, "b.xlsx", edit=typed)
    plans = PlanCache()
    read_file(template, M, plans=plans)
    _same(read_file(form, M, plans=plans), read_file(form, M))
    if text != "Mã":
        assert plans.hits == 0


def _cache_formula_values(path: Path, value: str) -> None:
    """Give the formulas openpyxl wrote a cached value, as Excel would have."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/sheet"):
            parts[name] = re.sub(rb"(</f>)(?:<v\s*/>|<v></v>)?", rb"\1<v>" + value.encode()
                                 + rb"</v>", data)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_formulas_with_and_without_their_values_read_the_same(tmp_path):
    """Formulas never computed and formulas holding their value, in the template or in the
    form: the layouts' decisions do not read them, every read does."""
    spec = variant(parents="formulas")
    template = _save(tmp_path, "a.xlsx", spec)
    uncached = _save(tmp_path, "b.xlsx", spec, _scores(**{"1_1_1": {"self_points": 0.5}}))
    _both_ways(template, uncached, hit=True)
    cached = _save(tmp_path, "c.xlsx", spec)
    _cache_formula_values(cached, "7")
    read = _both_ways(template, cached, hit=True)
    assert not any(p.code == "I111" for p in read.problems)  # no total left uncomputed
    again = _save(tmp_path, "d.xlsx", spec, _scores(**{"2_1": {"self_points": 1.0}}))
    _cache_formula_values(again, "3.5")
    _both_ways(cached, again, hit=True)
    _both_ways(again, uncached, hit=True)


def test_a_formula_in_a_leaf_reads_the_same(tmp_path):
    """A leaf's formula never computed is an error at its cell, with or without the
    template."""
    template = _save(tmp_path, "a.xlsx")

    def formula(sheet):
        sheet.cell(11, 5, "=1/2")  # 1.1.1, a leaf
    form = _save(tmp_path, "b.xlsx", edit=formula)
    read = _both_ways(template, form, hit=True)
    assert any(p.code == "I110" for p in read.problems)


def test_hidden_rows_read_the_same(tmp_path):
    def hide(sheet):
        sheet.row_dimensions[14].hidden = True
    template = _save(tmp_path, "a.xlsx", edit=hide)
    form = _save(tmp_path, "b.xlsx", None, _scores(**{"1_1_1": {"self_points": 0.25}}),
                 edit=hide)
    _both_ways(template, form, hit=True)
    shown = _save(tmp_path, "c.xlsx")
    _both_ways(template, shown, hit=False)


def test_merged_headers_and_merged_evidence_read_the_same(tmp_path):
    spec = variant(columns=THREE_ROW_COLUMNS)

    def merged(sheet):
        sheet.merge_cells(start_row=14, start_column=8, end_row=16, end_column=8)
    template = _save(tmp_path, "a.xlsx", spec, edit=merged)

    def merged_kps(sheet):
        merged(sheet)
        sheet.cell(14, 8, "KPS")
    form = _save(tmp_path, "b.xlsx", spec, _scores(**{"1_1_1": {"self_points": 0.5}}),
                 edit=merged_kps)
    _both_ways(template, form, hit=True)
    _both_ways(template, _save(tmp_path, "c.xlsx", spec), hit=False)  # merged otherwise


def test_legacy_font_forms_are_read_in_full(tmp_path):
    """A workbook typed with an old font is converted, never kept or recalled."""
    spec = variant(legacy="tcvn3")
    template = _save(tmp_path, "a.xlsx", spec)
    form = _save(tmp_path, "b.xlsx", spec, _scores(**{"1_1_1": {"self_points": 0.25}}))
    read = _both_ways(template, form, hit=False)
    assert any(p.code == "I025" for p in read.problems)
    unicode = _save(tmp_path, "c.xlsx")
    _both_ways(unicode, form, hit=False)


# ---- a form whose labels differ is never read with the template ----

LABEL_VARIANTS = {
    "a criterion's name": dict(spec=variant(names={"1.1.1": "Ban hành kế hoạch"})),
    "its numbering": dict(spec=variant(codes="roman")),
    "a code with a trailing dot": dict(spec=variant(codes="trailing_dot")),
    "a header's words": dict(spec=variant(columns=ONE_ROW_COLUMNS)),
    "a stated maximum": dict(spec=variant(max_overrides={"1.1.1": 2})),
    "a row left out": dict(spec=variant(skip=("1.1.2",))),
    "an extra row": dict(spec=variant(extra_rows=(("1.1.1", "1.1.9", 1),))),
    "the sheet's name": dict(spec=variant(sheet="Biểu 01")),
    "another sheet before": dict(spec=variant(sheets_before=("Hướng dẫn",))),
    "the title's year": dict(spec=variant(year=2023)),
    "no total row": dict(spec=variant(totals_row=False)),
    "a blank row": dict(spec=variant(blank_before=("2",))),
}


@pytest.mark.parametrize("name", LABEL_VARIANTS)
def test_a_form_with_other_labels_does_not_reuse_the_plan(tmp_path, name):
    template = _save(tmp_path, "a.xlsx")
    form = _save(tmp_path, "b.xlsx", LABEL_VARIANTS[name]["spec"])
    _both_ways(template, form, hit=False)


@pytest.mark.parametrize("cell", [(2, 2), (7, 5), (8, 4), (30, 2), (30, 3)])
def test_any_other_label_cell_does_not_reuse_the_plan(tmp_path, cell):
    """One more word anywhere outside the masked cells: the template is not used."""
    template = _save(tmp_path, "a.xlsx")
    form = _save(tmp_path, "b.xlsx", edit=lambda sheet: sheet.cell(*cell, "Ghi chú thêm"))
    _both_ways(template, form, hit=False)


def test_a_number_typed_as_text_in_a_label_cell_does_not_reuse_the_plan(tmp_path):
    """The same value of another type (the maximum 1 typed as the text "1") is another
    label."""
    template = _save(tmp_path, "a.xlsx")
    form = _save(tmp_path, "b.xlsx", edit=lambda sheet: sheet.cell(13, 3, "1"))
    _both_ways(template, form, hit=False)


# ---- scope ----

def test_the_guarded_layouts_are_those_asked_before_forms():
    """The module's reasoning holds for the layouts asked before the form layout: a new
    one there must be looked at before the cache trusts a masked cell again."""
    assert tuple(layout.name for layout in layouts() if layout.name < "form") == (
        GUARDED_BEFORE_FORM)


def test_a_batch_reads_the_same_with_its_templates_and_keeps_none(tmp_path):
    paths = [_save(tmp_path, "a.xlsx"),
             _save(tmp_path, "b.xlsx", variant(unit="Xã Khác"),
                   _scores(**{"1_1_1": {"self_points": "0,5"}})),
             _save(tmp_path, "c.xlsx", variant(codes="roman")),
             _save(tmp_path, "d.xlsx", variant(unit="Phường Một"),
                   _scores(**{"1_1_2": {"self_points": "KPS"}}))]
    batch = read_batch(paths, M, jobs=1)
    assert templates_in_force() is None
    alone = Batch.combine([read_file(p, M) for p in paths])
    assert batch.units.equals(alone.units) and batch.entries.equals(alone.entries)
    assert batch.problems == alone.problems and batch.files == alone.files


def test_read_input_takes_the_templates_it_is_given(tmp_path):
    template, form = _save(tmp_path, "a.xlsx"), _save(tmp_path, "b.xlsx", variant(unit="Xã B"))
    plans = PlanCache()
    read_input(template, M, plans=plans)
    read = read_input(form, M, plans=plans)
    assert plans.hits == 1 and read.units[0]["unit"] == "Xã B"


def test_a_table_ending_elsewhere_does_not_reuse_the_plan(tmp_path):
    """The signature block is masked, but the line that ended the table is classified
    again: a form whose date line is gone (its table ends lower) is read in full."""
    template = _save(tmp_path, "a.xlsx")
    built = build_form(M)
    sheet = built.workbook.active
    date_row = next(r for r in range(1, sheet.max_row + 1)
                    if "ngày" in str(sheet.cell(r, 5).value or ""))
    sheet.cell(date_row, 5).value = None
    form = built.save(tmp_path / "b.xlsx")
    _both_ways(template, form, hit=False)


def test_a_batch_reader_keeps_its_templates_in_force_while_it_reads(tmp_path):
    """read_input called as a batch's reader calls it (path, methodology, label, limits)
    uses the templates in force, and none once they end."""
    template, form = _save(tmp_path, "a.xlsx"), _save(tmp_path, "b.xlsx", variant(unit="Xã B"))
    with templates_kept() as plans:
        read_input(template, M)
        read_input(form, M)
        assert templates_in_force() is plans
    assert plans.hits == 1 and templates_in_force() is None
    read_input(form, M)
    assert plans.hits == 1
