"""Units without their survey points are never silent: a count per unit in the results
and the CSV, a note in the annex, a line in the terminal and in the summary, and the
methodology's "Thiếu điều tra XHH" rule said as it is applied (issue 16)."""

from __future__ import annotations

import csv
import dataclasses
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from cchc_index._internal.analysis.summary import summary_text
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run
from cchc_index._internal.report.csv import write_csv
from cchc_index._internal.report.workbook import write_workbook

ROOT = Path(__file__).resolve().parents[1]
FORMS = ROOT / "data" / "sample_forms"  # Xã Thạch Bàn's form has no survey points
M = load_methodology()


def test_the_count_is_in_the_results_and_the_csv(tmp_path):
    result = run([FORMS], M)
    counts = dict(zip(result.results["unit"], result.results["survey_missing"], strict=True))
    assert counts["Xã Thạch Bàn"] == 3 and sum(counts.values()) == 3
    with open(write_csv(result, tmp_path / "kq.csv"), encoding="utf-8-sig") as handle:
        rows = {r["unit"]: r for r in csv.DictReader(handle)}
    assert rows["Xã Thạch Bàn"]["survey_missing"] == "3"
    assert rows["Xã Tân Lập"]["survey_missing"] == "0"


def test_the_annex_notes_the_unit(tmp_path):
    result = run([FORMS], M)
    sheet = load_workbook(write_workbook(result, tmp_path / "kq.xlsx")).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    [row] = [r for r in rows if r[1] == "Xã Thạch Bàn"]  # its annex row
    assert any("Thiếu điểm điều tra XHH (tính 0 điểm)" in str(v) for v in row)
    [other] = [r for r in rows if r[1] == "Xã Tân Lập"]
    assert not any("điều tra" in str(v) for v in other)


def test_the_terminal_and_the_summary_say_it():
    done = subprocess.run([sys.executable, "-m", "cchc_index", "score", str(FORMS)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert ("1 đơn vị chưa có (đủ) điểm điều tra xã hội học (tính 0 điểm theo bộ chỉ số): "
            "Xã Thạch Bàn") in done.stdout
    text = summary_text(run([FORMS], M))
    assert "1 đơn vị chưa có (đủ) điểm điều tra xã hội học" in text


def test_a_methodology_that_leaves_the_survey_out_says_so():
    excluding = dataclasses.replace(M, survey_missing_excluded=True)
    result = run([FORMS], excluding)
    codes = {p.code for p in result.problems if p.unit == "Xã Thạch Bàn"}
    assert "I031" in codes and "I021" not in codes
    [problem] = [p for p in result.problems if p.code == "I031"][:1]
    assert "loại khỏi điểm tối đa" in problem.message()
    zero = run([FORMS], M)
    unit = {r.unit: r for r in result.results.itertuples()}["Xã Thạch Bàn"]
    counted = {r.unit: r for r in zero.results.itertuples()}["Xã Thạch Bàn"]
    assert unit.max_points < counted.max_points and unit.index_pct > counted.index_pct


def test_one_warning_per_unit_names_every_survey_criterion_it_lacks():
    result = run([FORMS], M)
    [problem] = [p for p in result.problems if p.code == "I021"]  # 3 leaves, one line
    assert (problem.unit, problem.criterion) == ("Xã Thạch Bàn", "8.1.1, 8.1.2, 8.2")
    assert "tiêu chí 8.1.1, 8.1.2, 8.2): chưa có điểm điều tra xã hội học" in problem.message()
    excluding = run([FORMS], dataclasses.replace(M, survey_missing_excluded=True))
    assert [p.criterion for p in excluding.problems if p.code == "I031"] == ["8.1.1, 8.1.2, 8.2"]
