"""Scoring: from a batch's entries to each unit's points, maximum and index.

Pure functions over long DataFrames, one step each, so a notebook can run them one by
one: :func:`scoring_nodes` → :func:`resolve_points` → :func:`unit_scores` (and
:func:`subindices` for fields and criteria). Nothing is rounded here.

The rules (all driven by the methodology's data):

- a node's official points are the latest appraisal (round 2, then round 1) or the points
  a consolidated table gives; a unit with no appraisal at all is scored on its
  self-assessment and marked not appraised; a single unappraised leaf in an appraised form
  falls back to its self-score with a warning;
- a leaf marked not arisen (KPS) gets its maximum, or is left out of points and maximum,
  as its rule says;
- survey leaves take the survey team's points; missing ones count 0 (with a warning) or are
  left out, as the methodology says;
- bonus adds and penalty subtracts, each within its cap, never touching the maximum: a
  penalty leaf, or a node of penalties only (a consolidated table's "Điểm trừ" field),
  deducts the size of its points whatever their typed sign (:func:`signed_points`);
- index = points ÷ applicable maximum × 100, kept within [0, 100].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc_index._internal.errors import Problem
from cchc_index._internal.methodology.model import (
    Component,
    Methodology,
    NotArisenRule,
    counts_in_maximum,
)
from cchc_index._internal.methodology.rounds import COUNTING_ORDER, round_rank

SOURCE_APPRAISAL_2 = "appraisal_2"
SOURCE_APPRAISAL_1 = "appraisal_1"
SOURCE_GIVEN = "given"
SOURCE_SELF = "self"
SOURCE_NOT_ARISEN = "not_arisen"
SOURCE_MISSING = "missing"


def scoring_nodes(entries: pd.DataFrame) -> pd.Series:
    """Mask of the entries that are scored: those with no entry below them for the unit.

    A consolidated table may give a field ("1") and its criteria ("1.1", "1.2"); a form
    gives every row. The deepest rows are scored; rows above them are stated totals,
    which :mod:`cchc_index._internal.validate` compares with their parts.
    """
    # Vectorised over the batch: codes and units become integers, each (unit, ancestor)
    # pair a key, and an entry is scored unless its own key is among them.
    code_ids, codes = pd.factorize(entries["code"].astype(str), use_na_sentinel=False)
    unit_ids, _ = factorize_runs(entries["unit_id"])
    position = {code: i for i, code in enumerate(codes)}
    names, parent_of = list(codes), []
    for code in names:  # grows: an ancestor no entry gives is still walked through
        parent = code.rsplit(".", 1)[0] if "." in code else None
        if parent is not None and parent not in position:
            position[parent] = len(names)
            names.append(parent)
        parent_of.append(-1 if parent is None else position[parent])
    parent_of = np.array([*parent_of, -1])  # index -1 (no parent) stays -1
    width = len(names)
    above = []
    current = parent_of[code_ids]
    while (has := current >= 0).any():
        above.append(unit_ids[has].astype(np.int64) * width + current[has])
        current = parent_of[current]
    keys = unit_ids.astype(np.int64) * width + code_ids
    scored = ~np.isin(keys, np.concatenate(above)) if above else np.ones(len(keys), bool)
    return pd.Series(scored, index=entries.index)


def factorize_runs(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, use_na_sentinel=False)`` (codes, and the distinct values in
    the order first met) for a column whose equal values mostly come together, as the
    unit ids of a batch do (one form after the other): only the first value of each run
    is hashed.

    >>> factorize_runs(pd.Series(["a", "a", "b", "b", "a"]))
    (array([0, 0, 1, 1, 0]), array(['a', 'b'], dtype=object))
    >>> factorize_runs(pd.Series(["a", pd.NA, pd.NA, "a"], dtype="string"))[0]
    array([0, 1, 1, 0])
    """
    array = values.to_numpy(dtype=object)
    if len(array) == 0:
        return np.zeros(0, dtype=np.intp), array
    try:
        starts = np.flatnonzero(np.concatenate([[True], array[1:] != array[:-1]]))
    except TypeError:  # pd.NA among the values: no truth value, so no runs to find
        return pd.factorize(array, use_na_sentinel=False)
    ids, distinct = pd.factorize(array[starts], use_na_sentinel=False)
    return np.repeat(ids, np.diff(np.append(starts, len(array)))), distinct


def appraised_units(entries: pd.DataFrame, methodology: Methodology) -> pd.Series:
    """Per ``unit_id``: True when the council entered any appraisal, or a consolidated
    table gave the points.

    Survey points are entered by the survey team, so they do not make a unit appraised.
    """
    unit_ids, units = factorize_runs(entries["unit_id"])
    found = pd.Series(_appraised(entries, methodology, unit_ids, len(units)),
                      index=pd.Index(units, dtype=entries["unit_id"].dtype, name="unit_id"))
    return found[found.index.notna()]  # as a groupby would: no unit without an id


def _appraised(entries: pd.DataFrame, methodology: Methodology, unit_ids: np.ndarray,
               count: int) -> np.ndarray:
    """:func:`appraised_units` as an array over the unit numbers ``unit_ids`` give."""
    node = node_facts(methodology, entries["code"], ["component"])
    council = entries[["appraisal_1", "appraisal_2"]].notna().any(axis=1).to_numpy() & (
        node["component"] != Component.SURVEY)
    has = council | entries["given_points"].notna().to_numpy()
    return np.bincount(unit_ids, weights=has, minlength=count) > 0


def node_facts(methodology: Methodology, codes: pd.Series, columns: list[str]
               ) -> dict[str, np.ndarray]:
    """Per code, the tree's ``columns`` as arrays: looked up once by position in the tree
    (NaN, or None for text, where a code is not in the methodology)."""
    tree = methodology.tree
    position = pd.Index(tree["code"]).get_indexer(codes)  # -1: the appended blank node
    facts = {}
    for column in columns:
        values = tree[column].to_numpy()
        if values.dtype.kind in "fiub":
            values = values.astype("float64")
            blank = np.array([np.nan])
        else:
            values = values.astype(object)
            blank = np.array([None], dtype=object)
        facts[column] = np.concatenate([values, blank])[position]
    return facts


_NODE_COLUMNS = ["unit_id", "code", "self_points", "appraisal_1", "appraisal_2",
                 "given_points", "not_arisen", "file", "sheet", "cell_self_points"]


def resolve_points(
    entries: pd.DataFrame, methodology: Methodology, units: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """The official points of every scored node, and the warnings about choices made.

    Returns one row per scored node with ``unit_id, code, field, component, points``
    (official value), ``source`` (where it came from), ``applicable`` (counts in the
    maximum), ``max_points`` (applicable maximum) and ``contribution`` (signed points
    added to the unit's total).
    """
    official = _official_points(entries, methodology)
    node, excluded = official.node, official.excluded
    maximum = node["max_points"]
    contribution = np.clip(official.signed, -node["penalty_cap"], maximum + node["bonus_cap"])
    contribution = contribution + 0.0  # + 0.0: no "-0,00" shown
    applicable = counts_in_maximum(node["component"]) & ~excluded
    nodes = official.nodes
    resolved = pd.DataFrame({
        "unit_id": nodes["unit_id"].to_numpy(),
        "code": nodes["code"].to_numpy(),
        "field": pd.array(node["field"], dtype=object),
        "component": pd.array(node["component"], dtype=object),
        "points": official.points,
        "source": pd.array(official.source, dtype="str"),
        "applicable": applicable,
        "max_points": np.where(applicable, maximum, 0.0),
        "contribution": contribution,
    })
    survey = node["component"] == Component.SURVEY
    unit_ids, units_seen = factorize_runs(entries["unit_id"])
    by_unit = _appraised(entries, methodology, unit_ids, len(units_seen))
    appraised = by_unit[unit_ids[official.chosen]] & nodes["unit_id"].notna().to_numpy()
    problems = _choice_warnings(nodes, official.source, appraised, survey, units,
                                methodology.survey_missing_excluded)
    return resolved, problems


def signed_points(entries: pd.DataFrame, methodology: Methodology,
                  scored: np.ndarray | None = None) -> np.ndarray:
    """Per entry, the points scoring adds for it when it is scored, before its caps: the
    official points (:func:`resolve_points`' ``points``), negative on a node that deducts
    (:func:`deducts`) whatever sign was typed, 0 where it is left out; NaN for an entry
    that is not scored (a stated total above its parts) or not in the methodology.
    ``scored``: :func:`scoring_nodes` of ``entries``, when the caller has it.

    >>> from cchc_index._internal.entries import make_entries
    >>> from cchc_index._internal.methodology.model import Band, Criterion
    >>> m = Methodology("x", (Criterion("1", "Kế hoạch", 2.0),
    ...     Criterion("2", "Vi phạm", 3.0, component=Component.PENALTY)), (Band("Tốt", 0.0),))
    >>> signed_points(make_entries([{"unit_id": "a", "code": "1", "appraisal_1": 2.0},
    ...     {"unit_id": "a", "code": "2", "appraisal_1": 1.0}]), m).tolist()
    [2.0, -1.0]
    """
    official = _official_points(entries, methodology, scored)
    signed = np.full(len(entries), np.nan)
    signed[official.chosen] = official.signed
    return signed


def deducts(component: np.ndarray, bonus_cap: np.ndarray) -> np.ndarray:
    """Per node (the tree's ``component`` and ``bonus_cap``), whether its points are
    deducted: a penalty node with no bonus below it (a penalty leaf, or a field of
    penalties only given as its total). Its points are a size: "3" and "-3" both take 3
    away. A node mixing bonus and penalty keeps its typed sign (its net points).

    >>> deducts(np.array(["penalty", "penalty", "appraisal"], dtype=object),
    ...         np.array([0.0, 1.0, 0.0])).tolist()
    [True, False, False]
    """
    return (np.asarray(component, dtype=object) == Component.PENALTY) & (
        np.asarray(bonus_cap, dtype="float64") == 0)


@dataclass(frozen=True)
class _Official:
    """What :func:`resolve_points` and :func:`signed_points` share: the scored nodes
    (``chosen``, a mask of the entries; ``nodes``, their rows; ``node``, their tree facts),
    their official ``points``, ``source``, ``excluded`` and ``signed`` points (before
    caps)."""

    chosen: np.ndarray
    nodes: pd.DataFrame
    node: dict[str, np.ndarray]
    points: np.ndarray
    source: np.ndarray
    excluded: np.ndarray
    signed: np.ndarray


_SOURCES = {"appraisal_2": SOURCE_APPRAISAL_2, "appraisal_1": SOURCE_APPRAISAL_1,
            "given_points": SOURCE_GIVEN, "self_points": SOURCE_SELF}


def _official_points(entries: pd.DataFrame, methodology: Methodology,
                     scored: np.ndarray | None = None) -> _Official:
    """The official points of every scored node (see the module's rules); ``scored``:
    :func:`scoring_nodes` of ``entries``, when the caller has it."""
    known = pd.Index(methodology.tree["code"]).get_indexer(entries["code"]) >= 0
    scored = scoring_nodes(entries).to_numpy() if scored is None else np.asarray(scored)
    chosen = scored & known
    nodes = entries.loc[chosen, _NODE_COLUMNS]
    node = node_facts(methodology, nodes["code"], ["field", "component", "not_arisen",
                                                  "max_points", "bonus_cap", "penalty_cap"])

    # The counting round (methodology.rounds): the latest statement with a number, the
    # self-score left for last (a survey leaf's and a KPS's rules come first).
    points = np.full(len(nodes), np.nan)
    source = np.full(len(nodes), "", dtype=object)
    latest = np.zeros(len(nodes))
    for column in COUNTING_ORDER[:-1]:
        values = nodes[column].to_numpy(dtype="float64")
        take = np.isnan(points) & ~np.isnan(values)
        points = np.where(take, values, points)
        source[take] = _SOURCES[column]
        latest = np.where(take, round_rank(column), latest)
    # A KPS stands when no later round gave a number (round 2's KPS over round 1's 0,5).
    kps = nodes["not_arisen"].to_numpy(dtype=bool) & (_kps_round(entries, chosen) > latest)
    points = np.where(kps, np.nan, points)
    source[kps] = SOURCE_NOT_ARISEN
    component = node["component"]
    survey = component == Component.SURVEY
    # A survey leaf is never self-scored: what a unit typed there (I017) is not its points.
    self_points = nodes["self_points"].to_numpy(dtype="float64")
    use_self = np.isnan(points) & ~kps & ~np.isnan(self_points) & ~survey
    points = np.where(use_self, self_points, points)
    source[use_self] = SOURCE_SELF
    missing = np.isnan(points) & ~kps
    source[missing] = SOURCE_MISSING

    excluded = kps & (node["not_arisen"] == NotArisenRule.EXCLUDE)
    excluded |= missing & survey & methodology.survey_missing_excluded
    # KPS earns the maximum by its rule, except on a bonus or penalty row, where it says
    # nothing happened: no bonus, no penalty.
    earned = np.where(counts_in_maximum(component), node["max_points"], 0.0)
    points = np.nan_to_num(np.where(kps & ~excluded, earned, points), nan=0.0)
    signed = np.where(deducts(component, node["bonus_cap"]), -np.abs(points), points)
    signed = np.where(excluded, 0.0, signed)
    return _Official(chosen=chosen, nodes=nodes, node=node, points=points, source=source,
                     excluded=excluded, signed=signed)


# How late each statement of a leaf is: the latest round with a number or a KPS decides.
_ROUND_RANK = {column: round_rank(column) for column in COUNTING_ORDER}
# A KPS whose round is not known (a consolidated table, a KPS written beside the points or
# on a parent row) yields to any appraisal or given number, and stands over a self-score.
_UNKNOWN_KPS_ROUND = 1.5


def _kps_round(entries: pd.DataFrame, chosen: np.ndarray) -> np.ndarray:
    """The rank (:data:`_ROUND_RANK`) of the round whose KPS each chosen entry carries."""
    count = int(chosen.sum())
    if "not_arisen_in" not in entries:
        return np.full(count, _UNKNOWN_KPS_ROUND)
    rounds = entries.loc[chosen, "not_arisen_in"].fillna("").astype(str)
    return rounds.map(_ROUND_RANK).fillna(_UNKNOWN_KPS_ROUND).to_numpy(dtype="float64")


def _choice_warnings(nodes: pd.DataFrame, source: np.ndarray, appraised: np.ndarray,
                     survey: np.ndarray, units: pd.DataFrame | None,
                     survey_excluded: bool = False) -> list[Problem]:
    names = {} if units is None else dict(zip(units["unit_id"], units["unit"], strict=True))
    problems = []
    lone_self = (source == SOURCE_SELF) & appraised & ~survey
    rows = nodes.loc[lone_self, ["file", "sheet", "cell_self_points", "unit_id", "code",
                                 "self_points"]]
    for file, sheet, cell, unit_id, code, points in zip(*(rows[c] for c in rows), strict=True):
        problems.append(Problem("I018", "warning", file, sheet, cell, names.get(unit_id, ""),
                                code, found=float(points)))
    # One line per unit, naming its criteria ("8.1.1, 8.1.2, 8.2"): a unit the survey missed
    # lacks every survey leaf, and 25 such units are 25 lines, not 75.
    rows = nodes.loc[(source == SOURCE_MISSING) & survey, ["file", "sheet", "unit_id", "code"]]
    code_missing = "I031" if survey_excluded else "I021"  # left out, or counted 0
    for (file, sheet, unit_id), codes in rows.groupby(["file", "sheet", "unit_id"], sort=False,
                                                      dropna=False)["code"]:
        problems.append(Problem(code_missing, "warning", file, sheet, "",
                                names.get(unit_id, ""), ", ".join(codes)))
    rows = nodes.loc[~appraised, ["unit_id", "file", "sheet"]].drop_duplicates("unit_id")
    for unit_id, file, sheet in zip(*(rows[c] for c in rows), strict=True):
        problems.append(Problem("I019", "warning", file, sheet, "", names.get(unit_id, "")))
    return problems


def unit_scores(resolved: pd.DataFrame, methodology: Methodology,
                units_order: pd.Series | None = None) -> pd.DataFrame:
    """Per unit: ``points, max_points, index_pct`` and per field ``field_<code>`` points.

    ``index_pct`` is unrounded and kept within [0, 100]; it is NaN when nothing applies.
    """
    # Units and fields as integers (a batch's rows come unit after unit): one groupby on
    # the unit, one on the (unit, field) pair, NaN where a unit has no node of a field.
    unit_ids, units = factorize_runs(resolved["unit_id"])
    sums = resolved[["contribution", "max_points"]].groupby(unit_ids, sort=False).sum()
    scores = pd.DataFrame({"points": sums["contribution"].to_numpy(),
                           "max_points": sums["max_points"].to_numpy()},
                          index=pd.Index(units, dtype=resolved["unit_id"].dtype))
    scores["index_pct"] = _index(scores["points"], scores["max_points"])
    # Survey leaves without survey points (counted 0 or left out, as the methodology's
    # "Thiếu điều tra XHH" says): shown beside the unit, never silent.
    if "component" in resolved:
        missing = ((resolved["source"] == SOURCE_MISSING)
                   & (resolved["component"] == Component.SURVEY)).to_numpy()
        scores["survey_missing"] = np.bincount(unit_ids[unit_ids >= 0], weights=missing[
            unit_ids >= 0], minlength=len(units)).astype(np.int64)
    field_ids, fields = pd.factorize(resolved["field"])
    given = field_ids >= 0
    keys = unit_ids[given].astype(np.int64) * len(fields) + field_ids[given]
    by_field = resolved["contribution"][given].groupby(keys, sort=False).sum()
    table = np.full((len(units), len(fields)), np.nan)
    table[by_field.index.to_numpy() // max(len(fields), 1),
          by_field.index.to_numpy() % max(len(fields), 1)] = by_field.to_numpy()
    column = {field: i for i, field in enumerate(fields)}
    for code in methodology.fields["code"]:
        scores[f"field_{code}"] = table[:, column[code]] if code in column else np.nan
    scores = scores[scores.index.notna()]  # as a groupby would: no unit without an id
    if units_order is not None:
        order = pd.Index(units_order)
        scores = scores.reindex(order[order.isin(scores.index)])
    return scores.rename_axis("unit_id").reset_index()


def _index(points: pd.Series, maximum: pd.Series) -> pd.Series:
    with np.errstate(divide="ignore", invalid="ignore"):
        index = points / maximum.where(maximum > 0) * 100.0
    return index.clip(lower=0.0, upper=100.0)


def subindices(resolved: pd.DataFrame, methodology: Methodology, level: int = 1) -> pd.DataFrame:
    """Points, applicable maximum and index per unit for every node of ``level``.

    A node given only above ``level`` (a consolidated table of fields asked for criteria)
    has no sub-index there and is absent.

    Returns a long frame: ``unit_id, code, points, max_points, index_pct``.
    """
    codes = resolved["code"].astype(str).str.split(".")
    deep_enough = codes.str.len() >= level
    subset = resolved.loc[deep_enough].copy()
    subset["node"] = codes[deep_enough].str[:level].str.join(".")
    grouped = subset.groupby(["unit_id", "node"], sort=False)
    frame = pd.DataFrame({
        "points": grouped["contribution"].sum(),
        "max_points": grouped["max_points"].sum(),
    }).reset_index().rename(columns={"node": "code"})
    frame["index_pct"] = _index(frame["points"], frame["max_points"])
    order = {code: i for i, code in enumerate(methodology.tree["code"])}
    frame["_order"] = frame["code"].map(order)
    return frame.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(
        drop=True)
