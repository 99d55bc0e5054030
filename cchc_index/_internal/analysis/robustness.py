"""Robustness of ranks and classes: a Monte Carlo of plausible variation in the points.

A unit at 89,98 and one at 90,01 get different classes; would they after a slightly
different appraisal? :func:`robustness` re-scores every unit many times under a model of
that variation and reports, per unit, the 5th–95th percentile of its rank, the probability
of each class, and whether its class is settled.

The model (every assumption is a parameter, reported in :class:`Settings`):

- each appraised leaf moves by one scoring step, up or down with equal chance, with
  probability ``probability``; a scored node above the leaves (a field given by a
  consolidated table) moves by the sum of the moves of its appraised leaves;
- survey points move by their sampling error: a normal error whose standard deviation is
  ``survey_error`` times the node's survey maximum;
- every node stays within [0, its maximum]; points of items that did not arise, missing
  survey points, bonus and penalty points do not move;
- each run is ranked and classified as the official result is: on the index as displayed
  (the methodology's rounding), within the same groups, with shared ranks for ties.

The step is the methodology's scoring step when given; otherwise the granularity of the
official points themselves (points in quarter steps give 0.25), or ``step_share`` of each
leaf's maximum. Runs are vectorised with numpy in chunks; the same seed gives the same
result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cchc_index._internal.methodology.model import (
    Component,
    Methodology,
    RoundingMode,
    counts_in_maximum,
)

VARIED_SOURCES = ("appraisal_2", "appraisal_1", "given", "self")
DEFAULT_PROBABILITY = 0.2  # share of appraised leaves a second appraisal would change
DEFAULT_SURVEY_ERROR = 0.02  # standard error of survey points, as a share of their maximum
SETTLED = 0.9  # a class is settled when the unit keeps it in at least this share of runs
CHUNK_CELLS = 2_000_000  # node × run values drawn at once (about 16 MB per array)


@dataclass(frozen=True)
class Settings:
    """The assumptions of one robustness run, to print beside its results."""

    runs: int
    seed: int
    probability: float
    step: float | None
    step_share: float | None
    survey_error: float
    settled: float


def robustness(result, runs: int = 1000, seed: int = 1, *,
               probability: float = DEFAULT_PROBABILITY, step: float | None = None,
               step_share: float | None = None, survey_error: float = DEFAULT_SURVEY_ERROR,
               settled: float = SETTLED) -> pd.DataFrame:
    """Per unit: ``rank_p05, rank_p95, class_probability`` and more, from ``runs`` runs.

    ``result`` is a :class:`~cchc_index._internal.pipeline.RunResult`. Returns one row per unit of
    ``result.results`` (same order) with ``unit_id, unit, group, index_pct, rank,
    classification, index_p05, index_p95, rank_p05, rank_median, rank_p95,
    class_probability, settled`` and one ``p_<label>`` column per band. The settings used
    are in ``frame.attrs["settings"]``; ``frame.attrs["per_group"]`` is True when units
    were ranked within their groups.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    methodology = result.methodology
    results = result.results.reset_index(drop=True)
    model = _Model.build(result.nodes, results, methodology, probability=probability,
                         step=step, step_share=step_share, survey_error=survey_error)
    index = simulate_index(model, runs, seed)
    codes = display_codes(index, methodology.rounding.decimals, methodology.rounding.mode)
    frame = summarise(results, methodology, index, codes, settled)
    frame.attrs["settings"] = Settings(runs, seed, probability, model.step_value, step_share,
                                       survey_error, settled)
    frame.attrs["per_group"] = len(set(_ranking_groups(results))) > 1
    return frame


@dataclass
class _Model:
    """The arrays a run needs: fixed points per unit, varied nodes and their spread."""

    fixed: np.ndarray  # points per unit that never move
    maximum: np.ndarray  # applicable maximum per unit
    base: np.ndarray  # official contribution of each varied node
    top: np.ndarray  # maximum of each varied node
    leaves: np.ndarray  # appraised leaves under each varied node (0 for pure survey)
    step: np.ndarray  # one scoring step of each varied node
    survey_sd: np.ndarray  # sampling error of each varied node's survey points
    unit_of: np.ndarray  # unit position of each varied node (sorted)
    probability: float
    step_value: float | None

    @classmethod
    def build(cls, nodes: pd.DataFrame, results: pd.DataFrame, methodology: Methodology, *,
              probability: float, step: float | None, step_share: float | None,
              survey_error: float) -> _Model:
        position = pd.Series(np.arange(len(results)), index=results["unit_id"])
        nodes = nodes[nodes["unit_id"].isin(position.index)].copy()
        nodes["_unit"] = nodes["unit_id"].map(position).to_numpy()
        counts = leaf_counts(methodology)
        nodes["_leaves"] = nodes["code"].map(counts["appraisal_leaves"]).fillna(0).to_numpy()
        nodes["_survey_max"] = nodes["code"].map(counts["survey_max"]).fillna(0.0).to_numpy()
        nodes["_leaf_max"] = nodes["code"].map(counts["appraisal_max"]).fillna(0.0).to_numpy()
        varied = (nodes["applicable"].astype(bool) & (nodes["max_points"] > 0)
                  & nodes["source"].isin(VARIED_SOURCES)
                  & counts_in_maximum(nodes["component"]))
        units = len(results)
        unit_of = nodes["_unit"].to_numpy(dtype=np.int64)
        still = ~varied.to_numpy()
        fixed = np.bincount(unit_of[still], nodes["contribution"].to_numpy(np.float64)[still],
                            minlength=units).astype(np.float64)
        maximum = np.bincount(unit_of, nodes["max_points"].to_numpy(np.float64),
                              minlength=units).astype(np.float64)
        moving = nodes[varied].sort_values("_unit", kind="stable")
        leaves = moving["_leaves"].to_numpy(dtype=np.int64)
        step_value = None
        if step_share is not None:
            mean_leaf = moving["_leaf_max"].to_numpy() / np.maximum(leaves, 1)
            steps = step_share * mean_leaf
        else:
            step_value = step if step is not None else infer_step(moving["points"])
            steps = np.full(len(moving), step_value)
        return cls(fixed=fixed, maximum=maximum,
                   base=moving["contribution"].to_numpy(dtype=np.float64),
                   top=moving["max_points"].to_numpy(dtype=np.float64), leaves=leaves,
                   step=steps.astype(np.float64),
                   survey_sd=survey_error * moving["_survey_max"].to_numpy(dtype=np.float64),
                   unit_of=moving["_unit"].to_numpy(dtype=np.int64), probability=probability,
                   step_value=step_value)


def leaf_counts(methodology: Methodology) -> pd.DataFrame:
    """Per code: appraised leaves at or below it, their maximum, and the survey maximum."""
    tree = methodology.tree
    leaves = tree[tree["is_leaf"]]
    rows: dict[str, list[float]] = {code: [0, 0.0, 0.0] for code in tree["code"]}
    for code, component, maximum in zip(leaves["code"], leaves["component"],
                                        leaves["max_points"], strict=True):
        pieces = code.split(".")
        for depth in range(1, len(pieces) + 1):
            row = rows.get(".".join(pieces[:depth]))
            if row is None:
                continue
            if component == Component.APPRAISAL:
                row[0] += 1
                row[1] += float(maximum)
            elif component == Component.SURVEY:
                row[2] += float(maximum)
    return pd.DataFrame.from_dict(rows, orient="index",
                                  columns=["appraisal_leaves", "appraisal_max", "survey_max"])


def infer_step(points: pd.Series) -> float:
    """The scoring step the points were given in: the largest step they are all multiples of.

    Found from the points themselves (greatest common divisor in hundredths, at most one
    point), so quarter points give 0.25 and half points 0.5.

    >>> infer_step(pd.Series([16.75, 5.5, 9.0]))
    0.25
    """
    hundredths = np.rint(points.dropna().to_numpy(dtype=np.float64) * 100).astype(np.int64)
    divisor = int(np.gcd.reduce(np.abs(hundredths))) if len(hundredths) else 0
    if divisor == 0:
        return 1.0
    return min(divisor, 100) / 100


def simulate_index(model: _Model, runs: int, seed: int) -> np.ndarray:
    """The index of every unit in every run: an array of shape (runs, units)."""
    rng = np.random.default_rng(seed)
    units = len(model.fixed)
    varied = len(model.base)
    starts = np.flatnonzero(np.r_[True, model.unit_of[1:] != model.unit_of[:-1]]) if varied \
        else np.empty(0, dtype=np.int64)
    owners = model.unit_of[starts] if varied else starts
    single = bool(varied) and bool((model.leaves <= 1).all())
    surveyed = bool((model.survey_sd > 0).any())
    chunk = max(1, CHUNK_CELLS // max(varied, 1))
    index = np.empty((runs, units), dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for first in range(0, runs, chunk):
            count = min(chunk, runs - first)
            points = np.broadcast_to(model.fixed, (count, units)).copy()
            if varied:
                moved = model.base + _moves(rng, model, count, single)
                if surveyed:
                    moved += rng.standard_normal((count, varied)) * model.survey_sd
                np.clip(moved, 0.0, model.top, out=moved)
                points[:, owners] += np.add.reduceat(moved, starts, axis=1)
            share = points / np.where(model.maximum > 0, model.maximum, np.nan) * 100.0
            index[first:first + count] = np.clip(share, 0.0, 100.0)
    return index


def _moves(rng: np.random.Generator, model: _Model, count: int, single: bool) -> np.ndarray:
    """One run's step moves per varied node: leaves move ±1 step with ``probability``."""
    shape = (count, len(model.base))
    p = model.probability
    if p <= 0:
        return np.zeros(shape)
    if single:  # one leaf per node: one uniform draw decides up, down or stay
        draw = rng.random(shape)
        direction = (draw < p / 2).astype(np.float64) - ((draw >= p / 2) & (draw < p))
        return direction * model.step * (model.leaves > 0)
    moved = rng.binomial(model.leaves, p, size=shape)
    up = rng.binomial(moved, 0.5)
    return (2 * up - moved) * model.step


def display_codes(index: np.ndarray, decimals: int, mode: RoundingMode) -> np.ndarray:
    """The displayed index as integers of its last decimal (90,00 → 9000); -1 for NaN.

    Matches :meth:`Rounding.apply`: float noise is removed at 9 decimals, then the value
    is rounded half-up or truncated. Integers make ties exact.
    """
    scale = 10.0 ** decimals
    cleaned = np.round(index, 9) * scale
    slack = 0.5 * 10.0 ** (decimals - 9)
    shifted = cleaned + (0.5 if mode is RoundingMode.HALF_UP else 0.0) + slack
    codes = np.floor(np.nan_to_num(shifted, nan=-1.0)).astype(np.int64)
    return np.where(np.isnan(index), -1, codes)


def competition_ranks(codes: np.ndarray) -> np.ndarray:
    """Ranks 1, 2, 2, 4 (higher first) along the last axis of an integer array."""
    order = np.argsort(-codes, axis=-1, kind="stable")
    ordered = np.take_along_axis(codes, order, axis=-1)
    positions = np.broadcast_to(np.arange(codes.shape[-1]), codes.shape)
    fresh = np.ones(codes.shape, dtype=bool)
    fresh[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    firsts = np.maximum.accumulate(np.where(fresh, positions, 0), axis=-1)
    ranks = np.empty(codes.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, (firsts + 1).astype(np.int32), axis=-1)
    return ranks


def summarise(results: pd.DataFrame, methodology: Methodology, index: np.ndarray,
              codes: np.ndarray, settled: float = SETTLED) -> pd.DataFrame:
    """Percentiles of rank and index, class probabilities, settled flags per unit."""
    runs, units = index.shape
    groups = _ranking_groups(results)
    valid = codes[0] >= 0 if runs else np.zeros(units, bool)
    ranks = np.zeros((runs, units), dtype=np.int32)
    for group in pd.unique(groups):
        members = np.flatnonzero((groups == group) & valid)
        if len(members):
            ranks[:, members] = competition_ranks(codes[:, members])
    bands = methodology.bands_ascending
    shown = codes / 10.0 ** methodology.rounding.decimals
    band_index = methodology.band_positions(shown)
    frame = results[["unit_id", "unit", "group", "index_pct", "rank",
                     "classification"]].copy().reset_index(drop=True)
    quantiles = np.quantile(index, [0.05, 0.95], axis=0, method="inverted_cdf")
    rank_q = np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
    frame["index_p05"], frame["index_p95"] = quantiles[0], quantiles[1]
    for column, values in zip(("rank_p05", "rank_median", "rank_p95"), rank_q, strict=True):
        frame[column] = pd.Series(values, dtype="Int64").where(valid)
    shares = np.stack([(band_index == position).mean(axis=0)
                       for position in range(len(bands))]) if bands else np.empty((0, units))
    for position in reversed(range(len(bands))):
        frame[f"p_{bands[position].label}"] = shares[position]
    labels = {band.label: position for position, band in enumerate(bands)}
    own = frame["classification"].map(labels).to_numpy(dtype=np.float64)
    known = valid & ~np.isnan(own)
    taken = shares[np.nan_to_num(own, nan=0).astype(int), np.arange(units)] if bands \
        else np.zeros(units)
    frame["class_probability"] = np.where(known, taken, np.nan)
    frame["settled"] = frame["class_probability"] >= settled
    return frame


def _ranking_groups(results: pd.DataFrame) -> np.ndarray:
    """The groups the official ranking used: several only when ranks were given per group."""
    groups = results["group"].fillna("").astype(str).to_numpy()
    sizes = results.get("group_size")
    if sizes is not None and (pd.to_numeric(sizes) < len(results)).any():
        return groups
    return np.full(len(results), "", dtype=object)
