"""The blank form (``template``): its structure, and a filled copy reading back exactly,
also after a real spreadsheet program saved it."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.template import build_form, fill_form, write_template
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.methodology.model import Component, NotArisenRule
from cchc_index._internal.pipeline import run

METHODOLOGY = load_methodology()
TREE = METHODOLOGY.tree
LEAVES = TREE[TREE["is_leaf"]]
ROOT = Path(__file__).resolve().parents[1]
POINTS = ("self_points", "appraisal_1", "appraisal_2")


def _filled(values_for) -> tuple:
    workbook, template = build_form(METHODOLOGY, "Xã Minh Tiến", 2024)
    values = {node.code: values_for(node) for node in LEAVES.itertuples()}
    fill_form(workbook[template.sheet], template, {c: v for c, v in values.items() if v})
    return workbook, template, values


def _plain_values(node) -> dict:
    """Self-score and appraisals as a unit and a council would type them."""
    maximum = float(node.stated_max)
    if node.component == Component.SURVEY:
        return {"appraisal_1": maximum * 0.6}
    if node.not_arisen != NotArisenRule.NOT_ALLOWED and node.code.endswith("2"):
        return {"self_points": "KPS", "explanation": "Trong năm không phát sinh"}
    return {"self_points": maximum, "appraisal_1": maximum / 2,
            "appraisal_2": maximum / 4 if node.code.startswith("3") else None,
            "evidence": f"Văn bản số {len(node.code)}/UBND", "raw_figure": "95%"}


def _check_reads_back(batch, template, values):
    assert [p for p in batch.problems if p.severity == "error"] == []
    entries = batch.entries.set_index("code")
    for code, typed in values.items():
        row = entries.loc[code]
        for role in POINTS:
            value = typed.get(role)
            if isinstance(value, float | int):
                assert row[role] == pytest.approx(value), (code, role)
            else:
                assert math.isnan(row[role]), (code, role)
            assert row[f"cell_{role}"] == template.cell(code, role)
        assert bool(row["not_arisen"]) == (typed.get("self_points") == "KPS")
        for role in ("evidence", "explanation", "raw_figure"):
            assert row[role] == (typed.get(role) or ""), (code, role)


def test_template_structure():
    workbook, template = build_form(METHODOLOGY, "Xã Minh Tiến", 2024)
    sheet = workbook[template.sheet]
    assert workbook.sheetnames == ["Tự đánh giá", "Hướng dẫn"]
    assert sheet["A1"].value == "UBND XÃ MINH TIẾN"
    assert sheet["A4"].value == ("BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH "
                                 "NĂM 2024")
    assert (sheet["A6"].value, sheet["B6"].value) == ("Đơn vị:", "Xã Minh Tiến")
    assert [sheet.cell(8, c).value for c in (1, 2, 3, 5)] == [
        "STT", "Lĩnh vực, tiêu chí, tiêu chí thành phần", "Điểm tối đa", "Điểm"]
    assert [sheet.cell(9, c).value for c in (5, 6, 7)] == [
        "Tự đánh giá", "Thẩm định lần 1", "Thẩm định lần 2"]
    assert "E8:G8" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.cell(10, 1).value == "(1)"
    assert len(template.rows) == len(TREE)
    first = template.rows["1"]
    assert (sheet.cell(first, 1).value, sheet.cell(first, 3).value) == ("1", 12)
    assert sheet[template.cell("1.3.1", "max_points")].value == 0.5
    assert sheet[template.cell("1.1", "self_points")].value == (
        '=IF(COUNT(E13,E14)=0,"",SUM(E13,E14))')
    assert sheet[template.cell("9", "self_points")].value is None  # bonus and penalty
    total = sheet.cell(template.total_row, 5).value
    assert total.startswith("=IF(COUNT(") and "-SUM(" in total
    assert sheet.cell(template.total_row, 3).value == 100
    assert sheet.freeze_panes == f"C{template.first_row}"
    assert sheet.print_title_rows == "$8:$10"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4


def test_data_validation_follows_each_leaf():
    workbook, template = build_form(METHODOLOGY)
    rules = {str(v.sqref): v.formula1 for v in workbook[template.sheet].data_validations.
             dataValidation}
    for node in LEAVES.itertuples():
        row = template.rows[node.code]
        if node.component == Component.SURVEY:
            assert rules[f"E{row}"] == f"ISBLANK(E{row})"
            rule = rules[f"F{row}:G{row}"]
        else:
            rule = rules[f"E{row}:G{row}"]
        maximum = f"{node.stated_max:g}"
        assert rule.endswith(f"<={maximum})") or f"<={maximum})," in rule
        # a bonus or penalty row may always say nothing happened (issue 17: as validation)
        allows_kps = node.not_arisen != NotArisenRule.NOT_ALLOWED or node.component in (
            Component.BONUS, Component.PENALTY)
        assert ('="KPS"' in rule) == allows_kps, node.code
    assert not any(f"E{template.rows[c]}" in rules for c in TREE.loc[~TREE["is_leaf"], "code"])


def test_blank_template_without_unit_or_year():
    workbook, _template = build_form(METHODOLOGY)
    sheet = workbook.active
    assert sheet["A1"].value == "UBND ……………" and sheet["B6"].value is None
    assert sheet["A4"].value.endswith("NĂM 2024")  # the methodology's single year


def test_filled_template_reads_back_exactly(tmp_path):
    workbook, template, values = _filled(_plain_values)
    path = tmp_path / "xa_minh_tien.xlsx"
    workbook.save(path)
    batch = read_file(path, METHODOLOGY)
    unit = batch.units.iloc[0]
    assert (unit["unit"], unit["year"], unit["unit_source"]) == ("Xã Minh Tiến", "2024",
                                                                  "label:B6")
    _check_reads_back(batch, template, values)
    codes = [p.code for p in batch.problems]
    assert codes.count("I111") == 1  # sums written by openpyxl were never computed
    assert not [c for c in codes if c.startswith("I1") and c != "I111"]


@settings(max_examples=15, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_fill_reads_back(tmp_path, data):
    def values_for(node):
        maximum = float(node.stated_max)
        steps = st.integers(0, int(maximum * 4)).map(lambda q: q / 4)
        typed = {}
        for role in POINTS:
            if node.component == Component.SURVEY and role == "self_points":
                continue
            choice = data.draw(st.sampled_from(["blank", "number", "number", "kps"]))
            if choice == "number":
                typed[role] = data.draw(steps)
            elif (choice == "kps" and role == "self_points"
                  and node.not_arisen != NotArisenRule.NOT_ALLOWED):
                typed[role] = "KPS"
        return typed

    workbook, template, values = _filled(values_for)
    path = tmp_path / "any.xlsx"
    workbook.save(path)
    _check_reads_back(read_file(path, METHODOLOGY), template, values)


def test_template_command(tmp_path):
    target = tmp_path / "bieu_mau.xlsx"
    done = subprocess.run([sys.executable, "-m", "cchc_index", "template", "-m",
                           "xa-phuong-minh-hoa", "--unit", "Xã Minh Tiến", "--year", "2025",
                           "-o", str(target)], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Đã ghi" in done.stdout
    assert load_workbook(target).active["A4"].value.endswith("NĂM 2025")
    wrong = subprocess.run([sys.executable, "-m", "cchc_index", "template", "--year", "2O25",
                            "-o", str(tmp_path / "x.xlsx")], capture_output=True, text=True,
                           cwd=ROOT, timeout=60)
    assert wrong.returncode == 2
    assert "Năm 2O25 không hợp lệ" in wrong.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_blank_template_scores_nothing_and_says_why(tmp_path):
    write_template(METHODOLOGY, tmp_path / "trong.xlsx", "Xã Minh Tiến", 2024)
    result = run([tmp_path], METHODOLOGY)
    assert result.results.empty
    missing = [p for p in result.problems if p.code == "I013"]
    assert missing and all(p.cell.startswith("E") for p in missing)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: "
                           "apt-get install -y libreoffice-calc-nogui")
def test_form_saved_by_libreoffice_reads_the_same(tmp_path):
    workbook, template, values = _filled(_plain_values)
    written = tmp_path / "written" / "xa_minh_tien.xlsx"
    written.parent.mkdir()
    workbook.save(written)
    out = tmp_path / "saved"
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(out), str(written)],
                          capture_output=True, text=True, timeout=180)
    saved = out / "xa_minh_tien.xlsx"
    assert saved.exists(), done.stdout + done.stderr
    ours, theirs = read_file(written, METHODOLOGY), read_file(saved, METHODOLOGY)
    _check_reads_back(theirs, template, values)
    assert "I111" not in [p.code for p in theirs.problems]  # LibreOffice computed the sums
    columns = ["code", *POINTS, "not_arisen", "cell_self_points", "evidence"]
    leaves = set(LEAVES["code"])
    mine = ours.entries[ours.entries["code"].isin(leaves)][columns].reset_index(drop=True)
    other = theirs.entries[theirs.entries["code"].isin(leaves)][columns].reset_index(drop=True)
    assert mine.equals(other)
    stated = theirs.entries.set_index("code")
    assert stated.loc["1.1", "self_points"] == pytest.approx(2.0)  # computed, cached sum
    assert math.isnan(stated.loc["1", "appraisal_2"])  # an empty sum stays blank
    first, second = run([written], METHODOLOGY), run([saved], METHODOLOGY)
    assert first.results["points"].iloc[0] == pytest.approx(second.results["points"].iloc[0])
