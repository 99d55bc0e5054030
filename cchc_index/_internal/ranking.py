"""Ranks, classes and emulation consequences, on the index as the methodology shows it.

Ranking and classifying use the *displayed* index (rounded by the methodology's rule), so a
published table never contradicts itself: two units shown with the same index share a
rank, and a unit shown as 90,00 is in the ≥ 90 band.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc_index._internal.methodology.model import Methodology

ALL_UNITS = ""  # the group of every unit when units are ranked together


def display_index(index_pct: pd.Series, methodology: Methodology) -> pd.Series:
    """The index as printed: rounded half-up or truncated to the methodology's decimals."""
    return methodology.rounding.series(index_pct)


def rank_within(values: pd.Series, groups: pd.Series) -> pd.Series:
    """Competition ranks (1, 2, 2, 4), higher value first, within each group.

    >>> rank_within(pd.Series([90.0, 85.0, 90.0, 70.0]), pd.Series(["", "", "", ""])).tolist()
    [1, 3, 1, 4]
    """
    ranks = values.groupby(groups, sort=False).rank(method="min", ascending=False)
    return ranks.astype("Int64")


def classify(shown_index: pd.Series, methodology: Methodology) -> pd.Series:
    """The label of the highest band whose lower bound is at most the shown index."""
    return _band_texts(shown_index, methodology, "label")


def _band_texts(shown_index: pd.Series, methodology: Methodology, attribute: str) -> pd.Series:
    """``attribute`` of each value's band (:meth:`Methodology.band_positions`), ""
    for NaN or a value below every band."""
    if shown_index.empty:  # what a map over no value gives
        return shown_index.map(lambda value: "")
    chosen = methodology.band_positions(shown_index.to_numpy(dtype="float64", na_value=np.nan))
    texts = np.array([getattr(band, attribute, "") for band in methodology.bands_ascending]
                     + [""], dtype=object)
    return pd.Series(texts[chosen], index=shown_index.index, dtype="str")


def rank_and_classify(
    scores: pd.DataFrame, methodology: Methodology, by_group: bool | None = None
) -> pd.DataFrame:
    """Add ``index_display, rank, group_size, classification, emulation, last_in_group``.

    ``scores`` needs ``index_pct`` and ``group``. Units are ranked within ``group`` when
    ``by_group`` is True (default: the methodology's setting), otherwise all together.
    The input is not changed; rows keep their order.
    """
    by_group = methodology.rank_by_group if by_group is None else by_group
    result = scores.copy()
    groups = result["group"].fillna("").astype(str) if by_group else pd.Series(
        ALL_UNITS, index=result.index)
    result["index_display"] = display_index(result["index_pct"], methodology)
    result["rank"] = rank_within(result["index_display"], groups)
    result["group_size"] = groups.map(groups.value_counts()).astype("Int64")
    worst = result["rank"].groupby(groups, sort=False).transform("max")
    # Last: the worst rank of the group, unless the whole group ties for first.
    result["last_in_group"] = ((result["rank"] == worst) & (worst > 1)).fillna(False).astype(bool)
    result["classification"] = classify(result["index_display"], methodology)
    emulation = _band_texts(result["index_display"], methodology, "emulation")
    if methodology.last_place_text:
        # The last of a group is excluded from emulation whatever its band: its band's text
        # ("Đề nghị tặng Giấy khen…") would contradict the rule, or say it twice.
        emulation = emulation.where(~result["last_in_group"], methodology.last_place_text)
    result["emulation"] = emulation
    return result
