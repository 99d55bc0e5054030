"""Workbooks typed with the old TCVN3 and VNI fonts are read as Unicode: units ranked
under their real names, criteria and headers recognised, one warning per file."""

from __future__ import annotations

import pytest
from form_builder import build_form, legacy_typed, variant
from openpyxl import Workbook

from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run

M = load_methodology()
FIELDS = list(M.fields["code"])
UNITS = ["Xã Yên Thành", "Phường Hòa Bình", "Xã Minh Tiến", "Thị trấn Đông Sơn"]


def _table(path, typed) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append([typed("BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024")])
    sheet.append([typed("STT"), typed("Tên đơn vị"), *(typed(f"Lĩnh vực {c}") for c in FIELDS),
                  typed("Tổng điểm")])
    maxima = [float(m) for m in M.fields["max_points"]]
    for i, name in enumerate(UNITS, start=1):
        points = [m - (i % 3) * 0.25 for m in maxima]
        sheet.append([i, typed(name), *points, sum(points)])
    sheet.append([None, typed("Tổng cộng")])
    sheet.append([None, None, None, typed("Người lập biểu")])
    book.save(path)
    return str(path)


def _scores(result) -> dict[str, float]:
    return dict(zip(result.results["unit"], result.results["index_pct"], strict=True))


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_table_typed_with_an_old_font_is_read_as_unicode(tmp_path, encoding):
    unicode = run([_table(tmp_path / "u.xlsx", str)], M)
    legacy = run([_table(tmp_path / "l.xlsx", lambda t: legacy_typed(t, encoding))], M)
    assert _scores(legacy) == _scores(unicode) and sorted(_scores(legacy)) == sorted(UNITS)
    notes = [p for p in legacy.problems if p.code == "I025"]
    assert len(notes) == 1 and notes[0].file == "l.xlsx"
    assert ("TCVN3" if encoding == "tcvn3" else "VNI") in notes[0].message()
    assert not [p for p in unicode.problems if p.code == "I025"]


def test_only_the_legacy_cells_of_a_unicode_template_are_converted(tmp_path):
    def typed(text: str) -> str:  # the unit typed its own name with the old font
        return legacy_typed(text, "tcvn3") if text == "Xã Minh Tiến" else text

    result = run([_table(tmp_path / "m.xlsx", typed)], M)
    assert sorted(_scores(result)) == sorted(UNITS)


def test_vietnamese_in_latin1_letters_is_left_alone(tmp_path):
    """"Xã An Hòa" uses only letters that legacy text is made of: it stays as typed."""
    names = ["Xã An Hòa", "Xã Tà Lài", "Phường Hà Trì", "Xã Cà Mau"]

    def typed(text: str) -> str:
        return names[UNITS.index(text)] if text in UNITS else text

    result = run([_table(tmp_path / "a.xlsx", typed)], M)
    assert sorted(_scores(result)) == sorted(names)
    assert not [p for p in result.problems if p.code == "I025"]


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_form_typed_with_an_old_font(tmp_path, encoding):
    spec = variant(unit="Xã Yên Thành", legacy=encoding, label="same")
    legacy = run([build_form(M, spec).save(tmp_path / "l.xlsx")], M)
    unicode = run([build_form(M, variant(unit="Xã Yên Thành", label="same"))
                   .save(tmp_path / "u.xlsx")], M)
    assert _scores(legacy) == _scores(unicode) == {"Xã Yên Thành": _scores(unicode)[
        "Xã Yên Thành"]}
    assert [p.code for p in legacy.problems if p.code.startswith("I1")] == [
        p.code for p in unicode.problems if p.code.startswith("I1")]
