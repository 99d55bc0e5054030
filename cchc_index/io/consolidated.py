"""Read consolidated tables: one row per unit, one column per field or criterion.

The shape of a published annex and of an analyst's own summary sheet:
``STT | Đơn vị | Nhóm | 1 | 2 | … | Tổng điểm | Chỉ số (%) | Xếp hạng | Xếp loại``.
Score columns are matched to methodology codes by their header: a code ("1", "3.2.1",
"Lĩnh vực 1", "1. Công tác chỉ đạo…") or the node's name. Points are taken as given
(``given_points``); published totals, indices, ranks and classes are kept for re-checking.
Rows that carry only a heading ("I. KHỐI PHƯỜNG") name the group of the rows below.

The table is read past blank rows, group headings and subtotals ("Cộng khối xã") to its
real end: the signature block or the notes below it ("TM. ỦY BAN NHÂN DÂN", "Người lập
biểu", "Ghi chú:", "…, ngày … tháng … năm …"), or, after a blank or total row, a row that
is not a unit (a summary "Xếp loại | Số lượng", "Tốt | 1 | 50%": a unit has points in at
least half of the score columns) or another table under its own title. Rows left below
that still look like units are reported by :func:`cchc_index.accounting.rows_left_unread`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from cchc_index.entries import Batch, make_entries, make_units
from cchc_index.errors import Problem
from cchc_index.io.cells import Grid, address
from cchc_index.io.form_rows import ROMAN, parse_code
from cchc_index.methodology.model import Component, Methodology
from cchc_index.text import NumberParseError, canonical, is_not_arisen, is_number, nfc, parse_number

UNIT_HEADERS = {"don vi", "ten don vi", "tinh, thanh pho", "tinh thanh pho", "tinh/thanh pho",
                "xa, phuong", "ten xa, phuong", "xa phuong", "co quan, don vi", "co quan",
                "ten co quan, don vi", "unit", "unit name", "don vi duoc danh gia"}
GROUP_HEADERS = {"nhom", "loai don vi", "nhom don vi", "khoi", "group"}
PUBLISHED_HEADERS = {
    "published_total": {"tong diem", "tong", "total", "total points", "tong diem dat duoc",
                        "tong so diem", "diem dat duoc"},
    "published_index": {"chi so", "chi so (%)", "chi so cchc", "chi so cchc (%)",
                        "chi so cchc %", "index", "index (%)", "ty le (%)"},
    "published_rank": {"xep hang", "thu hang", "rank", "hang", "thu tu xep hang"},
    "published_class": {"xep loai", "phan loai", "class", "classification"},
}
IGNORED_HEADERS = {"stt", "so thu tu", "tt", "ghi chu", "note", "notes"}
_CODE_PREFIX = re.compile(
    r"^(?:linh vuc|lv|tieu chi|tc|field|criterion)?\s*(\d+(?:\.\d+)*)\.?(?:\s|$)")
# "Tổng cộng", "Cộng khối xã", "Trung bình chung", "Tổng:" — but not "Công an tỉnh".
# A total or mean row: the keyword alone, or followed by punctuation or a word that a unit
# name never has there ("Cộng khối xã", "Trung bình của tỉnh"; not "Công an tỉnh",
# "Tổng công ty …").
_TOTAL = re.compile(r"^(?:(?:tong cong|tong so|tong hop|tong|cong|trung binh cong|trung binh|"
                    r"binh quan|diem binh quan|diem trung binh|total|average|mean|sum)"
                    r"(?:$|\s*[:(.,;/+-]|\s+(?:khoi|nhom|chung|toan|cac|ca|so|diem|chi so|"
                    r"xa|phuong|thi tran|thi xa|huyen|tinh|don vi|cua|trung binh|binh quan|"
                    r"score|of|[ivx]+\b|\d))"
                    r"|(?:toan|ca) (?:huyen|tinh|thanh pho|thi xa|quan|khoi|nhom)\b"
                    r"|(?:cao nhat|thap nhat|diem toi da|diem chuan|thang diem)(?:$|\s*[:(.,;/-]))")
# A total keyword alone ("Trung bình", "Cộng") can also be a commune's name ("Trung Bình",
# Trần Đề): on a row numbered like the units, it is a unit.
_BARE_TOTAL = re.compile(r"^(?:trung binh|binh quan|cong|tong)$")
# The first words of a signature block or of notes below the table ...
STRONG_END_MARKERS = (
    "tm.", "tm ", "t/m", "t.m", "kt.", "kt ", "k/t", "tl.", "ttl.", "q. ", "chu tich",
    "pho chu tich", "truong phong", "pho truong phong", "giam doc", "pho giam doc",
    "thu truong", "nguoi lap", "nguoi ky", "nguoi tong hop", "can bo tong hop", "(ky",
    "ky ten", "noi nhan", "luu:", "luu vt", "xac nhan", "ghi chu", "chu thich", "luu y",
    "chu y", "nguon:", "nguon so lieu", "note", "source")
# ... and of a summary, words that may also head a group of units ("Xếp loại Tốt").
END_MARKERS = (*STRONG_END_MARKERS, "*", "xep loai", "tong hop xep loai", "ket qua xep loai",
               "thong ke")
_DATE_LINE = re.compile(r"\bngay\b.*\bthang\b")
_YEAR = re.compile(r"\bnam\s+(20\d\d)\b")


@dataclass
class Layout:
    """Where things are in a consolidated sheet (1-based columns)."""

    header_row: int
    data_row: int
    unit_col: int
    scores: dict[int, str]  # column -> methodology code
    group_col: int | None
    published: dict[str, int]
    extra: dict[int, str]  # other named columns, kept as unit attributes
    ignored: list[tuple[int, str]]  # headers that look like scores but match nothing
    # Columns of the units' own points beside the council's, which are scored instead.
    self_assessed: list[int] = field(default_factory=list)


# Unit types a district's or province's annex heads its unit column with ("Xã, phường,
# thị trấn", "Huyện, thị xã, thành phố", "Sở, ban, ngành").
_UNIT_TYPE_WORDS = {"xa", "phuong", "thi tran", "dac khu", "huyen", "quan", "thi xa",
                    "thanh pho", "tinh", "so", "ban", "nganh", "co quan", "don vi", "dia phuong"}


def is_unit_header(key: str) -> bool:
    """Whether a canonical header names the unit column.

    >>> is_unit_header("ten xa, phuong, thi tran"), is_unit_header("so, ban, nganh")
    (True, True)
    >>> is_unit_header("dia phuong"), is_unit_header("xa"), is_unit_header("diem")
    (True, False, False)
    """
    if key in UNIT_HEADERS:
        return True
    parts = [p.strip() for p in re.split(r"[,/;]|\bva\b", key.removeprefix("ten "))]
    parts = [p for p in parts if p]
    return (key.startswith("ten ") or len(parts) > 1 or parts == ["dia phuong"]) and bool(
        parts) and all(p in _UNIT_TYPE_WORDS for p in parts)


def match_code(header: object, methodology: Methodology) -> str | None:
    """The methodology code a column header stands for, or None.

    >>> from cchc_index.methodology.load import load_methodology
    >>> m = load_methodology()
    >>> match_code("Lĩnh vực 3", m), match_code("Cải cách tài chính công", m)
    ('3', '6')
    >>> match_code("Lĩnh vực II", m), match_code("VI. Cải cách tài chính công", m)
    ('2', '6')
    >>> match_code("Vị trí", m) is None
    True
    """
    if header is None:
        return None
    tree = methodology.tree
    if isinstance(header, int | float) and not isinstance(header, bool):
        text = f"{header:g}"
    else:
        text = canonical(header).replace("\n", " ")
    found = _CODE_PREFIX.match(text)
    codes = set(tree["code"])
    if found and found.group(1) in codes:
        return found.group(1)
    by_name = {canonical(n): c for c, n in zip(tree["code"], tree["name"], strict=True)}
    if text in by_name:
        return by_name[text]
    return (_field_by_roman_numeral(text, codes, by_name)
            or _bonus_or_penalty(text, methodology))


# Annex columns named for the component rather than the criterion.
_COMPONENT_HEADERS = {
    Component.BONUS: {"diem thuong", "diem cong", "thuong", "cong diem", "diem thuong (cong)"},
    Component.PENALTY: {"diem tru", "tru diem", "diem tru (vi pham)"},
}


def _bonus_or_penalty(text: str, methodology: Methodology) -> str | None:
    """The bonus (or penalty) criterion a "Điểm thưởng" ("Điểm trừ") column stands for: the
    topmost criterion of that component, when there is exactly one."""
    component = next((c for c, words in _COMPONENT_HEADERS.items() if text in words), None)
    if component is None:
        return None
    tree = methodology.tree
    mine = tree[tree["component"] == component]
    if mine.empty:
        return None
    top = mine[mine["level"] == mine["level"].min()]
    return str(top["code"].iloc[0]) if len(top) == 1 else None


# A field numbered as the forms number it: "Lĩnh vực II", "II. Công tác chỉ đạo …", "II".
# The numeral must stand alone or be marked ("II.", "II)", after "Lĩnh vực"), so that a
# header word such as "Vị trí" is not read as field VI.
_ROMAN_FIELD = re.compile(r"^(?:(?:linh vuc|lv|field)\s+(?P<named>[ivx]+)\b\s*[.):-]?"
                          r"|(?P<marked>[ivx]+)\s*[.):-])\s*(?P<rest>.*)$"
                          r"|^(?P<bare>[ivx]+)$")


def _field_by_roman_numeral(text: str, codes: set[str], by_name: dict[str, str]) -> str | None:
    """The field a header numbers in Roman numerals; by the name after the numeral where
    that is a criterion's name, else by the numeral (field II is code "2")."""
    found = _ROMAN_FIELD.match(text)
    if found is None:
        return None
    rest = found.group("rest") or ""
    if rest in by_name:
        return by_name[rest]
    numeral = parse_code((found.group("named") or found.group("marked")
                          or found.group("bare")).upper())
    code = str(numeral.ordinal) if numeral.style == ROMAN else None
    return code if code in codes else None


def find_layout(grid: Grid, methodology: Methodology, max_scan: int = 40) -> Layout | None:
    """Locate the header (one or two rows) of a consolidated table, or None."""
    for row in range(1, min(len(grid.rows), max_scan) + 1):
        texts = [canonical(v).replace("\n", " ") for v in grid.rows[row - 1]]
        unit_cols = [i + 1 for i, t in enumerate(texts) if is_unit_header(t)]
        if not unit_cols:
            continue
        layout = _columns(grid, row, unit_cols[0], methodology)
        if layout.scores:
            return layout
    return None


def _columns(grid: Grid, row: int, unit_col: int, methodology: Methodology) -> Layout:
    scores: dict[int, str] = {}
    published: dict[str, int] = {}
    extra: dict[int, str] = {}
    ignored: list[tuple[int, str]] = []
    self_assessed: list[int] = []  # a block of the unit's own points, not scored
    group_col = None
    used_second = False
    spanned = _spanned_columns(grid, row)
    for col in range(1, grid.width + 1):
        if col == unit_col:
            continue
        top, below = grid.value(row, col), grid.value(row + 1, col)
        key = canonical(top).replace("\n", " ")
        code = match_code(top, methodology)
        if code is None and (top is None or col in spanned) and _is_header_text(below):
            code = match_code(below, methodology)
            used_second = used_second or code is not None
        if code is not None and code in scores.values():
            earlier = next(c for c, other in scores.items() if other == code)
            if _round_of(grid, row, col) > _round_of(grid, row, earlier):
                # "Điểm thẩm định" after "Điểm tự đánh giá": the council's points count
                self_assessed.append(earlier)
                del scores[earlier]
                scores[col] = code
            elif _round_of(grid, row, col) < _round_of(grid, row, earlier):
                self_assessed.append(col)
            else:
                ignored.append((col, nfc(str(top if top is not None else below))))
        elif code is not None:
            scores[col] = code
        elif key in GROUP_HEADERS and group_col is None:
            group_col = col
        elif (name := _published(key) or (
                _published(canonical(below)) if col in spanned else None)):
            published.setdefault(name, col)
        elif key and key not in IGNORED_HEADERS:
            if re.match(r"^(linh vuc|lv|tieu chi|tc)\b", key) or any(
                    key in words for words in _COMPONENT_HEADERS.values()):
                ignored.append((col, nfc(str(top))))
            else:
                extra[col] = nfc(str(top))
    if used_second:
        _lost_merge(grid, row, scores, extra, ignored, methodology)
    scores = dict(sorted(scores.items()))
    data_row = row + (2 if used_second else 1)
    # The unit's header cell merged down over more header rows (fields' maxima "(12 điểm)",
    # their numbers): the data start below it.
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row and first_col <= unit_col <= last_col:
            data_row = max(data_row, last_row + 1)
    if _is_column_number_row(grid.rows[data_row - 1] if data_row <= len(grid.rows) else []):
        data_row += 1
    return Layout(row, data_row, unit_col, scores, group_col, published, extra, ignored,
                  sorted(self_assessed))


def _numbered_like_a_unit(values: list[object], unit_col: int) -> bool:
    """Whether the row's number (a cell left of the unit's name) is an Arabic one, as units
    are numbered ("1", 2); group headings are numbered I, II or A, B."""
    for value in values[:unit_col - 1]:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return True
        if isinstance(value, str) and re.fullmatch(r"\s*\d{1,4}\s*\.?\s*", value):
            return True
    return False


def _names_a_unit(name: str) -> bool:
    """A unit's name as typed ("Xã Đông Sơn", "UBND phường …"), not a heading in capitals
    ("KHỐI XÃ") or a type alone ("Xã")."""
    from cchc_index.io.form_identity import unit_type

    words = name.split()
    return (len(words) >= 2 and name != name.upper()
            and bool(unit_type(re.sub(r"^(ubnd|uy ban nhan dan) ", "", canonical(name)))))


def _is_group_heading(values: list[object], unit_col: int, name: str) -> bool:
    """A group's row, even with the group's means beside it: numbered I, II (or A, B) while
    units are numbered 1, 2, or named "Khối …" / "Nhóm …"."""
    key = canonical(name)
    if key.startswith(("khoi ", "nhom ")) or key in ("khoi", "nhom"):
        return True
    marks = [v for v in values[:unit_col - 1] if isinstance(v, str) and v.strip()]
    return bool(marks) and all(re.fullmatch(r"\s*([IVX]{1,4}|[A-D])\s*[.)]?\s*", v)
                               for v in marks)


def _published(key: str) -> str | None:
    """The published result a header names ("Tổng số điểm", "Chỉ số CCHC năm 2024 (%)",
    "Xếp hạng năm 2024"), or None."""
    plain = re.sub(r"\s*\((?!%\))[^)]*\)", "", key)  # "(100 điểm)", not "(%)"
    plain = re.sub(r"\s*\bnam (?:19|20)\d\d\b", "", plain).strip()
    for text in (key, plain):
        for name, keys in PUBLISHED_HEADERS.items():
            if text in keys or text.replace(" (%)", "") in keys:
                return name
    return None


def _heading_over(grid: Grid, row: int, col: int) -> str:
    """The text of the header cell above ``col`` on ``row``, merged across it or its own."""
    for first_row, first_col, _last_row, last_col in grid.merged:
        if first_row == row and first_col <= col <= last_col:
            value = grid.value(row, first_col)
            return nfc(str(value)) if value is not None else ""
    value = grid.value(row, col)
    return nfc(str(value)) if value is not None else ""


def _round_of(grid: Grid, row: int, col: int) -> int:
    """How late the points under a header are: 2 for the council's (thẩm định, lần 2 the
    latest), 1 for unmarked, 0 for the unit's own (tự đánh giá, tự chấm)."""
    key = canonical(_heading_over(grid, row, col))
    if "tham dinh" in key or "hoi dong" in key:
        return 3 if re.search(r"\b(lan|vong) (2|ii)\b|phuc tra", key) else 2
    if "tu danh gia" in key or "tu cham" in key:
        return 0
    return 1


def _lost_merge(grid: Grid, row: int, scores: dict[int, str], extra: dict[int, str],
                ignored: list[tuple[int, str]], methodology: Methodology) -> None:
    """In a two-row header, a column whose top cell names no criterion but whose second
    row does: the top is a group heading ("Điểm đạt được theo lĩnh vực") that lost its
    merge (a CSV keeps its text in the first column only). Its second row is its header."""
    for col in [*extra, *(c for c, _text in ignored)]:
        code = match_code(grid.value(row + 1, col), methodology)
        if code is None or code in scores.values():
            continue
        scores[col] = code
        extra.pop(col, None)
        ignored[:] = [(c, text) for c, text in ignored if c != col]
    scores_in_order = dict(sorted(scores.items()))
    scores.clear()
    scores.update(scores_in_order)


def _spanned_columns(grid: Grid, row: int) -> set[int]:
    """Columns under a header cell merged across several columns on ``row``."""
    spanned: set[int] = set()
    for first_row, first_col, last_row, last_col in grid.merged:
        if first_row == row == last_row and last_col > first_col:
            spanned.update(range(first_col, last_col + 1))
    return spanned


def _is_header_text(value: object) -> bool:
    return isinstance(value, str | int | float)


def _is_column_number_row(values: list[object]) -> bool:
    texts = [str(v).strip() for v in values if v not in (None, "")]
    return bool(texts) and all(re.fullmatch(r"\(\s*\d+\s*\)", t) for t in texts)


def read_consolidated(grid: Grid, layout: Layout, file: str, methodology: Methodology) -> Batch:
    """Units and their given points from a located consolidated table (see the module
    docstring for where the table ends)."""
    problems = [Problem("I004", "warning", file, grid.sheet, address(layout.header_row, c),
                        found=f"«{t}»") for c, t in layout.ignored]
    if layout.self_assessed:  # one warning for the block
        first, last = layout.self_assessed[0], layout.self_assessed[-1]
        problems.append(Problem("I009", "warning", file, grid.sheet,
                                address(layout.header_row, first),
                                found=f"{address(layout.header_row, first)}:"
                                      f"{address(layout.header_row, last)}"))
    year = _year(grid, layout.header_row)
    units, entries = [], []
    group_heading = ""
    gap = False  # a blank or total row since the last unit: what follows must look like units
    unit_row = 0  # the row of the last unit read
    titled = False  # a heading after a gap: the title of whatever comes next
    for row in range(layout.data_row, len(grid.rows) + 1):
        values = grid.rows[row - 1]
        if is_blank(values):
            gap = gap or bool(units)
            continue
        if _is_column_number_row(values):
            continue
        if _is_header(grid, row, layout):
            if gap and titled:
                break  # another table under its own title ("BẢNG 2. CÁC SỞ")
            continue  # the header repeated on each printed page
        if units and ends_table(values, weak=gap):
            break
        name = grid.value(row, layout.unit_col)
        name = nfc(str(name)) if name is not None else ""
        numbered = _numbered_like_a_unit(values, layout.unit_col)
        label = name or _first_text(values)
        if is_total(label) and not (numbered and _BARE_TOTAL.match(canonical(name))):
            gap = gap or bool(units)
            continue
        score_cells = {c: grid.value(row, c) for c in layout.scores}
        blank = all(v in (None, "") for v in score_cells.values())
        if (blank and not (name and (numbered or _names_a_unit(name)))) or _is_group_heading(
                values, layout.unit_col, name):
            if label:  # "I. KHỐI XÃ", with or without the group's means beside it
                group_heading, titled = label, gap
            continue
        if gap and not (name and _looks_like_unit(score_cells.values())):
            break  # a summary below the table ("Tốt | 1 | 50%"), not a unit
        gap = titled = False
        if not name:
            round_here = _second_row_round(grid, row, layout.unit_col, unit_row, values)
            if round_here == "appraisal":  # the council's row under the unit's own: it counts
                last = units[-1]
                for key, col in layout.published.items():
                    last[key] = grid.value(row, col)
                entries[len(entries) - len(layout.scores):] = [
                    _entry(last["unit_id"], code, score_cells[col], file, grid.sheet,
                           address(row, col), last["unit"], problems)
                    for col, code in layout.scores.items()]
                continue
            if round_here != "self":
                problems.append(Problem("I015", "error", file, grid.sheet,
                                        address(row, layout.unit_col)))
            continue
        unit_row = row
        unit_id = f"{file}|{grid.sheet}|{row}"
        unit = {"unit_id": unit_id, "unit": name, "file": file, "sheet": grid.sheet,
                "year": year, "unit_source": address(row, layout.unit_col),
                "group": _group(grid, row, layout, group_heading)}
        for key, col in layout.published.items():
            unit[key] = grid.value(row, col)
        for col, header in layout.extra.items():
            unit[header] = grid.value(row, col)
        units.append(unit)
        for col, code in layout.scores.items():
            entries.append(_entry(unit_id, code, score_cells[col], file, grid.sheet,
                                  address(row, col), name, problems))
    if not units:
        problems.append(Problem("I005", "error", file, grid.sheet,
                                address(layout.header_row, layout.unit_col)))
    return Batch(make_units(units) if units else make_units([]),
                 make_entries(entries) if entries else make_entries([]), problems)


def _second_row_round(grid: Grid, row: int, unit_col: int, unit_row: int,
                      values: list[object]) -> str:
    """For a row without a name whose name cell is merged with the last unit's: "appraisal"
    when it holds the council's points ("Thẩm định"), "self" for the unit's own, "" for
    anything else (a row of points without a unit, reported)."""
    merged = any(first_row == unit_row and first_row < row <= last_row
                 and first_col <= unit_col <= last_col
                 for first_row, first_col, last_row, last_col in grid.merged)
    if not merged or not unit_row:
        return ""
    texts = [canonical(v) for v in values if isinstance(v, str)]
    if any("tham dinh" in t or "hoi dong" in t for t in texts):
        return "appraisal"
    if any("tu danh gia" in t or "tu cham" in t for t in texts):
        return "self"
    return ""


def is_blank(values: list[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def is_total(text: object) -> bool:
    """True for the label of a total or mean row ("Tổng cộng", "Cộng khối xã").

    >>> is_total("Tổng cộng"), is_total("Cộng khối xã"), is_total("Công an tỉnh")
    (True, True, False)
    >>> is_total("Trung bình cộng"), is_total("Tổng cộng/ Bình quân"), is_total("Tổng công ty")
    (True, True, False)
    >>> is_total("Cộng I + II"), is_total("Toàn huyện"), is_total("Điểm tối đa")
    (True, True, True)
    """
    return bool(_TOTAL.match(canonical(text)))


def ends_table(values: list[object], weak: bool = True) -> bool:
    """True for a row of the signature block, the notes or a summary below a table: text
    only, one piece of which starts like one ("TM. ỦY BAN NHÂN DÂN", "Ghi chú:", "…, ngày
    15 tháng 01 năm 2025"). With ``weak``, also the words that may as well head a group of
    units ("Xếp loại", "* …"): only after a blank or total row do they end the table.
    """
    texts = [canonical(v) for v in values if isinstance(v, str) and v.strip()]
    if not texts or any(is_number(v) for v in values):
        return False
    markers = END_MARKERS if weak else STRONG_END_MARKERS
    return any(t.startswith(markers) or _DATE_LINE.search(t) for t in texts)


def _looks_like_unit(scores: Iterable[object]) -> bool:
    """Points (or "KPS") in at least half of the score columns."""
    scores = list(scores)
    held = sum(1 for v in scores if is_number(v) or is_not_arisen(v))
    return 2 * held >= len(scores)


def score_columns(batch: Batch) -> set[int]:
    """The 1-based columns a batch's points were read from (from the entries' cells)."""
    if "cell_given_points" not in batch.entries:
        return set()
    columns = set()
    for cell in batch.entries["cell_given_points"].dropna().unique():
        letters = re.match(r"[A-Z]+", str(cell))
        if letters:
            columns.add(_column_number(letters.group(0)))
    return columns


def _column_number(letters: str) -> int:
    """``"AB"`` is 28."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _is_header(grid: Grid, row: int, layout: Layout) -> bool:
    """The header repeated inside the table (a table pasted page by page)."""
    return canonical(grid.value(row, layout.unit_col)).replace("\n", " ") in UNIT_HEADERS


def _entry(unit_id, code, value, file, sheet, cell, unit_name, problems) -> dict:
    entry = {"unit_id": unit_id, "code": code, "file": file, "sheet": sheet,
             "cell_given_points": cell, "given_points": None, "not_arisen": False}
    if is_not_arisen(value):
        entry["not_arisen"] = True
        return entry
    try:
        entry["given_points"] = parse_number(value)
    except NumberParseError:
        problems.append(Problem("I010", "error", file, sheet, cell, unit_name, code,
                                found=f"«{value}»"))
    return entry


def _group(grid: Grid, row: int, layout: Layout, heading: str) -> str:
    if layout.group_col is not None:
        value = grid.value(row, layout.group_col)
        return nfc(str(value)) if value is not None else ""
    return heading


def _first_text(values: list[object]) -> str:
    return next((nfc(v) for v in values if isinstance(v, str) and v.strip()), "")


def _year(grid: Grid, header_row: int) -> str:
    for row in grid.rows[: header_row - 1]:
        for value in row:
            found = _YEAR.search(canonical(value)) if isinstance(value, str) else None
            if found:
                return found.group(1)
    return ""
