"""Make the bundled sample: a fictional district's consolidated table of field points.

The sample is a district of 20 communes and wards (huyện Minh Sơn, fictional) scored on
the bundled illustrative commune methodology ``xa-phuong-minh-hoa``: one row per unit,
one column per field, written the way a district office writes its summary sheet
(title block, a header merged over two rows, a "(1) (2) …" column-number row).

Seeded and deterministic: running it again gives byte-identical values.

    python data/make_sample.py            # writes data/sample_district/…xlsx
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from cchc_index._internal.methodology.load import load_methodology

SEED = 2024
YEAR = 2024
HEADER, SUB = 6, 7  # the table's header rows: headings, then the fields under theirs
OUT = Path(__file__).parent / "sample_district" / "tong_hop_huyen_minh_son_2024.xlsx"
UNITS = [
    ("Xã Minh Tiến", "Xã"), ("Xã Hòa Bình", "Xã"), ("Xã Tân Lập", "Xã"),
    ("Xã Đồng Tâm", "Xã"), ("Xã Quang Trung", "Xã"), ("Xã Thạch Bàn", "Xã"),
    ("Xã Yên Thế", "Xã"), ("Xã Phú Mỹ", "Xã"), ("Xã Nghĩa Hưng", "Xã"),
    ("Xã Cẩm Hoà", "Xã"), ("Xã Lương Sơn", "Xã"), ("Xã Trường Xuân", "Xã"),
    ("Xã Kim Đồng", "Xã"), ("Xã An Khánh", "Xã"),
    ("Phường Minh Khai", "Phường"), ("Phường Trần Phú", "Phường"),
    ("Phường Lê Lợi", "Phường"), ("Phường Hoàng Văn Thụ", "Phường"),
    ("Phường Bắc Sơn", "Phường"), ("Phường Tân Thịnh", "Phường"),
]


def field_points(rng: random.Random, maxima: dict[str, float], caps: dict[str, tuple]) -> dict:
    """Points per field for one unit: a unit-wide quality plus noise per field."""
    quality = rng.uniform(0.62, 0.97)
    points: dict[str, float] = {}
    for code, maximum in maxima.items():
        if maximum > 0:
            share = min(1.0, max(0.3, quality + rng.gauss(0, 0.06)))
            points[code] = round(maximum * share * 4) / 4  # quarter-point steps
        else:
            bonus, penalty = caps[code]
            draw = rng.random()
            points[code] = bonus / 2 if draw < 0.2 else (-penalty / 3 if draw > 0.85 else 0.0)
    return points


def titled_workbook(agency: str, office: str, year: int) -> Workbook:
    """A workbook whose sheet "Tổng hợp" opens with the office's title block (rows 1–4), as
    an office's summary sheet does (also ``make_sample_province.py``)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Tổng hợp"
    sheet["A1"] = agency
    sheet["A2"] = office
    sheet["A4"] = f"BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC XÃ, PHƯỜNG NĂM {year}"
    sheet["A4"].font = Font(bold=True, size=13)
    return workbook


def consolidated_table(year: int, units: list[tuple[str, str]], rows: list[dict[str, float]],
                       fields: pd.DataFrame) -> Workbook:
    """The district's summary sheet for ``year``: the title block, the header merged over
    rows ``HEADER`` and ``SUB``, the "(1) (2) …" row, then one row per ``(name, kind)`` unit
    with its points (``rows``: by field code) in the order of the methodology's ``fields``.
    Also lays out last year's table (``make_sample_previous.py``)."""
    workbook = titled_workbook("UBND HUYỆN MINH SƠN (MINH HOẠ)", "PHÒNG NỘI VỤ", year)
    sheet = workbook.active
    codes = list(fields["code"])
    last_col = 3 + len(codes)
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=last_col)
    header, sub = HEADER, SUB
    for col, text in ((1, "STT"), (2, "Đơn vị"), (3, "Loại đơn vị")):
        sheet.cell(header, col, text)
        sheet.merge_cells(start_row=header, start_column=col, end_row=sub, end_column=col)
    sheet.cell(header, 4, "Điểm đạt được theo lĩnh vực")
    sheet.merge_cells(start_row=header, start_column=4, end_row=header, end_column=last_col)
    for offset, (code, name) in enumerate(zip(codes, fields["name"], strict=True)):
        sheet.cell(sub, 4 + offset, f"{code}. {name}")
    for col in range(1, last_col + 1):
        sheet.cell(sub + 1, col, f"({col})")
        for row in (header, sub):
            sheet.cell(row, col).alignment = Alignment(wrap_text=True, horizontal="center")
            sheet.cell(row, col).font = Font(bold=True)
    for index, ((unit, kind), points) in enumerate(zip(units, rows, strict=True), start=1):
        row = sub + 1 + index
        sheet.cell(row, 1, index)
        sheet.cell(row, 2, unit)
        sheet.cell(row, 3, kind)
        for offset, code in enumerate(codes):
            sheet.cell(row, 4 + offset, points[code]).number_format = "0.00"
    return workbook


def build(path: Path = OUT) -> Path:
    methodology = load_methodology("xa-phuong-minh-hoa")
    fields = methodology.fields
    maxima = dict(zip(fields["code"], fields["max_points"], strict=True))
    caps = {c: (b, p) for c, b, p in zip(fields["code"], fields["bonus_cap"],
                                           fields["penalty_cap"], strict=True)}
    rng = random.Random(SEED)
    rows = [field_points(rng, maxima, caps) for _ in UNITS]
    rows[7] = dict(rows[3])  # two communes with the same points: a tie to show shared ranks

    workbook = consolidated_table(YEAR, UNITS, rows, fields)
    sheet = workbook.active
    signature = SUB + len(UNITS) + 4
    sheet.cell(signature, 2 + len(maxima) // 2, "TRƯỞNG PHÒNG NỘI VỤ")
    sheet.column_dimensions["B"].width = 26
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT,
                        help=f"the workbook to write (default: {OUT.relative_to(OUT.parents[1])})")
    print(build(parser.parse_args(argv).output))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
