"""Vietnamese text helpers: normalisation, matching keys and number parsing.

Everything a user typed is kept as typed for display; these helpers only build
keys for comparison and parse values.

>>> canonical("  Điểm  TỰ ĐÁNH GIÁ\\n")
'diem tu danh gia'
>>> parse_number("1,25")
1.25
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps

from cchc_index._internal.vocabulary import NOT_ARISEN_MARKS, NOT_ARISEN_SPACED

_SPACES = re.compile(r"\s+")
# Old-style tone placement (hoà, thuỷ, khoẻ) vs new style (hòa, thủy, khỏe): move the
# tone mark of an open "oa", "oe", "uy" onto the first vowel so both spell the same key.
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![a-zA-Z])")


def _memoised(function: Callable[[str], str]) -> Callable[[str], str]:
    """``function`` of a text, memoised by the text's length: a batch meets the same
    criterion names, headers and marks ("KPS", "Đạt") in every form, so most calls are
    repeats. Short texts share a large cache, texts up to a long criterion name a small one;
    longer texts (evidence, explanations: each form's own, up to 32,767 characters a cell)
    are never kept, so the caches stay within a few megabytes however big the batch."""
    short = lru_cache(maxsize=1 << 16)(function)
    medium = lru_cache(maxsize=1 << 10)(function)

    @wraps(function)
    def memoised(text: str) -> str:
        size = len(text)
        if size <= _SHORT_TEXT:
            return short(text)
        return medium(text) if size <= _MEDIUM_TEXT else function(text)

    return memoised


_SHORT_TEXT, _MEDIUM_TEXT = 48, 400


@_memoised
def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, no-break spaces made plain, ends stripped."""
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()


def canonical(text: object) -> str:
    """A matching key: accents removed, case folded, white space collapsed.

    Used for headers, sheet names and keywords, where "Điểm tối đa",
    "ĐIỂM TỐI ĐA" and "Diem toi da" must all match.
    """
    if text is None:
        return ""
    return _canonical(text if type(text) is str else str(text))


@_memoised
def _canonical(text: str) -> str:
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFD", text))
        text = text.replace("đ", "d").replace("Đ", "D").replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip().casefold()


# Every combining mark (what unicodedata.combining() says is one), as one character class:
# removed in one pass in C rather than tested one character at a time.
# (None lies past U+1F000; scanning below it takes a few milliseconds at import.)
_COMBINING = re.compile("[" + "".join(
    re.escape(chr(c)) for c in range(0x1F000) if unicodedata.combining(chr(c))) + "]")


def name_key(text: object) -> str:
    """A matching key for unit names that keeps the accents.

    "Xã Hoà Bình", "Xã Hòa  Bình" and its NFD form share a key; "Xã Hoa Bình" does not.
    """
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).replace("\u00a0", " "))
    moved = _OLD_TONE.sub(r"\1\3\2", decomposed)
    composed = unicodedata.normalize("NFC", moved)
    return _SPACES.sub(" ", composed).strip().casefold()




def is_not_arisen(value: object) -> bool:
    """True for the marks of an item that did not arise: "KPS", "Không phát sinh"…

    >>> is_not_arisen("K.P.S"), is_not_arisen("Không PS"), is_not_arisen("Không")
    (True, True, False)
    """
    if not isinstance(value, str):
        return False
    key = canonical(value).strip(" .()")
    return key in NOT_ARISEN_MARKS or _SPACED_MARK.sub("", key) in NOT_ARISEN_SPACED


# "K.P.S", "K P S", "Không PS": the marks typed with dots or spaces.
_SPACED_MARK = re.compile(r"[\s.]+")


class NumberParseError(ValueError):
    """Raised by :func:`parse_number` for text that is not a number."""


_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)*|[.,]\d+)$")


def parse_number(value: object) -> float | None:
    """Parse a cell value as a number, the way Vietnamese spreadsheets write them.

    ``None`` and blank text give ``None``. Accepts floats and ints, text with a decimal
    comma ("0,5"), a decimal point, thousands separators ("1.234,5" or "1,234.5"),
    stray spaces and a trailing percent sign ("95%" gives 95.0).
    Raises :class:`NumberParseError` for anything else ("một", "đạt").

    >>> parse_number(" 0,5 ")
    0.5
    >>> parse_number("1.234,5")
    1234.5
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NumberParseError(str(value))
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if math.isnan(number):
            return None
        return number
    text = nfc(str(value)).replace(" ", "").replace("\u202f", "")
    if text in ("", "-"):
        return None
    text = text.rstrip("%")
    if not _NUMBER.match(text):
        raise NumberParseError(str(value))
    return float(_normalise_separators(text))


def is_number(value: object) -> bool:
    """Whether a cell holds a number or text that reads as one ("9,25"); booleans and
    blanks do not.

    >>> is_number("9,25"), is_number("Đạt"), is_number(True), is_number(None)
    (True, False, False, False)
    """
    if isinstance(value, bool) or value is None:
        return False
    try:
        return parse_number(value) is not None
    except (NumberParseError, ValueError, OverflowError):
        return False


def _normalise_separators(text: str) -> str:
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        # The separator that comes last is the decimal one.
        decimal, thousands = ("," , ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        return text.replace(thousands, "").replace(decimal, ".")
    if commas > 1:
        return text.replace(",", "")
    if dots > 1:
        return text.replace(".", "")
    if commas == 1:
        head, tail = text.split(",")
        # "1,234" is ambiguous; in these forms a comma is a decimal comma.
        return f"{head}.{tail}"
    return text


def damaged_utf8(data: bytes) -> tuple[str, int] | None:
    r"""UTF-8 bytes holding a few bad bytes (two files pasted together, an editor's slip):
    the text with each bad byte shown as "�", and how many there are. None when the bytes
    are not UTF-8 at all (a file in another encoding read as UTF-8 has next to no letters
    read well), or hold no bad byte.

    >>> damaged_utf8("Xã Đông Hưng, Phường Lưu Kiếm".encode() + b"\xff")
    ('Xã Đông Hưng, Phường Lưu Kiếm�', 1)
    >>> damaged_utf8("Đông Hưng, Văn Lâm".encode("cp1258")) is None
    True
    """
    text = data.decode("utf-8", errors="replace")
    damaged = text.count("\ufffd")
    read_well = sum(ch > "\x7f" for ch in text) - damaged
    return (text, damaged) if damaged and read_well >= _UTF8_EVIDENCE * damaged else None


# Letters read well for each bad byte before bytes are taken as damaged UTF-8.
_UTF8_EVIDENCE = 5


# ---- text that reaches a terminal or a file we write ----
#
# One rule for every text we print or write (terminal, xlsx, csv, docx, chart labels):
# characters that a terminal obeys, that reorder what a reader sees, or that the file
# formats refuse are removed; nothing else is touched. Removed, not escaped: a name that
# held an ESC then matches the same name typed cleanly (last year's results, --units).
#   - C0 controls but TAB and LF (ESC clears a screen or retitles a window, BEL rings,
#     BS hides what precedes it; the XML of xlsx/docx/svg refuses them), DEL, C1 controls
#     (0x9B is a one-byte CSI on some terminals). CR is a line break, written as LF.
#   - Unicode's Bidi_Control characters: the embeddings and overrides U+202A–U+202E, the
#     isolates U+2066–U+2069, and the marks U+200E, U+200F, U+061C. Vietnamese text never
#     needs them; an override shows "Xã Đông Sơn" reversed and makes a name look like
#     another. The marks are removed too: invisible, they make two names that read alike
#     differ, and nothing we print needs them.
#   - Lone surrogates and U+FFFE/U+FFFF, which XML refuses.
# A terminal escape sequence goes whole (ESC [ 2 J, ESC ] 0 ; title BEL), not only its ESC.
# TAB and LF stay in files (a line break in an Excel cell is legitimate); on a terminal
# line they are shown as spaces (:func:`safe_line`).
_UNSAFE_CLASS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                 "\u2066-\u2069\ud800-\udfff\ufffe\uffff")
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: cursor, erase, colours
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)"
)  # OSC, DCS, SOS, PM, APC strings (a window title), up to their terminator
_REMOVED = re.compile(f"{_SEQUENCES.pattern}|[{_UNSAFE_CLASS}]")
_TOUCHED = re.compile(f"[{_UNSAFE_CLASS}\r]")
_LINE_BREAKS = re.compile("\r\n?")
_LAYOUT = re.compile("[\t\n\u2028\u2029]")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC",
          0x7F: "DEL", 0x9B: "CSI", 0x061C: "ALM", 0x200E: "LRM", 0x200F: "RLM",
          0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
          0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI"}


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :func:`safe_text` removes (a CR does not count:
    it is a line break).

    >>> has_unsafe("Xã \\x1b[2JĐông Sơn"), has_unsafe("Dòng 1\\r\\nDòng 2")
    (True, False)
    """
    return not text.isprintable() and _UNSAFE.search(text) is not None  # one C pass first


def unsafe_found(text: str) -> str:
    """The distinct characters :func:`safe_text` removes from ``text``, named for a
    message.

    >>> unsafe_found("Xã \\x1b[2JĐông\\x07 Sơn\\u202e")
    'U+001B (ESC), U+0007 (BEL), U+202E (RLO)'
    """
    seen = dict.fromkeys(_UNSAFE.findall(text))
    return ", ".join(f"U+{ord(c):04X}" + (f" ({_NAMES[ord(c)]})" if ord(c) in _NAMES else "")
                     for c in seen)


def safe_text(text: str) -> str:
    """``text`` as we write it to a file (xlsx, csv, docx, charts): the characters of the
    rule above removed (escape sequences whole), CR and CR LF made LF; TAB and LF kept.

    >>> safe_text("Xã \\x1b[2JĐông\\x07 Sơn\\u202e")
    'Xã Đông Sơn'
    >>> safe_text("\\x1b]0;Tiêu đề giả\\x07Xã An Bình\\r\\nghi chú")
    'Xã An Bình\\nghi chú'
    """
    if text.isprintable() or _TOUCHED.search(text) is None:
        return text
    return _LINE_BREAKS.sub("\n", _REMOVED.sub("", text))


def safe_line(text: str) -> str:
    """``text`` for one line of a terminal: :func:`safe_text`, with TAB, line and paragraph
    breaks shown as spaces.

    >>> safe_line("Xã An\\tBình\\r\\nghi chú\\x08")
    'Xã An Bình ghi chú'
    """
    return _LAYOUT.sub(" ", safe_text(text))


def safe_stream(text: str) -> str:
    """What a terminal stream may receive of ``text``: the rule's characters removed,
    TAB, LF and CR kept (our progress bar redraws its line with CR)."""
    return _REMOVED.sub("", text)
