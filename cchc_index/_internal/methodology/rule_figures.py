"""Raw figures as units write them beside their self-score (Số liệu, Tỷ lệ đạt được).

A figure is read once, without knowing the rule, into every reading it allows; each rule
then takes the reading it needs:

- a number ("12", "0,92", "24 tin, bài", "Trễ 2 báo cáo");
- a share ("92%", "94,99 %", "12/15", "12 / 15 hồ sơ"), kept as an exact fraction so
  that 95% is exactly 19/20 and a threshold of 95% is met by "95%" and by "19/20";
- a status word ("đúng hạn", "trễ hạn", "không có", "đạt", "không đạt"), found anywhere
  in the text, so "Đúng hạn (KH số 05/KH-UBND ngày 10/01/2024)" reads as on time.

>>> parse_figure("12 / 15 hồ sơ").ratio
Fraction(4, 5)
>>> parse_figure("94,99%").ratio
Fraction(9499, 10000)
>>> parse_figure("Kế hoạch ban hành trễ hạn").status
<Status.LATE: 'late'>
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from cchc_index._internal.messages import vietnamese_number
from cchc_index._internal.text import NumberParseError, canonical, nfc, parse_number


class Status(StrEnum):
    """What a status word says."""

    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # trễ hạn
    NONE = "none"  # không có (not issued, no occurrence)
    PASS = "pass"  # đạt
    FAIL = "fail"  # không đạt


# Phrases per status, tried in this order: negations first, so "không đúng hạn" is late and
# "không đạt" fails before "đúng hạn" and "đạt" are tried.
STATUS_PHRASES: tuple[tuple[Status, tuple[str, ...]], ...] = (
    (Status.LATE, ("không đúng hạn", "không đúng thời hạn", "chưa đúng hạn", "không kịp thời",
                   "trễ hạn", "trễ", "chậm", "quá hạn", "muộn", "sau thời hạn", "sau hạn")),
    (Status.FAIL, ("không đạt", "chưa đạt", "không hoàn thành", "chưa hoàn thành",
                   "không đầy đủ", "chưa đầy đủ")),
    (Status.NONE, ("không có", "chưa có", "không ban hành", "chưa ban hành", "không thực hiện",
                   "chưa thực hiện", "không xây dựng", "chưa xây dựng", "không vi phạm",
                   "không phát hiện")),
    (Status.ON_TIME, ("đúng hạn", "đúng thời hạn", "kịp thời", "trước hạn", "trước thời hạn")),
    (Status.PASS, ("đạt", "hoàn thành", "đầy đủ", "có")),
)
# Whole-cell words: "không" or "x" alone, never inside a longer text.
_WHOLE_WORDS = {"khong": Status.NONE, "chua": Status.NONE, "x": Status.PASS}


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<!\w){words}(?!\w)")


# Accented phrases match the text as typed (lower case); phrases of two words or more also
# match without accents ("tre han"), where a single unaccented word would be ambiguous
# ("cham" is both chậm, late, and chấm, to score).
_STATUS_PATTERNS = [
    (status, _phrase_pattern(phrase), _phrase_pattern(canonical(phrase)) if " " in phrase else None)
    for status, phrases in STATUS_PHRASES for phrase in phrases
]
# A phrase matches only where each of its words is a whole word of the text (the patterns
# end at non-word characters and join words by white space): only the phrases whose words
# are all words of the text are tried, looked up by their first word.
_WORD = re.compile(r"\w+")
_STATUS_WORDS = [
    (frozenset(phrase.split()), frozenset(canonical(phrase).split()))
    for _status, phrases in STATUS_PHRASES for phrase in phrases
]


def _by_first_word(accented: bool) -> dict[str, tuple[int, ...]]:
    """The numbers of the phrases (in :data:`_STATUS_PATTERNS`) by their first word, with
    accents, or without for those that also match unaccented text."""
    found: dict[str, list[int]] = {}
    phrases = [phrase for _status, group in STATUS_PHRASES for phrase in group]
    for number, phrase in enumerate(phrases):
        if accented or " " in phrase:
            first = (phrase if accented else canonical(phrase)).split()[0]
            found.setdefault(first, []).append(number)
    return {word: tuple(numbers) for word, numbers in found.items()}


_FIRST_WORDS, _FIRST_PLAIN_WORDS = _by_first_word(True), _by_first_word(False)

_NUM = r"\d[\d.,]*\d|\d"
_NUMERIC = re.compile(
    rf"^(?P<label>[^\d%/]*?)\s*"
    rf"(?:(?P<num>{_NUM})\s*/\s*(?P<den>{_NUM})|(?P<pct>{_NUM})\s*%|(?P<plain>{_NUM}))"
    r"\s*(?P<unit>[^\d%/]*)$"
)
_PLAIN_NUMBER = re.compile(r"^\d+(\.\d+)?$")
# A note in brackets after the figure: "12/15 hồ sơ (80%)" reads as "12/15 hồ sơ".
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(frozen=True)
class Figure:
    """One raw figure and every reading it allows (``None`` where it allows none).

    ``number``: a plain number with its ``unit`` word ("24 tin, bài" → 24, "tin, bài");
    ``ratio``: a share as a fraction ("92%" → 23/25, "12/15" → 4/5), with the numerator
    and denominator typed in ``parts``; ``status``: the status word found in the text.
    """

    text: str
    number: Fraction | None = None
    ratio: Fraction | None = None
    parts: tuple[Fraction, Fraction] | None = None
    unit: str = ""
    status: Status | None = None

    def readings(self) -> tuple[object, ...]:
        """Everything but the text as typed (what a rule's points depend on), as a key:
        fractions as (numerator, denominator), cheaper to hash."""
        parts = None if self.parts is None else tuple(_pair(p) for p in self.parts)
        return (_pair(self.number), _pair(self.ratio), parts, self.unit, self.status)

    def percent(self) -> Fraction | None:
        """The figure as a percentage, where it can be one.

        A share gives its percentage; a bare number (no unit word) up to 1 is a share
        (Excel stores 92% as 0,92), above 1 a percentage ("92" is 92%).

        >>> [float(parse_figure(t).percent()) for t in ("92%", "0,92", "92", "12/15")]
        [92.0, 92.0, 92.0, 80.0]
        """
        if self.ratio is not None:
            return self.ratio * 100
        if self.number is not None and not self.unit:
            return self.number * 100 if self.number <= 1 else self.number
        return None

    def shown(self) -> str:
        """The figure as typed, with the share it stands for where that is not obvious.

        >>> parse_figure("12/15").shown(), parse_figure("0,92").shown(), parse_figure("92%").shown()
        ('12/15 (80%)', '0,92 (92%)', '92%')
        """
        interpreted = None
        if self.parts is not None or (self.number is not None and not self.unit
                                       and self.number <= 1 and self.ratio is None):
            interpreted = self.percent()
        text = self.text
        if self.number is not None and _PLAIN_NUMBER.match(text):
            text = number_text(self.number, 6)  # a number cell read as "0.92" shows as 0,92
        if interpreted is None:
            return text
        return f"{text} ({number_text(interpreted)}%)"


def _pair(value: Fraction | None) -> tuple[int, int] | None:
    return None if value is None else (value.numerator, value.denominator)


def exact(value: float | int | str | Fraction | Decimal) -> Fraction:
    """A number as an exact fraction of the decimal it was written as (0.95 → 19/20)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    return Fraction(Decimal(str(value)))


def number_text(value: Fraction | float, places: int = 3) -> str:
    """A number for a message, with a decimal comma and no trailing zeros: 0.5 → "0,5"."""
    return vietnamese_number(round(float(value), places), None, grouped=False)


def parse_number_exact(text: str) -> Fraction | None:
    """A number typed with a decimal comma or point, exactly; None if it is not one."""
    try:
        value = parse_number(text)
    except NumberParseError:
        return None
    return None if value is None else exact(value)


def find_status(text: str) -> Status | None:
    """The first status word found in ``text`` (see :data:`STATUS_PHRASES`)."""
    lowered = nfc(text).casefold()
    plain = canonical(text)
    if plain.strip(" .") in _WHOLE_WORDS:
        return _WHOLE_WORDS[plain.strip(" .")]
    words, plain_words = set(_WORD.findall(lowered)), set(_WORD.findall(plain))
    tried = {n for w in words for n in _FIRST_WORDS.get(w, ())} | {
        n for w in plain_words for n in _FIRST_PLAIN_WORDS.get(w, ())}
    for number in sorted(tried):  # in the order of the phrases, as if all were tried
        status, accented, unaccented = _STATUS_PATTERNS[number]
        needed, plain_needed = _STATUS_WORDS[number]
        if (needed <= words and accented.search(lowered)) or (
                unaccented is not None and plain_needed <= plain_words
                and unaccented.search(plain)):
            return status
    return None


def parse_figure(value: object) -> Figure | None:
    """Every reading of one raw figure cell; ``None`` for a blank cell.

    A text that allows no reading gives a :class:`Figure` whose readings are all ``None``
    (the rule that needs one reports it). Negative numbers give no numeric reading.

    >>> f = parse_figure("24 tin, bài"); (f.number, f.unit)
    (Fraction(24, 1), 'tin, bài')
    >>> parse_figure(0.95).percent()
    Fraction(95, 1)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        if value != value:  # NaN
            return None
        if not math.isfinite(value):
            return Figure(str(value))
        number = exact(value)
        return Figure(number_text(number, 6), number=number) if number >= 0 else Figure(str(value))
    text = nfc(str(value)).replace("\u202f", " ")
    if not text:
        return None
    status = find_status(text)
    match = _NUMERIC.match(text) or _NUMERIC.match(_TRAILING_NOTE.sub("", text))
    if match is None or match["label"].rstrip().endswith(("-", "−", "–")):
        return Figure(text, status=status)
    unit = match["unit"].strip(" .:;()")
    if match["plain"] is not None:
        return Figure(text, number=parse_number_exact(match["plain"]), unit=unit, status=status)
    if match["pct"] is not None:
        share = parse_number_exact(match["pct"])
        return Figure(text, ratio=None if share is None else share / 100, unit=unit,
                      status=status)
    top, bottom = parse_number_exact(match["num"]), parse_number_exact(match["den"])
    if top is None or not bottom:
        return Figure(text, status=status)
    return Figure(text, ratio=top / bottom, parts=(top, bottom), unit=unit, status=status)
