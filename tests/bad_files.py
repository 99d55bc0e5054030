"""One builder per kind of bad input file, and the good tables they are mixed with.

Every builder takes the path to write and returns it. Good tables are consolidated tables
(one row per unit, one column per field) on the bundled illustrative commune methodology
``xa-phuong-minh-hoa`` (fields 1–8, maxima 12, 8, 20, 8, 12, 8, 12, 20), so the points of
a unit are the plain sum of its row, worked out by hand in :data:`GOOD_UNITS`.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

FIELDS = ["1", "2", "3", "4", "5", "6", "7", "8"]
HEADER = ["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in FIELDS], "Ghi chú"]
TITLE = "BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024"

# name -> points per field; the totals are the sums: 87, 82, 74.5 (all maxima are 100).
GOOD_UNITS = {
    "Xã An Bình": [10, 7, 18, 7, 11, 7, 10, 17],
    "Phường Hòa Lạc": [11, 6.5, 15.5, 8, 10, 6, 9, 16],
    "Xã Tân Mỹ": [9, 6, 14, 6, 9.5, 5, 10, 15],
}
GOOD_TOTALS = {"Xã An Bình": 87.0, "Phường Hòa Lạc": 82.0, "Xã Tân Mỹ": 74.5}
OTHER_UNITS = {
    "Xã Đông Sơn": [12, 8, 20, 8, 12, 8, 12, 20],
    "Xã Bắc Hà": [6, 4, 10, 4, 6, 4, 6, 10],
}
OTHER_TOTALS = {"Xã Đông Sơn": 100.0, "Xã Bắc Hà": 50.0}


def table_rows(units: dict[str, list[object]], title: str = TITLE,
               notes: dict[str, object] | None = None) -> list[list[object]]:
    rows: list[list[object]] = [[title], [], HEADER]
    for number, (name, points) in enumerate(units.items(), start=1):
        rows.append([number, name, *points, (notes or {}).get(name)])
    return rows


def consolidated(path: Path, units: dict[str, list[object]] | None = None, *,
                 title: str = TITLE, sheet: str = "Tổng hợp",
                 notes: dict[str, object] | None = None) -> Path:
    """A district's summary sheet: title, header, one row per unit."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in table_rows(GOOD_UNITS if units is None else units, title, notes):
        worksheet.append(row)
    workbook.save(path)
    return path


def good(path: Path) -> Path:
    return consolidated(path)


def other_good(path: Path) -> Path:
    return consolidated(path, OTHER_UNITS)


# ---- not a workbook at all ----

def csv_renamed(path: Path) -> Path:
    text = "STT,Đơn vị,Lĩnh vực 1\n1,Xã Cát Tiên,10\n"
    path.write_text(text, encoding="utf-8")
    return path


def pdf_renamed(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                     + b"0" * 2000 + b"\n%%EOF\n")
    return path


def html_renamed(path: Path) -> Path:
    """What many web systems give as an "Excel export": an HTML table."""
    path.write_text("<html><body><table><tr><td>Đơn vị</td><td>Lĩnh vực 1</td></tr>"
                    "<tr><td>Xã Cát Tiên</td><td>10</td></tr></table></body></html>",
                    encoding="utf-8")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def truncated(path: Path) -> Path:
    """A download cut off halfway."""
    data = _good_bytes(OTHER_UNITS)
    path.write_bytes(data[: len(data) // 2])
    return path


def docx_renamed(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return path


# ---- spreadsheets we do not read ----

def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal, well-formed OLE compound file (the container of .xls, .doc and of
    password-protected .xlsx) holding up to three streams of 4096 bytes or more."""
    sector = 512
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    chains, data, next_free = [], b"", 2
    for name in names:
        body = streams[name].ljust(4096, b"\0")
        body += b"\0" * (-len(body) % sector)
        count = len(body) // sector
        chains.append((next_free, count, len(streams[name]) if len(streams[name]) >= 4096
                       else 4096))
        data += body
        next_free += count
    fat = [0xFFFFFFFD, 0xFFFFFFFE]
    for start, count, _ in chains:
        fat += [start + i + 1 for i in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16
    header += struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0,
                          4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header += struct.pack("<I", 0) + b"\xff" * (4 * 108)
    entries = [_dir_entry("Root Entry", 5, child=1, start=0xFFFFFFFE, size=0)]
    for index, (name, (start, _, size)) in enumerate(zip(names, chains, strict=True),
                                                     start=1):
        right = index + 1 if index < len(names) else 0xFFFFFFFF
        entries.append(_dir_entry(name, 2, right=right, start=start, size=size))
    directory = b"".join(entries).ljust(sector, b"\0")
    return header + struct.pack("<128I", *fat) + directory + data


def _dir_entry(name: str, kind: int, right: int = 0xFFFFFFFF, child: int = 0xFFFFFFFF,
               start: int = 0, size: int = 0) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child) + b"\0" * 16
            + struct.pack("<IQQIQ", 0, 0, 0, start, size))


def old_xls(path: Path) -> Path:
    """An Excel 97–2003 workbook: a compound file with a "Workbook" stream (BIFF8)."""
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x1FD7, 0x07CD, 0, 0x06)
    path.write_bytes(compound_file({"Workbook": bof}))
    return path


def password_protected(path: Path) -> Path:
    """A password-protected .xlsx: Excel wraps the encrypted package in a compound file."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption/>'
    package = struct.pack("<Q", 9000) + os.urandom(9000)
    path.write_bytes(compound_file({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return path


# ---- workbooks with the wrong content ----

def no_table(path: Path) -> Path:
    """A cover letter, not a score table."""
    workbook = Workbook()
    workbook.active.title = "Công văn"
    for line in ["UBND XÃ CÁT TIÊN", "V/v gửi kết quả tự chấm điểm CCHC năm 2024",
                 "Kính gửi: Phòng Nội vụ", "Xin gửi kèm bảng điểm theo đường dẫn."]:
        workbook.active.append([line])
    workbook.save(path)
    return path


def header_without_rows(path: Path) -> Path:
    return consolidated(path, {})


def hidden_sheet(path: Path) -> Path:
    """The table on a hidden sheet, a visible cover sheet in front of it."""
    workbook = Workbook()
    workbook.active.title = "Bìa"
    workbook.active.append(["Kết quả chấm điểm CCHC năm 2024"])
    table = workbook.create_sheet("Tổng hợp")
    for row in table_rows({"Xã Cát Tiên": [8, 6, 16, 6, 9, 6, 9, 14]}):
        table.append(row)
    table.sheet_state = "hidden"
    workbook.save(path)
    return path


HIDDEN_TOTAL = 74.0


def other_year(path: Path) -> Path:
    """A 2021 table scored on that year's tree: field 1 was worth 15 points then."""
    units = {"Xã Long Hải": [14, 7, 18, 7, 11, 7, 10, 17]}
    return consolidated(path, units, title="BẢNG TỔNG HỢP CHỈ SỐ CCHC NĂM 2021")


def duplicate_unit(path: Path) -> Path:
    """A second table that also holds Xã An Bình (with other points)."""
    return consolidated(path, {"Xã An Bình": [5, 5, 5, 5, 5, 5, 5, 5],
                               "Xã Thuận Bắc": [8, 6, 16, 6, 9, 6, 9, 14]})


def text_numbers(path: Path) -> Path:
    return consolidated(path, {"Xã Cát Tiên": [8, "một", 16, 6, 9, 6, 9, 14],
                               "Xã Vĩnh Hảo": [8, 6, 16, "đạt", 9, 6, 9, 14]})


def negative_points(path: Path) -> Path:
    return consolidated(path, {"Xã Phú Lộc": [8, 6, -2, 6, 9, 6, 9, 14]})


def above_maximum(path: Path) -> Path:
    return consolidated(path, {"Xã Ea Kao": [8, 6, 25, 6, 9, 6, 9, 14]})


def lookalike_name(path: Path) -> Path:
    """"Xа Cát Tiên" with a Cyrillic а (U+0430): looks the same, is another unit."""
    return consolidated(path, {"X\u0430 Cát Tiên": [8, 6, 16, 6, 9, 6, 9, 14]})


def blank_row_inside(path: Path) -> Path:
    """A blank row inside the table: the reader goes past it and reads the unit below."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Tổng hợp"
    rows = table_rows({"Xã Ninh Hòa": [8, 6, 16, 6, 9, 6, 9, 14]})
    for row in [*rows, [], [2, "Xã Hàm Tiến", 8, 6, 16, 6, 9, 6, 9, 14]]:
        worksheet.append(row)
    workbook.save(path)
    return path


def unit_below_total(path: Path) -> Path:
    """A unit typed below the total row and the signature: the table ends at the
    signature, but the unit below it must not vanish silently."""
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Tổng hợp"
    rows = table_rows({"Xã Ninh Hòa": [8, 6, 16, 6, 9, 6, 9, 14]})
    total = [None, "Tổng cộng", 8, 6, 16, 6, 9, 6, 9, 14]
    signature = [None, None, None, None, None, "TM. ỦY BAN NHÂN DÂN"]
    for row in [*rows, total, [], signature, [2, "Xã Hàm Tiến", 8, 6, 16, 6, 9, 6, 9, 14]]:
        worksheet.append(row)
    workbook.save(path)
    return path


def lock_file(path: Path) -> Path:
    """Excel's owner file ``~$name.xlsx`` (165 bytes: the user's name, padded)."""
    user = "Nguyen Van A".encode("ascii")
    path.write_bytes(bytes([len(user)]) + user.ljust(53, b" ") + b"\0" * 111)
    return path


# ---- hostile ----

def billion_laughs(path: Path) -> Path:
    """Entity expansion in the sheet (a few hundred bytes, 3 GB once expanded)."""
    lol = ['<!ENTITY lol0 "lollollollol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 9)]
    doctype = "<!DOCTYPE worksheet [" + "".join(lol) + "]>"
    return _patched(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        "<worksheet", doctype + "<worksheet", 1).replace("<t>STT</t>", "<t>&lol8;</t>", 1))


def external_entity(path: Path, target: str = "http://127.0.0.1:9/x") -> Path:
    """An external entity in the sheet: a reader that resolved it would open ``target``."""
    doctype = f'<!DOCTYPE worksheet [<!ENTITY ext SYSTEM "{target}">]>'
    return _patched(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        "<worksheet", doctype + "<worksheet", 1).replace("<v>12</v>", "<v>&ext;</v>", 1))


def too_many_parts(path: Path, count: int = 10_050) -> Path:
    """A workbook padded with thousands of empty parts."""
    data = _good_bytes(OTHER_UNITS)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for index in range(count):
            target.writestr(f"xl/media/pad{index}.bin", b"")
    return path


def zip_bomb(path: Path, unpacked_mb: int = 300) -> Path:
    """A 300 KB workbook that unpacks to 300 MB: one part of zeros, deflated."""
    data = _good_bytes(OTHER_UNITS)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open("xl/media/image1.bin", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(unpacked_mb):
                part.write(block)
    return path


def high_ratio(path: Path) -> Path:
    """One 20 MB part of spaces: compressed about 1000:1, under the size limits."""
    return _patched(path, "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * (20 << 20)))


def junk_rows(path: Path, megabytes: int = 20) -> Path:
    """A workbook of about ``megabytes`` on disk: the table, then rows of random junk."""
    rng = os.urandom((megabytes << 20) * 3 // 4)
    hexed = rng.hex()
    width, rows = 64, []
    start = 10
    for index, offset in enumerate(range(0, len(hexed), width * 8)):
        row = start + index
        cells = "".join(f'<c r="{col}{row}" t="inlineStr"><is><t>{hexed[o:o + width]}</t></is>'
                        f"</c>" for col, o in zip("CDEFGHIJ", range(offset, offset + width * 8,
                                                                   width), strict=False))
        rows.append(f'<row r="{row}">{cells}</row>')
    junk = "".join(rows)
    return _patched(path, "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace("</sheetData>", junk + "</sheetData>"),
                    compresslevel=1)


def many_rows(path: Path, rows: int = 30_000) -> Path:
    """The table, then tens of thousands of rows of numbers: under the size limits, over
    the row limit."""
    def grow(xml: str) -> str:
        junk = "".join(f'<row r="{r}">' + "".join(
            f'<c r="{c}{r}"><v>{(r * 7 + i) % 97}</v></c>' for i, c in enumerate("CDEFGH"))
            + "</row>" for r in range(10, 10 + rows))
        return xml.replace("</sheetData>", junk + "</sheetData>")

    return _patched(path, "xl/worksheets/sheet1.xml", grow)


def junk_csv(path: Path, megabytes: int = 12) -> Path:
    """A CSV export with a table, then megabytes of rows that look like units."""
    lines = [",".join("" if v is None else str(v) for v in row)
             for row in table_rows(GOOD_UNITS)[2:]]
    size, number = 0, 0
    while size < megabytes << 20:
        number += 1
        line = f"{number},Rác {number},1,2,3,1,2,3,1,2,"
        lines.append(line)
        size += len(line) + 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def external_link(path: Path) -> Path:
    """A workbook whose points come from a formula linked to another unit's file (the
    value cached in the file is what counts; the link is never opened)."""
    def link(xml: str) -> str:
        return xml.replace("<v>12</v>", "<f>[1]Sheet1!$C$4</f><v>12</v>", 1)

    extra = {
        "xl/externalLinks/externalLink1.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            "</externalBook></externalLink>",
        "xl/externalLinks/_rels/externalLink1.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/externalLinkPath" '
            'Target="http://127.0.0.1:9/don_vi_khac.xlsx" TargetMode="External"/>'
            "</Relationships>",
    }
    return _patched(path, "xl/worksheets/sheet1.xml", link, extra=extra)


def live_formulas(path: Path) -> Path:
    """Points given by formulas with cached values, one of them a WEBSERVICE call; the
    cached values are used, nothing is evaluated or fetched."""
    def formulas(xml: str) -> str:
        xml = xml.replace("<v>12</v>", '<f>WEBSERVICE("http://127.0.0.1:9/diem")</f>'
                          "<v>12</v>", 1)
        return xml.replace("<v>8</v>", "<f>4+4</f><v>8</v>", 1)

    return _patched(path, "xl/worksheets/sheet1.xml", formulas)


def library_warnings(path: Path) -> Path:
    """A damaged package that openpyxl reads with a Python warning (a relationship without
    its Type) and an error cell, so openpyxl and not calamine reads it."""
    def rels(xml: str) -> str:
        return xml.replace("</Relationships>",
                           '<Relationship Id="rId99" Target="x.xml"/></Relationships>')

    def error_cell(xml: str) -> str:
        return xml.replace('<row r="1">', '<row r="1"><c r="M1" t="e"><v>#N/A</v></c>', 1)

    return _patched(path, "xl/_rels/workbook.xml.rels", rels,
                    more={"xl/worksheets/sheet1.xml": error_cell})


# ---- helpers ----

def _good_bytes(units: dict[str, list[object]]) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = "Tổng hợp"
    for row in table_rows(units):
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _patched(path: Path, part: str, change, extra: dict[str, str] | None = None,
             compresslevel: int = 6, more: dict | None = None) -> Path:
    """A good workbook (Xã Đông Sơn and Xã Bắc Hà, inline text) with one part rewritten
    by ``change`` (and others by the functions in ``more``)."""
    data = _good_bytes(OTHER_UNITS)
    changes = {part: change, **(more or {})}
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in changes:
                content = changes[info.filename](content.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return path


def shared_string_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/sharedStrings.xml").decode("utf-8")


def cell_xml(path: Path, part: str = "xl/worksheets/sheet1.xml") -> str:
    with zipfile.ZipFile(path) as archive:
        return re.sub(r"\s+", " ", archive.read(part).decode("utf-8"))


# ---- per-unit self-assessment forms (the province's template, filled in) ----

def form_points(methodology=None) -> dict[str, dict[str, object]]:
    """Self-score and appraisal for every leaf: the maximum, less half a point on 1.1.1
    and 3.2.1 (appraised 99 of 100); survey leaves carry the survey team's points."""
    from cchc_index._internal.methodology.load import load_methodology

    tree = (methodology or load_methodology()).tree
    leaves = tree[tree["is_leaf"] & tree["component"].isin(["appraisal", "survey"])]
    values: dict[str, dict[str, object]] = {}
    for code, component, maximum in zip(leaves["code"], leaves["component"],
                                        leaves["max_points"], strict=True):
        points = float(maximum) - (0.5 if code in ("1.1.1", "3.2.1") else 0.0)
        values[code] = ({"appraisal_1": points} if component == "survey"
                        else {"self_points": float(maximum), "appraisal_1": points})
    return values


FORM_TOTAL = 99.0


def form(path: Path, unit: str = "Xã Lộc Thủy", changes: dict | None = None, *,
         hidden: bool = False, text: dict[str, dict[str, str]] | None = None) -> Path:
    """A unit's filled form; ``changes`` override points, ``text`` types text cells
    (stored as text, as Excel does for a typed "'=…")."""
    from cchc_index._internal.io.template import build_form, fill_form
    from cchc_index._internal.methodology.load import load_methodology

    workbook, template = build_form(load_methodology(), unit=unit, year=2024)
    values = form_points()
    for code, cells in (changes or {}).items():
        values.setdefault(code, {}).update(cells)
    fill_form(workbook.active, template, values)
    for code, cells in (text or {}).items():
        for role, value in cells.items():
            cell = workbook.active.cell(template.rows[code], template.columns[role])
            cell.value = value
            cell.data_type = "s"
    if hidden:
        cover = workbook.create_sheet("Bìa", 0)
        cover.append([f"{unit}: kết quả tự đánh giá năm 2024"])
        workbook.active = 0
        workbook[template.sheet].sheet_state = "hidden"
    workbook.save(path)
    return path


# ---- files that would make a reader's memory explode, or its process abort (issue 15) ----

def rewritten(source: Path, path: Path, changes: dict, extra: dict[str, bytes] | None = None,
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """``source`` copied to ``path`` with parts rewritten by ``changes`` (part name ->
    function of its bytes) and ``extra`` parts added."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(path, "w", compression) as target:
        for info in archive.infolist():
            content = archive.read(info)
            if info.filename in changes:
                content = changes[info.filename](content)
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return path


FORM_SHEET = "xl/worksheets/sheet1.xml"


def far_cell(path: Path, cell: str = "XFD1048576", value: str = "x",
             unit: str = "Xã Lộc Thủy") -> Path:
    """A unit's form (7 KB packed) with one stray value in ``cell``: a few bytes of XML.
    In XFD1048576 python-calamine requests about 512 GiB and aborts the process; in
    A1048576 it builds a grid of 450 MiB."""
    row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    stray = (f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>'
             f"</row></sheetData>").encode()
    source = form(path.with_name(path.stem + "_nguon.xlsx"), unit=unit)
    rewritten(source, path, {FORM_SHEET: lambda xml: xml.replace(b"</sheetData>", stray)})
    source.unlink()
    return path


def far_cell_without_reference(path: Path) -> Path:
    """A stray value far below the form whose cell and row carry no ``r`` reference: both
    readers place it after the row before it (here row 1048576)."""
    stray = (b'<row r="1048575"></row><row><c t="inlineStr"><is><t>x</t></is></c></row>'
             b"</sheetData>")
    source = form(path.with_name(path.stem + "_nguon.xlsx"))
    rewritten(source, path, {FORM_SHEET: lambda xml: xml.replace(b"</sheetData>", stray)})
    source.unlink()
    return path


def huge_merge(path: Path, ref: str = "J12:XFD1048576", error_cell: bool = False) -> Path:
    """A form with one merged range over most of the sheet (python-calamine lists it; the
    form reader would walk its million rows; openpyxl makes an object per merged cell).
    ``error_cell`` adds a #N/A cell, so openpyxl rather than calamine reads the file."""
    def change(xml: bytes) -> bytes:
        merged = b'<mergeCell ref="%s"/></mergeCells>' % ref.encode()
        xml = xml.replace(b"</mergeCells>", merged, 1)
        if error_cell:
            xml = xml.replace(b"</sheetData>", b'<row r="80"><c r="A80" t="e"><v>#N/A</v>'
                              b"</c></row></sheetData>")
        return xml

    source = form(path.with_name(path.stem + "_nguon.xlsx"))
    rewritten(source, path, {FORM_SHEET: change})
    source.unlink()
    return path


def lying_string_count(path: Path, declared: int = 99_999_999_999) -> Path:
    """The district's table with a shared-strings part declaring ``declared`` strings
    (python-calamine reserves that many up front: 99,999,999,999 aborts the process)."""
    source = good(path.with_name(path.stem + "_nguon.xlsx"))
    relation = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                b"</Relationships>")
    content_type = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>")
    strings = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
               f'.org/spreadsheetml/2006/main" count="1" uniqueCount="{declared}"><si><t>Ghi chú'
               "</t></si></sst>").encode()
    rewritten(source, path, {
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", relation),
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", content_type),
    }, extra={"xl/sharedStrings.xml": strings})
    source.unlink()
    return path


def twice_named(path: Path) -> Path:
    """A workbook whose zip holds a second ``sheet1.xml`` (another table): Excel refuses
    it; zipfile and python-calamine read the last."""
    import warnings

    source = good(path.with_name(path.stem + "_nguon.xlsx"))
    other = other_good(path.with_name(path.stem + "_khac.xlsx"))
    with zipfile.ZipFile(other) as archive:
        second = archive.read(FORM_SHEET)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name"
        rewritten(source, path, {}, extra={FORM_SHEET: second})
    source.unlink()
    other.unlink()
    return path


def damaged_directory(path: Path, part: str = "xl/worksheets/sheet1.xml",
                      size: int = 0x7FFFFFFF) -> Path:
    """A good table whose zip directory gives ``part`` an unpacked size of 2 GB (one field
    of the central directory damaged; the part's own header and data are intact)."""
    good(path)
    data = bytearray(path.read_bytes())
    name = part.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 1)
    struct.pack_into("<L", data, central + 24, size)
    path.write_bytes(bytes(data))
    return path


def invalid_utf8(path: Path) -> Path:
    """A unit's form whose sheet holds two bytes that are not UTF-8 inside a text (a
    damaged download)."""
    def damage(xml: bytes) -> bytes:
        start = xml.index(b"<t>") + 3
        return xml[:start] + b"\xff\xfe" + xml[start:]

    source = form(path.with_name(path.stem + "_nguon.xlsx"))
    rewritten(source, path, {FORM_SHEET: damage})
    source.unlink()
    return path


def junk_under_form(path: Path, rows: int = 25_000) -> Path:
    """A unit's form with ``rows`` rows of junk numbers under it (under the size limits,
    over the row limit)."""
    junk = "".join(f'<row r="{r}"><c r="A{r}"><v>{r % 97}</v></c></row>'
                   for r in range(100, 100 + rows)).encode()
    source = form(path.with_name(path.stem + "_nguon.xlsx"))
    rewritten(source, path, {FORM_SHEET: lambda xml: xml.replace(b"</sheetData>",
                                                                 junk + b"</sheetData>")})
    source.unlink()
    return path


# ---- what the user cannot see: hidden rows and columns (issue 14) ----

OLD_CRITERION_ROW = 14  # the form's row under 1.1.1, where the old criterion is kept


def _insert_row(sheet, row: int) -> None:
    """Open an empty row at ``row`` as Excel inserts one: cells and merged blocks below
    moved down, every formula's references to them too."""
    from openpyxl.utils import get_column_letter

    below = [m for m in sheet.merged_cells.ranges if m.min_row >= row]
    for block in below:
        sheet.unmerge_cells(str(block))
    sheet.move_range(f"A{row}:{get_column_letter(sheet.max_column)}{sheet.max_row}", rows=1)
    for block in below:
        block.shift(row_shift=1)
        sheet.merge_cells(str(block))

    def shift(match: re.Match) -> str:
        number = int(match.group(2))
        return f"{match.group(1)}{number + 1 if number >= row else number}"

    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = re.sub(r"\b([A-Z]{1,3})(\d+)\b", shift, cell.value)


def hidden_criterion_row(path: Path, hidden: bool = True) -> Path:
    """A unit's form keeping last year's wording of criterion 1.1.1 (2 points, struck out)
    in a hidden row right under the current 1.1.1: the same code twice, only one seen."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    form(path)
    workbook = load_workbook(path)
    sheet = workbook.active
    _insert_row(sheet, OLD_CRITERION_ROW)
    old = ["1.1.1", "Ban hành kế hoạch CCHC năm (tiêu chí cũ, bỏ từ năm 2024)", 2, None, 2, 2]
    for col, value in enumerate(old, start=1):
        sheet.cell(OLD_CRITERION_ROW, col, value).font = Font(strike=True)
    sheet.row_dimensions[OLD_CRITERION_ROW].hidden = hidden
    workbook.save(path)
    return path


LAST_YEAR_COLUMN = "C"


def hidden_last_year_column(path: Path, hidden: bool = True) -> Path:
    """A consolidated table keeping last year's points of field 1 in a hidden column C
    headed like this year's ("Lĩnh vực 1"), in front of this year's columns."""
    last_year = {"Xã An Bình": 3, "Phường Hòa Lạc": 4, "Xã Tân Mỹ": 5}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    for row in table_rows(GOOD_UNITS):
        if row and row[0] == "STT":
            row = [*row[:2], "Lĩnh vực 1", *row[2:]]
        elif row and isinstance(row[0], int):
            row = [*row[:2], last_year[row[1]], *row[2:]]
        sheet.append(row)
    sheet.column_dimensions[LAST_YEAR_COLUMN].hidden = hidden
    workbook.save(path)
    return path


def filtered_table(path: Path) -> Path:
    """A consolidated table under an autofilter that hides the row of Phường Hòa Lạc
    (row 5): what the user sees is Xã An Bình and Xã Tân Mỹ."""
    consolidated(path)
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.auto_filter.ref = f"A3:K{3 + len(GOOD_UNITS)}"
    sheet.auto_filter.add_filter_column(1, ["Xã An Bình", "Xã Tân Mỹ"])
    sheet.row_dimensions[5].hidden = True
    workbook.save(path)
    return path


def collapsed_group(path: Path) -> Path:
    """A consolidated table whose last two units (rows 5 and 6) sit in a collapsed
    outline group."""
    consolidated(path)
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.row_dimensions.group(5, 6, outline_level=1, hidden=True)
    workbook.save(path)
    return path


# ---- other formats: .xls and .ods through LibreOffice, .xlsb and .ods written here ----

def soffice() -> str | None:
    import shutil

    return shutil.which("soffice") or shutil.which("libreoffice")


def converted(sources: list[Path], fmt: str, folder: Path) -> list[Path]:
    """``sources`` saved by LibreOffice as ``fmt`` ("xls", "ods") into ``folder``, in one
    run (a private profile, so that runs in parallel do not share one); the files it
    could not write are missing from the list. Empty without LibreOffice."""
    import subprocess
    import tempfile

    program = soffice()
    if program is None or not sources:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([program, f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--convert-to", fmt, "--outdir", str(folder),
                        *map(str, sources)], capture_output=True, timeout=180,
                       env={"HOME": profile, "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    made = [folder / f"{source.stem}.{fmt}" for source in sources]
    return [path for path in made if path.exists()]


def workbook_stream(path: Path) -> bytes:
    """The Workbook stream (BIFF records) of an .xls."""
    from cchc_index._internal.io.safety import _compound_stream

    stream = _compound_stream(path.read_bytes(), ("Workbook", "Book"), 1 << 30)
    assert isinstance(stream, bytes), path
    return stream


def biff_records(stream: bytes) -> list[tuple[int, int, int]]:
    """(offset, type, length) of every record of a BIFF stream."""
    found, pos = [], 0
    while pos + 4 <= len(stream):
        typ, length = struct.unpack_from("<HH", stream, pos)
        found.append((pos, typ, length))
        pos += 4 + length
    return found


def xls_rewritten(source: Path, path: Path, change) -> Path:
    """The .xls ``source`` repacked at ``path`` as a plain compound file holding its
    Workbook stream changed by ``change`` (a function of the stream's bytes)."""
    path.write_bytes(compound_file({"Workbook": change(workbook_stream(source))}))
    return path


def xls_with_password(source: Path, path: Path) -> Path:
    """An .xls ``source`` as Excel saves it with a password: a FILEPASS record (RC4)
    right after the workbook's BOF (written over the record standing there, so that no
    offset moves)."""
    def encrypt(stream: bytes) -> bytes:
        data = bytearray(stream)
        offset, _typ, length = biff_records(stream)[1]
        assert length >= 2
        struct.pack_into("<HHH", data, offset, 0x002F, length, 1)
        return bytes(data)

    return xls_rewritten(source, path, encrypt)


def xls_far_cell(source: Path, path: Path, row: int = 0xFFFF, col: int = 0xFF) -> Path:
    """An .xls ``source`` whose first number cell claims (0-based) ``row`` and ``col``
    (IV65536 by default; a record may claim column 65,535 too, where no sheet reaches)."""
    def move(stream: bytes) -> bytes:
        data = bytearray(stream)
        offset = next(o for o, typ, _n in biff_records(stream) if typ in (0x0203, 0x027E))
        struct.pack_into("<HH", data, offset + 4, row, col)
        return bytes(data)

    return xls_rewritten(source, path, move)


def xls_looping_fat(source: Path, path: Path) -> Path:
    """An .xls ``source`` whose Workbook stream's sector chain loops back on itself (a
    reader following it never stops)."""
    data = bytearray(compound_file({"Workbook": workbook_stream(source)}))
    first = 2 + 1  # the stream's second sector (sector 0 is the FAT, 1 the directory)
    struct.pack_into("<I", data, 512 + 4 * first, first)  # FAT entry: itself
    path.write_bytes(bytes(data))
    return path


def ods_with_content(path: Path, content: str) -> Path:
    """A hand-made .ods: its ``content.xml`` as given (a minimal package around it)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml",
                         '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                         'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                         'manifest:version="1.2"><manifest:file-entry '
                         'manifest:full-path="/" manifest:media-type="application/'
                         'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                         'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                         '</manifest:manifest>')
    return path


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
    'office:version="1.2"')


def ods_table(path: Path, rows: str, name: str = "Tổng hợp") -> Path:
    """A hand-made .ods of one table whose rows are the XML given."""
    return ods_with_content(path, (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        f'<office:body><office:spreadsheet><table:table table:name="{name}">{rows}'
        "</table:table></office:spreadsheet></office:body></office:document-content>"))


def ods_far_cells(path: Path) -> Path:
    """An .ods of 2 KB whose one row of a value repeated over every column is repeated
    over every row: 17 billion cells once expanded."""
    return ods_table(path, (
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell></table:table-row>"))


def ods_space_bomb(path: Path) -> Path:
    """An .ods whose one cell asks for four billion spaces (``<text:s text:c=…/>``)."""
    return ods_table(path, (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>a'
        '<text:s text:c="4000000000"/>b</text:p></table:table-cell></table:table-row>'))


# .xlsb: a minimal Excel Binary Workbook writer ([MS-XLSB] records: a type and a size in
# 7-bit groups, then the data), enough for the values, merged ranges, hidden rows and
# columns, hidden sheets and error cells of a table.

def _xlsb_varint(number: int, most: int) -> bytes:
    out = bytearray()
    for _ in range(most):
        byte = number & 0x7F
        number >>= 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            break
    return bytes(out)


def xlsb_record(typ: int, data: bytes = b"") -> bytes:
    return _xlsb_varint(typ, 2) + _xlsb_varint(len(data), 4) + data


def _wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


XLSB_ERRORS = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17,
               "#NAME?": 0x1D, "#NUM!": 0x24, "#N/A": 0x2A}


def _xlsb_cell(col: int, value) -> bytes:
    import datetime as dt

    head = struct.pack("<II", col, 0)
    if isinstance(value, bool):
        return xlsb_record(0x04, head + bytes([value]))
    if isinstance(value, (int, float)):
        return xlsb_record(0x05, head + struct.pack("<d", float(value)))
    if isinstance(value, dt.datetime | dt.date):
        moment = value if isinstance(value, dt.datetime) else dt.datetime(*value.timetuple()[:3])
        serial = (moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400
        return xlsb_record(0x05, struct.pack("<II", col, 1) + struct.pack("<d", serial))
    if isinstance(value, str) and value in XLSB_ERRORS:
        return xlsb_record(0x03, head + bytes([XLSB_ERRORS[value]]))
    return xlsb_record(0x06, head + _wide(str(value)))


def xlsb_sheet(rows: dict[int, dict[int, object]], merged=(), hidden_rows=(),
               hidden_cols=()) -> bytes:
    """One worksheet part: ``rows`` maps 0-based row -> {0-based column: value}."""
    last_row = max(rows, default=0)
    last_col = max((c for cells in rows.values() for c in cells), default=0)
    out = [xlsb_record(0x81), xlsb_record(0x94, struct.pack("<IIII", 0, last_row, 0, last_col))]
    if hidden_cols:
        out.append(xlsb_record(0x186))
        for first, last in hidden_cols:  # 0-based, inclusive
            out.append(xlsb_record(0x3C, struct.pack("<IIIIH", first, last, 0, 0, 0x1)))
        out.append(xlsb_record(0x187))
    out.append(xlsb_record(0x91))
    for number in sorted(set(rows) | set(hidden_rows)):
        flags = 0x10 if number in hidden_rows else 0
        out.append(xlsb_record(0x00, struct.pack("<IIHBBBI", number, 0, 300, 0, flags, 0, 0)))
        for col, value in sorted(rows.get(number, {}).items()):
            if value is not None:
                out.append(_xlsb_cell(col, value))
    out.append(xlsb_record(0x92))
    if merged:
        out.append(xlsb_record(0xB1, struct.pack("<I", len(merged))))
        for first_row, first_col, last_row, last_col in merged:  # 0-based, inclusive
            out.append(xlsb_record(0xB0, struct.pack("<IIII", first_row, last_row,
                                                     first_col, last_col)))
        out.append(xlsb_record(0xB2))
    out.append(xlsb_record(0x82))
    return b"".join(out)


def xlsb(path: Path, sheets: list[dict]) -> Path:
    """An .xlsb of ``sheets``, each a dict: ``name``, ``part`` (bytes of
    :func:`xlsb_sheet`), optional ``state`` (0 visible, 1 hidden, 2 very hidden)."""
    bundle = b"".join(
        xlsb_record(0x9C, struct.pack("<II", sheet.get("state", 0), number)
                    + _wide(f"rId{number}") + _wide(sheet["name"]))
        for number, sheet in enumerate(sheets, start=1))
    workbook = (xlsb_record(0x83) + xlsb_record(0x8F) + bundle + xlsb_record(0x90)
                + xlsb_record(0x9D, b"\0" * 26) + xlsb_record(0x84))
    # Two cell formats: General, and a date (built-in format 14).
    styles = (xlsb_record(0x269, struct.pack("<I", 2))
              + xlsb_record(0x2F, struct.pack("<HHHHHBB", 0xFFFF, 0, 0, 0, 0, 0, 0) + b"\0" * 2)
              + xlsb_record(0x2F, struct.pack("<HHHHHBB", 0xFFFF, 14, 0, 0, 0, 0, 0) + b"\0" * 2)
              + xlsb_record(0x26A))
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">' + "".join(
                f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
                f'officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{n}.bin"/>' for n in range(1, len(sheets) + 1))
            + "</Relationships>")
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.'
             'openxmlformats.org/package/2006/content-types"><Default Extension="bin" '
             'ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("xl/workbook.bin", workbook)
        archive.writestr("xl/_rels/workbook.bin.rels", rels)
        archive.writestr("xl/styles.bin", styles)
        for number, sheet in enumerate(sheets, start=1):
            archive.writestr(f"xl/worksheets/sheet{number}.bin", sheet["part"])
    return path


def xlsb_from(source: Path, path: Path) -> Path:
    """The workbook ``source`` (.xlsx: the values openpyxl reads, formulas' cached values)
    saved as .xlsb: values, merged ranges, hidden rows, columns and sheets."""
    from openpyxl import load_workbook
    from openpyxl.utils import column_index_from_string

    workbook = load_workbook(source, data_only=True)
    sheets = []
    for sheet in workbook.worksheets:
        rows: dict[int, dict[int, object]] = {}
        for line in sheet.iter_rows():
            for cell in line:
                if cell.value is not None:
                    rows.setdefault(cell.row - 1, {})[cell.column - 1] = cell.value
        merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
                  for m in sheet.merged_cells.ranges]
        hidden_rows = {n - 1 for n, d in sheet.row_dimensions.items() if d.hidden}
        hidden_cols = [((d.min or column_index_from_string(key)) - 1,
                        (d.max or column_index_from_string(key)) - 1)
                       for key, d in sheet.column_dimensions.items() if d.hidden]
        state = {"visible": 0, "hidden": 1, "veryHidden": 2}[sheet.sheet_state]
        sheets.append({"name": sheet.title, "state": state,
                       "part": xlsb_sheet(rows, merged, hidden_rows, hidden_cols)})
    return xlsb(path, sheets)
