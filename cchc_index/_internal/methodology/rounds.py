"""Which statement of a criterion's points counts: the counting round, one rule.

The official points of a criterion are the latest appraisal (round 2, then round 1), else
the points a consolidated table gives, else the unit's own self-score; never the highest
of the rounds. Scoring, validation and the readers (a table with both a self-score and an
appraisal column of one criterion) all ask this module.

>>> counting_column({"self_points": 3.0, "appraisal_1": 2.0, "appraisal_2": None})
'appraisal_1'
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

# The columns of an entry that state points, latest (the one that counts) first.
COUNTING_ORDER = ("appraisal_2", "appraisal_1", "given_points", "self_points")


def round_rank(column: str) -> int:
    """How late the statement in ``column`` is: a later one counts over an earlier one
    (4 for round 2 down to 1 for the self-score, 0 for any other column).

    >>> [round_rank(c) for c in ("appraisal_2", "given_points", "self_points", "name")]
    [4, 2, 1, 0]
    """
    return len(COUNTING_ORDER) - COUNTING_ORDER.index(column) if column in COUNTING_ORDER else 0


def counting_column(values: Mapping[str, object]) -> str:
    """The column whose number counts among ``values`` (an entry as a mapping), the
    self-score's when none holds a number.

    >>> counting_column({"self_points": 1.0, "given_points": float("nan")})
    'self_points'
    """
    for column in COUNTING_ORDER:
        value = values.get(column)
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            return column
    return COUNTING_ORDER[-1]


def official_points(frame: pd.DataFrame) -> pd.Series:
    """Per row of an entries table, the number of its counting column (NaN: none given).

    >>> official_points(pd.DataFrame({"self_points": [3.0, 3.0], "appraisal_1": [2.0, None],
    ...     "appraisal_2": [None, None], "given_points": [None, None]})).tolist()
    [2.0, 3.0]
    """
    points = frame[COUNTING_ORDER[0]]
    for column in COUNTING_ORDER[1:]:
        points = points.fillna(frame[column])
    return points
