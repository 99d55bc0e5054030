"""Every word, pattern and mark the readers recognise, each concept once, as plain data.

The readers of forms and consolidated tables, the accounting of what was left unread, and
the readers of last year's results and of a unit list all take their words from here, so
a header that one of them knows the others know too. Words are *canonical* keys (see
:func:`cchc_index._internal.text.canonical`: no accents, đ as d, lower case, single spaces), so
"ĐIỂM TỰ ĐÁNH GIÁ", "Điểm tự đánh giá" and "Diem tu danh gia" are one word here.

Patterns are compiled from the word tables below them; the functions that apply them to a
cell or a row are in :mod:`~.io.recognise` and :mod:`~.io.rows`.
Adding a word: put it in its table, and add a case to ``tests/test_vocabulary.py``.
This module imports nothing, so every layer may use it.
"""

from __future__ import annotations

import re


def _alternatives(words: tuple[str, ...] | frozenset[str]) -> str:
    """A regex alternation of ``words``, longest first (so "tong cong" wins over "tong")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# ---- units: types, councils, headers -------------------------------------------------

# The first words of a unit's name, and the type they give ("Xã Minh Tiến" is a Xã).
UNIT_TYPES: dict[str, str] = {
    "xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "dac khu": "Đặc khu",
    "so": "Sở", "ban": "Ban", "van phong": "Văn phòng", "thanh tra": "Thanh tra",
    "huyen": "Huyện", "quan": "Quận", "thi xa": "Thị xã", "thanh pho": "Thành phố",
    "tinh": "Tỉnh",
}
# "UBND XÃ …", "Ủy ban nhân dân phường …": the council before a unit's name.
COUNCIL_PREFIXES = ("ubnd", "uy ban nhan dan")
# Heading lines of a form that name the unit without "UBND" (a department; the commune's
# line under its district's "UBND HUYỆN …").
HEADING_UNIT_WORDS = ("so", "ban quan ly", "van phong", "thanh tra", "xa", "phuong",
                      "thi tran", "dac khu")

# The header of the unit column of a table (consolidated tables, results, unit lists).
UNIT_HEADERS = frozenset({
    "don vi", "ten don vi", "tinh, thanh pho", "tinh thanh pho", "tinh/thanh pho",
    "xa, phuong", "ten xa, phuong", "xa phuong", "co quan, don vi", "co quan",
    "ten co quan, don vi", "unit", "unit name", "don vi duoc danh gia",
})
# Words that, listed together, head a unit column: "Xã, phường, thị trấn", "Sở, ban,
# ngành", "Tên xã, thị trấn", "Địa phương".
UNIT_COLUMN_WORDS = frozenset({*UNIT_TYPES, "nganh", "co quan", "don vi", "dia phuong"})
GROUP_HEADERS = frozenset({"nhom", "loai don vi", "nhom don vi", "khoi", "group"})
# Results a consolidated table or an annex publishes beside the points, re-checked.
PUBLISHED_HEADERS: dict[str, frozenset[str]] = {
    "published_total": frozenset({"tong diem", "tong", "total", "total points",
                                  "tong diem dat duoc", "tong so diem", "diem dat duoc",
                                  "points"}),
    "published_index": frozenset({"chi so", "chi so (%)", "chi so cchc", "chi so cchc (%)",
                                  "chi so cchc %", "index", "index (%)", "ty le (%)",
                                  "index_pct"}),
    "published_rank": frozenset({"xep hang", "thu hang", "rank", "hang", "thu tu xep hang"}),
    "published_class": frozenset({"xep loai", "phan loai", "class", "classification"}),
}
# Headers of columns that are never data: the row number, notes.
IGNORED_HEADERS = frozenset({"stt", "so thu tu", "tt", "ghi chu", "note", "notes"})
# Columns named for a component rather than a criterion ("Điểm thưởng", "Điểm trừ").
BONUS_HEADERS = frozenset({"diem thuong", "diem cong", "thuong", "cong diem",
                           "diem thuong (cong)"})
PENALTY_HEADERS = frozenset({"diem tru", "tru diem", "diem tru (vi pham)"})
# Words before a code in a header or a code cell: "Lĩnh vực 2", "Tiêu chí 1.1", "TC 3".
CODE_PREFIX_WORDS = ("linh vuc", "lv", "tieu chi thanh phan", "tieu chi", "tc", "muc",
                     "phan", "field", "criterion")

# Names of sheets that hold no unit's form, whatever they start with ("Số liệu" is no
# "Sở"): figures and lists a form refers to, instructions, summaries.
HELPER_SHEET_NAMES = ("so lieu", "du lieu", "tong hop", "danh muc", "huong dan", "bang tinh",
                      "tham chieu", "phu luc", "ghi chu", "bieu do", "data", "sheet")

# ---- columns of a form ----------------------------------------------------------------

# What a header cell names, tried in this order; the first whose word it contains wins.
# "self" comes before the maximum: "Tự chấm (tối đa 100đ)" is the self-score.
SELF_WORDS = ("tu danh gia", "tu cham", "tu dg")
APPRAISAL_WORDS = ("tham dinh", "hoi dong", "hd td", "hdtd")
COLUMN_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("guide", ("huong dan",)),
    ("evidence", ("kiem chung", "minh chung")),
    ("explanation", ("giai trinh", "ghi chu", "thuyet minh", "y kien", "nhan xet", "ly do")),
    ("raw_figure", ("so lieu", "ket qua thuc hien")),
    ("raw_rate", ("ty le",)),
    ("self_points", SELF_WORDS),
    ("appraisal", APPRAISAL_WORDS),
    ("max_points", ("toi da", "diem chuan", "thang diem", "diem quy dinh")),
)
# The code column's header, whole ("STT", "Mã số") or as its first word ("Mã tiêu chí …").
CODE_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu", "ma", "ma so", "ma tieu chi",
                          "stt ma", "ma stt", "ky hieu", "so hieu", "code", "no"})
CODE_HEADER_STARTS = ("ma ", "stt ", "so tt ", "so thu tu ")
# The content column's header: a cell starting with (or containing) one of these.
NAME_HEADER_WORDS = ("noi dung", "tieu chi", "linh vuc", "ten chi so", "chi tieu")
# Header cells that only say "points" or which round: their meaning is in the cell above.
GENERIC_HEADER = re.compile(r"^(diem|so diem|diem so|lan \d|lan [iv]+|vong \d|dot \d|\d)$")
# A comment column ("Ý kiến thẩm định", "Nhận xét của Hội đồng"): whose, its header says.
COMMENT_HEADER = re.compile(r"\b(y kien|nhan xet|ly do)\b")
# The appraisal rounds: "lần 2", "vòng II", "phúc tra" is the second.
ROUND_2 = re.compile(r"\b(lan|vong|dot) (2|ii)\b|\bphuc (tra|khao)\b")
ROUND_1 = re.compile(r"\b(lan|vong|dot) (1|i)\b")
# A cell of a column-number row: "(1)", "2", "A", "(5)=(3)+(4)".
COLUMN_NUMBER_CELL = re.compile(
    r"^\(?\s*[0-9a-zA-Z]{1,2}\s*\)?(\s*[-+=x*/]\s*\(?\s*\d+\s*\)?)*$")
# A maximum a table states for its column or row (canonical text): in the header cell
# ("1.1.1 (1,5 điểm)", "TC 3.2 (tối đa 2đ)"), or as a cell of its own under the header
# or in a maximum column ("(1,5)", "1,5 điểm", "Tối đa 2").
MAX_IN_HEADER = re.compile(r"\(\s*(?:toi da\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*(?:diem|d)?\s*\.?\s*\)")
MAX_CELL = re.compile(r"^\(?\s*(?:toi da\s*:?\s*)?(\d+(?:[.,]\d+)?)\s*(?:diem|d)?\s*\.?\s*\)?$")

# ---- rows -------------------------------------------------------------------------------

# A total, subtotal or mean row: one of these words alone, or followed by punctuation or
# by a word a unit's or criterion's name never has there ("Cộng khối xã", "Tổng điểm
# (I+II)", "Cộng lĩnh vực I"); not "Công an tỉnh", "Công khai …", "Tổng kết …", "Tổng số
# văn bản …", "Tổng công ty …".
# Words that say "total" whatever follows them ("Tổng cộng tất cả", "Total score") …
TOTAL_PHRASES = ("tong cong", "tong diem", "tong so diem", "diem tong", "trung binh cong",
                 "total")
# … and words that do only alone or before a follower ("Cộng khối xã", not "Công an").
TOTAL_WORDS = ("tong so", "tong hop", "tong", "cong", "trung binh", "binh quan",
               "diem binh quan", "diem trung binh", "average", "mean", "sum")
TOTAL_FOLLOWERS = ("khoi", "nhom", "chung", "toan", "cac", "ca", "diem", "chi so", "xa",
                   "phuong", "thi tran", "thi xa", "huyen", "tinh", "don vi", "cua",
                   "trung binh", "binh quan", "linh vuc", "score", "of")
# Whole-area rows ("Toàn huyện", "Cả tỉnh") and rows of reference values ("Điểm tối đa").
AREA_TOTAL = re.compile(r"^(?:toan|ca) (?:huyen|tinh|thanh pho|thi xa|quan|khoi|nhom)\b")
REFERENCE_ROWS = ("cao nhat", "thap nhat", "diem toi da", "diem chuan", "thang diem")
# Names that start like a total phrase without being one (accents gone, "Tổng công ty"
# reads as "Tổng cộng ty").
NOT_TOTALS = ("tong cong ty",)
TOTAL_ROW = re.compile(
    rf"^(?!(?:{_alternatives(NOT_TOTALS)})\b)"
    rf"(?:(?:{_alternatives(TOTAL_PHRASES)})\b"
    rf"|(?:{_alternatives(TOTAL_WORDS)})"
    rf"(?:$|\s*[:().,;/+-]|\s+(?:{_alternatives(TOTAL_FOLLOWERS)}|[ivx]+\b|\d))"
    rf"|{AREA_TOTAL.pattern[1:]}"
    rf"|(?:{_alternatives(REFERENCE_ROWS)})(?:$|\s*[:(.,;/-]))")
# A total word alone can also be a commune's name ("Trung Bình", Trần Đề): on a row
# numbered like the units, it is a unit.
BARE_TOTAL = re.compile(r"^(?:trung binh|binh quan|cong|tong)$")

# The first words of a signature block: where a table certainly ends.
SIGNATURE_MARKERS = (
    "tm.", "tm ", "t/m", "t.m", "kt.", "kt ", "k/t", "tl.", "ttl.", "q. ", "chu tich",
    "pho chu tich", "truong phong", "pho truong phong", "giam doc", "pho giam doc",
    "thu truong", "nguoi lap", "nguoi ky", "nguoi tong hop", "can bo tong hop", "(ky",
    "ky ten", "noi nhan", "luu:", "luu vt", "xac nhan")
# The first words of notes under a table ("Ghi chú:", "Nguồn: …"): they end a table of
# units; inside a form they may explain a criterion, so they do not end a form.
NOTE_MARKERS = ("ghi chu", "chu thich", "luu y", "chu y", "nguon:", "nguon so lieu", "note",
                "source")
# Words that may start a summary below a table of units ("Xếp loại | Số lượng") as well as
# head a group of units ("Xếp loại Tốt"): they end a table only after a blank or total row.
SUMMARY_MARKERS = ("*", "xep loai", "tong hop xep loai", "ket qua xep loai", "thong ke")
# The date line of a signature block: "Minh Tiến, ngày 15 tháng 01 năm 2025" (not a
# decision cited in a note: "… Quyết định số 12 ngày 5 tháng 3 …").
DATE_LINE = re.compile(r"^(?:[^,;:]{0,40},\s*)?ngay\b[\s.\d…_/-]*thang\b")
# Group headings of a table of units: "Khối xã", "Nhóm II".
GROUP_HEADING_WORDS = ("khoi", "nhom")
# How a group heading is numbered (units are numbered 1, 2, 3).
GROUP_NUMBER = re.compile(r"\s*([IVX]{1,4}|[A-D])\s*[.)]?\s*")
UNIT_NUMBER = re.compile(r"\s*\d{1,4}\s*\.?\s*")
# A total of one field or criterion, as a column header or a row label ("Cộng LV 1",
# "Tổng điểm lĩnh vực II", "Cộng TC 1.1"): one of these words, then the code's header.
SUBTOTAL_WORDS = ("tong cong", "tong diem", "tong so diem", "tong so", "tong", "cong",
                  "total", "sum")
SUBTOTAL = re.compile(rf"^(?:{_alternatives(SUBTOTAL_WORDS)})\s*:?\s+"
                      rf"(?=(?:{_alternatives(CODE_PREFIX_WORDS)})(?:\b|\d)|[ivx]+\b|\d)")
# The label of a table's grand total row ("Tổng cộng", "Cộng"), besides the headers of a
# published total (PUBLISHED_HEADERS["published_total"]).
GRAND_TOTAL_LABELS = frozenset({"tong cong", "cong", "tong so", "tong cong diem",
                                "tong cong chung", "cong chung"})
# Words before the unit types in a heading over a group of units' columns ("Các xã",
# "Cụm phường"), besides GROUP_HEADING_WORDS ("Khối xã").
UNIT_GROUP_WORDS = ("cac", "cum")

# ---- cells ------------------------------------------------------------------------------

# An item that did not arise ("Không phát sinh"): the marks as typed, and as typed with
# dots or spaces ("K.P.S", "K P S", "Không PS").
NOT_ARISEN_MARKS = frozenset({"kps", "khong phat sinh", "khong ap dung", "kad", "n/a", "na"})
NOT_ARISEN_SPACED = frozenset({"kps", "khongps", "kad"})
# A points cell that says "nothing": a dash or an ellipsis.
EMPTY_MARKS = frozenset({"-", "–", "—", "--", "…", "..."})
# A unit written after a number: "1 điểm", "1,5 đ".
POINTS_UNIT = re.compile(r"\s*(điểm|diem|đ\.?|d\.?)\s*$", re.IGNORECASE)

# ---- the title block of a form ---------------------------------------------------------

# An "Đơn vị:" label cell, filled in by the unit.
UNIT_LABEL = re.compile(r"^(ten )?(co quan, don vi|co quan don vi|don vi|co quan)"
                        r"( duoc danh gia| tu danh gia| thuc hien| bao cao)?\s*:\s*")
# A blank to fill in: dots, underscores, dashes.
PLACEHOLDER = re.compile(r"^[\s.…_\-:]*$")
# The year of a form: "… NĂM 2024", a "Năm:" cell.
YEAR_IN_TITLE = re.compile(r"\bnam\s*:?\s*((?:19|20)\d\d)\b")
YEAR_LABEL = re.compile(r"^nam( danh gia| bao cao)?\s*:?\s*$")
# Words of a title line (its year is the form's year).
TITLE_WORDS = ("danh gia", "cham diem", "chi so", "cai cach", "ket qua")
# A line citing the decision that set the index: its year is the decision's, not the form's.
DECISION_WORDS = re.compile(r"\b(quyet dinh|kem theo|qd|qd ubnd|qd bnv)\b")

# ---- file names -------------------------------------------------------------------------

# Words of a document's name, never of a unit's: a file name is cut where one begins.
FILE_NAME_WORDS = ("bang tu danh gia", "tu danh gia", "tu cham", "cham diem", "cchc",
                   "par index", "chi so", "cai cach hanh chinh", "bao cao", "ket qua", "gui",
                   "final", "ban sua")
# A date in a file name ("gửi 15-01-2025"): not the form's year.
FILE_DATE = re.compile(r"(?<!\d)\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d\d(?!\d)")
