"""The tables behind the results workbook and the charts, as plain DataFrames.

Pure functions of a :class:`~cchc_index._internal.pipeline.RunResult`: nothing is rounded or
translated here (the workbook and the charts do that at the edge), so a notebook can show
any of them and the workbook and a chart never disagree.

- :func:`annex_order` — units in the order of the published annex;
- :func:`class_counts`, :func:`index_statistics` — the summary under the annex;
- :func:`detail_table` — every scored criterion of every unit, with its source cell;
- :func:`field_shares`, :func:`profiles` — fields as a share of their maximum, beside the
  group's mean and its leader;
- :func:`self_vs_appraised` — what each unit claimed against what was confirmed;
- :func:`change_table` — this year's index against a previous year's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.messages import ui
from cchc_index._internal.methodology.model import (
    Component,
    Methodology,
    NotArisenRule,
    counts_in_maximum,
)
from cchc_index._internal.pipeline import RunResult
from cchc_index._internal.scoring import (
    SOURCE_MISSING,
    SOURCE_NOT_ARISEN,
    resolve_points,
    subindices,
)
from cchc_index._internal.scoring import unit_scores as _unit_scores
from cchc_index._internal.text import name_key

SOURCE_CELL = {"appraisal_2": "cell_appraisal_2", "appraisal_1": "cell_appraisal_1",
               "given": "cell_given_points", "self": "cell_self_points"}


def ranked_apart(results: pd.DataFrame) -> bool:
    """True when units were ranked within groups rather than all together."""
    sizes = results["group_size"].dropna()
    return bool(len(sizes) and (sizes < len(results)).any())


def scope(results: pd.DataFrame) -> pd.Series:
    """The ranking group of each unit: its group when ranked apart, else "" for all."""
    if ranked_apart(results):
        return results["group"].fillna("").astype(str)
    return pd.Series("", index=results.index)


def annex_order(results: pd.DataFrame) -> pd.DataFrame:
    """Units as the annex lists them: groups in order of first appearance (when ranked
    apart), then by rank; equal ranks keep the input order."""
    frame = results.copy()
    groups = scope(frame)
    first_seen = {g: i for i, g in enumerate(dict.fromkeys(groups))}
    keys = pd.DataFrame({"group": groups.map(first_seen),
                         "rank": frame["rank"].astype("Float64").fillna(np.inf),
                         "position": np.arange(len(frame))}, index=frame.index)
    order = keys.sort_values(["group", "rank", "position"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def annex_groups(results: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``(group, units)`` pairs in annex order; one pair ``("", all)`` when ranked together."""
    ordered = annex_order(results)
    groups = scope(ordered)
    return [(group, ordered[groups == group]) for group in dict.fromkeys(groups)]


def bands_high_to_low(methodology: Methodology) -> list:
    return sorted(methodology.bands, key=lambda band: band.lower_bound, reverse=True)


def class_counts(results: pd.DataFrame, methodology: Methodology) -> pd.DataFrame:
    """Units per class, best class first: ``count`` and ``share_pct`` (unrounded).

    Units without an index (nothing applied) are counted under "" when there are any.
    """
    labels = [band.label for band in bands_high_to_low(methodology)]
    counts = results["classification"].fillna("").value_counts()
    if counts.get("", 0):
        labels.append("")
    count = pd.Series([int(counts.get(label, 0)) for label in labels], index=labels)
    total = int(count.sum())
    share = count / total * 100.0 if total else count * 0.0
    frame = pd.DataFrame({"count": count, "share_pct": share.astype("float64")})
    return frame.rename_axis("classification")


def index_statistics(results: pd.DataFrame) -> dict[str, object]:
    """Number of units, mean, highest and lowest shown index, and who holds the extremes.

    The mean is of the indices as shown (``index_display``), so it is what an analyst
    gets by averaging the printed column.
    """
    shown = results["index_display"].astype("float64")
    valid = results[shown.notna()]
    values = shown[shown.notna()]
    if values.empty:
        return {"units": len(results), "mean": np.nan, "highest": np.nan, "highest_units": [],
                "lowest": np.nan, "lowest_units": []}
    return {
        "units": len(results),
        "mean": float(values.mean()),
        "highest": float(values.max()),
        "highest_units": valid.loc[values == values.max(), "unit"].tolist(),
        "lowest": float(values.min()),
        "lowest_units": valid.loc[values == values.min(), "unit"].tolist(),
    }


def detail_table(result: RunResult) -> pd.DataFrame:
    """Every scored criterion of every unit, in annex order then tree order.

    Columns: ``unit_id, unit, group, code, criterion, max_points`` (the criterion's
    maximum in the methodology), ``self_points, appraisal_1, appraisal_2, given_points``
    (as entered), ``official`` (signed points counted in the total; NaN when left out),
    ``lost`` (maximum minus official for counted criteria, the points deducted for a
    penalty), ``source`` (see :mod:`cchc_index._internal.scoring`), ``excluded``, ``file, sheet,
    cell`` (where the official value was read).
    """
    nodes = result.nodes
    if nodes.empty:
        return pd.DataFrame()
    tree = result.methodology.tree.set_index("code")
    entry_columns = ["unit_id", "code", "self_points", "appraisal_1", "appraisal_2",
                     "given_points", "file", "sheet", *SOURCE_CELL.values()]
    entries = result.batch.entries[entry_columns].drop_duplicates(["unit_id", "code"])
    frame = nodes.merge(entries, on=["unit_id", "code"], how="left")
    ordered = annex_order(result.results)[["unit_id", "unit", "group"]]
    frame = ordered.merge(frame, on="unit_id", how="inner")
    frame["_tree"] = frame["code"].map({c: i for i, c in enumerate(tree.index)})
    unit_pos = {u: i for i, u in enumerate(ordered["unit_id"])}
    frame["_unit"] = frame["unit_id"].map(unit_pos)
    frame = frame.sort_values(["_unit", "_tree"], kind="stable").reset_index(drop=True)

    component = frame["component"]
    maximum = frame["code"].map(tree["max_points"])
    caps = frame["code"].map(tree["bonus_cap"] + tree["penalty_cap"])
    # Bonus and penalty nodes (or a field holding only those) have caps, not a maximum.
    counted = pd.Series(counts_in_maximum(component), index=frame.index) & ~(
        (maximum == 0) & (caps > 0))
    extra = ~counted
    excluded = counted & ~frame["applicable"].astype(bool)
    official = frame["contribution"].where(~excluded)
    lost = (frame["max_points"] - frame["contribution"]).where(counted & ~excluded)
    lost = lost.where(~extra, (-frame["contribution"]).clip(lower=0.0))
    lost = lost.where(component != Component.BONUS)  # a bonus loses nothing
    stated_max = maximum.where(counted)
    stated_max = stated_max.where(component != Component.BONUS, frame["code"].map(
        tree["bonus_cap"]))
    stated_max = stated_max.where(component != Component.PENALTY, frame["code"].map(
        tree["penalty_cap"]))
    return pd.DataFrame({
        "unit_id": frame["unit_id"], "unit": frame["unit"], "group": frame["group"],
        "code": frame["code"], "criterion": frame["code"].map(tree["name"]),
        "component": component, "max_points": stated_max.astype("float64"),
        "self_points": frame["self_points"], "appraisal_1": frame["appraisal_1"],
        "appraisal_2": frame["appraisal_2"], "given_points": frame["given_points"],
        "official": official.astype("float64") + 0.0, "lost": lost.astype("float64") + 0.0,
        "source": frame["source"], "excluded": excluded,
        "file": frame["file"].fillna(""), "sheet": frame["sheet"].fillna(""),
        "cell": _source_cells(frame),
    })


def _source_cells(frame: pd.DataFrame) -> pd.Series:
    """The cell the official value came from; for a KPS or missing value, the first cell
    of the row that has an address, the self-score's first (where a unit marks KPS)."""
    cells = pd.Series("", index=frame.index, dtype="object")
    for source, column in SOURCE_CELL.items():
        take = frame["source"] == source
        cells = cells.where(~take, frame[column].fillna(""))
    fallback = pd.Series("", index=frame.index, dtype="object")
    for column in reversed(SOURCE_CELL.values()):  # the unit's own column first
        fallback = fallback.where(fallback != "", frame[column].fillna(""))
    other = frame["source"].isin([SOURCE_NOT_ARISEN, SOURCE_MISSING])
    return cells.where(~other, fallback).astype(str)


def source_kind(detail: pd.DataFrame, methodology: Methodology) -> pd.Series:
    """A key of :data:`~cchc_index._internal.messages.report.REPORT` naming each row's source."""
    keys = "source_" + detail["source"].astype(str)
    rules = detail["code"].map(methodology.tree.set_index("code")["not_arisen"])
    left_out = detail["excluded"] & (
        (rules == NotArisenRule.EXCLUDE) | (detail["source"] == SOURCE_MISSING))
    return keys.where(~left_out, keys + "_excluded")


def field_shares(result: RunResult) -> pd.DataFrame:
    """Per unit and field: ``points, max_points, share_pct`` (points ÷ applicable maximum,
    NaN where nothing applies or the field only holds bonus and penalty points)."""
    if result.nodes.empty:
        return pd.DataFrame(columns=["unit_id", "code", "points", "max_points", "share_pct"])
    shares = subindices(result.nodes, result.methodology, level=1)
    return shares.rename(columns={"index_pct": "share_pct"})


def profiles(result: RunResult) -> pd.DataFrame:
    """Every unit's fields beside its ranking group's mean and the group's leader.

    One row per unit and field, in annex order: ``unit_id, unit, group, code, name,
    points, max_points, share_pct, group_mean_pct, best_pct, best_unit`` and the
    difference ``gap_pct`` (share minus group mean, percentage points). The leader is the
    group's first unit in annex order (rank 1).
    """
    ordered = annex_order(result.results)
    shares = field_shares(result)
    fields = result.methodology.fields[["code", "name"]]
    frame = ordered[["unit_id", "unit", "group"]].assign(_scope=scope(ordered).to_numpy())
    frame = frame.merge(fields, how="cross").merge(shares, on=["unit_id", "code"], how="left")
    means = frame.groupby(["_scope", "code"])["share_pct"].mean()
    frame["group_mean_pct"] = [means.get((s, c), np.nan)
                               for s, c in zip(frame["_scope"], frame["code"], strict=True)]
    leaders = ordered.assign(_scope=scope(ordered).to_numpy()).drop_duplicates("_scope")
    leader_of = dict(zip(leaders["_scope"], leaders["unit_id"], strict=True))
    name_of = dict(zip(ordered["unit_id"], ordered["unit"], strict=True))
    best = shares.set_index(["unit_id", "code"])["share_pct"]
    frame["best_unit"] = frame["_scope"].map(leader_of).map(name_of)
    frame["best_pct"] = [best.get((leader_of[s], c), np.nan)
                         for s, c in zip(frame["_scope"], frame["code"], strict=True)]
    frame["gap_pct"] = frame["share_pct"] - frame["group_mean_pct"]
    columns = ["unit_id", "unit", "group", "code", "name", "points", "max_points", "share_pct",
               "group_mean_pct", "gap_pct", "best_pct", "best_unit"]
    return frame[columns]


def profile_table(result: RunResult, unit: str,
                  table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The profile rows of one unit, found by its name (case, spacing, Unicode form and
    tone placement do not matter) or its ``unit_id``; ``table`` is :func:`profiles` of the
    result when already computed."""
    table = profiles(result) if table is None else table
    wanted = name_key(unit)
    rows = table[(table["unit_id"] == unit) | (table["unit"].map(name_key) == wanted)]
    if rows.empty:
        raise UsageError([Problem("R003", found=f"«{unit}»")])
    return rows.reset_index(drop=True)


def self_vs_appraised(result: RunResult) -> pd.DataFrame:
    """Per appraised unit with self-scores: the index it claimed and the official one.

    The claimed index is scored by the same rules from the self-scores alone; survey
    points, which units do not score, are taken as the survey team gave them on both
    sides. Columns: ``unit_id, unit, group, self_points, self_index, points, index_pct,
    gap`` (claimed minus official index, percentage points), largest gap first.
    """
    columns = ["unit_id", "unit", "group", "self_points", "self_index", "points",
               "index_pct", "gap"]
    results = result.results
    entries = result.batch.entries
    entries = entries[entries["unit_id"].isin(results.loc[results["appraised"], "unit_id"])]
    component = entries["code"].map(result.methodology.tree.set_index("code")["component"])
    claimed = entries["self_points"].notna() & (component != Component.SURVEY)
    with_claims = entries.loc[claimed, "unit_id"].unique()
    entries = entries[entries["unit_id"].isin(with_claims)]
    if entries.empty:
        return pd.DataFrame(columns=columns)
    own = entries.copy()
    not_survey = component.loc[own.index] != Component.SURVEY
    for column in ("appraisal_1", "appraisal_2", "given_points"):
        own[column] = own[column].where(~not_survey)
    nodes, _ = resolve_points(own, result.methodology)
    claims = _unit_scores(nodes, result.methodology)[["unit_id", "points", "index_pct"]]
    claims = claims.rename(columns={"points": "self_points", "index_pct": "self_index"})
    frame = results[["unit_id", "unit", "group", "points", "index_pct"]].merge(
        claims, on="unit_id", how="inner")
    frame["gap"] = frame["self_index"] - frame["index_pct"]
    frame = frame.sort_values("gap", ascending=False, kind="stable")
    return frame[columns].reset_index(drop=True)


def change_table(result: RunResult, previous: pd.DataFrame) -> pd.DataFrame:
    """This year's shown index beside a previous year's.

    ``previous`` is either

    - last year's results, with ``unit`` and ``index_pct`` (a results CSV of an earlier run
      has both; ``index_display`` is used when present), matched by unit name whatever its
      case, spacing, Unicode form or tone placement; or
    - the comparison of :func:`cchc_index._internal.analysis.compare_years` (it has ``unit_id`` and
      ``prev_index_pct``), which also follows a crosswalk: a merged unit's previous index
      is the weighted mean of its parts, and it is marked ``merged``.

    Columns: ``unit, group, rank, previous, current, change, merged``, in annex order;
    ``previous`` (rounded as the methodology shows indices) is NaN for units not found.
    """
    if is_comparison(previous):
        return _change_from_comparison(result, previous)
    if "unit" not in previous.columns or not {"index_pct", "index_display"} & set(
            previous.columns):
        raise UsageError([Problem("R002", found=", ".join(map(str, previous.columns)),
                                  expected="unit, index_pct")])
    column = "index_display" if "index_display" in previous.columns else "index_pct"
    values = pd.to_numeric(previous[column], errors="coerce").astype("float64")
    if column == "index_pct":
        values = result.methodology.rounding.series(values)
    by_name = dict(zip(previous["unit"].map(name_key), values, strict=True))
    ordered = annex_order(result.results)
    previous_values = ordered["unit"].map(name_key).map(by_name).astype("float64")
    return _change_frame(ordered, previous_values, pd.Series(False, index=ordered.index))


def is_comparison(frame: pd.DataFrame) -> bool:
    """True for the frame of :func:`cchc_index.analysis.compare_years` (by its columns)."""
    return {"unit_id", "prev_index_pct"} <= set(frame.columns)


def _change_from_comparison(result: RunResult, comparison: pd.DataFrame) -> pd.DataFrame:
    ordered = annex_order(result.results)
    by_id = comparison.drop_duplicates("unit_id").set_index("unit_id")
    unrounded = pd.to_numeric(ordered["unit_id"].map(by_id["prev_index_pct"]),
                              errors="coerce").astype("float64")
    merged = ordered["unit_id"].map(by_id["comparable"]).eq("merged") \
        if "comparable" in by_id else pd.Series(False, index=ordered.index)
    return _change_frame(ordered, result.methodology.rounding.series(unrounded), merged)


def _change_frame(ordered: pd.DataFrame, previous: pd.Series, merged: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({
        "unit": ordered["unit"], "group": ordered["group"], "rank": ordered["rank"],
        "previous": previous.astype("float64"),
        "current": ordered["index_display"].astype("float64"),
    })
    frame["change"] = frame["current"] - frame["previous"]
    frame["merged"] = merged.fillna(False).astype(bool).to_numpy()
    return frame


def survey_missing_text(result, lang: str = "vi") -> str:
    """The units scored without (some of) their survey points, and what was done about it
    (the methodology's "Thiếu điều tra XHH": counted 0, or left out); "" when none. Said in
    the terminal, the summary and (per unit) the annex: never silent."""
    if "survey_missing" not in result.results:
        return ""
    missing = result.results[result.results["survey_missing"].fillna(0) > 0]
    if missing.empty:
        return ""
    rule = "survey_excluded" if result.methodology.survey_missing_excluded else "survey_zero"
    names = ", ".join(str(u) for u in missing["unit"])
    return ui("survey_missing", lang, n=len(missing), rule=ui(rule, lang), names=names)

def results_year(result: RunResult) -> str:
    """The year of the results: the units' common year, else the methodology's single year."""
    years = {str(y).strip() for y in result.results.get("year", pd.Series(dtype=str))
             if str(y).strip() and str(y) != "nan"}
    if len(years) == 1:
        return years.pop()
    stated = str(result.methodology.years).strip()
    return stated if stated.isdigit() and len(stated) == 4 else ""
