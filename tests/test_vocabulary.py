"""The vocabulary walked word by word: every word is a canonical key, belongs to one
concept, and is recognised the same way by every reader that uses its concept (forms,
consolidated tables, last year's results, unit lists)."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from cchc_index._internal import vocabulary as words
from cchc_index._internal.accounting import read_unit_list
from cchc_index._internal.analysis.previous import read_previous
from cchc_index._internal.io.headers import role_of
from cchc_index._internal.io.recognise import (
    component_header,
    is_group_header,
    is_ignored_header,
    is_total,
    is_unit_header,
    published_column,
    unit_type,
)
from cchc_index._internal.io.rows import RowKind, TableShape, classify_row
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run
from cchc_index._internal.text import canonical, is_not_arisen

M = load_methodology()
FIELDS = list(M.fields["code"])

WORD_TABLES = {
    "UNIT_HEADERS": words.UNIT_HEADERS,
    "UNIT_COLUMN_WORDS": words.UNIT_COLUMN_WORDS,
    "UNIT_TYPES": tuple(words.UNIT_TYPES),
    "COUNCIL_PREFIXES": words.COUNCIL_PREFIXES,
    "HEADING_UNIT_WORDS": words.HEADING_UNIT_WORDS,
    "GROUP_HEADERS": words.GROUP_HEADERS,
    **{f"PUBLISHED_HEADERS[{k}]": v for k, v in words.PUBLISHED_HEADERS.items()},
    "IGNORED_HEADERS": words.IGNORED_HEADERS,
    "BONUS_HEADERS": words.BONUS_HEADERS,
    "PENALTY_HEADERS": words.PENALTY_HEADERS,
    "CODE_PREFIX_WORDS": words.CODE_PREFIX_WORDS,
    "CODE_HEADERS": words.CODE_HEADERS,
    "NAME_HEADER_WORDS": words.NAME_HEADER_WORDS,
    **{f"COLUMN_ROLE_WORDS[{role}]": w for role, w in words.COLUMN_ROLE_WORDS},
    "TOTAL_PHRASES": words.TOTAL_PHRASES,
    "TOTAL_WORDS": words.TOTAL_WORDS,
    "TOTAL_FOLLOWERS": words.TOTAL_FOLLOWERS,
    "REFERENCE_ROWS": words.REFERENCE_ROWS,
    "NOT_TOTALS": words.NOT_TOTALS,
    "SIGNATURE_MARKERS": words.SIGNATURE_MARKERS,
    "NOTE_MARKERS": words.NOTE_MARKERS,
    "SUMMARY_MARKERS": words.SUMMARY_MARKERS,
    "GROUP_HEADING_WORDS": words.GROUP_HEADING_WORDS,
    "NOT_ARISEN_MARKS": words.NOT_ARISEN_MARKS,
    "TITLE_WORDS": words.TITLE_WORDS,
    "FILE_NAME_WORDS": words.FILE_NAME_WORDS,
    "HELPER_SHEET_NAMES": words.HELPER_SHEET_NAMES,
}
EVERY_WORD = [(table, word) for table, entries in WORD_TABLES.items() for word in entries]


def _canonical_marker(word: str) -> str:
    """Markers keep the punctuation that makes them markers ("tm.", "(ky", "luu:")."""
    return canonical(word) if word.strip() == word else canonical(word) + " "


@pytest.mark.parametrize(("table", "word"), EVERY_WORD, ids=lambda x: str(x))
def test_every_word_is_a_canonical_key(table, word):
    assert word and _canonical_marker(word) == word, f"{table}: {word!r}"


HEADER_CONCEPTS = {
    "unit": is_unit_header,
    "group": is_group_header,
    "published": lambda key: published_column(key) is not None,
    "ignored": is_ignored_header,
    "component": lambda key: component_header(key) is not None,
}
HEADER_WORDS = [(concept, word) for concept, table in (
    ("unit", words.UNIT_HEADERS), ("group", words.GROUP_HEADERS),
    *(("published", t) for t in words.PUBLISHED_HEADERS.values()),
    ("ignored", words.IGNORED_HEADERS), ("component", words.BONUS_HEADERS),
    ("component", words.PENALTY_HEADERS)) for word in sorted(table)]


@pytest.mark.parametrize(("concept", "word"), HEADER_WORDS, ids=lambda x: str(x))
def test_a_header_word_means_one_thing(concept, word):
    meanings = {name for name, test in HEADER_CONCEPTS.items() if test(word)}
    assert meanings == {concept}, word


@pytest.mark.parametrize("name", sorted(words.PUBLISHED_HEADERS))
def test_published_headers_map_back_to_their_result(name):
    for word in words.PUBLISHED_HEADERS[name]:
        assert published_column(word) == name
        assert published_column(f"{word} năm 2024") == name


def _table(path, header: str) -> str:
    book = Workbook()
    sheet = book.active
    sheet.append(["STT", header, *(f"Lĩnh vực {c}" for c in FIELDS), "Tổng điểm",
                  "Chỉ số (%)"])
    points = [float(m) - 1 for m in M.fields["max_points"]]
    for i, name in enumerate(["Xã An Bình", "Phường Hòa Lạc"], start=1):
        sheet.append([i, name, *points, sum(points), sum(points)])
    book.save(path)
    return str(path)


UNIT_COLUMN_HEADERS = sorted({*words.UNIT_HEADERS, "tên xã, phường", "xã, phường, thị trấn",
                              "sở, ban, ngành", "địa phương"})


@pytest.mark.parametrize("header", UNIT_COLUMN_HEADERS)
def test_a_unit_column_header_is_read_by_score_previous_and_unit_lists(tmp_path, header):
    """"Tên xã, phường" was read by score and refused by --previous."""
    path = _table(tmp_path / "t.xlsx", header.title() if header.islower() else header)
    scored = run([path], M)
    assert sorted(scored.results["unit"]) == ["Phường Hòa Lạc", "Xã An Bình"], header
    previous = read_previous(path)
    assert sorted(previous.results["unit"]) == ["Phường Hòa Lạc", "Xã An Bình"], header
    assert read_unit_list(path) == ["Xã An Bình", "Phường Hòa Lạc"], header


TOTAL_LABELS = [*words.TOTAL_PHRASES, *words.TOTAL_WORDS, *(f"{w}:" for w in words.TOTAL_WORDS),
                *(f"cộng {f}" for f in words.TOTAL_FOLLOWERS), *words.REFERENCE_ROWS,
                "Toàn huyện", "Cả tỉnh"]


@pytest.mark.parametrize("label", TOTAL_LABELS)
def test_a_total_row_is_a_total_in_forms_and_tables(label):
    assert is_total(label)
    units = TableShape(label_col=2, value_cols=(3, 4), units=True)
    criteria = TableShape(label_col=2)
    assert classify_row([None, label, 10, 20], units) is RowKind.TOTAL
    assert classify_row([None, label, 10, 20], criteria) is RowKind.TOTAL


@pytest.mark.parametrize("name", ["Công an tỉnh", "Tổng công ty Điện lực", "Công khai thủ tục",
                                  "Tổng kết năm", "Tổng số văn bản ban hành", "Tổng cục Thuế",
                                  "Công tác chỉ đạo, điều hành"])
def test_names_that_start_like_a_total_are_not_totals(name):
    assert not is_total(name)


@pytest.mark.parametrize(("marker", "kind"), [
    *((m, RowKind.SIGNATURE) for m in words.SIGNATURE_MARKERS),
    *((m, RowKind.NOTE) for m in words.NOTE_MARKERS),
    *((m, RowKind.SUMMARY) for m in words.SUMMARY_MARKERS)])
def test_markers_label_their_rows(marker, kind):
    text = f"{marker.upper()} ỦY BAN NHÂN DÂN" if marker.endswith(" ") else f"{marker} nội dung"
    units = TableShape(label_col=2, value_cols=(3, 4), units=True)
    assert classify_row([None, None, None, text], units) is kind
    assert classify_row([None, text, None, None], TableShape(label_col=2)) is kind


@pytest.mark.parametrize("line", ["Minh Sơn, ngày 15 tháng 01 năm 2025",
                                  "............, ngày ... tháng ... năm 2025",
                                  "ngày 20 tháng 12 năm 2024"])
def test_a_date_line_is_the_signature_block(line):
    assert classify_row([None, line, None], TableShape(label_col=2)) is RowKind.SIGNATURE


def test_a_cited_decision_is_not_a_date_line():
    line = "Theo Quyết định số 12/QĐ-UBND ngày 5 tháng 3 năm 2024"
    assert classify_row([None, line, None], TableShape(label_col=2)) is RowKind.DATA


@pytest.mark.parametrize("mark", sorted(words.NOT_ARISEN_MARKS))
def test_not_arisen_marks(mark):
    assert is_not_arisen(mark) and is_not_arisen(mark.upper())


@pytest.mark.parametrize(("words_", "shown"), sorted(words.UNIT_TYPES.items()))
def test_unit_types(words_, shown):
    assert unit_type(f"{shown} Minh Tiến") == shown


@pytest.mark.parametrize(("role", "role_words"), words.COLUMN_ROLE_WORDS)
def test_column_role_words_name_their_role(role, role_words):
    for word in role_words:
        found = role_of([f"Điểm {word}" if role == "appraisal" else word])
        assert found in ({"appraisal": "appraisal_1"}.get(role, role), role), word


# ---- tables by criterion: subtotals, grand totals, headings over units (issue 14) ----

BY_CRITERION_TABLES = {"SUBTOTAL_WORDS": words.SUBTOTAL_WORDS,
                       "GRAND_TOTAL_LABELS": words.GRAND_TOTAL_LABELS,
                       "UNIT_GROUP_WORDS": words.UNIT_GROUP_WORDS}


@pytest.mark.parametrize(("table", "word"), [(t, w) for t, ws in BY_CRITERION_TABLES.items()
                                             for w in sorted(ws)], ids=lambda x: str(x))
def test_words_of_tables_by_criterion_are_canonical_keys(table, word):
    assert word and canonical(word) == word, f"{table}: {word!r}"


@pytest.mark.parametrize("word", words.SUBTOTAL_WORDS)
def test_a_subtotal_word_before_a_field_names_that_fields_total(word):
    from cchc_index._internal.io.layouts.consolidated import subtotal_code

    assert subtotal_code(f"{word.upper()} LV 3", M) == "3"
    assert subtotal_code(f"{word} lĩnh vực IV", M) == "4"
    assert subtotal_code(f"{word} TC 1.1", M) == "1.1"
    assert subtotal_code(word, M) is None  # alone it is the grand total


@pytest.mark.parametrize("word", sorted(words.GRAND_TOTAL_LABELS))
def test_a_grand_total_label_is_a_total_and_each_units_published_total(word):
    from cchc_index._internal.io.layouts.transposed import result_row

    assert is_total(word) and is_total(word.title())
    assert result_row(word.upper()) == "published_total"
    assert result_row(f"{word} (I+II+III)") == "published_total"


@pytest.mark.parametrize("word", words.UNIT_GROUP_WORDS)
def test_a_group_word_before_unit_types_heads_units_columns(word):
    from cchc_index._internal.io.layouts.transposed import heading_names_units, names_a_unit

    assert heading_names_units(f"{word.title()} xã") and heading_names_units(
        f"{word.upper()} PHƯỜNG, THỊ TRẤN")
    assert not names_a_unit(f"{word.title()} xã")
    assert not heading_names_units(f"{word.title()} tiêu chí")
