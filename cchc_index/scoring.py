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
- bonus adds and penalty subtracts, each within its cap, never touching the maximum;
- index = points ÷ applicable maximum × 100, kept within [0, 100].
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_index.errors import Problem
from cchc_index.methodology.model import Component, Methodology, NotArisenRule

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
    which :mod:`cchc_index.validate` compares with their parts.
    """
    # Vectorised over the batch: codes and units become integers, each (unit, ancestor)
    # pair a key, and an entry is scored unless its own key is among them.
    code_ids, codes = pd.factorize(entries["code"].astype(str), use_na_sentinel=False)
    unit_ids, _ = pd.factorize(entries["unit_id"], use_na_sentinel=False)
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


def appraised_units(entries: pd.DataFrame, methodology: Methodology) -> pd.Series:
    """Per ``unit_id``: True when the council entered any appraisal, or a consolidated
    table gave the points.

    Survey points are entered by the survey team, so they do not make a unit appraised.
    """
    component = entries["code"].map(methodology.tree.set_index("code")["component"])
    council = entries[["appraisal_1", "appraisal_2"]].notna().any(axis=1) & (
        component != Component.SURVEY)
    has = council | entries["given_points"].notna()
    return has.groupby(entries["unit_id"], sort=False).any()


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
    tree = methodology.tree.set_index("code")
    nodes = entries.loc[scoring_nodes(entries), _NODE_COLUMNS].copy()  # only the columns used
    nodes = nodes[nodes["code"].isin(tree.index)]
    info = tree.loc[nodes["code"], ["field", "component", "not_arisen", "max_points",
                                     "bonus_cap", "penalty_cap", "is_leaf"]]
    info = info.rename(columns={"not_arisen": "rule"})
    nodes[info.columns] = info.to_numpy()
    appraised = nodes["unit_id"].map(appraised_units(entries, methodology)).fillna(False)
    appraised = appraised.astype(bool)

    points = nodes["appraisal_2"].copy()
    source = pd.Series(np.where(points.notna(), SOURCE_APPRAISAL_2, ""), index=nodes.index)
    for column, label in (("appraisal_1", SOURCE_APPRAISAL_1), ("given_points", SOURCE_GIVEN)):
        take = points.isna() & nodes[column].notna()
        points = points.where(~take, nodes[column])
        source = source.where(~take, label)
    kps = points.isna() & nodes["not_arisen"].astype(bool)
    source = source.where(~kps, SOURCE_NOT_ARISEN)
    use_self = points.isna() & ~kps & nodes["self_points"].notna()
    points = points.where(~use_self, nodes["self_points"])
    source = source.where(~use_self, SOURCE_SELF)
    missing = points.isna() & ~kps
    source = source.where(~missing, SOURCE_MISSING)

    counted = nodes["component"].isin([Component.APPRAISAL, Component.SURVEY])
    survey = nodes["component"] == Component.SURVEY
    excluded = kps & (nodes["rule"] == NotArisenRule.EXCLUDE)
    excluded |= missing & survey & methodology.survey_missing_excluded
    full = kps & ~excluded
    points = points.where(~full, nodes["max_points"]).fillna(0.0).astype("float64")

    is_penalty_leaf = nodes["is_leaf"].astype(bool) & (nodes["component"] == Component.PENALTY)
    contribution = points.where(~is_penalty_leaf, -points.abs())
    low = -nodes["penalty_cap"].astype("float64")
    high = (nodes["max_points"] + nodes["bonus_cap"]).astype("float64")
    contribution = contribution.clip(lower=low, upper=high).where(~excluded, 0.0)

    resolved = pd.DataFrame({
        "unit_id": nodes["unit_id"],
        "code": nodes["code"],
        "field": nodes["field"],
        "component": nodes["component"],
        "points": points,
        "source": source,
        "applicable": counted & ~excluded,
        "max_points": nodes["max_points"].astype("float64").where(counted & ~excluded, 0.0),
        "contribution": contribution.astype("float64"),
    })
    problems = _choice_warnings(nodes, source, appraised, survey, units)
    return resolved.reset_index(drop=True), problems


def _choice_warnings(nodes, source, appraised, survey, units) -> list[Problem]:
    names = {} if units is None else dict(zip(units["unit_id"], units["unit"], strict=True))
    problems = []
    lone_self = (source == SOURCE_SELF) & appraised & ~survey
    columns = ["file", "sheet", "cell_self_points", "unit_id", "code", "self_points"]
    for row in nodes.loc[lone_self, columns].itertuples():
        problems.append(Problem("I018", "warning", row.file, row.sheet, row.cell_self_points,
                                names.get(row.unit_id, ""), row.code,
                                found=_fmt(row.self_points)))
    survey_missing = (source == SOURCE_MISSING) & survey
    for row in nodes.loc[survey_missing, ["file", "sheet", "unit_id", "code"]].itertuples():
        problems.append(Problem("I021", "warning", row.file, row.sheet, "",
                                names.get(row.unit_id, ""), row.code))
    not_appraised = nodes.loc[~appraised, ["unit_id", "file", "sheet"]].drop_duplicates("unit_id")
    for row in not_appraised.itertuples():
        problems.append(Problem("I019", "warning", row.file, row.sheet, "",
                                names.get(row.unit_id, "")))
    return problems


def _fmt(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def unit_scores(resolved: pd.DataFrame, methodology: Methodology,
                units_order: pd.Series | None = None) -> pd.DataFrame:
    """Per unit: ``points, max_points, index_pct`` and per field ``field_<code>`` points.

    ``index_pct`` is unrounded and kept within [0, 100]; it is NaN when nothing applies.
    """
    by_unit = resolved.groupby("unit_id", sort=False)
    scores = pd.DataFrame({
        "points": by_unit["contribution"].sum(),
        "max_points": by_unit["max_points"].sum(),
    })
    scores["index_pct"] = _index(scores["points"], scores["max_points"])
    field_points = resolved.pivot_table(index="unit_id", columns="field", values="contribution",
                                        aggfunc="sum", sort=False)
    for code in methodology.fields["code"]:
        scores[f"field_{code}"] = field_points.get(code, np.nan)
    if units_order is not None:
        scores = scores.reindex([u for u in units_order if u in scores.index])
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
