"""One file can never lose the batch, output side (issue 15).

Control characters and bidi controls read from an input never reach a terminal or a file we
write, and never stop the results workbook; Ctrl-C ends a run with one line and exit code
130, stops the reading processes, and leaves the outputs all old (or, during the renames,
all new); temporaries left by a killed run are removed by the next one, and nothing else.

The Ctrl-C tests send SIGINT to a real ``python -m cchc_index score`` at a moment they
observe rather than guess: once its reading processes exist (a batch of 1,500 forms takes
seconds to read), once the results workbook's temporary file appears (a table of 800
units takes over a second to save).
"""

from __future__ import annotations

import csv
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import bad_files as bad
import pandas as pd
import pytest
from openpyxl import load_workbook

from cchc_index import load_methodology, run
from cchc_index._internal import files as outputs
from cchc_index._internal.cli import _Interrupts, main
from cchc_index._internal.files import outputs_together, remove_stale_temporaries
from cchc_index._internal.report.csv import write_csv
from cchc_index._internal.text import has_unsafe, safe_line, safe_stream, safe_text, unsafe_found

ROOT = Path(__file__).resolve().parents[1]
POSIX = pytest.mark.skipif(not sys.platform.startswith("linux"),
                           reason="signals to a process group; /proc to find its children")

# What a terminal would obey, or what reverses a line: none may reach an output.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                    "\u2066-\u2069]")
HOSTILE_NAME = "Xã @ESC@[2JĐông@BEL@ Sơn@BS@"  # ESC [2J clears the screen
CLEAN_NAME = "Xã Đông Sơn"
TITLE = "@ESC@]0;Tiêu đề giả@BEL@Bà Lan"  # OSC 0: retitles the terminal window
ESCAPES = {b"@ESC@": b"_x001B_", b"@BEL@": b"_x0007_", b"@BS@": b"_x0008_"}


def hostile_table(path: Path) -> Path:
    """A consolidated table whose fourth unit (row 7, name in B7) has ESC, BEL and BS in
    its name and whose "Người lập" column retitles the terminal, stored as Excel stores
    control characters in a workbook (``_x001B_``)."""
    units = {**bad.GOOD_UNITS, HOSTILE_NAME: bad.OTHER_UNITS["Xã Đông Sơn"]}
    plain = bad.consolidated(path.with_name("plain.xlsx"), units)
    book = load_workbook(plain)
    sheet = book.active
    sheet.cell(3, 12, "Người lập")
    for row in range(4, 8):
        sheet.cell(row, 12, TITLE)
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith(".xml"):
                for mark, escape in ESCAPES.items():
                    data = data.replace(mark, escape)
            target.writestr(item, data)
    plain.unlink()
    return path


@pytest.fixture()
def hostile(tmp_path):
    folder = tmp_path / "vao"
    folder.mkdir()
    hostile_table(folder / "tong_hop.xlsx")
    return folder


def cli(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cchc_index", *args], capture_output=True,
                          cwd=ROOT, timeout=120, **options)


# ---- control characters ----

def test_the_rule_removes_what_a_terminal_obeys_and_keeps_the_rest():
    assert safe_text("Xã \x1b[2JĐông\x07 Sơn\x08") == "Xã Đông Sơn"
    assert safe_text("\x1b]0;Tiêu đề giả\x07Bà Lan") == "Bà Lan"  # the whole sequence
    assert safe_text("\x9b31mĐỏ\u202eXã An\u202c\u2066 Bình\u2069\u200f") == "ĐỏXã An Bình"
    assert safe_text("dòng 1\r\ndòng 2\rdòng 3\tcột") == "dòng 1\ndòng 2\ndòng 3\tcột"
    assert safe_line("dòng 1\r\ndòng 2\tcột") == "dòng 1 dòng 2 cột"
    assert safe_stream("Đang đọc 50%\r\x1b[2K") == "Đang đọc 50%\r"  # the bar's CR stays
    assert unsafe_found("a\x1bb\x1b\u202e\x85") == "U+001B (ESC), U+202E (RLO), U+0085"
    vietnamese = "Phường Hòa Lạc, Thuỷ — “Điểm” 9,5% ‘KPS’ (tự đánh giá)\n\tNgười lập: Bà Lan"
    assert safe_text(vietnamese) is vietnamese and not has_unsafe(vietnamese)
    assert not has_unsafe("dòng 1\r\ndòng 2")  # a line break, not a control to report


def test_control_characters_never_reach_the_terminal_the_workbook_or_the_csv(hostile,
                                                                             tmp_path):
    out, table = tmp_path / "ra" / "kq.xlsx", tmp_path / "ra" / "kq.csv"
    done = cli("score", str(hostile), "-o", str(out), "--csv", str(table))
    shown = (done.stdout + done.stderr).decode("utf-8")
    assert done.returncode == 0, shown  # warnings only: every unit scored
    assert "Traceback" not in shown and "Lỗi nội bộ" not in shown
    assert not UNSAFE.search(shown.replace("\n", "")), repr(UNSAFE.search(shown))
    assert "Tiêu đề giả" not in shown and CLEAN_NAME in shown
    assert re.search(r"ô B7 \(đơn vị Xã Đông Sơn\): văn bản trong ô có ký tự điều khiển "
                     r"U\+001B \(ESC\), U\+0007 \(BEL\), U\+0008 \(BS\)", shown), shown

    texts = [cell.value for sheet in load_workbook(out).worksheets
             for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert CLEAN_NAME in texts and not [t for t in texts if UNSAFE.search(t)]
    assert not [t for t in texts if "Tiêu đề giả" in t]

    raw = table.read_text(encoding="utf-8-sig")
    assert not UNSAFE.search(raw.replace("\n", "")) and "Tiêu đề giả" not in raw
    rows = list(csv.DictReader(raw.splitlines()))
    assert sorted(r["unit"] for r in rows) == sorted([*bad.GOOD_UNITS, CLEAN_NAME])
    assert {r["Người lập"] for r in rows} == {"Bà Lan"}


def test_one_warning_names_the_cell_where_the_text_was_read(hostile):
    result = run([hostile], load_methodology())
    warnings = [p for p in result.problems if p.code == "S033"]
    name = [p for p in warnings if p.cell]
    assert [(p.severity, p.file, p.sheet, p.cell, p.unit) for p in name] == [
        ("warning", "tong_hop.xlsx", "Tổng hợp", "B7", CLEAN_NAME)]
    # the same title in four rows of a column whose cells are not known: said once
    column = [p for p in warnings if not p.cell]
    assert [p.found for p in column] == ["U+001B (ESC), U+0007 (BEL) («Người lập»)"]
    assert dict(zip(result.results["unit"], result.results["points"], strict=True)) == {
        **bad.GOOD_TOTALS, CLEAN_NAME: 100.0}
    for problem in result.problems:  # the texts each problem quotes are clean too
        assert not has_unsafe(problem.message("vi")), problem


def test_charts_and_the_word_draft_have_no_control_characters(hostile, tmp_path, capsys):
    charts, draft = tmp_path / "bieu_do", tmp_path / "bao_cao.docx"
    assert main(["score", str(hostile), "--charts", str(charts), "--docx", str(draft)]) == 0
    shown = capsys.readouterr()
    assert not UNSAFE.search((shown.out + shown.err).replace("\n", ""))
    svg = (charts / "xep_hang.svg").read_text(encoding="utf-8")
    assert CLEAN_NAME in svg and not UNSAFE.search(svg.replace("\n", "").replace("\t", ""))
    with zipfile.ZipFile(draft) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert CLEAN_NAME in document and not UNSAFE.search(document)


def test_text_that_did_not_go_through_a_run_is_cleaned_by_the_writers(tmp_path):
    """The writers apply the rule themselves (a library user's frame, last year's names,
    a methodology workbook): no IllegalCharacterError, nothing raw in the file."""
    from cchc_index._internal.files import write_table

    result = run([bad.good(tmp_path / "t.xlsx")], load_methodology())
    result.results.loc[result.results.index[0], "unit"] = "Xã \x1b[2JAn\x07 Bình"
    write_csv(result, tmp_path / "kq.csv")
    assert "Xã An Bình" in (tmp_path / "kq.csv").read_text(encoding="utf-8-sig")
    frame = pd.DataFrame({"Đơn vị\u202e": ["Xã \x1b[2JAn"], "Nội dung": ["\x1b]0;x\x07Lỗi\x08"]})
    sheet = load_workbook(write_table(frame, tmp_path / "kt.xlsx")).active
    assert [c.value for row in sheet.iter_rows() for c in row] == [
        "Đơn vị", "Nội dung", "Xã An", "Lỗi"]


# ---- Ctrl-C ----

def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def gone(pid: int, timeout: float = 5.0) -> bool:
    """Whether process ``pid`` has ended (a zombie counts as ended) within ``timeout``."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return True
        if stat[stat.rindex(")") + 2] == "Z":
            return True
        time.sleep(0.02)
    return False


def start(*args: str) -> subprocess.Popen:
    """``python -m cchc_index …`` in a process group of its own, as a terminal runs it."""
    return subprocess.Popen([sys.executable, "-m", "cchc_index", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def wait_for(condition, process: subprocess.Popen, timeout: float = 60.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        assert process.poll() is None, process.communicate()
        time.sleep(0.005)
    process.kill()
    pytest.fail("the moment to interrupt never came")


@pytest.fixture(scope="module")
def many_forms(tmp_path_factory):
    """1,500 forms (copies of one: each is read, then all but one are set aside), read by
    two processes for several seconds."""
    folder = tmp_path_factory.mktemp("nhieu_bieu_mau")
    first = bad.form(folder / "don_vi_0000.xlsx", unit="Xã Số Một")
    for number in range(1, 1500):
        shutil.copyfile(first, folder / f"don_vi_{number:04d}.xlsx")
    return folder


@pytest.fixture(scope="module")
def many_units(tmp_path_factory):
    """One table of 800 units: quick to read, over a second to save as a workbook."""
    folder = tmp_path_factory.mktemp("nhieu_don_vi")
    rng = random.Random(15)
    maxima = [12, 8, 20, 8, 12, 8, 12, 20]
    units = {f"Xã Số {n}": [round(m * rng.uniform(0.4, 1) * 4) / 4 for m in maxima]
             for n in range(800)}
    bad.consolidated(folder / "tong_hop.xlsx", units)
    return folder


def old_outputs(folder: Path) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    old = {"kq.xlsx": b"so ket qua cu", "kq.csv": b"bang ket qua cu"}
    for name, data in old.items():
        (folder / name).write_bytes(data)
    return old


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


MESSAGE = {"vi": "Đã dừng theo yêu cầu; chưa ghi kết quả.\n",
           "en": "Stopped on request; no results were written.\n"}


@POSIX
@pytest.mark.parametrize("lang, group", [("vi", False), ("en", True)],
                         ids=["to-the-process", "to-the-group-as-a-terminal-does"])
def test_ctrl_c_while_reading_stops_the_readers_in_one_line(many_forms, tmp_path, lang,
                                                            group):
    out = tmp_path / "ra"
    old = old_outputs(out)
    process = start("score", str(many_forms), "-j", "2", "--lang", lang,
                    "-o", str(out / "kq.xlsx"), "--csv", str(out / "kq.csv"))
    readers = wait_for(lambda: children_of(process.pid), process)
    (os.killpg if group else os.kill)(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert stderr.decode("utf-8") == MESSAGE[lang]
    assert b"Traceback" not in stdout + stderr
    assert all(gone(pid) for pid in readers), readers
    assert files_in(out) == old


@POSIX
def test_ctrl_c_while_writing_leaves_every_old_output(many_units, tmp_path):
    out = tmp_path / "ra"
    old = old_outputs(out)
    process = start("score", str(many_units), "-o", str(out / "kq.xlsx"),
                    "--csv", str(out / "kq.csv"))
    wait_for(lambda: list(out.glob(".kq.*.xlsx")), process)  # the workbook is being saved
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr.decode()
    assert stderr.decode("utf-8") == MESSAGE["vi"]
    assert b"Traceback" not in stdout + stderr and "Đã ghi".encode() not in stdout
    assert files_in(out) == old  # the CSV was complete, but stays unrenamed: all old


def test_ctrl_c_during_the_renames_comes_after_the_last_one(tmp_path, monkeypatch, capsys):
    """A Ctrl-C while the outputs are being renamed into place is held back until the
    last rename: the outputs are all new, and the run says so."""
    folder = tmp_path / "vao"
    folder.mkdir()
    bad.good(folder / "t.xlsx")
    out = tmp_path / "ra"
    old = old_outputs(out)
    real, renamed = os.replace, []

    def replace_and_interrupt(source, target):
        if not renamed:
            signal.raise_signal(signal.SIGINT)  # Ctrl-C after the first rename began
        real(source, target)
        renamed.append(Path(target).name)

    monkeypatch.setattr(os, "replace", replace_and_interrupt)
    code = main(["score", str(folder), "-o", str(out / "kq.xlsx"), "--csv",
                 str(out / "kq.csv")])
    err = capsys.readouterr().err
    assert code == 130 and sorted(renamed) == ["kq.csv", "kq.xlsx"]
    assert err.startswith("Đã dừng theo yêu cầu; đã ghi xong trước khi dừng: ") and (
        str(out / "kq.xlsx") in err and str(out / "kq.csv") in err)
    now = files_in(out)
    assert sorted(now) == ["kq.csv", "kq.xlsx"]
    assert all(now[name] != old[name] for name in old)
    assert load_workbook(out / "kq.xlsx").sheetnames[0] == "Tổng hợp"


@pytest.mark.parametrize("where", ["pool code", "at-fork hook"])
def test_a_ctrl_c_that_cannot_be_raised_where_it_lands_comes_again_a_moment_later(where):
    """Raised inside the process pool's code (a reader just forked, not yet known to be
    stopped) or lost in an at-fork hook (Python prints it and goes on), a Ctrl-C is
    delivered again once out of there, silently."""
    interrupts = _Interrupts("vi").install()
    try:
        if where == "pool code":
            namespace = {"__name__": "concurrent.futures.process", "sys": sys}
            exec("frame = sys._getframe()", namespace)
            interrupts(signal.SIGINT, namespace["frame"])  # not raised in there
        else:
            lost = SimpleNamespace(exc_type=KeyboardInterrupt, exc_value=KeyboardInterrupt(),
                                   exc_traceback=None, err_msg=None, object=None)
            sys.unraisablehook(lost)  # nothing printed
        with pytest.raises(KeyboardInterrupt):
            time.sleep(5)
    finally:
        interrupts.remove()


def test_outputs_together_are_all_old_after_an_error(tmp_path):
    target = tmp_path / "ra"
    old = old_outputs(target)
    charts = target / "bieu_do" / "ho_so"

    def half(temporary: Path) -> None:
        temporary.write_text("một nửa", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), outputs_together():
        outputs.atomic_write(target / "kq.csv", lambda p: p.write_text("mới"))
        outputs.atomic_write(charts / "a.png", lambda p: p.write_bytes(b"png"))
        assert (target / "kq.csv").read_bytes() == old["kq.csv"]  # not yet in place
        outputs.atomic_write(target / "kq.xlsx", half)
    assert files_in(target) == old  # no temporary left, the chart folders made are gone
    with outputs_together():
        outputs.atomic_write(target / "kq.csv", lambda p: p.write_text("mới"))
        with outputs_together():  # joins the outer block
            outputs.atomic_write(charts / "a.png", lambda p: p.write_bytes(b"png"))
        assert not charts.joinpath("a.png").exists()
    assert (target / "kq.csv").read_text() == "mới" and (charts / "a.png").exists()


# ---- stale temporaries ----

@POSIX
def test_the_next_run_removes_the_temporaries_of_a_killed_one_and_nothing_else(
        many_units, tmp_path, capsys):
    out = tmp_path / "ra"
    old_outputs(out)
    process = start("score", str(many_units), "-o", str(out / "kq.xlsx"))
    left = wait_for(lambda: list(out.glob(".kq.*.xlsx")), process)
    os.killpg(process.pid, signal.SIGKILL)  # no cleaning up possible
    process.communicate(timeout=60)
    assert all(p.exists() for p in left)

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    host = outputs._HOST
    kept = {
        ".kq.ghi_chu.xlsx": None,  # a user's file
        f".kq.cchc-{host}-{alive.pid}-0123abcd.xlsx": None,  # a run still writing
        ".kq.89abcdef.xlsx": None,  # an earlier version's name, but fresh
        f".bang.cchc-{host}-{alive.pid}-0123abcd.csv": None,
    }
    removed = {
        ".kq.0123abcd.xlsx": 2 * 3600,  # an earlier version's, old, beside kq.xlsx
        ".kq.cchc-0000-1-0123abcd.xlsx": 2 * 3600,  # another machine's, old
    }
    try:
        for name, age in {**kept, **removed}.items():
            (out / name).write_bytes(b"x")
            if age:
                then = time.time() - age
                os.utime(out / name, (then, then))
        os.symlink(left[0], out / f".kq.cchc-{host}-999999999-fedcba98.xlsx")
        folder = tmp_path / "vao"
        folder.mkdir()
        bad.good(folder / "t.xlsx")
        assert main(["score", str(folder), "-o", str(out / "kq.xlsx")]) == 0
        capsys.readouterr()
        names = {p.name for p in out.iterdir()}
        assert not any(p.name in names for p in left)  # the killed run's temporary
        assert names == {"kq.xlsx", "kq.csv", *kept,
                         f".kq.cchc-{host}-999999999-fedcba98.xlsx"}
        assert remove_stale_temporaries(out) == []  # nothing more is taken for stale
    finally:
        alive.kill()
        alive.wait()
    assert sorted(p.name for p in remove_stale_temporaries(out)) == [  # their process ended
        f".bang.cchc-{host}-{alive.pid}-0123abcd.csv",
        f".kq.cchc-{host}-{alive.pid}-0123abcd.xlsx"]
