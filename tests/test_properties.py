"""Scoring invariants under hypothesis (bounded: a few seconds in all)."""

import pandas as pd
from engine_helpers import form, small
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_index import Batch, score_batch
from cchc_index._internal.ranking import rank_within

M = small()
TREE = M.tree
LEAVES = TREE[TREE["is_leaf"]]
SETTINGS = settings(max_examples=60, deadline=None)


@st.composite
def unit_points(draw):
    points: dict[str, object] = {}
    for row in LEAVES.itertuples():
        if row.component in ("bonus", "penalty"):
            points[row.code] = draw(st.sampled_from([0.0, row.stated_max / 2, row.stated_max]))
            continue
        if row.not_arisen != "not_allowed" and draw(st.booleans()):
            points[row.code] = "KPS"
            continue
        steps = int(row.max_points * 4)
        points[row.code] = draw(st.integers(0, steps)) / 4
    return points


def index_of(points):
    result = score_batch(form("Xã A", points), M)
    assert not result.errors, [p.message() for p in result.errors]
    return float(result.results["index_pct"].iloc[0])


@SETTINGS
@given(unit_points())
def test_index_is_between_0_and_100(points):
    assert 0.0 <= index_of(points) <= 100.0


@SETTINGS
@given(unit_points(), st.data())
def test_raising_one_leaf_never_lowers_the_index(points, data):
    numeric = [c for c, v in points.items() if isinstance(v, float)
               and LEAVES.set_index("code").loc[c, "component"] in ("appraisal", "survey")]
    if not numeric:
        return
    code = data.draw(st.sampled_from(numeric))
    maximum = float(LEAVES.set_index("code").loc[code, "max_points"])
    raised = dict(points)
    raised[code] = data.draw(st.floats(points[code], maximum, allow_nan=False))
    assert index_of(raised) >= index_of(points) - 1e-9


@settings(max_examples=25, deadline=None)
@given(st.lists(unit_points(), min_size=2, max_size=6), st.randoms(use_true_random=False))
def test_shuffling_units_never_changes_ranks(all_points, random):
    batches = [form(f"Đơn vị {i}", p, group="Xã" if i % 2 else "Phường")
               for i, p in enumerate(all_points)]
    first = score_batch(Batch.combine(batches), M).results.set_index("unit")["rank"]
    random.shuffle(batches)
    second = score_batch(Batch.combine(batches), M).results.set_index("unit")["rank"]
    pd.testing.assert_series_equal(first.sort_index(), second.sort_index())


@SETTINGS
@given(st.lists(st.sampled_from([50.0, 70.0, 80.5, 89.99, 90.0, 100.0]), min_size=1,
                max_size=12))
def test_tied_indices_share_the_better_rank(values):
    series = pd.Series(values)
    ranks = rank_within(series, pd.Series([""] * len(values)))
    for value, rank in zip(values, ranks, strict=True):
        assert rank == 1 + sum(v > value for v in values)
