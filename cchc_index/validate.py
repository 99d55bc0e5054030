"""Validation of a batch against the methodology, reported in the user's terms.

Value checks are one pandera schema built from the methodology (lazy, so every failure
is collected); its named checks first run once in pandas over the batch's whole long
table, and pandera validates only the rows that fail one (none in a clean batch, which
then never imports pandera). Structural checks (missing criteria, stated totals,
duplicate units) run in pandas. Each failure becomes a :class:`Problem` naming file,
sheet, cell, unit and criterion. Stated parent totals are compared with their parts,
not with a leaf's range.

A unit with any error is not scored; warnings never block a unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cchc_index.entries import Batch
from cchc_index.errors import Problem
from cchc_index.methodology.model import Component, Methodology, NotArisenRule
from cchc_index.scoring import factorize_runs, scoring_nodes
from cchc_index.text import name_key

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


# The columns the schema's checks read. Only these are handed to pandera: it runs isna()
# over every column of the frame for each check, and the text columns (files, cells,
# evidence) made that most of a batch's validation time.
SCHEMA_COLUMNS = ["code", *_VALUE_CELLS, "not_arisen", "_low", "_high", "_survey_leaf",
                  "_kps_forbidden", "_missing", "_no_evidence"]


def _row_checks() -> dict[str, Callable[[pd.DataFrame], pd.Series]]:
    """The schema's row-wise checks by name: True where a row passes."""
    checks: dict[str, Callable[[pd.DataFrame], pd.Series]] = {}
    for column in _VALUE_CELLS:
        checks[f"I011|{column}"] = lambda df, c=column: df[c].isna() | (df[c] >= df["_low"])
        checks[f"I012|{column}"] = lambda df, c=column: df[c].isna() | (df[c] <= df["_high"])
    checks["I017|self_points"] = lambda df: ~(df["_survey_leaf"] & df["self_points"].notna())
    checks["I024|"] = lambda df: ~(df["not_arisen"] & df["_kps_forbidden"])
    checks["I013|"] = lambda df: ~df["_missing"]
    checks["I115|self_points"] = lambda df: ~df["_no_evidence"]
    return checks


ROW_CHECKS = _row_checks()


def entry_schema(methodology: Methodology) -> pa.DataFrameSchema:
    """The pandera schema of an entries table enriched by :func:`_enrich`.

    Check names carry the problem code and the column checked ("I012|appraisal_1").
    """
    import pandera.pandas as pa  # here: a clean batch never needs pandera (0.14 s to import)

    codes = methodology.tree["code"].tolist()
    return pa.DataFrameSchema(
        {"code": pa.Column(str, pa.Check.isin(codes, name="I020|code"))},
        checks=[pa.Check(check, name=name) for name, check in ROW_CHECKS.items()],
        strict=False,
        coerce=False,
    )


def _suspects(frame: pd.DataFrame, methodology: Methodology) -> np.ndarray:
    """Rows that fail a check of :func:`entry_schema` as plain pandas sees it (a blank code
    included): every row pandera can report is among them."""
    codes = frame["code"]
    failing = (codes.isna() | ~codes.isin(methodology.tree["code"])).to_numpy(dtype=bool,
                                                                            copy=True)
    for check in ROW_CHECKS.values():
        failing |= ~check(frame).to_numpy(dtype=bool)
    return failing


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
    frame["_high"] = np.where(scored, np.where(node["penalty_leaf"], node["penalty_cap"],
                                               node["max_points"] + node["bonus_cap"]), np.inf)
    frame["_max"] = np.where(node["penalty_leaf"] | node["bonus"],
                             node["bonus_cap"] + node["penalty_cap"], node["max_points"])
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
        "penalty_leaf": is_leaf & (component == Component.PENALTY),
        "survey_leaf": is_leaf & (component == Component.SURVEY),
        # On a bonus or penalty row, KPS says nothing happened (0 points): always allowed.
        "kps_forbidden": ((tree["not_arisen"] == NotArisenRule.NOT_ALLOWED).to_numpy(dtype=bool)
                          & (component != Component.BONUS) & (component != Component.PENALTY)),
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
        problems += _schema_problems(frame, methodology, names)
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


def _schema_problems(frame: pd.DataFrame, methodology: Methodology,
                     names: dict[str, str]) -> list[Problem]:
    checked = frame[SCHEMA_COLUMNS]
    suspects = _suspects(checked, methodology)
    if not suspects.any():
        return []
    from pandera.errors import SchemaErrors

    try:  # pandera sees only the rows that can fail: its cost grows with the rows given
        entry_schema(methodology).validate(checked[suspects], lazy=True)
        return []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    cases = cases[cases["index"].notna()]
    cases = cases.drop_duplicates(["check", "index"])
    rows = frame.loc[cases["index"].tolist()].to_dict("records")  # one lookup, not one per case
    problems = []
    for check, row in zip(cases["check"], rows, strict=True):
        code, _, column = str(check).partition("|")
        problems.append(_entry_problem(code, column, row, names))
    return problems


def _entry_problem(code: str, column: str, row: pd.Series, names: dict[str, str]) -> Problem:
    cell = row.get(_VALUE_CELLS.get(column, ""), "") if column else ""
    if not cell:
        cell = next((row[c] for c in _VALUE_CELLS.values() if row.get(c)), "")
    found = _fmt(row[column]) if column in _VALUE_CELLS else ""
    if code == "I020":
        found = str(row["code"])
    if code == "I115":
        cell = row.get("cell_evidence") or row.get("cell_explanation") or cell
        found = "KPS" if pd.isna(row["self_points"]) else _fmt(row["self_points"])
    expected = ""
    if code == "I011":
        expected = _fmt(row["_max"])
    elif code == "I012":
        expected = _fmt(row["_high"])
    severity = "warning" if code in ("I017", "I115") else "error"
    return Problem(code, severity, row["file"], row["sheet"], cell or "",
                   names.get(row["unit_id"], ""), str(row["code"]), found, expected,
                   unit_id=row["unit_id"])


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
        problems.append(Problem("I013", "error", files.get(unit_id, ""), sheets.get(unit_id, ""),
                                "", names.get(unit_id, ""), top, unit_id=unit_id))
    return problems


def _chain(code: str) -> list[str]:
    pieces = code.split(".")
    return [".".join(pieces[: i + 1]) for i in range(len(pieces))]


def _stated_total_problems(entries: pd.DataFrame, methodology: Methodology,
                           names: dict[str, str],
                           scored: np.ndarray | None = None) -> list[Problem]:
    """Warn where a stated parent total differs from the sum of its scored parts.

    ``scored``: :func:`scoring_nodes` of ``entries``, when the caller has it.
    """
    scored = scoring_nodes(entries).to_numpy() if scored is None else np.asarray(scored)
    official = _official(entries).to_numpy(dtype="float64")
    is_total = ~scored & ~np.isnan(official)
    if not is_total.any():
        return []
    # Each scored part adds its official points to every total above it: the codes its
    # own code starts with, followed by a dot. Units and codes become integers, each
    # (unit, total) pair one key, summed in one groupby.
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
    sums = pd.Series(official[rows]).groupby(keys, sort=False).sum()
    total_rows = np.flatnonzero(is_total)
    wanted = unit_ids[total_rows].astype(np.int64) * width + code_ids[total_rows]
    part_sum = sums.reindex(wanted).fillna(0.0).to_numpy()
    differs = np.abs(part_sum - official[total_rows]) > 0.005
    problems = []
    chosen = total_rows[differs]
    for row, stated, summed in zip(entries.iloc[chosen].to_dict("records"),
                                   official[chosen].tolist(), part_sum[differs].tolist(),
                                   strict=True):
        column = _official_column(row)
        problems.append(Problem("I016", "warning", row["file"], row["sheet"],
                                row.get(f"cell_{column}", ""), names.get(row["unit_id"], ""),
                                row["code"], _fmt(stated), _fmt(summed),
                                unit_id=row["unit_id"]))
    return problems


def _official(frame: pd.DataFrame) -> pd.Series:
    return (frame["appraisal_2"].fillna(frame["appraisal_1"]).fillna(frame["given_points"])
            .fillna(frame["self_points"]))


def _official_column(row: pd.Series) -> str:
    for column in ("appraisal_2", "appraisal_1", "given_points", "self_points"):
        if pd.notna(row[column]):
            return column
    return "self_points"


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
            problems.append(Problem("I014", "error", row.file, row.sheet, "", row.unit,
                                    found=row.unit, expected=others, unit_id=row.unit_id))
    return problems


def _fmt(value: object) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:g}".replace(".", ",")
    return str(value)
