"""Make a province-sized sample: 160 communes and wards in one consolidated table.

The province (tỉnh Minh Sơn, fictional) scores its communes and wards directly, as after
the 2025 reform: one table exported per criterion on the bundled commune methodology
``xa-phuong-minh-hoa`` (one row per unit, one column per leaf criterion headed by its
code, the maxima on the row under the header), with what a province's run really meets:
two groups (Xã, Phường), ties, a few long names, bonus and penalty points, and units
whose sociological-survey points have not arrived (their survey cells left blank).

It is what the report is checked on at scale: render the workbook and the Word draft of

    python data/make_sample_province.py -o /tmp/tinh/tong_hop_tinh_2025.xlsx
    python -m cchc_index score /tmp/tinh/ -o /tmp/tinh/ket_qua.xlsx --summary \\
        --docx /tmp/tinh/bao_cao.docx --charts /tmp/tinh/bieu_do --top 10

Seeded and deterministic: running it again gives the same values.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from make_sample import titled_workbook
from openpyxl.styles import Alignment, Font

from cchc_index._internal.methodology.load import load_methodology

SEED = 2025
YEAR = 2024  # the year of the bundled methodology
UNITS = 160
WARD_EVERY = 5  # every fifth unit a ward
NO_SURVEY = 25  # units whose survey points are missing
OUT = Path("tong_hop_tinh_minh_son_2025.xlsx")
FIRST = ["An", "Bình", "Cẩm", "Đông", "Hòa", "Hưng", "Kim", "Lạc", "Minh", "Nghĩa", "Phú",
         "Quang", "Sơn", "Tân", "Thạch", "Thanh", "Trung", "Vĩnh", "Xuân", "Yên"]
SECOND = ["Hải", "Lợi", "Thịnh", "Phong", "Lâm", "Hà", "Tiến", "Thành", "Hòa", "Khánh",
          "Long", "Mỹ", "Phúc", "Sơn", "Thuận", "Trạch", "Đức", "Lộc"]
LONG_NAMES = ["Quảng Phú Cầu Thượng", "Hoàng Văn Thụ Nam", "Nguyễn Trung Trực"]


def unit_names(rng: random.Random, count: int = UNITS) -> list[tuple[str, str]]:
    """``count`` distinct (name, kind) pairs; every ``WARD_EVERY``-th a ward."""
    stems = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    rng.shuffle(stems)
    stems[:len(LONG_NAMES)] = LONG_NAMES
    rng.shuffle(stems)
    units = []
    for number, stem in enumerate(stems[:count]):
        kind = "Phường" if number % WARD_EVERY == 0 else "Xã"
        units.append((f"{kind} {stem}", kind))
    return units


def build(path: Path = OUT, units: int = UNITS, missing_survey: int = NO_SURVEY) -> Path:
    methodology = load_methodology("xa-phuong-minh-hoa")
    tree = methodology.tree
    leaves = tree[tree["is_leaf"]]
    rng = random.Random(SEED)
    names = unit_names(rng, units)
    rows = [leaf_points(rng, leaves) for _ in names]
    rows[11] = dict(rows[6])  # two communes with the same points: shared ranks
    survey = [c for c, k in zip(leaves["code"], leaves["component"], strict=True)
              if k == "survey"]
    for index in rng.sample(range(units), missing_survey):
        rows[index].update(dict.fromkeys(survey))  # the survey's points have not arrived
    workbook = titled_workbook("UBND TỈNH MINH SƠN (MINH HOẠ)", "SỞ NỘI VỤ", YEAR)
    sheet = workbook.active
    codes = list(leaves["code"])
    header = ["STT", "Đơn vị", "Loại đơn vị", *codes]
    sheet.append([])
    sheet.append(header)
    sheet.append(["", "Điểm tối đa", "", *leaves["stated_max"].tolist()])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for number, ((name, kind), points) in enumerate(zip(names, rows, strict=True), start=1):
        sheet.append([number, name, kind, *(points[c] for c in codes)])
    sheet.column_dimensions["B"].width = 30
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def leaf_points(rng: random.Random, leaves) -> dict[str, float | None]:
    """One unit's points per leaf: a unit-wide quality plus noise, in quarter points;
    a bonus for one unit in five, a deduction (written as the points deducted) for one
    in ten."""
    quality = rng.uniform(0.5, 0.98)
    points: dict[str, float | None] = {}
    for code, kind, maximum in zip(leaves["code"], leaves["component"], leaves["stated_max"],
                                   strict=True):
        if kind in ("bonus", "penalty"):
            draw = rng.random()
            points[code] = (0.5 if kind == "bonus" and draw < 0.2
                            else 1.0 if kind == "penalty" and draw < 0.1 else 0.0)
        else:
            share = min(1.0, max(0.0, quality + rng.gauss(0, 0.1)))
            points[code] = round(maximum * share * 4) / 4
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT,
                        help=f"the workbook to write (default: {OUT} in this folder)")
    parser.add_argument("--units", type=int, default=UNITS, help="how many units")
    parser.add_argument("--missing-survey", type=int, default=NO_SURVEY,
                        help="how many units lack their survey points")
    args = parser.parse_args(argv)
    print(build(args.output, args.units, args.missing_survey))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
