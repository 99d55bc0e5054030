"""Text typed with the old Vietnamese fonts, converted to Unicode as a file is read.

Commune offices that still type with TCVN3 (.VnTime …) or VNI (VNI-Times …) fonts send
workbooks whose text reads as Latin-1 look-alikes: "X· Yªn Thµnh" is "Xã Yên Thành". The
formats we read keep no font names (python-calamine, CSV), so the encoding is recognised
by the text itself (:func:`cchc_index._internal.legacy_text.detect_encoding`: words that become
Vietnamese syllables). Then every cell that the conversion makes read as Vietnamese is
converted (unit names, criterion names, headers, notes), and the file gets one I025
warning with the count and an example, before any layout looks at its sheets: no unit is
ever ranked under a garbled name.

A cell already in Unicode is left alone, even in a file whose other cells are legacy (a
Unicode template filled in with an old font): a cell is converted only when more of its
words are Vietnamese syllables after the conversion than before.
"""

from __future__ import annotations

import re

from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.legacy_text import (
    could_be_legacy,
    detect_encoding,
    is_syllable,
    to_unicode,
)

_WORD = re.compile(r"[^\s.,;:()\[\]/\-–—\"'«»0-9%]+")
_LETTERS = re.compile(r"[A-Za-z]")
# Names of the encodings as users know them.
ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


# Letters only Unicode Vietnamese has (ă â đ ơ ư, the precomposed tones, combining marks):
# a text holding one is not legacy text, whatever else it holds (the quick test first).
_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169"
                                 "\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9\u0300-\u0323]")


def _candidates(grids: list[Grid]):
    """(grid, row number, row list, index, text) of every text cell that could be legacy
    text."""
    for grid in grids:
        for r, row in enumerate(grid.rows, start=1):
            for i, value in enumerate(row):
                if (type(value) is str and not value.isascii()
                        and not _UNICODE_VIETNAMESE.search(value) and could_be_legacy(value)):
                    yield grid, r, row, i, value


def _syllables(text: str) -> int:
    return sum(1 for word in _WORD.findall(text) if is_syllable(word))


def _typed_in_capitals(text: str) -> bool:
    """A TCVN3 capital-letter font (.VnTimeH) stores capitals in the lower-case codes:
    a cell whose plain letters are all capitals was typed with one."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


# Latin-1 characters that Vietnamese text in Unicode never holds (it takes à á â ã è é ê
# ì í ò ó ô õ ù ú ý from that block, and letters beyond it): text without any of them is
# no legacy text worth a look (TCVN3 and VNI text always holds some: "X· Yªn Thµnh").
# Guillemets quote in Vietnamese text too («Đơn vị:»); inside a word they are TCVN3's ô
# ("§«ng").
_NOT_VIETNAMESE_LATIN1 = re.compile(
    "[\x80-\xaa\xac-\xba\xbc-\xbf\xc4-\xc7\xcb\xce-\xd1\xd6-\xd8\xdb-\xdc"
    "\xde-\xdf\xe4-\xe7\xeb\xee-\xf1\xf6-\xf8\xfb-\xfc\xfe-\xff]")
_GUILLEMET_IN_WORD = re.compile("(?<=\\w)[\xab\xbb](?=\\w)")


def may_hold_legacy(grids: list[Grid]) -> bool:
    """The quick look: whether any text of the file holds a character only legacy text
    (or text in another language) has. False: :func:`convert_legacy_text` changes nothing."""
    return any(texts_may_hold_legacy([v for row in grid.rows for v in row if type(v) is str])
               for grid in grids)


def texts_may_hold_legacy(texts: list[str]) -> bool:
    """The quick look of :func:`may_hold_legacy` at some texts: it looks at each text on
    its own, so the texts of a file may be looked at in parts."""
    text = "\n".join(texts)
    return bool(_NOT_VIETNAMESE_LATIN1.search(text) or (
        ("\xab" in text or "\xbb" in text) and _GUILLEMET_IN_WORD.search(text)))


def convert_legacy_text(grids: list[Grid], file: str,
                        looked: bool | None = None) -> list[Problem]:
    """Convert the legacy-font text of a file's sheets to Unicode, in place; one I025
    warning naming the encoding, the number of cells and the first one, or nothing.
    ``looked``: what :func:`may_hold_legacy` already said of ``grids`` (None: look)."""
    if not (may_hold_legacy(grids) if looked is None else looked):
        return []
    found = list(_candidates(grids))
    if not found:
        return []
    encoding = detect_encoding([text for *_where, text in found])
    if encoding is None:
        return []
    converted = 0
    first: tuple[Grid, int, int, str, str] | None = None
    for grid, r, row, i, text in found:
        unicode = to_unicode(text, encoding, uppercase_font=encoding == "tcvn3"
                             and _typed_in_capitals(text))
        if unicode != text and _syllables(unicode) > _syllables(text):
            row[i] = unicode
            converted += 1
            if first is None:
                first = (grid, r, i + 1, text, unicode)
    if first is None:
        return []
    grid, r, c, before, after = first
    return [Problem("I025", "warning", file, grid.sheet, address(r, c),
                    found=f"«{before[:60]}»", expected=f"«{after[:60]}»",
                    params={"encoding": ENCODING_NAMES[encoding], "count": converted})]
