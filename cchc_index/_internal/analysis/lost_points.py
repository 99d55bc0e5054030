"""Where the points were lost: per unit, across units, self-assessment against appraisal,
and claims without evidence.

All functions take a :class:`~cchc_index._internal.pipeline.RunResult` and return tidy DataFrames.
They work on the scored nodes: the leaves of per-unit forms, or the fields (criteria) of a
consolidated table, whatever the input gave. Lost points of a node are its applicable
maximum minus its official points; a penalty counts as lost points, a bonus does not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_index._internal.methodology.model import Component

APPRAISED_SOURCES = ("appraisal_2", "appraisal_1")
LOST_COLUMNS = ["unit_id", "unit", "code", "name", "max_points", "points", "lost",
                "share_of_lost", "order"]


def lost_points(result) -> pd.DataFrame:
    """Every scored node of every unit with the points it lost, largest first per unit.

    Columns: ``unit_id, unit, code, name, max_points, points, lost, share_of_lost`` (the
    node's share of all the unit's lost points, %) and ``order`` (1 = most lost in the unit).
    Nodes that lost nothing are included with ``lost`` 0.
    """
    nodes = _named(result)
    frame = nodes[["unit_id", "unit", "code", "name", "max_points"]].copy()
    frame["points"] = nodes["contribution"]
    frame["lost"] = (nodes["max_points"] - nodes["contribution"]).clip(lower=0.0)
    total = frame.groupby("unit_id", sort=False)["lost"].transform("sum")
    frame["share_of_lost"] = (frame["lost"] / total.where(total > 0) * 100).fillna(0.0)
    frame["_tree"] = frame["code"].map(_tree_order(result))
    frame["_unit"] = frame["unit_id"].map(_unit_order(result))
    frame = frame.sort_values(["_unit", "lost", "_tree"], ascending=[True, False, True],
                              kind="stable")
    frame["order"] = frame.groupby("unit_id", sort=False).cumcount() + 1
    return frame[LOST_COLUMNS].reset_index(drop=True)


def lost_by_unit(result, top: int = 3) -> pd.DataFrame:
    """Per unit, the ``top`` nodes that lost the most points (the "hạn chế, tồn tại" table).

    Only nodes that lost points appear, so a unit with full marks has no row.
    """
    frame = lost_points(result)
    return frame[(frame["order"] <= top) & (frame["lost"] > 0)].reset_index(drop=True)


def lost_across_units(result, top: int | None = None) -> pd.DataFrame:
    """The nodes most often lost across units: what the province should fix first.

    Columns: ``code, name, units_losing, units, lost_total, lost_mean`` (over units that
    lost it) and ``share_lost`` (lost points ÷ the maximum summed over units, %), ordered
    by how many units lost the node, then by the points lost.
    """
    frame = lost_points(result)
    maximum = frame.groupby("code", sort=False)["max_points"].sum()
    losing = frame[frame["lost"] > 0].groupby("code", sort=False)["lost"]
    names = frame.drop_duplicates("code").set_index("code")["name"]
    table = pd.DataFrame({
        "code": names.index,
        "name": names.to_numpy(),
        "units_losing": losing.size().reindex(names.index, fill_value=0).to_numpy(),
        "units": frame.groupby("code", sort=False).size().reindex(names.index).to_numpy(),
        "lost_total": losing.sum().reindex(names.index, fill_value=0.0).to_numpy(),
    })
    table["lost_mean"] = table["lost_total"] / table["units_losing"].where(
        table["units_losing"] > 0)
    table["share_lost"] = table["lost_total"] / maximum.reindex(names.index).where(
        lambda m: m > 0).to_numpy() * 100
    table["_tree"] = table["code"].map(_tree_order(result))
    table = table[table["units_losing"] > 0].sort_values(
        ["units_losing", "lost_total", "_tree"], ascending=[False, False, True], kind="stable")
    table = table.drop(columns="_tree").reset_index(drop=True)
    return table if top is None else table.head(top)


def self_vs_appraisal(result) -> pd.DataFrame:
    """Per unit and appraised node: points claimed, points confirmed, and the difference.

    Columns: ``unit_id, unit, code, name, max_points, self_points, official,
    difference`` (official − self: negative when the council cut the claim) and
    ``not_confirmed`` (points claimed but not confirmed, ≥ 0). Only nodes with both a
    self-score and a council appraisal appear; empty for consolidated tables.
    """
    columns = ["unit_id", "unit", "code", "name", "max_points", "self_points", "official",
               "difference", "not_confirmed"]
    nodes = _named(result)
    entries = result.batch.entries
    if entries.empty or nodes.empty:
        return pd.DataFrame(columns=columns)
    claimed = entries[["unit_id", "code", "self_points"]].drop_duplicates(["unit_id", "code"])
    frame = nodes.merge(claimed, on=["unit_id", "code"], how="left")
    frame = frame[frame["source"].isin(APPRAISED_SOURCES) & frame["self_points"].notna()
                  & (frame["component"] == Component.APPRAISAL)].copy()
    frame["official"] = frame["points"]
    frame["difference"] = frame["official"] - frame["self_points"]
    frame["not_confirmed"] = (frame["self_points"] - frame["official"]).clip(lower=0.0)
    return frame[columns].reset_index(drop=True)


def overclaim_by_unit(result) -> pd.DataFrame:
    """Units that over-claim the most: points claimed but not confirmed, per unit.

    Columns: ``unit_id, unit, self_total, official_total, not_confirmed, nodes_cut``
    (nodes whose claim was lowered), ``nodes_raised`` and ``not_confirmed_pct`` (share
    of the claimed points not confirmed, %), largest first.
    """
    frame = self_vs_appraisal(result)
    grouped = frame.groupby(["unit_id", "unit"], sort=False)
    table = pd.DataFrame({
        "self_total": grouped["self_points"].sum(),
        "official_total": grouped["official"].sum(),
        "not_confirmed": grouped["not_confirmed"].sum(),
        "nodes_cut": grouped["difference"].agg(lambda d: int((d < 0).sum())),
        "nodes_raised": grouped["difference"].agg(lambda d: int((d > 0).sum())),
    }).reset_index()
    table["not_confirmed_pct"] = table["not_confirmed"] / table["self_total"].where(
        table["self_total"] > 0) * 100
    table["_unit"] = table["unit_id"].map(_unit_order(result))
    table = table.sort_values(["not_confirmed", "_unit"], ascending=[False, True], kind="stable")
    return table.drop(columns="_unit").reset_index(drop=True)


def appraisal_disagreement(result) -> pd.DataFrame:
    """Nodes where the appraisal disagrees with the self-assessment most often.

    Columns: ``code, name, units, units_changed, units_cut, units_raised,
    points_not_confirmed`` and ``changed_pct`` (% of the units with both scores), ordered
    by how many units' claims were changed.
    """
    frame = self_vs_appraisal(result)
    changed = ~np.isclose(frame["difference"], 0.0)
    grouped = frame.assign(changed=changed, cut=frame["difference"] < 0,
                           raised=frame["difference"] > 0).groupby(["code", "name"], sort=False)
    table = pd.DataFrame({
        "units": grouped.size(),
        "units_changed": grouped["changed"].sum(),
        "units_cut": grouped["cut"].sum(),
        "units_raised": grouped["raised"].sum(),
        "points_not_confirmed": grouped["not_confirmed"].sum(),
    }).reset_index()
    table["changed_pct"] = table["units_changed"] / table["units"] * 100
    table["_tree"] = table["code"].map(_tree_order(result))
    table = table.sort_values(["units_changed", "points_not_confirmed", "_tree"],
                              ascending=[False, False, True], kind="stable")
    return table.drop(columns="_tree").reset_index(drop=True)


def missing_evidence(result) -> pd.DataFrame:
    """Nodes claimed (self-score above 0) without evidence and without an explanation.

    Columns: ``unit_id, unit, code, name, self_points, file, sheet, cell``. Empty when
    the input has no evidence column (consolidated tables): see :func:`has_evidence`.
    """
    columns = ["unit_id", "unit", "code", "name", "self_points", "file", "sheet", "cell"]
    entries = result.batch.entries
    if not has_evidence(result) or result.nodes.empty:
        return pd.DataFrame(columns=columns)
    scored = result.nodes[result.nodes["component"] == Component.APPRAISAL][["unit_id", "code"]]
    frame = entries.merge(scored, on=["unit_id", "code"], how="inner")
    blank = _blank(frame.get("evidence")) & _blank(frame.get("explanation"))
    frame = frame[blank & (frame["self_points"] > 0)].copy()
    frame["unit"] = frame["unit_id"].map(_unit_names(result))
    frame["name"] = frame["code"].map(result.methodology.tree.set_index("code")["name"])
    frame["cell"] = frame["cell_self_points"]
    frame["_unit"] = frame["unit_id"].map(_unit_order(result))
    frame["_tree"] = frame["code"].map(_tree_order(result))
    frame = frame.sort_values(["_unit", "_tree"], kind="stable")
    return frame[columns].reset_index(drop=True)


def has_evidence(result) -> bool:
    """True when the input carried an evidence or explanation column."""
    entries = result.batch.entries
    return "evidence" in entries.columns or "explanation" in entries.columns


def _blank(values: pd.Series | None) -> pd.Series | bool:
    if values is None:
        return True
    return values.isna() | values.astype(str).str.strip().eq("")


def _named(result) -> pd.DataFrame:
    nodes = result.nodes
    if nodes.empty:
        return pd.DataFrame(columns=["unit_id", "unit", "code", "name", "max_points", "points",
                                     "contribution", "source", "component"])
    nodes = nodes[nodes["unit_id"].isin(result.results["unit_id"])].copy()
    nodes["unit"] = nodes["unit_id"].map(_unit_names(result))
    nodes["name"] = nodes["code"].map(result.methodology.tree.set_index("code")["name"])
    return nodes


def _unit_names(result) -> pd.Series:
    return result.results.set_index("unit_id")["unit"]


def _unit_order(result) -> pd.Series:
    """Units in the order of the ranked table: group, rank, name."""
    ordered = result.results.sort_values(["group", "rank", "unit"], kind="stable")
    return pd.Series(np.arange(len(ordered)), index=ordered["unit_id"].to_numpy())


def _tree_order(result) -> dict[str, int]:
    return {code: i for i, code in enumerate(result.methodology.tree["code"])}
