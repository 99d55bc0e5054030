"""Legacy Vietnamese encodings: TCVN3 (ABC) and VNI Windows text, to and from Unicode.

Commune offices still type with pre-Unicode fonts. A workbook keeps such text as the
Latin-1/cp1252 characters the font draws as Vietnamese letters:

- TCVN3 (fonts .VnTime, .VnArial…) stores each precomposed letter as one code:
  "X· Yªn Thµnh" is "Xã Yên Thành". It has codes for the capitals Ă Â Ê Ô Ơ Ư Đ only; the
  other capitals are written with the "H" fonts (.VnTimeH, .VnArialH…), which draw every
  code, the lowercase ones included, as a capital.
- VNI Windows (fonts VNI-Times, VNI-Helve…) stores a base letter and one or two mark
  characters: "Xaõ Yeân Thaønh"; a few letters (đ ơ ư and the toned i, ỵ) are one character.

>>> to_unicode("X· Yªn Thµnh", "tcvn3")
'Xã Yên Thành'
>>> to_unicode("ubnd x· yªn thµnh", "tcvn3", uppercase_font=True)
'UBND XÃ YÊN THÀNH'
>>> to_unicode("Ñieåm töï ñaùnh giaù", "vni")
'Điểm tự đánh giá'
>>> from_unicode("Điểm tự đánh giá", "tcvn3")
'§iÓm tù ®¸nh gi¸'
>>> font_encoding(".VnTimeH"), font_encoding("VNI-Times"), font_encoding("Arial")
(('tcvn3', True), ('vni', False), None)
>>> detect_encoding(["§iÓm tù ®¸nh gi¸", "Tæng céng", "1.1.", "0,5"])
'tcvn3'
>>> detect_encoding(["Điểm tự đánh giá", "Café", "Müller", "KPS"]) is None
True

Pure functions of their arguments; the standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "ENCODINGS",
    "LEGACY_FONTS",
    "MIN_FIXED_SHARE",
    "MIN_FIXED_WORDS",
    "VIETNAMESE_LETTERS",
    "could_be_legacy",
    "detect_encoding",
    "font_encoding",
    "from_unicode",
    "is_syllable",
    "to_unicode",
]

ENCODINGS = ("tcvn3", "vni")

# ---- fonts ----
#
# A cell's font name, case folded, with its white space collapsed and removed around the
# leading dot, is matched against these patterns in order; the first match gives the
# encoding and whether the font draws every letter as a capital.
#   - TCVN3 (ABC) families all start with ".Vn" (.VnTime, .VnArial, .VnArial Narrow,
#     .VnCentury Schoolbook, .VnCourier New, .VnHelvetIns…); their capital-letter variants
#     end with "H" (.VnTimeH, .VnArialH, .VnArial NarrowH, .VnHelvetInsH…).
#   - VNI families start with "VNI-" (VNI-Times, VNI-Helve, VNI-Aptima, VNI-Souvir…),
#     sometimes written with a space or an underscore.
LEGACY_FONTS: tuple[tuple[str, str, bool], ...] = (
    (r"\.vn.*h", "tcvn3", True),
    (r"\.vn.*", "tcvn3", False),
    (r"vni[-_ ].*", "vni", False),
)
_FONTS = tuple((re.compile(pattern), encoding, upper) for pattern, encoding, upper in LEGACY_FONTS)

# ---- the tables ----
#
# One row per lowercase Vietnamese letter: the letter, its TCVN3 (ABC) code, its VNI Windows
# spelling. Rows go by letter, then by tone: none, huyền (grave), sắc (acute), hỏi (hook),
# ngã (tilde), nặng (dot below). The TCVN3 code of "ư" is U+00AD (soft hyphen), invisible.
# Checked letter by letter, both cases, against Unikey's VnConv tables (TCVN3, VNIWIN) and
# xvnkb's VNI table; and against the npm "vietnamese-conversion" charsets, whose latest VNI
# rows for ỷ, ỹ (Ỷ, Ỹ) are a slip (its first version, like the two others, has yû, yõ).
_TABLE = """
a a a       à µ aø      á ¸ aù      ả ¶ aû      ã · aõ      ạ ¹ aï
ă ¨ aê      ằ » aè      ắ ¾ aé      ẳ ¼ aú      ẵ ½ aü      ặ Æ aë
â © aâ      ầ Ç aà      ấ Ê aá      ẩ È aå      ẫ É aã      ậ Ë aä
đ ® ñ
e e e       è Ì eø      é Ð eù      ẻ Î eû      ẽ Ï eõ      ẹ Ñ eï
ê ª eâ      ề Ò eà      ế Õ eá      ể Ó eå      ễ Ô eã      ệ Ö eä
i i i       ì × ì       í Ý í       ỉ Ø æ       ĩ Ü ó       ị Þ ò
o o o       ò ß oø      ó ã où      ỏ á oû      õ â oõ      ọ ä oï
ô « oâ      ồ å oà      ố è oá      ổ æ oå      ỗ ç oã      ộ é oä
ơ ¬ ô       ờ ê ôø      ớ í ôù      ở ë ôû      ỡ ì ôõ      ợ î ôï
u u u       ù ï uø      ú ó uù      ủ ñ uû      ũ ò uõ      ụ ô uï
ư \u00ad ö  ừ õ öø      ứ ø öù      ử ö öû      ữ ÷ öõ      ự ù öï
y y y       ỳ ú yø      ý ý yù      ỷ û yû      ỹ ü yõ      ỵ þ î
"""
# TCVN3 has codes of its own for these capitals only; the others (À, Ấ…) exist only in the
# "H" fonts, at the lowercase codes. VNI capitals are the rows above upper-cased ("AØ" is À):
# its marks have capital forms.
_TCVN3_CAPITALS = "Ă¡ Â¢ Ê£ Ô¤ Ơ¥ Ư¦ Đ§"


def _rows() -> list[tuple[str, str, str]]:
    cells = _TABLE.split()
    return [(cells[i], cells[i + 1], cells[i + 2]) for i in range(0, len(cells), 3)]


#: Every Vietnamese letter (lowercase, NFC): 12 vowels × 6 tones and đ.
VIETNAMESE_LETTERS = tuple(letter for letter, _, _ in _rows())

_TCVN3_ENCODE = {letter: code for letter, code, _ in _rows()}
_TCVN3_ENCODE.update((pair[0], pair[1]) for pair in _TCVN3_CAPITALS.split())
_TCVN3_DECODE = {code: letter for letter, code in _TCVN3_ENCODE.items() if code != letter}
_TCVN3_CODES = frozenset(_TCVN3_DECODE)

_VNI_ENCODE = {letter: spelling for letter, _, spelling in _rows()}
_VNI_ENCODE.update({letter.upper(): spelling.upper() for letter, spelling in
                    list(_VNI_ENCODE.items())})
_VNI_CODES = frozenset(ch for spelling in _VNI_ENCODE.values() for ch in spelling if ch > "\x7f")
# VNI read back: a base letter and its marks (longest spellings first), or one character
# that is a letter by itself (ñ is đ). Marks are matched case-insensitively: the letter takes
# the base's case.
_VNI_MARKED = {spelling.lower(): letter.lower() for letter, spelling in _VNI_ENCODE.items()
               if len(spelling) > 1}
_VNI_SINGLE = {spelling: letter for letter, spelling in _VNI_ENCODE.items()
               if len(spelling) == 1 and spelling > "\x7f"}
_VNI_SPELLINGS = re.compile(
    "(?i:" + "|".join(sorted(map(re.escape, _VNI_MARKED), key=len, reverse=True)) + ")"
    + "|[" + "".join(_VNI_SINGLE) + "]")

# ---- conversion ----


def _check_encoding(encoding: str, uppercase_font: bool) -> str:
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    if uppercase_font and encoding != "tcvn3":
        raise ValueError("only TCVN3 has capital-letter ('H') fonts")
    return encoding


def to_unicode(text: str, encoding: str, uppercase_font: bool = False) -> str:
    """``text`` typed in a legacy font, as Unicode (NFC). Characters that are not codes of
    the encoding are kept as they are.

    ``uppercase_font``: the text is in a TCVN3 capital-letter font (.VnTimeH…), which draws
    every letter as a capital.

    >>> to_unicode("C¶i c¸ch thñ tôc hµnh chÝnh", "tcvn3")
    'Cải cách thủ tục hành chính'
    >>> to_unicode("Tr\\u00adêng", "tcvn3")  # ư is a soft hyphen in TCVN3
    'Trường'
    >>> to_unicode("PHÖÔØNG HOØA BÌNH", "vni")
    'PHƯỜNG HÒA BÌNH'
    """
    _check_encoding(encoding, uppercase_font)
    if encoding == "tcvn3":
        converted = "".join(_TCVN3_DECODE.get(ch, ch) for ch in text)
        if uppercase_font:
            converted = converted.upper()
    else:
        converted = _VNI_SPELLINGS.sub(_vni_letter, text)
    return unicodedata.normalize("NFC", converted)


def _vni_letter(match: re.Match[str]) -> str:
    spelled = match.group()
    if spelled in _VNI_SINGLE:
        return _VNI_SINGLE[spelled]
    letter = _VNI_MARKED[spelled.lower()]
    return letter.upper() if spelled[0].isupper() else letter


def from_unicode(text: str, encoding: str, uppercase_font: bool = False) -> str:
    """``text`` as a legacy font stores it: the reverse of :func:`to_unicode`.

    Raises ``ValueError`` for what the font cannot show: a character that is itself one of
    the encoding's codes ("µ" is "à" in TCVN3), a toned capital in a normal TCVN3 font (write
    it with ``uppercase_font=True``), a lowercase letter in a capital-letter font.

    >>> from_unicode("Xã Yên Thành", "vni")
    'Xaõ Yeân Thaønh'
    >>> from_unicode("UBND XÃ YÊN THÀNH", "tcvn3", uppercase_font=True)
    'ubnd x· yªn thµnh'
    """
    _check_encoding(encoding, uppercase_font)
    text = unicodedata.normalize("NFC", text)
    if encoding == "vni":
        table, codes = _VNI_ENCODE, _VNI_CODES
    else:
        table, codes = _TCVN3_ENCODE, _TCVN3_CODES
        if uppercase_font:
            lower = [ch for ch in text if ch != ch.upper()]
            if lower:
                raise ValueError(f"a capital-letter font cannot show {lower[0]!r}")
            text = text.lower()
    out = []
    for ch in text:
        code = table.get(ch)
        if code is None:
            if encoding == "tcvn3" and ch.lower() in table and ch.lower() > "\x7f":
                raise ValueError(f"{ch!r} has no TCVN3 code: write it with a capital-letter "
                                 "font (uppercase_font=True)")
            if ch in codes:
                raise ValueError(f"{ch!r} cannot be written in {encoding}: it is the code of "
                                 f"{to_unicode(ch, encoding)!r}")
            code = ch
        out.append(code)
    return "".join(out)


def font_encoding(font_name: str | None) -> tuple[str, bool] | None:
    """The legacy encoding of a cell's font and whether the font draws only capitals;
    ``None`` for a Unicode font (or no font). Case and spacing do not matter.

    >>> font_encoding(".VnTime"), font_encoding(" .vnarial narrowh ")
    (('tcvn3', False), ('tcvn3', True))
    >>> font_encoding("vni helve"), font_encoding("Times New Roman")
    (('vni', False), None)
    """
    if not font_name:
        return None
    name = re.sub(r"\s+", " ", font_name).strip().casefold()
    name = re.sub(r"^\.\s*", ".", name)
    for pattern, encoding, upper in _FONTS:
        if pattern.fullmatch(name):
            return encoding, upper
    return None


# ---- Vietnamese syllables ----
#
# A written syllable is an onset, a rhyme, and at most one tone mark, which sits on a vowel
# of the rhyme that is not its final glide (the "o" of "ao", the "i" of "ai"); a rhyme
# closed by c, ch, p or t takes the sắc or nặng tone only. Both tone placements of "oa",
# "oe", "uy" (hòa, hoà) are accepted.
_ONSETS_TEXT = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
_RHYMES_TEXT = """
    a ac ach ai am an ang anh ao ap at au ay   ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây   e ec em en eng eo ep et   ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăt oe oen oeo oet   ô ôc ôi ôm ôn ông ôp ôt   ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut uy uya uych uyên uyêt uynh uyt uyu uân uâng uât uây
    uê uêch uênh uơ uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu   ych ynh yt
"""  # the last three only after "qu": quých, quỳnh, quýt
# Left out: the loanword rhymes "oong", "ooc" (xoong, quần soóc), which VNI's "oâ" (ô) read
# as TCVN3 would fake ("Khoâng" as "Khoõng").
_ONSETS = sorted([*_ONSETS_TEXT.split(), ""], key=len, reverse=True)
_RHYMES = frozenset(_RHYMES_TEXT.split())
_VOWELS = frozenset("aăâeêioôơuưy")
_BASES = frozenset("aăâbcdđeêghiklmnoôơpqrstuưvxy")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_STOP_TONES = frozenset("\u0301\u0323")


def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled as one Vietnamese syllable (any case, NFC or NFD).

    >>> [is_syllable(w) for w in ("Nghiêng", "HÒA", "hoà", "quýt", "gì")]
    [True, True, True, True, True]
    >>> [is_syllable(w) for w in ("Café", "Xaõ", "tèt", "®iÓm", "KPS")]
    [False, False, False, False, False]
    """
    # The longest syllables ("nghiêng", "khuỷu") are 7 letters, 10 code points in NFD.
    return len(word) <= _LONGEST and _is_syllable(word)


_LONGEST = 10


@lru_cache(maxsize=1 << 14)
def _is_syllable(word: str) -> bool:
    bases: list[str] = []
    tone, tone_at = "", -1
    for at, ch in enumerate(unicodedata.normalize("NFC", word.lower())):
        parts = unicodedata.normalize("NFD", ch)
        marks = [m for m in parts if m in _TONE_MARKS]
        if marks:
            if tone or len(marks) > 1:
                return False
            tone, tone_at = marks[0], at
            ch = unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_MARKS))
        if ch not in _BASES:
            return False
        bases.append(ch)
    toneless = "".join(bases)
    for onset in _ONSETS:
        rhyme = toneless[len(onset):]
        if toneless.startswith(onset) and rhyme in _RHYMES and _tone_fits(
                rhyme, tone, tone_at - len(onset)):
            return True
    return False


def _tone_fits(rhyme: str, tone: str, at: int) -> bool:
    if rhyme.endswith(("c", "ch", "p", "t")) and tone not in _STOP_TONES:
        return False
    if not tone:
        return True
    if not 0 <= at < len(rhyme) or rhyme[at] not in _VOWELS:
        return False
    final_glide = (at == len(rhyme) - 1 and len(rhyme) > 1 and rhyme[-1] in "iyou"
                   and rhyme[-2] in _VOWELS and rhyme != "uy")
    return not final_glide


# ---- detection ----

#: Words a reading must turn from non-syllables into Vietnamese syllables. With 1, single
#: European words were taken for legacy text ("où" reads as VNI "ó", "mãe" as TCVN3 "móe").
MIN_FIXED_WORDS = 2
#: Share of the informative words (those a reading changes and that are not syllables both
#: before and after) that the reading must turn into syllables.
MIN_FIXED_SHARE = 0.6

# cp1252's characters at 0x80–0x9F (Š, œ, “, –…): what a legacy cell can hold beyond Latin-1.
_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
# A word, as each encoding reads: a run of letters and of the encoding's codes that are not
# letters (TCVN3's "¸", "µ", "«"…; VNI has none, so "«Xaõ»" is a word between guillemets).
def _word_pattern(codes: frozenset[str]) -> re.Pattern[str]:
    symbols = "".join(sorted(ch for ch in codes if not ch.isalpha()))
    return re.compile(r"(?:[^\W\d_]" + (f"|[{re.escape(symbols)}]" if symbols else "") + ")+")


_WORDS = {"tcvn3": _word_pattern(_TCVN3_CODES), "vni": _word_pattern(_VNI_CODES)}


def could_be_legacy(text: str) -> bool:
    """Whether ``text`` could be legacy (TCVN3 or VNI) text read as cp1252: False once it
    holds a letter those fonts' codes never give, such as ư, ơ, ạ or ế (then it is
    Unicode), or a combining mark. Symbols ("≥", "…") do not count: a legacy cell may hold
    them.

    >>> could_be_legacy("X· Yªn Thµnh ≥ 95%"), could_be_legacy("Xã Yên Thành")
    (True, True)
    >>> could_be_legacy("Xã Yên Thế")
    False
    """
    return not any(ch > "\xff" and ch not in _CP1252_EXTRA
                   and (ch.isalpha() or unicodedata.combining(ch)) for ch in text)


def detect_encoding(texts: Iterable[str]) -> str | None:
    """Whether a sample of texts (a sheet's or a column's cells) is TCVN3 or VNI text read
    without its font, by the letters alone: "tcvn3", "vni", or None for Unicode or plain
    text.

    The rule, for each encoding: take the words (runs of letters and of the encoding's code
    symbols, such as TCVN3's "¸", "µ") of the texts that :func:`could_be_legacy`, and the
    encoding's reading of each. A word the reading leaves as it is, or that is a Vietnamese
    syllable (:func:`is_syllable`) both as read and as converted ("Cã"/"Có"), tells
    nothing. Of the other, *informative* words, a word is *fixed* when it is not a syllable
    as read and is one after conversion ("®iÓm" → "điểm"). The encoding qualifies when it
    fixes at least :data:`MIN_FIXED_WORDS` words and at least :data:`MIN_FIXED_SHARE` of its
    informative words; if both qualify, the one that fixes more wins (a tie gives None:
    "chæ" is "chỉ" in VNI and "chổ" in TCVN3).

    Genuine Vietnamese is syllables as typed, so a reading fixes none of it and breaks
    much ("Bình" → "Bỡnh"); its texts with ư, ơ, ạ… are left out altogether. English, codes
    and numbers hold nothing a reading changes; European words ("Café", "Müller") are not
    syllables either way. A sample mixing a Unicode template with legacy entries is
    detected by its entries, and each of its texts then needs :func:`could_be_legacy`
    before conversion. Text of a capital-letter font converts to mixed case ("THµNH" →
    "THàNH") when the font is unknown.

    >>> detect_encoding(["Xaõ Yeân Thaønh", "Toång ñieåm"])
    'vni'
    >>> detect_encoding(["Xã Yên Thành", "Tài liệu kiểm chứng", "Total score"]) is None
    True
    """
    fixed = dict.fromkeys(ENCODINGS, 0)
    informative = dict.fromkeys(ENCODINGS, 0)
    for text in texts:
        if not isinstance(text, str) or not could_be_legacy(text):
            continue
        for encoding in ENCODINGS:
            for word in _WORDS[encoding].findall(text):
                converted = to_unicode(word, encoding)
                if converted == word:
                    continue
                before, after = is_syllable(word), is_syllable(converted)
                if before and after:
                    continue  # a syllable either way ("Cã", "Có"): tells nothing
                informative[encoding] += 1
                fixed[encoding] += after
    qualified = [e for e in ENCODINGS
                 if fixed[e] >= MIN_FIXED_WORDS and fixed[e] >= MIN_FIXED_SHARE * informative[e]]
    if len(qualified) == 2 and fixed["tcvn3"] == fixed["vni"]:
        return None
    return max(qualified, key=fixed.__getitem__, default=None)
