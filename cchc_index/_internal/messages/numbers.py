"""Numbers written into text: one formatter per language.

Vietnamese writes a decimal comma and a thousands dot (``1.049,5``), English the reverse
(``1,049.5``). Every number the package writes into a message, a heading or a sentence goes
through :func:`number_text` or :func:`value_text`.
"""

from __future__ import annotations

from collections.abc import Callable

DASH = "—"  # a missing number (NaN)


def english_number(value: float, decimals: int | None = 2, grouped: bool = True) -> str:
    """``value`` in English: ``decimals`` places (``None``: as many as it needs, at most 10
    significant digits), thousands separated by "," when ``grouped``.

    >>> english_number(1049.5, 1), english_number(97.5, None), english_number(1049.5, None, False)
    ('1,049.5', '97.5', '1049.5')
    """
    comma = "," if grouped else ""
    if decimals is None:
        return f"{value + 0.0:{comma}.10g}"  # + 0.0: no "-0"
    return f"{value:{comma}.{decimals}f}"


def vietnamese_number(value: float, decimals: int | None = 2, grouped: bool = True) -> str:
    """``value`` in Vietnamese: a decimal comma and a thousands dot.

    >>> vietnamese_number(1049.5, 1), vietnamese_number(97.5, None), vietnamese_number(0.5, 2)
    ('1.049,5', '97,5', '0,50')
    """
    return english_number(value, decimals, grouped).translate(_SWAP)


_SWAP = str.maketrans(",.", ".,")
FORMATTERS: dict[str, Callable[[float, int | None, bool], str]] = {
    "vi": vietnamese_number, "en": english_number,
}


def number_text(value: float, decimals: int | None = 2, lang: str = "vi",
                grouped: bool = True) -> str:
    """``91.5`` as ``"91,50"`` (Vietnamese) or ``"91.50"`` (English); NaN as ``"—"``.

    >>> number_text(1049.5, 1), number_text(1049.5, 1, "en"), number_text(float("nan"))
    ('1.049,5', '1,049.5', '—')
    """
    if value != value:
        return DASH
    return FORMATTERS.get(lang, vietnamese_number)(value, decimals, grouped)


def value_text(value: object, lang: str = "vi") -> str:
    """A value as a message shows it: a float with no trailing zeros, ``97.5`` as ``"97,5"``
    (Vietnamese) or ``"97.5"`` (English), NaN as ``"—"``; a count of 1 000 or more grouped
    (``"1.048.576"``, ``"1,048,576"``); anything
    else as ``str``.

    >>> value_text(97.5), value_text(97.5, "en"), value_text(-2.0), value_text("KPS")
    ('97,5', '97.5', '-2', 'KPS')
    >>> value_text(1048576), value_text(1048576, "en"), value_text(999), value_text("2024")
    ('1.048.576', '1,048,576', '999', '2024')
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return number_text(value, 0, lang, grouped=abs(value) >= GROUPED_FROM)
    if not isinstance(value, float):
        return str(value)
    return number_text(value, None, lang, grouped=False)


GROUPED_FROM = 1_000  # counts from here on are grouped by thousands (years are texts)
