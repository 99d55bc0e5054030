"""The whole run: read → validate → score → rank/classify, one bad file never stops the rest.

>>> from cchc_index import load_methodology, run
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> result.results[["unit", "index_pct", "rank", "classification"]]  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from cchc_index._internal.accounting import (
    file_labels,
    missing_units,
    names_from_unit_list,
    newer_copies,
    skipped_problems,
)
from cchc_index._internal.entries import Batch, InputFile
from cchc_index._internal.errors import Problem, problems_frame
from cchc_index._internal.io.batch_read import read_batch
from cchc_index._internal.io.inputs import find_inputs
from cchc_index._internal.io.safety import DEFAULT_LIMITS, Limits
from cchc_index._internal.messages import Words
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.ranking import rank_and_classify
from cchc_index._internal.rules.apply import rule_problems
from cchc_index._internal.scoring import (
    appraised_units,
    factorize_runs,
    resolve_points,
    unit_scores,
)
from cchc_index._internal.text import canonical, has_unsafe, parse_number, safe_text, unsafe_found
from cchc_index._internal.validate import validate_batch

RESULT_COLUMNS = ["unit", "group", "points", "max_points", "index_pct", "rank", "classification",
                  "appraised", "emulation"]


@dataclass
class RunResult:
    """Everything a run produced: results per unit, points per node, problems, files."""

    methodology: Methodology
    results: pd.DataFrame
    nodes: pd.DataFrame
    problems: list[Problem]
    files: list[InputFile]
    batch: Batch

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def exit_code(self) -> int:
        """0: every input scored cleanly; 1: some problems, the rest scored; 2: nothing scored."""
        if self.results.empty:
            return 2
        return 1 if self.errors else 0

    def report(self, lang: str = "vi") -> pd.DataFrame:
        return problems_frame(self.problems, lang)


def run(inputs: Iterable[str | Path], methodology: Methodology,
        group_by: str | None = None, expected_units: list[str] | None = None,
        limits: Limits = DEFAULT_LIMITS, jobs: int | None = None, progress: bool = False,
        lang: str = "vi") -> RunResult:
    """Find, read, validate and score every input file.

    ``expected_units``: names of the units that should be there; those absent are
    reported as missing (see :func:`cchc_index._internal.accounting.read_unit_list`).
    ``limits``: what a workbook may hold before it is refused unread.
    ``jobs``: processes reading the files (None: all cores for a big batch, one for a
    handful; see :func:`cchc_index._internal.io.batch_read.read_files`); ``progress``: a progress
    bar on stderr (in ``lang``) when reading takes more than a couple of seconds.
    """
    inputs = list(inputs)
    paths, problems = find_inputs(inputs)
    problems += skipped_problems(inputs, paths)
    labels = file_labels(paths)
    batch = read_batch(paths, methodology, labels, limits, jobs=jobs, progress=progress,
                       lang=lang)  # = Batch.combine(drop_copies(read_files(…))), lighter
    batch.problems[:0] = problems
    if expected_units is not None:  # "Xa Yen Thanh" (a file's name) is the list's "Xã Yên Thành"
        batch.problems += names_from_unit_list(batch.units, expected_units)
    batch = clean_text(batch)  # before anything prints or writes a text of the inputs
    result = score_batch(batch, methodology, group_by=group_by)
    result.problems += newer_copies(result.problems, paths, labels)  # "gửi lại": which is newer
    if expected_units is not None:
        result.problems += missing_units(batch.units, expected_units)
    return result


def score_batch(batch: Batch, methodology: Methodology,
                group_by: str | None = None) -> RunResult:
    """Validate a batch, score its valid units, rank and classify them."""
    problems = list(batch.problems)
    units = batch.units.copy()
    by_group = None
    if group_by:
        by_group = True
        units["group"], note = _group_column(units, group_by)
        problems += note
    checked = validate_batch(Batch(units, batch.entries), methodology)
    problems += checked.problems
    problems += rule_problems(batch.entries, units, methodology)  # rules (issue 8)
    bad_files = {p.file for p in problems if p.severity == "error" and not p.unit}
    keep = ~units["unit_id"].isin(checked.rejected_units) & ~(
        units["file"].isin(bad_files) & units["unit"].eq(""))
    units = units[keep]
    unit_ids, seen = factorize_runs(batch.entries["unit_id"])
    kept = pd.Index(seen, dtype=object).isin(units["unit_id"])[unit_ids]
    entries = batch.entries if kept.all() else batch.entries[kept]  # no copy when all kept
    if units.empty or entries.empty:
        empty = pd.DataFrame(columns=["unit_id", *RESULT_COLUMNS])
        return RunResult(methodology, empty, pd.DataFrame(), problems, batch.files, batch)
    nodes, notes = resolve_points(entries, methodology, units)
    problems += notes
    scores = unit_scores(nodes, methodology, units["unit_id"])
    results = units.merge(scores, on="unit_id", how="inner")
    appraised = appraised_units(entries, methodology)
    results["appraised"] = results["unit_id"].map(appraised).fillna(False).astype(bool)
    results = rank_and_classify(results, methodology, by_group=by_group)
    problems += _published_differences(results)
    ordered = _column_order(results)
    return RunResult(methodology, results[ordered], nodes, problems, batch.files, batch)


# ---- control characters in the inputs' text ----
#
# What the inputs say is cleaned once, here, by the rule of :mod:`~.text`, so that
# every stage after reading (and every output: terminal, xlsx, csv, docx, charts) sees the
# same clean text, and the user is told once per cell. The writers apply the same rule
# again to whatever they are given (:func:`cchc_index._internal.text.safe_text`): text that never
# went through a run (a methodology workbook, last year's results, a crosswalk, a file's
# name) is cleaned there, silently.

# Columns that are not text a person typed: keys, names of files and sheets (reported as
# the file system and the workbook give them; outputs clean them), cell addresses.
_NOT_TYPED = {"unit_id", "file", "sheet", "unit_source", "code", "form_row"}
# Unit columns that hold what the reader made of the input, not an input column.
_INTERNAL = {"unit", "group", "year"}
_ADDRESS = re.compile(r"[A-Z]{1,3}[0-9]+$")
# Where = (file, sheet, cell, unit, criterion, label) of a row's value in a column.
Where = tuple[str, str, str, str, str, str]


def clean_text(batch: Batch) -> Batch:
    """``batch`` with control characters, bidi controls and terminal escape sequences
    removed from every text read from the inputs (unit names, groups, notes, published
    classes, column headers, criterion names, evidence, figures) and from its problems;
    one S033 warning per cell where such text was read (per distinct text of a column
    when the cell is not known). The batch itself when nothing needed cleaning.
    """
    notes: list[Problem] = []
    seen: set[tuple[str, ...]] = set()

    def note(where: Where, text: str) -> None:
        file, sheet, cell, unit, criterion, label = where
        key = (file, sheet, cell) if cell else (file, sheet, label, safe_text(text))
        if key in seen:
            return
        seen.add(key)
        found = unsafe_found(text) + (f" («{label}»)" if label and not cell else "")
        notes.append(Problem("S033", "warning", file, sheet, cell, unit, criterion,
                             found=found))

    units = _clean_frame(batch.units, _unit_place(batch.units), note)
    names = dict(zip(units["unit_id"], units["unit"], strict=False)) if len(units) else {}
    entries = _clean_frame(batch.entries, _entry_place(batch.entries, names), note)
    problems = [_clean_problem(p) for p in batch.problems]
    if (units is batch.units and entries is batch.entries and not notes
            and all(a is b for a, b in zip(problems, batch.problems, strict=True))):
        return batch
    return Batch(units, entries, problems + notes, list(batch.files))


def _clean_frame(frame: pd.DataFrame, place: Callable[[int, str], Where],
                 note: Callable[[Where, str], None]) -> pd.DataFrame:
    """``frame`` with its typed text cleaned (a shallow copy when any was), ``note``
    called for each value and header cleaned."""
    out = frame
    for column in frame.columns:
        if (not isinstance(column, str) or column in _NOT_TYPED or column.startswith("cell_")
                or not _holds_text(frame[column])):
            continue
        rows = _unsafe_rows(frame[column])
        if not rows:
            continue
        values = frame[column].to_numpy(dtype=object, copy=True)
        for row in rows:
            note(place(row, column), values[row])
            values[row] = safe_text(values[row])
        out = frame.copy(deep=False) if out is frame else out
        out[column] = pd.Series(values, index=frame.index, dtype=frame[column].dtype)
    renamed = {}
    for column in frame.columns:
        if isinstance(column, str) and has_unsafe(column):
            renamed[column] = safe_text(column)
            filled = np.flatnonzero(frame[column].notna().to_numpy())
            file, sheet, *_rest = place(int(filled[0]) if filled.size else -1, "")
            note((file, sheet, "", "", "", renamed[column]), column)
    return out.rename(columns=renamed) if renamed else out


def _holds_text(values: pd.Series) -> bool:
    kinds = pd.api.types
    return kinds.is_string_dtype(values) or kinds.is_object_dtype(values)


def _unsafe_rows(values: pd.Series) -> list[int]:
    """Positions of the texts holding characters the rule removes: one scan of the whole
    column first (most columns hold none), then text by text."""
    present = values.dropna().to_numpy(dtype=object)
    texts = present if isinstance(values.dtype, pd.StringDtype) else map(str, present)
    if not present.size or not has_unsafe(" ".join(texts)):
        return []
    return [i for i, v in enumerate(values.tolist()) if type(v) is str and has_unsafe(v)]


def _unit_place(units: pd.DataFrame) -> Callable[[int, str], Where]:
    def place(row: int, column: str) -> Where:
        if row < 0:
            return ("", "", "", "", "", "")
        unit = units.iloc[row]
        cell = ""
        if column == "unit":
            found = _ADDRESS.search(str(unit.get("unit_source") or ""))
            cell = found.group(0) if found else ""
        label = "" if column in _INTERNAL or column.startswith("published_") else column
        return (str(unit["file"]), str(unit["sheet"]), cell, safe_text(str(unit["unit"])),
                "", safe_text(label))
    return place


def _entry_place(entries: pd.DataFrame, names: dict[str, str]) -> Callable[[int, str], Where]:
    def place(row: int, column: str) -> Where:
        if row < 0:
            return ("", "", "", "", "", "")
        entry = entries.iloc[row]
        cell = str(entry.get(f"cell_{column}") or "")
        if not cell and column == "form_name" and pd.notna(entry.get("form_row")):
            cell = f"dòng {int(entry['form_row'])}"  # the criterion's row (messages.location)
        return (str(entry["file"]), str(entry["sheet"]), cell,
                str(names.get(entry["unit_id"], "")), str(entry["code"]), "")
    return place


_PROBLEM_TEXTS = ("unit", "criterion", "found", "expected")  # file, sheet: keys (see above)


def _clean_problem(problem: Problem) -> Problem:
    """``problem`` with the rule applied to the texts it quotes (the same object when none
    needed it)."""
    changes: dict[str, object] = {name: safe_text(value) for name in _PROBLEM_TEXTS
                                  if isinstance(value := getattr(problem, name), str)
                                  and has_unsafe(value)}
    if any(isinstance(v, str) and has_unsafe(v) for v in problem.params.values()):
        changes["params"] = {k: safe_text(v) if isinstance(v, str) else v
                             for k, v in problem.params.items()}
    return replace(problem, **changes) if changes else problem


def _group_column(units: pd.DataFrame, wanted: str) -> tuple[pd.Series, list[Problem]]:
    key = canonical(wanted)
    for column in units.columns:
        if canonical(column) == key:
            return units[column].fillna("").astype(str), []
    return units["group"], [Problem("I022", "warning", found=f"«{wanted}»")]


def _column_order(results: pd.DataFrame) -> list[str]:
    fields = [c for c in results.columns if c.startswith("field_")]
    first = ["unit_id", *RESULT_COLUMNS, *fields]
    return first + [c for c in results.columns if c not in first]


_PUBLISHED_CHECKS = [("published_total", "points", Words("report", "total"), 0.01),
                     ("published_index", "index_display", Words("report", "index"), 0.01),
                     ("published_rank", "rank", Words("report", "rank"), 0.0)]


def _published_differences(results: pd.DataFrame) -> list[Problem]:
    """Compare what a consolidated table printed with what was recomputed (tolerance 0.01).

    Column-wise over the batch; the problems come unit by unit, in the order of the
    checks (total, index, rank, class).
    """
    found: list[tuple[int, int, Problem]] = []  # (row, check, problem), sorted at the end
    for check, (column, ours, label, tolerance) in enumerate(_PUBLISHED_CHECKS):
        if column not in results:
            continue
        printed = _numbers(results[column])
        mine = results[ours].astype("float64")
        if column == "published_index" and _as_fractions(printed, mine.to_numpy()):
            printed = printed * 100.0  # a percent cell: 97,50% is stored as 0.975
        differs = (printed - mine).abs().gt(tolerance + 1e-9).to_numpy()
        for row in np.flatnonzero(differs).tolist():
            found.append((row, check, _difference(results, row, label, _rounded(printed[row]),
                                                  _rounded(mine.iloc[row]))))
    if "published_class" in results:
        printed = _canonical_texts(results["published_class"])
        ours = _canonical_texts(results["classification"]).fillna("")
        differs = (printed.notna() & printed.ne(ours)).to_numpy()
        for row in np.flatnonzero(differs).tolist():
            found.append((row, len(_PUBLISHED_CHECKS), _difference(
                results, row, Words("report", "class"),
                f"«{results['published_class'].iloc[row]}»",
                f"«{results['classification'].iloc[row]}»")))
    return [problem for _row, _check, problem in sorted(found, key=lambda f: f[:2])]


def _as_fractions(printed: np.ndarray, mine: np.ndarray) -> bool:
    """Whether a printed index column holds fractions of one (Excel's percent cells) while
    the indices are percentages."""
    shown = ~np.isnan(printed)
    return bool(shown.any() and (printed[shown] <= 1.0).all()
                and np.nanmax(np.where(shown, mine, np.nan)) > 1.0)


def _difference(results: pd.DataFrame, row: int, what: Words, found: str | float,
                expected: str | float) -> Problem:
    where = results.iloc[row]
    return Problem("I023", "warning", where["file"], where["sheet"], "", where["unit"],
                   found=found, expected=expected, params={"what": what})


def _numbers(values: pd.Series) -> np.ndarray:
    """The printed numbers (NaN where none can be read), parsing each distinct text once."""
    kinds = pd.api.types
    if kinds.is_numeric_dtype(values) and not kinds.is_bool_dtype(values):
        return values.astype("float64").to_numpy()
    if kinds.is_string_dtype(values) and not kinds.is_object_dtype(values):
        parsed = {value: _number(value) for value in values.dropna().unique()}
        return values.map(parsed).astype("float64").to_numpy()
    # Mixed cells (a text, a number, TRUE): each as it is, 1 and TRUE apart.
    return values.map(_number).astype("float64").to_numpy()


def _canonical_texts(values: pd.Series) -> pd.Series:
    """The matching key of each text that is not blank; NaN for blanks and non-texts."""
    distinct = values.dropna().unique()
    keys = {value: canonical(value) for value in distinct
            if isinstance(value, str) and value.strip()}
    return values.map(keys).astype(object)


def _number(value: object) -> float | None:
    try:
        return parse_number(value)
    except ValueError:
        return None


def _rounded(value: float) -> float:
    """A printed or recomputed figure as the message shows it: to 2 decimals."""
    return round(float(value), 2) + 0.0
