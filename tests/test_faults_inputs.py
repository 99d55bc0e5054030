"""One file can never lose the batch (issue 15, inputs; issue 13).

A stray value in XFD1048576 makes python-calamine request about 512 GiB and abort the
process (SIGABRT: no exception, no cleanup); one in A1048576 costs 450 MiB. Every test
that could meet that abort, today or after a regression, runs it in a subprocess, so the
test runner survives to report it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import bad_files as bad
import pytest

from cchc_index._internal.errors import Problem
from cchc_index._internal.io import batch_read
from cchc_index._internal.io.batch_read import choose_jobs, read_batch, read_files, usable_cores
from cchc_index._internal.io.inputs import find_inputs, read_file
from cchc_index._internal.io.safety import Limits, check_file, inspect_file
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run

ROOT = Path(__file__).resolve().parents[1]
M = load_methodology()
PEAK_MIB = 256  # no single form may cost more


# The peak resident memory of the running program, as ``peak_mib()`` in the code given to
# _python: VmHWM, which starts again at exec (ru_maxrss keeps the high-water mark of the
# process forked from the test runner, however large the runner has grown).
PEAK = """
def peak_mib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
"""


def _python(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``code`` run by a fresh interpreter in tests/ (where bad_files is)."""
    return subprocess.run([sys.executable, "-c", PEAK + textwrap.dedent(code)],
                          capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT / "tests", timeout=timeout)


def _json_of(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    return json.loads(done.stdout.splitlines()[-1])


# ---- (a) the real extent, before any reader builds a grid ----

READ_ONE = """
    import json, sys
    from pathlib import Path
    from cchc_index._internal.io.inputs import read_file
    from cchc_index._internal.methodology.load import load_methodology
    batch = read_file(Path({path!r}), load_methodology())
    peak = peak_mib()
    print(json.dumps({{"units": list(batch.units["unit"]), "peak": peak,
                      "problems": [[p.code, p.sheet, p.cell, p.message()]
                                   for p in batch.problems]}}))
"""


@pytest.mark.parametrize("cell", ["XFD1048576", "A1048576"])
def test_a_stray_value_far_away_is_left_out_and_named(tmp_path, cell):
    """The form is scored, the far cell named (file, sheet, cell), in bounded memory."""
    path = bad.far_cell(tmp_path / "lac.xlsx", cell)
    got = _json_of(_python(READ_ONE.format(path=str(path))))
    assert got["units"] == ["Xã Lộc Thủy"]
    assert got["peak"] < PEAK_MIB, got["peak"]
    [far] = [p for p in got["problems"] if p[0] == "S042"]
    assert far[1:3] == ["Tự đánh giá", cell]
    assert far[3].startswith(f"Tệp lac.xlsx, trang tính Tự đánh giá, ô {cell}: 1 ô có giá "
                             "trị nằm quá xa bảng")


@pytest.mark.parametrize("engine", ["auto", "openpyxl"])
def test_read_grids_of_a_far_cell_form(tmp_path, engine):
    """The lower-level reader of a path, with either engine: the same copy is read."""
    path = bad.far_cell(tmp_path / "lac.xlsx")
    got = _json_of(_python(f"""
        import json
        from pathlib import Path
        from cchc_index._internal.io.cells import read_grids
        grids = read_grids(Path({str(path)!r}), engine={engine!r})
        print(json.dumps({{"sizes": [[len(g.rows), g.width] for g in grids],
                          "far": [p.cell for g in grids for p in g.problems],
                          "peak": peak_mib()}}))
    """))
    assert got["sizes"][0] == [75, 9] and got["far"] == ["XFD1048576"]
    assert got["peak"] < PEAK_MIB


def test_a_far_cell_without_reference_is_found_where_the_readers_put_it(tmp_path):
    """No r="…" on the stray cell or its row: it stands after the row before it."""
    from cchc_index._internal.io.extent import scan

    path = bad.far_cell_without_reference(tmp_path / "khong_r.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert scan(archive.read(bad.FORM_SHEET))[::2] == (1048576, "A1048576")
    got = _json_of(_python(READ_ONE.format(path=str(path))))
    assert got["units"] == ["Xã Lộc Thủy"] and got["peak"] < PEAK_MIB
    assert [p[2] for p in got["problems"] if p[0] == "S042"] == ["A1048576"]


def test_the_dimension_element_is_not_trusted(tmp_path):
    """A <dimension> claiming the whole sheet, over a plain form: nothing to leave out; a
    <dimension> claiming A1:I75 over a far cell: the far cell is still found."""
    from cchc_index._internal.io.extent import find_hazards

    form = bad.form(tmp_path / "mau.xlsx")
    lying = bad.rewritten(form, tmp_path / "rong.xlsx", {bad.FORM_SHEET: lambda xml: xml.replace(
        b'<dimension ref="A1:I75"/>', b'<dimension ref="A1:XFD1048576"/>')})
    far = bad.far_cell(tmp_path / "xa.xlsx")
    with zipfile.ZipFile(far) as archive:
        assert b'<dimension ref="A1:I75"/>' in archive.read(bad.FORM_SHEET)
    assert find_hazards(inspect_file(lying).parts, Limits().max_cells) == []
    assert [h.far for h in find_hazards(inspect_file(far).parts, Limits().max_cells)] == [
        "XFD1048576"]
    assert [p.code for p in read_file(lying, M).problems] == [
        p.code for p in read_file(form, M).problems]


@pytest.mark.parametrize("tail", [
    b"",  # no merged range
    b'<mergeCells count="1"><mergeCell ref="A1:C3"/></mergeCells>',
    b'<mergeCells count="1"><mergeCell ref="H70:H1048576"/></mergeCells>',
    b'<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="AA1:AB2"/></mergeCells>',
    b"<mergeCells><x:mergeCell ref='A1:XFD1'/></mergeCells>",
    b'<mergeCells><mergeCell  ref="A1:B2"/><mergeCell/></mergeCells>',
])
@pytest.mark.parametrize("text", [b"", b"mergeCell ref=&quot;A1:B2&quot;", b"mergeCellZ"])
def test_the_merge_search_starts_where_a_match_can(text, tail):
    """_not_small_merge: _NOT_SMALL_MERGE's search, begun at the first "mergeCell" (a text
    cell may hold the word before the ranges)."""
    from cchc_index._internal.io import extent

    xml = (b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
           + text + b"</t></is></c></row></sheetData>" + tail + b"</worksheet>")
    expected = extent._NOT_SMALL_MERGE.search(xml) is not None
    assert extent._not_small_merge(xml) is expected


def test_the_merge_search_on_forms(tmp_path):
    """On a real form, its sheet with the merged ranges of a whole column, and a sheet
    without any: the same answer as the expression over the whole part."""
    from cchc_index._internal.io import extent

    form = bad.form(tmp_path / "mau.xlsx")
    huge = bad.huge_merge(tmp_path / "gop.xlsx", "H70:H1048576", False)
    parts = [x for path in (form, huge) for name, x in inspect_file(path).parts.items()
             if name.startswith("xl/worksheets/")]
    assert parts
    for xml in parts:
        assert extent._not_small_merge(xml) is (extent._NOT_SMALL_MERGE.search(xml) is not None)
    assert any(extent._not_small_merge(xml) for xml in parts)


def test_a_wide_but_small_sheet_is_read_as_it_is(tmp_path):
    """A value in XFD1 beside a form spans 1.2 million cells, under the limit: read by
    python-calamine as it is, nothing left out."""
    from cchc_index._internal.io.extent import find_hazards

    path = bad.far_cell(tmp_path / "rong.xlsx", "XFD1")
    assert find_hazards(inspect_file(path).parts, Limits().max_cells) == []
    batch = read_file(path, M)
    assert list(batch.units["unit"]) == ["Xã Lộc Thủy"]
    assert "S042" not in {p.code for p in batch.problems}


def test_a_lying_shared_string_count_does_not_abort(tmp_path):
    """uniqueCount="99999999999": python-calamine would reserve that many strings."""
    path = bad.lying_string_count(tmp_path / "dem.xlsx")
    got = _json_of(_python(READ_ONE.format(path=str(path))))
    assert sorted(got["units"]) == sorted(bad.GOOD_UNITS)
    assert got["peak"] < PEAK_MIB


@pytest.mark.parametrize("ref, error_cell", [("H70:H1048576", False), ("H70:H1048576", True),
                                             ("A85:Z200000", True)])
def test_a_merged_range_over_the_whole_sheet_costs_nothing(tmp_path, ref, error_cell):
    """A block merged down to the sheet's last row (the form reader walked it row by
    row: 340 MiB; openpyxl, which reads a workbook holding an error cell, makes an object
    per merged cell: 2.3 GiB and two minutes), and one of five million cells."""
    path = bad.huge_merge(tmp_path / "gop.xlsx", ref, error_cell)
    got = _json_of(_python(READ_ONE.format(path=str(path)), timeout=60))
    assert got["units"] == ["Xã Lộc Thủy"] and got["peak"] < PEAK_MIB


def test_a_sheet_of_too_many_rows_far_out_is_skipped_as_a_long_sheet(tmp_path):
    """Values in more rows than a score table has, reaching past the cell limit: the sheet
    is emptied before reading and reported as too long, with its real count of rows."""
    rows = "".join(f'<row r="{r}"><c r="C{r}"><v>1</v></c><c r="Z{r}"><v>2</v></c></row>'
                   for r in range(1, 3002)).encode()
    source = bad.good(tmp_path / "nguon.xlsx")
    path = bad.rewritten(source, tmp_path / "dai.xlsx", {"xl/worksheets/sheet1.xml":
                         lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + rows)
                         .replace(b"<row r=\"1\">", b"<row r=\"5000\">", 1)})
    limits = Limits(max_rows=3000, max_cells=50_000)
    batch = read_file(path, M, limits=limits)
    [long] = [p for p in batch.problems if p.code == "S045"]
    assert long.sheet == "Tổng hợp" and long.found == 3001 and "3.001 dòng" in long.message()


# ---- (b) a reader that dies anyway costs its file, never the batch ----

ABORTING_BATCH = """
    import json, sys
    from pathlib import Path
    import cchc_index._internal.io.loading as loading
    from cchc_index._internal.io import batch_read
    from cchc_index._internal.methodology.load import load_methodology
    loading.find_hazards = lambda parts, max_cells: []  # the pre-scan off: calamine aborts
    batch_read.usable_cores = lambda: 2  # a pool even on one core
    paths = sorted(Path({folder!r}).iterdir())
    batch = batch_read.read_batch(paths, load_methodology(), jobs=2)
    print(json.dumps({{"units": sorted(batch.units["unit"]),
                      "files": [[Path(f.path).name, f.status] for f in batch.files],
                      "problems": [[p.code, p.file, p.found, p.message()]
                                   for p in batch.problems if p.code in ("S043", "I099")]}}))
"""


def _folder_with(tmp_path: Path, forms: int = 8) -> Path:
    folder = tmp_path / "nop"
    folder.mkdir()
    for number in range(forms):
        bad.form(folder / f"don_vi_{number:02d}.xlsx", unit=f"Xã Số {number + 1}")
    return folder


def test_a_worker_that_aborts_costs_its_file_alone(tmp_path):
    """The real abort, in a pool: the file is reported (S043, the signal named), the
    other files of its chunk and of the batch are read, and nothing is read again in the
    process holding the results (today it re-read the rest there, and aborted too)."""
    folder = _folder_with(tmp_path)
    bad.far_cell(folder / "don_vi_03b.xlsx")  # shares its chunk with a good form
    got = _json_of(_python(ABORTING_BATCH.format(folder=str(folder))))
    assert got["units"] == sorted(f"Xã Số {n}" for n in range(1, 9))
    assert ["don_vi_03b.xlsx", "rejected"] in got["files"]
    assert [f for f in got["files"] if f[1] == "read"] == [
        [f"don_vi_{n:02d}.xlsx", "read"] for n in range(8)]
    [(code, file, found, message)] = got["problems"]
    assert (code, file, found) == ("S043", "don_vi_03b.xlsx", "SIGABRT")
    assert message.startswith("Tệp don_vi_03b.xlsx: chương trình đọc tệp bị dừng đột ngột")


def test_the_command_writes_the_others_when_a_worker_aborts(tmp_path):
    """The whole command: exit 1 (a file had problems), the CSV of the others written."""
    folder = _folder_with(tmp_path, forms=3)
    bad.far_cell(folder / "lac.xlsx")
    out = tmp_path / "kq.csv"
    done = _python(f"""
        import sys
        import cchc_index._internal.io.loading as loading
        from cchc_index._internal.io import batch_read
        from cchc_index._internal.cli import main
        loading.find_hazards = lambda parts, max_cells: []
        batch_read.usable_cores = lambda: 2
        sys.exit(main(["score", {str(folder)!r}, "-j", "2", "-q", "--csv", {str(out)!r}]))
    """)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "lac.xlsx" in done.stdout and "dừng đột ngột" in done.stdout
    text = out.read_text(encoding="utf-8-sig")
    assert all(f"Xã Số {n}" in text for n in (1, 2, 3))


def test_in_one_process_a_hazardous_file_is_read_apart(tmp_path):
    """jobs=1 (a small batch): a file the pre-scan finds hazardous is read in a process
    of its own, so even a reader dying on it (simulated: its copy aborts) costs that file
    alone. A safe file is read in this process as before."""
    folder = _folder_with(tmp_path, forms=2)
    bad.far_cell(folder / "lac.xlsx")
    done = _python(f"""
        import json, os
        from pathlib import Path
        import cchc_index._internal.io.loading as loading
        from cchc_index._internal.io import batch_read
        from cchc_index._internal.methodology.load import load_methodology
        parent = os.getpid()
        def dying(*args, **kwargs):
            os.abort()  # a reader that dies on the hazardous file, wherever it is read
        loading.neutralize = dying
        paths = sorted(Path({str(folder)!r}).iterdir())
        batch = batch_read.read_batch(paths, load_methodology(), jobs=1)
        print(json.dumps({{"units": sorted(batch.units["unit"]),
                          "lost": [[p.code, p.file, p.found] for p in batch.problems
                                   if p.code == "S043"]}}))
    """)
    got = _json_of(done)
    assert got == {"units": ["Xã Số 1", "Xã Số 2"], "lost": [["S043", "lac.xlsx", "SIGABRT"]]}


def test_in_one_process_a_far_cell_form_is_scored(tmp_path):
    """The same batch as users run it (jobs=1): the far-cell form is read, apart, without
    its far cell, and scored."""
    folder = _folder_with(tmp_path, forms=2)
    bad.far_cell(folder / "lac.xlsx", unit="Xã Lạc Sơn")
    done = _python(f"""
        import json
        from cchc_index._internal.methodology.load import load_methodology
        from cchc_index._internal.pipeline import run
        result = run([{str(folder)!r}], load_methodology(), jobs=1)
        print(json.dumps({{"units": sorted(result.results["unit"]),
                          "far": [p.cell for p in result.problems if p.code == "S042"]}}))
    """)
    assert _json_of(done) == {"units": ["Xã Lạc Sơn", "Xã Số 1", "Xã Số 2"],
                              "far": ["XFD1048576"]}


class _Panic(BaseException):
    """As a Rust panic reaches Python (pyo3's PanicException is a BaseException)."""


def _raising_read_input(path, methodology, label=None, limits=batch_read.DEFAULT_LIMITS):
    if path.name == "don_vi_02.xlsx":
        raise RuntimeError("lỗi bất ngờ của trình đọc")
    if path.name == "don_vi_06.xlsx":
        raise _Panic("called `Option::unwrap()` on a `None` value")
    return _REAL_READ_INPUT(path, methodology, label, limits)


def _unpicklable_read_input(path, methodology, label=None, limits=batch_read.DEFAULT_LIMITS):
    read = _REAL_READ_INPUT(path, methodology, label, limits)
    if path.name == "don_vi_05.xlsx":
        read.problems.append(Problem("I099", file=label, params={"how": lambda: None}))
    return read


_REAL_READ_INPUT = batch_read.read_input


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_on_one_file_is_that_files_problem(tmp_path, monkeypatch, jobs):
    """Issue 13: an unexpected exception while reading one file (caught around that file,
    in the worker; a Rust panic too, which is a BaseException) and a result that cannot
    come back from the worker (read again, apart): each reported against its file (I099),
    the pool unbroken, the others read."""
    monkeypatch.setattr(batch_read, "usable_cores", lambda: 2)
    folder = _folder_with(tmp_path)
    paths = sorted(folder.iterdir())
    monkeypatch.setattr(batch_read, "read_input", _raising_read_input)  # workers fork
    batch = read_batch(paths, M, jobs=jobs)
    assert sorted(batch.units["unit"]) == sorted(f"Xã Số {n}" for n in range(1, 9)
                                                 if n not in (3, 7))
    [problem, panic] = [p for p in batch.problems if p.code == "I099"]
    assert problem.file == "don_vi_02.xlsx" and "lỗi bất ngờ của trình đọc" in problem.found
    assert problem.message().startswith("Tệp don_vi_02.xlsx: lỗi nội bộ khi xử lý tệp")
    assert panic.file == "don_vi_06.xlsx" and panic.found.startswith("_Panic: called")
    if jobs == 2:
        monkeypatch.setattr(batch_read, "read_input", _unpicklable_read_input)
        batch = read_batch(paths, M, jobs=jobs)
        assert len(batch.units) == 7
        [problem] = [p for p in batch.problems if p.code == "I099"]
        assert problem.file == "don_vi_05.xlsx"


def test_read_files_reports_a_file_whose_process_dies(tmp_path, monkeypatch):
    """The per-file reader (read_files) too: a file whose worker dies every time is one
    rejected Batch in its place, with its digest."""
    monkeypatch.setattr(batch_read, "usable_cores", lambda: 2)
    folder = _folder_with(tmp_path, forms=5)
    paths = sorted(folder.iterdir())
    monkeypatch.setattr(batch_read, "read_file", _dying_on_the_third)
    batches = read_files(paths, M, jobs=2)
    assert [b.files[0].status for b in batches] == ["read", "read", "rejected", "read", "read"]
    [problem] = batches[2].problems
    assert (problem.code, problem.file, problem.found) == ("S043", "don_vi_02.xlsx", "exit 7")
    assert batches[2].files[0].sha256 and batches[2].files[0].path == str(paths[2])


_PARENT = os.getpid()


def _dying_on_the_third(path, methodology, label=None, limits=batch_read.DEFAULT_LIMITS):
    if path.name == "don_vi_02.xlsx" and os.getpid() != _PARENT:
        os._exit(7)
    return _REAL_READ_FILE(path, methodology, label, limits)


_REAL_READ_FILE = batch_read.read_file


# ---- containers ----

def test_two_parts_of_one_name_are_refused(tmp_path):
    """zipfile (and python-calamine) read the second sheet1.xml, another table: Excel
    refuses the file, so do we, and the good file beside it is scored."""
    path = bad.twice_named(tmp_path / "hai_ban.xlsx")
    [problem] = check_file(path)
    assert (problem.code, problem.found) == ("S040", "xl/worksheets/sheet1.xml")
    assert "hai phần cùng tên xl/worksheets/sheet1.xml" in problem.message()
    bad.good(tmp_path / "tot.xlsx")
    result = run([tmp_path], M, jobs=1)
    assert sorted(result.results["unit"]) == sorted(bad.GOOD_UNITS)


def test_a_damaged_zip_directory_is_damaged_not_a_bomb(tmp_path):
    path = bad.damaged_directory(tmp_path / "muc_luc.xlsx")
    [problem] = check_file(path)
    assert (problem.code, problem.found) == ("S041", "xl/worksheets/sheet1.xml")
    assert "bị hỏng" in problem.message() and "bom nén" in problem.message()
    assert "có thể là bom nén" not in problem.message()
    assert "damaged, not a zip bomb" in problem.message("en")
    # a size smaller than true breaks no limit: the part is found damaged when unpacked
    small = check_file(bad.damaged_directory(tmp_path / "nho.xlsx", size=4096))
    assert [p.code for p in small] == ["S015"] and "bom" not in small[0].message()
    # a directory sound but for a size no deflate stream reaches, behind no local header
    # that could say otherwise (a data descriptor): still damaged, not a bomb
    path = bad.damaged_directory(tmp_path / "mo_ta.xlsx", size=300 << 20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo("xl/worksheets/sheet1.xml").header_offset
    data[offset + 6] |= 0x08  # "sizes in a data descriptor"
    path.write_bytes(bytes(data))
    assert [p.code for p in check_file(path)] == ["S041"]


def test_a_true_bomb_is_still_a_bomb(tmp_path):
    path = bad.zip_bomb(tmp_path / "bom.xlsx", unpacked_mb=210)
    assert [p.code for p in check_file(path)] == ["S008"]


# ---- names and reasons in the user's terms ----

def test_invalid_utf8_in_a_sheet_is_a_damaged_file(tmp_path):
    path = bad.invalid_utf8(tmp_path / "ma_hong.xlsx")
    batch = read_file(path, M)
    [problem] = batch.problems
    assert (problem.code, problem.sheet) == ("S044", "Tự đánh giá")
    message = problem.message()
    assert message.startswith("Tệp ma_hong.xlsx, trang tính Tự đánh giá: tệp bị hỏng")
    assert "không phải văn bản hợp lệ" in message and "ParseError" not in message
    assert "not valid text" in problem.message("en")


def test_junk_rows_under_a_form_are_the_reason_not_a_missing_column(tmp_path):
    path = bad.junk_under_form(tmp_path / "rac.xlsx")
    batch = read_file(path, M)
    codes = [p.code for p in batch.problems]
    assert "I003" not in codes and "S045" in codes
    [problem] = [p for p in batch.problems if p.code == "S045"]
    assert problem.severity == "error" and problem.sheet == "Tự đánh giá"
    # the form's 72 rows of values and the 25,000 below it
    assert "25.072 dòng dữ liệu, vượt giới hạn 20.000 dòng" in problem.message()


def test_a_link_is_named_by_the_link(tmp_path):
    """The unit's file is kept elsewhere under another name; the folder holds a link to
    it: messages, units and accounts name the link."""
    kept = tmp_path / "kho" / "ban_goc_2024.xlsx"
    kept.parent.mkdir()
    bad.form(kept, unit="Xã Lộc Thủy", changes={"1.1.1": {"appraisal_1": 9.0}})
    folder = tmp_path / "nop"
    folder.mkdir()
    (folder / "xa_loc_thuy.xlsx").symlink_to(kept)
    paths, _problems = find_inputs([folder])
    assert paths == [folder / "xa_loc_thuy.xlsx"]
    result = run([folder], M, jobs=1)
    assert {p.file for p in result.problems} == {"xa_loc_thuy.xlsx"}
    assert [f.path for f in result.files] == [str(folder / "xa_loc_thuy.xlsx")]
    (folder / "ban_goc_2024.xlsx").symlink_to(kept)  # two links to one file: one input
    assert find_inputs([folder])[0] == [folder / "ban_goc_2024.xlsx"]


# ---- -j ----

def test_jobs_never_exceed_the_usable_cores():
    cores = usable_cores()
    assert choose_jobs(64, 300) == cores
    assert choose_jobs(cores + 1, 1000) == cores


@pytest.mark.parametrize("value", ["0", "-1", "hai"])
def test_cli_refuses_jobs_below_one(value):
    done = subprocess.run([sys.executable, "-m", "cchc_index", "validate", "data",
                           "-j", value], capture_output=True, text=True, encoding="utf-8",
                          cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert "argument -j/--jobs: cần một số nguyên từ 1 trở lên" in done.stderr


def test_cli_help_says_jobs_are_capped():
    done = subprocess.run([sys.executable, "-m", "cchc_index", "score", "--help"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    shown = " ".join(done.stdout.split())
    assert "nhiều hơn số lõi dùng được thì chỉ dùng số lõi" in shown
    assert "more than the usable cores means the cores" in shown
