"""The files of ``--previous`` and ``--crosswalk`` are read like the inputs: one read with
the safety checks, CSV by the inputs' reader (delimiter over the first records, double
quotes only, utf-8/cp1258), refusals with the checks' reasons."""

from __future__ import annotations

import unicodedata

import bad_files as bad
import pytest
from analysis_builders import scored, two_fields

from cchc_index._internal.analysis.crosswalk import read_crosswalk
from cchc_index._internal.analysis.previous import read_previous
from cchc_index._internal.errors import InputError
from cchc_index._internal.report.csv import write_csv

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` as Excel saves a CSV on a Vietnamese Windows: code page 1258, the tone
    marks as combining characters after the letter."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


TITLE = "KẾT QUẢ CHỈ SỐ CCHC CẤP XÃ NĂM 2024, HUYỆN KHÁNH SƠN"
TABLE = ("STT;Đơn vị;Nhóm;Chỉ số (%);Xếp hạng\n"
         "1;Xã Sơn Hiệp;Xã;80,5;1\n"
         "2;Xã Thành Sơn;Xã;75,25;2\n"
         "3;Thị trấn Tô Hạp;Thị trấn;90;1\n")


@pytest.mark.parametrize("encode", [lambda t: t.encode("utf-8-sig"), cp1258],
                         ids=["utf-8-sig", "cp1258"])
@pytest.mark.parametrize("padding", [";;;;", ""], ids=["padded", "title-only"])
def test_previous_results_saved_by_excel_with_semicolons_under_a_title(tmp_path, encode,
                                                                        padding):
    """Excel pads the title line with the table's delimiters; a title typed in by hand is
    not, and its comma outnumbers the semicolons of that first line."""
    path = tmp_path / "ket_qua_2024.csv"
    path.write_bytes(encode(f"{TITLE}{padding}\n{TABLE}"))
    read = read_previous(path)
    table = read.results.set_index("unit")
    assert table.index.tolist() == ["Xã Sơn Hiệp", "Xã Thành Sơn", "Thị trấn Tô Hạp"]
    assert table["index_pct"].tolist() == [80.5, 75.25, 90.0]
    assert table["rank"].tolist() == [1, 2, 1]
    assert table.loc["Thị trấn Tô Hạp", "group"] == "Thị trấn"
    assert read.year == "2024"
    assert not read.problems


def test_our_own_csv_with_neutralised_cells_reads_back(tmp_path):
    """Two cells of a row start with the apostrophe our CSV writer adds ("'- Xã …",
    "'-5 …"): were it taken for a quote character, the row's cells would run together."""
    run = scored(two_fields(), {"- Xã An Bình": {"1.1": 6.0, "1.2": 2.0, "2.1": 5.0},
                                "Phường Một": {"1.1": 3.0, "1.2": 4.0, "2.1": 7.25}},
                 groups={"- Xã An Bình": "-5 xã miền núi", "Phường Một": "Phường"})
    path = write_csv(run, tmp_path / "ket_qua.csv")
    assert "'- Xã An Bình" in path.read_text(encoding="utf-8-sig")
    table = read_previous(path).results.set_index("unit")
    assert sorted(table.index) == ["- Xã An Bình", "Phường Một"]  # listed in annex order
    assert table.loc["- Xã An Bình", "group"] == "-5 xã miền núi"
    assert table.loc["- Xã An Bình", "index_pct"] == pytest.approx(65.0)
    assert table.loc["Phường Một", "field_2"] == pytest.approx(7.25)


def test_crosswalk_saved_by_excel_with_semicolons_and_decimal_commas(tmp_path):
    path = tmp_path / "chuyen_doi.csv"
    path.write_bytes(cp1258("BẢNG CHUYỂN ĐỔI ĐƠN VỊ, NĂM 2025\n"
                            "STT;Đơn vị cũ;Đơn vị mới;Trọng số\n"
                            "1;Xã An Thịnh;Xã An Khánh;8600\n"
                            "2;Xã Khánh Hòa;Xã An Khánh;5,5\n"))
    frame, problems = read_crosswalk(path)
    assert frame["old"].tolist() == ["Xã An Thịnh", "Xã Khánh Hòa"]
    assert frame["new_key"].tolist() == ["xã an khánh", "xã an khánh"]
    assert frame["weight"].tolist() == [8600.0, 5.5]
    assert frame["cell"].tolist() == ["B3", "B4"]
    assert not problems


@pytest.mark.parametrize(("builder", "name", "code"), [
    ("truncated", "ket_qua.xlsx", "S005"),
    ("high_ratio", "ket_qua.xlsx", "S009"),
    ("lock_file", "~$ket_qua.xlsx", "S014"),
])
def test_a_refused_file_raises_the_checks_reasons(tmp_path, builder, name, code):
    path = getattr(bad, builder)(tmp_path / name)
    for reader in (read_previous, read_crosswalk):
        with pytest.raises(InputError) as raised:
            reader(path)
        assert [(p.code, p.file) for p in raised.value.problems] == [(code, name)]


def test_an_unreadable_csv_raises_the_readers_reason(tmp_path):
    path = tmp_path / "ket_qua.csv"
    path.write_text('Đơn vị,Chỉ số (%)\n"' + "x" * 200_000 + "\n", encoding="utf-8")
    for reader in (read_previous, read_crosswalk):
        with pytest.raises(InputError) as raised:
            reader(path)
        assert [(p.code, p.file) for p in raised.value.problems] == [("I001", "ket_qua.csv")]
