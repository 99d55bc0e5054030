"""Each rule once (issue 17): the counting round, KPS per component, the band lookup, what
counts in the maximum and the penalty sign are each one function, and every place that
used to decide them on its own agrees with it through its public path."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from engine_helpers import SMALL, form, full_marks, methodology, small

import cchc_index
from cchc_index import analysis, score_batch
from cchc_index._internal.analysis.robustness import summarise
from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.recognise import round_of
from cchc_index._internal.io.template import build_form, fill_form
from cchc_index._internal.methodology import model, rounds
from cchc_index._internal.methodology.model import Component, Methodology, kps_allowed
from cchc_index._internal.ranking import classify
from cchc_index._internal.report import tables
from cchc_index._internal.scoring import deducts, resolve_points, signed_points
from cchc_index._internal.validate import validate_batch

PACKAGE = Path(cchc_index.__file__).parent / "_internal"

# Each rule and the one function that holds it (the Done-when list). A new copy
# of a rule should call its function; the patterns below catch the old ways of writing one.
ONE_FUNCTION = {
    "the counting round": rounds.official_points,
    "the counting column of one entry": rounds.counting_column,
    "KPS per component": model.kps_allowed,
    "the band lookup": Methodology.band_positions,
    "what counts in the maximum": model.counts_in_maximum,
    "the points scoring takes, signed": signed_points,
    "the penalty sign": deducts,
}
OLD_COPIES = {
    # a chain of rounds written out by hand
    r'fillna\(\w+\["appraisal_1"\]\)': "methodology/rounds.py",
    # the components of the maximum listed by hand
    r"Component\.APPRAISAL, Component\.SURVEY|Component\.BONUS, Component\.PENALTY\]": "",
    # bands sorted and searched by hand
    r"searchsorted\(bounds": "methodology/model.py",
}


def test_each_rule_has_one_function_with_a_docstring_and_an_example():
    for rule, function in ONE_FUNCTION.items():
        assert function.__doc__ and ">>>" in function.__doc__, rule


@pytest.mark.parametrize("pattern", OLD_COPIES)
def test_no_copy_of_a_rule_outside_its_home(pattern):
    home = OLD_COPIES[pattern]
    found = [str(path.relative_to(PACKAGE)) for path in sorted(PACKAGE.rglob("*.py"))
             if re.search(pattern, path.read_text(encoding="utf-8"))
             and str(path.relative_to(PACKAGE)) != home]
    assert found == []


# --- the counting round --------------------------------------------------------------

STATEMENTS = [  # (self, round 1, round 2, given) and the column that counts
    ({"self_points": 1.0}, "self_points"),
    ({"self_points": 1.0, "given_points": 1.5}, "given_points"),
    ({"self_points": 1.0, "appraisal_1": 0.5, "given_points": 1.5}, "appraisal_1"),
    ({"self_points": 1.0, "appraisal_1": 0.5, "appraisal_2": 2.0}, "appraisal_2"),
    ({"appraisal_1": 2.0, "appraisal_2": 0.0}, "appraisal_2"),  # never the highest round
]
SOURCES = {"self_points": "self", "given_points": "given", "appraisal_1": "appraisal_1",
           "appraisal_2": "appraisal_2"}


@pytest.mark.parametrize(("typed", "counted"), STATEMENTS)
def test_scoring_validation_and_the_readers_count_the_same_round(typed, counted):
    m = small()
    assert rounds.counting_column(typed) == counted
    # scoring: the leaf's points and source
    batch = form("Xã A", full_marks(m) | {"1.1": typed})
    nodes, _ = resolve_points(batch.entries, m)
    leaf = nodes.set_index("code").loc["1.1"]
    assert (leaf["source"], leaf["points"]) == (SOURCES[counted], typed[counted])
    # validation: a stated total of field 1 is read in the same round (I016 shows it)
    stated = dict(typed)
    batch = form("Xã A", full_marks(m) | {"1.1": typed, "1": stated})
    warning = [p for p in validate_batch(batch, m).problems if p.code == "I016"]
    assert [p.found for p in warning] == [typed[counted]]
    assert rounds.official_points(batch.entries).iloc[-1] == typed[counted]
    # the readers: a header's round ranks as the column it fills
    headers = {"appraisal_2": "diem tham dinh lan 2", "appraisal_1": "diem tham dinh",
               "given_points": "diem", "self_points": "diem tu danh gia"}
    assert round_of(headers[counted]) == rounds.round_rank(counted)
    assert all(round_of(headers[c]) < round_of(headers[counted])
               for c in typed if c != counted)


# --- KPS per component ---------------------------------------------------------------

# One field per component, a leaf of each KPS rule in each.
RULES = ["", "Tính điểm tối đa", "Loại trừ"]
KPS_TREE = [row for number, component in enumerate(
    ["", "Điều tra XHH", "Điểm thưởng", "Điểm trừ"], start=1)
    for row in [[str(number), f"Lĩnh vực {number}", None, component, ""],
                *([f"{number}.{i}", f"Tiêu chí {number}.{i}", 2, "", rule]
                  for i, rule in enumerate(RULES, start=1))]]


def _kps_methodology() -> Methodology:
    return methodology(KPS_TREE)


def test_validation_the_form_the_reader_and_scoring_agree_on_kps_per_component(tmp_path):
    m = _kps_methodology()
    tree = m.tree[m.tree["is_leaf"]]
    allowed = dict(zip(tree["code"], kps_allowed(tree["component"], tree["not_arisen"]),
                       strict=True))
    # the rule as decided: bonus and penalty rows always (nothing happened), others by rule
    assert allowed == {"1.1": False, "1.2": True, "1.3": True, "2.1": False, "2.2": True,
                       "2.3": True, "3.1": True, "3.2": True, "3.3": True, "4.1": True,
                       "4.2": True, "4.3": True}
    # the blank form offers KPS exactly there
    workbook, template = build_form(m, "Xã A", 2024)
    sheet = workbook[template.sheet]
    offered = {}
    for code in allowed:
        row = template.rows[code]
        rules = [v.formula1 for v in sheet.data_validations.dataValidation
                 if re.search(rf"[A-Z]{row}(:|$)", str(v.sqref))
                 and "ISBLANK" not in v.formula1]
        offered[code] = any('="KPS"' in r for r in rules)
    assert offered == allowed
    # a form with KPS on every leaf, read back: validation refuses exactly the others
    fill_form(sheet, template, {code: {"appraisal_1": "KPS"} for code in allowed})
    path = tmp_path / "xa_a.xlsx"
    workbook.save(path)
    batch = read_file(path, m)
    read = batch.entries.set_index("code")["not_arisen"]
    assert all(read[code] for code in allowed)
    refused = {p.criterion for p in validate_batch(batch, m).problems if p.code == "I024"}
    assert refused == {code for code, ok in allowed.items() if not ok}
    # scoring takes each allowed KPS by its rule: full points, left out, or 0 (bonus, penalty)
    points = {code: "KPS" if ok else 2.0 for code, ok in allowed.items()}
    result = score_batch(form("Xã A", points), m)
    assert [p.code for p in result.problems if p.severity == "error"] == []
    row = result.results.iloc[0]
    assert (row["field_1"], row["field_2"], row["field_3"], row["field_4"]) == (
        4.0, 4.0, 0.0, 0.0)
    assert row["max_points"] == 8.0  # 1.3 and 2.3 left out


# --- the band lookup -----------------------------------------------------------------

def test_ranking_the_methodology_and_robustness_find_the_same_band():
    m = small()
    values = [100.0, 90.0, 89.99, 80.0, 79.99, 70.0, 50.0, 49.99, 0.0, np.nan]
    labels = [b.label if (b := m.band_for(v)) else "" for v in values]
    assert classify(pd.Series(values), m).tolist() == labels
    positions = m.band_positions(values)
    assert [m.bands_ascending[p].label if p >= 0 else "" for p in positions] == labels
    # robustness: the class shares of runs that all show one index
    known = [v for v in values if v == v]
    results = pd.DataFrame({"unit_id": [str(i) for i in range(len(known))], "unit": "",
                            "group": "", "index_pct": known, "rank": 1,
                            "classification": labels[:len(known)]})
    codes = np.round(np.array([known, known]) * 100).astype(np.int64)
    frame = summarise(results, m, np.array([known, known]), codes)
    assert frame["class_probability"].fillna(1.0).tolist() == [1.0] * len(known)


# --- what counts in the maximum --------------------------------------------------------

def test_the_tree_scoring_the_report_and_the_form_count_the_same_maximum(tmp_path):
    m = small()
    tree = m.tree.set_index("code")
    leaves = tree[tree["is_leaf"]]
    counted = model.counts_in_maximum(leaves["component"])
    assert m.total_max == float(leaves.loc[counted, "stated_max"].sum()) == 20.0
    assert [Component(c).counts_in_maximum for c in leaves["component"]] == counted.tolist()
    # scoring: applicable maximum of each leaf; the report: bonus and penalty have caps
    result = score_batch(form("Xã A", full_marks(m) | {"4.1": 1.0, "4.2": 2.0}), m)
    nodes = result.nodes.set_index("code")
    assert (nodes["max_points"] > 0).to_dict() == dict(zip(leaves.index, counted, strict=True))
    detail = tables.detail_table(result).set_index("code")
    assert detail["lost"].isna().to_dict() == {"1.1": False, "1.2.1": False, "1.2.2": False,
                                                "2.1": False, "2.2": False, "3.1": False,
                                                "4.1": True, "4.2": False}
    assert detail.loc["4.2", "lost"] == 2.0  # a deduction is lost points
    # the form: its total sums the counted fields and the bonus, minus the penalty
    workbook, template = build_form(m, "Xã A", 2024)
    total = workbook[template.sheet].cell(template.total_row, 5).value
    assert total.count("SUM(") == 2 and "-SUM(" in total


# --- the penalty sign ------------------------------------------------------------------

def _penalty_field() -> Methodology:
    return methodology([*(r for r in SMALL if not r[0].startswith("4")),
                        ["4", "Điểm trừ", None, "Điểm trừ", ""],
                        ["4.1", "Vi phạm kỷ luật", 1, "Điểm trừ", ""],
                        ["4.2", "Chậm báo cáo", 2, "Điểm trừ", ""]])


@pytest.mark.parametrize("stated", [3.0, -3.0])
def test_a_penalty_field_given_as_its_total_deducts_it_in_either_sign(stated):
    """A consolidated table's "Điểm trừ" column: "3" (deducted, as the form asks a
    deduction to be typed) and "-3" both take 3 points away. Before, "3" was refused as
    above the field's maximum of 0 (I012)."""
    m = _penalty_field()
    batch = form("Xã A", {"1": 6.0, "2": 10.0, "3": 4.0, "4": stated}, column="given_points")
    result = score_batch(batch, m)
    assert result.problems == []
    assert (result.results["points"].iloc[0], result.results["field_4"].iloc[0]) == (
        17.0, -3.0)
    assert signed_points(batch.entries, m)[-1] == -3.0
    beyond = form("Xã A", {"1": 6.0, "2": 10.0, "3": 4.0, "4": 4.0}, column="given_points")
    assert [(p.code, p.expected) for p in validate_batch(beyond, m).problems] == [
        ("I012", 3.0)]


@pytest.mark.parametrize("stated", [1.0, -1.0])
def test_a_mixed_bonus_and_penalty_field_keeps_its_typed_sign(stated):
    """Field 4 of SMALL holds a bonus (cap 1) and a penalty (cap 2): its total is the net,
    so its sign is as typed; "3" cannot be a net (above the bonus cap) and is refused."""
    m = small()
    result = score_batch(form("Xã A", {"1": 6.0, "2": 10.0, "3": 4.0, "4": stated},
                              column="given_points"), m)
    assert result.results["field_4"].iloc[0] == stated
    refused = form("Xã A", {"1": 6.0, "2": 10.0, "3": 4.0, "4": 3.0}, column="given_points")
    assert [p.code for p in validate_batch(refused, m).problems] == ["I012"]


def test_signed_points_are_what_scoring_adds_within_the_caps():
    m = small()
    batch = form("Xã A", full_marks(m) | {"1.2.2": "KPS", "2.2": "KPS", "4.1": 1.0,
                                          "4.2": 2.0, "1": 6.0})
    signed = signed_points(batch.entries, m)
    nodes, _ = resolve_points(batch.entries, m)
    scored = ~np.isnan(signed)
    assert batch.entries.loc[~scored, "code"].tolist() == ["1"]  # a stated total
    assert signed[scored].tolist() == nodes["contribution"].tolist()
    assert dict(zip(nodes["code"], signed[scored], strict=True))["4.2"] == -2.0


# --- one name per meaning ------------------------------------------------------------------

def test_annex_frame_and_field_shares_have_one_meaning_each():
    from cchc_index._internal.report.display import annex_frame

    assert cchc_index.annex_frame is annex_frame
    assert not hasattr(analysis, "annex_frame") and "annex_frame" not in analysis.__all__
    assert "field_shares" not in analysis.__all__
    assert callable(analysis.annex_text_table) and callable(analysis.mean_field_shares)
    assert tables.field_shares.__module__ == "cchc_index._internal.report.tables"
