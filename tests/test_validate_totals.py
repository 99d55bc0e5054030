"""A stated total (I016) is compared with the points scoring takes from its parts (issue 17):
a deduction subtracted whatever its typed sign, a KPS by its rule. It also agrees when it
is the form's SUM of what was typed, deductions typed as positive; a real difference is
warned with the sum scoring makes."""

from __future__ import annotations

import pytest
from engine_helpers import SMALL, form, full_marks, methodology, small

from cchc_index import score_batch
from cchc_index._internal.validate import validate_batch

# Field 4 of SMALL: a bonus (4.1, cap 1) and a penalty (4.2, cap 2), the field itself
# neither. PENALTY_FIELD: field 4 a penalty field of two deductions (caps 1 and 2).
PENALTY_FIELD = [*(r for r in SMALL if not r[0].startswith("4")),
                 ["4", "Điểm trừ", None, "Điểm trừ", ""],
                 ["4.1", "Vi phạm kỷ luật", 1, "Điểm trừ", ""],
                 ["4.2", "Chậm báo cáo", 2, "Điểm trừ", ""]]


def _stated(points: dict[str, object], m=None) -> list[tuple[str, float, float]]:
    m = m or small()
    problems = validate_batch(form("Xã A", full_marks(m) | points), m).problems
    assert all(p.severity == "warning" for p in problems), problems
    return [(p.criterion, p.found, p.expected) for p in problems if p.code == "I016"]


def _field_4(points: dict[str, object], m) -> float:
    result = score_batch(form("Xã A", full_marks(m) | points), m)
    return float(result.results["field_4"].iloc[0])


@pytest.mark.parametrize("points", [
    {"4": -1.0, "4.1": 1.0, "4.2": 2.0},   # the field as scored, the deduction typed "2"
    {"4": -1.0, "4.1": 1.0, "4.2": -2.0},  # the field as scored, the deduction typed "-2"
    {"4": 3.0, "4.1": 1.0, "4.2": 2.0},    # the form's SUM of what was typed
    {"4": 3.0, "4.1": 1.0, "4.2": -2.0},   # the same, the deduction typed "-2"
])
def test_a_bonus_and_deduction_field_stated_as_scored_or_as_typed_is_no_warning(points):
    assert _stated(points) == []
    assert _field_4(points, small()) == -1.0


@pytest.mark.parametrize("points", [
    {"4": -3.0, "4.1": 1.0, "4.2": 2.0},   # deductions typed positive, the field negative
    {"4": 3.0, "4.1": -1.0, "4.2": -2.0},  # deductions typed negative, the field positive
    {"4": 3.0, "4.1": 1.0, "4.2": -2.0},   # one of each sign, the field as a deduction
    {"4": -3.0, "4.1": -1.0, "4.2": 2.0},
])
def test_a_penalty_field_stating_its_deductions_in_either_sign_is_no_warning(points):
    m = methodology(PENALTY_FIELD)
    assert _stated(points, m) == []
    assert _field_4(points, m) == -3.0


def test_a_penalty_field_summing_deductions_of_both_signs_is_warned():
    """1 and -2 both deduct (3 points); a field of -1 (their spreadsheet SUM) says a unit
    loses 1: shown in the field's sign with the 3 scoring deducts."""
    m = methodology(PENALTY_FIELD)
    assert _stated({"4": -1.0, "4.1": 1.0, "4.2": -2.0}, m) == [("4", -1.0, -3.0)]
    assert _stated({"4": 5.0, "4.1": 1.0, "4.2": 2.0}, m) == [("4", 5.0, 3.0)]


def test_a_wrong_bonus_and_deduction_field_shows_the_sum_scoring_makes():
    assert _stated({"4": 5.0, "4.1": 1.0, "4.2": 2.0}) == [("4", 5.0, -1.0)]
    assert _stated({"4": 0.0, "4.1": 1.0, "4.2": -2.0}) == [("4", 0.0, -1.0)]


def test_a_kps_leaf_counts_as_its_rule_says_or_as_the_sum_skipping_its_text():
    """1.2.2 marked KPS earns its maximum 3: a criterion 1.2 of 4 (1 + 3) is the points
    scored, of 1 the form's SUM over a "KPS" text; 6 is neither."""
    assert _stated({"1.2": 4.0, "1.2.2": "KPS"}) == []
    assert _stated({"1.2": 1.0, "1.2.2": "KPS"}) == []
    assert _stated({"1.2": 6.0, "1.2.2": "KPS"}) == [("1.2", 6.0, 4.0)]


def test_a_deduction_beyond_its_cap_is_its_own_error_not_a_wrong_total():
    m = methodology(PENALTY_FIELD)
    problems = validate_batch(form("Xã A", full_marks(m) | {"4": 4.0, "4.1": 1.0,
                                                          "4.2": 3.0}), m).problems
    assert [(p.code, p.criterion) for p in problems] == [("I012", "4.2")]
