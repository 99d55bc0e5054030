"""Make last year's sample: the fictional district's 2023 results, and the crosswalk to 2024.

Huyện Minh Sơn (fictional, see ``make_sample.py``) in 2023 had 21 communes and wards:
``Xã An Thịnh`` and ``Xã Khánh Hòa`` merged into ``Xã An Khánh`` in 2024, ``Xã Tân Thịnh``
became ``Phường Tân Thịnh``, and two names were typed with the old tone placement
(``Xã Hoà Bình``, ``Xã Cẩm Hòa``), as last year's clerk wrote them. Points are a seeded
variation of the 2024 sample in the same style (a unit-wide drift plus noise per field,
quarter-point steps).

The 2023 consolidated table is written to a temporary folder and scored by this tool, which
writes ``ket_qua_2023.csv`` and ``ket_qua_2023.xlsx`` here, as an analyst would have kept
them; ``crosswalk.xlsx`` maps the 2023 units onto the 2024 ones (weights: population).

Seeded: running it again gives the same figures.

    python data/make_sample_previous.py
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from make_sample import consolidated_table  # the script beside this one
from openpyxl import Workbook
from openpyxl.styles import Font

from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import run
from cchc_index._internal.report.csv import write_csv
from cchc_index._internal.report.workbook import write_workbook

SEED = 2023
HERE = Path(__file__).parent
THIS_YEAR = HERE / "sample_district"
OUT = HERE / "sample_previous"
# 2024 name -> the 2023 units it stands for: (name, kind, population, offset of its share)
PARTS = {
    "Xã An Khánh": [("Xã An Thịnh", "Xã", 8600, 0.04), ("Xã Khánh Hòa", "Xã", 5900, -0.07)],
    "Phường Tân Thịnh": [("Xã Tân Thịnh", "Xã", None, 0.0)],
    "Xã Hòa Bình": [("Xã Hoà Bình", "Xã", None, 0.0)],
    "Xã Cẩm Hoà": [("Xã Cẩm Hòa", "Xã", None, 0.0)],
}
CROSSWALK_NOTES = {"Xã An Khánh": "Hợp nhất từ ngày 01/01/2024 (trọng số: dân số)",
                   "Phường Tân Thịnh": "Thành lập phường từ xã Tân Thịnh"}


def previous_units(this_year) -> list[tuple[str, str, dict[str, float], float]]:
    """(2023 name, kind, field points, share offset) for every 2023 unit, in table order."""
    units = []
    for row in this_year.results.itertuples():
        fields = {c.removeprefix("field_"): getattr(row, c) for c in this_year.results.columns
                  if c.startswith("field_")}
        for name, kind, _population, offset in PARTS.get(row.unit,
                                                         [(row.unit, row.group, None, 0.0)]):
            units.append((name, kind, fields, offset))
    return units


def vary(rng: random.Random, points: dict[str, float], offset: float,
         maxima: dict[str, float], caps: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Last year's points: the unit's drift and the field noise, in quarter-point steps."""
    drift = rng.gauss(-0.025, 0.03) + offset
    varied = {}
    for code, value in points.items():
        maximum = maxima[code]
        if maximum > 0:
            share = value / maximum + drift + rng.gauss(0, 0.04)
            varied[code] = round(maximum * min(1.0, max(0.3, share)) * 4) / 4
        else:
            bonus, penalty = caps[code]
            draw = rng.random()
            varied[code] = bonus / 2 if draw < 0.15 else (-penalty / 3 if draw > 0.8 else 0.0)
    return varied


def write_table(path: Path, units, fields, methodology) -> Path:
    """The 2023 consolidated table, laid out as ``make_sample.py`` lays out 2024's."""
    consolidated_table(2023, units, fields, methodology.fields).save(path)
    return path


def write_crosswalk(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Chuyển đổi"
    sheet["A1"] = "BẢNG CHUYỂN ĐỔI ĐƠN VỊ HÀNH CHÍNH CẤP XÃ, NĂM 2023 SANG NĂM 2024"
    sheet["A1"].font = Font(bold=True, size=13)
    headers = ["STT", "Đơn vị cũ", "Đơn vị mới", "Trọng số", "Ghi chú"]
    for col, text in enumerate(headers, start=1):
        sheet.cell(3, col, text).font = Font(bold=True)
    row = 4
    for new, parts in PARTS.items():
        if new not in CROSSWALK_NOTES:
            continue  # same unit, only spelt differently: matched by name, no row needed
        for old, _kind, population, _offset in parts:
            values = [row - 3, old, new, population, CROSSWALK_NOTES[new]]
            for col, value in enumerate(values, start=1):
                sheet.cell(row, col, value)
            row += 1
    for col, width in zip("ABCDE", (6, 24, 24, 12, 48), strict=True):
        sheet.column_dimensions[col].width = width
    workbook.save(path)
    return path


def build(out: Path = OUT) -> list[Path]:
    methodology = load_methodology("xa-phuong-minh-hoa")
    fields = methodology.fields
    maxima = dict(zip(fields["code"], fields["max_points"], strict=True))
    caps = {c: (b, p) for c, b, p in zip(fields["code"], fields["bonus_cap"],
                                           fields["penalty_cap"], strict=True)}
    this_year = run([THIS_YEAR], methodology)
    rng = random.Random(SEED)
    units = previous_units(this_year)
    varied = [vary(rng, points, offset, maxima, caps) for _, _, points, offset in units]
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        table = write_table(Path(folder) / "tong_hop_huyen_minh_son_2023.xlsx",
                            [(name, kind) for name, kind, _, _ in units], varied, methodology)
        last_year = run([table], methodology)
        written = [write_csv(last_year, out / "ket_qua_2023.csv"),
                   write_workbook(last_year, out / "ket_qua_2023.xlsx", "vi")]
    written.append(write_crosswalk(out / "crosswalk.xlsx"))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT,
                        help=f"the folder to write (default: {OUT.relative_to(OUT.parents[1])})")
    for path in build(parser.parse_args(argv).output):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
