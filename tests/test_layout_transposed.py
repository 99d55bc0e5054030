"""Transposed consolidated tables: the criteria tree down the rows, one column per unit,
as districts lay out the appraisal summary (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from form_builder import build_form
from openpyxl.utils import get_column_letter
from table_builders import (
    COMPONENT,
    LEAVES,
    MAXIMUM,
    RESULT_COLUMNS,
    ROMAN,
    TREE,
    M,
    comma,
    expected_points,
    number,
    unit_points,
    write_sheets,
)

from cchc_index import run
from cchc_index._internal.io.cells import read_grids
from cchc_index._internal.io.inputs import read_file
from cchc_index._internal.io.layouts import detect, detections
from cchc_index._internal.methodology.model import Component

# Three units in two blocks: decimal commas as text, a number stored as text, "KPS" on a
# leaf that gets its maximum (1.3.2) and on one left out (2.1.1), a bonus and a penalty.
UNITS = {
    "Xã An Bình": unit_points(1.0, {"1.1.1": "0,5", "1.3.2": "KPS", "3.2.1": "4,5",
                                    "9.1": 1}),
    "Xã Tân Mỹ": unit_points(0.75, {"2.1.1": "KPS", "8.1.1": "3,5", "4.1": "3", "9.2": 0.5}),
    "Phường Hòa Lạc": unit_points(0.5, {"9.1": "2", "5.1": "2,25"}),
}
GROUPS = {"Xã An Bình": "Khối xã", "Xã Tân Mỹ": "Khối xã", "Phường Hòa Lạc": "Khối phường"}


def subtotal(points: dict[str, object], code: str) -> float | None:
    """What a district writes on a parent row: the sum of the leaves below (none for the
    bonus and penalty field)."""
    below = [c for c in LEAVES if c.startswith(code + ".")]
    if any(COMPONENT[c] in (Component.BONUS, Component.PENALTY) for c in below):
        return None
    return sum(number(points[c]) for c in below)


def transposed_rows(units: dict[str, dict[str, object]], *, groups: dict[str, str] | None,
                    codes: str = "roman", totals: dict[str, object] | None = None,
                    results: bool = True, unit_header: str = "Điểm thẩm định",
                    merge_down: bool = True, only_fields: bool = False,
                    formulas_for: str | None = None,
                    ) -> tuple[list[list[object]], list[str]]:
    """A district's appraisal summary, criteria down and units across: title block, a
    two-row header (the units' block headings or one heading merged over their names),
    column numbers, the tree with subtotals on parent rows (SUM formulas never computed
    in the column of ``formulas_for``), total, index and rank rows, a signature block."""
    names = list(units)
    first = 4  # the first unit's column
    last = first + len(names) - 1
    rows: list[list[object]] = [
        ["UBND HUYỆN MINH SƠN"], ["PHÒNG NỘI VỤ"],
        ["BẢNG TỔNG HỢP KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC XÃ, PHƯỜNG NĂM 2024"],
        [],
    ]
    merges = ["A3:H3"]
    top = ["STT/Mã", "Tiêu chí / Nội dung", "Điểm tối đa", *[None] * len(names)]
    if groups:
        start = first
        for group in dict.fromkeys(groups[n] for n in names):
            count = sum(1 for n in names if groups[n] == group)
            top[start - 1] = group
            if count > 1:
                end = get_column_letter(start + count - 1)
                merges.append(f"{get_column_letter(start)}5:{end}5")
            start += count
    else:
        top[first - 1] = unit_header
        merges.append(f"{get_column_letter(first)}5:{get_column_letter(last)}5")
    rows += [top, [None, None, None, *names]]
    if merge_down:
        merges += ["A5:A6", "B5:B6", "C5:C6"]
    rows.append([f"({i})" for i in range(1, last + 1)])
    for code, name, level, leaf in zip(TREE["code"], TREE["name"], TREE["level"],
                                       TREE["is_leaf"], strict=True):
        if only_fields and level > 1:
            continue
        shown = ROMAN[int(code) - 1] if level == 1 and codes == "roman" else code
        if only_fields or leaf:
            values = [units[n][code] for n in names]
        else:
            values = [subtotal(units[n], code) if n != formulas_for else "=SUM(D1:D2)"
                      for n in names]
        maximum = MAXIMUM[code] if leaf else TREE.loc[TREE["code"] == code,
                                                      "max_points"].iloc[0] or None
        rows.append([shown, name, maximum, *values])
    if totals is None:
        totals = {n: expected_points(units[n]) for n in names}
    rows.append([None, "Tổng cộng", 100, *[totals[n] for n in names]])
    if results:
        rows.append([None, "Chỉ số (%)", None, *[None] * len(names)])
        rows.append([None, "Xếp hạng", None, *[None] * len(names)])
    rows += [[], [None, "Minh Sơn, ngày 15 tháng 01 năm 2025"],
             [None, None, None, "TRƯỞNG PHÒNG NỘI VỤ"], [None, None, None, "(Đã ký)"],
             [None, None, None, "Nguyễn Văn An"]]
    return rows, merges


def wide_twin(units: dict[str, dict[str, object]], groups: dict[str, str] | None,
              codes: list[str] = LEAVES) -> tuple[list[list[object]], list[str]]:
    """The same points as an ordinary consolidated table: one row per unit, one column
    per leaf, group headings as rows."""
    rows: list[list[object]] = [["BẢNG TỔNG HỢP NĂM 2024"],
                                ["STT", "Đơn vị", *codes, "Tổng điểm"]]
    number_ = 0
    for group in dict.fromkeys((groups or {}).get(n, "") for n in units):
        if group:
            rows.append([None, group])
        for name, points in units.items():
            if (groups or {}).get(name, "") == group:
                number_ += 1
                rows.append([number_, name, *[points[c] for c in codes],
                             expected_points(points)])
    return rows, []


def results_of(path: Path):
    result = run([path], M)
    return result, result.results[RESULT_COLUMNS].sort_values("unit").reset_index(drop=True)


def test_a_transposed_table_scores_as_its_consolidated_twin(tmp_path):
    transposed = write_sheets(tmp_path / "chuyen_vi.xlsx", {"Tổng hợp": transposed_rows(
        UNITS, groups=GROUPS, formulas_for="Xã Tân Mỹ")})
    twin = write_sheets(tmp_path / "doi_chieu.xlsx", {"Tổng hợp": wide_twin(UNITS, GROUPS)})
    read, read_results = results_of(transposed)
    other, other_results = results_of(twin)
    assert read.exit_code == 0 and not read.errors, [p.message() for p in read.problems]
    assert other.exit_code == 0, [p.message() for p in other.problems]
    assert read_results.equals(other_results)
    points = dict(zip(read_results["unit"], read_results["points"], strict=True))
    assert points == pytest.approx({n: expected_points(p) for n, p in UNITS.items()})
    assert set(read.results["year"]) == {"2024"}
    entries = read.batch.entries.set_index(["unit_id", "code"])
    units = read.batch.units.set_index("unit")
    an_binh = units.loc["Xã An Bình"]
    assert an_binh["unit_source"] == "D6" and an_binh["group"] == "Khối xã"
    cell = entries.loc[(an_binh["unit_id"], "1.1.1")]
    assert (cell["given_points"], cell["cell_given_points"]) == (0.5, "D10")
    assert entries.loc[(an_binh["unit_id"], "1.3.2"), "not_arisen"]


def test_the_published_total_and_rank_rows_are_rechecked(tmp_path):
    totals = {n: expected_points(p) for n, p in UNITS.items()}
    totals["Xã Tân Mỹ"] += 1
    rows, merges = transposed_rows(UNITS, groups=GROUPS, totals=totals)
    rank_row = next(r for r in rows if len(r) > 1 and r[1] == "Xếp hạng")
    rank_row[3:6] = [1, 3, 1]  # Phường Hòa Lạc is first of its block; Tân Mỹ is second
    result = run([write_sheets(tmp_path / "t.xlsx", {"Tổng hợp": (rows, merges)})], M)
    found = sorted((p.unit, published(p)) for p in result.problems if p.code == "I023")
    tan_my = expected_points(UNITS["Xã Tân Mỹ"])
    assert found == [("Xã Tân Mỹ", f"Tổng điểm {comma(tan_my + 1)}"),
                     ("Xã Tân Mỹ", "Xếp hạng 3")]


def test_fields_only_and_arabic_field_codes(tmp_path):
    """A summary of fields only ("1" … "9"), one heading merged over all the units."""
    per_field = {name: {code: round(sum(number(points[c]) for c in LEAVES
                                        if c.split(".")[0] == code
                                        and COMPONENT[c] != Component.PENALTY)
                                    - sum(number(points[c]) for c in LEAVES
                                          if c.split(".")[0] == code
                                          and COMPONENT[c] == Component.PENALTY), 2)
                        for code in TREE.loc[TREE["level"] == 1, "code"]}
                 for name, points in UNITS.items()}
    rows, merges = transposed_rows(per_field, groups=None, codes="arabic", only_fields=True,
                                   totals={n: sum(v.values()) for n, v in per_field.items()})
    fields = list(per_field["Xã An Bình"])
    twin = [["STT", "Đơn vị", *[f"Lĩnh vực {c}" for c in fields]],
            *[[i, n, *v.values()] for i, (n, v) in enumerate(per_field.items(), start=1)]]
    read, read_results = results_of(write_sheets(tmp_path / "t.xlsx", {"TH": (rows, merges)}))
    _other, other_results = results_of(write_sheets(tmp_path / "u.xlsx", {"TH": (twin, [])}))
    assert read.exit_code == 0, [p.message() for p in read.problems]
    assert read_results.drop(columns="group").equals(other_results.drop(columns="group"))
    assert set(read_results["group"]) == {""}  # "Điểm thẩm định" is no group


def test_bare_names_under_type_headings_and_council_names(tmp_path):
    """"An Bình", "Tân Mỹ" under a heading "Xã" merged over them, "UBND phường Hòa Lạc"
    under "Phường": each column is a unit; the heading is its group."""
    units = {"An Bình": UNITS["Xã An Bình"], "Tân Mỹ": UNITS["Xã Tân Mỹ"],
             "UBND phường Hòa Lạc": UNITS["Phường Hòa Lạc"]}
    groups = {"An Bình": "Xã", "Tân Mỹ": "Xã", "UBND phường Hòa Lạc": "Phường"}
    rows, merges = transposed_rows(units, groups=groups)
    result, results = results_of(write_sheets(tmp_path / "t.xlsx", {"TH": (rows, merges)}))
    assert result.exit_code == 0, [p.message() for p in result.problems]
    assert dict(zip(results["unit"], results["group"], strict=True)) == groups


def test_the_transposed_layout_wins_over_the_form(tmp_path):
    """The header "Điểm thẩm định" above the units' names reads to the form layout as a
    form's appraisal column: both see the sheet, the transposed table is read."""
    rows, merges = transposed_rows(UNITS, groups=None, merge_down=False)
    path = write_sheets(tmp_path / "t.xlsx", {"TH": (rows, merges)})
    [grid] = read_grids(path)
    found = detections(grid, M)
    assert [d.layout for d in found][:2] == ["transposed", "form"]
    assert found[0].confidence > found[1].confidence
    assert "3 units named across row 6" in found[0].reason
    assert sorted(read_file(path, M).units["unit"]) == sorted(UNITS)
    # and a unit's form, or a table of one unit a row, is no transposed table
    form = build_form(M).save(tmp_path / "f.xlsx")
    [grid] = [g for g in read_grids(form) if not g.hidden]
    assert "transposed" not in [d.layout for d in detections(grid, M)]
    twin = write_sheets(tmp_path / "w.xlsx", {"TH": wide_twin(UNITS, GROUPS)})
    assert [d.layout for d in detections(read_grids(twin)[0], M)] == ["consolidated"]


def test_the_transposed_layout_wins_over_a_form_that_matches_every_row(tmp_path):
    rows, merges = transposed_rows(UNITS, groups=None, merge_down=False, results=False,
                                   codes="arabic")
    path = write_sheets(tmp_path / "t.xlsx", {"TH": (rows, merges)})
    [grid] = read_grids(path)
    assert detect(grid, M).layout == "transposed"
    assert sorted(read_file(path, M).units["unit"]) == sorted(UNITS)


def test_what_cannot_be_read_is_told_in_the_users_terms(tmp_path):
    """Text in a unit's cell (I010), a unit's column left empty (I040), a row that matches
    no criterion, with points (I041) or without (I108), a maximum that differs from the
    methodology's (I042), a column of points under no unit's name (I043), rows of
    criteria below the signature block (I044)."""
    units = {**UNITS, "Xã Trống": {c: None for c in LEAVES}}
    rows, merges = transposed_rows(units, groups=None)
    header = rows[5]
    header.append("Hòa Lạc cũ")  # a unit's points under a header that names no unit
    at = {r[0]: i for i, r in enumerate(rows) if r and r[0] is not None}
    rows[at["1.1.2"]][4] = "đạt"  # Xã Tân Mỹ, column E
    rows[at["1.2.2"]][4] = "=E1*2"  # a formula whose value was never computed
    rows[at["1.2.1"]][2] = 2  # the methodology says 1
    rows.insert(at["1.5"] + 1, ["1.6", "Tiêu chí thêm", 1, 1, 1, 1, None])
    rows.insert(at["1.5"] + 2, ["1.7", "Tiêu chí bỏ trống", 1, None, None, None, None])
    for row in rows[at["1.1.1"]:]:
        if row and row[0] in LEAVES:
            row.append(1)
    rows += [["8.3", "Thực hiện các chỉ tiêu", 5, 5, 4, 3]]  # typed below the signature
    path = write_sheets(tmp_path / "t.xlsx", {"Tổng hợp": (rows, merges)})
    result = run([path], M)
    by_code = {}
    for problem in result.problems:
        by_code.setdefault(problem.code, []).append(problem)
    [text] = by_code["I010"]
    tan_my_row = at["1.1.2"] + 1
    assert (text.file, text.sheet, text.cell, text.unit, text.criterion) == (
        "t.xlsx", "Tổng hợp", f"E{tan_my_row}", "Xã Tân Mỹ", "1.1.2")
    [formula] = by_code["I110"]
    assert (formula.cell, formula.unit, formula.criterion) == (
        f"E{at['1.2.2'] + 1}", "Xã Tân Mỹ", "1.2.2")
    assert {p.criterion for p in by_code["I013"]} == {"1.1.2"}  # not 1.2.2 again
    [empty] = by_code["I040"]
    assert (empty.cell, empty.unit, empty.severity) == ("G6", "Xã Trống", "error")
    assert empty.message() == ("Tệp t.xlsx, trang tính Tổng hợp, ô G6 (đơn vị Xã Trống): cột "
                               "của đơn vị không có điểm nào; đơn vị này không được chấm. Hãy "
                               "nhập điểm hoặc xoá cột.")
    assert [(p.found, p.severity) for p in by_code["I041"]] == [("«1.6»", "warning")]
    assert [p.found for p in by_code["I108"]] == ["«1.7»"]
    [maximum] = by_code["I042"]
    assert (maximum.cell, maximum.criterion, maximum.found, maximum.expected) == (
        f"C{at['1.2.1'] + 1}", "1.2.1", 2.0, 1.0)
    assert [p.found for p in by_code["I043"]] == ["H6 «Hòa Lạc cũ»"]
    [below] = by_code["I044"]
    assert below.severity == "error" and below.found == str(len(rows))
    assert "nằm dưới phần ký tên" in below.message()
    assert "rows" in below.message("en")
    scored = set(result.results["unit"])
    assert scored == {"Xã An Bình", "Phường Hòa Lạc"}  # Tân Mỹ's text, the empty column
    assert len(result.batch.units) == len(units)  # every unit listed, scored or not


def test_two_sheets_one_per_block_are_one_table(tmp_path):
    """A sheet per block, units named under one heading: each sheet's name is its units'
    group (S028), as for consolidated tables."""
    xa = {n: p for n, p in UNITS.items() if GROUPS[n] == "Khối xã"}
    phuong = {"Phường Hòa Lạc": UNITS["Phường Hòa Lạc"],
              "Phường Bắc Sơn": unit_points(0.9, {"3.3": "KPS"})}
    path = write_sheets(tmp_path / "t.xlsx", {
        "Khối xã": transposed_rows(xa, groups=None), "Khối phường": transposed_rows(
            phuong, groups=None, results=False)})
    result = run([path], M)
    assert not result.errors, [p.message() for p in result.errors]
    groups = dict(zip(result.results["unit"], result.results["group"], strict=True))
    assert groups == {**GROUPS, "Phường Bắc Sơn": "Khối phường"}
    assert [p.code for p in result.problems if p.code == "S028"] == ["S028", "S028"]


def published(problem) -> str:
    """What an I023 warning says was published ("Tổng điểm 90"), as its message shows it."""
    return problem.message().rsplit(": ", 1)[-1].split(" công bố")[0]
