"""The command line, run as a user runs it: a subprocess, exit codes and output phrases."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from province import build

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc_index", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=120)


def test_score_sample_writes_csv_and_workbook(tmp_path):
    out_csv, out_xlsx = tmp_path / "kq.csv", tmp_path / "kq.xlsx"
    done = cli("score", str(SAMPLE), "-o", str(out_xlsx), "--csv", str(out_csv))
    assert done.returncode == 0, done.stderr
    assert "Xếp loại" in done.stdout and "Phường Trần Phú" in done.stdout
    assert "Đã chấm 20 đơn vị" in done.stdout
    with out_csv.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:9] == ["unit", "group", "points", "max_points", "index_pct", "rank",
                           "classification", "appraised", "emulation"]
    assert rows[0][9:18] == [f"field_{i}" for i in range(1, 10)]
    assert len(rows) == 21 and out_xlsx.stat().st_size > 0
    assert all("," not in r[4] for r in rows[1:])  # dot decimals, unrounded


def test_english_messages(tmp_path):
    done = cli("score", str(SAMPLE), "--lang", "en")
    assert done.returncode == 0 and "Scored 20 units" in done.stdout


def test_help_is_bilingual():
    done = cli("--help")
    assert done.returncode == 0
    assert "Chấm điểm" in done.stdout and "Score" in done.stdout
    for command in ("score", "validate", "methodology"):
        sub = cli(command, "--help")
        assert sub.returncode == 0 and "/" in sub.stdout, command


def test_missing_input_exits_2_without_traceback():
    done = cli("score", "khong_co_tep.xlsx")
    assert done.returncode == 2
    assert "không tìm thấy tệp hoặc thư mục" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_usage_error_exits_2():
    assert cli("score").returncode == 2


def test_bad_methodology_lists_every_mistake(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "sai.xlsx"
    workbook = Workbook()
    workbook.active.title = "Tiêu chí"
    for row in [["Mã", "Điểm tối đa"], ["1", -1], ["1", 2], ["x", 1]]:
        workbook.active.append(row)
    workbook.save(path)
    done = cli("score", str(SAMPLE), "-m", str(path))
    assert done.returncode == 2
    assert "Bộ chỉ số không dùng được" in done.stderr
    assert done.stderr.count("  - ") >= 4  # negative max, duplicate, malformed, no bands


def test_methodology_show_list_and_export(tmp_path):
    shown = cli("methodology", "show")
    assert shown.returncode == 0 and "Tổng điểm tối đa: 100,00" in shown.stdout
    assert "KPS: Loại trừ" in shown.stdout and "Điều tra XHH" in shown.stdout
    listed = cli("methodology", "list")
    assert "par-index-2020" in listed.stdout
    exported = tmp_path / "bo.xlsx"
    assert cli("methodology", "export", "-o", str(exported)).returncode == 0
    again = cli("score", str(SAMPLE), "-m", str(exported))
    assert again.returncode == 0 and "Đã chấm 20 đơn vị" in again.stdout


def test_output_equal_to_input_is_refused(tmp_path):
    target = tmp_path / "in.xlsx"
    target.write_bytes((SAMPLE / "tong_hop_huyen_minh_son_2024.xlsx").read_bytes())
    before = target.read_bytes()
    done = cli("score", str(target), "-o", str(target))
    assert done.returncode == 2 and target.read_bytes() == before


def test_output_read_through_a_link_in_an_input_folder_is_refused(tmp_path):
    """The folder holds a link to a workbook kept elsewhere: writing the results over that
    workbook is refused (after reading, before anything is written)."""
    kept = tmp_path / "elsewhere" / "tong_hop.xlsx"
    kept.parent.mkdir()
    kept.write_bytes((SAMPLE / "tong_hop_huyen_minh_son_2024.xlsx").read_bytes())
    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "lien_ket.xlsx").symlink_to(kept)
    before = kept.read_bytes()
    done = cli("score", str(folder), "--csv", str(tmp_path / "kq.csv"), "-o", str(kept))
    assert done.returncode == 2 and "trùng với một tệp đầu vào" in done.stderr
    assert kept.read_bytes() == before and not (tmp_path / "kq.csv").exists()


def test_existing_output_outside_the_inputs_is_replaced(tmp_path):
    out = tmp_path / "kq.csv"
    out.write_text("cũ", encoding="utf-8")
    done = cli("score", str(SAMPLE), "--csv", str(out))
    assert done.returncode == 0 and out.read_text(encoding="utf-8-sig").startswith("unit,")


def _modules_after(*args: str) -> set[str]:
    """The top-level packages imported by ``main(args)`` in a fresh interpreter."""
    code = ("import sys; from cchc_index._internal.cli import main; main(sys.argv[1:]); "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120)
    return set(done.stdout.splitlines()[-1].split())


def test_help_imports_neither_pandas_nor_the_analyses():
    loaded = _modules_after("--help")
    assert "cchc_index" in loaded and not loaded & {"pandas", "numpy", "pandera", "matplotlib"}


def test_a_clean_score_imports_no_plotting_and_no_pandera(tmp_path):
    loaded = _modules_after("score", str(SAMPLE), "--csv", str(tmp_path / "kq.csv"))
    assert "pandas" in loaded and not loaded & {"matplotlib", "pandera", "docx"}


def test_published_annex_recheck():
    published = ROOT / "tests" / "data" / "par-index-2020-top10.csv"
    done = cli("score", str(published), "-m", "par-index-2020")
    assert done.returncode == 0 and "Nhóm A" in done.stdout


def test_a_closed_pipe_stops_the_printing_not_the_run(tmp_path):
    """``score … -o kq.xlsx | head``: the reader of the table goes away, the workbook is
    still written, with no internal error."""
    output = tmp_path / "kq.xlsx"
    process = subprocess.Popen(
        [sys.executable, "-m", "cchc_index", "score", str(SAMPLE), "-o", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # before the first line is printed
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    assert output.is_file() and output.stat().st_size > 0
    assert b"BrokenPipe" not in err and "Lỗi nội bộ".encode() not in err


def test_the_printed_table_lists_units_as_the_annex_does(capsys):
    """Groups in order of first appearance, ranks, and equal ranks in input order."""
    from cchc_index._internal.cli import main
    from cchc_index._internal.methodology.load import load_methodology
    from cchc_index._internal.pipeline import run
    from cchc_index._internal.report.tables import annex_order

    main(["score", str(SAMPLE)])
    printed = capsys.readouterr().out
    result = run([SAMPLE], load_methodology())
    expected = list(annex_order(result.results)["unit"])
    positions = [printed.index(f"  {unit} ") for unit in expected]
    assert positions == sorted(positions)
    ranks = result.results["rank"]
    assert ranks.duplicated().any()  # the sample has ties: the order among them is tested


def test_two_outputs_on_one_path_are_refused_before_anything_is_written(tmp_path):
    same = tmp_path / "kq.xlsx"
    done = cli("score", str(SAMPLE), "-o", str(same), "--csv", str(same))
    assert done.returncode == 2 and not same.exists()
    assert "được chỉ định hai lần (-o, --csv)" in done.stderr
    a_file = tmp_path / "ghi_chu.txt"
    a_file.write_text("x", encoding="utf-8")
    done = cli("score", str(SAMPLE), "--csv", str(tmp_path / "kq.csv"), "--charts", str(a_file))
    assert done.returncode == 2 and "đã là một tệp" in done.stderr
    assert not (tmp_path / "kq.csv").exists() and "Traceback" not in done.stderr


def test_an_output_that_cannot_be_written_is_explained(tmp_path):
    folder = tmp_path / "ket_qua"
    folder.mkdir()
    done = cli("score", str(SAMPLE), "-o", str(folder))
    assert done.returncode == 2
    assert "Không ghi được" in done.stderr and "đó là một thư mục" in done.stderr
    blocker = tmp_path / "tep"
    blocker.write_text("x", encoding="utf-8")
    done = cli("score", str(SAMPLE), "--csv", str(blocker / "kq.csv"), "--lang", "en")
    assert done.returncode == 2 and "its folder cannot be made" in done.stderr
    assert "Lỗi nội bộ" not in done.stderr and "internal" not in done.stderr.lower()


def test_results_of_an_earlier_run_kept_beside_the_inputs_are_skipped(tmp_path):
    """An analyst keeps last run's ket_qua.xlsx / ket_qua.csv in the data folder: they are
    results, not tables to score again (the units would count twice)."""
    import shutil

    folder = tmp_path / "du_lieu"
    shutil.copytree(SAMPLE, folder)
    first = cli("score", str(folder), "-o", str(folder / "ket_qua_v1.xlsx"),
                "--csv", str(folder / "ket_qua_v1.csv"))
    assert first.returncode == 0, first.stderr
    again = cli("score", str(folder), "--csv", str(tmp_path / "ket_qua_v2.csv"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Đã chấm 20 đơn vị" in again.stdout
    assert again.stdout.count("do cchc_index ghi ra ở lần chạy trước") >= 2


@pytest.mark.parametrize(("option", "name"), [("-o", "kq.csv"), ("--csv", "kq.xlsx"),
                                              ("--docx", "bao_cao.pdf")])
def test_an_output_named_for_another_format_is_refused(tmp_path, option, name):
    """`-o kq.csv` wrote an xlsx under a .csv name, silently."""
    done = cli("score", str(SAMPLE), option, str(tmp_path / name))
    assert done.returncode == 2 and "phải có đuôi" in done.stdout + done.stderr
    assert list(tmp_path.iterdir()) == []


def test_top_draws_the_first_and_last_units_of_each_ranking(tmp_path):
    from PIL import Image

    charts = tmp_path / "bieu_do"
    done = cli("score", str(SAMPLE), "--charts", str(charts), "--top", "2", "-q")
    assert done.returncode == 0, done.stderr
    top = charts / "xep_hang_dau_cuoi.png"
    full = charts / "xep_hang.png"
    assert top.is_file() and full.is_file()
    # two groups (Xã, Phường) of 2 + 2 units and a "…" row each: a shorter chart than all 20
    assert Image.open(top).height < Image.open(full).height
    without = cli("score", str(SAMPLE), "--charts", str(tmp_path / "khac"), "-q")
    assert not (tmp_path / "khac" / "xep_hang_dau_cuoi.png").exists()
    assert without.returncode == 0


def test_top_needs_charts_and_a_whole_number(tmp_path):
    done = cli("score", str(SAMPLE), "--top", "3", cwd=tmp_path)
    assert done.returncode == 2 and "hãy thêm --charts" in done.stderr
    assert "Traceback" not in done.stderr and not list(tmp_path.iterdir())
    done = cli("score", str(SAMPLE), "--charts", str(tmp_path / "bd"), "--top", "0")
    assert done.returncode == 2 and "số nguyên từ 1 trở lên" in done.stderr
    assert not (tmp_path / "bd").exists()


def test_the_last_line_counts_the_warnings_met_while_writing(tmp_path):
    table = build(tmp_path / "tinh" / "tong_hop.xlsx", units=60, missing_survey=2)
    # 48 communes: their first and last 18 units pass a page, a warning (R006) met when the
    # charts are written, after the run's own warnings were printed
    done = cli("score", str(table), "--charts", str(tmp_path / "bd"), "--top", "18", "-q")
    assert done.returncode == 0, done.stderr
    printed = done.stdout.count("[cảnh báo]")
    assert "quá 35 dòng" in done.stdout and printed > 1
    assert done.stdout.strip().splitlines()[-1].endswith(f"0 lỗi, {printed} cảnh báo.")
