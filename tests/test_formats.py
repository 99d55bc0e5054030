"""Old and other spreadsheet formats (issue 14): .xls (Excel 97–2003), .ods (LibreOffice)
and .xlsb (Excel binary) are read by python-calamine after the same kind of checks as an
.xlsx, and give the grid the .xlsx of the same content gives.

The .xls and .ods files are saved by LibreOffice from workbooks built here (the tests that
need it skip without it; CI installs it); the .xlsb files are written by a small writer
(tests/bad_files.py: LibreOffice cannot save .xlsb); the hostile and damaged files are
built byte by byte from those.
"""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import zipfile
from pathlib import Path

import bad_files as bad
import openpyxl
import pytest

from cchc_index import load_methodology, run
from cchc_index._internal.io.cells import column_letter, read_grids
from cchc_index._internal.io.inputs import find_inputs, read_file
from cchc_index._internal.io.loading import load_input
from cchc_index._internal.io.safety import check_file

ROOT = Path(__file__).resolve().parents[1]
M = load_methodology("xa-phuong-minh-hoa")
SAMPLE_FORM = ROOT / "data" / "sample_forms" / "phuong_minh_khai.xlsx"
SAMPLE_TABLE = ROOT / "data" / "sample_district" / "tong_hop_huyen_minh_son_2024.xlsx"
needs_soffice = pytest.mark.skipif(
    bad.soffice() is None,
    reason="LibreOffice (soffice) is not installed: the .xls and .ods files are saved by it")


def typed(grids) -> list[tuple]:
    """Grids with the type of every value (1 and 1.0 are not the same cell)."""
    return [(g.sheet, g.hidden, g.merged, [[(type(v).__name__, v) for v in row] for row in g.rows])
            for g in grids]


def features(path: Path) -> Path:
    """A workbook holding every kind of value and layout a reader must keep: text (NFC and
    Vietnamese), integral and decimal numbers, a date, an error formula, merged blocks
    (one over two rows), a hidden row and column holding values, a hidden sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tự đánh giá"
    sheet["A1"] = "BẢNG TỰ ĐÁNH GIÁ NĂM 2024"
    sheet.merge_cells("A1:D1")
    sheet["A2"], sheet["B2"], sheet["C2"], sheet["D2"] = dt.datetime(2024, 5, 6), 7, 1.5, "=1/0"
    sheet["A3"], sheet["B3"] = "dòng cũ (ẩn)", 2
    sheet["A4"], sheet["B4"], sheet["F4"] = "Xã Hòa Bình", 8, "năm trước"
    sheet["A5"] = "=SUM(B2:B4)"
    sheet["E6"] = "gộp hai dòng"
    sheet.merge_cells("E6:E7")
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["F"].hidden = True
    hidden = workbook.create_sheet("Ẩn")
    hidden["A1"] = "trang ẩn"
    hidden.sheet_state = "hidden"
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """{format: {name: path}}: the sample form, the sample consolidated table and the
    features workbook (saved by LibreOffice first, so that its formulas hold the values a
    spreadsheet program computes) in every format."""
    folder = tmp_path_factory.mktemp("formats")
    sources = [Path(shutil.copy(SAMPLE_FORM, folder)), Path(shutil.copy(SAMPLE_TABLE, folder))]
    (folder / "src").mkdir()
    computed = bad.converted([features(folder / "src" / "features.xlsx")], "xlsx", folder / "lo")
    files = {"xlsx": {p.stem: p for p in [*sources, *computed]}}
    for fmt in ("xls", "ods"):
        files[fmt] = {p.stem: p for p in bad.converted(list(files["xlsx"].values()), fmt,
                                                       folder / fmt)}
    files["xlsb"] = {stem: bad.xlsb_from(path, folder / f"{stem}.xlsb")
                     for stem, path in files["xlsx"].items()}
    return files


def _saved(saved, fmt: str, stem: str) -> Path:
    if stem not in saved[fmt]:
        pytest.skip(f"LibreOffice could not save {stem} as .{fmt}")
    return saved[fmt][stem]


def _scores(result) -> dict:
    """Units and points, overall and per criterion (NaN as None, so that it compares)."""
    entries, units = result.batch.entries, result.batch.units
    names = dict(zip(units["unit_id"], units["unit"], strict=True))
    values = ["self_points", "appraisal_1", "appraisal_2", "given_points", "not_arisen"]
    per_criterion = {
        (names[row["unit_id"]], row["code"]): tuple(None if row[c] != row[c] else row[c]
                                                     for c in values)
        for row in entries[["unit_id", "code", *values]].to_dict("records")}
    return {"units": dict(zip(result.results["unit"], result.results["points"], strict=True)),
            "criteria": per_criterion}


FORMATS = [pytest.param("xls", marks=needs_soffice), pytest.param("ods", marks=needs_soffice),
           "xlsb"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", [SAMPLE_FORM.stem, SAMPLE_TABLE.stem])
def test_the_samples_saved_in_another_format_score_as_the_xlsx(saved, fmt, stem):
    path = _saved(saved, fmt, stem)
    assert check_file(path) == []
    expected, got = run([saved["xlsx"][stem]], M), run([path], M)
    assert got.errors == [] and len(got.results) >= 1
    assert _scores(got) == _scores(expected)
    assert got.batch.files[0].status == "read"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", [SAMPLE_FORM.stem, SAMPLE_TABLE.stem, "features"])
def test_the_grid_is_the_xlsx_grid(saved, fmt, stem):
    """Values and their types, merged ranges (python-calamine gives none for .ods and
    .xlsb: the scan gives them), hidden sheets, error cells (python-calamine reads them as
    blank), the hidden row and column left out alike."""
    if stem == "features" and "features" not in saved["xlsx"]:
        pytest.skip("LibreOffice could not save the features workbook")
    path = _saved(saved, fmt, stem)
    xlsx = load_input(saved["xlsx"][stem])
    other = load_input(path)
    assert typed(other.grids) == typed(xlsx.grids)
    assert [(p.code, p.sheet, p.found) for p in other.problems] == [
        (p.code, p.sheet, p.found) for p in xlsx.problems]
    if stem == "features":
        grid = other.grids[0]
        assert grid.value(2, 4) == "#DIV/0!" and grid.value(2, 1) == dt.datetime(2024, 5, 6)
        assert (6, 5, 7, 5) in grid.merged and [g.hidden for g in other.grids] == [False, True]
        assert [p.code for p in other.problems] == ["S048"]
        assert read_grids(path) == other.grids  # the path API reads it as load_input does


def test_booleans_and_dates_of_an_ods_and_an_xlsb(tmp_path):
    """LibreOffice saves a boolean of an .xlsx as the number 1 in an .ods: a boolean
    typed in LibreOffice, and one in an .xlsb, read as booleans."""
    ods = bad.ods_table(tmp_path / "bang.ods", (
        '<table:table-row><table:table-cell office:value-type="boolean" '
        'office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>'
        '<table:table-cell office:value-type="date" office:date-value="2024-05-06">'
        "<text:p>06/05/2024</text:p></table:table-cell></table:table-row>"))
    xlsb = bad.xlsb(tmp_path / "bang.xlsb", [{"name": "Tổng hợp", "part": bad.xlsb_sheet(
        {0: {0: True, 1: dt.date(2024, 5, 6)}})}])
    for path in (ods, xlsb):
        [grid] = load_input(path).grids
        assert grid.rows == [[True, dt.datetime(2024, 5, 6)]], path.name


def test_the_formats_are_found_in_a_folder_and_read(saved, tmp_path):
    folder = tmp_path / "nop"
    folder.mkdir()
    for fmt in ("xls", "ods", "xlsb"):
        if SAMPLE_TABLE.stem in saved[fmt]:
            shutil.copy(saved[fmt][SAMPLE_TABLE.stem], folder / f"bang.{fmt}")
    found, problems = find_inputs([folder])
    assert problems == [] and sorted(p.suffix for p in found) == sorted(
        p.suffix for p in folder.iterdir())
    for path in found:
        batch = read_file(path, M)
        assert batch.files[0].status == "read" and len(batch.units) == 20, path.name


# ---------------------------------------------------------------- refused, with a reason

@needs_soffice
def test_an_xls_with_a_password_is_refused(saved, tmp_path):
    source = _saved(saved, "xls", SAMPLE_TABLE.stem)
    path = bad.xls_with_password(source, tmp_path / "mat_khau.xls")
    problems = check_file(path)
    assert [p.code for p in problems] == ["S003"]
    assert "mật khẩu" in problems[0].message() and "password" in problems[0].message("en")
    result = run([path, bad.good(tmp_path / "tot.xlsx")], M)
    assert [p.code for p in result.errors] == ["S003"]
    assert dict(zip(result.results["unit"], result.results["points"],
                    strict=True)) == bad.GOOD_TOTALS


def test_an_encrypted_workbook_is_refused_by_either_stream(tmp_path):
    """An encrypted .xlsx is an OLE file: EncryptionInfo alone says so too."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    path = tmp_path / "mat_khau.xlsx"
    path.write_bytes(bad.compound_file({"EncryptionInfo": info, "Khac": b"x" * 5000}))
    assert [p.code for p in check_file(path)] == ["S003"]


def _damaged_xls(source: Path, folder: Path) -> dict[str, Path]:
    stream = bad.workbook_stream(source)
    return {
        "cut": bad.xls_rewritten(source, folder / "cat.xls", lambda s: s[:len(s) // 2 + 3]),
        "no globals end": bad.xls_rewritten(
            source, folder / "dau.xls", lambda s: s[:bad.biff_records(s)[3][0]]),
        "looping chain": bad.xls_looping_fat(source, folder / "vong.xls"),
        "noise": _noise(folder / "rac.xls", len(stream)),
        "only a BOF": bad.old_xls(folder / "bof.xls"),
    }


def _noise(path: Path, size: int) -> Path:
    import random

    rng = random.Random(14)
    path.write_bytes(bad.compound_file({"Workbook": bytes(rng.randrange(256)
                                                         for _ in range(size))}))
    return path


@needs_soffice
def test_a_damaged_xls_is_refused_with_a_reason(saved, tmp_path):
    source = _saved(saved, "xls", SAMPLE_TABLE.stem)
    for what, path in _damaged_xls(source, tmp_path).items():
        problems = check_file(path)
        assert [p.code for p in problems] == ["S002"], what
        message, english = problems[0].message(), problems[0].message("en")
        assert "bị hỏng" in message and "()" not in message and "damaged" in english, what
        batch = read_file(path, M)
        assert [p.code for p in batch.problems] == ["S002"], what
        assert batch.files[0].status == "rejected"


def test_a_damaged_ods_or_xlsb_is_refused_with_a_reason(tmp_path):
    good_ods = bad.ods_table(tmp_path / "tot.ods", "".join(
        f"<table:table-row><table:table-cell office:value-type=\"string\"><text:p>{name}"
        "</text:p></table:table-cell></table:table-row>" for name in bad.GOOD_UNITS))
    cut = bad.rewritten(good_ods, tmp_path / "cat.ods", {"content.xml": lambda x: x[:-60]})
    empty = bad.ods(tmp_path / "rong.ods")
    xlsb = bad.xlsb_from(bad.good(tmp_path / "tot.xlsx"), tmp_path / "tot.xlsb")
    cut_xlsb = bad.rewritten(xlsb, tmp_path / "cat.xlsb",
                             {"xl/worksheets/sheet1.bin": lambda b: b[:len(b) // 2]})
    for path, code in [(cut, "S006"), (empty, "S006"), (cut_xlsb, "S046")]:
        batch = read_file(path, M)
        assert [p.code for p in batch.problems] == [code], path.name
        assert batch.files[0].status == "rejected"
        assert "bị hỏng" in batch.problems[0].message(), path.name
    assert load_input(good_ods).grids[0].rows == [[name] for name in bad.GOOD_UNITS]


@pytest.fixture
def calamine_never_called(monkeypatch):
    """python-calamine must not be handed the file (it would abort the process)."""
    import python_calamine

    def refuse(*args, **kwargs):
        raise AssertionError("python-calamine was handed a hazardous file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)


@needs_soffice
def test_an_xls_reaching_too_far_is_refused_before_reading(saved, tmp_path,
                                                           calamine_never_called):
    source = _saved(saved, "xls", SAMPLE_TABLE.stem)
    far = bad.xls_far_cell(source, tmp_path / "xa.xls")
    beyond = bad.xls_far_cell(source, tmp_path / "ngoai.xls", row=0xFFFF, col=0xFFFF)
    for path, cell in [(far, "IV65536"), (beyond, f"{column_letter(65536)}65536")]:
        [problem] = load_input(path).problems
        assert (problem.code, problem.sheet, problem.cell) == ("S047", "Tổng hợp", cell)
        assert "Ctrl+End" in problem.message()

    def claim(stream: bytes) -> bytes:  # a Dimensions record whose rows wrap around
        data = bytearray(stream)
        offset = next(o for o, typ, n in bad.biff_records(stream) if typ == 0x0200)
        struct.pack_into("<II", data, offset + 4, 10, 5)
        return bytes(data)

    dimensions = bad.xls_rewritten(source, tmp_path / "kich_thuoc.xls", claim)
    [problem] = load_input(dimensions).problems
    assert problem.code == "S002" and "Dimensions" in problem.message()


def test_an_ods_or_xlsb_reaching_too_far_is_refused_before_reading(tmp_path,
                                                                   calamine_never_called):
    ods = bad.ods_far_cells(tmp_path / "xa.ods")
    xlsb = bad.xlsb(tmp_path / "xa.xlsb", [{"name": "Tổng hợp", "part": bad.xlsb_sheet(
        {0: {0: "Đơn vị"}, 3: {4_000_000_000: 1}})}])
    for path, cell in [(ods, "XFD1048575"), (xlsb, f"{column_letter(4_000_000_001)}4")]:
        [problem] = load_input(path).problems
        assert (problem.code, problem.sheet, problem.cell) == ("S047", "Tổng hợp", cell)
    assert zipfile.ZipFile(ods).getinfo("content.xml").file_size < 2048
    [problem] = load_input(bad.ods_space_bomb(tmp_path / "khoang_trang.ods")).problems
    assert problem.code == "S006" and "khoảng trắng" in problem.message()
