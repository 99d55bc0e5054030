"""Rules applied to a batch: rule points beside self-score and appraisal, warnings that name
the cells, the council's worklist, and the draft appraisal marked in every output."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cchc_index._internal.council import score_with_draft
from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.methodology.load import Table, parse_tables
from cchc_index._internal.pipeline import score_batch
from cchc_index.rules import (
    SOURCE_DRAFT,
    council_table,
    propose_appraisal,
    rule_points,
    rule_problems,
)

HEADER = ["Mã", "Nội dung", "Điểm tối đa", "Thành phần", "Không phát sinh", "Quy tắc chấm",
          "Tham số"]
CRITERIA = [
    ["1", "Chỉ đạo điều hành", 4, "", "", "", ""],
    ["1.1", "Kế hoạch CCHC", 1, "", "", "Thời hạn", "Đúng hạn: 1; Trễ hạn: 0,5; Không có: 0"],
    ["1.2", "Báo cáo đúng hạn", 1, "", "", "Trừ điểm", "Mỗi báo cáo trễ hạn: 0,25"],
    ["1.3", "Tin, bài tuyên truyền", 2, "", "", "Tỷ lệ", "Chỉ tiêu: 24 tin, bài"],
    ["2", "Thủ tục hành chính", 6, "", "", "", ""],
    ["2.1", "Giải quyết đúng hạn", 5, "", "", "Bậc thang", "≥100%: 5; ≥95%: 2,5; còn lại: 0"],
    ["2.2", "Xin lỗi khi trễ hạn", 1, "", "Tính điểm tối đa", "Đạt/Không đạt", ""],
    ["3", "Thưởng, trừ", None, "", "", "", ""],
    ["3.1", "Vi phạm", 2, "Điểm trừ", "", "Trừ điểm", "Mỗi lần vi phạm: 0,5"],
]
LEAVES = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1"]
RULE_TEXT = "Bậc thang: ≥100%: 5; ≥95%: 2,5; còn lại: 0"


def methodology():
    rows = [(i, r) for i, r in enumerate([HEADER, *CRITERIA], start=1)]
    bands = [(1, ["Xếp loại", "Từ (%)"]), (2, ["Tốt", 80]), (3, ["Khá", 0])]
    return parse_tables({"Tiêu chí": Table("Tiêu chí", rows),
                         "Xếp loại": Table("Xếp loại", bands)}, "test.xlsx")


def row_of(code: str) -> int:
    return 10 + LEAVES.index(code)


def unit(name: str, values: dict[str, tuple], *, figure_column: bool = True) -> Batch:
    """One unit's form: code -> (self-score, raw figure[, appraisal[, raw rate]]).

    Raw figures sit in column D, self-scores in E, appraisals in F, rates in G.
    """
    file = f"{name}.xlsx"
    unit_id = f"{file}|Tự đánh giá"
    rows = []
    for code in LEAVES:
        own, figure, *rest = values.get(code, (0.0, ""))
        appraisal = rest[0] if rest else None
        rate = rest[1] if len(rest) > 1 else ""
        r = row_of(code)
        rows.append({
            "unit_id": unit_id, "code": code, "file": file, "sheet": "Tự đánh giá",
            "self_points": None if own == "KPS" else own, "not_arisen": own == "KPS",
            "appraisal_1": appraisal, "cell_self_points": f"E{r}", "cell_appraisal_1": f"F{r}",
            "raw_figure": figure, "cell_raw_figure": f"D{r}" if figure_column else "",
            "raw_rate": rate, "cell_raw_rate": f"G{r}" if figure_column else "",
        })
    units = make_units([{"unit_id": unit_id, "unit": name, "file": file,
                         "sheet": "Tự đánh giá"}])
    return Batch(units, make_entries(rows))


# Xã A claims full points everywhere; its figures say otherwise in places.
XA_A = {"1.1": (1.0, "Đúng hạn"), "1.2": (1.0, "1 báo cáo"), "1.3": (2.0, "18 tin, bài"),
        "2.1": (5.0, "92%"), "2.2": ("KPS", ""), "3.1": (0.0, "không")}


def test_rule_points_sit_beside_the_scores():
    batch = unit("Xã A", XA_A)
    frame = rule_points(batch.entries, methodology(), batch.units).set_index("code")
    assert frame["rule_points"].to_dict() == pytest.approx(
        {"1.1": 1.0, "1.2": 0.75, "1.3": 1.5, "2.1": 0.0, "2.2": math.nan, "3.1": 0.0},
        nan_ok=True)
    assert frame["status"].to_dict() == {"1.1": "applied", "1.2": "applied", "1.3": "applied",
                                         "2.1": "applied", "2.2": "not_arisen",
                                         "3.1": "applied"}
    assert frame["self_agrees"].tolist() == [True, False, False, False, pd.NA, True]
    assert frame["appraisal_agrees"].isna().all()
    assert frame.loc["2.1", ["unit", "name", "cell_figure", "cell_self_points"]].tolist() == [
        "Xã A", "Giải quyết đúng hạn", "D13", "E13"]


def test_agreement_within_the_last_shown_decimal():
    batch = unit("Xã A", {"1.3": (1.42, "17 tin, bài")})  # 17 ÷ 24 × 2 = 1,41666…
    frame = rule_points(batch.entries, methodology(), batch.units).set_index("code")
    assert bool(frame.loc["1.3", "self_agrees"])  # shown as 1,42 at two decimals
    batch = unit("Xã A", {"1.3": (1.41, "17 tin, bài")})
    frame = rule_points(batch.entries, methodology(), batch.units).set_index("code")
    assert not bool(frame.loc["1.3", "self_agrees"])


def test_the_warning_names_the_cell_and_shows_figure_rule_and_both_scores():
    batch = unit("Xã A", XA_A)
    problems = {p.criterion: p for p in rule_problems(batch.entries, batch.units,
                                                      methodology())}
    assert sorted(problems) == ["1.2", "1.3", "2.1"]
    assert problems["2.1"].message() == (
        "Tệp Xã A.xlsx, trang tính Tự đánh giá, ô E13 (đơn vị Xã A, tiêu chí 2.1): tự chấm 5 "
        "điểm nhưng tỷ lệ 92% (ô D13) chỉ đạt 0 điểm theo quy định "
        f"({RULE_TEXT}).")
    assert (problems["2.1"].code, problems["2.1"].severity, problems["2.1"].cell) == (
        "R150", "warning", "E13")
    assert (problems["2.1"].found, problems["2.1"].expected) == (5.0, 0.0)  # raw
    assert (problems["1.3"].as_row()["expected"], problems["1.3"].as_row("en")["expected"]) \
        == ("1,5", "1.5")  # written per language in the report and the CSV
    assert "số liệu 18 tin, bài (ô D12) chỉ đạt 1,5 điểm" in problems["1.3"].message()
    assert problems["1.2"].message("en").endswith(
        "self-score 1 but the figure 1 báo cáo (cell D11) earns only 0.75 under the rule "
        "(deduction: Mỗi báo cáo trễ hạn: 0,25).")


def test_below_the_rule_a_differing_appraisal_and_figures_that_cannot_be_used():
    batch = unit("Xã B", {
        "1.1": (0.5, "Đúng hạn"),             # claims less than the rule gives
        "1.2": (0.75, "1 báo cáo", 1.0),      # the council gave 1, the rule 0,75
        "1.3": (1.0, "mười tám tin"),         # no number the rule can read
        "2.1": (2.5, ""),                     # a blank figure cell beside a self-score
        "3.1": (0.0, "", 1.0),                # claims nothing: nothing to check
    })
    problems = {p.criterion: p for p in rule_problems(batch.entries, batch.units,
                                                      methodology())}
    assert {c: p.code for c, p in problems.items()} == {
        "1.1": "R151", "1.2": "R152", "1.3": "R160", "2.1": "R161"}
    assert problems["1.1"].message().endswith(
        "tự chấm 0,5 điểm, thấp hơn 1 điểm mà số liệu «Đúng hạn» (ô D10) đạt theo quy định "
        "(Thời hạn: Đúng hạn: 1; Trễ hạn: 0,5; Không có: 0).")
    assert problems["1.2"].cell == "F11"
    assert "điểm thẩm định 1 khác 0,75 điểm" in problems["1.2"].message()
    assert problems["1.3"].cell == "D12"
    assert problems["1.3"].message().endswith(
        "ô D12 (đơn vị Xã B, tiêu chí 1.3): số liệu «mười tám tin» không dùng được cho quy định "
        "(Tỷ lệ: Chỉ tiêu: 24 tin, bài): cần một số (tin, bài), vd. 12.")
    assert problems["2.1"].cell == "D13" and "chưa ghi số liệu" in problems["2.1"].message()


def test_a_unit_that_gave_no_figure_at_all_gets_one_warning():
    batch = unit("Xã D", {"1.1": (1.0, ""), "2.1": (5.0, ""), "1.3": (0.0, "")})
    (note,) = rule_problems(batch.entries, batch.units, methodology())
    assert (note.code, note.unit, note.found, note.expected) == ("R162", "Xã D", 2, "1.1, 2.1")
    assert note.message() == (
        "Tệp Xã D.xlsx, trang tính Tự đánh giá (đơn vị Xã D): biểu mẫu không ghi số liệu cho 2 "
        "tiêu chí chấm theo quy định (1.1, 2.1); chưa đối chiếu được điểm tự chấm.")


def test_no_figure_column_no_warning_and_the_rate_column_as_a_fallback():
    quiet = unit("Xã C", {"2.1": (5.0, "")}, figure_column=False)
    assert rule_problems(quiet.entries, quiet.units, methodology()) == []
    batch = unit("Xã C", {"2.1": (5.0, "57 hồ sơ", None, "95%")})
    frame = rule_points(batch.entries, methodology(), batch.units).set_index("code")
    assert frame.loc["2.1", ["rule_points", "figure", "cell_figure"]].tolist() == [
        2.5, "95%", "G13"]


def test_scoring_warns_but_never_changes_a_score():
    batch = unit("Xã A", XA_A)
    result = score_batch(batch, methodology())
    assert {p.criterion for p in result.problems if p.code == "R150"} == {"1.2", "1.3", "2.1"}
    # self-assessed: 1 + 1 + 2 + 5 + 1 (KPS, full) − 0 = 10 of 10, whatever the rules say
    assert result.results.loc[0, "points"] == pytest.approx(10.0)


def test_the_draft_fills_only_empty_appraisals_and_leaves_the_input_alone():
    batch = unit("Xã B", {"1.1": (1.0, "Trễ hạn", 0.75), "2.1": (5.0, "96%"),
                          "1.3": (2.0, "")})
    before = batch.entries.copy()
    drafted = propose_appraisal(batch, methodology()).entries.set_index("code")
    pd.testing.assert_frame_equal(batch.entries, before)
    assert drafted.loc["1.1", "appraisal_1"] == 0.75  # the council's own score stays
    assert drafted.loc["2.1", "appraisal_1"] == 2.5
    assert math.isnan(drafted.loc["1.3", "appraisal_1"])  # no figure, no draft
    assert drafted["draft_appraisal"].to_dict() == {
        "1.1": False, "1.2": False, "1.3": False, "2.1": True, "2.2": False, "3.1": False}


def test_draft_scores_are_marked_as_proposed_everywhere():
    untouched = unit("Xã A", XA_A)
    seen = unit("Xã B", {"1.1": (1.0, "Trễ hạn", 0.5), "1.2": (1.0, "0", 1.0),
                         "1.3": (2.0, "24 tin", 2.0), "2.1": (5.0, "95%"),
                         "2.2": (1.0, "Đạt", 1.0), "3.1": (0.0, "1 lần", 0.5)})
    batch = Batch.combine([untouched, seen])
    result = score_with_draft(batch, methodology())
    results = result.results.set_index("unit")
    # Xã A: draft 1 + 0,75 + 1,5 + 0 + (KPS: full) 1 − 0 = 4,25
    # Xã B: council 0,5 + 1 + 2 + 1 − 0,5, draft 2,5 for 2.1 = 6,5
    assert results.loc["Xã A", "points"] == pytest.approx(4.25)
    assert results.loc["Xã B", "points"] == pytest.approx(6.5)
    assert results["draft"].to_dict() == {"Xã A": True, "Xã B": True}
    assert results["appraised"].to_dict() == {"Xã A": False, "Xã B": True}
    nodes = result.nodes.set_index(["unit_id", "code"])["source"]
    assert nodes[("Xã B.xlsx|Tự đánh giá", "2.1")] == SOURCE_DRAFT
    assert nodes[("Xã B.xlsx|Tự đánh giá", "1.1")] == "appraisal_1"
    assert (nodes.loc["Xã A.xlsx|Tự đánh giá"] == SOURCE_DRAFT).sum() == 5  # all but KPS
    codes = {(p.unit, p.code) for p in result.problems}
    assert ("Xã A", "I019") in codes and ("Xã A", "I018") not in codes
    notes = {p.unit: p for p in result.problems if p.code == "R170"}
    assert notes["Xã B"].message() == (
        "Tệp Xã B.xlsx, trang tính Tự đánh giá (đơn vị Xã B): 1 tiêu chí có điểm thẩm định dự "
        "thảo theo quy định (2.1), chưa được Hội đồng thẩm định xác nhận.")
    assert notes["Xã A"].expected == "1.1, 1.2, 1.3, 2.1, 3.1"


def test_the_council_worklist_in_one_list():
    batch = Batch.combine([unit("Xã A", XA_A), unit("Xã B", {"2.1": (2.5, "zero"),
                                                             "3.1": (0.5, ""),
                                                             "1.1": (1.0, "Đúng hạn")})])
    frame = rule_points(batch.entries, methodology(), batch.units)
    table = council_table(frame)
    assert table.columns.tolist() == [
        "STT", "Đơn vị", "Tiêu chí", "Nội dung", "Số liệu", "Ô số liệu", "Quy định", "Tự chấm",
        "Ô tự chấm", "Theo quy định", "Chênh lệch", "Vấn đề", "Tệp"]
    assert table[["STT", "Đơn vị", "Tiêu chí", "Vấn đề"]].values.tolist() == [
        [1, "Xã A", "1.2", "Tự chấm cao hơn quy định"],
        [2, "Xã A", "1.3", "Tự chấm cao hơn quy định"],
        [3, "Xã A", "2.1", "Tự chấm cao hơn quy định"],
        [4, "Xã B", "2.1", "Số liệu không dùng được"],
    ]  # Xã B's blank figure for 3.1 is a warning (R161), not a decision for the council
    assert table.loc[2, ["Tự chấm", "Theo quy định", "Chênh lệch"]].tolist() == [5.0, 0.0, 5.0]
    english = council_table(frame, "en")
    assert english.loc[0, "Issue"] == "self-score above the rule"
