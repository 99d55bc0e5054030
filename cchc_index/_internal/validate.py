"""Validation of a batch against the methodology, reported in the user's terms.

Every check is declared once, in :data:`ROW_CHECKS` (value checks of each entry) and
:data:`CHECKS` (those and the checks of a whole unit: missing criteria, stated totals,
duplicate units), with its problem code (the key of its message in
:mod:`cchc_index._internal.messages`), severity and meaning. Validation runs each row check once, in
pandas over the batch's whole long table; :func:`entry_schema` is the same table as a
pandera schema, for notebooks and tests (a batch never imports pandera). Each failure
becomes a :class:`Problem` naming file, sheet, cell, unit and criterion, and carrying the
raw values (numbers as numbers: the message formats them for its language). Stated parent
totals are compared with their parts, not with a leaf's range.

A unit with any error is not scored; warnings never block a unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cchc_index._internal.entries import Batch
from cchc_index._internal.errors import Problem, Severity
from cchc_index._internal.methodology.model import Component, Methodology, kps_allowed
from cchc_index._internal.methodology.rounds import counting_column, official_points
from cchc_index._internal.scoring import (
    deducts,
    factorize_runs,
    node_facts,
    scoring_nodes,
    signed_points,
)
from cchc_index._internal.text import name_key

if TYPE_CHECKING:
    import pandera.pandas as pa

_VALUE_CELLS = {
    "self_points": "cell_self_points",
    "appraisal_1": "cell_appraisal_1",
    "appraisal_2": "cell_appraisal_2",
    "given_points": "cell_given_points",
}


@dataclass(frozen=True)
class ValidationResult:
    """Problems found, and the units that cannot be scored because of an error."""

    problems: list[Problem]
    rejected_units: frozenset[str]


@dataclass(frozen=True, kw_only=True)
class Check:
    """One check: the code of the problem it reports (its message's key), its severity, and
    what a batch must satisfy to pass it (``doc``, English)."""

    code: str
    severity: Severity
    doc: str

    def problem(self, **fields: object) -> Problem:
        """A problem of this check; ``fields`` as :class:`Problem` takes them."""
        return Problem(self.code, self.severity, **fields)  # type: ignore[arg-type]


@dataclass(frozen=True, kw_only=True)
class RowCheck(Check):
    """A check of each row of the entries table :func:`_enrich` makes.

    ``passes`` is True where a row passes. A failure's problem carries the raw value of
    ``column`` as found and of ``expected`` (a column of the enriched table) as expected,
    and names the first cell given among ``cells``, the cell of ``column``, then any
    value's cell.
    """

    passes: Callable[[pd.DataFrame], pd.Series]
    column: str = ""
    expected: str = ""
    cells: tuple[str, ...] = ()


def _below_low(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].isna() | (df[column] >= df["_low"])


def _above_high(column: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].isna() | (df[column] <= df["_high"])


ROW_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(code="I020", severity="error", column="code", passes=lambda df: df["_known"],
             doc="the criterion code is in the methodology"),
    *(RowCheck(code="I011", severity="error", column=c, expected="_max", passes=_below_low(c),
               doc=f"{c} is not negative (a penalty: not below minus its cap)")
      for c in _VALUE_CELLS),
    *(RowCheck(code="I012", severity="error", column=c, expected="_high",
               passes=_above_high(c), doc=f"{c} is not above the maximum (with bonus cap)")
      for c in _VALUE_CELLS),
    RowCheck(code="I017", severity="warning", column="self_points",
             passes=lambda df: ~(df["_survey_leaf"] & df["self_points"].notna()),
             doc="a survey leaf is not self-scored"),
    RowCheck(code="I024", severity="error",
             passes=lambda df: ~(df["not_arisen"] & df["_kps_forbidden"]),
             doc="not arisen (KPS) only where the methodology allows it"),
    RowCheck(code="I013", severity="error", passes=lambda df: ~df["_missing"],
             doc="a scored criterion the appraisal needs has points or KPS"),
    RowCheck(code="I115", severity="warning", column="self_points",
             cells=("cell_evidence", "cell_explanation"), passes=lambda df: ~df["_no_evidence"],
             doc="a claimed criterion that asks for evidence names it or explains"),
)
NOT_COVERED = Check(code="I013", severity="error",
                    doc="every counted leaf has points at its level or above")
STATED_TOTAL = Check(code="I016", severity="warning",
                     doc="a stated total equals the points of its parts (as scored or as typed)")
DUPLICATE_UNIT = Check(code="I014", severity="error", doc="a unit name once within a group")
CHECKS: tuple[Check, ...] = (*ROW_CHECKS, NOT_COVERED, STATED_TOTAL, DUPLICATE_UNIT)

# The columns of the enriched table the row checks read.
SCHEMA_COLUMNS = ["code", *_VALUE_CELLS, "not_arisen", "_known", "_low", "_high", "_max",
                  "_survey_leaf", "_kps_forbidden", "_missing", "_no_evidence"]


def entry_schema(methodology: Methodology) -> pa.DataFrameSchema:
    """:data:`ROW_CHECKS` as a pandera schema of an entries table enriched by :func:`_enrich`
    for ``methodology``: each check named by its problem code, its ``doc`` as the error.

    For notebooks and tests; validation computes the same masks in pandas, once.
    """
    import pandera.pandas as pa  # here: a batch never needs pandera (0.14 s to import)

    return pa.DataFrameSchema(
        {column: pa.Column(nullable=True) for column in SCHEMA_COLUMNS},
        checks=[pa.Check(c.passes, name=c.code, error=c.doc) for c in ROW_CHECKS],
        name=f"entries ({methodology.name})", strict=False, coerce=False,
    )


def failing_rows(frame: pd.DataFrame) -> list[tuple[RowCheck, np.ndarray]]:
    """Each row check with the positions of the rows of ``frame`` (enriched by
    :func:`_enrich`) that fail it; every check runs once."""
    found = []
    for check in ROW_CHECKS:
        rows = np.flatnonzero(~check.passes(frame).to_numpy(dtype=bool))
        if len(rows):
            found.append((check, rows))
    return found


def _enrich(entries: pd.DataFrame, methodology: Methodology,
            scored: np.ndarray | None = None) -> pd.DataFrame:
    """``entries`` with the columns the schema checks; ``scored``: :func:`scoring_nodes`.

    What each row needs from the tree is worked out once per node and taken by position.
    Stated totals (rows above the scored ones) get no bounds: they are only compared with
    the sum of their parts (:func:`_stated_total_problems`), and a correct sum of bonus
    and penalty points may lie outside any one leaf's range.
    """
    frame = entries.copy(deep=False)  # copy-on-write: new columns here, entries untouched
    scored = scoring_nodes(frame).to_numpy() if scored is None else scored
    node = _node_arrays(methodology, frame["code"])
    frame["_low"] = np.where(scored, -node["penalty_cap"], -np.inf)  # penalties may be < 0
    frame["_high"] = np.where(scored, np.where(node["deducts"], node["penalty_cap"],
                                               node["max_points"] + node["bonus_cap"]), np.inf)
    frame["_max"] = np.where(node["deducts"] | node["bonus"],
                             node["bonus_cap"] + node["penalty_cap"], node["max_points"])
    frame["_known"] = node["known"]
    frame["_survey_leaf"] = node["survey_leaf"]
    frame["_kps_forbidden"] = node["kps_forbidden"]
    values_missing = frame[list(_VALUE_CELLS)].isna().all(axis=1).to_numpy()
    # A value the form reader could not read is already reported at its cell.
    unread = _flag(frame, "read_error")
    frame["_missing"] = (
        node["known"] & scored & values_missing & ~frame["not_arisen"].to_numpy(dtype=bool)
        & node["appraisal"] & ~unread
    )
    frame["_no_evidence"] = _no_evidence(frame, node, scored & node["is_leaf"])
    return frame


def _node_arrays(methodology: Methodology, codes: pd.Series) -> dict[str, np.ndarray]:
    """Per entry, what its node says: computed on the tree (one row per node), then taken
    by each entry's position in it; codes outside the methodology get False and 0."""
    tree = methodology.tree
    component = tree["component"].to_numpy(dtype=object)
    is_leaf = tree["is_leaf"].fillna(False).to_numpy(dtype=bool)
    # A node that must have points: an appraisal leaf, or a parent with one below it (a
    # "Điểm thưởng, điểm trừ" field of bonus and penalty leaves only may be left blank).
    appraised_leaves = tree.loc[tree["is_leaf"].fillna(False).astype(bool)
                                & (tree["component"] == Component.APPRAISAL), "code"]
    needed = {prefix for code in appraised_leaves for prefix in _chain(str(code))}
    per_node = {
        "known": np.ones(len(tree), dtype=bool),
        "is_leaf": is_leaf,
        "appraisal": tree["code"].isin(needed).to_numpy(dtype=bool),
        "bonus": component == Component.BONUS,
        # a deduction: "3" and "-3" both take 3 away (a penalty leaf, a penalty field)
        "deducts": deducts(component, tree["bonus_cap"].fillna(0.0).to_numpy()),
        "survey_leaf": is_leaf & (component == Component.SURVEY),
        "kps_forbidden": ~kps_allowed(component, tree["not_arisen"].to_numpy(dtype=object)),
        "evidence_required": tree["evidence_required"].fillna(False).to_numpy(dtype=bool),
        "max_points": tree["max_points"].fillna(0.0).to_numpy(dtype="float64"),
        "bonus_cap": tree["bonus_cap"].fillna(0.0).to_numpy(dtype="float64"),
        "penalty_cap": tree["penalty_cap"].fillna(0.0).to_numpy(dtype="float64"),
    }
    position = pd.Index(tree["code"]).get_indexer(codes)  # -1: the appended blank node
    return {name: np.append(values, np.zeros(1, dtype=values.dtype))[position]
            for name, values in per_node.items()}


def _flag(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame[column].fillna(False).astype(bool).to_numpy()


def _no_evidence(frame: pd.DataFrame, node: dict[str, np.ndarray],
                 leaf: np.ndarray) -> np.ndarray:
    """Leaves whose methodology asks for evidence, self-scored above 0 (or marked not
    arisen) in a form that has an evidence or explanation column, with neither given.

    The texts are looked at only on the rows the numbers leave in question.
    """
    columns = [c for c in ("evidence", "explanation") if c in frame]
    if not columns:
        return np.zeros(len(frame), dtype=bool)
    claimed = (frame["self_points"].fillna(0.0) > 0).to_numpy() | frame["not_arisen"].to_numpy(
        dtype=bool)
    has_column = np.zeros(len(frame), dtype=bool)
    for column in columns:
        if f"cell_{column}" in frame:
            cells = frame[f"cell_{column}"]
            has_column |= (cells.notna() & cells.ne("")).to_numpy(dtype=bool)
    found = node["evidence_required"] & leaf & node["appraisal"] & has_column & claimed
    rows = np.flatnonzero(found)
    for column in columns:
        text = frame[column].iloc[rows].fillna("").astype(str).str.strip()
        rows = rows[(text == "").to_numpy()]
    found[:] = False
    found[rows] = True
    return found


def validate_batch(batch: Batch, methodology: Methodology) -> ValidationResult:
    """Check every entry and unit of ``batch``; collect all problems at once."""
    names = dict(zip(batch.units["unit_id"], batch.units["unit"], strict=True))
    problems = _duplicate_units(batch.units)
    if not batch.entries.empty:
        scored = scoring_nodes(batch.entries).to_numpy()
        frame = _enrich(batch.entries, methodology, scored)
        problems += _row_problems(frame, names)
        problems += _coverage_problems(batch.entries, batch.units, methodology, names)
        problems += _stated_total_problems(batch.entries, methodology, names, scored)
    errors = [p for p in problems if p.severity == "error" and (p.unit_id or p.unit)]
    units = batch.units
    rejected_ids = {p.unit_id for p in errors if p.unit_id}
    unkeyed = {p.unit for p in errors if not p.unit_id}  # by name: every unit of that name
    rejected_ids |= set(units.loc[units["unit"].isin(unkeyed), "unit_id"])
    # Units with a value their reader could not read (reported by the reader).
    unread = _flag(batch.entries, "read_error")
    rejected_ids |= set(batch.entries.loc[unread, "unit_id"])
    return ValidationResult(problems, frozenset(rejected_ids))


def _row_problems(frame: pd.DataFrame, names: dict[str, str]) -> list[Problem]:
    """The failures of :data:`ROW_CHECKS` as problems: by check, then row."""
    failures = failing_rows(frame)
    if not failures:
        return []
    rows = np.concatenate([r for _, r in failures])
    records = frame.iloc[rows].to_dict("records")  # one lookup, not one per failure
    checks = [c for c, r in failures for _ in range(len(r))]
    return [_entry_problem(c, row, names) for c, row in zip(checks, records, strict=True)]


def _entry_problem(check: RowCheck, row: dict[str, object], names: dict[str, str]) -> Problem:
    """The problem ``check`` reports for an enriched entry ``row``, with raw values: a
    blank value of a row marked not arisen is found as "KPS"."""
    own = [_VALUE_CELLS[check.column]] if check.column in _VALUE_CELLS else []
    cell = next((row[c] for c in (*check.cells, *own, *_VALUE_CELLS.values()) if row.get(c)),
                "")
    found: object = ""
    if check.column:
        found = _raw(row[check.column])
        if found == "" and check.column in _VALUE_CELLS and row["not_arisen"]:
            found = "KPS"
    expected = _raw(row[check.expected]) if check.expected else ""
    return check.problem(file=row["file"], sheet=row["sheet"], cell=cell,
                         unit=names.get(row["unit_id"], ""), criterion=str(row["code"]),
                         found=found, expected=expected, unit_id=row["unit_id"])


def _raw(value: object) -> object:
    """A cell's value as a problem carries it: a number as a float, a blank as ""."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, int | float | np.number) and not isinstance(value, bool | np.bool_):
        return float(value)
    return str(value)


def _coverage_problems(entries: pd.DataFrame, units: pd.DataFrame, methodology: Methodology,
                       names: dict[str, str]) -> list[Problem]:
    """Counted leaves with no entry at their level or above, per unit.

    One problem per highest missing node: a consolidated table without field 3 gets one
    message for "3", not one per sub-criterion.
    """
    tree = methodology.tree
    leaves = tree.loc[tree["is_leaf"] & (tree["component"] == Component.APPRAISAL), "code"]
    chains = [_chain(code) for code in leaves]
    if entries.empty or not chains:
        return []
    # Vectorised over units: given[u, n] (unit u gave node n) and covered[u, n] (a code
    # it gave lies at or below n), for the nodes of the chains.
    nodes = {code: i for i, code in enumerate(dict.fromkeys(c for ch in chains for c in ch))}
    unit_ids, unit_order = factorize_runs(entries["unit_id"])
    code_ids, codes = pd.factorize(entries["code"], use_na_sentinel=False)
    given = np.zeros((len(unit_order), len(nodes)), dtype=bool)
    covered = np.zeros_like(given)
    order = np.argsort(code_ids, kind="stable")
    bounds = np.searchsorted(code_ids[order], np.arange(len(codes) + 1))
    for k, code in enumerate(codes):
        units_k = unit_ids[order[bounds[k]:bounds[k + 1]]]
        if code in nodes:
            given[units_k, nodes[code]] = True
        for prefix in _chain(str(code)):
            if prefix in nodes:
                covered[units_k, nodes[prefix]] = True
    missing = []  # (unit, chain number, highest missing node)
    for number, chain in enumerate(chains):
        columns = [nodes[c] for c in chain]
        lacking = np.flatnonzero(~given[:, columns].any(axis=1))
        # covered nodes of a chain are its first ones (a prefix of a code is covered too)
        depth = covered[np.ix_(lacking, columns)].sum(axis=1)
        missing += [(u, number, chain[min(d, len(chain) - 1)])
                    for u, d in zip(lacking.tolist(), depth.tolist(), strict=True)]
    where = units.drop_duplicates("unit_id").set_index("unit_id")
    files = where["file"].to_dict() if "file" in where else {}
    sheets = where["sheet"].to_dict() if "sheet" in where else {}
    problems, reported = [], set()
    for u, _number, top in sorted(missing):
        if (u, top) in reported:
            continue
        reported.add((u, top))
        unit_id = unit_order[u]
        problems.append(NOT_COVERED.problem(file=files.get(unit_id, ""),
                                            sheet=sheets.get(unit_id, ""),
                                            unit=names.get(unit_id, ""), criterion=top,
                                            unit_id=unit_id))
    return problems


def _chain(code: str) -> list[str]:
    pieces = code.split(".")
    return [".".join(pieces[: i + 1]) for i in range(len(pieces))]


def _stated_total_problems(entries: pd.DataFrame, methodology: Methodology,
                           names: dict[str, str],
                           scored: np.ndarray | None = None) -> list[Problem]:
    """Warn where a stated parent total differs from the points of its scored parts.

    A total agrees with its parts when it is the sum scoring makes of them (a deduction
    subtracted whatever its typed sign, a KPS by its rule; a total of a penalty field read
    as a deduction too), or the sum of the values typed, deductions counted positive (a
    form's SUM over a "KPS" text and deductions typed as "2"). The warning shows the sum
    scoring makes, in the total's own sign for a penalty field.

    ``scored``: :func:`scoring_nodes` of ``entries``, when the caller has it.
    """
    scored = scoring_nodes(entries).to_numpy() if scored is None else np.asarray(scored)
    official = official_points(entries).to_numpy(dtype="float64")
    is_total = ~scored & ~np.isnan(official)
    if not is_total.any():
        return []
    signed, typed = _part_points(entries, methodology, scored, official)
    # Each scored part adds its points to every total above it: the codes its own code
    # starts with, followed by a dot. Units and codes become integers, each (unit, total)
    # pair one key, summed in one groupby.
    unit_ids, _units = factorize_runs(entries["unit_id"])
    code_ids, codes = pd.factorize(entries["code"].astype(str), use_na_sentinel=False)
    position = {code: i for i, code in enumerate(codes)}
    above = [[position[code[:i]] for i, ch in enumerate(code) if ch == "." and code[:i] in position]
             for code in codes]  # per distinct code: the given codes above it
    counts = np.array([len(a) for a in above], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)])
    flat = np.array([c for a in above for c in a], dtype=np.int64)
    parts = np.flatnonzero(scored)
    per_part = counts[code_ids[parts]]
    rows = np.repeat(parts, per_part)  # one row per (part, total above it), in part order
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(per_part) - per_part, per_part)
    totals_of = flat[starts[code_ids[rows]] + offsets]
    width = len(codes)
    keys = unit_ids[rows].astype(np.int64) * width + totals_of
    sums = pd.DataFrame({"signed": signed[rows], "typed": typed[rows]}).groupby(
        keys, sort=False).sum()
    total_rows = np.flatnonzero(is_total)
    wanted = unit_ids[total_rows].astype(np.int64) * width + code_ids[total_rows]
    sums = sums.reindex(wanted).fillna(0.0)
    part_signed, part_typed = sums["signed"].to_numpy(), sums["typed"].to_numpy()
    stated = official[total_rows]
    facts = node_facts(methodology, entries["code"].iloc[total_rows], ["component",
                                                                      "bonus_cap"])
    penalty = deducts(facts["component"], facts["bonus_cap"])
    as_scored = np.where(penalty, -np.abs(stated), stated)
    differs = ((np.abs(part_signed - as_scored) > 0.005)
               & (np.abs(part_typed - stated) > 0.005))
    shown = np.where(penalty & (stated > 0), -part_signed, part_signed) + 0.0  # no "-0"
    problems = []
    chosen = total_rows[differs]
    for row, found, summed in zip(entries.iloc[chosen].to_dict("records"),
                                  stated[differs].tolist(), shown[differs].tolist(),
                                  strict=True):
        column = counting_column(row)
        problems.append(STATED_TOTAL.problem(file=row["file"], sheet=row["sheet"],
                                             cell=row.get(f"cell_{column}", ""),
                                             unit=names.get(row["unit_id"], ""),
                                             criterion=row["code"], found=found,
                                             expected=summed, unit_id=row["unit_id"]))
    return problems


def _part_points(entries: pd.DataFrame, methodology: Methodology, scored: np.ndarray,
                 official: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per entry, the points scoring adds for it when it is scored, before its caps
    (:func:`~cchc_index._internal.scoring.signed_points`: a part beyond them is an error of its own;
    a code outside the methodology keeps its typed points), and the points as typed with
    a deduction counted positive."""
    signed = signed_points(entries, methodology, scored)
    signed = np.where(np.isnan(signed), official, signed)
    facts = node_facts(methodology, entries["code"], ["component", "bonus_cap"])
    penalty = deducts(facts["component"], facts["bonus_cap"])
    return signed, np.where(penalty, np.abs(official), official)


def _duplicate_units(units: pd.DataFrame) -> list[Problem]:
    """A unit name twice within a group (communes of different districts may share one)."""
    groups = units["group"].fillna("").astype(str) if "group" in units else ""
    keys = groups + "\x1f" + units["unit"].map(name_key)
    repeated = keys.duplicated(keep=False)  # group only the names seen twice
    problems = []
    for _key, group in units[repeated].groupby(keys[repeated], sort=False):
        places = [f"{r.file}" + (f" ({r.sheet})" if r.sheet else "") for r in group.itertuples()]
        for position, row in enumerate(group.itertuples()):
            others = ", ".join(p for i, p in enumerate(places) if i != position)
            problems.append(DUPLICATE_UNIT.problem(file=row.file, sheet=row.sheet,
                                                   unit=row.unit, found=row.unit,
                                                   expected=others, unit_id=row.unit_id))
    return problems

