"""Reading consolidated tables (one row per unit) the way districts write them."""

from pathlib import Path

import pytest
from openpyxl import Workbook

from cchc_index import load_methodology, run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"
M = load_methodology()


def write(path: Path, rows: list[list[object]], merges: list[str] = ()) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    workbook.save(path)
    return path


FIELDS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
GOOD = [12, 8, 20, 8, 12, 8, 12, 20, 0]


def test_sample_district_reads_twenty_units_in_two_groups():
    result = run([SAMPLE], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    assert len(result.results) == 20
    assert result.results["group"].value_counts().to_dict() == {"Xã": 14, "Phường": 6}
    assert set(result.results["year"]) == {"2024"}
    by_group = result.results.groupby("group")["rank"].min()
    assert (by_group == 1).all()


def test_text_numbers_decimal_commas_and_a_column_number_row(tmp_path):
    rows = [["BẢNG TỔNG HỢP NĂM 2023"], [],
            ["STT", "Tên đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS], "Tổng điểm"],
            ["(1)", "(2)", *[f"({i})" for i in range(3, 12)], "(12)"],
            [1, "Xã A", "11,5", "8", "19,75", 8, 12, 8, 12, "18,25", "0", "97,5"],
            [2, "Xã B", *GOOD, 100]]
    result = run([write(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    points = dict(zip(result.results["unit"], result.results["points"], strict=True))
    assert points == {"Xã A": pytest.approx(97.5), "Xã B": 100.0}
    assert set(result.results["year"]) == {"2023"}


def test_headers_by_field_name_and_group_heading_rows(tmp_path):
    names = list(M.fields["name"])
    rows = [["STT", "Đơn vị", *names],
            ["I", "KHỐI PHƯỜNG"],
            [1, "Phường X", *GOOD],
            ["II", "KHỐI XÃ"],
            [2, "Xã Y", *GOOD[:-1], 1],
            [3, "Xã Z", *GOOD[:-2], 15, 0]]
    result = run([write(tmp_path / "t.xlsx", rows)], M)
    groups = dict(zip(result.results["unit"], result.results["group"], strict=True))
    assert groups == {"Phường X": "KHỐI PHƯỜNG", "Xã Y": "KHỐI XÃ", "Xã Z": "KHỐI XÃ"}
    ranks = dict(zip(result.results["unit"], result.results["rank"], strict=True))
    assert ranks == {"Phường X": 1, "Xã Y": 1, "Xã Z": 2}


def test_text_in_a_number_cell_names_the_cell_and_spares_the_others(tmp_path):
    rows = [["TIÊU ĐỀ"], ["STT", "Đơn vị", *FIELDS],
            [1, "Xã A", *GOOD], [2, "Xã B", 10, "đạt", *GOOD[2:]]]
    result = run([write(tmp_path / "t.xlsx", rows)], M)
    assert list(result.results["unit"]) == ["Xã A"] and result.exit_code == 1
    problem = next(p for p in result.problems if p.code == "I010")
    assert (problem.file, problem.sheet, problem.cell, problem.unit, problem.criterion) == (
        "t.xlsx", "Tổng hợp", "D4", "Xã B", "2")
    assert problem.message() == ("Tệp t.xlsx, trang tính Tổng hợp, ô D4 (đơn vị Xã B, "
                                 "tiêu chí 2): giá trị «đạt» không phải là số.")


def test_missing_field_column_is_an_error_for_every_unit(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS[:-2], "9"], [1, "Xã A", *GOOD[:-2], 0]]
    result = run([write(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 2
    assert [(p.code, p.criterion) for p in result.errors] == [("I013", "8")]


def test_group_by_an_input_column(tmp_path):
    rows = [["STT", "Đơn vị", "Khu vực", *FIELDS],
            [1, "Xã A", "Miền núi", *GOOD], [2, "Xã B", "Đồng bằng", *GOOD[:-2], 10, 0],
            [3, "Xã C", "Miền núi", *GOOD[:-2], 12, 0]]
    result = run([write(tmp_path / "t.xlsx", rows)], M, group_by="khu vuc")
    ranks = dict(zip(result.results["unit"], result.results["rank"], strict=True))
    assert ranks == {"Xã A": 1, "Xã B": 1, "Xã C": 2}


def test_csv_input_with_semicolons(tmp_path):
    path = tmp_path / "t.csv"
    header = ";".join(["STT", "Đơn vị", *FIELDS])
    path.write_text(f"{header}\n1;Xã A;{';'.join(str(v) for v in GOOD)}\n", encoding="utf-8")
    result = run([path], M)
    assert list(result.results["points"]) == [100.0]


def test_no_table_is_reported_with_the_methodology_name(tmp_path):
    result = run([write(tmp_path / "t.xlsx", [["Xin chào"], [1, 2, 3]])], M)
    assert result.exit_code == 2
    assert [p.code for p in result.problems] == ["I003"]
