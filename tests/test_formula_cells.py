"""The scan for formula cells without a cached value: the fast path (each <f> tag's cell
matched where it starts) finds exactly what the general expression finds over the whole
part, and the scan of unpacked parts finds what the scan of the file finds."""

from __future__ import annotations

import io
import zipfile

from form_builder import build_form, variant
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_index._internal.io.formula_cells import (
    _UNCACHED,
    _cells,
    _scan,
    uncached_formulas,
    uncached_in_parts,
)
from cchc_index._internal.methodology.load import load_methodology

# Pieces of sheet XML: cells with and without formulas, cached or not, shared formulas,
# empty text results, odd spacing, and tags that look like formulas but are not.
_CELLS = [
    '<c r="{ref}"><f>SUM(A1:A3)</f></c>',
    '<c r="{ref}" s="3"><f>IF(A1&gt;0,"",1)</f><v></v></c>',
    '<c r="{ref}"><f>A1*2</f><v>4</v></c>',
    '<c r="{ref}"><f t="shared" si="0"/></c>',
    '<c r="{ref}"><f t="shared" si="0"/><v>7</v></c>',
    '<c r="{ref}" t="str"><f>""</f><v></v></c>',
    '<c r="{ref}">\n  <f>B1</f>\n  <v/>\n</c>',
    '<c r="{ref}"><f>B1</f> <v> </v> </c>',
    '<c r="{ref}" t="n"></c>',
    '<c r="{ref}" t="inlineStr"><is><t>&lt;f&gt; không phải công thức</t></is></c>',
    '<c r="{ref}"><v>12</v></c>',
    '<c r="{ref}"><fx>1</fx></c>',
]
_TAIL = ('<dataValidations><dataValidation sqref="E1"><formula1>AND(E1&gt;=0)</formula1>'
         "</dataValidation></dataValidations>")


@st.composite
def sheet_xml(draw) -> bytes:
    pieces = draw(st.lists(st.sampled_from(_CELLS), max_size=12))
    cells = "".join(piece.format(ref=f"{'ABCDEF'[i % 6]}{i // 6 + 1}")
                    for i, piece in enumerate(pieces))
    tail = _TAIL if draw(st.booleans()) else ""
    return (f'<?xml version="1.0"?><worksheet><sheetData><row r="1">{cells}</row>'
            f"</sheetData>{tail}</worksheet>").encode()


@settings(max_examples=200, deadline=None)
@given(sheet_xml())
def test_fast_scan_finds_what_the_general_expression_finds(data):
    assert _scan(data) == _cells(_UNCACHED.finditer(data))
    prefixed = data.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>").replace(
        b"<f", b"<x:f").replace(b"</f>", b"</x:f>")
    assert _scan(prefixed) == _scan(data)


def test_scan_of_a_known_sheet():
    data = (b'<worksheet><sheetData><row r="2"><c r="B2"><f>SUM(A1:A3)</f></c>'
            b'<c r="C2"><f>A1*2</f><v>4</v></c><c r="AA2" s="1"><f>IF(A1&gt;0,"",1)</f><v></v>'
            b'</c><c r="D2" t="str"><f>""</f><v></v></c></row></sheetData></worksheet>')
    assert _scan(data) == {(2, 2): "SUM(A1:A3)", (2, 27): 'IF(A1>0,"",1)'}


def test_unpacked_parts_give_what_the_file_gives(tmp_path):
    spec = variant(codes="float", nfd=True, parents="formulas", sheets_before=("Hướng dẫn",),
                   summary_after=True)
    path = build_form(load_methodology(), spec).save(tmp_path / "phieu.xlsx")
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()
                 if i.filename.endswith((".xml", ".rels"))}
    found = uncached_formulas(path)
    assert found and uncached_in_parts(parts) == found
    without = {name: data.replace(b"<f>", b"<g>").replace(b"</f>", b"</g>")
               for name, data in parts.items()}
    assert uncached_in_parts(without) == {}


def test_the_cached_sheet_list_follows_the_parts_present(tmp_path):
    """Forms of one template share workbook.xml and its rels, whose sheet list is parsed
    once: a form lacking a sheet part, or with a broken workbook.xml, is still judged on
    its own parts."""
    spec = variant(parents="formulas")
    path = build_form(load_methodology(), spec).save(tmp_path / "phieu.xlsx")
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        parts = {i.filename: archive.read(i) for i in archive.infolist()
                 if i.filename.endswith((".xml", ".rels"))}
    found = uncached_in_parts(parts)
    assert found and uncached_in_parts(dict(parts)) == found
    sheets = [name for name in parts if name.startswith("xl/worksheets/")]
    assert uncached_in_parts({n: d for n, d in parts.items() if n not in sheets}) == {}
    broken = {**parts, "xl/workbook.xml": parts["xl/workbook.xml"][:-20]}
    assert uncached_in_parts(broken) == {}
    assert uncached_in_parts(parts) == found
