"""Hand-worked examples for each scoring rule, on a 20-point index (tests/engine_helpers.py)."""

import pytest
from engine_helpers import SMALL, form, full_marks, methodology, small

from cchc_index import Batch, score_batch


def score(batch, m=None, **kwargs):
    return score_batch(batch, m or small(), **kwargs)


def one(result):
    assert len(result.results) == 1, [p.message() for p in result.problems]
    return result.results.iloc[0]


def codes(result):
    return sorted(p.code for p in result.problems)


def test_full_marks_is_100():
    row = one(score(form("Xã A", full_marks(small()))))
    assert (row.points, row.max_points, row.index_pct) == (20.0, 20.0, 100.0)
    assert row.classification == "Xuất sắc" and row.appraised


def test_not_arisen_full_points():
    points = full_marks(small()) | {"1.2.2": "KPS", "2.1": 3.0}
    row = one(score(form("Xã A", points)))
    assert row.points == 17.0 and row.max_points == 20.0
    assert row.index_pct == pytest.approx(85.0)


def test_not_arisen_excluded_from_points_and_maximum():
    points = full_marks(small()) | {"2.2": "KPS", "2.1": 3.0}
    row = one(score(form("Xã A", points)))
    assert (row.points, row.max_points) == (13.0, 16.0)
    assert row.index_pct == pytest.approx(81.25)


def test_not_arisen_where_not_allowed_is_an_error_naming_the_cell():
    result = score(form("Xã A", full_marks(small()) | {"2.1": "KPS"}))
    assert result.results.empty and result.exit_code == 2
    problem = next(p for p in result.problems if p.code == "I024")
    assert (problem.criterion, problem.unit, problem.cell) == ("2.1", "Xã A", "E13")
    assert "không phát sinh" in problem.message()


def test_survey_points_come_from_the_survey_team():
    row = one(score(form("Xã A", full_marks(small()) | {"3.1": 2.5})))
    assert row.points == 18.5 and row.index_pct == pytest.approx(92.5)


def test_missing_survey_counts_zero_with_a_warning():
    points = full_marks(small())
    del points["3.1"]
    points["3.1"] = {}
    result = score(form("Xã A", points))
    assert one(result).points == 16.0 and one(result).max_points == 20.0
    assert "I021" in codes(result) and result.exit_code == 0


def test_missing_survey_excluded_when_the_methodology_says_so():
    m = methodology(SMALL, **{"Thiếu điều tra XHH": "Loại trừ"})
    points = full_marks(m) | {"3.1": {}}
    row = one(score(form("Xã A", points), m))
    assert (row.points, row.max_points, row.index_pct) == (16.0, 16.0, 100.0)


def test_survey_self_scored_is_warned():
    points = full_marks(small()) | {"3.1": {"self_points": 4.0, "appraisal_1": 3.0}}
    result = score(form("Xã A", points))
    assert one(result).points == 19.0
    assert [p.severity for p in result.problems if p.code == "I017"] == ["warning"]


def test_bonus_adds_but_index_is_capped_at_100():
    points = full_marks(small()) | {"4.1": 1.0}
    row = one(score(form("Xã A", points)))
    assert row.points == 21.0 and row.max_points == 20.0 and row.index_pct == 100.0


def test_bonus_above_its_cap_is_an_error():
    result = score(form("Xã A", full_marks(small()) | {"4.1": 1.5}))
    problem = next(p for p in result.problems if p.code == "I012")
    assert (problem.criterion, problem.found, problem.expected) == ("4.1", 1.5, 1.0)
    assert problem.message().endswith("điểm 1,5 lớn hơn điểm tối đa 1.")


@pytest.mark.parametrize("entered", [2.0, -2.0])
def test_penalty_subtracts_whatever_its_sign(entered):
    row = one(score(form("Xã A", full_marks(small()) | {"4.2": entered})))
    assert row.points == 18.0 and row.max_points == 20.0
    assert row.field_4 == -2.0


def test_penalty_above_its_cap_is_an_error():
    result = score(form("Xã A", full_marks(small()) | {"4.2": 2.5}))
    assert "I012" in codes(result) and result.results.empty


def test_index_never_below_zero():
    points = {code: 0.0 for code in full_marks(small())} | {"4.2": 2.0}
    row = one(score(form("Xã A", points)))
    assert row.points == -2.0 and row.index_pct == 0.0


def test_unit_without_any_appraisal_is_scored_on_self_assessment():
    points = {c: {"self_points": v} for c, v in full_marks(small()).items() if c != "3.1"}
    points["2.1"] = {"self_points": 5.0}
    points["3.1"] = {"appraisal_1": 4.0}  # the survey team's points are not an appraisal
    result = score(form("Xã A", points))
    row = one(result)
    assert row.points == 19.0 and not row.appraised
    assert [p.code for p in result.problems] == ["I019"]


def test_single_unappraised_leaf_uses_self_score_with_warning():
    points = full_marks(small()) | {"2.1": {"self_points": 5.5}}
    result = score(form("Xã A", points))
    assert one(result).points == 19.5 and one(result).appraised
    warning = next(p for p in result.problems if p.code == "I018")
    assert (warning.criterion, warning.cell, warning.found) == ("2.1", "E13", 5.5)


def test_latest_appraisal_wins_never_the_maximum_of_rounds():
    points = full_marks(small()) | {"2.1": {"self_points": 6.0, "appraisal_1": 5.0,
                                            "appraisal_2": 4.0}}
    assert one(score(form("Xã A", points))).points == 18.0


def test_missing_leaf_is_an_error():
    points = full_marks(small())
    del points["1.2.1"]
    result = score(form("Xã A", points))
    problem = next(p for p in result.problems if p.code == "I013")
    assert problem.criterion == "1.2.1" and result.results.empty


def test_points_out_of_range_name_the_cell():
    result = score(form("Xã A", full_marks(small()) | {"1.1": -1.0, "2.1": 7.0}))
    found = {(p.code, p.criterion, p.cell) for p in result.problems}
    assert ("I011", "1.1", "F10") in found
    assert ("I012", "2.1", "F13") in found
    message = next(p for p in result.problems if p.code == "I012").message()
    assert message == ("Tệp Xã A.xlsx, trang tính Tự đánh giá, ô F13 (đơn vị Xã A, tiêu chí 2.1)"
                       ": điểm 7 lớn hơn điểm tối đa 6.")


def test_stated_parent_total_differing_from_leaves_is_warned_and_leaves_win():
    points = {"1": 6.0} | full_marks(small()) | {"1.2.2": 2.0}
    result = score(form("Xã A", points))
    assert one(result).points == 19.0
    warning = next(p for p in result.problems if p.code == "I016")
    assert (warning.found, warning.expected) == (6.0, 5.0)


# Field 4 of SMALL turned into a penalty field of two deductions (caps 1 and 2).
PENALTY_FIELD = [*(r for r in SMALL if not r[0].startswith("4")),
                 ["4", "Điểm trừ", None, "Điểm trừ", ""],
                 ["4.1", "Vi phạm kỷ luật", 1, "Điểm trừ", ""],
                 ["4.2", "Chậm báo cáo", 2, "Điểm trừ", ""]]


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_penalty_parent_stating_the_sum_of_its_deductions_is_no_error(sign):
    """A form's parent row holds SUM(children): 3 (or -3) for deductions of 1 and 2."""
    m = methodology(PENALTY_FIELD)
    points = full_marks(m) | {"4": 3.0 * sign, "4.1": 1.0 * sign, "4.2": 2.0 * sign}
    result = score(form("Xã A", points), m)
    assert result.problems == []
    assert one(result).points == 17.0 and one(result).field_4 == -3.0


def test_bonus_and_penalty_parent_stating_the_typed_sum_is_no_error():
    """Bonus 1 and a deduction of 2 typed as 2: the spreadsheet's SUM is 3, above the
    bonus cap of 1 that bounds the field's points; the leaves are scored, 20 + 1 - 2."""
    result = score(form("Xã A", full_marks(small()) | {"4": 3.0, "4.1": 1.0, "4.2": 2.0}))
    assert result.problems == []
    assert one(result).points == 19.0


def test_wrong_penalty_parent_total_is_only_warned():
    m = methodology(PENALTY_FIELD)
    points = full_marks(m) | {"4": 5.0, "4.1": 1.0, "4.2": 2.0}
    result = score(form("Xã A", points), m)
    assert [(p.code, p.severity, p.criterion, p.found, p.expected)
            for p in result.problems] == [("I016", "warning", "4", 5.0, 3.0)]
    assert one(result).points == 17.0


def test_deduction_above_its_cap_under_a_parent_is_still_an_error():
    m = methodology(PENALTY_FIELD)
    points = full_marks(m) | {"4": 4.0, "4.1": 1.0, "4.2": 3.0}
    result = score(form("Xã A", points), m)
    assert [(p.code, p.criterion) for p in result.problems if p.severity == "error"] == [
        ("I012", "4.2")]
    assert result.results.empty


def test_duplicate_units_are_errors_naming_both_files():
    batch = Batch.combine([form("Xã A", full_marks(small()), file="a.xlsx"),
                           form("Xã  a", full_marks(small()), file="b.xlsx"),
                           form("Xã B", full_marks(small()), file="c.xlsx")])
    result = score(batch)
    duplicates = [p for p in result.problems if p.code == "I014"]
    assert sorted(p.file for p in duplicates) == ["a.xlsx", "b.xlsx"]
    assert "b.xlsx" in duplicates[0].message()
    assert list(result.results["unit"]) == ["Xã B"] and result.exit_code == 1


def _units(values: dict[str, tuple[str, float]]):
    """Units whose index is the given value: 2.1 carries the difference from 100."""
    batches = []
    for unit, (group, index) in values.items():
        lost = 20.0 * (100.0 - index) / 100.0
        batches.append(form(unit, full_marks(small()) | {"2.1": 6.0 - lost}, group=group))
    return Batch.combine(batches)


def test_ranks_within_groups_ties_share_the_better_rank():
    result = score(_units({"A": ("Xã", 90.0), "B": ("Xã", 90.0), "C": ("Xã", 80.0),
                           "D": ("Phường", 75.0)}))
    ranks = dict(zip(result.results["unit"], result.results["rank"], strict=True))
    assert ranks == {"A": 1, "B": 1, "C": 3, "D": 1}
    last = dict(zip(result.results["unit"], result.results["last_in_group"], strict=True))
    assert last == {"A": False, "B": False, "C": True, "D": False}
    emulation = result.results.set_index("unit")["emulation"]
    assert emulation["C"] == "Không xét thi đua" and emulation["A"] == "Giấy khen"


def test_ranking_together_when_groups_are_not_asked_for():
    m = methodology(SMALL)
    result = score(_units({"A": ("Xã", 90.0), "B": ("Phường", 95.0)}), m)
    assert dict(zip(result.results["unit"], result.results["rank"], strict=True)) == {
        "A": 2, "B": 1}


@pytest.mark.parametrize(("rounding", "points", "shown", "band"), [
    ("Làm tròn", 18.0, 90.0, "Xuất sắc"),      # exactly 90.00
    ("Làm tròn", 17.999, 90.0, "Xuất sắc"),    # 89.995 rounds half-up to 90.00
    ("Cắt bỏ", 17.999, 89.99, "Tốt"),          # truncated to 89.99
    ("Làm tròn", 17.998, 89.99, "Tốt"),        # 89.99
])
def test_band_edges_use_the_displayed_index(rounding, points, shown, band):
    m = methodology(SMALL, **{"Làm tròn": rounding, "Số chữ số thập phân": 2})
    row = one(score(form("Xã A", full_marks(m) | {"2.1": 6.0 - (20.0 - points)}), m))
    assert row.index_display == shown and row.classification == band


def test_equal_displayed_indices_share_a_rank():
    # 89.995 and 90.004 both show as 90.00 with 2 decimals, so they tie.
    m = methodology(SMALL)
    batch = Batch.combine([form("A", full_marks(m) | {"2.1": 6.0 - 2.001}),
                           form("B", full_marks(m) | {"2.1": 6.0 - 1.9992})])
    result = score(batch, m)
    assert list(result.results["index_display"]) == [90.0, 90.0]
    assert list(result.results["rank"]) == [1, 1]


def test_a_survey_leaf_scored_by_the_unit_alone_is_not_its_points():
    """Survey leaves take the survey team's points; a unit's own number there is no
    stand-in when the team gave none (domain §3)."""
    points = full_marks(small()) | {"3.1": {"self_points": 4.0}}
    result = score(form("Xã A", points))
    assert (one(result).points, one(result).max_points) == (16.0, 20.0)
    assert {"I017", "I021"} <= set(codes(result)) and "I018" not in codes(result)


def test_kps_on_a_bonus_or_penalty_row_means_nothing_happened():
    """A unit writes KPS on the bonus and penalty rows: no bonus, no penalty, no error."""
    points = full_marks(small()) | {"4.1": "KPS", "4.2": "KPS"}
    result = score(form("Xã A", points))
    assert (one(result).points, one(result).max_points) == (20.0, 20.0)
    assert "I024" not in codes(result)


def test_the_last_of_a_group_is_excluded_from_emulation_whatever_its_band():
    """Domain §4: a unit ranked last gets no emulation title, even in a good band; the
    band's own text ("Giấy khen") is not kept beside the exclusion."""
    result = score(_units({"A": ("Xã", 95.0), "B": ("Xã", 92.0)}))
    emulation = result.results.set_index("unit")["emulation"]
    assert emulation["B"] == "Không xét thi đua" and emulation["A"] == "Giấy khen"
