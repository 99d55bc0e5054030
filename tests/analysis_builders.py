"""Small runs built in code for the analysis tests (issue 7)."""

from __future__ import annotations

from engine_helpers import form, methodology

from cchc_index._internal.entries import Batch
from cchc_index._internal.pipeline import RunResult, score_batch

# One field of two appraised leaves (6 + 4) and a survey field of one leaf (10): max 20.
TWO_FIELDS = [
    ["1", "Chỉ đạo điều hành", 10, "", ""],
    ["1.1", "Kế hoạch CCHC", 6, "", ""],
    ["1.2", "Báo cáo CCHC", 4, "", ""],
    ["2", "Hài lòng", 10, "Điều tra XHH", ""],
    ["2.1", "Hài lòng của người dân", 10, "", ""],
]
# A single appraised leaf of 10 points: index = points × 10.
ONE_LEAF = [["1", "Chỉ đạo điều hành", 10, "", ""], ["1.1", "Kế hoạch CCHC", 10, "", ""]]


def two_fields(**info):
    return methodology(TWO_FIELDS, **info)


def one_leaf(**info):
    return methodology(ONE_LEAF, **info)


def scored(m, units: dict[str, dict[str, object]], groups: dict[str, str] | None = None,
           column: str = "appraisal_1") -> RunResult:
    """Score ``units`` (name → code → points, "KPS" or a dict of entry columns)."""
    groups = groups or {}
    batch = Batch.combine([form(name, points, group=groups.get(name, ""), column=column)
                           for name, points in units.items()])
    return score_batch(batch, m)
