"""Find the table of a self-assessment form and what each of its columns holds.

Forms are made by hand, so nothing is at a fixed place: the header may start on any row,
span two or three merged rows ("Điểm" over "Tối đa | Tự đánh giá | Thẩm định"), and be
followed by a row of column numbers "(1) (2) (3)". Headers are matched by meaning on
:func:`cchc_index._internal.text.canonical` text (no accents, case, line breaks or extra spaces),
the most specific header cell of a column first: "Tự đánh giá" over "Số liệu" is a raw
figure column, "Tự đánh giá" over "Điểm" the self-score column.

>>> role_of(["Điểm", "Tự đánh giá"]), role_of(["Điểm thẩm định", "Lần 2"])
('self_points', 'appraisal_2')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cchc_index._internal import vocabulary as words
from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.recognise import (
    APPRAISAL_ROUND,
    is_column_number_row,
    is_unit_header,
    round_of,
)
from cchc_index._internal.text import canonical, nfc

CODE = "code"
NAME = "name"
MAX = "max_points"
SELF = "self_points"
APPRAISAL_1 = "appraisal_1"
APPRAISAL_2 = "appraisal_2"
FIGURE = "raw_figure"
RATE = "raw_rate"
EVIDENCE = "evidence"
EXPLANATION = "explanation"
GUIDE = "guide"
POINT_ROLES = (SELF, APPRAISAL_1, APPRAISAL_2)
TEXT_ROLES = (FIGURE, RATE, EVIDENCE, EXPLANATION)

@dataclass(frozen=True)
class FormLayout:
    """Where the parts of a form's table are (1-based rows and columns)."""

    header_row: int  # first row of the header
    header_depth: int  # rows the header spans
    data_row: int  # first row below the header (and its column-number row)
    columns: dict[str, int]  # role -> column
    labels: dict[str, str]  # role -> header text as typed, for messages


def _key(value: object) -> str:
    """Canonical header text, punctuation turned into spaces."""
    return _text_key(value if type(value) is str else str(value)) if value is not None else ""


@lru_cache(maxsize=4096)  # the same headers in every form of a batch
def _text_key(text: str) -> str:
    return re.sub(r"[^\w%]+", " ", canonical(text)).strip()


@lru_cache(maxsize=4096)
def _specific(key: str) -> str | None:
    """The role one header cell names on its own, or None."""
    if not key:
        return None
    for role, role_words in words.COLUMN_ROLE_WORDS:
        if any(word in key for word in role_words):
            return role
    if key in words.CODE_HEADERS or key.startswith(words.CODE_HEADER_STARTS):
        return CODE
    if any(key.startswith(w) or f" {w}" in key for w in words.NAME_HEADER_WORDS):
        return NAME
    return None


def role_of(texts: list[object]) -> str | None:
    """The role of a column from its header cells, top to bottom.

    The lowest cell that names a role on its own decides; generic cells below it ("Điểm",
    "Lần 2") only tell the appraisal round.
    """
    keys = [_key(t) for t in texts if t is not None and _key(t)]
    round_hint = ""
    for key in reversed(keys):
        if words.ROUND_2.search(key):
            round_hint = round_hint or APPRAISAL_2
        elif words.ROUND_1.search(key):
            round_hint = round_hint or APPRAISAL_1
        role = _specific(key)
        if role == "appraisal":
            return round_hint or "appraisal"
        if role is not None:
            return role
        if not words.GENERIC_HEADER.match(key):
            return None
    return None


def _merged_top_left(grid: Grid, row: int, col: int, top: int) -> object:
    """The value shown at (row, col): the top-left value of a merged range from ``top`` on."""
    value = grid.value(row, col)
    if value is not None:
        return value
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row <= row <= last_row and first_col <= col <= last_col and first_row >= top:
            return grid.value(first_row, first_col)
    return None


def _vertical_merge_reaches(grid: Grid, top: int, row: int) -> bool:
    return any(first_row == top and last_row >= row > first_row
               for first_row, _c, last_row, _l in grid.merged)


def _is_continuation(grid: Grid, top: int, row: int) -> bool:
    """Whether ``row`` still belongs to a header that starts on ``top``."""
    values = grid.rows[row - 1] if row <= len(grid.rows) else []
    if is_column_number_row(values):
        return False
    cells = [v for v in values if v is not None and str(v).strip()]
    if not cells:
        return False
    if _vertical_merge_reaches(grid, top, row):
        return True
    return all(isinstance(v, str) and (_specific(_key(v)) or words.GENERIC_HEADER.match(_key(v)))
               for v in cells)


def _columns(grid: Grid, top: int, depth: int,
             width: int) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    code_is_ma = False
    for col in range(1, width + 1):
        texts = [_merged_top_left(grid, top + i, col, top) for i in range(depth)]
        texts = [t for i, t in enumerate(texts) if t is not None and t not in texts[:i]]
        role = role_of(texts)
        if role is None:
            continue
        label = " / ".join(nfc(str(t)).replace("\n", " ") for t in texts)
        # the cells above a column, and its own cell when it is a comment column
        owner = texts if words.COMMENT_HEADER.search(_key(texts[-1])) else texts[:-1]
        if role == EXPLANATION and any(round_of(_key(t)) >= APPRAISAL_ROUND for t in owner):
            continue  # the council's own notes ("Ý kiến thẩm định"), not the unit's
        if role == "appraisal":
            role = APPRAISAL_1 if APPRAISAL_1 not in columns else APPRAISAL_2
        if role == CODE:
            is_ma = _key(texts[-1]).startswith("ma")
            if CODE in columns and not (is_ma and not code_is_ma):
                continue
            code_is_ma = is_ma
        elif role in columns and not (role == SELF and _older(labels[role], label)):
            continue
        columns[role] = col
        labels[role] = label
    return columns, labels


def _older(kept: str, other: str) -> bool:
    """Whether a column headed ``kept`` is an earlier year's beside one headed ``other``
    ("Điểm tự đánh giá năm 2023" inserted before this year's self-score column)."""
    year, other_year = _HEADER_YEAR.search(kept), _HEADER_YEAR.search(other)
    return year is not None and (other_year is None or other_year.group() > year.group())


_HEADER_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def find_form_layout(grid: Grid, max_scan: int = 60) -> FormLayout | None:
    """Locate a form's header: code or content column, and a self-score or appraisal column.

    Returns None when the sheet holds no such table (an instructions sheet, a
    consolidated table).
    """
    width = None
    for top in range(1, min(len(grid.rows), max_scan) + 1):
        texts = [v for v in grid.rows[top - 1] if isinstance(v, str)]
        if not any(_specific(_key(v)) in (CODE, NAME) for v in texts):
            continue
        if width is None:
            width = max(map(len, grid.rows), default=0)  # Grid.width
        found = _header_at(grid, top, width)
        if found is _CONSOLIDATED:
            return None  # a column of unit names: a consolidated table, not a form
        if found is not None:
            depth, below, columns, labels = found
            return FormLayout(top, depth, top + below, dict(columns), dict(labels))
    return None


_CONSOLIDATED = "consolidated"
# What a header block gave (see _header_at), by what it holds: every form of a batch
# has the same header.
_HEADERS: dict[tuple, object] = {}
_KEY_TYPES = {str, int, type(None)}  # values whose equality is their identity as text


def _header_at(grid: Grid, top: int, width: int) -> object:
    """:func:`_read_header_at`, read once for all the header blocks that hold the same
    values and merged ranges (its answer depends on nothing else)."""
    block = grid.rows[top - 1: top + 3]
    if not {type(v) for values in block for v in values} <= _KEY_TYPES:
        return _read_header_at(grid, top, width)
    key = (width, tuple(map(tuple, block)), tuple(
        (first_row - top, first_col, last_row - top, last_col)
        for first_row, first_col, last_row, last_col in grid.merged
        if top <= first_row <= top + 2))
    found = _HEADERS.get(key, _HEADERS)
    if found is _HEADERS:
        if len(_HEADERS) > 1024:
            _HEADERS.clear()
        found = _HEADERS[key] = _read_header_at(grid, top, width)
    return found


def _read_header_at(grid: Grid, top: int, width: int) -> object:
    """For a header starting on ``top``: (rows it spans, rows from ``top`` to the data,
    columns, labels); None when it names no code or content column and no score column;
    _CONSOLIDATED for a column of unit names.

    Reads rows ``top`` to ``top + 3`` only, and the merged ranges that start in the
    first three.
    """
    texts = [v for v in grid.rows[top - 1] if isinstance(v, str)]
    if any(is_unit_header(canonical(v)) for v in texts):
        return _CONSOLIDATED
    depth = 1
    while depth < 3 and top + depth <= len(grid.rows) and _is_continuation(
            grid, top, top + depth):
        depth += 1
    columns, labels = _columns(grid, top, depth, width)
    if (CODE in columns or NAME in columns) and (SELF in columns or APPRAISAL_1 in columns):
        data_row = top + depth
        if data_row <= len(grid.rows) and is_column_number_row(grid.rows[data_row - 1]):
            data_row += 1
        return depth, data_row - top, columns, labels
    return None
