"""The analysis options of ``score``, run as a user runs them, and the bundled two-year sample."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"
PREVIOUS = ROOT / "data" / "sample_previous"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc_index", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=180)


def test_score_with_every_analysis(tmp_path):
    out_csv, out_xlsx, out_docx = tmp_path / "kq.csv", tmp_path / "kq.xlsx", tmp_path / "bc.docx"
    done = cli("score", str(SAMPLE), "--previous", str(PREVIOUS / "ket_qua_2023.xlsx"),
               "--crosswalk", str(PREVIOUS / "crosswalk.xlsx"), "--robustness", "200",
               "--seed", "4", "--summary", "--docx", str(out_docx), "--csv", str(out_csv),
               "-o", str(out_xlsx))
    assert done.returncode == 0, done.stderr
    assert "NHẬN XÉT:" in done.stdout and "So với năm trước (2023)" in done.stdout
    assert "1 đơn vị hình thành do hợp nhất" in " ".join(done.stdout.split())  # wrapped
    with out_csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    assert header[:9] == ["unit", "group", "points", "max_points", "index_pct", "rank",
                          "classification", "appraised", "emulation"]
    assert header[-9:] == ["prev_index_pct", "index_change", "prev_rank", "rank_change",
                           "prev_classification", "comparable", "rank_p05", "rank_p95",
                           "class_probability"]
    by_unit = {r["unit"]: r for r in rows}
    merged = by_unit["Xã An Khánh"]
    assert merged["comparable"] == "merged" and merged["prev_rank"] == ""
    # 2023: Xã An Thịnh and Xã Khánh Hòa, weighted by population 8 600 and 5 900
    parts = _previous_index(["Xã An Thịnh", "Xã Khánh Hòa"])
    expected = (parts[0] * 8600 + parts[1] * 5900) / 14500
    assert float(merged["prev_index_pct"]) == pytest.approx(expected)
    assert by_unit["Xã Hòa Bình"]["comparable"] == "yes"  # 2023 wrote "Xã Hoà Bình"
    assert by_unit["Phường Tân Thịnh"]["rank_change"] == ""  # ranked among communes in 2023
    assert 0 <= float(by_unit["Xã Minh Tiến"]["class_probability"]) <= 1
    workbook = load_workbook(out_xlsx)
    for title in ("So sánh năm trước", "Độ vững xếp loại", "Điểm bị mất", "Nhận xét"):
        assert title in workbook.sheetnames
    assert out_docx.stat().st_size > 10_000


def _previous_index(units: list[str]) -> list[float]:
    with (PREVIOUS / "ket_qua_2023.csv").open(encoding="utf-8-sig") as handle:
        table = {r["unit"]: float(r["index_pct"]) for r in csv.DictReader(handle)}
    return [table[u] for u in units]


def test_crosswalk_needs_previous():
    done = cli("score", str(SAMPLE), "--crosswalk", str(PREVIOUS / "crosswalk.xlsx"))
    assert done.returncode == 2 and "cần đi kèm --previous" in done.stdout + done.stderr


def test_robustness_needs_a_positive_number_of_runs():
    done = cli("score", str(SAMPLE), "--robustness", "0")
    assert done.returncode == 2 and "Số lần mô phỏng 0 không hợp lệ" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_outputs_never_overwrite_last_years_results(tmp_path):
    previous = tmp_path / "kq_2023.csv"
    previous.write_bytes((PREVIOUS / "ket_qua_2023.csv").read_bytes())
    done = cli("score", str(SAMPLE), "--previous", str(previous), "--csv", str(previous))
    assert done.returncode == 2 and "trùng với một tệp đầu vào" in done.stdout + done.stderr
    assert previous.read_bytes() == (PREVIOUS / "ket_qua_2023.csv").read_bytes()


def test_the_sample_previous_year_is_what_its_script_makes(tmp_path):
    sys.path.insert(0, str(ROOT / "data"))
    try:
        from make_sample_previous import build
    finally:
        sys.path.remove(str(ROOT / "data"))
    build(tmp_path)
    made = (tmp_path / "ket_qua_2023.csv").read_text(encoding="utf-8-sig")
    shipped = (PREVIOUS / "ket_qua_2023.csv").read_text(encoding="utf-8-sig")
    assert [line.split(",")[:7] for line in made.splitlines()] == [
        line.split(",")[:7] for line in shipped.splitlines()]
    assert len(shipped.splitlines()) == 22  # 21 units of 2023 and the header


def test_this_years_results_given_as_last_years_are_warned_about(tmp_path):
    this_year = tmp_path / "ket_qua_2024.csv"
    assert cli("score", str(SAMPLE), "--csv", str(this_year)).returncode == 0
    done = cli("score", str(SAMPLE), "--previous", str(this_year))
    assert done.returncode == 0
    assert "là của năm 2024, không trước năm đang chấm 2024" in done.stdout
    assert "không trước năm" not in cli("score", str(SAMPLE), "--previous",
                                        str(PREVIOUS / "ket_qua_2023.csv")).stdout
