"""Where the points were lost, claims against appraisal, and claims without evidence,
worked by hand on three small forms."""

import pytest
from analysis_builders import scored, two_fields

from cchc_index._internal.analysis.lost_points import (
    appraisal_disagreement,
    has_evidence,
    lost_across_units,
    lost_by_unit,
    lost_points,
    missing_evidence,
    overclaim_by_unit,
    self_vs_appraisal,
)


def claim(self_points, appraisal, evidence=None, explanation=None):
    return {"self_points": self_points, "appraisal_1": appraisal, "evidence": evidence,
            "explanation": explanation}


@pytest.fixture(scope="module")
def three():
    # max 20: 1.1 (6) and 1.2 (4) appraised, 2.1 (10) survey.
    return scored(two_fields(), {
        "Xã A": {"1.1": claim(6, 4, "KH số 1"), "1.2": claim(4, 4, "BC số 2"),
                 "2.1": {"appraisal_1": 7.0}},
        "Xã B": {"1.1": claim(5, 5), "1.2": claim(4, 2, "BC số 3"),
                 "2.1": {"appraisal_1": 10.0}},
        "Xã C": {"1.1": claim(3, 4, "QĐ số 4"),
                 "1.2": claim(4, 4, explanation="Không ban hành văn bản mới"),
                 "2.1": {"appraisal_1": 9.0}},
    })


def test_lost_points_per_unit_largest_first_with_shares(three):
    assert three.results.set_index("unit")["index_pct"].to_dict() == {
        "Xã A": 75.0, "Xã B": 85.0, "Xã C": 85.0}
    frame = lost_points(three)
    a = frame[frame["unit"] == "Xã A"]
    assert a["code"].tolist() == ["2.1", "1.1", "1.2"]
    assert a["lost"].tolist() == [3.0, 2.0, 0.0]
    assert a["share_of_lost"].tolist() == pytest.approx([60.0, 40.0, 0.0])
    assert a["order"].tolist() == [1, 2, 3]
    assert a["name"].iloc[0] == "Hài lòng của người dân"
    top = lost_by_unit(three, top=1)
    assert list(zip(top["unit"], top["code"], top["lost"], strict=True)) == [
        ("Xã B", "1.2", 2.0), ("Xã C", "1.1", 2.0), ("Xã A", "2.1", 3.0)]


def test_lost_across_units_counts_units_then_points(three):
    frame = lost_across_units(three)
    assert frame["code"].tolist() == ["1.1", "2.1", "1.2"]
    first = frame.iloc[0]
    assert (first["units_losing"], first["units"], first["lost_total"]) == (3, 3, 5.0)
    assert first["lost_mean"] == pytest.approx(5 / 3)
    assert first["share_lost"] == pytest.approx(5 / 18 * 100)
    assert lost_across_units(three, top=1)["code"].tolist() == ["1.1"]


def test_self_assessment_against_appraisal(three):
    frame = self_vs_appraisal(three).set_index(["unit", "code"])
    assert len(frame) == 6  # appraised leaves only, not the survey
    assert frame.loc[("Xã A", "1.1"), "difference"] == -2.0
    assert frame.loc[("Xã A", "1.1"), "not_confirmed"] == 2.0
    assert frame.loc[("Xã C", "1.1"), "difference"] == 1.0
    assert frame.loc[("Xã C", "1.1"), "not_confirmed"] == 0.0
    units = overclaim_by_unit(three)
    assert units["unit"].tolist() == ["Xã B", "Xã A", "Xã C"]
    a = units.set_index("unit").loc["Xã A"]
    assert (a["self_total"], a["official_total"], a["not_confirmed"]) == (10.0, 8.0, 2.0)
    assert (a["nodes_cut"], a["nodes_raised"]) == (1, 0)
    assert a["not_confirmed_pct"] == pytest.approx(20.0)
    leaves = appraisal_disagreement(three)
    assert leaves["code"].tolist() == ["1.1", "1.2"]
    first = leaves.iloc[0]
    assert (first["units"], first["units_changed"], first["units_cut"],
            first["units_raised"], first["points_not_confirmed"]) == (3, 2, 1, 1, 2.0)
    assert first["changed_pct"] == pytest.approx(200 / 3)


def test_claims_without_evidence_or_explanation(three):
    assert has_evidence(three)
    frame = missing_evidence(three)
    assert list(zip(frame["unit"], frame["code"], frame["self_points"], strict=True)) == [
        ("Xã B", "1.1", 5.0)]
    assert frame.loc[0, "cell"] == "E10" and frame.loc[0, "file"] == "Xã B.xlsx"


def test_consolidated_tables_have_no_claims_and_no_evidence():
    run = scored(two_fields(), {"Xã A": {"1": 8.0, "2": 9.0}}, column="given_points")
    assert not has_evidence(run)
    assert missing_evidence(run).empty and self_vs_appraisal(run).empty
    assert overclaim_by_unit(run).empty and appraisal_disagreement(run).empty
    lost = lost_points(run)
    assert lost["code"].tolist() == ["1", "2"] and lost["lost"].tolist() == [2.0, 1.0]


def test_a_penalty_counts_as_lost_and_a_bonus_does_not():
    from engine_helpers import small

    run = scored(small(), {"Xã A": {"1.1": 2, "1.2.1": 1, "1.2.2": 3, "2.1": 6, "2.2": 4,
                                    "3.1": 4, "4.1": 1, "4.2": 2}})
    lost = lost_points(run).set_index("code")["lost"]
    assert lost["4.2"] == 2.0 and lost["4.1"] == 0.0 and lost.drop(["4.2"]).sum() == 0.0


def test_the_public_analysis_module_gives_the_functions_by_name():
    import cchc_index.analysis as analysis
    from cchc_index._internal.analysis import yoy

    assert analysis.compare_years is yoy.compare_years
    assert callable(analysis.robustness) and callable(analysis.lost_points)  # the functions
    with pytest.raises(AttributeError):
        analysis.no_such_analysis  # noqa: B018
    with pytest.raises(AttributeError):
        analysis.yoy  # noqa: B018  (a private module: not offered here)
