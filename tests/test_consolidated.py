"""Reading consolidated tables (one row per unit) the way districts write them."""

from pathlib import Path

import pytest
from table_builders import M, write_table

from cchc_index import run

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"


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
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
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
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    groups = dict(zip(result.results["unit"], result.results["group"], strict=True))
    assert groups == {"Phường X": "KHỐI PHƯỜNG", "Xã Y": "KHỐI XÃ", "Xã Z": "KHỐI XÃ"}
    ranks = dict(zip(result.results["unit"], result.results["rank"], strict=True))
    assert ranks == {"Phường X": 1, "Xã Y": 1, "Xã Z": 2}


def test_fields_numbered_in_roman_numerals_as_the_annexes_do(tmp_path):
    """"Lĩnh vực II", "III. Cải cách thủ tục hành chính", a bare "IV" under a merged
    "Điểm các lĩnh vực": each is its field; "Vị trí" is no field VI."""
    names = list(M.fields["name"])
    headers = ["Lĩnh vực I", "Lĩnh vực II", f"III. {names[2]}", "IV", "V.", "VI)",
               "LV VII", "VIII - Tác động", "Lĩnh vực IX"]
    rows = [["STT", "Đơn vị", *headers, "Vị trí"],
            [1, "Xã A", *GOOD, "Trung tâm"],
            [2, "Xã B", *GOOD[:-2], 10, 0, "Ven biển"]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    points = dict(zip(result.results["unit"], result.results["points"], strict=True))
    assert points == {"Xã A": 100.0, "Xã B": 90.0}
    assert not [p for p in result.problems if p.code == "I004"]


def test_text_in_a_number_cell_names_the_cell_and_spares_the_others(tmp_path):
    rows = [["TIÊU ĐỀ"], ["STT", "Đơn vị", *FIELDS],
            [1, "Xã A", *GOOD], [2, "Xã B", 10, "đạt", *GOOD[2:]]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert list(result.results["unit"]) == ["Xã A"] and result.exit_code == 1
    problem = next(p for p in result.problems if p.code == "I010")
    assert (problem.file, problem.sheet, problem.cell, problem.unit, problem.criterion) == (
        "t.xlsx", "Tổng hợp", "D4", "Xã B", "2")
    assert problem.message() == ("Tệp t.xlsx, trang tính Tổng hợp, ô D4 (đơn vị Xã B, "
                                 "tiêu chí 2): giá trị «đạt» không phải là số.")


def test_missing_field_column_is_an_error_for_every_unit(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS[:-2], "9"], [1, "Xã A", *GOOD[:-2], 0]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 2
    assert [(p.code, p.criterion) for p in result.errors] == [("I013", "8")]


def test_group_by_an_input_column(tmp_path):
    rows = [["STT", "Đơn vị", "Khu vực", *FIELDS],
            [1, "Xã A", "Miền núi", *GOOD], [2, "Xã B", "Đồng bằng", *GOOD[:-2], 10, 0],
            [3, "Xã C", "Miền núi", *GOOD[:-2], 12, 0]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M, group_by="khu vuc")
    ranks = dict(zip(result.results["unit"], result.results["rank"], strict=True))
    assert ranks == {"Xã A": 1, "Xã B": 1, "Xã C": 2}


def test_csv_input_with_semicolons(tmp_path):
    path = tmp_path / "t.csv"
    header = ";".join(["STT", "Đơn vị", *FIELDS])
    path.write_text(f"{header}\n1;Xã A;{';'.join(str(v) for v in GOOD)}\n", encoding="utf-8")
    result = run([path], M)
    assert list(result.results["points"]) == [100.0]


def test_no_table_is_reported_with_the_methodology_name(tmp_path):
    result = run([write_table(tmp_path / "t.xlsx", [["Xin chào"], [1, 2, 3]])], M)
    assert result.exit_code == 2
    assert [p.code for p in result.problems] == ["I003"]


def points_of(result) -> dict[str, float]:
    return dict(zip(result.results["unit"], result.results["points"], strict=True))


# Four units in two blocks; each row's points sum to its total (worked by hand).
BLOCKS = {"Xã An Bình": [10, 7, 18, 7, 11, 7, 10, 17, 0],       # 87
          "Xã Tân Mỹ": [9, 6, 14, 6, 9.5, 5, 10, 15, 0],        # 74.5
          "Phường Hòa Lạc": [11, 6.5, 15.5, 8, 10, 6, 9, 16, 0],  # 82
          "Phường Bắc Sơn": [12, 8, 20, 8, 12, 8, 12, 20, -1]}  # 99


def unit_row(number: int, name: str) -> list[object]:
    return [number, name, *BLOCKS[name], sum(BLOCKS[name])]


def total_row(label: str, names: list[str]) -> list[object]:
    columns = zip(*(BLOCKS[n] for n in names), strict=True)
    return [None, label, *(sum(c) for c in columns), sum(sum(BLOCKS[n]) for n in names)]


def signature(column: int, *lines: str) -> list[list[object]]:
    return [[None] * (column - 1) + [line] for line in lines]


def test_blank_rows_group_headings_totals_and_the_signature_block(tmp_path):
    rows = [["UBND HUYỆN MINH SƠN"], ["BẢNG TỔNG HỢP CHỈ SỐ CCHC NĂM 2024"], [],
            ["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS], "Tổng điểm"],  # row 4
            ["I", "Khối xã"],
            unit_row(1, "Xã An Bình"),
            unit_row(2, "Xã Tân Mỹ"),
            total_row("Cộng khối xã", ["Xã An Bình", "Xã Tân Mỹ"]),
            [],
            ["II", "Khối phường"],
            unit_row(3, "Phường Hòa Lạc"),
            [],  # a blank row inside a block
            unit_row(4, "Phường Bắc Sơn"),
            total_row("Tổng cộng", list(BLOCKS)),
            [],
            [None, "Xếp loại", "Số lượng", "Tỷ lệ (%)"],  # a summary below the table
            [None, "Tốt", 3, 75],
            [None, "Khá", 1, 25],
            [],
            *signature(8, "Minh Sơn, ngày 15 tháng 01 năm 2025", "TRƯỞNG PHÒNG NỘI VỤ",
                       "(Đã ký)", "Nguyễn Văn An")]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    assert [p.code for p in result.problems if p.severity == "error"] == []
    assert points_of(result) == {"Xã An Bình": 87.0, "Xã Tân Mỹ": 74.5,
                                 "Phường Hòa Lạc": 82.0, "Phường Bắc Sơn": 99.0}
    groups = dict(zip(result.results["unit"], result.results["group"], strict=True))
    assert groups == {"Xã An Bình": "Khối xã", "Xã Tân Mỹ": "Khối xã",
                      "Phường Hòa Lạc": "Khối phường", "Phường Bắc Sơn": "Khối phường"}
    sources = dict(zip(result.results["unit"], result.results["unit_source"], strict=True))
    assert sources["Phường Bắc Sơn"] == "B13"


def test_a_unit_left_below_the_notes_or_the_total_is_an_error(tmp_path):
    notes = [["STT", "Đơn vị", *FIELDS],
             unit_row(1, "Xã An Bình")[:-1], [], unit_row(2, "Xã Tân Mỹ")[:-1], [],
             ["Ghi chú: số liệu tạm tính"],
             unit_row(3, "Phường Hòa Lạc")[:-1]]  # row 7, typed below the notes
    result = run([write_table(tmp_path / "ghi_chu.xlsx", notes)], M)
    assert set(points_of(result)) == {"Xã An Bình", "Xã Tân Mỹ"}
    [left] = [p for p in result.problems if p.code == "S024"]
    assert left.severity == "error" and left.found == "7 (Phường Hòa Lạc)"
    assert "không được đọc: 7 (Phường Hòa Lạc)" in left.message()
    below_total = [["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
                   unit_row(1, "Xã An Bình"), total_row("Tổng cộng", ["Xã An Bình"]),
                   unit_row(2, "Xã Tân Mỹ")]  # typed under the total row: still a unit
    result = run([write_table(tmp_path / "duoi_tong.xlsx", below_total)], M)
    assert set(points_of(result)) == {"Xã An Bình", "Xã Tân Mỹ"}
    assert not [p for p in result.problems if p.code == "S024"]
    below_signature = [["STT", "Đơn vị", *FIELDS], unit_row(1, "Xã An Bình")[:-1], [],
                       [None, None, None, None, "TM. ỦY BAN NHÂN DÂN"],
                       unit_row(2, "Xã Tân Mỹ")[:-1]]  # row 5, below the signature
    result = run([write_table(tmp_path / "duoi_chu_ky.xlsx", below_signature)], M)
    assert set(points_of(result)) == {"Xã An Bình"}
    assert [p.found for p in result.problems if p.code == "S024"] == ["5 (Xã Tân Mỹ)"]


def test_a_unit_whose_name_starts_like_a_total_is_read(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS], [1, "Sở Nội vụ", *GOOD],
            [2, "Công an tỉnh", *GOOD[:-2], 10, 0], [None, "Cộng", *GOOD]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert points_of(result) == {"Sở Nội vụ": 100.0, "Công an tỉnh": 90.0}
    assert not [p for p in result.problems if p.code == "S024"]


@pytest.mark.parametrize("label", ["Trung bình cộng", "Tổng cộng/ Bình quân",
                                   "Tổng cộng trung bình", "Trung bình của tỉnh", "Tổng hợp",
                                   "Average score"])
def test_mean_and_total_rows_under_the_units_are_not_units(tmp_path, label):
    rows = [["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
            unit_row(1, "Xã An Bình"), unit_row(2, "Xã Tân Mỹ"),
            total_row(label, ["Xã An Bình", "Xã Tân Mỹ"])]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert set(points_of(result)) == {"Xã An Bình", "Xã Tân Mỹ"}
    assert result.exit_code == 0, [p.message() for p in result.problems]


def test_units_named_like_a_general_corporation_are_read(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS], [1, "Tổng công ty Điện lực", *GOOD],
            [2, "Tổng cục Thuế", *GOOD]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert set(points_of(result)) == {"Tổng công ty Điện lực", "Tổng cục Thuế"}


def test_subtotals_between_blocks_without_headings_keep_the_table_going(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
            unit_row(1, "Xã An Bình"), unit_row(2, "Xã Tân Mỹ"),
            total_row("Cộng", ["Xã An Bình", "Xã Tân Mỹ"]),
            unit_row(3, "Phường Hòa Lạc"), unit_row(4, "Phường Bắc Sơn"),
            total_row("Cộng", ["Phường Hòa Lạc", "Phường Bắc Sơn"]),
            total_row("Tổng cộng", list(BLOCKS))]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert set(points_of(result)) == set(BLOCKS)
    assert result.exit_code == 0, [p.message() for p in result.problems]


def test_group_headings_that_start_like_a_summary_head_their_units(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
            ["Xếp loại Tốt"], unit_row(1, "Xã An Bình"), unit_row(2, "Phường Hòa Lạc"),
            ["* Khối phường"], unit_row(3, "Phường Bắc Sơn")]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    groups = dict(zip(result.results["unit"], result.results["group"], strict=True))
    assert groups == {"Xã An Bình": "Xếp loại Tốt", "Phường Hòa Lạc": "Xếp loại Tốt",
                      "Phường Bắc Sơn": "* Khối phường"}


def test_a_result_header_over_two_rows_is_no_summary(tmp_path):
    rows = [["STT", "Đơn vị", *FIELDS, "Kết quả", None, None],
            [None, None, *[None] * len(FIELDS), "Tổng điểm", "Xếp hạng", "Xếp loại"],
            [*unit_row(1, "Xã An Bình"), 1, "Tốt"],
            [*unit_row(2, "Xã Tân Mỹ"), 2, "Khá"]]
    result = run([write_table(tmp_path / "t.xlsx", rows, ["L1:N1"])], M)
    assert set(points_of(result)) == {"Xã An Bình", "Xã Tân Mỹ"}


def test_what_follows_a_blank_row_must_look_like_units(tmp_path):
    second_table = [["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
                    unit_row(1, "Xã An Bình"), unit_row(2, "Xã Tân Mỹ"), [],
                    ["BẢNG 2. KẾT QUẢ CÁC SỞ"],
                    ["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
                    unit_row(1, "Phường Hòa Lạc")]
    result = run([write_table(tmp_path / "hai_bang.xlsx", second_table)], M)
    assert set(points_of(result)) == {"Xã An Bình", "Xã Tân Mỹ"}
    assert [p.found for p in result.problems if p.code == "S024"] == ["7 (Phường Hòa Lạc)"]
    summary = [["STT", "Đơn vị", *FIELDS, "Tổng điểm"],
               unit_row(1, "Xã An Bình"), unit_row(2, "Xã Tân Mỹ"), [],
               [None, "Loại", "Số lượng", "Tỷ lệ"], [None, "Tốt", 1, "50%"],
               [None, "Khá", 1, "50%"], [None, "Số đơn vị đạt loại Xuất sắc", 0]]
    result = run([write_table(tmp_path / "tom_tat.xlsx", summary)], M)
    assert set(points_of(result)) == {"Xã An Bình", "Xã Tân Mỹ"}
    assert result.exit_code == 0, [p.message() for p in result.problems]


def test_one_commune_name_in_two_districts_is_two_units(tmp_path):
    """Communes of different districts often share a name: within each group they are
    units of their own, an error of one does not reject the other, and twice in one group
    is still an error."""
    header = ["STT", "Đơn vị", "Nhóm", *[f"Lĩnh vực {c}" for c in FIELDS]]
    rows = [header,
            [1, "Xã Tân Lập", "Huyện A", *GOOD],
            [2, "Xã Hòa Bình", "Huyện A", *GOOD[:-2], 15, 0],
            [3, "Xã Tân Lập", "Huyện B", *GOOD[:-2], 10, 0],
            [4, "Xã Hòa Bình", "Huyện B", *GOOD[:-2], 25, 0]]  # 25 over the maximum of 20
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    scored = {(r.group, r.unit): r.points for r in result.results.itertuples()}
    assert scored == {("Huyện A", "Xã Tân Lập"): 100.0, ("Huyện A", "Xã Hòa Bình"): 95.0,
                      ("Huyện B", "Xã Tân Lập"): 90.0}
    assert [(p.code, p.unit) for p in result.errors] == [("I012", "Xã Hòa Bình")]
    again = write_table(tmp_path / "u.xlsx", [header, [1, "Xã Tân Lập", "Huyện A", *GOOD],
                                        [2, "Xã Tân  Lập", "Huyện A", *GOOD]])
    assert {p.code for p in run([again], M).errors} == {"I014"}


def test_bonus_and_penalty_columns_named_for_their_component(tmp_path):
    """"Điểm thưởng" and "Điểm trừ" columns are the bonus and penalty criteria (9.1, 9.2):
    a penalty is subtracted, never left out in silence."""
    header = ["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS[:-1]], "Điểm thưởng",
              "Điểm trừ"]
    rows = [header, [1, "Xã A", *GOOD[:-1], 2, 0], [2, "Xã B", *GOOD[:-1], 0, 3]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    points = dict(zip(result.results["unit"], result.results["points"], strict=True))
    assert points == {"Xã A": 102.0, "Xã B": 97.0}
    assert list(result.results.sort_values("unit")["index_pct"]) == [100.0, 97.0]


def test_the_sample_saved_as_csv_scores_as_the_workbook(tmp_path):
    """Saved as CSV, the two-row header loses its merge: "Điểm đạt được theo lĩnh vực"
    stays above the first field column only, whose field is named on the row below."""
    import csv

    from openpyxl import load_workbook

    [source] = sorted(SAMPLE.glob("*.xlsx"))
    sheet = load_workbook(source, data_only=True).active
    path = tmp_path / "tong_hop.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(
            ["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True))
    as_csv, as_workbook = run([path], M), run([SAMPLE], M)
    assert as_csv.exit_code == 0, [p.message() for p in as_csv.errors]
    columns = ["unit", "group", "points", "index_pct", "rank", "classification"]
    assert as_csv.results[columns].equals(as_workbook.results[columns])


def test_the_council_block_is_scored_beside_the_units_own(tmp_path):
    """"Điểm tự đánh giá" merged over the fields, then "Điểm thẩm định": the council's
    points count (they were the unit's own, with nine false "matches no criterion")."""
    fields = [f"Lĩnh vực {c}" for c in FIELDS]
    rows = [["STT", "Đơn vị", "Điểm tự đánh giá", *[None] * 8, "Điểm thẩm định", *[None] * 8],
            [None, None, *fields, *fields],
            [1, "Xã A", *GOOD, *GOOD[:-2], 10, 0],
            [2, "Xã B", *GOOD[:-2], 10, 0, *GOOD]]
    result = run([write_table(tmp_path / "t.xlsx", rows, ["C1:K1", "L1:T1"])], M)
    points = dict(zip(result.results["unit"], result.results["points"], strict=True))
    assert points == {"Xã A": 90.0, "Xã B": 100.0}
    assert [(p.code, p.found) for p in result.problems if p.code in ("I004", "I009")] == [
        ("I009", "C1:K1")]


def test_summary_rows_group_rows_and_units_without_points(tmp_path):
    """Subtotals ("Cộng I", "Toàn huyện", "Điểm bình quân"), a "Điểm tối đa" row and a
    group row carrying its means are not units; a numbered unit without points is a unit
    (reported), and a commune named "Trung Bình" is one."""
    header = ["STT", "Tên xã, thị trấn", *[f"Lĩnh vực {c}" for c in FIELDS]]
    rows = [header,
            [None, "Điểm tối đa", 12, 8, 20, 8, 12, 8, 12, 20, 0],
            ["I", "KHỐI XÃ", *[v / 2 for v in GOOD]],
            [1, "Xã A", *GOOD],
            [2, "Trung Bình", *GOOD[:-2], 10, 0],
            [3, "Xã D", *[None] * 9],
            [None, "Cộng I", *[v * 2 for v in GOOD]],
            ["II", "KHỐI THỊ TRẤN"],
            [4, "Thị trấn C", *GOOD[:-2], 15, 0],
            [None, "Toàn huyện", *GOOD],
            [None, "Điểm bình quân", *GOOD]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    scored = {r.unit: (r.group, r.points) for r in result.results.itertuples()}
    assert scored == {"Xã A": ("KHỐI XÃ", 100.0), "Trung Bình": ("KHỐI XÃ", 90.0),
                      "Thị trấn C": ("KHỐI THỊ TRẤN", 95.0)}
    assert {p.unit for p in result.errors} == {"Xã D"}
    assert {p.code for p in result.errors} == {"I013"}


def test_a_blank_bonus_and_penalty_field_means_none(tmp_path):
    """Field 9 holds only a bonus and a penalty: left blank (or "-"), nothing happened."""
    header = ["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS]]
    rows = [header, [1, "Xã A", *GOOD[:-1], None], [2, "Xã B", *GOOD[:-1], "-"]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert not result.errors, [p.message() for p in result.errors]
    assert list(result.results["points"]) == [100.0, 100.0]


def test_published_results_worded_as_annexes_word_them_are_checked(tmp_path):
    """"Tổng điểm đạt được (100 điểm)", "Chỉ số CCHC năm 2024 (%)" stored as an Excel
    percent (0,9), "Thứ tự xếp hạng", and columns under a merged "Kết quả": each is
    checked against the recomputed result (I023), none taken for an attribute."""
    header = ["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS],
              "Tổng điểm đạt được (100 điểm)", "Chỉ số CCHC năm 2024 (%)", "Thứ tự xếp hạng"]
    rows = [header, [1, "Xã A", *GOOD, 90, 0.9, 2], [2, "Xã B", *GOOD[:-2], 10, 0, 90, 0.9, 1]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    found = sorted((p.unit, published(p)) for p in result.problems if p.code == "I023")
    assert found == [("Xã A", "Chỉ số (%) 90"), ("Xã A", "Tổng điểm 90"), ("Xã A", "Xếp hạng 2"),
                     ("Xã B", "Xếp hạng 1")]
    merged = [["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS], "Kết quả", None],
              [None, None, *[None] * 9, "Tổng điểm", "Xếp hạng"],
              [1, "Xã A", *GOOD, 90, 1]]
    result = run([write_table(tmp_path / "u.xlsx", merged, ["L1:M1"])], M)
    assert [published(p) for p in result.problems if p.code == "I023"] == ["Tổng điểm 90"]


def test_a_row_of_maxima_under_the_header_is_not_data(tmp_path):
    """"STT" and "Đơn vị" merged down over a row giving each field's maximum."""
    rows = [["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS]],
            [None, None, *[f"({m} điểm)" for m in GOOD]],
            [1, "Xã A", *GOOD]]
    result = run([write_table(tmp_path / "t.xlsx", rows, ["A1:A2", "B1:B2"])], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    assert list(result.results["points"]) == [100.0]


def test_a_unit_on_two_rows_self_and_appraisal_counts_the_appraisal(tmp_path):
    """Each unit's own points, then the council's on the row below, its number and name
    merged over both rows: the council's row counts, with its printed total."""
    header = ["STT", "Đơn vị", "Nội dung", *[f"Lĩnh vực {c}" for c in FIELDS], "Tổng điểm"]
    lower = [*GOOD[:-2], 10, 0]
    rows = [header,
            [1, "Xã A", "Tự đánh giá", *GOOD, 100], [None, None, "Thẩm định", *lower, 90],
            [2, "Xã B", "Tự đánh giá", *GOOD, 100], [None, None, "Thẩm định", *GOOD, 100]]
    result = run([write_table(tmp_path / "t.xlsx", rows, ["A2:A3", "B2:B3", "A4:A5", "B4:B5"])], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    points = dict(zip(result.results["unit"], result.results["points"], strict=True))
    assert points == {"Xã A": 90.0, "Xã B": 100.0}
    assert not [p for p in result.problems if p.code == "I023"]


def test_pre_numbered_empty_rows_of_a_template_are_not_units(tmp_path):
    rows = [["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS]],
            [1, "Xã A", *GOOD], [2, None, *[None] * 9], [3, None, *[None] * 9]]
    result = run([write_table(tmp_path / "t.xlsx", rows)], M)
    assert result.exit_code == 0 and not result.problems, [p.message() for p in result.problems]
    assert list(result.results["unit"]) == ["Xã A"]


def published(problem) -> str:
    """What an I023 warning says was published ("Tổng điểm 90"), as its message shows it."""
    return problem.message().rsplit(": ", 1)[-1].split(" công bố")[0]
