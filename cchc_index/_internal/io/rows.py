"""One label for each row of a table, decided once, by the words of the vocabulary.

Every layout reads its table's rows through :func:`classify_row`: a row is blank, the
column numbers under the header, the header repeated on a printed page, a group heading,
a total (subtotal, mean, reference values), a note, the start of a summary, the signature
block, or data. What a label means for the table (a note ends a table of units but not a
form; a summary ends a table only after a blank or total row) is the layout's to decide.

>>> shape = TableShape(label_col=2, value_cols=(3, 4), units=True)
>>> [classify_row(r, shape).value for r in ([1, "Xã An", 5, 6], [None, "Tổng cộng", 11, 12],
...                                   ["I", "KHỐI XÃ", None, None], ["(1)", "(2)", "(3)"])]
['data', 'total', 'group_heading', 'column_numbers']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from cchc_index._internal import vocabulary as words
from cchc_index._internal.io.recognise import (
    header_key,
    is_bare_total,
    is_column_number_row,
    is_total,
    is_unit_header,
    unit_type,
)
from cchc_index._internal.text import canonical, is_not_arisen, is_number, nfc


class RowKind(StrEnum):
    BLANK = "blank"
    COLUMN_NUMBERS = "column_numbers"  # "(1) (2) (3)" under the header
    HEADER = "header"  # the table's header again (a table pasted page by page)
    GROUP_HEADING = "group_heading"  # "I. KHỐI XÃ", "Khối phường" (tables of units)
    TOTAL = "total"  # total, subtotal, mean, "Toàn huyện", "Điểm tối đa"
    NOTE = "note"  # "Ghi chú: …", "Nguồn: …"
    SUMMARY = "summary"  # "Xếp loại | Số lượng": maybe a summary, maybe a group heading
    SIGNATURE = "signature"  # "TM. ỦY BAN NHÂN DÂN", "…, ngày 15 tháng 01 năm 2025"
    DATA = "data"


# Rows that may end a table: what they mean when they do not is :func:`content_kind`.
ENDING = frozenset({RowKind.SIGNATURE, RowKind.NOTE, RowKind.SUMMARY})


@dataclass(frozen=True)
class TableShape:
    """What the classifier needs to know of a table: its label column (the unit's name in
    a table of units, the criterion's in a form), its code or number column, the columns
    of its values, and whether its rows are units (``units``) or criteria."""

    label_col: int | None
    value_cols: tuple[int, ...] = ()
    units: bool = False
    code_col: int | None = None


def _cell(values: list[object], col: int | None) -> object:
    return values[col - 1] if col is not None and 0 < col <= len(values) else None


def is_blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def label_of(values: list[object], shape: TableShape) -> str:
    """The row's label as typed (NFC): its label cell, else its first text."""
    value = _cell(values, shape.label_col)
    if value is not None and str(value).strip():
        return nfc(str(value))
    return next((nfc(v) for v in values if isinstance(v, str) and v.strip()), "")


def numbered_like_a_unit(values: list[object], shape: TableShape) -> bool:
    """Whether the row's number (a cell left of its label) is an Arabic one, as units are
    numbered ("1", 2); group headings are numbered I, II or A, B."""
    for value in values[:(shape.label_col or 1) - 1]:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return True
        if isinstance(value, str) and words.UNIT_NUMBER.fullmatch(value):
            return True
    return False


@lru_cache(maxsize=4096)  # header cells of every form of a batch
def names_a_unit(name: str) -> bool:
    """A unit's name as typed ("Xã Đông Sơn", "UBND phường …"), not a heading in capitals
    ("KHỐI XÃ") or a type alone ("Xã")."""
    key = canonical(name)
    for prefix in words.COUNCIL_PREFIXES:
        key = key.removeprefix(prefix + " ")
    return len(name.split()) >= 2 and name != name.upper() and bool(unit_type(key))


def _marker(texts: list[str]) -> RowKind | None:
    """What the texts of a row without numbers start like, if anything."""
    for text in texts:
        if text.startswith(words.SIGNATURE_MARKERS) or words.DATE_LINE.match(text):
            return RowKind.SIGNATURE
    for text in texts:
        if text.startswith(words.NOTE_MARKERS):
            return RowKind.NOTE
    for text in texts:
        if text.startswith(words.SUMMARY_MARKERS):
            return RowKind.SUMMARY
    return None


def classify_row(values: list[object], shape: TableShape) -> RowKind:
    """The label of one row of a table of ``shape`` (see :class:`RowKind`)."""
    if is_blank(values):
        return RowKind.BLANK
    if is_column_number_row(values):
        return RowKind.COLUMN_NUMBERS
    if shape.units and is_unit_header(header_key(_cell(values, shape.label_col))):
        return RowKind.HEADER
    label = label_of(values, shape)
    # A table of units ends at a signature anywhere in a row of text; a form's criteria
    # may quote such words in their evidence, so only the label counts there (and a
    # form's rows are placed by their labels alone, whatever numbers they hold).
    if shape.units and not any(is_number(v) for v in values):
        marker = _marker([canonical(v) for v in values if isinstance(v, str) and v.strip()])
    else:
        marker = None if shape.units else _marker([canonical(label)])
    if marker is not None:
        return marker
    if is_total(label) and not (
            shape.units and numbered_like_a_unit(values, shape) and is_bare_total(
                _cell(values, shape.label_col) or "")):
        return RowKind.TOTAL
    return content_kind(values, shape)


def content_kind(values: list[object], shape: TableShape) -> RowKind:
    """A row that is neither blank, a total nor a marker: a group heading (in a table of
    units, a row numbered I, II or A, B while units are numbered 1, 2; or named "Khối …",
    "Nhóm …"; or a label without values that names no unit), else data."""
    if not shape.units:
        return RowKind.DATA
    name = _cell(values, shape.label_col)
    name = nfc(str(name)) if name is not None and str(name).strip() else ""
    key = canonical(name)
    if key in words.GROUP_HEADING_WORDS or key.startswith(
            tuple(w + " " for w in words.GROUP_HEADING_WORDS)):
        return RowKind.GROUP_HEADING
    marks = [v for v in values[:(shape.label_col or 1) - 1] if isinstance(v, str) and v.strip()]
    if marks and all(words.GROUP_NUMBER.fullmatch(v) for v in marks):
        return RowKind.GROUP_HEADING
    held = [_cell(values, c) for c in shape.value_cols]
    if all(v in (None, "") for v in held) and not (
            name and (numbered_like_a_unit(values, shape) or names_a_unit(name))):
        return RowKind.GROUP_HEADING
    return RowKind.DATA


def looks_like_unit(values: list[object], shape: TableShape) -> bool:
    """Points (or "KPS") in at least half of the value columns."""
    held = [_cell(values, c) for c in shape.value_cols]
    return 2 * sum(1 for v in held if is_number(v) or is_not_arisen(v)) >= len(held)
