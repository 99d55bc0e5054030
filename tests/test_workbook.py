"""The results workbook, read back cell by cell and compared with the scoring results."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from engine_helpers import SMALL, form, methodology
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from report_batches import ROOT, SAMPLE, forms_result, sample_result

from cchc_index import Batch, __version__, load_methodology, run, score_batch
from cchc_index._internal.report.workbook import write_workbook
from cchc_index._internal.text import parse_number

GOLDEN = Path(__file__).parent / "golden" / "annex_sample_district.tsv"
WHEN = datetime(2025, 1, 15, 9, 30)
TITLE = "KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024 CỦA UBND CÁC XÃ, PHƯỜNG"


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("book") / "ket_qua.xlsx"
    return write_workbook(sample_result(), path, created=WHEN)


@pytest.fixture(scope="module")
def forms_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("forms") / "ket_qua.xlsx"
    return write_workbook(forms_result(), path, created=WHEN)


def header_row(sheet, label: str = "STT") -> int:
    return next(r for r in range(1, 40) if sheet.cell(r, 1).value == label)


def annex_columns(sheet, first: str = "STT") -> dict[str, int]:
    """Column of each heading of the annex: the top header row, or the row under a
    merged heading (a field's "Lĩnh vực 1\\n(12 điểm)" is keyed "Lĩnh vực 1")."""
    top = header_row(sheet, first)
    columns = {}
    for col in range(1, sheet.max_column + 1):
        sub = sheet.cell(top + 1, col).value
        label = sub if isinstance(sub, str) and sub else sheet.cell(top, col).value
        if isinstance(label, str):
            columns[label.split("\n")[0]] = col
    return columns


def annex_units(sheet) -> dict[str, int]:
    """Row of each unit of the annex table (until the first blank row)."""
    rows = {}
    row = header_row(sheet) + 3
    while sheet.cell(row, 2).value:
        if isinstance(sheet.cell(row, 1).value, int):
            rows[sheet.cell(row, 2).value] = row
        row += 1
    return rows


def test_annex_matches_the_results_cell_by_cell(sample_book):
    result = sample_result()
    rounding = result.methodology.rounding
    sheet = load_workbook(sample_book)["Tổng hợp"]
    columns = annex_columns(sheet)
    rows = annex_units(sheet)
    assert len(rows) == len(result.results) == 20
    fields = list(result.methodology.fields["code"])
    for unit in result.results.itertuples():
        row = rows[unit.unit]
        for code in fields:
            cell = sheet.cell(row, columns[f"Lĩnh vực {code}"])
            assert cell.value == rounding.apply(getattr(unit, f"field_{code}")), (unit.unit, code)
            assert cell.number_format == "0.00"
        total = sheet.cell(row, columns["Tổng điểm"])
        index = sheet.cell(row, columns["Chỉ số (%)"])
        rank = sheet.cell(row, columns["Xếp hạng"])
        assert total.value == rounding.apply(unit.points)
        assert index.value == unit.index_display and isinstance(index.value, int | float)
        assert index.number_format == "0.00"
        assert rank.value == int(unit.rank) and isinstance(rank.value, int)
        assert sheet.cell(row, columns["Xếp loại"]).value == unit.classification
        # independent of the engine: the printed fields add up to the printed total
        printed = [sheet.cell(row, columns[f"Lĩnh vực {c}"]).value for c in fields]
        assert abs(sum(printed) - total.value) < 0.005 * len(fields)
    last = rows["Phường Tân Thịnh"]
    assert sheet.cell(last, columns["Ghi chú"]).value == "Xếp cuối nhóm"


def test_annex_sections_per_group_with_ranks_restarting(sample_book):
    sheet = load_workbook(sample_book)["Tổng hợp"]
    first = header_row(sheet) + 3
    assert sheet.cell(first, 1).value == "I"
    assert sheet.cell(first, 2).value == "Xã (14 đơn vị)"
    rank_col = annex_columns(sheet)["Xếp hạng"]
    ranks = [sheet.cell(r, rank_col).value for r in range(first + 1, first + 15)]
    assert ranks == sorted(ranks) and ranks[:4] == [1, 1, 3, 3]  # ties share the better rank
    assert [sheet.cell(r, 1).value for r in range(first + 1, first + 15)] == list(range(1, 15))
    assert sheet.cell(first + 15, 1).value == "II"
    assert sheet.cell(first + 15, 2).value == "Phường (6 đơn vị)"
    assert sheet.cell(first + 16, 2).value == "Phường Trần Phú"
    assert sheet.cell(first + 16, rank_col).value == 1


def test_annex_title_layout_and_print_setup(sample_book):
    sheet = load_workbook(sample_book)["Tổng hợp"]
    width = annex_columns(sheet)["Ghi chú"]
    assert sheet["A1"].value == TITLE and sheet["A1"].font.b
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert f"A1:{get_column_letter(width)}1" in merged
    assert "A4:A5" in merged and "B4:B5" in merged  # STT, Đơn vị over two header rows
    ranges = list(sheet.merged_cells.ranges)
    for i, a in enumerate(ranges):  # overlapping merges make Excel repair the file
        for b in ranges[i + 1:]:
            assert a.isdisjoint(b), (a, b)
    top = header_row(sheet)
    assert sheet.cell(top, 2).font.b and sheet.cell(top, 2).border.left.style == "thin"
    assert [sheet.cell(top + 2, c).value for c in (1, 2, width)] == ["(1)", "(2)", f"({width})"]
    assert sheet.freeze_panes == "C7"
    assert sheet.print_title_rows == "$4:$6"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["B"].width >= 18


def test_class_summary_counts_shares_and_extremes(sample_book):
    results = sample_result().results
    sheet = load_workbook(sample_book)["Tổng hợp"]
    top = next(r for r in range(1, sheet.max_row + 1)
               if sheet.cell(r, 2).value == "TỔNG HỢP KẾT QUẢ XẾP LOẠI")
    assert [sheet.cell(top + 1, c).value for c in (2, 3, 5, 7)] == ["Xếp loại", "Xã", "Phường",
                                                                  "Chung"]
    assert [sheet.cell(top + 2, c).value for c in (3, 4)] == ["Số lượng", "Tỷ lệ (%)"]
    scopes = {3: results[results["group"] == "Xã"], 5: results[results["group"] == "Phường"],
              7: results}
    labels = ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    for offset, label in enumerate(labels, start=3):
        assert sheet.cell(top + offset, 2).value == label
        for col, units in scopes.items():
            count = int((units["classification"] == label).sum())
            assert sheet.cell(top + offset, col).value == count, (label, col)
            assert sheet.cell(top + offset, col + 1).value == round(count / len(units) * 100, 2)
    total_row = top + 3 + len(labels)
    assert sheet.cell(total_row, 2).value == "Cộng"
    assert [sheet.cell(total_row, c).value for c in (3, 5, 7)] == [14, 6, 20]
    stats = {sheet.cell(r, 2).value: r for r in range(total_row + 1, total_row + 7)}
    for col, units in scopes.items():
        shown = units["index_display"]
        assert sheet.cell(stats["Số đơn vị"], col).value == len(units)
        assert sheet.cell(stats["Chỉ số bình quân (%)"], col).value == round(shown.mean(), 2)
        assert sheet.cell(stats["Chỉ số cao nhất (%)"], col).value == shown.max()
        assert sheet.cell(stats["Chỉ số thấp nhất (%)"], col).value == shown.min()
        lowest = ", ".join(units.loc[shown == shown.min(), "unit"])
        assert sheet.cell(stats["Đơn vị thấp nhất"], col).value == lowest
    assert sheet.cell(stats["Đơn vị cao nhất"], 3).value == "Xã Thạch Bàn, Xã Lương Sơn"


def test_details_give_every_scored_criterion_with_its_source_cell(forms_book):
    result = forms_result()
    sheet = load_workbook(forms_book)["Chi tiết"]
    top = header_row(sheet)
    headers = [sheet.cell(top, c).value for c in range(1, sheet.max_column + 1)]
    assert headers == ["STT", "Đơn vị", "Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự chấm",
                       "Thẩm định lần 1", "Thẩm định lần 2", "Điểm chính thức", "Điểm bị mất",
                       "Nguồn điểm", "Tệp", "Trang tính", "Ô"]
    col = {h: i for i, h in enumerate(headers, start=1)}
    rows = {(sheet.cell(r, 2).value, sheet.cell(r, 3).value): r
            for r in range(top + 1, sheet.max_row + 1)}
    leaves = int(result.methodology.tree["is_leaf"].sum())
    assert len(rows) == len(result.nodes) == 6 * leaves
    names = dict(zip(result.results["unit_id"], result.results["unit"], strict=True))
    entries = result.batch.entries.set_index(["unit_id", "code"])
    tree = result.methodology.tree.set_index("code")
    for node in result.nodes.itertuples():
        row = rows[(names[node.unit_id], node.code)]
        entry = entries.loc[(node.unit_id, node.code)]
        value = sheet.cell(row, col["Điểm chính thức"]).value
        if node.applicable or node.component in ("bonus", "penalty"):
            assert value == node.contribution, (node.unit_id, node.code)
        else:
            assert value is None and node.source == "not_arisen"
        if node.component in ("appraisal", "survey") and node.applicable:
            lost = sheet.cell(row, col["Điểm bị mất"]).value
            assert lost == pytest.approx(node.max_points - node.points, abs=1e-9)
        self_score = sheet.cell(row, col["Điểm tự chấm"]).value
        assert self_score == (None if entry["self_points"] != entry["self_points"]
                              else entry["self_points"])
        if tree.loc[node.code, "component"] in ("appraisal", "survey"):
            assert sheet.cell(row, col["Điểm tối đa"]).value == tree.loc[node.code,
                                                                        "max_points"]
    minh_tien = rows[("Xã Minh Tiến", "3.2.1")]
    assert sheet.cell(minh_tien, col["Thẩm định lần 2"]).value == 4.5
    assert sheet.cell(minh_tien, col["Nguồn điểm"]).value == "Thẩm định lần 2"
    assert sheet.cell(minh_tien, col["Ô"]).value == "G27"
    assert sheet.cell(minh_tien, col["Tệp"]).value == "Xã Minh Tiến.xlsx"
    left_out = rows[("Xã Hòa Bình", "2.1.1")]
    assert sheet.cell(left_out, col["Nguồn điểm"]).value == "Không phát sinh: loại trừ"
    full = rows[("Xã Hòa Bình", "1.3.2")]
    assert sheet.cell(full, col["Nguồn điểm"]).value == "Không phát sinh: tính điểm tối đa"
    assert sheet.cell(full, col["Điểm chính thức"]).value == 1.5
    penalty = rows[("Xã Hòa Bình", "9.2")]
    assert sheet.cell(penalty, col["Điểm chính thức"]).value == -0.5
    assert sheet.cell(penalty, col["Điểm bị mất"]).value == 0.5
    assert sheet.auto_filter.ref.startswith("A3:N")
    assert sheet.freeze_panes == "C4"


def test_profiles_put_each_field_beside_the_group_mean_and_leader(sample_book):
    result = sample_result()
    results = result.results
    sheet = load_workbook(sample_book)["Hồ sơ đơn vị"]
    heads = {str(sheet.cell(r, 1).value).split(":")[0]: r for r in range(1, sheet.max_row + 1)
             if re.match(r"^\d+\. ", str(sheet.cell(r, 1).value))}
    assert len(heads) == 20
    row = heads["16. Phường Minh Khai"]
    assert sheet.cell(row, 1).value.endswith("chỉ số 88,75%, xếp hạng 2/6, Tốt")
    assert sheet.cell(row + 1, 1).value == "Nhóm Phường; đơn vị dẫn đầu nhóm: Phường Trần Phú"
    header = next(r for r in range(row, row + 5) if sheet.cell(r, 1).value == "Lĩnh vực")
    maxima = dict(zip(result.methodology.fields["code"], result.methodology.fields["max_points"],
                      strict=True))
    wards = results[results["group"] == "Phường"]
    unit = wards.set_index("unit").loc["Phường Minh Khai"]
    leader = wards.set_index("unit").loc["Phường Trần Phú"]
    for offset, code in enumerate(c for c in maxima if maxima[c] > 0):
        r = header + 1 + offset
        assert sheet.cell(r, 1).value == code
        share = unit[f"field_{code}"] / maxima[code] * 100
        mean = (wards[f"field_{code}"] / maxima[code] * 100).mean()
        assert sheet.cell(r, 5).value == pytest.approx(share, abs=0.005)
        assert sheet.cell(r, 6).value == pytest.approx(mean, abs=0.005)
        assert sheet.cell(r, 7).value == pytest.approx(share - mean, abs=0.01)
        assert sheet.cell(r, 8).value == pytest.approx(
            leader[f"field_{code}"] / maxima[code] * 100, abs=0.005)
    total = next(r for r in range(header, header + 15)
                 if sheet.cell(r, 2).value == "Toàn bộ chỉ số")
    assert sheet.cell(total, 5).value == 88.75 and sheet.cell(total, 8).value == 89.5


def test_checks_and_information_sheets(tmp_path):
    small = methodology(SMALL)
    good = form("Xã An", {"1.1": 2, "1.2.1": 1, "1.2.2": 3, "2.1": 6, "2.2": 4, "3.1": 4})
    bad = form("Xã Bình", {"1.1": 2, "1.2.1": 1, "1.2.2": 9, "2.1": 6, "2.2": 4, "3.1": 4})
    result = score_batch(Batch.combine([good, bad]), small)
    path = write_workbook(result, tmp_path / "kq.xlsx", created=WHEN)
    book = load_workbook(path)
    checks = book["Kiểm tra"]
    top = header_row(checks, "Mức độ")
    rows = [[checks.cell(r, c).value for c in range(1, 11)]
            for r in range(top + 1, checks.max_row + 1)]
    wrong = next(r for r in rows if r[1] == "I012")
    assert wrong[0] == "Lỗi" and wrong[2] == "Xã Bình.xlsx" and wrong[4] == "F12"
    assert "điểm 9 lớn hơn điểm tối đa 3" in wrong[9]
    assert checks["A2"].value.startswith("1 lỗi")
    info = {r[0].value: r[1].value for r in book["Thông tin"].iter_rows(min_row=2)
            if r[0].value}
    assert info["Phiên bản cchc_index"] == __version__
    assert info["Thời điểm chạy"] == "15/01/2025 09:30"
    assert info["Làm tròn chỉ số"] == "Làm tròn 2 chữ số thập phân"


def test_information_lists_the_input_files_with_sha256(sample_book):
    sheet = load_workbook(sample_book)["Thông tin"]
    digest = hashlib.sha256((SAMPLE / "tong_hop_huyen_minh_son_2024.xlsx").read_bytes())
    row = next(r for r in sheet.iter_rows() if r[0].value == "tong_hop_huyen_minh_son_2024.xlsx")
    assert [c.value for c in row[:4]] == ["tong_hop_huyen_minh_son_2024.xlsx", "Đã đọc", 20,
                                         digest.hexdigest()]
    values = [c.value for r in sheet.iter_rows() for c in r]
    assert "Bộ chỉ số CCHC cấp xã (minh hoạ)" in values and "Riêng trong từng nhóm" in values
    bands = [r[0].value for r in sheet.iter_rows() if r[1].value in (90, 80, 70, 50, 0)]
    assert bands == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_numbers_are_never_text_and_nothing_is_a_formula(sample_book, forms_book):
    """Only criterion codes ("1", "2.1") are digits stored as text: they are names."""
    numeric_text = re.compile(r"^[+-]?\d+([.,]\d+)?$")
    code_columns = {("Chi tiết", "C"), ("Hồ sơ đơn vị", "A")}
    for path in (sample_book, forms_book):
        for sheet in load_workbook(path):
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate)
                    if (sheet.title, get_column_letter(cell.column)) in code_columns:
                        continue
                    if isinstance(cell.value, str):
                        assert not numeric_text.match(cell.value), (sheet.title, cell.coordinate)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    small = methodology(SMALL)
    name = '=HYPERLINK("http://x","Xã A")'
    batch = form(name, {"1.1": 2, "1.2.1": 1, "1.2.2": 3, "2.1": 6, "2.2": 4, "3.1": 4})
    path = write_workbook(score_batch(batch, small), tmp_path / "kq.xlsx")
    sheet = load_workbook(path)["Tổng hợp"]
    cell = sheet.cell(annex_units(sheet)[name], 2)
    assert cell.value == name and cell.data_type == "s"


def test_truncating_methodology_prints_truncated_indices(tmp_path):
    small = methodology(SMALL, **{"Làm tròn": "Cắt bỏ", "Số chữ số thập phân": 1})
    batch = form("Xã An", {"1.1": 2, "1.2.1": 1, "1.2.2": 3, "2.1": 5, "2.2": 4, "3.1": 4})
    result = score_batch(batch, small)
    assert result.results["index_pct"].iloc[0] == pytest.approx(19 / 20 * 100)
    batch = form("Xã An", {"1.1": 2, "1.2.1": 1, "1.2.2": 3, "2.1": 4.33, "2.2": 4, "3.1": 4})
    result = score_batch(batch, small)
    path = write_workbook(result, tmp_path / "kq.xlsx")
    sheet = load_workbook(path)["Tổng hợp"]
    index = sheet.cell(annex_units(sheet)["Xã An"], annex_columns(sheet)["Chỉ số (%)"])
    assert index.value == 91.6 and index.number_format == "0.0"  # 91.65 truncated


def test_english_workbook(tmp_path):
    path = write_workbook(sample_result(), tmp_path / "results.xlsx", lang="en")
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Details", "Unit profiles", "Checks", "About"]
    columns = annex_columns(book["Summary"], "No.")
    assert {"No.", "Unit", "Field 1", "Total points", "Index (%)", "Rank", "Class"} <= set(
        columns)
    assert book["Summary"]["A1"].value.startswith("ADMINISTRATIVE REFORM INDEX RESULTS 2024")


def test_sheets_in_order(sample_book):
    assert load_workbook(sample_book).sheetnames == ["Tổng hợp", "Chi tiết", "Hồ sơ đơn vị",
                                                     "Kiểm tra", "Thông tin"]


def annex_text(path: Path) -> str:
    """The annex sheet as tab-separated values, for the golden file."""
    sheet = load_workbook(path)["Tổng hợp"]
    lines = []
    for row in sheet.iter_rows():
        values = ["" if c.value is None else repr(c.value) if not isinstance(c.value, str)
                  else c.value.replace("\n", "\\n") for c in row]
        lines.append("\t".join(values).rstrip("\t"))
    return "\n".join(lines).rstrip("\n") + "\n"


def test_annex_matches_golden_file(sample_book):
    """The whole annex sheet, value by value, as last reviewed (regenerate with
    CCHC_UPDATE_GOLDEN=1 after checking the differences by eye)."""
    text = annex_text(sample_book)
    if os.environ.get("CCHC_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_back_the_same_values(forms_book, tmp_path):
    """LibreOffice opens the workbook and saves it again with the same values, merges and
    number formats (a file it had to repair would lose them)."""
    out = tmp_path / "lo"
    home = tmp_path / "home"  # a fresh profile, so a running LibreOffice does not interfere
    done = subprocess.run([soffice(), f"-env:UserInstallation=file://{home}", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(out), str(forms_book)],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    original = load_workbook(forms_book)
    again = load_workbook(out / forms_book.name)
    assert again.sheetnames == original.sheetnames
    for name in ("Tổng hợp", "Chi tiết", "Hồ sơ đơn vị"):
        mine, theirs = original[name], again[name]
        for row in mine.iter_rows():
            for cell in row:
                other = theirs[cell.coordinate].value
                if isinstance(cell.value, float):
                    assert other == pytest.approx(cell.value), (name, cell.coordinate)
                else:
                    assert other == cell.value, (name, cell.coordinate)
    annex = again["Tổng hợp"]
    assert {str(r) for r in original["Tổng hợp"].merged_cells.ranges} <= {
        str(r) for r in annex.merged_cells.ranges}
    index_col = annex_columns(annex)["Chỉ số (%)"]
    first = next(iter(annex_units(annex).values()))
    assert annex.cell(first, index_col).number_format == "0.00"


def test_units_ranked_together_have_one_table_and_a_plain_summary(tmp_path):
    published = Path(__file__).parent / "data" / "par-index-2020-top10.csv"
    result = run([published], load_methodology("par-index-2020"))
    sheet = load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))["Tổng hợp"]
    assert sheet["A1"].value == ("KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2020 CỦA CÁC TỈNH, "
                                 "THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG")
    columns = annex_columns(sheet)
    assert "Nhóm" not in columns and "Lĩnh vực 4" in columns
    first = header_row(sheet) + 3
    assert [sheet.cell(first, c).value for c in (1, 2)] == [1, "Quảng Ninh"]
    rows = annex_units(sheet)
    assert len(rows) == 10 and sheet.cell(rows["Phú Thọ"], columns["Xếp hạng"]).value == 10
    assert sheet.cell(rows["Phú Thọ"], columns["Ghi chú"]).value is None  # no consequence
    top = next(r for r in range(1, sheet.max_row + 1)
               if sheet.cell(r, 2).value == "TỔNG HỢP KẾT QUẢ XẾP LOẠI")
    assert [sheet.cell(top + 1, c).value for c in (2, 3, 4)] == ["Xếp loại", "Số lượng",
                                                                 "Tỷ lệ (%)"]
    assert [[sheet.cell(r, c).value for c in (2, 3, 4)] for r in range(top + 2, top + 6)] == [
        ["Nhóm A", 2, 20], ["Nhóm B", 8, 80], ["Nhóm C", 0, 0], ["Cộng", 10, 100]]


def test_groups_ranked_together_show_a_group_column(tmp_path):
    together = replace(load_methodology(), rank_by_group=False)
    result = run([SAMPLE], together)
    sheet = load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))["Tổng hợp"]
    columns = annex_columns(sheet)
    assert columns["Nhóm"] == 3 and columns["Lĩnh vực 1"] == 4
    rows = annex_units(sheet)
    assert sheet.cell(rows["Phường Trần Phú"], columns["Nhóm"]).value == "Phường"
    assert sheet.cell(rows["Phường Trần Phú"], columns["Xếp hạng"]).value == 5
    assert sheet.cell(rows["Xã Cẩm Hoà"], columns["Ghi chú"]).value == "Xếp cuối"
    assert sheet.cell(header_row(sheet) + 3, 2).value == "Xã Thạch Bàn"  # no section rows


def test_detail_source_cells_hold_the_official_points_in_the_forms(tmp_path):
    """Independent of the engine: open each form at the cell the "Chi tiết" sheet names and
    find the official points there (decimal commas and all)."""
    forms = ROOT / "data" / "sample_forms"
    if not forms.is_dir():
        pytest.skip("data/sample_forms is not there")
    result = run([forms], load_methodology())
    sheet = load_workbook(write_workbook(result, tmp_path / "kq.xlsx"))["Chi tiết"]
    top = header_row(sheet)
    col = {sheet.cell(top, c).value: c for c in range(1, sheet.max_column + 1)}
    sources = {"Thẩm định lần 1", "Thẩm định lần 2", "Tự chấm (chưa thẩm định)"}
    books: dict[str, object] = {}
    checked = 0
    for r in range(top + 1, sheet.max_row + 1):
        if sheet.cell(r, col["Nguồn điểm"]).value not in sources:
            continue
        name = sheet.cell(r, col["Tệp"]).value
        if name not in books:
            books[name] = load_workbook(forms / name, data_only=True)
        form_sheet = books[name][sheet.cell(r, col["Trang tính"]).value]
        typed = parse_number(form_sheet[sheet.cell(r, col["Ô"]).value].value)
        official = sheet.cell(r, col["Điểm chính thức"]).value
        assert typed == pytest.approx(abs(official)), (name, sheet.cell(r, col["Mã"]).value)
        checked += 1
    assert checked > 200
    codes = {(sheet.cell(r, 2).value, sheet.cell(r, 3).value): r
             for r in range(top + 1, sheet.max_row + 1)}
    second = codes[("Phường Trần Phú", "2.1.2")]
    assert sheet.cell(second, col["Nguồn điểm"]).value == "Thẩm định lần 2"
    assert sheet.cell(second, col["Ô"]).value.startswith("G")
