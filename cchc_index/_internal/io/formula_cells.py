"""Find the formula cells of a workbook that hold no computed value.

A workbook written by a script (openpyxl, many web exports) stores formulas without the
value Excel would have computed; every reader then sees a blank cell. A blank and a
"value never computed" must not be confused (a total is not 0, a score is not missing),
so the sheets' XML is scanned for ``<c><f>…</f></c>`` cells with no ``<v>``. A cell of
type ``str`` with an empty value is a formula whose result is the empty text, not one
left uncomputed.

The scan is byte-level: each ``<f>`` tag is found, and the cell around it is matched with a
regular expression (about 0.1 ms for a form of 70 formulas); a worksheet without any
formula is skipped at once, and the workbook's sheet list is parsed once for all the forms
of a template (cached on the bytes of workbook.xml and its rels). :func:`uncached_in_parts`
works on parts already unpacked
(:func:`cchc_index._internal.io.safety.inspect_file`), :func:`uncached_formulas` on a file.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from defusedxml import ElementTree

_NS = r"(?:\w+:)?"
_UNCACHED = re.compile(
    rb"<" + _NS.encode() + rb"c\b([^>]*)>\s*<" + _NS.encode() + rb"f\b[^>]*?(?:/>|>([^<]*)</"
    + _NS.encode() + rb"f>)\s*(?:<" + _NS.encode() + rb"v\s*/>|<" + _NS.encode()
    + rb"v>\s*</" + _NS.encode() + rb"v>)?\s*</" + _NS.encode() + rb"c>")
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_TYPE_STR = re.compile(rb'\bt="str"')
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# A formula tag; a regular expression finds these faster than bytes.find.
_FORMULA = re.compile(rb"<f\b")
_PREFIXED_FORMULA = re.compile(rb":f\b")

Cells = dict[tuple[int, int], str]


def uncached_formulas(path: Path) -> dict[str, Cells]:
    """Per sheet name: ``{(row, col): formula}`` of formula cells without a cached value.

    Empty for files that are not zip workbooks (.csv, .xls) or cannot be scanned.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return _uncached(set(archive.namelist()), archive.read)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, NotImplementedError,
            ElementTree.ParseError):
        return {}


def uncached_in_parts(parts: Mapping[str, bytes]) -> dict[str, Cells]:
    """:func:`uncached_formulas` of a workbook whose XML parts are already unpacked
    (by name). Only the worksheet parts are searched for formulas; the sheet list comes
    from :func:`_sheet_targets`, parsed once per template."""
    try:
        sheets = _sheet_parts(parts.keys(), parts.__getitem__)
    except (ValueError, ElementTree.ParseError):
        return {}
    found = {}
    for sheet, part in sheets.items():
        data = parts[part]
        kind = _formula_tags(data)
        if kind and (cells := _scan(data, kind == "prefixed")):
            found[sheet] = cells
    return found


def _uncached(names: Collection[str], read: Callable[[str], bytes]) -> dict[str, Cells]:
    def scanned(part: str) -> Cells:
        data = read(part)
        kind = _formula_tags(data)
        return _scan(data, kind == "prefixed") if kind else {}

    return _nonempty((sheet, scanned(part)) for sheet, part in _sheet_parts(names, read).items())


def _nonempty(found: Iterable[tuple[str, Cells]]) -> dict[str, Cells]:
    return {sheet: cells for sheet, cells in found if cells}


def _formula_tags(data: bytes) -> str:
    """"prefixed" when a part holds formula tags with a namespace prefix ("<x:f>"),
    "plain" when it holds only plain ones, "" when it holds none."""
    if _PREFIXED_FORMULA.search(data):
        return "prefixed"
    return "plain" if _FORMULA.search(data) else ""


def _scan(data: bytes, prefixed: bool | None = None) -> Cells:
    """``{(row, col): formula}`` of the cells of one worksheet part whose formula has no
    cached value. ``prefixed``: whether tags with a namespace prefix occur (searched for
    when not given)."""
    if prefixed is None:
        prefixed = _PREFIXED_FORMULA.search(data) is not None
    if prefixed:  # the whole part, with the general expression
        return _cells(_UNCACHED.finditer(data))
    # Each <f> tag stands right after its cell's start tag, the last "<" before it.
    starts = (data.rfind(b"<", 0, tag.start()) for tag in _FORMULA.finditer(data))
    match = _UNCACHED.match
    return _cells(found for found in (match(data, start) for start in starts) if found)


def _cells(matches: Iterable[re.Match[bytes]]) -> Cells:
    cells: Cells = {}
    for found in matches:
        where = _uncomputed_cell(found.group(1))
        if where is None:
            continue
        formula = (found.group(2) or b"").decode("utf-8", "replace")
        if "&" in formula:
            formula = html.unescape(formula)
        cells[where] = formula
    return cells


@lru_cache(maxsize=1 << 12)
def _uncomputed_cell(attributes: bytes) -> tuple[int, int] | None:
    """(row, col) of a formula cell with these attributes (``r="E14" s="3"``); None for a
    cell of type ``str`` (an empty text result) or without an address. Cached: the same
    cells of a template come back in every form."""
    reference = _REF.search(attributes)
    if reference is None or _TYPE_STR.search(attributes):
        return None
    return int(reference.group(2)), _column(reference.group(1).decode())


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def sheet_parts(parts: Mapping[str, bytes],
                read: Callable[[str], bytes] | None = None) -> dict[str, str]:
    """Sheet name -> worksheet part of a workbook whose parts are named by ``parts`` (read
    from it, or with ``read``); empty when its sheet list cannot be read."""
    try:
        return _sheet_parts(parts.keys(), read or parts.__getitem__)
    except (ValueError, KeyError, ElementTree.ParseError):
        return {}


def _sheet_parts(names: Collection[str], read: Callable[[str], bytes]) -> dict[str, str]:
    """Sheet name -> worksheet part ("xl/worksheets/sheet1.xml")."""
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    workbook, rels = read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels")
    if len(workbook) + len(rels) <= _CACHED_BYTES:
        targets = _cached_sheet_targets(workbook, rels)
    else:
        targets = _sheet_targets(workbook, rels)
    return {sheet: part for sheet, part in targets if part in names}


# The forms of one template share their workbook.xml and its rels: their sheet list is
# parsed once (keyed on those bytes; larger ones, never seen in a form, are not kept).
_CACHED_BYTES = 64 * 1024


@lru_cache(maxsize=64)
def _cached_sheet_targets(workbook: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    return _sheet_targets(workbook, rels)


def _sheet_targets(workbook: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    """(sheet name, part it points to) of each sheet of ``workbook``, in order (a parse
    error is raised, and never cached)."""
    tree = ElementTree.fromstring(workbook)
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(rels)
               if r.tag.endswith("Relationship")}
    pairs = []
    for sheet in tree.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        target = targets.get(sheet.get(_REL), "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        pairs.append((sheet.get("name", ""), part))
    return tuple(pairs)


def attach_formulas(path: Path, grids: list, parts: Mapping[str, bytes] | None = None) -> list:
    """Set ``grid.formulas`` of each grid read from ``path``; returns ``grids``. With
    ``parts`` (the workbook's XML parts, unpacked), the file is not opened again."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return grids
    found = uncached_formulas(path) if parts is None else uncached_in_parts(parts)
    for grid in grids:
        cells = found.get(grid.sheet, {})
        if cells and (grid.hidden_rows or grid.hidden_cols):  # what is hidden does not count
            cells = {(row, col): formula for (row, col), formula in cells.items()
                     if row not in grid.hidden_rows and col not in grid.hidden_cols}
        grid.formulas = cells
    return grids
