"""Hand-worked rule points at and around every threshold, from figures typed every way."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cchc_index.rules import Status, parse_figure, parse_rule


def rule(kind: str, params: str, maximum: float, component: str = "appraisal"):
    made, problems = parse_rule(kind, params, maximum, component, {"criterion": "t"})
    errors = [p for p in problems if p.severity == "error"]  # R115 is only a warning
    assert errors == [], [p.message() for p in errors]
    return made


def points(made, text):
    return made.points(parse_figure(text))


# ---- figures ----

@pytest.mark.parametrize(("text", "percent"), [
    ("92%", 92), ("92 %", 92), ("94,99%", Fraction(9499, 100)), ("0,92", 92), (0.92, 92),
    ("92", 92), ("12/15", 80), ("12 / 15 hồ sơ", 80), ("12/15 hồ sơ (80%)", 80),
    ("Tỷ lệ: 95%", 95), ("1", 100), (1.0, 100), ("100,0 %", 100), ("19/20", 95),
])
def test_figure_as_percent(text, percent):
    assert parse_figure(text).percent() == percent


@pytest.mark.parametrize(("text", "status"), [
    ("Đúng hạn", Status.ON_TIME), ("đúng thời hạn", Status.ON_TIME),
    ("Trễ hạn", Status.LATE), ("chậm 5 ngày", Status.LATE), ("Không đúng hạn", Status.LATE),
    ("tre han", Status.LATE), ("Không có", Status.NONE), ("Chưa ban hành", Status.NONE),
    ("không", Status.NONE), ("Đạt", Status.PASS), ("Không đạt", Status.FAIL), ("x", Status.PASS),
    ("Đúng hạn (KH số 05/KH-UBND ngày 10/01/2024)", Status.ON_TIME),
])
def test_figure_status_words(text, status):
    assert parse_figure(text).status is status


def test_figure_readings_and_blanks():
    counted = parse_figure("24 tin, bài")
    assert (counted.number, counted.unit, counted.percent()) == (24, "tin, bài", None)
    assert parse_figure("1.234,5").number == Fraction(2469, 2)
    assert parse_figure(None) is None and parse_figure("  ") is None
    assert parse_figure(float("nan")) is None
    for nothing in ("-5", "abc", "12/0", "Kế hoạch số 05/KH-UBND ngày 10/01/2024"):
        figure = parse_figure(nothing)
        assert (figure.number, figure.ratio, figure.status) == (None, None, None)
    assert parse_figure("12/15").shown() == "12/15 (80%)"
    assert parse_figure("0.92").shown() == "0,92 (92%)"


# ---- Bậc thang ----

ON_TIME = "≥100%: 1; ≥95%: 0,5; còn lại: 0"


@pytest.mark.parametrize(("figure", "expected"), [
    ("100%", 1.0), ("1", 1.0), (1.0, 1.0), ("20/20", 1.0), ("100,0 %", 1.0), ("120%", 1.0),
    ("99,99%", 0.5), ("95%", 0.5), ("95 %", 0.5), ("0,95", 0.5), (0.95, 0.5), ("95", 0.5),
    ("19/20", 0.5), ("57 / 60 hồ sơ", 0.5),
    ("94,99%", 0.0), ("0,9499", 0.0), ("1899/2000", 0.0), ("12/15", 0.0), ("0%", 0.0),
])
def test_thresholds_at_and_around_every_bound(figure, expected):
    assert points(rule("Bậc thang", ON_TIME, 1), figure) == expected


@pytest.mark.parametrize("params", [
    "≥100%: 5; từ 95% đến dưới 100%: 2,5; còn lại: 0",
    "100%: 5; 95–<100%: 2,5; dưới 95%: 0",
    ">=100%: tối đa; >=95%: 2,5 điểm; trường hợp khác: 0",
])
def test_the_same_rule_written_three_ways(params):
    made = rule("Bậc thang", params, 5)
    assert [points(made, f) for f in ("100%", "99,99%", "95%", "94,99%")] == [5, 2.5, 2.5, 0]


@pytest.mark.parametrize(("params", "expected"), [
    # "đến dưới 99%" leaves 99% out, so the step above starts at "≥99%" and takes it
    ("≥99%: 1; từ 95% đến dưới 99%: 0,5; còn lại: 0", [1.0, 1.0, 0.5, 0.5, 0.0]),
    ("≥99%: 1; 95–<99%: 0,5; còn lại: 0", [1.0, 1.0, 0.5, 0.5, 0.0]),
    # "đến 99%" takes 99% in, so the step above starts above it, at ">99%" ("trên 99%")
    (">99%: 1; từ 95% đến 99%: 0,5; còn lại: 0", [1.0, 0.5, 0.5, 0.5, 0.0]),
    ("trên 99%: 1; từ 95% đến 99%: 0,5; còn lại: 0", [1.0, 0.5, 0.5, 0.5, 0.0]),
])
def test_den_includes_its_bound_and_den_duoi_excludes_it(params, expected):
    made = rule("Bậc thang", params, 1)
    assert [points(made, f) for f in ("99,5%", "99%", "98,99%", "95%", "94,99%")] == expected


@pytest.mark.parametrize("params", [
    "≥99%: 1; từ 95% đến 99%: 0,5; còn lại: 0",         # 99% in both steps
    "trên 99%: 1; từ 95% đến dưới 99%: 0,5; còn lại: 0",  # 99% in neither
])
def test_a_range_must_meet_the_step_above_as_den_or_den_duoi_says(params):
    made, problems = parse_rule("Bậc thang", params, 1, "appraisal", {})
    assert made is None and [p.code for p in problems] == ["R111"]


def test_strict_and_lower_is_better_thresholds():
    strict = rule("Bậc thang", ">95%: 1; ≥95%: 0,5; còn lại: 0", 1)
    assert [points(strict, f) for f in ("95,01%", "95%", "94,99%")] == [1.0, 0.5, 0.0]
    fewer = rule("Bậc thang", "≤0 hồ sơ: 1; ≤2 hồ sơ: 0,5; còn lại: 0", 1)
    assert [points(fewer, f) for f in ("0", "1 hồ sơ", "2", "3")] == [1.0, 0.5, 0.5, 0.0]


def test_count_thresholds_and_figures_that_do_not_fit():
    news = rule("Bậc thang", "≥24 tin, bài: 1,5; ≥12 tin, bài: 0,75; còn lại: 0", 1.5)
    assert [points(news, f) for f in ("24 tin", "23", "12 tin, bài", "11")] == [
        1.5, 0.75, 0.75, 0.0]
    assert points(news, "80%") is None and points(news, "đúng hạn") is None
    assert points(rule("Bậc thang", ON_TIME, 1), "24 tin") is None


# ---- Tỷ lệ ----

def test_proportional_to_a_count_target_capped():
    news = rule("Tỷ lệ", "Chỉ tiêu: 24 tin, bài", 1.5)
    assert [points(news, f) for f in ("24", "18 tin", "30", "0")] == [1.5, 1.125, 1.5, 0.0]


def test_proportional_to_a_percent_target():
    online = rule("Tỷ lệ", "Chỉ tiêu: 50%", 4)
    assert points(online, "50%") == 4.0
    assert points(online, "12/40") == pytest.approx(2.4)
    assert points(online, "0,25") == 2.0
    assert points(online, "49,99%") == pytest.approx(3.9992)
    assert points(online, "100%") == 4.0
    half = rule("Tỷ lệ", "Chỉ tiêu: 100%; Điểm: 1", 2)
    assert points(half, "95%") == 0.95 and points(half, "100%") == 1.0


# ---- Thời hạn, Đạt/Không đạt ----

@pytest.mark.parametrize(("figure", "expected"), [
    ("Đúng hạn", 1.0), ("Ban hành đúng thời hạn", 1.0), ("Trễ hạn", 0.5), ("Chậm 5 ngày", 0.5),
    ("Không đúng hạn", 0.5), ("Không có", 0.0), ("Chưa ban hành", 0.0),
    ("KH số 05/KH-UBND ngày 10/01/2024", None), ("100%", None),
])
def test_deadline(figure, expected):
    assert points(rule("Thời hạn", "Đúng hạn: 1; Trễ hạn: 0,5; Không có: 0", 1),
                  figure) == expected


def test_pass_fail_with_and_without_parameters():
    plain = rule("Đạt/Không đạt", "", 2)
    assert [points(plain, f) for f in ("Đạt", "x", "có", "Không đạt", "không", "abc")] == [
        2.0, 2.0, 2.0, 0.0, 0.0, None]
    stated = rule("Đạt/Không đạt", "Đạt: 1,5; Không đạt: 0,5", 2)
    assert (points(stated, "Đạt"), points(stated, "Không đạt")) == (1.5, 0.5)


# ---- Trừ điểm ----

def test_deduction_from_a_leaf_maximum():
    late = rule("Trừ điểm", "Mỗi báo cáo trễ hạn: 0,25; Tối đa: 1", 1)
    assert [points(late, f) for f in ("0", "1 báo cáo", "3", "4", "6", "không có", "Đúng hạn")] \
        == [1.0, 0.75, 0.25, 0.0, 0.0, 1.0, 1.0]
    assert points(late, "50%") is None
    capped = rule("Trừ điểm", "Mỗi báo cáo trễ hạn: 0,25; Tối đa: 0,5", 1)
    assert points(capped, "10") == 0.5


def test_deduction_on_a_penalty_leaf_gives_the_deduction():
    penalty = rule("Trừ điểm", "Mỗi lần vi phạm: 0,5", 3, component="penalty")
    assert [points(penalty, f) for f in ("0", "2 lần", "10", "không vi phạm")] == [
        0.0, 1.0, 3.0, 0.0]
    assert penalty.awards_deduction and not rule("Trừ điểm", "Mỗi lần: 1", 2).awards_deduction


# ---- checks when the methodology loads ----

@pytest.mark.parametrize(("kind", "params", "maximum", "component", "codes"), [
    ("Theo cảm tính", "", 1, "appraisal", ["R101"]),
    ("Bậc thang", "≥100%: 1, ≥95%: 0,5", 1, "appraisal", ["R102"]),
    ("Bậc thang", "≥95%: 0,5; ≥100%: 1; còn lại: 0", 1, "appraisal", ["R103"]),
    ("Bậc thang", "còn lại: 0; ≥95%: 1", 1, "appraisal", ["R103"]),
    ("Bậc thang", "≥100%: 2; ≥95%: 0,5; còn lại: 0", 1, "appraisal", ["R104"]),
    ("Bậc thang", "≥100: 1; ≥95: 0,5; còn lại: 0", 1, "appraisal", ["R105"]),
    ("Bậc thang", "≥100%: 1; ≥20 tin: 0,5", 1, "appraisal", ["R106"]),
    ("Bậc thang", "≥100%: 1", 1, "survey", ["R108"]),
    ("Bậc thang", "≥1 lần: 1", 3, "penalty", ["R108"]),
    ("Bậc thang", "≥100%: 0,5; ≥95%: 1; còn lại: 0", 1, "appraisal", ["R109"]),
    ("Bậc thang", "≥100%: 0,5; còn lại: 1", 1, "appraisal", ["R109"]),
    ("Thời hạn", "Đúng hạn: 1", 1, "appraisal", ["R110"]),
    ("Thời hạn", "Đúng hạn: 0,5; Trễ hạn: 1", 1, "appraisal", ["R109"]),
    ("Tỷ lệ", "Điểm: 1", 1, "appraisal", ["R110"]),
    ("Trừ điểm", "Tối đa: 1", 1, "appraisal", ["R110"]),
    ("Trừ điểm", "Mỗi lần: 0,5; Tối đa: 2", 1, "appraisal", ["R104"]),
    ("Bậc thang", "≥100%: 1; từ 90% đến dưới 95%: 0,5; còn lại: 0", 1, "appraisal", ["R111"]),
    ("Tỷ lệ", "Chỉ tiêu: 0%", 1, "appraisal", ["R112"]),
    ("Tỷ lệ", "Chỉ tiêu: 24", 1, "appraisal", ["R105"]),
    ("", "≥100%: 1", 1, "appraisal", ["R113"]),
    ("Thời hạn", "Đúng hạn: 1; Trễ hạn: 0,5; Đúng hạn: 1", 1, "appraisal", ["R114"]),
])
def test_every_mistake_is_named(kind, params, maximum, component, codes):
    made, problems = parse_rule(kind, params, maximum, component,
                                {"file": "bo.xlsx", "sheet": "Tiêu chí", "cell": "dòng 7",
                                 "criterion": "3.2.1"})
    assert made is None
    assert [p.code for p in problems] == codes
    assert all(p.message().startswith("Tệp bo.xlsx, trang tính Tiêu chí, dòng 7 (tiêu chí "
                                      "3.2.1): ") for p in problems)


def test_messages_say_what_is_wrong():
    _, (order,) = parse_rule("Bậc thang", "≥95%: 0,5; >96%: 0,4", 1, "appraisal", {})
    assert order.message() == ("Các bậc của quy tắc không theo thứ tự («≥95%» → «>96%»); cần "
                               "từ cao xuống thấp.")
    _, (above,) = parse_rule("Thời hạn", "Đúng hạn: 1,5; Trễ hạn: 0,5", 1, "appraisal", {})
    assert "«Đúng hạn: 1,5» nằm ngoài khoảng từ 0 đến điểm tối đa 1" in above.message()
    _, (unit,) = parse_rule("Bậc thang", "≥100: 1", 1, "appraisal", {})
    assert "does not state the figure's unit («≥100»)" in unit.message("en")


def test_blank_cells_give_no_rule_and_no_problem():
    assert parse_rule("", "", 1, "appraisal", {}) == (None, [])
    assert rule("Bậc thang", ON_TIME, 1).describe() == f"Bậc thang: {ON_TIME}"
    assert rule("Đạt/Không đạt", "", 2).describe() == "Đạt/Không đạt: Đạt: 2; Không đạt: 0"
