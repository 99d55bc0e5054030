"""The one lookup of the catalogue: :func:`text` (area, key, language, values).

Every table of words is (Vietnamese, English) per key, in one module per area; values are
raw (numbers, names, codes) and a float is written for the language here
(:func:`~.numbers.value_text`). :func:`render` adds a problem's location.

>>> text("report", "total", "en"), text("ui", "wrote", "vi", path="a.xlsx")
('Total points', 'Đã ghi a.xlsx')
>>> text("problem", "I018", "en", found=5.5)
'criterion not appraised; its self-score 5.5 is used.'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import NamedTuple

from cchc_index._internal.messages.analysis_workbook import (
    ANALYSIS_COLUMNS,
    ANALYSIS_SHEETS,
    ANALYSIS_TITLES,
    COMPARABLE,
)
from cchc_index._internal.messages.charts import ANALYSIS_CHARTS, PLOT_WORDS
from cchc_index._internal.messages.cli import CLI
from cchc_index._internal.messages.council import COUNCIL
from cchc_index._internal.messages.docx import DOCX
from cchc_index._internal.messages.form import FORM
from cchc_index._internal.messages.numbers import value_text
from cchc_index._internal.messages.problems import MESSAGES
from cchc_index._internal.messages.reading import READING
from cchc_index._internal.messages.report import REPORT
from cchc_index._internal.messages.rules import RULES
from cchc_index._internal.messages.summary import SUMMARY
from cchc_index._internal.messages.ui import UI

# area -> its table; an entry is (Vietnamese, English, …): further fields are not words
AREAS: dict[str, Mapping[str, tuple[str, ...]]] = {
    "problem": MESSAGES,
    "ui": UI,
    "report": REPORT,
    "summary": SUMMARY,
    "docx": DOCX,
    "analysis_sheet": ANALYSIS_SHEETS,
    "analysis_column": ANALYSIS_COLUMNS,
    "analysis_title": ANALYSIS_TITLES,
    "comparable": COMPARABLE,
    "analysis_chart": ANALYSIS_CHARTS,
    "plot": PLOT_WORDS,
    "reading": READING,
    "cli": CLI,
    "form": FORM,
    "council": COUNCIL,
    "rules": RULES,
}


class Words(NamedTuple):
    """A value that is itself words of the catalogue (a label a message names), written
    in the message's language: ``Words("report", "total")`` is "Tổng điểm" / "Total points".
    ``values`` (pairs of name and raw value; see :func:`phrase`) fill its fields, a count
    grouped for the language as a problem's counts are."""

    area: str
    key: str
    values: tuple[tuple[str, object], ...] = ()


def phrase(area: str, key: str, **values: object) -> Words:
    """Words of the catalogue with their values, kept raw until a language is asked:
    ``phrase("reading", "biff_cut", offset=512)``."""
    return Words(area, key, tuple(values.items()))


def words(area: str, key: str, lang: str = "vi") -> str:
    """The template of ``key`` in ``area`` for ``lang`` ("vi", or "en"), unfilled."""
    entry = AREAS[area][key]
    return entry[1] if lang == "en" else entry[0]


def text(area: str, key: str, lang: str = "vi", **values: object) -> str:
    """The words of ``key`` in ``area`` for ``lang``, their fields filled from ``values``."""
    return words(area, key, lang).format(**_shown(values, lang))


def both(area: str, key: str, sep: str = " / ", **values: object) -> str:
    """The words of ``key`` in Vietnamese and in English, joined by ``sep`` (the command
    line's help, shown before ``--lang`` is read): ``"năm đánh giá / assessment year"``."""
    return sep.join(text(area, key, lang, **values) for lang in ("vi", "en"))


def ui(key: str, lang: str = "vi", **values: object) -> str:
    """A piece of interface text in ``lang`` ("vi" or "en")."""
    return text("ui", key, lang, **values)


def _shown(values: Mapping[str, object], lang: str, counts: bool = False) -> dict[str, object]:
    """``values`` with each float (and with ``counts``, each int: a problem's counts) written
    for ``lang`` and each :class:`Words` looked up."""
    return {k: shown(v, lang, counts) for k, v in values.items()}


def shown(value: object, lang: str = "vi", counts: bool = True) -> object:
    """One value as a message writes it in ``lang``: :class:`Words` looked up (and filled),
    a float (and with ``counts`` an int) written by :func:`value_text`, else as it is."""
    if isinstance(value, Words):
        return words(value.area, value.key, lang).format(
            **_shown(dict(value.values), lang, counts=True))
    numbers = (int, float) if counts else float
    if isinstance(value, numbers) and not isinstance(value, bool):
        return value_text(value, lang)
    return value


_LOCATION = {
    "vi": {"file": "Tệp {}", "sheet": "trang tính {}", "cell": "ô {}", "row": "dòng {}",
           "unit": "đơn vị {}", "criterion": "tiêu chí {}"},
    "en": {"file": "File {}", "sheet": "sheet {}", "cell": "cell {}", "row": "row {}",
           "unit": "unit {}", "criterion": "criterion {}"},
}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def location(values: dict[str, object], lang: str = "vi") -> str:
    """"Tệp a.xlsx, trang tính X, ô E14 (đơn vị Xã A, tiêu chí 1.2)" from a problem's fields."""
    words = _LOCATION.get(lang, _LOCATION["vi"])
    where = [_place(k, str(values[k]), words) for k in ("file", "sheet", "cell") if values.get(k)]
    who = [words[k].format(values[k]) for k in ("unit", "criterion") if values.get(k)]
    text = ", ".join(where)
    if who:
        text = f"{text} ({', '.join(who)})" if text else ", ".join(who)
    return text[:1].upper() + text[1:] if text else ""


def _place(key: str, value: str, words: dict[str, str]) -> str:
    """One part of a location; a cell given as a whole row ("dòng 5", as the methodology's
    checks give it) reads "dòng 5" / "row 5", not "ô dòng 5"."""
    if key == "cell" and value.startswith(_WHOLE_ROW):
        return words["row"].format(value[len(_WHOLE_ROW):])
    return words[key].format(value)


_WHOLE_ROW = "dòng "


def render(code: str, lang: str, values: dict[str, object]) -> str:
    """The full message for a problem code: location, then the body.

    ``values`` are raw: a float is written for ``lang`` here (:func:`value_text`)."""
    vi, en = MESSAGES.get(code, ("{found}", "{found}"))
    shown = _shown(values, lang, counts=True)
    body = string.Formatter().vformat(en if lang == "en" else vi, (), _Blank(shown))
    prefix = location(values, lang)
    if not prefix:
        return body[:1].upper() + body[1:]
    return f"{prefix}: {body}"
