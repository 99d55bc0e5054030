"""The rules from the command line: ``validate`` lists every item against the rules in one
list (and as a sheet of ``-o``), ``score --draft-appraisal`` proposes and marks the draft."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cchc_index._internal.cli import main
from cchc_index._internal.io.template import build_form, fill_form
from cchc_index._internal.methodology.load import load_methodology

ROOT = Path(__file__).resolve().parents[1]

# Xã Minh Tiến claims full points; two of its figures say less (3.2.1: 92% earns 0 of 5;
# 3.2.3: 12 of 40 applications online, 30% against a 50% target, earns 2,4 of 4).
MINH_TIEN = {"1.1.1": "Đúng hạn", "1.4.2": "24 tin, bài", "3.2.1": "92%",
             "3.2.3": "12 / 40 hồ sơ"}
# Xã Hòa Bình's figures match its claims: 95% earns 2,5 of 5 exactly at the threshold.
HOA_BINH = {"1.1.1": "Trễ hạn", "3.2.1": "19/20", "3.2.3": "0,5"}
HOA_BINH_POINTS = {"1.1.1": 0.5, "3.2.1": 2.5}


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> tuple[Path, dict]:
    methodology = load_methodology()
    tree = methodology.tree
    folder = tmp_path_factory.mktemp("forms")
    cells = {}
    for unit, figures, own in (("Xã Minh Tiến", MINH_TIEN, {}),
                               ("Xã Hòa Bình", HOA_BINH, HOA_BINH_POINTS)):
        workbook, template = build_form(methodology, unit, 2024)
        values = {}
        for node in tree[tree["is_leaf"] & (tree["component"] == "appraisal")].itertuples():
            values[node.code] = {"self_points": own.get(node.code, node.max_points)}
            if node.code in figures:
                values[node.code]["raw_figure"] = figures[node.code]
        fill_form(workbook[template.sheet], template, values)
        workbook.save(folder / f"{unit}.xlsx")
        cells[unit] = template
    return folder, cells


def test_validate_lists_every_disagreement_in_one_list(forms):
    folder, cells = forms
    done = subprocess.run([sys.executable, "-m", "cchc_index", "validate", str(folder)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    where = cells["Xã Minh Tiến"]
    assert (f"ô {where.cell('3.2.1', 'self_points')} (đơn vị Xã Minh Tiến, tiêu chí 3.2.1): "
            f"tự chấm 5 điểm nhưng tỷ lệ 92% (ô {where.cell('3.2.1', 'raw_figure')}) chỉ đạt 0 "
            "điểm theo quy định (Bậc thang: ≥100%: 5; từ 95% đến dưới 100%: 2,5; còn lại: 0)."
            ) in done.stdout
    worklist = done.stdout.split("DANH SÁCH ĐỐI CHIẾU VỚI QUY ĐỊNH CHẤM ĐIỂM (2 mục")[1]
    assert "1. Xã Minh Tiến, tiêu chí 3.2.1" in worklist
    assert "2. Xã Minh Tiến, tiêu chí 3.2.3" in worklist
    assert "tự chấm 4, theo quy định 2,4 — Tự chấm cao hơn quy định" in worklist
    assert "Xã Hòa Bình, tiêu chí" not in worklist


def test_validate_report_workbook_has_the_worklist_sheet(forms, tmp_path, capsys):
    folder, cells = forms
    report = tmp_path / "bao_cao.xlsx"
    assert main(["validate", str(folder), "-o", str(report), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "ITEMS AGAINST THE SCORING RULES (2, for the appraisal council)" in out
    assert f"{report}" in out.splitlines()[-1]  # where the report went, said last
    sheet = load_workbook(report)["Rule checks"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Unit", "Criterion", "Name")
    assert [(r[1], r[2], r[7], r[9]) for r in rows[1:]] == [
        ("Xã Minh Tiến", "3.2.1", 5, 0), ("Xã Minh Tiến", "3.2.3", 4, 2.4)]
    assert rows[1][5] == cells["Xã Minh Tiến"].cell("3.2.1", "raw_figure")


def test_score_with_draft_appraisal_marks_the_draft(forms, tmp_path, capsys):
    folder, _cells = forms
    plain, draft = tmp_path / "kq.csv", tmp_path / "kq_du_thao.csv"
    assert main(["score", str(folder), "--csv", str(plain)]) == 0
    capsys.readouterr()
    assert main(["score", str(folder), "--draft-appraisal", "--csv", str(draft)]) == 0
    out = capsys.readouterr().out
    assert out.count("(chưa thẩm định)  (điểm thẩm định dự thảo theo quy định)") == 2
    assert "tiêu chí có điểm thẩm định dự thảo theo quy định (1.1.1, 1.4.2, 3.2.1, 3.2.3)" in out

    def read(path):
        with path.open(encoding="utf-8-sig") as handle:
            return {row["unit"]: row for row in csv.DictReader(handle)}

    before, after = read(plain), read(draft)
    assert "draft" not in before["Xã Minh Tiến"]
    assert after["Xã Minh Tiến"]["draft"] == "True" and after["Xã Minh Tiến"]["appraised"] == "no"
    # 3.2.1: 5 → 0; 3.2.3: 4 → 2,4; the other drafts equal the claims
    assert float(before["Xã Minh Tiến"]["points"]) - float(after["Xã Minh Tiến"]["points"]) == (
        pytest.approx(6.6))
    assert float(before["Xã Hòa Bình"]["points"]) == pytest.approx(
        float(after["Xã Hòa Bình"]["points"]))


def test_sample_forms_carry_figures_some_claims_do_not_match():
    from cchc_index._internal.council import score_with_draft
    from cchc_index._internal.pipeline import run

    forms = ROOT / "data" / "sample_forms"
    result = run([forms], load_methodology())
    claims = {(p.unit, p.criterion) for p in result.problems if p.code == "R150"}
    assert claims == {("Xã Minh Tiến", "1.2.2"), ("Xã Minh Tiến", "3.1.2"),
                      ("Xã Thạch Bàn", "1.1.1"), ("Xã Thạch Bàn", "1.2.2"),
                      ("Xã Thạch Bàn", "3.2.1"), ("Xã Yên Thế", "3.2.1")}
    assert not [p for p in result.problems if p.code in ("R151", "R152", "R160")]
    figures = result.batch.entries["raw_figure"].fillna("").astype(str)
    assert figures.str.len().gt(0).sum() > 50  # the other figures agree with their claims
    drafted = score_with_draft(result.batch, result.methodology).results.set_index("unit")
    plain = result.results.set_index("unit")
    # Xã Thạch Bàn, not appraised: the draft gives the rule's points for its three claims
    # (1 → 0,5; 1 → 0,25; 5 → 0) and equals its claims elsewhere.
    assert plain.loc["Xã Thạch Bàn", "points"] - drafted.loc["Xã Thạch Bàn", "points"] == (
        pytest.approx(6.25))
    assert drafted["draft"].to_dict() == {unit: unit == "Xã Thạch Bàn" for unit in drafted.index}
    assert drafted.loc["Xã Minh Tiến", "points"] == plain.loc["Xã Minh Tiến", "points"]


def test_rule_warnings_in_english_read_as_english(forms, capsys):
    folder, _cells = forms
    assert main(["validate", str(folder), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert ("self-score 4 but the figure «12 / 40 hồ sơ»" in out
            or "self-score 4 but the rate" in out), out[-2000:]
    assert "earns only 2.4 under the rule (proportional:" in out
