"""One read per input file (cchc_index._internal.io.loading): the same digest, problems and grids as
reading the file piece by piece (hashlib over the file, check_file, read_grids), for good,
odd, broken and hostile files, for fuzzed ones, and with either engine."""

from __future__ import annotations

import hashlib
import random
import sys
import zipfile
from pathlib import Path

import bad_files as bad
import pytest
from test_cells import excel_like_workbook, form_workbook, typed
from test_fuzz import cut, flip_bytes, mutate_part, splice

from cchc_index._internal.errors import InputError
from cchc_index._internal.io.cells import read_grids
from cchc_index._internal.io.loading import LoadedInput, load_input
from cchc_index._internal.io.safety import Limits, check_file, refused

ROOT = Path(__file__).resolve().parents[1]


def piece_by_piece(path: Path, engine: str = "auto") -> tuple:
    """What load_input must give, read the slow way: every piece opens the file again."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    problems = check_file(path)
    grids = None
    if not refused(problems):
        try:
            grids = read_grids(path, engine)
        except InputError as error:
            problems = [*problems, *error.problems]
    return digest, problems, grids


def outcome(digest: str, problems: list, grids: list | None) -> tuple:
    return (digest, [(p.code, p.severity, p.message("vi")) for p in problems],
            None if grids is None else [(*typed([g])[0], g.formulas) for g in grids])


def assert_loads_as_piece_by_piece(path: Path, engine: str = "auto") -> LoadedInput:
    loaded = load_input(path, engine=engine)
    assert outcome(loaded.sha256, loaded.problems, loaded.grids) == outcome(
        *piece_by_piece(path, engine)), path.name
    return loaded


# Every builder of the bad-file corpus but the slow bombs (refused by the same checks).
CORPUS = ["good", "other_good", "csv_renamed", "pdf_renamed", "html_renamed", "empty",
          "truncated", "docx_renamed", "old_xls", "password_protected", "ods", "no_table",
          "header_without_rows", "hidden_sheet", "other_year", "duplicate_unit",
          "text_numbers", "negative_points", "above_maximum", "lookalike_name",
          "blank_row_inside", "billion_laughs", "external_entity", "high_ratio",
          "external_link", "live_formulas", "library_warnings", "form"]


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl warns on library_warnings
@pytest.mark.parametrize("builder", CORPUS)
def test_bad_file_corpus_loads_as_piece_by_piece(tmp_path, builder):
    assert_loads_as_piece_by_piece(getattr(bad, builder)(tmp_path / f"{builder}.xlsx"))


def test_every_input_of_the_repository_loads_as_piece_by_piece():
    paths = sorted(p for folder in ("data", "tests") for p in (ROOT / folder).rglob("*")
                   if p.suffix.lower() in (".xlsx", ".xlsm", ".csv", ".xls"))
    assert paths
    for path in paths:
        for engine in ("auto", "openpyxl"):
            assert_loads_as_piece_by_piece(path, engine)


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_error_cells_and_uncached_formulas_from_the_parts(tmp_path):
    """Error cells send the bytes to openpyxl; uncached formulas are found in the parts
    the checks unpacked."""
    errors = assert_loads_as_piece_by_piece(
        excel_like_workbook(tmp_path / "loi.xlsx", errors=True))
    assert errors.grids[0].rows[3][:4] == [True, False, "#DIV/0!", "#N/A"]
    cached = assert_loads_as_piece_by_piece(bad.live_formulas(tmp_path / "cong_thuc.xlsx"))
    assert not any(grid.formulas for grid in cached.grids)
    form = assert_loads_as_piece_by_piece(form_workbook(tmp_path / "phieu.xlsx"))
    assert form.grids[0].formulas


def test_fuzzed_files_load_as_piece_by_piece(tmp_path):
    rng = random.Random(6)
    seeds = [bad.consolidated(tmp_path / "tong_hop.xlsx").read_bytes(),
             bad.form(tmp_path / "phieu.xlsx").read_bytes()]
    for number in range(40):
        data = rng.choice(seeds)
        how = rng.choice([mutate_part, mutate_part, flip_bytes, cut, splice])
        path = tmp_path / f"dot_bien_{number}.xlsx"
        path.write_bytes(how(rng, data))
        assert_loads_as_piece_by_piece(path)


def test_csv_loads_as_piece_by_piece(tmp_path):
    path = tmp_path / "bang.csv"
    path.write_text("BẢNG ĐIỂM\nSTT;Đơn vị;Điểm\n1;Xã A;0,5\n", encoding="utf-8-sig")
    loaded = assert_loads_as_piece_by_piece(path)
    assert loaded.grids[0].rows[2] == ["1", "Xã A", "0,5"]


def test_refused_files_have_a_digest_and_no_grids(tmp_path):
    lock = bad.lock_file(tmp_path / "~$bang.xlsx")
    loaded = assert_loads_as_piece_by_piece(lock)
    assert loaded.grids is None and [p.code for p in loaded.problems] == ["S014"]
    assert loaded.sha256 == hashlib.sha256(lock.read_bytes()).hexdigest()
    big = bad.good(tmp_path / "to.xlsx")
    loaded = load_input(big, limits=Limits(max_file_bytes=1000))
    assert [p.code for p in loaded.problems] == ["S010"] and loaded.grids is None
    assert loaded.sha256 == hashlib.sha256(big.read_bytes()).hexdigest()
    missing = load_input(tmp_path / "khong_co.xlsx")
    assert (missing.sha256, [p.code for p in missing.problems]) == ("", ["S016"])


def test_an_unreadable_workbook_has_its_checks_then_i001(tmp_path):
    """A workbook that passes the checks but that no engine can read (its workbook part
    is cut short): the checks' warnings first, then I001 naming the file."""
    source = bad.external_link(tmp_path / "nguon.xlsx")
    path = tmp_path / "cat_ngan.xlsx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(path, "w") as target:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename == "xl/workbook.xml":
                content = content[:len(content) // 2]
            target.writestr(info, content)
    loaded = assert_loads_as_piece_by_piece(path)
    assert loaded.grids is None and [p.code for p in loaded.problems] == ["S013", "I001"]
    assert "cat_ngan.xlsx" in loaded.problems[-1].message("vi")


class _Panic(BaseException):
    """What a Rust panic inside python-calamine arrives as (pyo3's PanicException)."""


class _Failing:
    error: BaseException = _Panic("called `Option::unwrap()` on a `None` value")

    @classmethod
    def from_filelike(cls, source):
        raise cls.error


def test_a_calamine_panic_on_the_bytes_sends_them_to_openpyxl(tmp_path, monkeypatch):
    import python_calamine

    path = form_workbook(tmp_path / "phieu.xlsx")
    expected = outcome(*piece_by_piece(path, "openpyxl"))
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", _Failing)
    loaded = load_input(path)
    assert outcome(loaded.sha256, loaded.problems, loaded.grids) == expected
    monkeypatch.setattr(_Failing, "error", KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):  # Ctrl+C still stops the run
        load_input(path)


def test_without_python_calamine_openpyxl_reads_the_bytes(tmp_path, monkeypatch):
    path = form_workbook(tmp_path / "phieu.xlsx")
    expected = outcome(*piece_by_piece(path, "openpyxl"))
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # import fails
    loaded = load_input(path)
    assert outcome(loaded.sha256, loaded.problems, loaded.grids) == expected


def test_the_file_is_read_once(tmp_path, monkeypatch):
    """One open of the path; the zip and calamine work on the bytes in memory."""
    import python_calamine

    path = form_workbook(tmp_path / "phieu.xlsx")
    opened: list[Path] = []
    real_open = Path.open

    def counting_open(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    real_zip = zipfile.ZipFile.__init__
    zipped: list[object] = []

    def recording_zip(self, file, *args, **kwargs):
        zipped.append(file)
        real_zip(self, file, *args, **kwargs)

    real_workbook = python_calamine.CalamineWorkbook
    calamine: list[str] = []

    class Recording:
        @staticmethod
        def from_path(source):
            calamine.append("from_path")
            return real_workbook.from_path(source)

        @staticmethod
        def from_filelike(source):
            calamine.append("from_filelike")
            return real_workbook.from_filelike(source)

    monkeypatch.setattr(Path, "open", counting_open)
    monkeypatch.setattr(zipfile.ZipFile, "__init__", recording_zip)
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Recording)
    loaded = load_input(path)
    assert loaded.grids and loaded.grids[0].formulas
    assert opened == [path] and calamine == ["from_filelike"]
    assert zipped and not any(isinstance(f, str | Path) for f in zipped)


def test_an_unreadable_file_is_named_by_its_label(tmp_path):
    from cchc_index._internal.io.loading import load_input

    folder = tmp_path / "xa_a"
    folder.mkdir()
    path = folder / "bang.csv"
    path.write_text("STT,Đơn vị\n1,\"" + "x" * 200_000 + "\"\n", encoding="utf-8")
    loaded = load_input(path, "xa_a/bang.csv")
    assert loaded.grids is None
    assert [(p.code, p.file) for p in loaded.problems] == [("I001", "xa_a/bang.csv")]


def test_a_utf16_csv_from_excel_is_read(tmp_path):
    """Excel's "Unicode Text" export: UTF-16 with a byte-order mark, tab-separated."""
    from bad_files import GOOD_UNITS, table_rows

    def shown(value):
        return "" if value is None else str(value).replace(".", ",")

    text = "\r\n".join("\t".join(shown(v) for v in row) for row in table_rows(GOOD_UNITS))
    path = tmp_path / "tong_hop.csv"
    path.write_bytes((text + "\r\n").encode("utf-16"))
    loaded = load_input(path, "tong_hop.csv")
    assert loaded.problems == []
    [grid] = loaded.grids
    assert grid.rows[3][:3] == ["1", "Xã An Bình", "10"]
    assert grid.rows[4][3] == "6,5"


def test_a_utf8_csv_with_a_bad_byte_keeps_its_vietnamese_names(tmp_path):
    """One damaged byte in a note must not send the whole file to the Windows code page
    (every name garbled): it is read as UTF-8, the damage counted in a warning."""
    from bad_files import GOOD_UNITS, table_rows

    def shown(value):
        return "" if value is None else str(value).replace(".", ",")

    text = "\r\n".join(";".join(shown(v) for v in row) for row in table_rows(GOOD_UNITS))
    data = text.encode("utf-8").replace("Xã Tân Mỹ;9".encode(), "Xã Tân Mỹ;9".encode(), 1)
    data += b"\r\n;Ghi ch\xfa: \xff\r\n"  # a note typed in another encoding
    path = tmp_path / "tong_hop.csv"
    path.write_bytes(data)
    loaded = load_input(path, "huyen/tong_hop.csv")
    assert [(p.code, p.severity, p.file, p.found) for p in loaded.problems] == [
        ("I008", "warning", "huyen/tong_hop.csv", "2")]
    names = [row[1] for row in loaded.grids[0].rows[3:6]]
    assert names == list(GOOD_UNITS)
    windows = tmp_path / "windows.csv"
    windows.write_bytes("STT;Đơn vi;Linh vuc 1\r\n1;Đông Hưng;10\r\n".encode("cp1258"))
    loaded = load_input(windows, "windows.csv")
    assert loaded.problems == [] and loaded.grids[0].rows[1][1] == "Đông Hưng"
