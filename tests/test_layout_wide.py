"""Consolidated tables exported per criterion: one row per unit, one column per leaf
criterion ("1.1.1", "TC 1.1.2", "1.1.1 (1 điểm)"), maxima on a row under the header,
fields' headings merged over their criteria, per-field subtotals and a total (issue 14)."""

from __future__ import annotations

import itertools

import pytest
from openpyxl.utils import get_column_letter
from table_builders import (
    COMPONENT,
    LEAVES,
    MAXIMUM,
    NAMES,
    RESULT_COLUMNS,
    ROMAN,
    M,
    comma,
    expected_points,
    number,
    unit_points,
    write_table,
)

from cchc_index import run
from cchc_index._internal.methodology.model import Component

UNITS = {  # decimal commas as text, KPS (1.3.2 gets its maximum, 2.1.1 is left out)
    "Xã An Bình": unit_points(1.0, {"1.1.1": "0,5", "1.3.2": "KPS", "9.1": 1}),
    "Xã Tân Mỹ": unit_points(0.75, {"2.1.1": "KPS", "3.2.1": "3,5", "9.2": "0,5"}),
    "Phường Hòa Lạc": unit_points(0.5, {"5.1": "2,25", "4.1": "3"}),
}
GROUPS = {"Xã An Bình": "I. KHỐI XÃ", "Xã Tân Mỹ": "I. KHỐI XÃ",
          "Phường Hòa Lạc": "II. KHỐI PHƯỜNG"}


def field_sum(points: dict[str, object], field: str) -> float:
    return sum(number(v) if COMPONENT[c] != Component.PENALTY else -number(v)
               for c, v in points.items() if c.split(".")[0] == field)


def wide(units: dict[str, dict[str, object]], *, header: str = "{code}",
         maxima: str | None = None, headings: bool = False, subtotal: str | None = None,
         codes: list[str] = LEAVES, stated: dict[str, float] | None = None,
         subtotals_off: dict[tuple[str, str], float] | None = None,
         ) -> tuple[list[list[object]], list[str]]:
    """A district's table per criterion: a title, the header (the fields' headings merged
    over their criteria when ``headings``), a row of maxima ("(1,5)", "1,5", or labelled
    "Điểm tối đa"), column numbers, blocks of units under "I. KHỐI XÃ", a subtotal column
    after each field when ``subtotal`` ("Cộng LV {field}"), the total, the signature."""
    stated = {**MAXIMUM, **(stated or {})}
    columns: list[tuple[str, str]] = []  # (kind, code): ("leaf", "1.1.1"), ("sub", "1")
    for field, group in itertools.groupby(codes, key=lambda c: c.split(".")[0]):
        columns += [("leaf", c) for c in group]
        if subtotal and field != "9":  # no subtotal of the bonus and penalty
            columns.append(("sub", field))
    first = 3
    rows: list[list[object]] = [["UBND HUYỆN MINH SƠN"],
                                ["BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CCHC THEO TIÊU CHÍ NĂM 2024"], []]
    merges = ["A3:J3"]
    labels = [header.format(code=c, max=comma(stated[c])) if kind == "leaf"
              else subtotal.format(field=c, roman=ROMAN[int(c) - 1]) for kind, c in columns]
    top = 4
    if headings:
        heading_row = ["STT", "Đơn vị", *[None] * len(columns), "Tổng điểm"]
        for field, group in itertools.groupby(enumerate(columns), key=lambda x: x[1][1][0]):
            spots = [i for i, _ in group]
            heading_row[first - 1 + spots[0]] = f"Lĩnh vực {ROMAN[int(field) - 1]}"
            if len(spots) > 1:
                merges.append(f"{get_column_letter(first + spots[0])}{top}:"
                              f"{get_column_letter(first + spots[-1])}{top}")
        rows += [heading_row, [None, None, *labels, None]]
        end = get_column_letter(first + len(columns))
        merges += [f"A{top}:A{top + 1}", f"B{top}:B{top + 1}", f"{end}{top}:{end}{top + 1}"]
    else:
        rows.append(["STT", "Đơn vị", *labels, "Tổng điểm"])
    if maxima:
        cells = [None if kind == "sub" else (f"({comma(stated[c])})" if maxima == "bracket"
                                             else comma(stated[c]) if maxima == "plain"
                                             else stated[c]) for kind, c in columns]
        rows.append(["Điểm tối đa" if maxima == "labelled" else None, None, *cells, 100])
    rows.append([f"({i})" for i in range(1, len(columns) + 4)])
    number_ = 0
    for group in dict.fromkeys(GROUPS[n] for n in units):
        rows.append([None, group])
        for name, points in units.items():
            if GROUPS[name] != group:
                continue
            number_ += 1
            cells = [points[c] if kind == "leaf" else field_sum(points, c) + (
                subtotals_off or {}).get((name, c), 0) for kind, c in columns]
            rows.append([number_, name, *cells, expected_points(points)])
    rows += [[None, "Tổng cộng", *[None] * len(columns), None], [],
             [None, "Minh Sơn, ngày 15 tháng 01 năm 2025"],
             [None, None, None, None, "TRƯỞNG PHÒNG NỘI VỤ"], [None, None, None, None, "(Đã ký)"]]
    return rows, merges


def points_of(result) -> dict[str, float]:
    return dict(zip(result.results["unit"], result.results["points"], strict=True))


@pytest.mark.parametrize("shape", [
    {"maxima": "bracket", "subtotal": "Cộng LV {field}"},
    {"header": "TC {code}", "maxima": "plain", "headings": True},
    {"header": "{code} ({max} điểm)", "headings": True,
     "subtotal": "Tổng điểm lĩnh vực {roman}"},
    {"header": "TC {code}", "maxima": "labelled", "subtotal": "Cộng LV{field}"},
], ids=["bracketed-maxima-row", "plain-maxima-row-under-field-headings",
        "maxima-in-headers-under-field-headings", "labelled-maxima-row"])
def test_every_unit_of_a_table_by_criterion_is_scored(tmp_path, shape):
    rows, merges = wide(UNITS, **shape)
    result = run([write_table(tmp_path / "t.xlsx", rows, merges)], M)
    assert result.exit_code == 0 and not result.errors, [p.message() for p in result.problems]
    assert not [p for p in result.problems if p.code in ("I004", "I016", "I023", "I042")], [
        p.message() for p in result.problems]
    assert points_of(result) == pytest.approx({n: expected_points(p) for n, p in UNITS.items()})
    plain = run([write_table(tmp_path / "plain.xlsx", *wide(UNITS))], M)
    assert result.results[RESULT_COLUMNS].equals(plain.results[RESULT_COLUMNS])
    if shape.get("subtotal"):  # each field's subtotal is read as that field's stated total
        fields = result.batch.entries[result.batch.entries["code"].isin(["1", "3", "8"])]
        assert len(fields) == 3 * len(UNITS) and fields["given_points"].notna().all()


def test_maxima_that_differ_from_the_methodology_are_warnings(tmp_path):
    """A maximum in a header or on the row of maxima that is not the methodology's is a
    warning at its cell; the methodology's maximum is used."""
    stated = {"1.1.1": 2, "3.2.1": 4.5}
    rows, merges = wide(UNITS, maxima="bracket", stated=stated)
    result = run([write_table(tmp_path / "hang.xlsx", rows, merges)], M)
    found = [(p.cell, p.criterion, p.found, p.expected, p.severity)
             for p in result.problems if p.code == "I042"]
    assert found == [("C5", "1.1.1", 2.0, 1.0, "warning"), ("T5", "3.2.1", 4.5, 5.0, "warning")]
    assert points_of(result) == pytest.approx({n: expected_points(p) for n, p in UNITS.items()})
    full = next(p for p in result.problems if p.code == "I042")
    assert full.message() == ("Tệp hang.xlsx, trang tính Tổng hợp, ô C5 (tiêu chí 1.1.1): điểm "
                              "tối đa ghi trong bảng là 2, bộ chỉ số quy định 1; dùng điểm tối "
                              "đa của bộ chỉ số.")
    rows, merges = wide(UNITS, header="{code} ({max} điểm)", headings=True, stated=stated)
    result = run([write_table(tmp_path / "tieu_de.xlsx", rows, merges)], M)
    found = [(p.cell, p.criterion, p.found) for p in result.problems if p.code == "I042"]
    assert found == [("C5", "1.1.1", 2.0), ("T5", "3.2.1", 4.5)]
    assert result.results["max_points"].tolist() == [100.0, 98.5, 100.0]


def test_a_subtotal_is_rechecked_and_never_counted_twice(tmp_path):
    off = {("Xã Tân Mỹ", "2"): 1.0}
    rows, merges = wide(UNITS, maxima="bracket", subtotal="Cộng LV {field}", subtotals_off=off)
    result = run([write_table(tmp_path / "t.xlsx", rows, merges)], M)
    assert points_of(result) == pytest.approx({n: expected_points(p) for n, p in UNITS.items()})
    [stated] = [p for p in result.problems if p.code == "I016"]
    tan_my = field_sum(UNITS["Xã Tân Mỹ"], "2")
    assert (stated.unit, stated.criterion) == ("Xã Tân Mỹ", "2")
    assert (stated.found, stated.expected) == pytest.approx((tan_my + 1, tan_my))


def test_a_criterion_missing_beside_its_fields_subtotal_is_an_error(tmp_path):
    """Without a column for 1.5, the subtotal of field 1 would hide it (the engine scores
    the deepest codes): the subtotal is left out and 1.5 is reported for each unit."""
    codes = [c for c in LEAVES if c != "1.5"]
    rows, merges = wide(UNITS, maxima="bracket", subtotal="Cộng LV {field}", codes=codes)
    result = run([write_table(tmp_path / "t.xlsx", rows, merges)], M)
    assert sorted((p.code, p.unit, p.criterion) for p in result.errors) == [
        ("I013", name, "1.5") for name in sorted(UNITS)]


def test_three_header_rows_field_criterion_sub_criterion(tmp_path):
    """"Lĩnh vực I" over "1.1" over "1.1.1", "1.1.2"; a criterion without sub-criteria
    ("1.5") merged down over the third row."""
    columns = [c for c in LEAVES if c.startswith(("1.", "2."))]
    top = ["STT", "Đơn vị"]
    middle: list[object] = [None, None]
    bottom: list[object] = [None, None]
    merges = ["A1:A3", "B1:B3"]
    col = 3
    for field, in_field in itertools.groupby(columns, key=lambda c: c.split(".")[0]):
        in_field = list(in_field)
        top += [f"Lĩnh vực {ROMAN[int(field) - 1]}"] + [None] * (len(in_field) - 1)
        merges.append(f"{get_column_letter(col)}1:{get_column_letter(col + len(in_field) - 1)}1")
        for criterion, leaves in itertools.groupby(in_field, key=lambda c: c[:3]):
            leaves = list(leaves)
            letter = get_column_letter(col)
            if leaves == [criterion]:
                middle.append(criterion)
                bottom.append(None)
                merges.append(f"{letter}2:{letter}3")
            else:
                middle += [f"{criterion}. {NAMES[criterion]}"] + [None] * (len(leaves) - 1)
                bottom += leaves
                merges.append(f"{letter}2:{get_column_letter(col + len(leaves) - 1)}2")
            col += len(leaves)
    rest = [f"Lĩnh vực {c}" for c in range(3, 10)]
    top += rest
    for c in range(col, col + len(rest)):
        merges.append(f"{get_column_letter(c)}1:{get_column_letter(c)}3")
    points = UNITS["Phường Hòa Lạc"]
    fields = [field_sum(points, str(f)) for f in range(3, 10)]
    rows = [top, middle + [None] * 7, bottom + [None] * 7,
            [1, "Phường Hòa Lạc", *[points[c] for c in columns], *fields]]
    result = run([write_table(tmp_path / "t.xlsx", rows, merges)], M)
    assert result.exit_code == 0, [p.message() for p in result.problems]
    assert points_of(result) == pytest.approx({"Phường Hòa Lạc": expected_points(points)})
    codes = set(result.batch.entries["code"])
    assert {"1.1.1", "1.1.2", "1.5", "2.2", "2.3.2"} <= codes and not {"1", "1.1", "2"} & codes


def test_rows_under_the_header_that_are_not_maxima_are_still_checked(tmp_path):
    """A nameless row of points under the header that does not state the maxima (no
    marks, mostly other than the methodology's) is still a row without a unit (I015); a
    column "1.6" the methodology does not have is reported (I004), not kept as data."""
    rows, merges = wide(UNITS)
    for row in rows:
        if len(row) > 2 and row[1] in UNITS:
            row.insert(12, 1)
    rows[3].insert(12, "1.6")
    nameless = [None, None, *[0.25] * (len(rows[3]) - 3), None]
    rows.insert(4, nameless)
    result = run([write_table(tmp_path / "t.xlsx", rows, merges)], M)
    assert [(p.code, p.cell) for p in result.problems if p.code in ("I015", "I004")] == [
        ("I004", "M4"), ("I015", "B5")]
    assert points_of(result) == pytest.approx({n: expected_points(p) for n, p in UNITS.items()})
