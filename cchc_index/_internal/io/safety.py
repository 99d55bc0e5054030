"""Checks run on an input file before any reader opens it.

Workbooks arrive by e-mail from hundreds of units; a few are broken and a few could be
hostile. :func:`check_file` looks at the bytes only (signature, zip directory, one bounded
pass unpacking every part) and says what the file really is, so a reader never sees:

- an empty file, a truncated download, a PDF/CSV/HTML/Word file renamed ``.xlsx``;
- a password-protected workbook (an encrypted .xlsx is an OLE compound file holding
  ``EncryptionInfo`` and ``EncryptedPackage`` streams, not a zip; an .xls holds a FILEPASS
  record; an .ods's manifest declares its encryption);
- an old ``.xls`` (an OLE compound file holding a ``Workbook`` stream of BIFF records)
  whose container or records are damaged: every sector chain python-calamine would follow
  is checked to end (a loop makes it read forever), every size it reserves memory for
  checked against the file (see :func:`_compound_stream`), and the records scanned before
  it reads them (:func:`cchc_index._internal.io.extent.xls_facts`). An ``.ods`` and an ``.xlsb``
  are zips, checked as any workbook's zip, their sheets scanned likewise
  (:func:`~.extent.ods_facts`, :func:`~.extent.xlsb_facts`): a
  sheet of these formats whose cells reach further than ``limits.max_cells`` allows is
  refused (S047), where an .xlsx's far cells are taken out (its XML can be rewritten);
- a zip bomb: too many parts, too much data once unpacked, an absurd compression ratio, or
  more sheet data than a reader can parse in a few seconds (a workbook of junk rows);
- XML with ``<!DOCTYPE``/``<!ENTITY`` declarations (entity expansion, external entities);
  the readers also parse with defusedxml, this refuses such a file with a clear message.
  A DOCTYPE (and the ENTITY declarations inside it) can only stand in an XML part's
  prolog, before the root element: only the prolog is searched;
- a part whose data unpacks to more (or less) than its zip header declares: every part is
  unpacked with a cap of its declared size, so the limits hold against a lying header;
- a damaged zip directory (sizes that disagree with the parts' own headers, data running
  past the end of the file, a size no compression can reach): called damaged, not a bomb;
- two parts of the same name (Excel refuses such a file; zipfile would read the last).

:func:`inspect_file` runs the same checks and keeps what it read (the file's bytes and the
unpacked XML parts), so the readers need not read or unpack the file again
(:func:`cchc_index._internal.io.loading.load_input`).

Before reading, :mod:`cchc_index._internal.io.extent` finds the sheets whose cells reach absurdly
far (a stray value in XFD1048576 makes python-calamine abort the process) and
:func:`stored_copy_with` rebuilds the workbook with those parts rewritten. After reading,
:func:`within_row_limit` leaves out sheets of more rows than any score table has, so the
readers' work stays bounded too.

Limits are configurable (:class:`Limits`, passed to :func:`cchc_index.run` as ``limits``);
the defaults are generous: real forms are 65–90 KB unpacked with compression ratios under
10, and a 40 MB sheet takes about a second to read (python-calamine; about 15 s when a file
must be read with openpyxl).

>>> from cchc_index._internal.io.safety import Limits, sniff
>>> sniff(b"%PDF-1.7"), sniff(b"PK\x03\x04"), sniff("STT;Đơn vị".encode())
('pdf', 'zip', 'text')
>>> Limits(max_sheet_bytes=10 << 20).max_rows
20000
"""

from __future__ import annotations

import codecs
import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cchc_index._internal.errors import Problem
from cchc_index._internal.io.extent import (
    Encrypted,
    SheetFacts,
    Unreadable,
    ods_facts,
    too_far,
    xls_facts,
    xlsb_facts,
    xlsb_sheets,
)
from cchc_index._internal.messages import Words, phrase
from cchc_index._internal.text import damaged_utf8

MB = 1 << 20
HEAD_BYTES = 8192  # what sniff() looks at
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
LOCK_PREFIX = "~$"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# What may stand before an XML part's root element besides a DOCTYPE: a byte-order mark,
# white space, the XML declaration and other processing instructions, comments.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold before it is refused unread (bytes unless said)."""

    max_file_bytes: int = 100 * MB  # on disk, any input
    max_entries: int = 10_000  # parts in the zip container
    max_unpacked_bytes: int = 200 * MB  # all parts, unpacked
    max_ratio: float = 100.0  # unpacked / packed, per part ...
    ratio_min_bytes: int = 1 * MB  # ... for parts at least this large unpacked
    max_sheet_bytes: int = 40 * MB  # worksheets + shared strings, unpacked
    max_csv_bytes: int = 10 * MB  # a CSV holds the same table in about a fifth of the bytes
    max_rows: int = 20_000  # rows holding values in one sheet; larger sheets are skipped
    # Cells a sheet's grid may span (rows × columns from A1 to its farthest cell): a
    # reader's grid of a sheet reaching further is built without its far cells (see
    # cchc_index._internal.io.extent). Two million cells cost python-calamine about 80 MB.
    max_cells: int = 2_000_000


DEFAULT_LIMITS = Limits()


@dataclass
class Inspection:
    """What :func:`inspect_file` found, and what it read on the way."""

    problems: list[Problem]
    # The whole file; None when it was not read whole (a lock file, an unreadable file, a
    # file over ``max_file_bytes``).
    data: bytes | None = None
    # A zip workbook's XML parts, unpacked and checked, by name; empty for anything else
    # and for a workbook refused on the way.
    parts: dict[str, bytes] = field(default_factory=dict)
    # The same workbook with every part stored as unpacked and checked (same names, same
    # order, no compression: see :func:`_stored_copy`), so python-calamine need not
    # inflate the parts again; None where no such copy is made.
    stored: bytes | None = None
    # What the content is, whatever the file's name: "xlsx" (also .xlsm), "xls", "ods",
    # "xlsb", "csv"; "" for a file refused before it was told.
    kind: str = ""
    # For .xls, .ods and .xlsb: what the scan of each sheet found (hidden rows and
    # columns, merged ranges, error cells: see cchc_index._internal.io.extent.SheetFacts), by name.
    facts: dict[str, SheetFacts] | None = None


def check_file(path: Path, label: str | None = None,
               limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Problems that stop ``path`` from being read (errors) or that a reader should pass on
    (warnings). An empty list, or warnings only, means a reader may open the file.

    Never raises for a bad file; reading is bounded by ``limits``.
    """
    return inspect_file(path, label, limits).problems


def inspect_file(path: Path, label: str | None = None,
                 limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """:func:`check_file`, keeping what it read: the file is read once (never past
    ``limits.max_file_bytes``) and a zip workbook's parts are unpacked once."""
    label = label or path.name
    if path.name.startswith(LOCK_PREFIX):
        return Inspection([Problem("S014", "warning", label,
                                   expected=path.name[len(LOCK_PREFIX):])])
    try:
        data, size = _read_bounded(path, limits.max_file_bytes)
    except OSError as exc:
        return Inspection([Problem("S016", file=label,
                                   found=exc.strerror or type(exc).__name__)])
    if size == 0:
        return Inspection([Problem("S001", file=label)], data)
    if data is None:
        return Inspection([Problem("S010", file=label, found=_size(size),
                                   expected=_size(limits.max_file_bytes))])
    inspection = _check_bytes(data, path, label, limits)
    inspection.data = data
    return inspection


def _read_bounded(path: Path, limit: int) -> tuple[bytes | None, int]:
    """The bytes of ``path`` and its size; no bytes (None) when it is larger than
    ``limit``, so an oversized file is never loaded."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            return None, size
        data = handle.read(limit + 1)  # the file may have grown since
    return (data if len(data) <= limit else None), len(data)


def _check_bytes(data: bytes, path: Path, label: str, limits: Limits) -> Inspection:
    suffix = path.suffix.lower()
    kind = sniff(data[:HEAD_BYTES])
    if suffix == ".csv":
        return Inspection(_check_text(label, kind, len(data), limits), kind="csv")
    if kind == "zip":
        inspection = _inspect_zip(data, label, limits)
        if (not inspection.problems and inspection.kind == "xlsx"
                and suffix not in WORKBOOK_SUFFIXES):
            return Inspection([Problem("S017", file=label, found=suffix)])
        return inspection
    if kind == "ole":
        return _inspect_ole(data, label, suffix, limits)
    return Inspection([_foreign(data, label, kind, suffix)])


def sniff(head: bytes) -> str:
    """What the first bytes of a file say it is: zip, ole, pdf, html, xml, text or binary."""
    if head.startswith(ZIP_SIGNATURES):
        return "zip"
    if head.startswith(OLE_SIGNATURE):
        return "ole"
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    text = _decode(head)
    if text is None:
        return "binary"
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<!doctype html", "<html")) or "<table" in start[:2048]:
        return "html"
    if start.startswith("<?xml") or start.startswith("<"):
        return "xml"
    return "text"


def _decode(head: bytes) -> str | None:
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    for decode in _HEAD_DECODERS:
        try:
            text = decode(head)
        except UnicodeError:  # UTF-16 without a byte-order mark raises the base class
            continue
        if text is not None and sum(ch.isprintable() or ch in "\r\n\t" for ch in text) >= (
                0.95 * max(len(text), 1)):
            return text
    return None


def _incremental(encoding: str) -> Callable[[bytes], str]:
    """A decoder of a file's head: not final, as the head may cut a character at its end."""
    return lambda head: codecs.getincrementaldecoder(encoding)().decode(head, final=False)


# UTF-8, UTF-16 (with its mark), UTF-8 with a few bad bytes (as the CSV reader reads it),
# the Vietnamese Windows code page.
_HEAD_DECODERS: tuple[Callable[[bytes], str | None], ...] = (
    _incremental("utf-8"), _incremental("utf-16"),
    lambda head: (damaged_utf8(head) or (None,))[0], _incremental("cp1258"))


def _check_text(label: str, kind: str, size: int, limits: Limits) -> list[Problem]:
    if kind == "binary":
        return [Problem("S018", file=label, expected=".csv")]
    if kind in ("zip", "ole", "pdf"):
        return [Problem("S004", file=label, found=_KIND_NAMES[kind], expected=".csv")]
    if size > limits.max_csv_bytes:
        return [Problem("S011", file=label, found=_size(size),
                        expected=_size(limits.max_csv_bytes))]
    return []


# What a file really is, in words that read the same in Vietnamese and English.
_KIND_NAMES = {"pdf": "PDF", "html": "HTML", "xml": "XML", "text": "CSV",
               "binary": "binary", "zip": "ZIP", "ole": "OLE", "doc": "Word .doc",
               "docx": "Word .docx", "pptx": "PowerPoint .pptx", "archive": "ZIP"}


def _foreign(data: bytes, label: str, kind: str, suffix: str) -> Problem:
    if kind == "binary":
        return Problem("S018", file=label, expected=suffix or "—")
    return Problem("S004", file=label, found=_KIND_NAMES[kind], expected=suffix or "—")


def _inspect_ole(data: bytes, label: str, suffix: str, limits: Limits) -> Inspection:
    """An OLE compound file: an encrypted OOXML workbook, an .xls, or a Word .doc.

    The stream names sit in the directory sectors, anywhere in the file (at most
    ``max_file_bytes``, checked before): they are searched whole first, so that an
    encrypted workbook is told as such even when its container is damaged. An .xls is
    then read as python-calamine reads it (:func:`_compound_stream`) and its records
    scanned (:func:`cchc_index._internal.io.extent.xls_facts`).
    """
    if any(name.encode("utf-16-le") in data for name in _ENCRYPTION_STREAMS):
        return Inspection([Problem("S003", file=label)])
    if "WordDocument".encode("utf-16-le") in data:
        return Inspection([Problem("S004", file=label, found=_KIND_NAMES["doc"],
                                   expected=suffix)])
    try:
        stream = _compound_stream(data, _WORKBOOK_STREAMS, limits.max_sheet_bytes)
        if stream is None:
            return Inspection([Problem("S004", file=label, found=_KIND_NAMES["ole"],
                                       expected=suffix or "—")])
        if isinstance(stream, int):
            return Inspection([Problem("S011", file=label, found=_size(stream),
                                       expected=_size(limits.max_sheet_bytes))])
        facts = xls_facts(stream)
    except Encrypted:
        return Inspection([Problem("S003", file=label)])
    except Unreadable as damaged:
        return Inspection([damaged_problem("xls", label, damaged.reason)])
    return Inspection(_far_cells(facts, label, limits), kind="xls", facts=facts)


_ENCRYPTION_STREAMS = ("EncryptedPackage", "EncryptionInfo")
# The names python-calamine looks for, in its order.
_WORKBOOK_STREAMS = ("Workbook", "Book", "WORKBOOK", "BOOK")


def damaged_problem(kind: str, label: str, reason: Words) -> Problem:
    """The refusal of a workbook of ``kind`` ("xls", "ods", "xlsb") that is damaged, with
    the reason (words of the catalogue's ``reading`` area, written per language)."""
    code = {"xls": "S002", "ods": "S006"}.get(kind, "S046")
    return Problem(code, file=label, found=f".{kind}", params={"reason": reason})


def _far_cells(facts: dict[str, SheetFacts], label: str, limits: Limits) -> list[Problem]:
    """S047 for the first sheet whose cells reach further than ``limits.max_cells``
    allows (an .xls, .ods or .xlsb cannot be rewritten without them as an .xlsx is)."""
    far = too_far(facts, limits.max_cells)
    if far is None:
        return []
    sheet, found = far
    return [Problem("S047", file=label, sheet=sheet, cell=found.far,
                    found=int(found.rows * found.cols),
                    expected=int(limits.max_cells))]


_ENDOFCHAIN, _DIFSECT, _RESERVED = 0xFFFFFFFE, 0xFFFFFFFC, 0xFFFFFFFA
# What python-calamine reserves for the DIFAT (a quirk: the four bytes at offset 62) is
# allowed up to this many entries (64 MB; real files give 65,535 or so).
_MAX_DIFAT_RESERVE = 1 << 24


def _compound_stream(data: bytes, names: tuple[str, ...],
                     max_bytes: int) -> bytes | int | None:
    """The first stream of an OLE compound file named one of ``names`` (the first in
    ``names`` present), read as python-calamine reads it; its declared size when that is
    over ``max_bytes``; None when there is none.

    Raises :class:`Unreadable` for a container python-calamine could not read safely: a
    sector chain that loops (python-calamine follows it until memory runs out) or leaves
    the file, a FAT larger than the file, a header that has it reserve gigabytes.
    """
    if len(data) < 512:
        raise Unreadable("ole_short")
    major, _order, shift, mini_shift = struct.unpack_from("<HHHH", data, 26)
    if shift not in (9, 12) or mini_shift != 6:
        raise Unreadable("ole_sector_size")
    size = 1 << shift
    fat_count, directory_start = struct.unpack_from("<II", data, 44)
    mini_fat_start, mini_fat_count, difat_start = struct.unpack_from("<III", data, 60)
    sectors = max(0, -(-(len(data) - size) // size))
    if fat_count > sectors:
        raise Unreadable("fat_count", fat=fat_count, sectors=sectors)
    if struct.unpack_from("<I", data, 62)[0] > _MAX_DIFAT_RESERVE:
        raise Unreadable("ole_header")

    def sector(number: int) -> bytes:
        return data[size + number * size:size * 2 + number * size]

    def words(block: bytes) -> list[int]:
        return list(struct.unpack_from(f"<{len(block) // 4}I", block))

    difat = words(data[76:512])
    seen: set[int] = set()
    number = difat_start
    while number < _RESERVED:
        if number in seen or number >= sectors:
            raise Unreadable("difat_loop")
        seen.add(number)
        difat += words(sector(number))
        number = difat.pop()
    fat: list[int] = []
    for number in difat:
        if number < _DIFSECT:
            if number >= sectors:
                raise Unreadable("fat_outside")
            fat += words(sector(number))

    def chain(start: int, table: list[int], limit: int, unit: int,
              what: str | Words) -> list[int]:
        found, visited, number = [], set(), start
        while number != _ENDOFCHAIN and len(found) * unit < limit:
            if number >= len(table) or number in visited:
                raise Unreadable("chain_loop", what=what)
            visited.add(number)
            found.append(number)
            number = table[number]
        return found

    raw = b"".join(sector(n) for n in chain(directory_start, fat, 1 << 62, size,
                                                    Words("reading", "the_directory")))
    entries = []
    for offset in range(0, len(raw) - 127, 128):
        entry = raw[offset:offset + 128]
        name = entry[:64].decode("utf-16-le", "replace").split("\0", 1)[0]
        start = struct.unpack_from("<I", entry, 116)[0]
        length = struct.unpack_from("<I" if size == 512 else "<Q", entry, 120)[0]
        entries.append((name, start, length))
    if not entries or (major != 3 and entries[0][1] == _ENDOFCHAIN):
        raise Unreadable("ole_empty")
    wanted = next(((name, start, length) for wanted in names
                   for name, start, length in entries if name == wanted), None)
    if wanted is None:
        return None
    _name, start, length = wanted
    if length > max_bytes:
        return length
    if length >= 4096:
        return b"".join(sector(n) for n in chain(start, fat, length, size, _name))[:length]
    if not mini_fat_count:
        raise Unreadable("no_mini_stream", stream=_name)
    _root, root_start, root_length = entries[0]
    mini = b"".join(sector(n) for n in chain(root_start, fat, root_length, size,
                                               Words("reading", "the_mini_stream")))[:root_length]
    mini_fat = words(b"".join(sector(n) for n in chain(
        mini_fat_start, fat, mini_fat_count * size, size, Words("reading", "the_mini_fat"))))
    return b"".join(mini[n * 64:n * 64 + 64]
                    for n in chain(start, mini_fat, length, 64, _name))[:length]


def check_zip(path: Path, label: str, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Container sanity and bomb limits from the zip directory, then one bounded pass
    unpacking every part (sizes and CRC checked; XML parts' prologs searched for
    DOCTYPE/ENTITY). Reads the whole file: :func:`check_file` checks its size first."""
    try:
        data = path.read_bytes()
    except OSError:
        return [Problem("S005", file=label)]
    return _inspect_zip(data, label, limits).problems


def _inspect_zip(data: bytes, label: str, limits: Limits) -> Inspection:
    """:func:`check_zip` on the file's bytes; also the unpacked XML parts by name, the
    workbook with its parts stored unpacked (:func:`_stored_copy`), what the workbook is
    (.xlsx, .ods or .xlsb) and, for .ods and .xlsb, the facts of its sheets."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _DAMAGED:
        return Inspection([Problem("S005", file=label)])
    with archive:
        infos = archive.infolist()
        named = next((i for i in infos if "\x00" in i.orig_filename), None)
        if named is not None:  # zipfile cuts such a name short, python-calamine does not
            return Inspection([Problem("S015", file=label, found=named.filename)])
        twice = _twice_named(infos)
        if twice is not None:  # Excel refuses the file; zipfile reads the last of them
            return Inspection([Problem("S040", file=label, found=twice)])
        refused, kind = _directory_problems(infos, label, limits)
        if refused and refused[0].code in _SIZE_LIMITS:  # a bomb, or a damaged directory?
            damaged = _damaged_entry(data, infos)
            if damaged is not None:
                return Inspection([Problem("S041", file=label, found=damaged)])
        if refused:
            return Inspection(refused)
        parts, contents, binary = {}, [], {}
        for info in infos:
            try:
                content = _unpack(archive, data, info)
            except _DAMAGED:
                return Inspection([Problem("S015", file=label, found=info.filename)])
            contents.append(content)
            if XML_PART.search(info.filename) is None and not _looks_like_xml(content):
                if kind == "xlsb" and info.filename.endswith(".bin"):
                    binary[info.filename] = content
                continue  # an image or a binary part
            if _declares(content):
                return Inspection([Problem("S012", file=label, found=info.filename)])
            parts[info.filename] = content
    facts = None
    if kind in ("ods", "xlsb"):
        try:
            facts = (_ods_facts(parts, limits) if kind == "ods"
                     else _xlsb_facts(parts, binary))
        except Unreadable as damaged:
            return Inspection([damaged_problem(kind, label, damaged.reason)])
        except Encrypted:
            return Inspection([Problem("S003", file=label)])
        if not facts:
            return Inspection([damaged_problem(kind, label,
                                               phrase("reading", "no_worksheet"))])
        far = _far_cells(facts, label, limits)
        if far:
            return Inspection(far)
    return Inspection(_links(infos, label), None, parts, _stored_copy(infos, contents),
                      kind, facts)


def _ods_facts(parts: Mapping[str, bytes], limits: Limits) -> dict[str, SheetFacts]:
    """The sheets of an .ods (its content.xml: see :func:`~.extent.ods_facts`);
    raises :class:`Encrypted` for one whose manifest declares its encryption."""
    if b"encryption-data" in parts.get("META-INF/manifest.xml", b""):
        raise Encrypted()
    content = parts.get("content.xml")
    if content is None:
        raise Unreadable("no_content")
    return ods_facts(content, limits.max_sheet_bytes)


def _xlsb_facts(parts: Mapping[str, bytes], binary: Mapping[str, bytes]
                ) -> dict[str, SheetFacts]:
    """The sheets of an .xlsb (see :func:`cchc_index._internal.io.extent.xlsb_facts`)."""
    workbook = binary.get("xl/workbook.bin")
    if workbook is None:
        raise Unreadable("no_workbook_bin")
    facts = {}
    for sheet, part in xlsb_sheets(workbook, parts.get("xl/_rels/workbook.bin.rels", b"")):
        if part in binary and part.startswith("xl/worksheets/"):
            facts[sheet] = xlsb_facts(binary[part])
    return facts


# Largest unpacked workbook of which a stored copy is made (a form is about 80 KB): the
# copy holds every part once more while the file is read.
STORED_COPY_MAX_BYTES = 16 * MB
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
# What _packed reads of a local header: signature, flags, name size, extra field size.
_LOCAL_FIELDS = struct.Struct("<4s2xH18xHH")
_CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")


def _twice_named(infos: list[zipfile.ZipInfo]) -> str | None:
    """The name of a part the directory lists twice (part names are compared without
    case, as the package format and Excel compare them); None when every name is one
    part's."""
    seen: set[str] = set()
    for info in infos:
        key = info.orig_filename.replace("\\", "/").casefold()
        if key in seen:
            return info.filename
        seen.add(key)
    return None


# The refusals made on the sizes the zip directory declares: where a size is damaged, the
# file is called damaged instead (a directory is checked only then: a tool may write local
# headers that Excel and the readers ignore).
_SIZE_LIMITS = ("S008", "S009", "S011")
# Deflate cannot pack more than 1032 bytes into one (258-byte matches at two bits each):
# a directory declaring more is damaged (a bomb has a true ratio of at most that).
_DEFLATE_MAX_RATIO = 1032
_ZIP64_SIZE = 0xFFFFFFFF


def _damaged_entry(data: bytes, infos: list[zipfile.ZipInfo]) -> str | None:
    """The first part whose directory entry cannot be true: its local header missing, its
    sizes or CRC-32 other than the local header's (where the header holds them), its
    data running past the end of the file, or a size that its compression cannot give.
    None when the directory may be sound (the parts' data are checked when unpacked)."""
    for info in infos:
        start = info.header_offset
        header = data[start:start + _LOCAL_HEADER.size]
        if len(header) != _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
            return info.filename
        (_sig, _version, flags, _method, _time, _date, crc, packed, size, name_size,
         extra_size) = _LOCAL_HEADER.unpack(header)
        if not flags & 0x8 and _ZIP64_SIZE not in (packed, size) and (
                (crc, packed, size) != (info.CRC, info.compress_size, info.file_size)):
            return info.filename
        end = start + _LOCAL_HEADER.size + name_size + extra_size + info.compress_size
        if end > len(data):
            return info.filename
        if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
            return info.filename
        if info.compress_type == zipfile.ZIP_DEFLATED and (
                info.file_size > _DEFLATE_MAX_RATIO * info.compress_size + 1024):
            return info.filename
    return None


def stored_copy_with(data: bytes, parts: Mapping[str, bytes]) -> bytes:
    """The workbook ``data`` (already checked: see :func:`inspect_file`) with every part
    stored unpacked and the parts named in ``parts`` replaced by the bytes given, for the
    readers to read instead of the file (see :mod:`cchc_index._internal.io.extent`); whatever its
    size and the compression of its parts."""
    copied = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(copied, "w") as target:
        for info in archive.infolist():
            content = parts.get(info.filename)
            if content is None:
                content = _unpack(archive, data, info)
            target.writestr(zipfile.ZipInfo(info.filename, info.date_time), content)
    return copied.getvalue()


def _stored_copy(infos: list[zipfile.ZipInfo], contents: list[bytes]) -> bytes | None:
    """The workbook rebuilt from its checked parts: the same names in the same order, each
    part stored (no compression) with the content it was checked to unpack to (size and
    CRC-32 verified), so python-calamine reads exactly what was checked, without inflating
    it a second time.

    None (the reader gets the file as it came) unless every part was stored or deflated
    (python-calamine cannot open other methods, and must still refuse them), the names
    are unique, and the parts are few and small enough for a plain zip
    (``STORED_COPY_MAX_BYTES``).
    """
    names = {info.orig_filename for info in infos}
    if (len(names) != len(infos) or len(infos) >= 0xFFFF
            or sum(len(content) for content in contents) > STORED_COPY_MAX_BYTES
            or any(info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
                   for info in infos)):
        return None
    pieces, directory, offset = [], [], 0
    for info, content in zip(infos, contents, strict=True):
        utf8 = info.flag_bits & 0x800
        name = info.orig_filename.encode("utf-8" if utf8 else "cp437")
        size = len(content)
        # version 2.0, general flags (UTF-8 names only), stored, 1980-01-01 00:00
        pieces += (_LOCAL_HEADER.pack(b"PK\x03\x04", 20, utf8, 0, 0, 0x21, info.CRC,
                                      size, size, len(name), 0), name, content)
        directory += (_CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 20, utf8, 0, 0, 0x21,
                                           info.CRC, size, size, len(name), 0, 0, 0, 0,
                                           info.external_attr & 0xFFFFFFFF, offset), name)
        offset += _LOCAL_HEADER.size + len(name) + size
    central = b"".join(directory)
    end = _END_OF_DIRECTORY.pack(b"PK\x05\x06", 0, 0, len(infos), len(infos), len(central),
                                 offset, 0)
    return b"".join([*pieces, central, end])


def _looks_like_xml(content: bytes) -> bool:
    """Whether a part named otherwise holds XML (a worksheet stored as "sheet1.dat" is
    still read by the readers, so it is checked and scanned like any XML part)."""
    head = content[:64]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


# What zipfile raises for a truncated or damaged archive.
_DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError, KeyError, IndexError, OverflowError)


def _directory_problems(infos: list[zipfile.ZipInfo], label: str,
                        limits: Limits) -> tuple[list[Problem], str]:
    """The refusals told by the zip directory alone, and what the workbook is."""
    if len(infos) > limits.max_entries:
        return [Problem("S007", file=label, found=str(len(infos)),
                        expected=str(limits.max_entries))], ""
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_unpacked_bytes:
        return [Problem("S008", file=label, found=_size(unpacked),
                        expected=_size(limits.max_unpacked_bytes))], ""
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_min_bytes and ratio > limits.max_ratio:
            return [Problem("S009", file=label, found=f"{ratio:.0f}",
                            expected=f"{limits.max_ratio:g}",
                            params={"part": info.filename})], ""
    if any(i.flag_bits & 0x1 for i in infos):
        return [Problem("S003", file=label)], ""
    names = {i.filename.lower(): i for i in infos}
    kind = _container_kind(names)
    if kind not in _SHEET_PARTS:
        return [Problem("S004", file=label, found=_KIND_NAMES[kind], expected=".xlsx")], kind
    sheet_data = sum(i.file_size for n, i in names.items() if _SHEET_PARTS[kind](n))
    if sheet_data > limits.max_sheet_bytes:
        return [Problem("S011", file=label, found=_size(sheet_data),
                        expected=_size(limits.max_sheet_bytes))], kind
    return [], kind


# The parts holding a workbook's cells (lower-case names), by kind of workbook.
_SHEET_PARTS: dict[str, Callable[[str], bool]] = {
    "xlsx": lambda n: n.startswith("xl/worksheets/") or n == "xl/sharedstrings.xml",
    "xlsb": lambda n: n.startswith("xl/worksheets/") or n == "xl/sharedstrings.bin",
    "ods": lambda n: n == "content.xml",
}


def _container_kind(names: dict[str, zipfile.ZipInfo]) -> str:
    if "mimetype" in names and any(n == "content.xml" for n in names):
        return "ods"
    if "[content_types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if any(n.startswith("xl/") and n.endswith(".xml") and "workbook" in n for n in names):
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("ppt/") for n in names):
        return "pptx"
    return "archive"


def _links(infos: list[zipfile.ZipInfo], label: str) -> list[Problem]:
    """A warning when the workbook links to other files: links are never followed."""
    links = [i for i in infos if i.filename.lower().startswith("xl/externallinks/")
             and i.filename.lower().endswith(".xml")]
    return [Problem("S013", "warning", label, found=str(len(links)))] if links else []


def _unpack(archive: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One part, unpacked with a cap of its declared size and CRC-checked.

    A part whose data unpacks to more or less than the zip directory declares raises
    BadZipFile: the size limits were checked on the declared sizes, and a reader trusting
    a lying header could unpack a bomb (zipfile itself would stop at the declared size
    without telling).
    """
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        # bzip2, LZMA: zipfile stops at the declared size, and python-calamine cannot open
        # such a workbook (openpyxl reads it through zipfile)
        return archive.read(info)
    packed = _packed(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        content = bytes(packed[:info.file_size])
    else:
        content = zlib.decompressobj(-zlib.MAX_WBITS).decompress(packed, info.file_size + 1)
    if len(content) != info.file_size:
        raise zipfile.BadZipFile(f"{info.filename}: {len(content)} bytes unpacked, "
                                 f"{info.file_size} declared")
    if zlib.crc32(content) != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 for {info.filename}")
    return content


def _packed(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of a part, after the checks zipfile makes of its local header
    (signature, name, unsupported flags)."""
    start = info.header_offset
    header = data[start:start + _LOCAL_HEADER.size]
    if len(header) != _LOCAL_HEADER.size or not header.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"bad local file header for {info.filename}")
    if info.flag_bits & 0x60:
        # zipfile raises NotImplementedError here; refused alike (S015) as damaged
        raise zipfile.BadZipFile(f"{info.filename}: compressed patched data or strong "
                                 "encryption")
    _, flags, name_size, extra_size = _LOCAL_FIELDS.unpack(header)
    name_end = start + _LOCAL_HEADER.size + name_size
    # The name as the directory has it, in the header's encoding (both codecs are
    # one-to-one: the same test as decoding the header's name, without the decoding).
    name = info.orig_filename.encode("utf-8" if flags & 0x800 else "cp437")
    if data[start + _LOCAL_HEADER.size:name_end] != name:
        raise zipfile.BadZipFile(f"file name in directory and header differ: {info.filename}")
    begin = name_end + extra_size
    return memoryview(data)[begin:begin + info.compress_size]


def _declares(content: bytes) -> bool:
    """Whether an XML part declares something (a DOCTYPE, holding any ENTITY) before its
    root element. Such declarations are allowed nowhere else, so the search stops there."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\x00", b"\x00<")):
        content = content.decode(_xml_encoding(content), "replace").encode("utf-8")
    end = _PROLOG.match(content).end()
    # an unterminated comment: a broken part, which the readers report
    return content.startswith(b"<!", end) and not content.startswith(b"<!--", end)


def _xml_encoding(start: bytes) -> str:
    if start.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        return "utf-16-le"
    if start.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        return "utf-16-be"
    return "latin-1"  # ASCII-compatible: the declarations are plain ASCII


def _size(count: int) -> str:
    if count >= MB:
        return f"{count / MB:.0f} MB".replace(".", ",")
    return f"{count / 1024:.0f} KB"


def refused(problems: list[Problem]) -> bool:
    """True when :func:`check_file` says a reader must not open the file: an error, or a
    lock file (a warning: the real file beside it is read)."""
    return any(p.severity == "error" or p.code == "S014" for p in problems)


def within_row_limit(grids: list, label: str, limits: Limits = DEFAULT_LIMITS):
    """The sheets a reader may scan, and a warning for each sheet left out because it holds
    more than ``limits.max_rows`` rows of values (a list of records or junk rows, never a
    score table: a whole country has about 11,000 communes)."""
    kept, skipped = [], []
    for grid in grids:
        # A sheet's rows run to its last value: count the rows holding one (a stray cell
        # typed far below a table does not make the table long). A sheet whose cells were
        # taken out before reading (cchc_index._internal.io.extent) had them counted then.
        filled = grid.filled_rows or (len(grid.rows) if len(grid.rows) <= limits.max_rows
                                      else sum(row.count(None) != len(row)
                                               for row in grid.rows))
        if filled > limits.max_rows:
            skipped.append(Problem("S019", "warning", label, grid.sheet,
                                   found=int(filled),
                                   expected=int(limits.max_rows)))
        else:
            kept.append(grid)
    return kept, skipped
