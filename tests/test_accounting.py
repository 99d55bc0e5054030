"""Every input accounted for: each file scored or rejected with its reason, units expected
but absent listed, inputs never changed, the same numbers whatever the order of files."""

from __future__ import annotations

import hashlib
import random
import subprocess
import unicodedata
from pathlib import Path

import bad_files as bad
from openpyxl import Workbook

from cchc_index import load_methodology, run
from cchc_index._internal.accounting import file_accounts, read_unit_list, unit_key
from cchc_index._internal.cli import main
from cchc_index._internal.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
M = load_methodology()


def cli(capsys, *args: str) -> subprocess.CompletedProcess:
    """The CLI in this process (its subprocess behaviour is tested in test_hostile)."""
    code = main(list(args))
    out = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out.out, out.err)


def corpus(folder: Path) -> Path:
    """Good tables, bad files and a few oddities, as a district receives them."""
    folder.mkdir(parents=True, exist_ok=True)
    bad.good(folder / "tong_hop.xlsx")
    bad.other_good(folder / "bo_sung.xlsx")
    bad.hidden_sheet(folder / "cat_tien.xlsx")
    bad.truncated(folder / "tai_do.xlsx")
    bad.old_xls(folder / "cu.xls")
    bad.negative_points(folder / "am.xlsx")
    bad.no_table(folder / "cong_van.xlsx")
    bad.password_protected(folder / "mat_khau.xlsx")
    (folder / "minh_chung.pdf").write_bytes(b"%PDF-1.4 scan")
    return folder


def unit_list(path: Path, names: list[str], header: str = "Tên đơn vị") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐƠN VỊ CẤP XÃ NĂM 2024"])
    sheet.append(["STT", header])
    for number, name in enumerate(names, start=1):
        sheet.append([number, name])
    workbook.save(path)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_file_is_scored_or_rejected_with_a_reason(tmp_path):
    folder = corpus(tmp_path / "nop")
    result = run([folder], M)
    accounts = {a.label: a for a in file_accounts(result)}
    spreadsheets = {p.name for p in folder.iterdir() if p.suffix != ".pdf"}
    assert set(accounts) == spreadsheets
    scored = {label for label, a in accounts.items() if a.scored}
    assert scored == {"tong_hop.xlsx", "bo_sung.xlsx", "cat_tien.xlsx"}
    rejected = {label: a.reasons for label, a in accounts.items() if not a.scored}
    assert set(rejected) == spreadsheets - scored
    assert all(reasons for reasons in rejected.values())
    assert "tải về chưa hết" in rejected["tai_do.xlsx"][0]
    assert "điểm -2 âm" in rejected["am.xlsx"][0]
    assert accounts["tong_hop.xlsx"].scored_units == 3


def test_account_line_at_the_end_of_a_run(tmp_path, capsys):
    folder = corpus(tmp_path / "nop")
    done = cli(capsys, "score", str(folder))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[-1].startswith("Tìm thấy 8 tệp: 3 tệp được chấm, 5 tệp bị từ chối. "
                                "Đã chấm 6 đơn vị; 1 đơn vị không chấm được do lỗi.")
    text = "\n".join(lines)
    assert "5 tệp bị từ chối:" in text
    for name, reason in [("tai_do.xlsx", "tải về chưa hết"), ("cu.xls", "định dạng cũ"),
                         ("am.xlsx", "điểm -2 âm"), ("cong_van.xlsx", "không tìm thấy cột điểm"),
                         ("mat_khau.xlsx", "mật khẩu")]:
        line = next(x for x in lines if x.startswith(f"  - {name}: "))
        assert reason in line.lower(), line
    assert "Bỏ qua 1 tệp không phải bảng tính trong thư mục đầu vào: minh_chung.pdf" in text
    english = cli(capsys, "score", str(folder), "--lang", "en")
    assert "Found 8 files: 3 scored, 5 rejected." in english.stdout


def test_units_expected_but_absent_are_listed(tmp_path, capsys):
    folder = corpus(tmp_path / "nop")
    names = [*bad.GOOD_UNITS, *bad.OTHER_UNITS, "Xã Cát Tiên", "Xã Phú Lộc", "Xã Hải Ninh",
             "Xã Vĩnh Tân"]
    listed = unit_list(tmp_path / "don_vi.xlsx", names)
    done = cli(capsys, "score", str(folder), "--units", str(listed))
    assert done.returncode == 1
    # Xã Phú Lộc sent a table with an error: not missing, but not scored either
    assert ("Thiếu 2 đơn vị có trong danh sách nhưng không có trong tệp nào: "
            "Xã Hải Ninh, Xã Vĩnh Tân") in done.stdout
    assert "Đơn vị Xã Hải Ninh có trong danh sách đơn vị nhưng không có trong tệp nào" in (
        done.stdout)
    result = run([folder], M, expected_units=read_unit_list(listed))
    missing = [p for p in result.problems if p.code == "S030"]
    assert [p.found for p in missing] == ["Xã Hải Ninh", "Xã Vĩnh Tân"]
    assert all(p.severity == "error" for p in missing)
    assert not [p for p in result.problems if p.code == "S031"]


def test_unit_names_match_the_list_despite_spelling_variants(tmp_path):
    path = bad.consolidated(tmp_path / "t.xlsx", {
        unicodedata.normalize("NFD", "Phường Hoà Lạc"): bad.GOOD_UNITS["Phường Hòa Lạc"],
        "UBND Xã An Bình": bad.GOOD_UNITS["Xã An Bình"],
        "Xã Tân  Mỹ": bad.GOOD_UNITS["Xã Tân Mỹ"],
        "Xã Tân Mĩ": bad.GOOD_UNITS["Xã Tân Mỹ"],
    })
    result = run([path], M, expected_units=list(bad.GOOD_UNITS))
    assert not [p for p in result.problems if p.code == "S030"]
    strangers = [p for p in result.problems if p.code == "S031"]
    assert [p.unit for p in strangers] == ["Xã Tân Mĩ"] and strangers[0].cell == "B7"
    assert strangers[0].severity == "warning"
    assert unit_key("Ủy ban nhân dân xã An Bình") == unit_key("Xã An Bình")


def test_unit_list_without_a_header_and_a_bad_list(tmp_path, capsys):
    plain = tmp_path / "plain.csv"
    plain.write_text("Xã An Bình\nXã Tân Mỹ\n\nTổng cộng\n", encoding="utf-8")
    assert read_unit_list(plain) == ["Xã An Bình", "Xã Tân Mỹ"]
    assert read_unit_list(unit_list(tmp_path / "l.xlsx", ["Xã A"], "Đơn vị")) == ["Xã A"]
    broken = bad.truncated(tmp_path / "list.xlsx")
    try:
        read_unit_list(broken)
    except UsageError as error:
        assert error.problems[0].code == "S005"
    else:
        raise AssertionError("a damaged unit list must be refused")
    done = cli(capsys, "score", str(bad.good(tmp_path / "t.xlsx")), "--units", str(broken))
    assert done.returncode == 2 and "tệp bị hỏng" in done.stderr
    assert "Traceback" not in done.stderr


def test_same_file_name_in_two_folders_keeps_units_apart(tmp_path):
    """Every unit's folder holds a file of the same name: units must not be merged."""
    (tmp_path / "an_binh").mkdir()
    (tmp_path / "dong_son").mkdir()
    bad.consolidated(tmp_path / "an_binh" / "bieu_tu_cham.xlsx",
                     {"Xã An Bình": bad.GOOD_UNITS["Xã An Bình"]})
    bad.consolidated(tmp_path / "dong_son" / "bieu_tu_cham.xlsx",
                     {"Xã Đông Sơn": bad.OTHER_UNITS["Xã Đông Sơn"]})
    result = run([tmp_path], M)
    assert result.exit_code == 0
    points = dict(zip(result.results["unit"], result.results["points"], strict=True))
    assert points == {"Xã An Bình": 87.0, "Xã Đông Sơn": 100.0}
    assert set(result.results["file"]) == {"an_binh/bieu_tu_cham.xlsx",
                                           "dong_son/bieu_tu_cham.xlsx"}
    assert result.results["max_points"].tolist() == [100.0, 100.0]


def test_same_results_whatever_the_order_of_files(tmp_path):
    folder = corpus(tmp_path / "nop")
    bad.duplicate_unit(folder / "trung.xlsx")
    files = sorted(p for p in folder.iterdir() if p.suffix != ".pdf")
    columns = ["unit", "points", "index_pct", "rank", "classification"]
    outcomes = set()
    for seed in range(4):
        order = files[:]
        random.Random(seed).shuffle(order)
        result = run(order, M)
        table = result.results[columns].sort_values("unit").to_csv(index=False)
        problems = sorted((p.code, p.file, p.cell, p.unit) for p in result.problems)
        outcomes.add((table, tuple(problems), result.exit_code))
    assert len(outcomes) == 1
    table = outcomes.pop()[0]
    assert "Xã Đông Sơn,100.0,100.0,1,Xuất sắc" in table


def test_inputs_are_never_written(tmp_path):
    folder = corpus(tmp_path / "nop")
    listed = unit_list(tmp_path / "don_vi.xlsx", list(bad.GOOD_UNITS))
    inputs = [*folder.iterdir(), listed]
    before = {p: (sha(p), p.stat().st_mtime_ns) for p in inputs}
    out = tmp_path / "ra"
    for args in (["score", str(folder), "--units", str(listed), "-o", str(out / "kq.xlsx"),
                  "--csv", str(out / "kq.csv")],
                 ["validate", str(folder), "-o", str(out / "kiem_tra.xlsx")]):
        assert main(args) == 1
    after = {p: (sha(p), p.stat().st_mtime_ns) for p in inputs}
    assert after == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in inputs[:-1])


def test_output_equal_to_an_input_is_refused(tmp_path, capsys):
    folder = corpus(tmp_path / "nop")
    listed = unit_list(tmp_path / "don_vi.xlsx", list(bad.GOOD_UNITS))
    for option, target in [("-o", folder / "tong_hop.xlsx"), ("--csv", folder / "cu.xls"),
                           ("-o", listed)]:
        before = sha(target)
        code = main(["score", str(folder), "--units", str(listed), option, str(target)])
        assert code == 2, (option, target)
        assert "trùng với một tệp đầu vào" in capsys.readouterr().err
        assert sha(target) == before
    assert main(["validate", str(folder), "-o", str(folder / "am.xlsx")]) == 2
    assert "trùng với một tệp đầu vào" in capsys.readouterr().err


def test_a_misspelt_unit_gets_the_close_name_of_the_list(tmp_path):
    """"Xã Minh Tiền" read, "Xã Minh Tiến" listed and absent: is it "Xã Minh Tiến"?"""
    path = bad.consolidated(tmp_path / "t.xlsx", {
        "Xã An Bình": bad.GOOD_UNITS["Xã An Bình"],
        "Xã Minh Tiền": bad.GOOD_UNITS["Xã Tân Mỹ"],
        "Xã Hoàn Toàn Khác": bad.GOOD_UNITS["Phường Hòa Lạc"],
    })
    result = run([path], M, expected_units=["Xã An Bình", "Xã Minh Tiến"])
    [close] = [p for p in result.problems if p.code == "S034"]
    assert (close.unit, close.expected) == ("Xã Minh Tiền", "«Xã Minh Tiến»")
    assert "có phải là «Xã Minh Tiến»?" in close.message()
    assert [p.unit for p in result.problems if p.code == "S031"] == ["Xã Hoàn Toàn Khác"]


def test_a_unit_sent_twice_names_the_newer_file(tmp_path):
    """The original and a corrected copy ("gửi lại") of one commune: both are rejected
    (I014, nothing is chosen for the user), and the newer file is named with how to keep
    one (I032)."""
    import os

    folder = tmp_path / "du_lieu"
    folder.mkdir()
    units = {"Xã An Bình": bad.GOOD_UNITS["Xã An Bình"]}
    first = bad.consolidated(folder / "an_binh.xlsx", units)
    again = bad.consolidated(folder / "an_binh - gui lai.xlsx", {
        "Xã An Bình": bad.GOOD_UNITS["Xã Tân Mỹ"]})
    os.utime(first, (1_700_000_000, 1_700_000_000))
    os.utime(again, (1_700_086_400, 1_700_086_400))
    result = run([folder], M)
    assert {p.file for p in result.problems if p.code == "I014"} == {
        "an_binh.xlsx", "an_binh - gui lai.xlsx"}
    [newer] = [p for p in result.problems if p.code == "I032"]
    assert (newer.file, newer.unit) == ("an_binh - gui lai.xlsx", "Xã An Bình")
    assert "tệp mới nhất là «an_binh - gui lai.xlsx»" in newer.message()
