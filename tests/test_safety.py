"""The safety checks on the bytes of a file: what the single bounded pass over a zip
workbook refuses (lying headers, declarations in a part's prolog) and what it keeps for the
readers (the file's bytes, the unpacked XML parts). The refusals of whole bad files, with
their messages, are in tests/test_hostile.py."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import bad_files as bad

from cchc_index._internal.io.safety import Limits, check_file, check_zip, inspect_file

SHEET = "xl/worksheets/sheet1.xml"


def _declare_size(path: Path, part: str, size: int) -> Path:
    """Rewrite the sizes ``part``'s zip headers declare (local and central), with the CRC of
    that many unpacked bytes: zipfile alone reads such a part without noticing."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(part)
        content = archive.read(part)
    crc = zlib.crc32(content[:size])
    struct.pack_into("<L", data, info.header_offset + 14, crc)
    struct.pack_into("<L", data, info.header_offset + 22, size)
    name = part.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 1)
    struct.pack_into("<L", data, central + 16, crc)
    struct.pack_into("<L", data, central + 24, size)
    path.write_bytes(bytes(data))
    return path


def test_zipfile_alone_trusts_a_lying_header(tmp_path):
    """Why the sizes are checked: zipfile stops at the declared size, CRC included."""
    path = _declare_size(bad.good(tmp_path / "noi_doi.xlsx"), SHEET, 100)
    with zipfile.ZipFile(path) as archive:
        assert len(archive.read(SHEET)) == 100


def test_a_part_unpacking_to_more_than_declared_is_refused(tmp_path):
    path = _declare_size(bad.good(tmp_path / "noi_doi.xlsx"), SHEET, 100)
    problems = check_file(path)
    assert [(p.code, p.found, p.file) for p in problems] == [("S015", SHEET, "noi_doi.xlsx")]
    assert [p.code for p in check_zip(path, path.name)] == ["S015"]


def test_a_bomb_behind_a_small_declared_size_is_refused_without_unpacking_it(tmp_path):
    """A part of 200 MB of zeros declared as 1 KB: every limit holds on the declared sizes,
    the unpacking stops after 1 KB + 1 byte."""
    path = bad.good(tmp_path / "bom_an.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("xl/media/image1.bin", "w") as part:
        for _ in range(200):
            part.write(b"\0" * (1 << 20))
    _declare_size(path, "xl/media/image1.bin", 1024)
    assert [(p.code, p.found) for p in check_file(path)] == [("S015", "xl/media/image1.bin")]


def test_a_part_unpacking_to_less_than_declared_is_refused(tmp_path):
    path = bad.good(tmp_path / "thieu.xlsx")
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo(SHEET).file_size
    _declare_size(path, SHEET, size + 10)
    assert [p.code for p in check_file(path)] == ["S015"]


def test_a_stored_workbook_is_checked_and_kept_the_same(tmp_path):
    source = bad.good(tmp_path / "nen.xlsx")
    stored = tmp_path / "khong_nen.xlsx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(stored, "w") as target:
        for info in archive.infolist():
            target.writestr(info.filename, archive.read(info))
    assert check_file(stored) == []
    assert inspect_file(stored).parts == inspect_file(source).parts


def _with_prolog(path: Path, prolog: str, encoding: str = "utf-8") -> Path:
    """The good workbook with ``prolog`` put before the sheet's root element."""
    def change(xml: str) -> str:
        return xml[:xml.index("<worksheet")] + prolog + xml[xml.index("<worksheet"):]

    bad._patched(path, SHEET, change)
    if encoding != "utf-8":
        with zipfile.ZipFile(path) as archive:
            parts = {i.filename: archive.read(i) for i in archive.infolist()}
        text = parts[SHEET].decode("utf-8").replace('encoding="UTF-8"', f'encoding="{encoding}"')
        parts[SHEET] = text.encode(encoding)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in parts.items():
                target.writestr(name, content)
    return path


DOCTYPE = '<!DOCTYPE worksheet [<!ENTITY x "xx">]>'


def test_a_doctype_after_comments_and_instructions_is_found(tmp_path):
    prolog = f"\n<!-- xuất từ phần mềm <b> -->\n<?mso-application progid?>\n{DOCTYPE}\n"
    path = _with_prolog(tmp_path / "dtd.xlsx", prolog)
    assert [(p.code, p.found) for p in check_file(path)] == [("S012", SHEET)]


def test_a_doctype_in_a_utf16_part_is_found(tmp_path):
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        path = _with_prolog(tmp_path / f"dtd_{encoding}.xlsx", DOCTYPE, encoding)
        assert [p.code for p in check_file(path)] == ["S012"], encoding


def test_declaration_text_after_the_root_element_is_no_declaration(tmp_path):
    """Inside the root element, "<!DOCTYPE" is comment or CDATA text: nothing is declared."""
    def change(xml: str) -> str:
        return xml.replace("<sheetData>", f"<!-- {DOCTYPE} --><sheetData>", 1)

    path = bad._patched(tmp_path / "chu_thich.xlsx", SHEET, change)
    assert check_file(path) == []


def test_an_unterminated_comment_is_left_to_the_readers(tmp_path):
    path = _with_prolog(tmp_path / "hong.xlsx", "<!-- không đóng ")
    assert check_file(path) == []


def test_inspection_keeps_the_bytes_and_the_unpacked_xml_parts(tmp_path):
    path = bad.external_link(tmp_path / "lien_ket.xlsx")
    inspection = inspect_file(path)
    assert [p.code for p in inspection.problems] == ["S013"]
    assert inspection.data == path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(inspection.data)) as archive:
        expected = {i.filename: archive.read(i) for i in archive.infolist()
                    if i.filename.endswith((".xml", ".rels"))}
    assert inspection.parts == expected and SHEET in expected


def test_a_refused_file_keeps_no_parts_and_an_oversized_one_no_bytes(tmp_path):
    path = bad.billion_laughs(tmp_path / "lol.xlsx")
    inspection = inspect_file(path)
    assert [p.code for p in inspection.problems] == ["S012"] and inspection.parts == {}
    big = inspect_file(bad.good(tmp_path / "to.xlsx"), limits=Limits(max_file_bytes=1000))
    assert [p.code for p in big.problems] == ["S010"] and big.data is None


def test_a_lock_file_and_a_missing_file_are_not_read(tmp_path):
    lock = bad.lock_file(tmp_path / "~$bang.xlsx")
    assert [p.code for p in inspect_file(lock).problems] == ["S014"]
    assert inspect_file(lock).data is None
    missing = inspect_file(tmp_path / "khong_co.xlsx")
    assert [p.code for p in missing.problems] == ["S016"] and missing.data is None


def _sheet_renamed(path: Path, new_name: str = "xl/worksheets/sheet1.dat") -> Path:
    """The workbook with its worksheet part stored under a name not ending in .xml (the
    relationship and content types follow, so spreadsheet readers still open it)."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()}
    old_name = next(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    parts[new_name] = parts.pop(old_name)
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[name] = parts[name].replace(old_name.removeprefix("xl/").encode(),
                                          new_name.removeprefix("xl/").encode())
        parts[name] = parts[name].replace(b"/" + old_name.encode(), b"/" + new_name.encode())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return path


def test_a_worksheet_stored_under_another_name_is_checked_like_xml(tmp_path):
    path = _sheet_renamed(_with_prolog(bad.good(tmp_path / "a.xlsx"), DOCTYPE))
    assert [p.code for p in check_file(path)] == ["S012"]


def test_an_uncomputed_formula_in_a_renamed_worksheet_is_still_found(tmp_path):
    from form_builder import build_form, variant

    from cchc_index._internal.io.inputs import read_file
    from cchc_index._internal.methodology.load import load_methodology

    methodology = load_methodology("xa-phuong-minh-hoa")
    built = build_form(methodology, variant(unit="Xã Minh Tiến"))
    sheet = built.workbook[built.spec.sheet]
    leaf = "1.1.1"
    sheet[built.cell(leaf, "self_points")] = "=1+1"  # openpyxl saves no computed value
    path = _sheet_renamed(built.save(tmp_path / "f.xlsx"))
    batch = read_file(path, methodology)
    found = [(p.code, p.cell) for p in batch.problems if p.code == "I110"]
    assert found == [("I110", built.cell(leaf, "self_points"))]


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def test_the_stored_copy_holds_the_checked_parts_unpacked(tmp_path):
    """What python-calamine reads: every part (XML or not), same names, same order, stored."""
    path = bad.good(tmp_path / "tot.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/ảnh 1.bin", bytes(range(256)) * 40)
    inspection = inspect_file(path)
    assert inspection.problems == [] and inspection.stored is not None
    assert _entries(inspection.stored) == _entries(inspection.data)
    with zipfile.ZipFile(io.BytesIO(inspection.stored)) as archive:
        assert archive.testzip() is None
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}


def test_no_stored_copy_where_calamine_must_see_the_file_as_it_came(tmp_path):
    """Parts packed otherwise than stored or deflated (python-calamine cannot open them),
    and a refused file: no copy."""
    source = bad.good(tmp_path / "nen.xlsx")
    bzip2 = tmp_path / "bzip2.xlsx"
    with zipfile.ZipFile(source) as archive, \
            zipfile.ZipFile(bzip2, "w", zipfile.ZIP_BZIP2) as target:
        for info in archive.infolist():
            target.writestr(info.filename, archive.read(info))
    inspection = inspect_file(bzip2)
    assert inspection.problems == [] and inspection.parts and inspection.stored is None
    refused = _declare_size(bad.good(tmp_path / "noi_doi.xlsx"), SHEET, 100)
    assert inspect_file(refused).stored is None


def test_a_local_header_naming_another_part_is_refused(tmp_path):
    """The name in a part's local header must be the directory's, in the header's
    encoding: a different name, or the same name flagged as another encoding, is S015."""
    source = bad.good(tmp_path / "nguon.xlsx")
    with zipfile.ZipFile(source) as archive:
        offset = archive.getinfo(SHEET).header_offset
    renamed = bytearray(source.read_bytes())
    start = offset + 30 + len(SHEET) - 5  # "sheet1.xml" -> "sheetX.xml"
    renamed[start] = ord("X")
    path = tmp_path / "ten_khac.xlsx"
    path.write_bytes(bytes(renamed))
    assert [(p.code, p.found) for p in check_file(path)] == [("S015", SHEET)]
    with zipfile.ZipFile(source, "a") as archive:
        archive.writestr("xl/media/ảnh.bin", b"\0" * 10)
    with zipfile.ZipFile(source) as archive:
        offset = archive.getinfo("xl/media/ảnh.bin").header_offset
    reflagged = bytearray(source.read_bytes())
    struct.pack_into("<H", reflagged, offset + 6,
                     struct.unpack_from("<H", reflagged, offset + 6)[0] & ~0x800)
    path = tmp_path / "ma_khac.xlsx"
    path.write_bytes(bytes(reflagged))
    assert [(p.code, p.found) for p in check_file(path)] == [("S015", "xl/media/ảnh.bin")]


def test_a_part_name_holding_a_nul_is_refused(tmp_path):
    """zipfile cuts a name at a NUL and python-calamine does not: "sheet1.xml\\0x" beside
    "sheet1.xml" would let the checks and the reader see different parts."""
    source = bad.good(tmp_path / "nguon.xlsx")
    with zipfile.ZipFile(source, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SHEET + "Qx", archive.read(SHEET))
    data = source.read_bytes().replace(b"sheet1.xmlQx", b"sheet1.xml\x00x")
    path = tmp_path / "ten_nul.xlsx"
    path.write_bytes(data)
    assert [(p.code, p.found) for p in check_file(path)] == [("S015", SHEET)]


def test_a_utf8_head_cut_inside_a_letter_is_still_text():
    """The first 8 KB of a UTF-8 CSV may end inside "Đ" or "ư", or between two of them."""
    from cchc_index._internal.io.safety import HEAD_BYTES, sniff

    row = "1;Xã Đông Sơn được;10;7;Đạt, được ghi nhận\r\n"
    kinds = {sniff(("x" * pad + row * 400).encode("utf-8")[:HEAD_BYTES]) for pad in range(64)}
    assert kinds == {"text"}
