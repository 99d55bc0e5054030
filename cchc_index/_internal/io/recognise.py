"""What one cell's text is, by the words of :mod:`cchc_index._internal.vocabulary`.

Every reader asks these functions, so that a header, a total row or a unit type means the
same in a form, a consolidated table, last year's results and a unit list.

>>> is_unit_header(header_key("Tên xã, phường")), published_column("Tổng số điểm (100 điểm)")
(True, 'published_total')
>>> unit_type("Phường 3"), is_total("Cộng khối xã"), is_total("Công an tỉnh")
('Phường', True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from cchc_index._internal import vocabulary as words
from cchc_index._internal.methodology.rounds import round_rank
from cchc_index._internal.text import canonical

# The appraisal round a column's header says (see :func:`round_of`), ranked as the
# methodology's counting rule ranks the columns they fill: the later round counts.
SELF_ROUND = round_rank("self_points")
UNMARKED_ROUND = round_rank("given_points")  # "Điểm": the points a table gives
APPRAISAL_ROUND = round_rank("appraisal_1")
SECOND_APPRAISAL_ROUND = round_rank("appraisal_2")
_UNIT_TYPES_LONGEST = sorted(words.UNIT_TYPES, key=len, reverse=True)
_COUNCIL = re.compile(rf"^({'|'.join(words.COUNCIL_PREFIXES)})\b\s*")
_LISTED = re.compile(r"[,/;]|\bva\b")
_BRACKETED = re.compile(r"\s*\((?!%\))[^)]*\)")  # "(100 điểm)", not "(%)"
_YEAR = re.compile(r"\s*\bnam (?:19|20)\d\d\b")


def header_key(value: object) -> str:
    """A header cell as a canonical key ("" for an empty cell)."""
    return canonical(value) if value is not None else ""


@lru_cache(maxsize=4096)  # the same headers and names in every sheet of a batch
def is_unit_header(key: str) -> bool:
    """Whether a canonical header names the unit column.

    >>> is_unit_header("ten xa, phuong, thi tran"), is_unit_header("so, ban, nganh")
    (True, True)
    >>> is_unit_header("dia phuong"), is_unit_header("xa"), is_unit_header("diem")
    (True, False, False)
    """
    if key in words.UNIT_HEADERS:
        return True
    parts = [p.strip() for p in _LISTED.split(key.removeprefix("ten "))]
    parts = [p for p in parts if p]
    return (key.startswith("ten ") or len(parts) > 1 or parts == ["dia phuong"]) and bool(
        parts) and all(p in words.UNIT_COLUMN_WORDS for p in parts)


def names_unit_column(text: str) -> bool:
    """Whether a header cell's text (as typed) names the unit column: :func:`is_unit_header`
    of its key, cached by the text itself (every sheet of a batch is scanned for one). A
    long text, or one with a digit ("Quyết định số 15 …"), never does."""
    return len(text) <= 48 and not _DIGIT.search(text) and _names_unit_column(text)


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=8192)
def _names_unit_column(text: str) -> bool:
    return is_unit_header(canonical(text))


def is_group_header(key: str) -> bool:
    return key in words.GROUP_HEADERS


def published_column(header: object) -> str | None:
    """The published result a header names ("Tổng số điểm", "Chỉ số CCHC năm 2024 (%)",
    "Xếp hạng năm 2024"): ``published_total``, ``_index``, ``_rank``, ``_class``, or None."""
    key = header_key(header)
    plain = _YEAR.sub("", _BRACKETED.sub("", key)).strip()
    for text in (key, plain):
        for name, keys in words.PUBLISHED_HEADERS.items():
            if text in keys or text.replace(" (%)", "") in keys:
                return name
    return None


def component_header(key: str) -> str | None:
    """"bonus" or "penalty" for a column named for that component ("Điểm thưởng")."""
    if key in words.BONUS_HEADERS:
        return "bonus"
    if key in words.PENALTY_HEADERS:
        return "penalty"
    return None


def is_ignored_header(key: str) -> bool:
    return key in words.IGNORED_HEADERS


def unit_type(name: str) -> str:
    """"Xã", "Phường", "Sở" … from the start of a unit name, "" when none."""
    key = canonical(name)
    for type_words in _UNIT_TYPES_LONGEST:
        if key == type_words or key.startswith(type_words + " "):
            return words.UNIT_TYPES[type_words]
    return ""


def sheet_names_a_unit(sheet: str) -> bool:
    """Whether a sheet's name is a unit's ("Xã Yên Thế", "Phường 3"), not a helper sheet's
    ("Số liệu", "Tổng hợp").

    >>> sheet_names_a_unit("Xã Yên Thế"), sheet_names_a_unit("Số liệu")
    (True, False)
    """
    return bool(unit_type(sheet)) and not is_helper_sheet_name(sheet)


def is_helper_sheet_name(sheet: str) -> bool:
    """A sheet named for figures, lists or instructions ("Số liệu", "Danh mục")."""
    return canonical(sheet).startswith(words.HELPER_SHEET_NAMES)


def after_council(line: str) -> str | None:
    """The text after "UBND" / "ỦY BAN NHÂN DÂN" in ``line`` (as typed), or None when the
    line does not start so."""
    found = _COUNCIL.match(canonical(line))
    if not found:
        return None
    return " ".join(line.split()[len(found.group(1).split()):])


def is_total(text: object) -> bool:
    """True for the label of a total or mean row ("Tổng cộng", "Cộng khối xã").

    >>> is_total("Tổng cộng"), is_total("Cộng khối xã"), is_total("Công an tỉnh")
    (True, True, False)
    >>> is_total("Trung bình cộng"), is_total("Tổng cộng/ Bình quân"), is_total("Tổng công ty")
    (True, True, False)
    >>> is_total("Cộng I + II"), is_total("Toàn huyện"), is_total("Điểm tối đa")
    (True, True, True)
    >>> is_total("Tổng số văn bản"), is_total("Công khai thủ tục"), is_total("Tổng kết")
    (False, False, False)
    """
    return bool(words.TOTAL_ROW.match(canonical(text)))


def is_bare_total(text: object) -> bool:
    """A total word alone ("Trung Bình"): also a commune's name."""
    return bool(words.BARE_TOTAL.match(canonical(text)))


def is_column_number_row(values: list[object]) -> bool:
    """A row of column numbers: "(1) (2) (3)…", "1 2 3 …", "(5)=(3)+(4)", "A B 1 2".

    >>> is_column_number_row(["(1)", "(2)", "(3)"]), is_column_number_row([1, 2, 3, None])
    (True, True)
    >>> is_column_number_row([1, 5, 2]), is_column_number_row(["1.1", "Kế hoạch", 2])
    (False, False)
    >>> is_column_number_row([2, None, 3, 4])  # a unit numbered 2, without its name
    False
    """
    cells = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(cells) < 3:
        return len(cells) >= 1 and all(re.fullmatch(r"\(\s*\d+\s*\)", c) for c in cells)
    if all(isinstance(v, int) for v in values if v is not None):
        numbers = [v for v in values if v is not None]  # 1, 2, 3 … (or 0, 1, 2 …)
        return numbers[0] in (0, 1) and numbers == list(range(numbers[0],
                                                                numbers[0] + len(numbers)))
    return all(words.COLUMN_NUMBER_CELL.match(c) for c in cells) and not all(
        isinstance(v, int | float) for v in values if v is not None)


def round_of(key: str) -> int:
    """How late the points under a canonical header are: :data:`SECOND_APPRAISAL_ROUND`
    (the council's second round), :data:`APPRAISAL_ROUND`, :data:`UNMARKED_ROUND`,
    :data:`SELF_ROUND` (the unit's own points).

    >>> round_of("diem tham dinh lan 2"), round_of("diem tu danh gia"), round_of("diem")
    (4, 1, 2)
    """
    if any(w in key for w in words.APPRAISAL_WORDS):
        return SECOND_APPRAISAL_ROUND if words.ROUND_2.search(key) else APPRAISAL_ROUND
    if any(w in key for w in words.SELF_WORDS):
        return SELF_ROUND
    return UNMARKED_ROUND
