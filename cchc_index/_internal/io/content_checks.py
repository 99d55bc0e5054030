"""Warnings about what a read file holds, whatever its layout: look-alike characters in
unit names (S022), a table dated outside the methodology's years (S023).
"""

from __future__ import annotations

import re
import unicodedata

from cchc_index._internal.entries import Batch, Rows, unit_records
from cchc_index._internal.errors import Problem
from cchc_index._internal.methodology.model import Methodology

_YEARS = re.compile(r"\b(?:19|20)\d\d\b")
_CELL = re.compile(r"[A-Z]{1,3}[0-9]+$")


def content_warnings(read: Batch | Rows, methodology: Methodology) -> list[Problem]:
    """Warnings about what a file holds: look-alike characters in unit names, a table
    dated outside the methodology's years."""
    problems = []
    units = unit_records(read)
    for unit in units:
        odd = lookalikes(str(unit["unit"]))
        if odd:
            problems.append(Problem("S022", "warning", unit["file"], unit["sheet"],
                                    _cell_of(unit["unit_source"]), unit["unit"], found=odd))
    wanted = _year_span(methodology.years)
    if not wanted:
        return problems
    seen = set()
    for unit in units:
        year = str(unit.get("year") or "")
        key = (unit["file"], unit["sheet"], year)
        if key in seen:
            continue
        seen.add(key)
        if year.isdigit() and not wanted[0] <= int(year) <= wanted[1]:
            problems.append(Problem("S023", "warning", unit["file"], unit["sheet"],
                                    found=year, expected=methodology.years))
    return problems


def lookalikes(name: str) -> str:
    """The characters of ``name`` that are not what Vietnamese text is written with:
    letters of other scripts that look Latin (Cyrillic "а"), full-width letters, invisible
    characters. "" when the name is clean.

    >>> lookalikes("Xã An Bình"), lookalikes("X\\u0430 An Bình")
    ('', '«а» U+0430')
    """
    odd = []
    for ch in unicodedata.normalize("NFC", name):
        category = unicodedata.category(ch)
        foreign = ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN ")
        invisible = category in ("Cf", "Co", "Cn") or (category == "Zs" and ch not in " \xa0")
        if (foreign or invisible) and ch not in [c for c, _ in odd]:
            odd.append((ch, f"«{ch}» U+{ord(ch):04X}"))
    return ", ".join(text for _, text in odd)


def _year_span(years: str) -> tuple[int, int] | None:
    found = [int(y) for y in _YEARS.findall(years or "")]
    return (min(found), max(found)) if found else None


def _cell_of(source: object) -> str:
    """The cell address in a reader's ``unit_source`` ("B6", "label:B6"), or ""."""
    found = _CELL.search(str(source or ""))
    return found.group(0) if found else ""
