"""Year over year across mergers: reading last year's file, the crosswalk, matching, changes."""

import dataclasses
import unicodedata

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from analysis_builders import TWO_FIELDS, one_leaf, scored, two_fields
from engine_helpers import methodology
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_rgba
from openpyxl import Workbook
from province import build

from cchc_index import load_methodology, run, write_workbook
from cchc_index._internal.analysis import charts
from cchc_index._internal.analysis.crosswalk import (
    crosswalk_frame,
    read_crosswalk,
    weighted_previous,
)
from cchc_index._internal.analysis.previous import PreviousResults, read_previous
from cchc_index._internal.analysis.yoy import (
    CHANGED,
    MERGED,
    NEW,
    YES,
    compare_fields,
    compare_years,
    methodology_change,
)
from cchc_index._internal.errors import InputError
from cchc_index._internal.report.csv import write_csv
from cchc_index._internal.text import name_key


def previous(rows, name="Bộ chỉ số CCHC cấp xã", decision="", fields=()):
    """Last year's results from (unit, index, rank, class[, group]) tuples."""
    frame = pd.DataFrame([r if len(r) == 5 else (*r, "") for r in rows],
                         columns=["unit", "index_pct", "rank", "classification", "group"])
    frame["key"] = frame["unit"].map(name_key)
    frame["points"] = frame["index_pct"]
    frame["rank"] = frame["rank"].astype("Int64")
    for code, values in fields:
        frame[f"field_{code}"] = values
    return PreviousResults(frame, name, decision, "2023", "ket_qua_2023.csv")


def this_year():
    m = one_leaf(**{"Tên": "Bộ chỉ số CCHC cấp xã"})
    return scored(m, {"Xã Hòa Bình": {"1.1": 9.0}, "Xã An Khánh": {"1.1": 8.0},
                      "Xã Mới Lập": {"1.1": 7.0}, "Xã Tân Lập": {"1.1": 6.0}})


def test_changes_merged_new_and_tone_placement():
    last = previous([
        (unicodedata.normalize("NFD", "Xã Hoà Bình"), 80.0, 2, "Tốt"),  # old tone, NFD
        ("Xã An Thịnh", 90.0, 1, "Xuất sắc"), ("Xã Khánh Hòa", 60.0, 4, "Trung bình"),
        ("Xã Tân Lập", 70.0, 3, "Khá"), ("Xã Giải Thể", 50.0, 5, "Trung bình")])
    crosswalk = crosswalk_frame([("Xã An Thịnh", "Xã An Khánh", 3.0),
                                 ("Xã Khánh Hòa", "Xã An Khánh", 1.0)])
    frame = compare_years(this_year(), last, crosswalk).set_index("unit")
    hoa = frame.loc["Xã Hòa Bình"]
    assert (hoa["prev_index_pct"], hoa["index_change"]) == (80.0, 10.0)
    assert (hoa["prev_rank"], hoa["rank"], hoa["rank_change"]) == (2, 1, 1)  # moved up
    assert hoa["comparable"] == YES and hoa["prev_classification"] == "Tốt"
    merged = frame.loc["Xã An Khánh"]
    assert merged["prev_index_pct"] == pytest.approx((3 * 90 + 60) / 4)  # 82.5
    assert merged["index_change"] == pytest.approx(80 - 82.5)
    assert pd.isna(merged["prev_rank"]) and pd.isna(merged["rank_change"])
    assert merged["comparable"] == MERGED
    assert merged["prev_classification"] == "Xuất sắc / Trung bình"
    assert merged["previous_units"] == "Xã An Thịnh, Xã Khánh Hòa"
    new = frame.loc["Xã Mới Lập"]
    assert new["comparable"] == NEW and pd.isna(new["prev_index_pct"])
    assert frame.loc["Xã Tân Lập", "rank_change"] == -1  # 3rd → 4th
    problems = {p.code: p for p in frame.attrs["problems"]}
    assert problems["A005"].found == "Xã Giải Thể" and problems["A005"].params["n"] == 1


def test_a_renamed_unit_in_another_group_has_no_rank_change():
    m = one_leaf(**{"Tên": "Bộ chỉ số CCHC cấp xã", "Xếp hạng theo nhóm": "Có"})
    result = scored(m, {"Phường Tân Thịnh": {"1.1": 7.0}}, groups={"Phường Tân Thịnh": "Phường"})
    last = previous([("Xã Tân Thịnh", 65.0, 9, "Trung bình", "Xã")])
    crosswalk = crosswalk_frame([("Xã Tân Thịnh", "Phường Tân Thịnh", 1.0)])
    row = compare_years(result, last, crosswalk).iloc[0]
    assert row["prev_index_pct"] == 65.0 and row["prev_rank"] == 9
    assert pd.isna(row["rank_change"]) and row["comparable"] == YES


def test_missing_parts_and_crosswalk_rows_that_match_nothing_are_reported():
    last = previous([("Xã An Thịnh", 90.0, 1, "Xuất sắc")])
    crosswalk = crosswalk_frame([("Xã An Thịnh", "Xã An Khánh", 2.0),
                                 ("Xã Khánh Hoà", "Xã An Khánh", 1.0),
                                 ("Xã Cũ", "Xã Không Có", 1.0)])
    frame = compare_years(this_year(), last, crosswalk).set_index("unit")
    assert frame.loc["Xã An Khánh", "prev_index_pct"] == 90.0  # the part that was found
    codes = [(p.code, p.unit) for p in frame.attrs["problems"]]
    assert ("A003", "Xã Khánh Hoà") in codes and ("A004", "Xã Không Có") in codes


def test_a_duplicate_name_last_year_is_resolved_by_group_or_reported():
    m = one_leaf(**{"Xếp hạng theo nhóm": "Có"})
    result = scored(m, {"Phường 1": {"1.1": 7.0}}, groups={"Phường 1": "Quận B"})
    last = previous([("Phường 1", 60.0, 3, "Trung bình", "Quận A"),
                     ("Phường 1", 75.0, 2, "Khá", "Quận B")])
    frame = compare_years(result, last)
    assert frame.loc[0, "prev_index_pct"] == 75.0
    assert not [p for p in frame.attrs["problems"] if p.code == "A009"]
    result = scored(m, {"Phường 1": {"1.1": 7.0}}, groups={"Phường 1": "Quận C"})
    frame = compare_years(result, last)
    assert frame.loc[0, "prev_index_pct"] == 60.0
    assert [p.found for p in frame.attrs["problems"] if p.code == "A009"] == ["2"]


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 100), st.lists(st.floats(0.01, 1e6), min_size=1, max_size=6))
def test_merging_identical_units_preserves_the_index(index, weights):
    names = [f"Xã Cũ {i}" for i in range(len(weights))]
    crosswalk = crosswalk_frame([(n, "Xã Mới", w) for n, w in zip(names, weights, strict=True)])
    values = {name_key(n): index for n in names}
    assert weighted_previous(crosswalk, values)["xã mới"] == pytest.approx(index, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.floats(0.01, 1e4)), min_size=1, max_size=6))
def test_a_merged_index_lies_between_its_parts(parts):
    crosswalk = crosswalk_frame([(f"Xã {i}", "Xã Mới", w) for i, (_, w) in enumerate(parts)])
    values = {name_key(f"Xã {i}"): x for i, (x, _) in enumerate(parts)}
    mean = weighted_previous(crosswalk, values)["xã mới"]
    assert min(x for x, _ in parts) - 1e-9 <= mean <= max(x for x, _ in parts) + 1e-9


def test_a_changed_methodology_is_named_and_only_the_overall_index_compared():
    last = previous([("Xã Hòa Bình", 80.0, 1, "Tốt")], name="Bộ chỉ số 2023",
                    decision="123/QĐ-UBND")
    frame = compare_years(this_year(), last)
    assert frame.loc[0, "comparable"] == CHANGED and frame.loc[0, "index_change"] == 10.0
    note = next(p for p in frame.attrs["problems"] if p.code == "A007")
    text = note.message("vi")
    assert "Bộ chỉ số 2023 — 123/QĐ-UBND" in text and "Bộ chỉ số CCHC cấp xã" in text
    assert compare_fields(this_year(), last).empty


def test_a_file_without_its_methodology_is_taken_as_the_same_when_fields_match():
    result = this_year()
    last = previous([("Xã Hòa Bình", 80.0, 1, "Tốt")], name="", fields=[("1", [8.0])])
    change = methodology_change(result.methodology, last)
    assert not change.changed and not change.known and change.fields == ("1",)
    assert change.problem().code == "A008"
    last = previous([("Xã Hòa Bình", 80.0, 1, "Tốt")], name="", fields=[("1", [8.0]),
                                                                           ("2", [1.0])])
    assert methodology_change(result.methodology, last).changed


def test_fields_compare_only_where_both_trees_define_them():
    before = two_fields(**{"Tên": "Bộ 2023"})
    now_rows = [list(r) for r in TWO_FIELDS]
    now_rows[3][1] = "Sự hài lòng của tổ chức"  # field 2 is another thing this year
    now = methodology(now_rows, **{"Tên": "Bộ 2024"})
    result = scored(now, {"Xã A": {"1.1": 6.0, "1.2": 2.0, "2.1": 5.0}})
    last = previous([("Xã A", 60.0, 1, "Trung bình")], name="Bộ 2023",
                    fields=[("1", [5.0]), ("2", [9.0])])
    change = methodology_change(now, last, previous_methodology=before)
    assert change.changed and change.fields == ("1",)
    fields = compare_fields(result, last, previous_methodology=before)
    assert fields["field"].tolist() == ["1"]
    row = fields.iloc[0]
    assert (row["share"], row["prev_share"], row["change"]) == (80.0, 50.0, 30.0)


def test_same_methodology_compares_every_counted_field_as_a_share():
    m = two_fields(**{"Tên": "Bộ chung"})
    result = scored(m, {"Xã A": {"1.1": 6.0, "1.2": 2.0, "2.1": 5.0}})
    last = previous([("Xã A", 60.0, 1, "Trung bình")], name="Bộ chung",
                    fields=[("1", [7.0]), ("2", [5.0])])
    assert not methodology_change(m, last).changed
    fields = compare_fields(result, last).set_index("field")
    assert fields.loc["1", "change"] == pytest.approx(10.0)  # 80 % against 70 %
    assert fields.loc["2", "change"] == pytest.approx(0.0)
    identical = dataclasses.replace(m)
    assert not methodology_change(m, last, previous_methodology=identical).changed


def test_read_previous_csv_and_workbook_written_by_this_tool(tmp_path):
    from cchc_index._internal.report.workbook import write_workbook

    m = two_fields(**{"Tên": "Bộ chỉ số thử", "Số quyết định": "45/QĐ-UBND",
                      "Xếp hạng theo nhóm": "Có"})
    run = scored(m, {"=Xã Lạ": {"1.1": 6.0, "1.2": 2.0, "2.1": 5.0},
                     "Phường Một": {"1.1": 3.0, "1.2": 4.0, "2.1": 7.25}},
                 groups={"=Xã Lạ": "Xã", "Phường Một": "Phường"})
    csv_path = write_csv(run, tmp_path / "kq.csv")
    xlsx_path = write_workbook(run, tmp_path / "kq.xlsx", "vi")
    english = write_workbook(run, tmp_path / "results.xlsx", "en")
    from_csv, from_xlsx = read_previous(csv_path), read_previous(xlsx_path)
    for read in (from_csv, from_xlsx, read_previous(english)):
        table = read.results.set_index("unit")
        assert set(table.index) == {"=Xã Lạ", "Phường Một"}  # the CSV's apostrophe is gone
        assert table.loc["=Xã Lạ", "index_pct"] == pytest.approx(65.0)
        assert table.loc["Phường Một", "field_2"] == pytest.approx(7.25)
        assert table.loc["=Xã Lạ", "group"] == "Xã"
        assert table.loc["Phường Một", "rank"] == 1
        assert read.field_codes == ["1", "2"]
    assert from_xlsx.methodology_name == "Bộ chỉ số thử"
    assert from_xlsx.decision == "45/QĐ-UBND"
    assert read_previous(english).methodology_text() == "Bộ chỉ số thử — 45/QĐ-UBND"
    assert not from_csv.describes_methodology


def test_read_previous_refuses_a_file_without_results(tmp_path):
    path = tmp_path / "khac.xlsx"
    workbook = Workbook()
    workbook.active.append(["Họ tên", "Điểm"])
    workbook.save(path)
    with pytest.raises(InputError) as raised:
        read_previous(path)
    assert raised.value.problems[0].code == "A006"
    with pytest.raises(InputError) as raised:
        read_previous(tmp_path / "khong_co.csv")
    assert raised.value.problems[0].code == "I007"


def _crosswalk_file(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["BẢNG CHUYỂN ĐỔI ĐƠN VỊ"])
    sheet.append([])
    sheet.append(["STT", "Đơn vị cũ", "Đơn vị mới", "Trọng số"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_read_crosswalk_weights_blank_bad_and_decimal_comma(tmp_path):
    path = _crosswalk_file(tmp_path / "cw.xlsx", [
        [1, "Xã An Thịnh", "Xã An Khánh", "8 600"], [2, "Xã Khánh Hòa", "Xã An Khánh", "5,5"],
        [3, "Xã Tân Thịnh", "Phường Tân Thịnh", None], [4, "Xã Lỗi", "Xã Mới", "nhiều"],
        [5, "Xã Thiếu", None, 1]])
    frame, problems = read_crosswalk(path)
    assert frame["weight"].tolist() == [8600.0, 5.5, 1.0]
    assert frame["new_key"].tolist() == ["xã an khánh", "xã an khánh", "phường tân thịnh"]
    assert [(p.code, p.cell) for p in problems] == [("A002", "D7"), ("A011", "B8")]
    assert frame["file"].unique().tolist() == ["cw.xlsx"]


def test_read_crosswalk_without_its_columns_says_which_are_needed(tmp_path):
    path = tmp_path / "sai.xlsx"
    workbook = Workbook()
    workbook.active.append(["Tên cũ", "Tên mới"])
    workbook.save(path)
    with pytest.raises(InputError) as raised:
        read_crosswalk(path)
    assert raised.value.problems[0].code == "A001"
    assert "Đơn vị cũ" in raised.value.problems[0].message("vi")


def test_a_year_compared_with_its_own_published_annex_shows_no_change(tmp_path):
    # the province's indices are unrounded (e.g. 2/3 of a point), last year's as published
    # (two decimals): their raw difference is noise that was drawn as rises and falls
    result = run([build(tmp_path / "tinh.xlsx", units=30, missing_survey=3)],
                 load_methodology())
    published = write_workbook(result, tmp_path / "ket_qua.xlsx")
    comparison = compare_years(result, read_previous(published))
    assert comparison["prev_index_pct"].notna().all()
    assert (comparison["index_change"] == 0).all()
    ax = charts.index_change(comparison)
    assert {patch.get_facecolor() for patch in ax.patches} == {to_rgba(charts.STEADY)}
    plt.close(ax.figure)
