"""Robustness of ranks and classes: hand-worked probabilities, properties, reproducibility."""

import numpy as np
import pandas as pd
import pytest
from analysis_builders import one_leaf, scored, two_fields
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_index._internal.analysis.robustness import (
    competition_ranks,
    display_codes,
    infer_step,
    leaf_counts,
    robustness,
)
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.methodology.model import Rounding, RoundingMode
from cchc_index._internal.ranking import rank_within


def test_one_step_either_way_gives_the_worked_probabilities():
    # A has 9 of 10 (90 %), B 8.5 (85 %). Every leaf moves by 0.5, up or down, each with
    # probability 1/2: A shows 95 or 85, B 90 or 80. A keeps "Xuất sắc" (≥ 90) only when it
    # moves up: 1/2. A is first unless A moves down and B up: 3/4.
    result = scored(one_leaf(), {"Xã A": {"1.1": 9.0}, "Xã B": {"1.1": 8.5}})
    frame = robustness(result, runs=4000, seed=5, probability=1.0, step=0.5, survey_error=0)
    a, b = frame.iloc[0], frame.iloc[1]
    assert a["classification"] == "Xuất sắc" and b["classification"] == "Tốt"
    assert a["class_probability"] == pytest.approx(0.5, abs=0.03)
    assert a["p_Tốt"] == pytest.approx(0.5, abs=0.03)
    assert b["p_Xuất sắc"] == pytest.approx(0.5, abs=0.03)  # B at 90 is "Xuất sắc"
    assert b["p_Khá"] == 0.0 and b["p_Tốt"] == pytest.approx(0.5, abs=0.03)
    assert (a["rank_p05"], a["rank_p95"]) == (1, 2)
    assert not a["settled"] and not b["settled"]
    assert a["index_p05"] == pytest.approx(85.0) and a["index_p95"] == pytest.approx(95.0)


def test_points_stay_within_zero_and_the_maximum():
    result = scored(one_leaf(), {"Xã A": {"1.1": 10.0}, "Xã B": {"1.1": 0.0}})
    frame = robustness(result, runs=2000, seed=1, probability=1.0, step=1.0, survey_error=0)
    assert frame.loc[0, "index_p95"] == 100.0 and frame.loc[0, "index_p05"] == 90.0
    assert frame.loc[1, "index_p05"] == 0.0 and frame.loc[1, "index_p95"] == 10.0
    assert frame.loc[0, "p_Xuất sắc"] == 1.0  # 100 or 90: always ≥ 90


def test_same_seed_same_result_other_seed_other_result():
    result = scored(two_fields(), {f"Xã {i}": {"1.1": 4 + i / 4, "1.2": 3.0, "2.1": 7.5}
                                   for i in range(8)})
    first = robustness(result, runs=300, seed=11)
    again = robustness(result, runs=300, seed=11)
    other = robustness(result, runs=300, seed=12)
    pd.testing.assert_frame_equal(first, again)
    assert not first["index_p05"].equals(other["index_p05"])
    assert first.attrs["settings"].seed == 11 and first.attrs["settings"].runs == 300


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 24), st.integers(0, 16), st.integers(0, 40)),
                min_size=1, max_size=9),
       st.lists(st.sampled_from(["Xã", "Phường"]), min_size=9, max_size=9))
def test_with_no_variation_the_run_returns_the_official_ranks(points, kinds):
    units = {f"Đơn vị {i}": {"1.1": a / 4, "1.2": b / 4, "2.1": c / 4}
             for i, (a, b, c) in enumerate(points)}
    groups = {name: kinds[i] for i, name in enumerate(units)}
    result = scored(two_fields(**{"Xếp hạng theo nhóm": "Có"}), units, groups)
    frame = robustness(result, runs=3, seed=0, probability=0.0, survey_error=0.0)
    official = result.results["rank"].astype(int).tolist()
    assert frame["rank_p05"].astype(int).tolist() == official
    assert frame["rank_p95"].astype(int).tolist() == official
    assert (frame["class_probability"] == 1.0).all() and frame["settled"].all()
    assert np.allclose(frame["index_p05"], result.results["index_pct"])


def test_only_survey_points_move_when_appraisal_is_certain():
    result = scored(two_fields(), {"Xã A": {"1.1": 5.0, "1.2": 3.0, "2.1": 8.0}})
    frame = robustness(result, runs=2000, seed=3, probability=0.0, survey_error=0.1)
    # survey leaf of 10 points, error 1 point: index = (8 + 8 ± 1) / 20
    assert frame.loc[0, "index_p05"] == pytest.approx(80 - 1.645 * 5, abs=1.0)
    assert frame.loc[0, "index_p95"] == pytest.approx(80 + 1.645 * 5, abs=1.0)


def test_not_arisen_and_bonus_points_never_move():
    m = load_methodology("xa-phuong-minh-hoa")
    tree = m.tree
    leaves = tree[tree["is_leaf"] & (tree["component"] == "appraisal")]
    points = dict.fromkeys(leaves["code"], 0.5)
    points.update({"2.1.1": "KPS", "2.1.2": "KPS", "9.1": 2.0})
    result = scored(m, {"Xã A": points})
    frame = robustness(result, runs=50, seed=2, probability=0.0, survey_error=0.0)
    assert frame.loc[0, "index_p05"] == pytest.approx(result.results.loc[0, "index_pct"])


def test_field_level_points_move_by_the_sum_of_their_leaves():
    # A consolidated table gives field 1 (10 appraised leaves of the bundled index) as one
    # number: over many runs its moves have mean 0 and variance 10 · p · step².
    m = load_methodology("xa-phuong-minh-hoa")
    assert leaf_counts(m).loc["1", "appraisal_leaves"] == 10
    assert leaf_counts(m).loc["8", "survey_max"] == 15.0
    from cchc_index._internal.analysis.robustness import _Model, simulate_index

    fields = {code: 0.5 * float(top) for code, top in zip(m.fields["code"],
                                                           m.fields["max_points"], strict=True)}
    result = scored(m, {"Xã A": fields}, column="given_points")
    field_1 = (result.nodes["code"] == "1").to_numpy()
    model = _Model.build(result.nodes[field_1], result.results, m, probability=0.4, step=0.25,
                         step_share=None, survey_error=0.0)
    index = simulate_index(model, 20000, seed=4)
    moves = index[:, 0] * model.maximum[0] / 100 - 6.0
    assert moves.mean() == pytest.approx(0.0, abs=0.02)
    assert moves.var() == pytest.approx(10 * 0.4 * 0.25**2, rel=0.05)


def test_the_step_is_found_in_the_points():
    assert infer_step(pd.Series([16.75, 5.5, 9.0])) == 0.25
    assert infer_step(pd.Series([3.5, 2.0, 1.5])) == 0.5
    assert infer_step(pd.Series([4.0, 6.0, 8.0])) == 1.0  # never more than one point
    assert infer_step(pd.Series([0.1, 0.3])) == 0.1
    result = scored(one_leaf(), {"Xã A": {"1.1": 7.25}, "Xã B": {"1.1": 6.5}})
    assert robustness(result, runs=5).attrs["settings"].step == 0.25


def test_runs_must_be_positive():
    result = scored(one_leaf(), {"Xã A": {"1.1": 7.0}})
    with pytest.raises(ValueError, match="runs"):
        robustness(result, runs=0)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 4000), st.sampled_from([0.25, 0.5, 1.0, 0.1, 0.05, 0.01]),
       st.integers(1, 400), st.integers(0, 3),
       st.sampled_from([RoundingMode.HALF_UP, RoundingMode.TRUNCATE]))
def test_vectorised_display_matches_the_methodology_rounding(steps, step, maximum, decimals,
                                                             mode):
    points = min(steps * step, maximum * 0.5)
    maximum = maximum * 0.5
    index = points / maximum * 100 if maximum else 0.0
    codes = display_codes(np.array([index]), decimals, mode)
    assert codes[0] / 10**decimals == Rounding(decimals, mode).apply(index)


def test_vectorised_display_keeps_the_half_up_cases():
    values = np.array([89.995, 179.99 / 200 * 100, 89.994999, np.nan])
    assert display_codes(values, 2, RoundingMode.HALF_UP).tolist() == [9000, 9000, 8999, -1]
    assert display_codes(values, 2, RoundingMode.TRUNCATE).tolist() == [8999, 8999, 8999, -1]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=1, max_size=12))
def test_competition_ranks_match_the_ranking_module(values):
    ranks = competition_ranks(np.array([values]))[0]
    expected = rank_within(pd.Series(values, dtype=float), pd.Series([""] * len(values)))
    assert ranks.tolist() == expected.tolist()
