"""Self-assessment forms as units make them: every variant reads to the expected points,
each value with the cell it came from."""

from __future__ import annotations

import itertools
import math
import unicodedata

import pytest
from form_builder import (
    ONE_ROW_COLUMNS,
    ROLES_WITH_POINTS,
    THREE_ROW_COLUMNS,
    TWO_ROW_COLUMNS,
    FormSpec,
    build_form,
    default_scores,
    variant,
)

from cchc_index._internal.io.cells import Grid
from cchc_index._internal.io.codes import parse_code
from cchc_index._internal.io.form_identity import display_name
from cchc_index._internal.io.headers import find_form_layout, role_of
from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.layouts.form import read_form
from cchc_index._internal.methodology.load import load_methodology

METHODOLOGY = load_methodology()

VARIANTS = {
    "two-row merged header, title block, totals, signature": FormSpec(),
    "one-row header in capitals, two-line heading, decimal commas": variant(
        columns=list(ONE_ROW_COLUMNS), number_row=False, heading="two_lines", values="comma"),
    "three-row header, label cell, text numbers, trailing dots, starts in column B": variant(
        columns=list(THREE_ROW_COLUMNS), label="next", values="text", codes="trailing_dot",
        start_col=2, extra_title_rows=2),
    "Roman numerals and letters, blank rows, Không phát sinh": variant(
        codes="roman", kps_word="Không phát sinh", blank_before=("2", "3.2", "8")),
    "codes typed as numbers, NFD text, formulas never computed, extra sheets": variant(
        codes="float", nfd=True, parents="formulas", sheets_before=("Hướng dẫn",),
        summary_after=True),
    "no code column, codes inside the content, Đơn vị: cell, no heading": variant(
        codes="in_name", columns=[c for c in TWO_ROW_COLUMNS if c[0] != "code"], label="same",
        heading="none"),
    "codes with spaces, Không áp dụng, survey rows marked, no totals or signature": variant(
        codes="spaces", kps_word="Không áp dụng", survey_mark="ĐTXHH", parents="blank",
        totals_row=False, signature=False),
    "codes with zero-width and no-break spaces, copied from a web page": variant(
        codes="invisible"),
    "codes in full-width digits": variant(codes="fullwidth", values="comma"),
}


def _read(built, tmp_path, name="form.xlsx"):
    return read_file(built.save(tmp_path / name), METHODOLOGY)


def _same(got: float, want: float) -> bool:
    return (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want)


@pytest.mark.parametrize("spec", VARIANTS.values(), ids=VARIANTS.keys())
def test_variant_reads_to_the_expected_points_and_cells(spec, tmp_path):
    built = build_form(METHODOLOGY, spec)
    batch = _read(built, tmp_path)
    assert [p for p in batch.problems if p.severity == "error"] == []
    assert len(batch.units) == 1
    unit = batch.units.iloc[0]
    assert unit["unit"] == "Xã Minh Tiến"  # NFC, as typed, without "UBND"
    assert unit["year"] == "2024"
    assert unit["sheet"] == "Tự đánh giá"
    assert unit["Loại đơn vị"] == "Xã"
    entries = batch.entries.set_index("code")
    assert sorted(entries.index) == sorted(METHODOLOGY.tree["code"])
    for code, expected in built.expected.items():
        row = entries.loc[code]
        for role in ROLES_WITH_POINTS:
            if role not in built.columns:
                assert math.isnan(row[role]) and row[f"cell_{role}"] == ""
                continue
            assert _same(row[role], expected[role]), (code, role, row[role], expected[role])
            assert row[f"cell_{role}"] == built.cell(code, role)
        assert bool(row["not_arisen"]) == expected["not_arisen"], code
        assert row["form_row"] == built.rows[code]
        assert unicodedata.is_normalized("NFC", row["form_name"])


def test_every_variant_scores_the_same(tmp_path):
    """However the form was made, the unit gets the same points."""
    totals = set()
    scores = default_scores(METHODOLOGY, appraised=False)  # some variants have no appraisal
    for i, spec in enumerate(VARIANTS.values()):
        built = build_form(METHODOLOGY, spec, scores)
        built.save(tmp_path / f"form_{i}.xlsx")
    from cchc_index._internal.pipeline import run

    for path in sorted(tmp_path.glob("*.xlsx")):
        result = run([path], METHODOLOGY)
        assert len(result.results) == 1, [p.message() for p in result.errors]
        totals.add(round(float(result.results["points"].iloc[0]), 9))
    assert len(totals) == 1


def test_text_columns_are_kept(tmp_path):
    built = build_form(METHODOLOGY, FormSpec())
    entries = _read(built, tmp_path).entries.set_index("code")
    leaf = entries.loc["1.1.1"]
    assert leaf["evidence"] == "Quyết định số 15/QĐ-UBND ngày 10/01/2024"
    assert leaf["cell_evidence"] == built.cell("1.1.1", "evidence")
    assert entries.loc["3.2.1", "raw_figure"] == "1.234 hồ sơ; 98,5%"
    assert entries.loc["3.2.1", "cell_raw_figure"] == built.cell("3.2.1", "raw_figure")
    assert entries.loc["1.1.1", "form_name"] == "Ban hành kế hoạch CCHC năm đúng thời hạn"


def test_empty_sum_on_a_parent_is_no_value(tmp_path):
    """A parent's SUM shows 0 while the council has not appraised: not an appraisal of 0."""
    scores = default_scores(METHODOLOGY, appraised=False)
    built = build_form(METHODOLOGY, FormSpec(), scores)
    sheet = built.workbook["Tự đánh giá"]
    for code in ("1", "1.1", "8"):
        sheet[built.cell(code, "appraisal_1")] = 0
    entries = _read(built, tmp_path).entries.set_index("code")
    assert math.isnan(entries.loc["1", "appraisal_1"])
    assert math.isnan(entries.loc["1.1", "appraisal_1"])


def test_summary_sheet_before_the_form_is_not_taken_for_it(tmp_path):
    built = build_form(METHODOLOGY, variant(summary_after=True))
    workbook = built.workbook
    workbook.move_sheet("Tổng hợp", offset=-1)
    batch = _read(built, tmp_path)
    assert batch.units.iloc[0]["sheet"] == "Tự đánh giá"


def test_unit_and_year_sources(tmp_path):
    labelled = _read(build_form(METHODOLOGY, variant(label="same")), tmp_path, "a.xlsx")
    assert labelled.units.iloc[0]["unit_source"] == "label:A5"
    heading = _read(build_form(METHODOLOGY, FormSpec()), tmp_path, "b.xlsx")
    assert heading.units.iloc[0]["unit_source"] == "heading:A1"
    nameless = build_form(METHODOLOGY, variant(heading="none", year=None))
    batch = read_file(nameless.save(tmp_path / "Xa_Phu_Loc_2023.xlsx"), METHODOLOGY)
    unit = batch.units.iloc[0]
    assert (unit["unit"], unit["unit_source"], unit["year"]) == ("Xa Phu Loc", "filename",
                                                                   "2023")
    assert [p.code for p in batch.problems if p.code.startswith("I1")] == ["I101"]
    assert batch.problems[0].severity == "warning"


def test_parse_code_variants():
    assert [parse_code(v).code for v in ["1.1.", " 2.3 ", "1,2", 3, 1.1, "Lĩnh vực 2",
                                         "01"]] == ["1.1", "2.3", "1.2", "3", "1.1", "2", "1"]
    assert parse_code(2.1).from_float and not parse_code("2.1").from_float
    assert [(parse_code(v).style, parse_code(v).ordinal) for v in ["IV", "b)", "(c)", "A."]] == [
        ("roman", 4), ("letter", 2), ("letter", 3), ("upper", 1)]
    assert parse_code("Tổng cộng").style == "" and parse_code(None).style == ""


def test_header_roles_by_meaning():
    assert role_of(["ĐIỂM TỰ\nĐÁNH GIÁ"]) == "self_points"
    assert role_of(["Diem tu cham"]) == "self_points"
    assert role_of(["Điểm", "Thẩm định", "Lần 2"]) == "appraisal_2"
    assert role_of(["Hội đồng thẩm định"]) == "appraisal"
    assert role_of(["Tự đánh giá", "Số liệu"]) == "raw_figure"
    assert role_of(["Số TT"]) == "code"
    assert role_of(["Mã số tiêu chí"]) == "code"
    assert role_of(["Tỷ lệ đạt được (%)"]) == "raw_rate"
    assert role_of(["Điểm"]) is None


def test_header_found_after_title_rows_and_column_numbers():
    rows = [["UBND XÃ AN BÌNH", None, None, None], [None] * 4,
            ["BẢNG TỰ ĐÁNH GIÁ NĂM 2024", None, None, None], [None] * 4,
            ["STT", "Nội dung", "Điểm", None], [None, None, "Tối đa", "Tự chấm"],
            ["(1)", "(2)", "(3)", "(4)"], ["1", "Công tác chỉ đạo", 12, 10]]
    grid = Grid("S", rows, merged=[(5, 1, 6, 1), (5, 2, 6, 2), (5, 3, 5, 4)])
    layout = find_form_layout(grid)
    assert (layout.header_row, layout.header_depth, layout.data_row) == (5, 2, 8)
    assert layout.columns == {"code": 1, "name": 2, "max_points": 3, "self_points": 4}


def test_a_consolidated_table_is_not_a_form():
    rows = [["STT", "Đơn vị", "1", "2", "Tổng điểm"], [1, "Xã A", 10, 8, 18]]
    assert read_form(Grid("S", rows), "t.xlsx", METHODOLOGY) is None


def test_display_names():
    assert display_name("UBND XÃ MINH TIẾN") == "Xã Minh Tiến"
    assert display_name("ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH") == "Phường Hòa Bình"
    assert display_name("xã Tân Lập") == "Xã Tân Lập"


def test_a_consolidated_table_with_appraisal_columns_is_not_a_form():
    rows = [["STT", "Đơn vị", "Điểm thẩm định", "Điều tra XHH", "Tổng điểm"],
            [1, "Xã A", 60, 20, 80], [2, "Xã B", 55, 18, 73]]
    assert read_form(Grid("S", rows), "t.xlsx", METHODOLOGY) is None


def test_running_row_numbers_are_not_codes(tmp_path):
    """STT 1, 2, 3 … down the whole table: the rows are matched by their names."""
    built = build_form(METHODOLOGY, FormSpec())
    sheet = built.workbook["Tự đánh giá"]
    for number, code in enumerate(METHODOLOGY.tree["code"], start=1):
        sheet[built.cell(code, "code")] = number
    batch = _read(built, tmp_path)
    assert [p.code for p in batch.problems if p.severity == "error"] == []
    entries = batch.entries.set_index("code")
    assert entries.loc["3.2.1", "cell_self_points"] == built.cell("3.2.1", "self_points")
    assert entries.loc["3.2.1", "self_points"] == built.expected["3.2.1"]["self_points"]
    assert len(entries) == len(METHODOLOGY.tree)
    assert [p.code for p in batch.problems if p.code.startswith("I1")] == ["I103"]


def test_the_latest_round_decides_between_a_number_and_kps(tmp_path):
    """Round 2 writes KPS over round 1's 0,5: the item did not arise (full points by its
    rule); round 1's KPS under round 2's number: the number."""
    from cchc_index._internal.pipeline import run

    tree = METHODOLOGY.tree
    full = tree[(tree["not_arisen"] == "full") & tree["is_leaf"]]["code"].iloc[0]
    maximum = float(tree.set_index("code").loc[full, "max_points"])
    results = {}
    for name, rounds in (("Xã Lần Hai", {"appraisal_1": 0.5, "appraisal_2": "KPS"}),
                         ("Xã Lần Một", {"appraisal_1": "KPS", "appraisal_2": 0.5})):
        scores = default_scores(METHODOLOGY)
        scores[full] = {"self_points": maximum, **rounds}
        built = build_form(METHODOLOGY, variant(unit=name, columns=list(THREE_ROW_COLUMNS)),
                           scores)
        built.save(tmp_path / f"{name}.xlsx")
        result = run([tmp_path / f"{name}.xlsx"], METHODOLOGY)
        [node] = result.nodes[result.nodes["code"] == full].itertuples()
        results[name] = (node.source, node.points)
    assert results == {"Xã Lần Hai": ("not_arisen", maximum),
                       "Xã Lần Một": ("appraisal_2", 0.5)}


def _scored(path, methodology=METHODOLOGY):
    from cchc_index._internal.pipeline import run

    result = run([path], methodology)
    return result, dict(zip(result.results["unit"], result.results["points"], strict=True))


def test_what_commune_staff_really_type_in_a_form(tmp_path):
    """Review of real forms: "1 điểm" is 1 point; a row citing "ngày … tháng …" does not end
    the table; criteria named "Công khai…" without a code are not total rows;
    a "Tự chấm (tối đa 100đ)" header is the self-score; an "Ý kiến thẩm định" column is the
    council's note, not a second round."""
    tree = METHODOLOGY.tree
    public = list(tree[tree["name"].str.startswith("Công khai")]["code"])
    assert public  # criteria of the bundled index named "Công khai …"
    built = build_form(METHODOLOGY, variant())
    sheet = built.workbook[built.spec.sheet]
    expected = _scored(built.save(tmp_path / "goc.xlsx"))[1]["Xã Minh Tiến"]
    leaf = next(c for c in built.rows if c.count(".") == 2
                and isinstance(sheet[built.cell(c, "self_points")].value, int | float))
    typed = sheet[built.cell(leaf, "self_points")].value
    sheet[built.cell(leaf, "self_points")] = f"{typed:g} điểm".replace(".", ",")
    for code in public:  # the codes of these rows left blank: matched by name
        sheet.cell(built.rows[code], built.columns["code"]).value = None
    sheet.insert_rows(built.rows[leaf] + 1)
    sheet.cell(built.rows[leaf] + 1, built.columns["name"]).value = (
        "Kế hoạch số 12/KH-UBND ngày 10 tháng 01 năm 2024 của UBND xã")
    header = sheet.cell(built.header_row + 1, built.columns["self_points"])
    header.value = "Tự chấm (tối đa 100đ)"
    comment = built.columns["explanation"] + 1
    sheet.cell(built.header_row, comment).value = "Ý kiến thẩm định"
    sheet.cell(built.rows[leaf] + 2, comment).value = "Đồng ý"
    result, points = _scored(built.save(tmp_path / "sua.xlsx"))
    assert not result.errors, [p.message() for p in result.errors]
    assert points == {"Xã Minh Tiến": expected}


def test_the_commune_line_under_the_district_line_names_the_unit(tmp_path):
    built = build_form(METHODOLOGY, variant(unit="", heading="none"))
    sheet = built.workbook[built.spec.sheet]
    sheet["A1"] = "UBND HUYỆN ĐÔNG HƯNG\nXÃ ĐÔNG LA"
    sheet["A2"] = ("(Kèm theo Quyết định số 2402/QĐ-UBND năm 2021 về Bộ chỉ số cải cách "
                   "hành chính)")
    result, points = _scored(built.save(tmp_path / "dong_la.xlsx"))
    assert list(points) == ["Xã Đông La"]
    assert list(result.results["year"]) == ["2024"]


def test_kps_typed_once_over_merged_cells_and_with_dots(tmp_path):
    """"KPS" typed in a merged cell covers each leaf of the block; "K.P.S" is KPS."""
    tree = METHODOLOGY.tree.set_index("code")
    allowed = [c for c in tree.index if tree.loc[c, "is_leaf"]
               and tree.loc[c, "not_arisen"] != "not_allowed"
               and tree.loc[c, "component"] == "appraisal"]
    pair = next((a, b) for a, b in itertools.pairwise(allowed)
                if a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0])
    built = build_form(METHODOLOGY, variant(columns=list(ONE_ROW_COLUMNS)))
    sheet = built.workbook[built.spec.sheet]
    first, second = (built.cell(code, "self_points") for code in pair)
    assert built.rows[pair[1]] == built.rows[pair[0]] + 1
    sheet[first], sheet[second] = "K.P.S", None
    sheet.merge_cells(f"{first}:{second}")
    batch = read_file(built.save(tmp_path / "kps.xlsx"), METHODOLOGY)
    marked = batch.entries.set_index("code")["not_arisen"]
    assert bool(marked[pair[0]]) and bool(marked[pair[1]])
    assert not [p for p in batch.problems if p.severity == "error"]


def test_last_years_self_score_column_beside_this_years_is_not_read():
    header = ["STT", "Nội dung", "Điểm tối đa", "Điểm tự đánh giá năm 2023",
              "Điểm tự đánh giá", "Điểm thẩm định"]
    grid = Grid("Tự đánh giá", [header, ["1", "Lĩnh vực 1", 10, 10, 8, 7],
                                ["1.1", "Kế hoạch", 10, 10, 8, 7]])
    layout = find_form_layout(grid)
    assert layout.columns["self_points"] == 5 and layout.columns["appraisal_1"] == 6


def test_a_unit_named_only_by_its_file_name(tmp_path):
    """No name on the sheet: the file's name gives it, without the document's words or a
    sending date's year."""
    built = build_form(METHODOLOGY, variant(unit="", heading="none", year=None))
    path = built.save(tmp_path / "Tự đánh giá CCHC 2024 - Xã Yên Thế - gửi 15-01-2025.xlsx")
    batch = read_file(path, METHODOLOGY)
    assert list(batch.units["unit"]) == ["Xã Yên Thế"]
    assert list(batch.units["year"]) == ["2024"]
    assert [p.found for p in batch.problems if p.code == "I101"] == ["«Xã Yên Thế»"]


@pytest.mark.parametrize("codes", ["invisible", "fullwidth", "trailing_dot"])
def test_codes_as_people_type_them_are_read_without_a_word(codes, tmp_path):
    """Codes with zero-width or no-break spaces, in full-width digits, with trailing dots
    match the methodology silently (31 warnings per form before)."""
    batch = _read(build_form(METHODOLOGY, variant(codes=codes)), tmp_path)
    assert [p.code for p in batch.problems] == []
