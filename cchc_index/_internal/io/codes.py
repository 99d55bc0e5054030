"""Code cells as people type them: "1.1.", " 2.3 ", 1.1 (an Excel number), "II", "b)",
"Lĩnh vực 2", and a code typed at the start of a content cell ("1.1. Kế hoạch…").

>>> parse_code(" 1.1. ").code, parse_code("II").style, parse_code("b)").ordinal
('1.1', 'roman', 2)
>>> parse_code("１．２").code, parse_code("1.\u200b3").code, parse_code("2.1\xa0").code
('1.2', '1.3', '2.1')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cchc_index._internal import vocabulary as words
from cchc_index._internal.text import canonical, nfc

NUMBER = "number"  # hierarchical digits: "1", "1.2", "1.2.3"
ROMAN = "roman"  # I, II, III …
LETTER = "letter"  # a, b, c, đ …
UPPER = "upper"  # A, B, C …
NONE = ""

_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_CODE_WORDS = re.compile(rf"^({'|'.join(words.CODE_PREFIX_WORDS)})\s+", re.IGNORECASE)
# Characters that take no room: zero-width spaces and joiners, the byte-order mark, soft
# hyphens (a code copied from a web page or a PDF carries them).
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*$")
# A code written at the start of the content cell: "1.1. Kế hoạch…", "II. Cải cách…", "a) …".
_LEADING_CODE = re.compile(r"^\s*(\d+(?:\.\d+)*\.?|[IVX]+\.|[a-zđ]\)|[a-zđ]\.)\s+(\S.*)$",
                           re.DOTALL)
@dataclass(frozen=True)
class Code:
    """A code cell as read: its text, style, and the hierarchical code or ordinal it gives."""

    text: str = ""
    style: str = NONE
    code: str | None = None  # for NUMBER
    ordinal: int | None = None  # for ROMAN, LETTER, UPPER and single numbers
    from_float: bool = False  # typed as an Excel number: "2.10" became 2.1


def _roman(text: str) -> int | None:
    if not text or not _ROMAN.match(text) or (len(text) == 1 and text not in "IVX"):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[text[i + 1]] if i + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def parse_code(value: object) -> Code:
    """Read a code cell: "1.1.", " 2.3 ", 1.1 (a number), "II", "b)", "(c)", "Lĩnh vực 2"."""
    kind = type(value)
    if kind is str or kind is int or kind is float:
        return _parse_code(value)
    if value is None or isinstance(value, bool):
        return Code()
    if isinstance(value, str | int | float):
        return _parse_code(value)
    return Code(str(value))


@lru_cache(maxsize=8192, typed=True)  # the same codes in every form of a batch
def _parse_code(value: str | int | float) -> Code:
    if isinstance(value, int):
        return Code(str(value), NUMBER, str(value), value)
    if isinstance(value, float):
        text = repr(value).removesuffix(".0")
        if not _DIGITS.match(text):
            return Code(text)
        return Code(text, NUMBER, text, None, from_float="." in text)
    if not isinstance(value, str):
        return Code(str(value))
    typed = nfc(value)
    text = _CODE_WORDS.sub("", canonical(typed)) if _CODE_WORDS.match(canonical(typed)) else typed
    if not text.isascii():  # full-width "１．１", "ａ)", "Ⅱ"; zero-width and no-break spaces
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = re.sub(r"\s+", "", text).strip("()").rstrip(".)").lstrip("(")
    if _DIGITS.match(text):
        code = text.replace(",", ".")
        if re.fullmatch(r"0*\d+", code):
            code = str(int(code))
        return Code(typed, NUMBER, code, int(code) if "." not in code else None)
    if (number := _roman(text)) is not None:
        return Code(typed, ROMAN, None, number)
    if len(text) == 1 and text in _LETTERS:
        return Code(typed, LETTER, None, _LETTERS.index(text) + 1)
    if len(text) == 1 and text.lower() in _LETTERS and text.isupper():
        return Code(typed, UPPER, None, _LETTERS.index(text.lower()) + 1)
    return Code(typed)


def split_leading_code(name: str) -> tuple[Code, str]:
    """A code typed at the start of the content cell, and the rest of the name."""
    found = _LEADING_CODE.match(name)
    if not found:
        return Code(), name
    code = parse_code(found.group(1))
    return (code, found.group(2).strip()) if code.style else (Code(), name)
