"""Broken, wrong and hostile input files: each gets a clear message naming the file (and
sheet and cell where there is one), and the good files beside it are still scored."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import bad_files as bad
import pytest
from openpyxl import Workbook

from cchc_index import load_methodology, run
from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.safety import Limits, check_file

ROOT = Path(__file__).resolve().parents[1]
M = load_methodology()

# builder, file name, code, severity, phrase of the Vietnamese message, cell (or "")
REJECTED = [
    (bad.csv_renamed, "bang_diem.xlsx", "S004", "nội dung là CSV, chỉ mang đuôi .xlsx", ""),
    (bad.pdf_renamed, "bang_diem.xlsx", "S004", "nội dung là PDF", ""),
    (bad.html_renamed, "xuat_phan_mem.xls", "S004", "nội dung là HTML", ""),
    (bad.docx_renamed, "bao_cao.xlsx", "S004", "nội dung là Word .docx", ""),
    (bad.empty, "rong.xlsx", "S001", "tệp rỗng (0 byte)", ""),
    (bad.truncated, "tai_do.xlsx", "S005", "có thể tải về chưa hết", ""),
    (bad.old_xls, "bang_cu.xls", "S002", "định dạng cũ (.xls)", ""),
    (bad.password_protected, "mat_khau.xlsx", "S003", "được đặt mật khẩu", ""),
    (bad.ods, "bang.ods", "S006", "OpenDocument (.ods)", ""),
    (bad.no_table, "cong_van.xlsx", "I003", "không tìm thấy cột điểm nào", ""),
    (bad.header_without_rows, "chi_tieu_de.xlsx", "I005", "không có dòng dữ liệu", "B3"),
    (bad.other_year, "nam_2021.xlsx", "I012", "điểm 14 lớn hơn điểm tối đa 12", "C4"),
    (bad.text_numbers, "chu.xlsx", "I010", "giá trị «một» không phải là số", "D4"),
    (bad.negative_points, "am.xlsx", "I011", "điểm -2 âm", "E4"),
    (bad.above_maximum, "vuot.xlsx", "I012", "điểm 25 lớn hơn điểm tối đa 20", "E4"),
    (bad.unit_below_total, "duoi_tong.xlsx", "S024", "không được đọc: 8 (Xã Hàm Tiến)", ""),
    (bad.billion_laughs, "lol.xlsx", "S012", "DOCTYPE/ENTITY", ""),
    (bad.external_entity, "xxe.xlsx", "S012", "xl/worksheets/sheet1.xml", ""),
    (bad.too_many_parts, "nhieu_phan.xlsx", "S007", "vượt giới hạn 10000", ""),
    (bad.zip_bomb, "bom.xlsx", "S008", "dữ liệu giải nén 300 MB, vượt giới hạn 200 MB", ""),
    (bad.high_ratio, "ti_le.xlsx", "S009", "vượt giới hạn 100:1", ""),
]


def _folder_with_good(tmp_path: Path) -> Path:
    folder = tmp_path / "nop"
    folder.mkdir()
    bad.good(folder / "tong_hop_tot.xlsx")
    return folder


def _scored(result) -> dict[str, float]:
    return dict(zip(result.results["unit"], result.results["points"], strict=True))


@pytest.mark.parametrize("builder, name, code, phrase, cell", REJECTED,
                         ids=[case[0].__name__ for case in REJECTED])
def test_bad_file_is_named_and_neighbours_are_scored(tmp_path, builder, name, code, phrase,
                                                     cell):
    folder = _folder_with_good(tmp_path)
    builder(folder / name)
    result = run([folder], M)
    mine = [p for p in result.problems if p.file == name and p.code == code]
    assert mine, [p.message() for p in result.problems]
    message = mine[0].message()
    assert message.startswith(f"Tệp {name}") and phrase in message, message
    if cell:
        assert mine[0].cell == cell and f"ô {cell}" in message
    assert mine[0].severity == "error"
    assert result.exit_code == 1
    # the good neighbour: every unit, the hand-worked points
    assert {u: p for u, p in _scored(result).items() if u in bad.GOOD_TOTALS} == bad.GOOD_TOTALS
    assert not [p for p in result.problems if p.code == "I099"]
    # English too, and the file is still named
    assert name in mine[0].message("en")


def test_text_in_a_number_cell_names_each_cell(tmp_path):
    path = bad.text_numbers(tmp_path / "chu.xlsx")
    result = run([path], M)
    found = {(p.cell, p.found) for p in result.problems if p.code == "I010"}
    assert found == {("D4", "«một»"), ("F5", "«đạt»")}
    assert result.exit_code == 2  # nothing at all could be scored


def test_another_years_table_also_warns_about_the_year(tmp_path):
    result = run([bad.other_year(tmp_path / "nam_2021.xlsx")], M)
    year = [p for p in result.problems if p.code == "S023"]
    assert year and year[0].found == "2021" and "áp dụng cho năm 2024" in year[0].message()


# builder, file name, code, phrase, unit scored from the file (name -> points)
WARNED = [
    (bad.hidden_sheet, "an.xlsx", "S021", "trang tính ẩn", {"Xã Cát Tiên": bad.HIDDEN_TOTAL}),
    (bad.lookalike_name, "ten_la.xlsx", "S022", "«а» U+0430", {"X\u0430 Cát Tiên": 74.0}),
    (bad.external_link, "lien_ket.xlsx", "S013", "không mở liên kết", bad.OTHER_TOTALS),
]


@pytest.mark.parametrize("builder, name, code, phrase, expected", WARNED,
                         ids=[case[0].__name__ for case in WARNED])
def test_readable_oddities_are_scored_with_a_warning(tmp_path, builder, name, code, phrase,
                                                     expected):
    folder = _folder_with_good(tmp_path)
    builder(folder / name)
    result = run([folder], M)
    warned = [p for p in result.problems if p.code == code]
    assert warned and warned[0].severity == "warning" and warned[0].file == name
    assert phrase in warned[0].message()
    assert _scored(result) == {**bad.GOOD_TOTALS, **expected}
    assert result.exit_code == 0


def test_lookalike_unit_is_not_taken_for_the_real_one(tmp_path):
    """"Xа Cát Tiên" (Cyrillic а) and "Xã Cát Tiên" are two units: the look-alike is
    flagged so the analyst sees why there are two."""
    bad.lookalike_name(tmp_path / "a.xlsx")
    bad.hidden_sheet(tmp_path / "b.xlsx")
    result = run([tmp_path], M)
    flagged = {p.unit for p in result.problems if p.code == "S022"}
    assert flagged == {"X\u0430 Cát Tiên"}
    assert len(result.results) == 2


def test_invisible_and_full_width_characters_are_flagged():
    from cchc_index._internal.io.content_checks import lookalikes

    assert lookalikes("Xã Hòa\u200b Bình") == "«\u200b» U+200B"
    assert lookalikes("Ｘã Hòa Bình") == "«Ｘ» U+FF38"
    assert lookalikes("Phường Đống Đa, Xã Ea H'Leo") == ""
    assert lookalikes("Xa\u0303 Ho\u0300a") == ""  # decomposed (NFD) Vietnamese is fine


def test_duplicate_units_in_two_files_are_both_reported(tmp_path):
    folder = _folder_with_good(tmp_path)
    bad.duplicate_unit(folder / "trung.xlsx")
    result = run([folder], M)
    twice = [p for p in result.problems if p.code == "I014"]
    assert {p.file for p in twice} == {"tong_hop_tot.xlsx", "trung.xlsx"}
    assert all(p.unit == "Xã An Bình" for p in twice)
    assert "xuất hiện nhiều lần" in twice[0].message()
    assert _scored(result) == {"Phường Hòa Lạc": 82.0, "Xã Tân Mỹ": 74.5, "Xã Thuận Bắc": 74.0}
    assert result.exit_code == 1


def test_the_same_file_twice_is_scored_once(tmp_path):
    folder = _folder_with_good(tmp_path)
    (folder / "tong_hop_tot (1).xlsx").write_bytes((folder / "tong_hop_tot.xlsx").read_bytes())
    for order in ([folder / "tong_hop_tot (1).xlsx", folder / "tong_hop_tot.xlsx"],
                  [folder / "tong_hop_tot.xlsx", folder / "tong_hop_tot (1).xlsx"]):
        result = run(order, M)
        copies = [p for p in result.problems if p.code == "S020"]
        assert [(p.file, p.expected) for p in copies] == [("tong_hop_tot.xlsx",
                                                            "tong_hop_tot (1).xlsx")]
        assert "giống hệt" in copies[0].message()
        assert _scored(result) == bad.GOOD_TOTALS  # once, and no duplicate-unit errors
        assert not [p for p in result.problems if p.code == "I014"]
        assert result.exit_code == 1


def test_excel_lock_file_next_to_the_real_one(tmp_path):
    folder = _folder_with_good(tmp_path)
    bad.lock_file(folder / "~$tong_hop_tot.xlsx")
    result = run([folder], M)
    lock = [p for p in result.problems if p.code == "S014"]
    assert len(lock) == 1 and lock[0].severity == "warning"
    assert lock[0].file == "~$tong_hop_tot.xlsx" and lock[0].expected == "tong_hop_tot.xlsx"
    assert "đang mở trong Excel" in lock[0].message()
    assert _scored(result) == bad.GOOD_TOTALS and result.exit_code == 0
    # given by name (a shell glob *.xlsx picks it up): skipped the same way
    named = run([folder / "~$tong_hop_tot.xlsx", folder / "tong_hop_tot.xlsx"], M)
    assert [p.code for p in named.problems] == ["S014"]
    assert _scored(named) == bad.GOOD_TOTALS and named.exit_code == 0


def test_libreoffice_lock_file_is_recognised(tmp_path):
    folder = _folder_with_good(tmp_path)
    (folder / ".~lock.tong_hop_tot.xlsx#").write_text(",Nguyen Van A,may-tinh,01.12.2024;")
    result = run([folder], M)
    assert [(p.code, p.expected) for p in result.problems] == [("S014", "tong_hop_tot.xlsx")]


def test_twenty_megabyte_workbook_of_junk_rows_is_refused_quickly(tmp_path):
    folder = _folder_with_good(tmp_path)
    junk = bad.junk_rows(folder / "rac.xlsx", megabytes=20)
    assert junk.stat().st_size > 19 << 20
    start = time.perf_counter()
    result = run([folder], M)
    elapsed = time.perf_counter() - start
    refused = [p for p in result.problems if p.code == "S011"]
    assert refused and refused[0].file == "rac.xlsx"
    assert "dòng thừa" in refused[0].message() and "vượt giới hạn 40 MB" in refused[0].message()
    assert _scored(result) == bad.GOOD_TOTALS
    assert elapsed < 5, elapsed


def test_tens_of_thousands_of_rows_are_skipped_quickly(tmp_path):
    folder = _folder_with_good(tmp_path)
    bad.many_rows(folder / "nhieu_dong.xlsx", rows=30_000)
    bad.junk_csv(folder / "rac.csv", megabytes=12)
    start = time.perf_counter()
    result = run([folder], M)
    elapsed = time.perf_counter() - start
    mine = {(p.file, p.code) for p in result.problems}
    # the row limit is the reason the file gives no table (S045), not a missing column
    assert {("nhieu_dong.xlsx", "S045"), ("rac.csv", "S011")} <= mine
    assert ("nhieu_dong.xlsx", "I003") not in mine
    skipped = next(p for p in result.problems if p.code == "S045")
    assert skipped.sheet == "Tổng hợp" and skipped.severity == "error"
    assert "30.004 dòng dữ liệu, vượt giới hạn 20.000 dòng" in skipped.message()  # rows of values
    assert _scored(result) == bad.GOOD_TOTALS
    assert elapsed < 10, elapsed


def test_a_long_sheet_beside_the_table_does_not_stop_the_table(tmp_path):
    """A unit attaches a long list of records on another sheet: the table is still read."""
    from cchc_index._internal.io.cells import Grid
    from cchc_index._internal.io.safety import within_row_limit

    table = Grid("Tổng hợp", bad.table_rows(bad.GOOD_UNITS))
    records = Grid("Hồ sơ một cửa", [[n, "hồ sơ"] for n in range(25_000)])
    kept, skipped = within_row_limit([records, table], "don_vi.xlsx")
    assert kept == [table]
    assert [(p.code, p.sheet, p.file) for p in skipped] == [
        ("S019", "Hồ sơ một cửa", "don_vi.xlsx")]


def test_limits_are_configurable(tmp_path):
    path = bad.good(tmp_path / "tot.xlsx")
    assert check_file(path) == []
    tight = Limits(max_entries=5)
    assert [p.code for p in check_file(path, limits=tight)] == ["S007"]
    assert [p.code for p in check_file(path, limits=Limits(max_sheet_bytes=100))] == ["S011"]
    assert [p.code for p in check_file(path, limits=Limits(max_file_bytes=1000))] == ["S010"]
    result = run([path], M, limits=tight)
    assert result.exit_code == 2 and result.problems[0].code == "S007"


def test_a_workbook_renamed_xls_is_told_to_be_renamed(tmp_path):
    path = bad.good(tmp_path / "that_ra_la_xlsx.xls")
    problems = check_file(path)
    assert [p.code for p in problems] == ["S017"]
    assert "đổi đuôi thành .xlsx" in problems[0].message()


def test_damaged_part_inside_a_good_container(tmp_path):
    """A flipped byte inside a compressed part: the CRC check names the part."""
    path = bad.good(tmp_path / "hong.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    problems = check_file(path)
    assert [p.code for p in problems] in (["S015"], ["S005"])
    assert problems[0].file == "hong.xlsx"


def test_a_real_xls_saved_by_libreoffice_is_read(tmp_path):
    """An Excel 97-2003 workbook is read like the .xlsx it was saved from (it was refused,
    S002, before .xls was read: tests/test_formats.py has the details)."""
    import shutil

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = bad.good(tmp_path / "tong_hop.xlsx")
    done = subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir",
                           str(tmp_path / "xls"), str(source)], capture_output=True,
                          timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    converted = tmp_path / "xls" / "tong_hop.xls"
    if not converted.exists():
        pytest.skip(f"LibreOffice could not convert: {done.stderr[-300:]!r}")
    assert [p.code for p in check_file(converted)] == []
    result = run([converted, bad.other_good(tmp_path / "khac.xlsx")], M)
    assert [p.code for p in result.errors] == []
    assert _scored(result) == {**bad.GOOD_TOTALS, **bad.OTHER_TOTALS}


def test_internal_error_is_caught_at_the_file_boundary(tmp_path, monkeypatch):
    from cchc_index._internal.io.layouts import consolidated

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    folder = _folder_with_good(tmp_path)
    bad.other_good(folder / "gay_loi.xlsx")
    real = consolidated.read_consolidated
    monkeypatch.setattr(consolidated, "read_consolidated",
                        lambda grid, layout, file, m: broken() if file == "gay_loi.xlsx"
                        else real(grid, layout, file, m))
    result = run([folder], M)
    internal = [p for p in result.problems if p.code == "I099"]
    assert [p.file for p in internal] == ["gay_loi.xlsx"]
    assert "ZeroDivisionError" in internal[0].message()
    assert _scored(result) == bad.GOOD_TOTALS and result.exit_code == 1


CRASH = """
import sys
from cchc_index._internal.io import inputs
def boom(*args, **kwargs):
    raise KeyError("hỏng")
inputs.{target} = boom
from cchc_index._internal.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_no_traceback_reaches_the_user_without_debug(tmp_path):
    """A crash outside the file boundary: one clean line, a traceback only with --debug.
    (A crash inside a file's reading is an I099 problem for that file, see above.)"""
    folder = _folder_with_good(tmp_path)
    script = tmp_path / "crash.py"
    script.write_text(CRASH.format(target="find_inputs"), encoding="utf-8")
    plain = subprocess.run([sys.executable, str(script), "score", str(folder)],
                           capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                           timeout=120)
    assert plain.returncode == 2 and "Traceback" not in plain.stdout + plain.stderr
    assert "Lỗi nội bộ: KeyError" in plain.stderr and "--debug" in plain.stderr
    debug = subprocess.run([sys.executable, str(script), "score", str(folder), "--debug"],
                           capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                           timeout=120)
    assert "Traceback" in debug.stderr


def test_a_crash_inside_one_file_is_reported_by_the_cli(tmp_path, monkeypatch, capsys):
    from cchc_index._internal.cli import main
    from cchc_index._internal.io.layouts import consolidated

    def boom(*args, **kwargs):
        raise KeyError("hỏng")

    folder = _folder_with_good(tmp_path)
    bad.truncated(folder / "tai_do.xlsx")
    monkeypatch.setattr(consolidated, "find_layout", boom)
    assert main(["score", str(folder)]) == 2
    output = capsys.readouterr()
    assert "Tệp tong_hop_tot.xlsx: lỗi nội bộ khi xử lý tệp (KeyError" in output.out
    assert "Tệp tai_do.xlsx: tệp bị hỏng" in output.out and "Traceback" not in output.err


def test_cli_over_a_whole_corpus_of_bad_files(tmp_path):
    folder = _folder_with_good(tmp_path)
    for builder, name, *_ in REJECTED:
        if builder not in (bad.zip_bomb, bad.too_many_parts):  # slow to build, kept above
            builder(folder / name)
    bad.hidden_sheet(folder / "an.xlsx")
    bad.lock_file(folder / "~$an.xlsx")
    done = subprocess.run([sys.executable, "-m", "cchc_index", "score", str(folder)],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in output
    for _, name, *_ in REJECTED:
        if (folder / name).exists():
            assert f"Tệp {name}" in output, name
    found = sum(1 for p in folder.iterdir() if not p.name.startswith("~$"))
    scored = 2  # tong_hop_tot.xlsx and an.xlsx; every other file is rejected
    assert (f"Tìm thấy {found} tệp: {scored} tệp được chấm, {found - scored} tệp bị từ chối."
            in done.stdout), done.stdout
    assert "Đã chấm 4 đơn vị" in done.stdout


def test_read_file_never_raises(tmp_path):
    """The file boundary itself: a directory, a missing file, an unreadable one."""
    missing = read_file(tmp_path / "khong_co.xlsx", M)
    assert missing.units.empty and missing.problems and missing.files[0].status == "rejected"
    folder = read_file(tmp_path, M)
    assert folder.units.empty and folder.problems


# ---- the same faults in per-unit forms (the province's template, filled in) ----

def _form_cell(code: str, role: str) -> str:
    from cchc_index._internal.io.template import build_form

    return build_form(M, unit="x", year=2024)[1].cell(code, role)


FORM_FAULTS = [
    ({"3.1.1": {"appraisal_1": "một"}}, "I010", "giá trị «một» không phải là số",
     ("3.1.1", "appraisal_1")),
    ({"2.2": {"self_points": "đạt"}}, "I010", "giá trị «đạt» không phải là số",
     ("2.2", "self_points")),
    ({"4.1": {"appraisal_1": -1}}, "I011", "điểm -1 âm", ("4.1", "appraisal_1")),
    ({"5.1": {"appraisal_1": 4.5}}, "I012", "điểm 4,5 lớn hơn điểm tối đa 3",
     ("5.1", "appraisal_1")),
]


@pytest.mark.parametrize("changes, code, phrase, where", FORM_FAULTS,
                         ids=["mot", "dat", "negative", "above_max"])
def test_faults_in_a_form_name_the_cell(tmp_path, changes, code, phrase, where):
    folder = _folder_with_good(tmp_path)
    bad.form(folder / "loc_thuy.xlsx", changes=changes)
    bad.form(folder / "vinh_linh.xlsx", unit="Xã Vĩnh Linh")
    result = run([folder], M)
    mine = [p for p in result.problems if p.code == code and p.file == "loc_thuy.xlsx"]
    assert mine, [p.message() for p in result.problems]
    cell = _form_cell(*where)
    assert mine[0].cell == cell and mine[0].criterion == where[0]
    assert phrase in mine[0].message() and f"ô {cell}" in mine[0].message()
    assert result.exit_code == 1
    scored = _scored(result)
    assert scored["Xã Vĩnh Linh"] == bad.FORM_TOTAL
    assert {u: scored[u] for u in bad.GOOD_TOTALS} == bad.GOOD_TOTALS


def test_form_oddities_are_read_with_warnings(tmp_path):
    folder = _folder_with_good(tmp_path)
    bad.form(folder / "an.xlsx", unit="Xã Cam Lộ", hidden=True)
    bad.form(folder / "ten_la.xlsx", unit="X\u0430 Lộc Thủy")
    bad.lock_file(folder / "~$an.xlsx")
    (folder / "an - Copy.xlsx").write_bytes((folder / "an.xlsx").read_bytes())
    result = run([folder], M)
    codes = {(p.code, p.file) for p in result.problems if p.code.startswith("S")}
    # "an - Copy.xlsx" sorts before "an.xlsx": it is the one read, an.xlsx the copy
    assert codes == {("S021", "an - Copy.xlsx"), ("S022", "ten_la.xlsx"),
                     ("S014", "~$an.xlsx"), ("S020", "an.xlsx")}
    copy = next(p for p in result.problems if p.code == "S020")
    assert copy.expected == "an - Copy.xlsx"
    lookalike = next(p for p in result.problems if p.code == "S022")
    assert lookalike.cell and "«а» U+0430" in lookalike.message()
    assert _scored(result) == {**bad.GOOD_TOTALS, "Xã Cam Lộ": bad.FORM_TOTAL,
                               "X\u0430 Lộc Thủy": bad.FORM_TOTAL}
    assert result.exit_code == 1  # the copy


def test_text_starting_with_equals_in_a_form_is_not_evaluated(tmp_path):
    path = bad.form(tmp_path / "f.xlsx", text={"1.1.1": {"explanation": "=1+1",
                                                         "evidence": "=WEBSERVICE(\"x\")"}})
    result = run([path], M)
    assert _scored(result) == {"Xã Lộc Thủy": bad.FORM_TOTAL}


def test_library_warnings_do_not_reach_the_user(tmp_path):
    folder = _folder_with_good(tmp_path)
    bad.library_warnings(folder / "hong_nhe.xlsx")
    with pytest.warns(UserWarning, match="invalid dependency"):
        run([folder / "hong_nhe.xlsx"], M)  # openpyxl does warn on this file
    command = [sys.executable, "-W", "always", "-m", "cchc_index", "score", str(folder)]
    plain = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                           cwd=ROOT, timeout=120)
    assert plain.returncode == 1 and "Tệp hong_nhe.xlsx" in plain.stdout
    assert "Warning" not in plain.stderr and "Traceback" not in plain.stderr, plain.stderr


def test_a_stray_cell_far_below_the_table_does_not_make_it_long(tmp_path):
    """Rows are counted where they hold a value: "x" typed in row 30,000 by mistake leaves
    a table of a few rows, which is read."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    for row in bad.table_rows(bad.GOOD_UNITS):
        sheet.append(row)
    sheet["Z30000"] = "x"
    path = tmp_path / "o_lac.xlsx"
    workbook.save(path)
    result = run([path], M)
    assert _scored(result) == bad.GOOD_TOTALS
    assert not [p for p in result.problems if p.code == "S019"]
