"""Layouts as plug-ins, and a form's layout read apart from its values.

Every layout module of :mod:`cchc_index._internal.io.layouts` is found without being named anywhere
else, each sheet is read by the most confident one, and a form's plan (which row is which
criterion, which column which round) depends on its labels only: the forms of a province,
filled from one template, share one plan.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from form_builder import build_form, default_scores, variant

from cchc_index._internal.io import layouts as layouts_package
from cchc_index._internal.io.cells import read_grids
from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.layouts import detect, detections, layouts
from cchc_index._internal.io.layouts.form import plan_form, read_form, read_planned_form
from cchc_index._internal.methodology.load import load_methodology

M = load_methodology()
SAMPLE_DISTRICT = Path(__file__).resolve().parents[1] / "data" / "sample_district"


def _grid(tmp_path, spec=None, scores=None, name="f.xlsx"):
    path = build_form(M, spec, scores).save(tmp_path / name)
    [grid] = [g for g in read_grids(path) if not g.hidden]
    return grid


def test_the_layouts_are_found_by_their_modules():
    assert {layout.name: layout.kind for layout in layouts()} == {
        "consolidated": "table", "form": "form", "transposed": "table"}


def test_a_form_is_detected_as_a_form(tmp_path):
    found = detect(_grid(tmp_path), M)
    assert found.layout == "form" and found.confidence == 1.0
    assert "rows match criteria" in found.reason


def test_a_consolidated_table_is_detected_as_one():
    [path] = SAMPLE_DISTRICT.glob("*.xlsx")
    grid = read_grids(path)[0]
    found = detections(grid, M)
    assert [d.layout for d in found] == ["consolidated"]
    assert found[0].confidence == 1.0 and "9 of 9 fields" in found[0].reason


LAYOUT_MODULE = '''
from cchc_index._internal.entries import Rows
from cchc_index._internal.io.layouts import Detection

LAYOUT = "{name}"
KIND = "form"


def detect(grid, methodology):
    if grid.value(1, 1) == "LAYOUT-TEST":
        return Detection(LAYOUT, {confidence}, "marked sheet", grid.value(1, 2))
    return None


def read(grid, detection, file, methodology):
    unit = {{"unit_id": f"{{file}}|{{grid.sheet}}", "unit": detection.found, "group": "",
             "file": file, "sheet": grid.sheet, "year": "", "unit_source": "B1"}}
    return Rows([unit], {{}}, [])


def leftovers(grid, detection, read):
    return []


def combine(reads):
    return reads[0]
'''


@pytest.fixture
def extra_layouts(tmp_path, monkeypatch):
    """Drop layout modules into a folder of the package's search path, as a developer adds
    a module to the package."""
    folder = tmp_path / "more_layouts"
    folder.mkdir()
    monkeypatch.setattr(layouts_package, "__path__", [*layouts_package.__path__, str(folder)])
    layouts.cache_clear()

    def add(name: str, confidence: float) -> None:
        (folder / f"{name}.py").write_text(LAYOUT_MODULE.format(name=name,
                                                               confidence=confidence))
        layouts.cache_clear()

    yield add
    layouts.cache_clear()
    for module in [m for m in sys.modules if m.startswith("cchc_index._internal.io.layouts.zz_")]:
        del sys.modules[module]


def test_a_new_layout_is_one_module(extra_layouts, tmp_path):
    extra_layouts("zz_marked", 0.99)
    assert "zz_marked" in [layout.name for layout in layouts()]
    book = __import__("openpyxl").Workbook()
    book.active.append(["LAYOUT-TEST", "Xã Đánh Dấu"])
    book.save(tmp_path / "m.xlsx")
    read = read_file(tmp_path / "m.xlsx", M)
    assert list(read.units["unit"]) == ["Xã Đánh Dấu"]


def test_the_most_confident_layout_reads_the_sheet(extra_layouts, tmp_path):
    grid = _grid(tmp_path)
    grid.rows[0][0] = "LAYOUT-TEST"
    extra_layouts("zz_unsure", 0.3)
    assert detect(grid, M).layout == "form"
    extra_layouts("zz_sure", 1.0)
    # a tie with the form (1.0): the order of names decides, the same on every machine,
    # so the layouts after a certain one are not even asked
    assert [d.layout for d in detections(grid, M)] == ["form"]


def test_a_more_confident_layout_wins(extra_layouts, tmp_path):
    grid = _grid(tmp_path, variant(extra_rows=(("1.1", "9.9", 1), ("2.1", "9.8", 1))))
    form = detect(grid, M)
    assert form.layout == "form" and form.confidence < 1.0
    grid.rows[0][0] = "LAYOUT-TEST"
    extra_layouts("zz_sure", 1.0)
    assert detect(grid, M).layout == "zz_sure"


def test_forms_of_one_template_share_one_plan(tmp_path):
    """The plan is read from the labels: other units' points, KPS and texts in the same
    template give the same plan; another template does not."""
    scores = default_scores(M)
    other = {code: {role: ("KPS" if v == "KPS" else (v / 2 if isinstance(v, float) else v))
                    for role, v in entry.items()} for code, entry in scores.items()}
    first = plan_form(_grid(tmp_path, scores=scores, name="a.xlsx"), M)
    second = plan_form(_grid(tmp_path, variant(unit="Xã Khác"), other, name="b.xlsx"), M)
    assert first == second
    third = plan_form(_grid(tmp_path, variant(codes="roman"), scores, name="c.xlsx"), M)
    assert third != first


def test_reading_by_plan_is_reading_the_form(tmp_path):
    grid = _grid(tmp_path, variant(values="comma", parents="formulas"))
    plan = plan_form(grid, M)
    by_plan = read_planned_form(grid, plan, "f.xlsx", M).to_batch()
    whole = read_form(grid, "f.xlsx", M)
    assert by_plan.units.equals(whole.units) and by_plan.entries.equals(whole.entries)
    assert by_plan.problems == whole.problems
