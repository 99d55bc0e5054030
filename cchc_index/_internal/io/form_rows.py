"""Match the rows of a form to the criteria of the methodology.

Most forms number their rows the way the methodology codes them ("1", "1.1", "1.1.1",
typed with stray dots and spaces, or as Excel numbers). Others number fields with Roman
numerals, criteria 1, 2, 3 within each field and sub-criteria a, b, c: those codes do not
say which criterion a row is, so such rows are matched by their position under the row
above and checked against the methodology's names, and the reader says so.

The codes themselves are read by :mod:`cchc_index._internal.io.codes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import pandas as pd

from cchc_index._internal.io.codes import LETTER, NUMBER, ROMAN, UPPER, Code, parse_code
from cchc_index._internal.text import canonical

__all__ = ["LETTER", "NUMBER", "ROMAN", "SIMILAR", "UPPER", "Code", "Match", "Matching",
           "TreeLookup", "TreeRow", "match_rows", "parse_code", "similarity", "tree_lookup"]

# Below this similarity two names are taken to mean different criteria.
SIMILAR = 0.5
# A match by name alone needs names this close.
SAME_NAME = 0.8


@lru_cache(maxsize=8192)
def _name_key(text: str) -> str:
    return canonical(text)


def similarity(a: str, b: str) -> float:
    """How alike two criterion names are, 0 to 1; an abbreviation of the other counts high."""
    if a == b:  # most forms copy the methodology's names
        return 1.0 if _name_key(a) else 0.0
    key_a, key_b = _name_key(a), _name_key(b)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    shorter, longer = sorted((key_a, key_b), key=len)
    if len(shorter) >= 12 and shorter in longer:
        return 0.9
    return SequenceMatcher(None, key_a, key_b, autojunk=False).ratio()


@dataclass(slots=True)
class TreeRow:
    """One row of a form that may be a criterion."""

    row: int
    code: Code
    name: str


@dataclass(slots=True)
class Match:
    """Which criterion a form row stands for, and how that was decided."""

    row: TreeRow
    criterion: str | None
    how: str  # "code", "float", "position", "name" or "" (unmatched)
    similarity: float = 1.0


@dataclass
class Matching:
    matches: list[Match] = field(default_factory=list)
    by_position: bool = False  # the form's codes are not hierarchical
    duplicates: list[tuple[Match, Match]] = field(default_factory=list)  # (first, again)


class TreeLookup:
    """The methodology's tree as plain lookups (children in order, names, leaves,
    components, maxima), built once per tree: reading a form must not query pandas per row.
    """

    def __init__(self, tree: pd.DataFrame):
        self.codes = list(tree["code"])
        self.known = set(self.codes)
        self.names = dict(zip(tree["code"], tree["name"], strict=True))
        self.is_leaf = dict(zip(tree["code"], tree["is_leaf"].astype(bool), strict=True))
        self.component = dict(zip(tree["code"], tree["component"], strict=True))
        self.stated_max = dict(zip(tree["code"], tree["stated_max"], strict=True))
        self.max_points = dict(zip(tree["code"], tree["max_points"], strict=True))
        self.children: dict[str | None, list[str]] = {}
        for code, parent in zip(tree["code"], tree["parent"], strict=True):
            self.children.setdefault(parent if isinstance(parent, str) else None, []).append(code)
        self.depth = int(tree["level"].max()) if len(tree) else 0
        # The maximum a form's row must state (a leaf's stated maximum, a parent's sum),
        # None when there is none to check.
        self.checked_max: dict[str, float | None] = {}
        for code, leaf in self.is_leaf.items():
            expected = self.stated_max[code] if leaf else self.max_points[code]
            unchecked = expected != expected or (not leaf and expected == 0)
            self.checked_max[code] = None if unchecked else expected
        self._below: dict[str, list[str]] = {}

    def below(self, code: str) -> list[str]:
        """Every code under ``code``, in tree order."""
        found = self._below.get(code)
        if found is None:
            prefix = code + "."
            found = self._below[code] = [c for c in self.codes if c.startswith(prefix)]
        return found


_LOOKUPS: dict[int, tuple[pd.DataFrame, TreeLookup]] = {}


def tree_lookup(tree: pd.DataFrame) -> TreeLookup:
    """The :class:`TreeLookup` of ``tree``, cached while that frame lives."""
    cached = _LOOKUPS.get(id(tree))
    if cached is not None and cached[0] is tree:
        return cached[1]
    if len(_LOOKUPS) > 16:
        _LOOKUPS.clear()
    lookup = TreeLookup(tree)
    _LOOKUPS[id(tree)] = (tree, lookup)
    return lookup


def match_rows(rows: list[TreeRow], tree: pd.DataFrame) -> Matching:
    """Match each form row to a criterion code (or to none)."""
    lookup = tree_lookup(tree)
    dotted = any(r.code.style == NUMBER and "." in (r.code.code or "") for r in rows)
    if not dotted and _running_numbers(rows, lookup):
        rows = [TreeRow(r.row, Code(r.code.text), r.name) for r in rows]  # STT 1…N: no codes
    if lookup.depth > 1 and not dotted:
        matching = _by_position(rows, lookup)
        matching.by_position = True
    else:
        matching = _by_code(rows, lookup)
    seen: dict[str, Match] = {}
    for match in matching.matches:
        if match.criterion is None:
            continue
        if match.criterion in seen:
            matching.duplicates.append((seen[match.criterion], match))
        else:
            seen[match.criterion] = match
    return matching


def _running_numbers(rows: list[TreeRow], lookup: TreeLookup) -> bool:
    """Whether the code column just counts the rows (1, 2, 3 … beyond the fields)."""
    numbers = [r.code.ordinal for r in rows if r.code.style == NUMBER]
    fields = len(lookup.children.get(None, []))
    return len(numbers) > fields and numbers == list(range(1, len(numbers) + 1))


def _by_code(rows: list[TreeRow], lookup: TreeLookup) -> Matching:
    """Hierarchical codes match directly; Roman numerals, letters and uncoded rows are
    placed by the rows around them and checked by name."""
    used: set[str] = set()
    matches: list[Match] = []
    known, names = lookup.known, lookup.names
    for index, row in enumerate(rows):
        code = row.code
        if code.style == NUMBER and not code.from_float:  # the common case, at its shortest
            criterion = code.code or ""
            if criterion not in known:
                matches.append(Match(row, None, ""))
                continue
            used.add(criterion)
            score = similarity(row.name, names[criterion]) if criterion else 0.0
            matches.append(Match(row, criterion, "code", score))
            continue
        criterion, how = None, ""
        if code.style == NUMBER:
            criterion, how = _number_code(code, used, lookup), "code"
            if criterion is not None and code.from_float and (
                    criterion != code.code or _zero_padded(code.code, lookup)):
                how = "float"
            if criterion is None:
                matches.append(Match(row, None, ""))
                continue
        elif code.style == ROMAN:
            candidate = str(code.ordinal)
            following = next((r.code.code for r in rows[index + 1:]
                              if r.code.style == NUMBER and r.code.code), "")
            if candidate in lookup.known and candidate not in used and (
                    following.split(".")[0] == candidate
                    or similarity(row.name, lookup.names[candidate]) >= SIMILAR):
                criterion, how = candidate, "position"
        elif code.style in (LETTER, UPPER):
            parent, position = _parent_for_letter(matches, code.style)
            children = lookup.children.get(parent, []) if parent else []
            if position < len(children) and children[position] not in used:
                criterion, how = children[position], "position"
        if criterion is None:
            criterion = _by_name(row.name, [c for c in lookup.codes if c not in used], lookup)
            how = "name" if criterion else ""
        score = similarity(row.name, lookup.names[criterion]) if criterion else 0.0
        if criterion is not None:
            used.add(criterion)
        matches.append(Match(row, criterion, how, score))
    return Matching(matches)


def _number_code(code: Code, used: set[str], lookup: TreeLookup) -> str | None:
    """The criterion a numeric code names; for an Excel number ("2.1" that may have been
    "2.10") the first of its readings not used yet."""
    text = code.code or ""
    if not code.from_float:
        return text if text in lookup.known else None
    readings = [text + "0" * extra for extra in range(3)]
    known = [r for r in readings if r in lookup.known]
    return next((r for r in known if r not in used), known[0] if known else None)


def _zero_padded(text: str | None, lookup: TreeLookup) -> bool:
    return bool(text) and f"{text}0" in lookup.known


def _parent_for_letter(matches: list[Match], style: str) -> tuple[str | None, int]:
    """The criterion a lettered row belongs to (the last matched row of another style),
    and how many rows of its style came since: a, b, c are counted, not read, because
    forms use both the Vietnamese (a, b, c, d, đ, e) and the English alphabet."""
    count = 0
    for match in reversed(matches):
        if match.row.code.style == style:
            count += 1
        elif match.criterion is not None:
            return match.criterion, count
    return None, count


def _by_name(name: str, candidates: list[str], lookup: TreeLookup) -> str | None:
    if not canonical(name):
        return None
    scored = [(similarity(name, lookup.names[c]), c) for c in candidates]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= SAME_NAME else None


def _by_position(rows: list[TreeRow], lookup: TreeLookup) -> Matching:
    """Rows numbered I / 1 / a: the numbering style gives the level (in order of first
    appearance), the position under the row above gives the criterion, the name confirms
    it or picks a better one among the siblings."""
    levels: dict[str, int] = {}
    for row in rows:
        if row.code.style and row.code.style not in levels:
            levels[row.code.style] = len(levels) + 1
    path: list[str | None] = []
    next_child: dict[str | None, int] = {}
    used: set[str] = set()
    matches: list[Match] = []
    for row in rows:
        level = levels.get(row.code.style)
        if level is None:
            criterion = _by_name(row.name, [c for c in lookup.codes if c not in used], lookup)
            if criterion is not None:
                path = _path_to(criterion)
            matches.append(_record(row, criterion, "name", lookup, used))
            continue
        parent = None if level == 1 else (path[level - 2] if len(path) >= level - 1 else None)
        if level > 1 and parent is None:
            matches.append(Match(row, None, ""))
            continue
        siblings = [c for c in lookup.children.get(parent, []) if c not in used]
        ordered = lookup.children.get(parent, [])
        position = next_child.get(parent, 0)
        expected = ordered[position] if position < len(ordered) else None
        expected = expected if expected not in used else None
        best = _by_name(row.name, siblings, lookup)
        criterion = expected
        if expected is None or (best is not None and best != expected
                                and similarity(row.name, lookup.names[expected]) < SIMILAR):
            criterion = best
        if criterion is None:
            matches.append(Match(row, None, ""))
            path = [*path[: level - 1], None]
            continue
        next_child[parent] = ordered.index(criterion) + 1
        path = [*path[: level - 1], criterion]
        matches.append(_record(row, criterion, "position", lookup, used))
    return Matching(matches)


def _path_to(code: str) -> list[str | None]:
    pieces = code.split(".")
    return [".".join(pieces[: i + 1]) for i in range(len(pieces))]


def _record(row: TreeRow, criterion: str | None, how: str, lookup: TreeLookup,
            used: set[str]) -> Match:
    if criterion is None:
        return Match(row, None, "")
    used.add(criterion)
    return Match(row, criterion, how, similarity(row.name, lookup.names[criterion]))
