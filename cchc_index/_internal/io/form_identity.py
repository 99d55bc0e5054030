"""Which unit a form belongs to, and for which year, from its title block.

In order of trust: an "Đơn vị:" cell (filled in by the unit), the "UBND XÃ …" heading at
the top left, the file name. The year comes from the title ("… NĂM 2024"), a "Năm:"
cell, or the file name. Every choice that is not read from the form itself is reported.

>>> display_name("UBND XÃ MINH TIẾN"), display_name("ủy ban nhân dân phường 3")
('Xã Minh Tiến', 'Phường 3')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from cchc_index._internal import vocabulary as words
from cchc_index._internal.errors import Problem
from cchc_index._internal.io.cells import Grid, address
from cchc_index._internal.io.recognise import after_council, unit_type
from cchc_index._internal.text import canonical, name_key, nfc

__all__ = ["SOURCE_FILE", "SOURCE_HEADING", "SOURCE_LABEL", "Identity", "display_name",
           "find_identity", "unit_type"]

# Heading lines that name the unit without "UBND" ("SỞ …", "XÃ ĐÔNG LA" under its
# district's "UBND HUYỆN …").
_HEADING_WORDS = tuple(w + " " for w in words.HEADING_UNIT_WORDS)
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")

SOURCE_LABEL = "label"
SOURCE_HEADING = "heading"
SOURCE_FILE = "filename"

@dataclass
class Identity:
    """The unit and year of a form, and where they were found."""

    unit: str
    source: str  # SOURCE_LABEL, SOURCE_HEADING or SOURCE_FILE
    cell: str
    year: str
    unit_type: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def unit_source(self) -> str:
        """"label:B6", "heading:A1" or "filename"."""
        return f"{self.source}:{self.cell}" if self.cell else self.source


def display_name(text: str) -> str:
    """A unit name as people write it: no "UBND" prefix, capitalised words if it was
    typed in capitals, first letter capital."""
    name = after_council(re.sub(r"\s+", " ", nfc(text)).strip(" .,:;-"))
    if name is None:
        name = re.sub(r"\s+", " ", nfc(text)).strip(" .,:;-")
    if name and name == name.upper():
        name = " ".join(w[:1] + w[1:].lower() for w in name.split(" "))
    return name[:1].upper() + name[1:]


def find_identity(grid: Grid, header_row: int, file: str) -> Identity:
    """The unit and year of the form whose table header starts on ``header_row``."""
    title = grid.rows[: header_row - 1]
    label = _from_label(grid, title)
    heading = _from_heading(grid, title)
    year = _year(title) or _file_year(file)
    problems: list[Problem] = []
    if label and heading and name_key(label[0]) != name_key(heading[0]):
        problems.append(Problem("I102", "warning", file, grid.sheet, label[1], label[0],
                                found=f"«{label[0]}»", expected=f"«{heading[0]}»",
                                params={"heading_cell": heading[1]}))
    if label:
        name, cell, source = label[0], label[1], SOURCE_LABEL
    elif heading:
        name, cell, source = heading[0], heading[1], SOURCE_HEADING
    else:
        name, cell, source = _from_file(file), "", SOURCE_FILE
        problems.append(Problem("I101", "warning", file, grid.sheet, "", name,
                                found=f"«{name}»"))
    return Identity(name, source, cell, year, unit_type(name), problems)


def _from_label(grid: Grid, title: list[list[object]]) -> tuple[str, str] | None:
    """The value of an "Đơn vị:" cell: after the colon, or in the next cell to the right."""
    for r, values in enumerate(title, start=1):
        for c, value in enumerate(values, start=1):
            if not isinstance(value, str):
                continue
            found = words.UNIT_LABEL.match(canonical(value))
            if not found:
                continue
            typed = nfc(value)
            rest = typed.split(":", 1)[1] if ":" in typed else ""
            if not words.PLACEHOLDER.match(rest):
                return display_name(rest), address(r, c)
            for right in range(c + 1, len(values) + 1):
                other = grid.value(r, right)
                if other is not None and not words.PLACEHOLDER.match(str(other)):
                    return display_name(str(other)), address(r, right)
    return None


def _from_heading(grid: Grid, title: list[list[object]]) -> tuple[str, str] | None:
    """The lowest "UBND XÃ …" (or "SỞ …") line of the heading block above the title."""
    found = None
    for r, values in enumerate(title, start=1):
        for c, value in enumerate(values, start=1):
            if not isinstance(value, str):
                continue
            for name in _heading_names(value):
                if name is _BELOW:  # "UBND" alone on the last line: the unit is below
                    rest = _below(grid, r, c)
                    if rest and not words.PLACEHOLDER.match(rest) and unit_type(rest):
                        found = (display_name(rest), address(r, c))
                else:
                    found = (name, address(r, c))
    return found


_BELOW = object()


@lru_cache(maxsize=4096)  # the same heading cells in every form of a batch
def _heading_names(value: str) -> tuple[object, ...]:
    """The unit names the lines of one heading cell give, in order; _BELOW for a last
    line "UBND" whose unit is in the cell below."""
    names: list[object] = []
    lines = [line for line in nfc(value).split("\n") if line.strip()]
    for i, line in enumerate(lines):
        key = canonical(line)
        rest = after_council(line)
        if rest is not None:
            if words.PLACEHOLDER.match(rest):
                if i + 1 >= len(lines):
                    names.append(_BELOW)
                    continue
                rest = lines[i + 1]
            if rest and not words.PLACEHOLDER.match(rest) and unit_type(rest):
                names.append(display_name(rest))
        elif key.startswith(_HEADING_WORDS) and line.strip() == line.strip().upper():
            names.append(display_name(line))
    return tuple(names)


def _below(grid: Grid, row: int, col: int) -> str:
    value = grid.value(row + 1, col)
    return nfc(value) if isinstance(value, str) else ""


def _year(title: list[list[object]]) -> str:
    """The year of the title ("… NĂM 2024") or of a "Năm:" cell; not the signing date."""
    candidates: list[tuple[int, str]] = []
    for values in title:
        for c, value in enumerate(values):
            if not isinstance(value, str):
                continue  # a blank key is neither a label nor a year
            key = canonical(value)
            if words.YEAR_LABEL.match(key):
                following = next((v for v in values[c + 1:] if v is not None), None)
                if isinstance(following, int) and 1900 < following < 2100:
                    candidates.append((0, str(following)))
                continue
            found = words.YEAR_IN_TITLE.search(key)
            if not found or ("ngay" in key and "thang" in key):
                continue
            rank = 0 if any(w in key for w in words.TITLE_WORDS) or key.startswith("nam") else 1
            if words.DECISION_WORDS.search(key):  # "(Kèm theo Quyết định số …/QĐ-UBND …)"
                rank = 2
            candidates.append((rank, found.group(1)))
    return min(candidates)[1] if candidates else ""


def _file_year(file: str) -> str:
    """The year a file name gives, not that of a date in it ("… 2024 gui 15-01-2025")."""
    found = _FILE_YEAR.findall(words.FILE_DATE.sub(" ", PurePath(file).stem))
    return found[-1] if found else ""


def _from_file(file: str) -> str:
    """A unit name from a file name: "Xã Minh Tiến - Tự đánh giá CCHC 2024.xlsx" and
    "TDG_CCHC_2024_Xã Minh Tiến (gửi lần 2).xlsx" give "Xã Minh Tiến".

    >>> _from_file("Xã Minh Tiến - Tự đánh giá CCHC 2024.xlsx")
    'Xã Minh Tiến'
    >>> _from_file("Bang tu danh gia_2024_phuong_hoa_binh.xlsx")
    'Phuong hoa binh'
    """
    stem = PurePath(file).stem
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", words.FILE_DATE.sub(" ", stem))
    parts = [part.replace("_", " ") for part in re.split(r"\s+-\s+|\s*-{2,}\s*|_-_", text)
             if part.strip(" _")]
    names = [_name_words(part) for part in parts]
    typed = [n for n in names if n and unit_type(n)]  # the part that starts "Xã …"
    kept = typed[0] if typed else " ".join(n for n in names if n)
    return display_name(kept) or stem


def _name_words(part: str) -> str:
    """A part of a file name without its document words ("Tự đánh giá", "CCHC", years);
    from its unit-type word ("Xã", "Phường", "Sở") when it has one."""
    whole = tokens = _FILE_YEAR.sub(" ", part).replace("-", " ").split()
    keys = [canonical(w) for w in tokens]
    start = next((i for i in range(len(tokens)) if unit_type(" ".join(tokens[i:]))), None)
    if start is not None:
        tokens, keys = tokens[start:], keys[start:]
    text = " ".join(keys)
    for phrase in words.FILE_NAME_WORDS:
        found = re.search(rf"(?:^| ){phrase}(?: |$)", text)
        if found:
            cut = text[:found.start()].count(" ") + (1 if found.start() else 0)
            if start is not None and cut == 0:
                continue
            tokens, keys = tokens[:cut], keys[:cut]
            text = " ".join(keys)
    return " ".join(tokens or whole)  # a name of document words only stays as it was
