"""Apply the methodology's rules to a batch: rule points beside self-score and appraisal.

:func:`rule_points` gives one row per (unit, rule-scored leaf) with the figure, the rule,
its points, the self-score and the appraisal; :func:`rule_problems` turns the
disagreements into warnings that name the cell and show the figure, the rule and both
scores; :func:`council_table` lists them all for the appraisal council. Pure functions:
nothing is changed in place.

The figure is read from ``raw_figure`` (the form's Số liệu cell, address in
``cell_raw_figure``), or from ``raw_rate`` (Tỷ lệ đạt được, ``cell_raw_rate``) when the
first is blank or does not fit the rule.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from cchc_index._internal.errors import Problem
from cchc_index._internal.messages import Words, phrase
from cchc_index._internal.messages import text as catalogue_text
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.methodology.rounds import COUNTING_ORDER
from cchc_index._internal.methodology.rule_figures import Figure, parse_figure
from cchc_index._internal.methodology.rule_model import Rule

FIGURE_COLUMNS = (("raw_figure", "cell_raw_figure"), ("raw_rate", "cell_raw_rate"))
DRAFT_COLUMN = "draft_appraisal"

APPLIED = "applied"  # the rule gave points
NO_FIGURE = "no_figure"  # no raw figure was given
UNREADABLE = "unreadable"  # the figure does not fit the rule
NOT_ARISEN = "not_arisen"  # the item did not arise (KPS); no rule applies

RULE_COLUMNS = ["unit_id", "unit", "code", "name", "rule", "figure", "rule_points",
                "self_points", "appraisal", "status", "self_agrees", "appraisal_agrees",
                "draft", "deduction", "file", "sheet", "cell_figure", "cell_self_points",
                "cell_appraisal"]


def rules_of(methodology: Methodology) -> dict[str, Rule]:
    """The rule of every rule-scored leaf, by code."""
    return {c.code: c.rule for c in methodology.criteria if getattr(c, "rule", None) is not None}


def tolerance(methodology: Methodology) -> float:
    """Half a unit of the last shown decimal (the methodology's ``Số chữ số thập phân``):
    a score agrees with the rule's points when they differ by at most this, so 1,125 and
    1,13 agree at 2 decimals (0,005), 1,41 and 1,41666… do not.

    >>> from cchc_index._internal.methodology.model import Methodology, Rounding
    >>> round(tolerance(Methodology("m", (), (), rounding=Rounding(2))), 6)
    0.005
    """
    return 0.5 * 10.0 ** -methodology.rounding.decimals + 1e-9


def rule_points(entries: pd.DataFrame, methodology: Methodology,
                units: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per entry of a rule-scored leaf: the rule's points next to the scores.

    The index is the entries' index, so a row can be traced back to its entry.

    Columns: ``unit_id, unit, code, name, rule`` (as the council reads it), ``figure``
    (as typed, with the share it stands for), ``rule_points`` (NaN when the rule could
    not be applied), ``self_points``, ``appraisal`` (latest round, or given points),
    ``status`` (applied, no_figure, unreadable, not_arisen), ``self_agrees`` and
    ``appraisal_agrees`` (within :func:`tolerance`; NA where either is missing),
    ``draft`` (the appraisal was proposed by the rule), ``deduction`` (a penalty leaf:
    the rule's points are a deduction, compared with the size of the score, which a unit
    may type as 1 or -1), ``file, sheet`` and the cells of the figure, the self-score and
    the appraisal.

    Column-wise: each distinct figure is parsed once, and each rule applied once per
    distinct (leaf, not arisen, figures) combination.
    """
    rules = rules_of(methodology)
    subset = entries[entries["code"].isin(list(rules))] if rules and not entries.empty else None
    if subset is None or subset.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in RULE_COLUMNS})
    code_ids, codes = pd.factorize(subset["code"].astype(str))
    kps = _flags(subset, "not_arisen")
    figures = [_distinct_figures(subset, value) for value, _cell in FIGURE_COLUMNS]
    inverse, first = _combinations([code_ids, kps, *(ids for ids, _ in figures)])
    given = [[(v[i], f[i]) if i >= 0 else None for i in ids[first].tolist()]
             for ids, (v, f) in figures]  # per figure column, per combination
    points_of = _points_by_reading(rules)
    outcomes = [_outcome(code, list(pairs), not_arisen, points_of) for code, not_arisen, *pairs
                in zip(codes[code_ids[first]].tolist(), kps[first].tolist(), *given,
                       strict=True)]
    status, shown, points, which = (np.array(column, dtype=object)[inverse]
                                    for column in zip(*outcomes, strict=True))
    cells = [_texts(subset, cell) for _value, cell in FIGURE_COLUMNS]
    appraisal, cell_appraisal = _latest_appraisal(subset)
    names = {} if units is None else dict(zip(units["unit_id"], units["unit"], strict=False))
    criteria = {c.code: c.name for c in methodology.criteria}
    described = {code: rule.describe() for code, rule in rules.items()}
    frame = pd.DataFrame({
        "unit_id": subset["unit_id"], "code": subset["code"].astype(str),
        "figure": shown, "rule_points": pd.array(points.astype("float64"), dtype="float64"),
        "self_points": subset["self_points"].astype("float64"),
        "appraisal": appraisal, "status": status, "draft": _flags(subset, DRAFT_COLUMN),
        "file": _texts(subset, "file"), "sheet": _texts(subset, "sheet"),
        "cell_figure": _figure_cells(cells, which.astype(np.int64)),
        "cell_self_points": _texts(subset, "cell_self_points"),
        "cell_appraisal": cell_appraisal,
    }, index=subset.index)
    frame["rule"] = frame["code"].map(described)
    frame["unit"] = frame["unit_id"].map(names).fillna(frame["unit_id"])
    frame["name"] = frame["code"].map(criteria)
    deduction = frame["code"].map({code: rule.awards_deduction for code, rule in rules.items()})
    frame["deduction"] = deduction.astype(bool)
    limit = tolerance(methodology)
    for column, values in (("self_agrees", frame["self_points"]),
                           ("appraisal_agrees", frame["appraisal"])):
        values = values.where(~frame["deduction"], values.abs())  # -1 deducts 1 too
        both = values.notna() & frame["rule_points"].notna()
        agrees = ((values - frame["rule_points"]).abs() <= limit).astype("boolean")
        frame[column] = agrees.where(both, pd.NA)
    return frame[RULE_COLUMNS]


def _combinations(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct rows of small non-negative (or -1) integer columns: per row its
    combination's number, and per combination the first row that has it."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:  # mixed radix, compacted after each column: never overflows
        values = np.asarray(column, dtype=np.int64) + 1
        key, _ = pd.factorize(key * (int(values.max(initial=0)) + 1) + values)
    first = np.full(int(key.max(initial=-1)) + 1, len(key), dtype=np.int64)
    np.minimum.at(first, key, np.arange(len(key)))
    return key, first


def _distinct_figures(frame: pd.DataFrame, column: str
                      ) -> tuple[np.ndarray, tuple[list[object], list[Figure | None]]]:
    """Per row, the number of its distinct figure in ``column`` (-1 where blank); and per
    distinct figure, the value as typed and its parse."""
    if column not in frame.columns:
        return np.full(len(frame), -1, dtype=np.int64), ([], [])
    values = frame[column]
    if pd.api.types.is_string_dtype(values) and not pd.api.types.is_object_dtype(values):
        ids, distinct = pd.factorize(values)
        kept = np.array([bool(text.strip()) for text in distinct] + [False])
        renumber = np.where(kept, np.cumsum(kept) - 1, -1)  # blanks are no figure
        distinct = [text for text, keep in zip(distinct, kept[:-1], strict=True) if keep]
        ids = renumber[ids]
    else:  # mixed values: 1, 1.0 and True are different figures, blanks are none
        keys: dict[tuple[type, str], int] = {}
        distinct, ids = [], np.full(len(values), -1, dtype=np.int64)
        for row, value in enumerate(values.to_numpy(dtype=object, na_value=None).tolist()):
            if not _blank(value):
                ids[row] = keys.setdefault((type(value), repr(value)), len(keys))
                if ids[row] == len(distinct):
                    distinct.append(value)
    return np.asarray(ids, dtype=np.int64), (distinct, [parse_figure(v) for v in distinct])


def _figure_cells(cells: list[np.ndarray], which: np.ndarray) -> np.ndarray:
    """The cell of the figure used, else the first figure cell given (else "")."""
    used = np.full(len(which), "", dtype=object)
    first = np.full(len(which), "", dtype=object)
    for number, column in reversed(list(enumerate(cells))):
        used = np.where(which == number, column, used)
        first = np.where(column != "", column, first)
    return np.where(used != "", used, first)


def _texts(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A column as text ("" where absent or blank), as an object array."""
    if column not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    values = frame[column]
    if pd.api.types.is_object_dtype(values) or not pd.api.types.is_string_dtype(values):
        text = values.where(values.notna(), "").astype(str)  # mixed values: each one's str()
        return text.where(text.str.strip().ne(""), "").to_numpy(dtype=object)
    ids, distinct = pd.factorize(values)  # file names, cells: few distinct texts
    shown = np.array([text if text.strip() else "" for text in distinct] + [""], dtype=object)
    return shown[ids]


def _flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A marker column as booleans: blank (absent, None, NaN, "") is False."""
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    values = frame[column]
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).to_numpy(dtype=bool)
    return np.array([_flag(v) for v in values.to_numpy(dtype=object, na_value=None).tolist()],
                    dtype=bool)  # text or mixed markers: rare, value by value


def _latest_appraisal(subset: pd.DataFrame) -> tuple[pd.Series, np.ndarray]:
    """The latest appraisal round, or the given points, with the cell it came from."""
    value = pd.Series(np.nan, index=subset.index, dtype="float64")
    cell = np.full(len(subset), "", dtype=object)
    for column in reversed(COUNTING_ORDER[:-1]):  # the counting round: later ones win
        if column not in subset.columns:
            continue
        present = subset[column].notna()
        value = value.where(~present, subset[column].astype("float64"))
        cell = np.where(present.to_numpy(), _texts(subset, f"cell_{column}"), cell)
    return value, cell


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip())


def _flag(value: object) -> bool:
    """True for a set boolean marker; blank (None, NaN, "") is False."""
    return not _blank(value) and bool(value)


def _false(value: object) -> bool:
    """True only for a definite False (not NA)."""
    return value is not pd.NA and value is not None and not value


def _points_by_reading(rules: dict[str, Rule]) -> Callable[[str, Figure], float | None]:
    """``rules[code].points(figure)``, worked out once per leaf and reading of a figure
    (a rule reads the number, share, unit and status, never the text as typed)."""
    known: dict[tuple, float | None] = {}

    def points(code: str, figure: Figure) -> float | None:
        key = (code, *figure.readings())
        if key not in known:
            known[key] = rules[code].points(figure)
        return known[key]

    return points


def _outcome(code: str, given: list[tuple[object, Figure | None] | None], not_arisen: bool,
             points_of: Callable[[str, Figure], float | None]) -> tuple[str, str, float, int]:
    """(status, figure shown, points, which figure column was used or -1) for one entry
    of leaf ``code``.

    ``given``: per figure column, None when blank, else the value and its parse.
    """
    if not_arisen:
        return NOT_ARISEN, "", math.nan, -1
    present = [(i, pair) for i, pair in enumerate(given) if pair is not None]
    for i, (_value, figure) in present:
        points = None if figure is None else points_of(code, figure)
        if points is not None:
            return APPLIED, figure.shown(), points, i
    if present:
        i, (value, figure) = present[0]
        return UNREADABLE, figure.text if figure else str(value), math.nan, i
    return NO_FIGURE, "", math.nan, -1


def rule_problems(entries: pd.DataFrame, units: pd.DataFrame,
                  methodology: Methodology) -> list[Problem]:
    """Warnings for a batch: self-score or appraisal against the rule, and figure problems.

    R150/R151 self-score above/below the rule's points; on a penalty leaf, R153 a
    deduction smaller than the rule's (the self-score is above the rule) and R154 a bigger
    one; R152 an appraisal that differs from them; R160 a figure the rule cannot use; R161
    a blank figure cell beside a self-score other than 0, or R162 once for a unit that gave
    no figure at all. Each names the cell and shows the figure, the rule and both scores.
    First come the methodology's own warnings about its rules (R115, once per batch).
    """
    notes = [p for p in methodology.warnings if p.code.startswith("R")]
    frame = rule_points(entries, methodology, units)
    if frame.empty:
        return notes
    rules = rules_of(methodology)
    applied = frame["status"].eq(APPLIED)
    claimed = frame["self_points"].where(~frame["deduction"], frame["self_points"].abs())
    blank = frame["status"].eq(NO_FIGURE) & frame["cell_figure"].ne("") & claimed.gt(0)
    gave = frame["status"].isin([APPLIED, UNREADABLE]).groupby(frame["unit_id"]).any()
    silent = frame["unit_id"].map(gave).eq(False)  # no figure at all: one note per unit
    own = (applied & frame["self_agrees"].eq(False).fillna(False)) | frame["status"].eq(
        UNREADABLE) | blank  # what _problem reports
    council = applied & frame["appraisal_agrees"].eq(False).fillna(False) & ~frame["draft"]
    problems = notes
    for row in frame[(own | council) & ~(blank & silent)].itertuples(index=False):
        problem = _problem(row, rules[row.code])  # only the rows with something to say
        if problem is not None:
            problems.append(problem)
        if row.status == APPLIED and _false(row.appraisal_agrees) and not row.draft:
            appraisal = abs(row.appraisal) if row.deduction else row.appraisal
            problems.append(_warning("R152", row, row.cell_appraisal, rules[row.code],
                                     appraisal=_raw(appraisal)))
    quiet = frame[blank & silent]
    if not quiet.empty:
        notes = quiet.groupby("unit_id", sort=False).agg(
            file=("file", "first"), sheet=("sheet", "first"), unit=("unit", "first"),
            count=("code", "size"), codes=("code", ", ".join))
        problems += [Problem("R162", "warning", file, sheet, "", unit, found=int(count),
                             expected=codes)
                     for file, sheet, unit, count, codes in zip(
                         notes["file"], notes["sheet"], notes["unit"], notes["count"],
                         notes["codes"], strict=True)]
    return problems


def _problem(row, rule: Rule) -> Problem | None:
    has_self = not pd.isna(row.self_points)
    if row.status == APPLIED and _false(row.self_agrees) and row.deduction:
        # The points are a deduction: deducting less than the rule over-claims (R153).
        own = abs(row.self_points)
        gap = abs(own - row.rule_points)
        return _warning("R153" if own < row.rule_points else "R154", row,
                        row.cell_self_points, rule, self=_raw(own), gap=_raw(gap))
    if row.status == APPLIED and _false(row.self_agrees):
        code = "R150" if row.self_points > row.rule_points else "R151"
        return _warning(code, row, row.cell_self_points, rule)
    if row.status == UNREADABLE:
        return _warning("R160", row, row.cell_figure, rule, found=row.figure,
                        expected=rule.expects(), needs=rule.expects())
    claimed = abs(row.self_points) if row.deduction else row.self_points
    if row.status == NO_FIGURE and row.cell_figure and has_self and claimed > 0:
        return _warning("R161", row, row.cell_figure, rule)
    return None


def _warning(code: str, row, cell: str, rule: Rule, **params: object) -> Problem:
    """A warning at ``cell``; the figure's own cell is named in the text when it differs.
    Its points, ``found`` (the unit's or the council's) and ``expected`` (the rule's) are
    raw (a float rounded to 3 places), written per language by the catalogue."""
    named = row.cell_figure and row.cell_figure != cell
    at = phrase("ui", "cell_at", cell=row.cell_figure) if named else ""
    values = {"self": _raw(row.self_points), "points": _raw(row.rule_points),
              "rule": rule.describe(), "rule_en": rule.describe("en"),
              "figure": _figure_words(rule, row.figure, at, quoted=code == "R160"),
              **params}
    found = params.pop("found", values["self" if code != "R152" else "appraisal"])
    expected = params.pop("expected", values["points"])
    return Problem(code, "warning", row.file, row.sheet, cell or "", row.unit, row.code,
                   found=found, expected=expected, params=values)


def _figure_words(rule: Rule, shown: str, at: object = "", quoted: bool = False) -> Words:
    """"tỷ lệ 92%" for a rate, "số liệu 18 tin, bài" for a count, quoted for words (and
    for a figure the rule cannot read); ``at`` (its cell) after it."""
    measure = None if quoted else getattr(rule, "measure", None)
    kind = ("quoted" if measure is None else "rate" if measure.is_percent else "count")
    return phrase("council", f"figure_{kind}", figure=shown, at=at)


def _raw(value: float) -> float | str:
    """Points as a message gets them: a float rounded to 3 places, "" when there are
    none (the catalogue writes it for the language: 0,25 / 0.25)."""
    return "" if pd.isna(value) else round(float(value), 3)


# The worklist's columns, headed by the catalogue's ``council`` area in the language asked.
COUNCIL_COLUMNS = ("unit", "code", "name", "figure", "cell_figure", "rule", "self_points",
                   "cell_self_points", "rule_points", "difference", "issue", "file")


def disagreements(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`rule_points` a council must decide on: a self-score that
    disagrees with the rule, or a figure the rule cannot use; with ``difference`` and
    ``issue`` (above, below, unreadable; on a penalty leaf deduct_less, deduct_more), in
    batch order then tree order.

    ``difference`` is what the unit claims beyond the rule, in points of its total: the
    self-score minus the rule's points, and on a penalty leaf the rule's deduction minus
    the unit's. Above 0, the unit claims more than the rule gives."""
    applied = frame["status"].eq(APPLIED) & frame["self_agrees"].eq(False).fillna(False)
    chosen = frame[applied | frame["status"].eq(UNREADABLE)].copy()
    deduction = chosen["deduction"].astype(bool)
    chosen["difference"] = (chosen["self_points"] - chosen["rule_points"]).where(
        ~deduction, chosen["rule_points"] - chosen["self_points"].abs())
    issue = chosen["status"].where(~chosen["status"].eq(APPLIED), "")
    above, below = issue.eq("") & chosen["difference"].gt(0), issue.eq("") & chosen[
        "difference"].le(0)
    chosen["issue"] = issue.mask(above, "above").mask(below, "below").mask(
        above & deduction, "deduct_less").mask(below & deduction, "deduct_more")
    return chosen.reset_index(drop=True)


def council_table(frame: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """:func:`disagreements` as the council's worklist, headed in ``lang``, numbered.

    One row per item to review: unit, criterion, figure and its cell, the rule, the
    self-score and its cell, the rule's points, the difference and what is wrong.
    """
    headings = {key: catalogue_text("council", key, lang) for key in COUNCIL_COLUMNS}
    chosen = disagreements(frame)
    chosen["issue"] = chosen["issue"].map(
        lambda key: catalogue_text("council", f"issue_{key}", lang))
    table = chosen[list(headings)].rename(columns=headings)
    table.insert(0, catalogue_text("council", "number", lang), range(1, len(table) + 1))
    return table
