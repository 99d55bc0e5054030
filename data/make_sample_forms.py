"""Make the sample folder of self-assessment forms: data/sample_forms/.

Eleven communes and wards of the fictional huyện Minh Sơn each send the province's blank
form (``python -m cchc_index template``, bundled methodology ``xa-phuong-minh-hoa``)
filled in, and changed the way units change forms in practice:

==========================================  ==========================================
file                                        what the unit did
==========================================  ==========================================
xa_minh_tien.xlsx                           filled the form as sent; saved in Excel
phuong_minh_khai.xlsx                       typed numbers as text with decimal commas,
                                            "Không phát sinh" for KPS, its name in NFD
xa_tan_lap.xlsx                             moved the instructions sheet first, added a
                                            summary sheet, codes typed "1.1." / " 1.2 "
xa_yen_the.xlsx                             renumbered: I, II… for fields, 1, 2… and a),
                                            b)… below (matched by position, with a warning)
phuong_tran_phu.xlsx                        written by a script: totals are formulas with
                                            no computed value (recomputed, with a warning);
                                            a second appraisal round
xa_cam_hoa.xlsx                             retyped the headers ("ĐIỂM TỰ CHẤM", "Điểm
                                            HĐTĐ"), codes as Excel numbers, notes above
xa_thach_ban.xlsx                           not appraised yet: self-assessment only
xa_phu_my.xlsx                              filled the form as sent
xa_dong_tam.xlsx  (problem)                 "đạt" instead of points, an appraisal above
                                            the maximum
xa_quang_trung.xlsx  (problem)              deleted a criterion row, added a row of its own
                                            with points, changed a maximum
Xa Phu My - gui lai.xlsx  (problem)         Xã Phú Mỹ sent its form a second time
==========================================  ==========================================

Raw figures (Số liệu) are written for the leaves the methodology scores by a rule, and
the self-score is mostly what the rule gives. Xã Minh Tiến, Xã Yên Thế and Xã Thạch Bàn
claim full points on a few items their own figures do not earn: each claim is a warning
(R150), listed for the council by ``validate``; the council cut them back to the rule's
points, except at Xã Thạch Bàn, not appraised yet (try ``score --draft-appraisal``).

Seeded and deterministic: running it again gives the same values.

    python data/make_sample_forms.py                 # writes data/sample_forms/*.xlsx
    python -m cchc_index score data/sample_forms/    # scores 7 units, names 3 bad files
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from cchc_index._internal.io.template import POINTS, FormTemplate, build_form, fill_form
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.methodology.model import Component, Methodology, NotArisenRule
from cchc_index._internal.methodology.rule_figures import parse_figure
from cchc_index._internal.methodology.rule_model import Rule, RuleKind
from cchc_index._internal.rules.apply import rules_of

SEED = 2024
YEAR = 2024
OUT = Path(__file__).parent / "sample_forms"


# ---- what units enter ----

def _figure(rule: Rule, rng: random.Random, quality: float) -> str:
    """A raw figure a unit of this ``quality`` would write for ``rule``."""
    good = rng.random() < quality
    if rule.kind == RuleKind.DEADLINE:
        number = rng.randint(2, 40)
        return (f"Đúng hạn (Kế hoạch số {number}/KH-UBND ngày {rng.randint(5, 28)}/01/{YEAR})"
                if good else f"Trễ hạn (ban hành ngày {rng.randint(1, 28)}/03/{YEAR})")
    if rule.kind == RuleKind.PASS_FAIL:
        return "Đạt" if good else "Không đạt"
    if rule.kind == RuleKind.DEDUCTION:
        count = 0 if good else rng.randint(1, 3)
        return f"{count} {rule.measure.unit}"
    measure = rule.measure
    if measure.is_percent:
        if rng.random() < 0.5:
            total = rng.randint(300, 2400)
            done = total if good else int(total * rng.uniform(0.9, 0.99))
            return f"{done:,}/{total:,} hồ sơ".replace(",", ".")  # thousands separators
        share = 100.0 if good else rng.uniform(60, 99)
        return f"{share:.1f}%".replace(".0%", "%").replace(".", ",")
    target = float(getattr(rule, "target", 0) or max(s.bound for s in rule.steps))
    count = int(target * (rng.uniform(1.0, 1.4) if good else rng.uniform(0.4, 0.9)))
    return f"{count} {measure.unit}"


def unit_values(methodology: Methodology, rng: random.Random, appraised: bool = True,
                second_round: bool = False, overclaim: int = 0) -> dict[str, dict[str, object]]:
    """What one unit (and the council) types into the form, by leaf code and role.

    ``overclaim``: on that many rule-scored leaves the figure falls short and the unit
    claims the maximum anyway; the council gives the rule's points.
    """
    quality = rng.uniform(0.62, 0.97)
    aside = random.Random(quality)  # the overclaims' own draws
    rules = rules_of(methodology)
    short = set(aside.sample(sorted(c for c, r in rules.items() if not r.awards_deduction),
                             overclaim))
    values: dict[str, dict[str, object]] = {}
    tree = methodology.tree
    for node in tree[tree["is_leaf"]].itertuples():
        maximum = float(node.stated_max)
        typed: dict[str, object] = {}
        if node.component == Component.SURVEY:
            if appraised:
                typed["appraisal_1"] = quarter(maximum * rng.uniform(0.6, 0.95))
            values[node.code] = typed
            continue
        may_not_arise = node.not_arisen != NotArisenRule.NOT_ALLOWED
        if may_not_arise and rng.random() < 0.35:
            values[node.code] = {"self_points": "KPS",
                                 "explanation": "Trong năm không phát sinh"}
            continue
        rule = rules.get(node.code)
        claimed = None
        if rule is not None:
            figure = _figure(rule, rng, quality)
            if node.code in short:  # drawn aside, so the other units' values stay the same
                figure = _figure(rule, aside, 0.0)
            typed["raw_figure"] = figure
            own = rule.points(parse_figure(figure)) or 0.0
            if node.code in short and own < maximum:
                claimed = maximum
        elif node.component == Component.BONUS:
            own = maximum / 2 if rng.random() < 0.3 else 0.0
        else:
            own = quarter(maximum * min(1.0, max(0.0, quality + rng.gauss(0, 0.15))))
        typed["self_points"] = own if claimed is None else claimed
        typed["evidence"] = (f"{rng.choice(['Kế hoạch', 'Báo cáo', 'Quyết định'])} số "
                             f"{rng.randint(1, 120)}/UBND ngày {rng.randint(1, 28)}/"
                             f"{rng.randint(1, 12)}/{YEAR}")
        if appraised:  # the council checks the figure: it cuts only what no rule decides
            cut = 0.25 * rng.randint(1, 2) if rule is None and rng.random() < 0.2 else 0.0
            typed["appraisal_1"] = max(0.0, own - cut)
            if second_round and cut and rng.random() < 0.5:
                typed["appraisal_2"] = own
        values[node.code] = typed
    return values


def quarter(value: float) -> float:
    """``value`` in quarter-point steps. Also used by benchmarks/make_forms.py."""
    return round(value * 4) / 4


def filled(methodology: Methodology, unit: str, values: dict) -> tuple[Workbook, FormTemplate]:
    workbook, template = build_form(methodology, unit, YEAR)
    fill_form(workbook[template.sheet], template, values)
    return workbook, template


# ---- what units change ----

def parents_as_values(sheet: Worksheet, template: FormTemplate,
                      methodology: Methodology) -> None:
    """Parent rows' formulas replaced by the values Excel shows for them (the sum of the
    numbers below, blank when there are none). Also used by benchmarks/make_forms.py."""
    tree = methodology.tree
    leaves = set(tree.loc[tree["is_leaf"], "code"])
    for code, row in template.rows.items():
        if code in leaves:
            continue
        below = [template.rows[c] for c in leaves if c.startswith(code + ".")]
        for role in POINTS:
            col = template.columns[role]
            cell = sheet.cell(row, col)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                numbers = [sheet.cell(r, col).value for r in below]
                numbers = [v for v in numbers if isinstance(v, int | float)]
                cell.value = sum(numbers) if numbers else None


def totals_as_values(sheet: Worksheet, template: FormTemplate, methodology: Methodology) -> None:
    """Parent and total formulas replaced by the values Excel shows for them (the sum of the
    numbers below, blank when there are none), as a form saved by a spreadsheet program holds."""
    parents_as_values(sheet, template, methodology)
    tree = methodology.tree
    fields = [template.rows[c] for c in tree.loc[tree["max_points"] > 0, "code"] if "." not in c]
    for role in POINTS:
        cell = sheet.cell(template.total_row, template.columns[role])
        if isinstance(cell.value, str) and cell.value.startswith("="):
            numbers = [sheet.cell(r, template.columns[role]).value for r in fields]
            numbers = [v for v in numbers if isinstance(v, int | float)]
            cell.value = sum(numbers) if numbers else None


def numbers_as_text(sheet: Worksheet, template: FormTemplate, kps_word: str) -> None:
    """Points typed as text with a decimal comma ("0,5", " 1,25 ") and KPS spelled out."""
    for row in template.rows.values():
        for role in POINTS:
            cell = sheet.cell(row, template.columns[role])
            if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
                cell.value = f" {cell.value:g} ".replace(".", ",")
            elif cell.value == "KPS":
                cell.value = kps_word


def renumber(sheet: Worksheet, template: FormTemplate, methodology: Methodology,
             style: str) -> None:
    """Codes retyped: "trailing" (1.1.), "spaces" ( 1.2 ), "numbers" (Excel numbers) or
    "roman" (I, II… / 1, 2… / a), b)…)."""
    tree = methodology.tree
    position: dict[str, int] = {}
    for node in tree.itertuples():
        parent = node.parent if isinstance(node.parent, str) else ""
        position[parent] = position.get(parent, 0) + 1
        cell = sheet.cell(template.rows[node.code], template.columns["code"])
        if style == "trailing":
            cell.value = node.code + "." if node.level > 1 else node.code
        elif style == "spaces":
            cell.value = f" {node.code} "
        elif style == "numbers" and node.level <= 2:
            cell.value = float(node.code) if "." in node.code else int(node.code)
        elif style == "roman":
            n = position[parent]
            cell.value = [_roman(n), str(n), "abcdđeghik"[n - 1] + ")"][node.level - 1]


def _roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in numerals:
        while n >= value:
            text, n = text + letters, n - value
    return text


def summary_sheet(workbook: Workbook, template: FormTemplate, methodology: Methodology,
                  values: dict) -> None:
    """A summary of field totals people add after the form."""
    sheet = workbook.create_sheet("Tổng hợp")
    sheet.append(["TỔNG HỢP ĐIỂM TỰ ĐÁNH GIÁ THEO LĨNH VỰC"])
    sheet.append([])
    sheet.append(["STT", "Lĩnh vực", "Điểm tối đa", "Điểm tự đánh giá"])
    for node in methodology.fields.itertuples():
        own = [v.get("self_points") for c, v in values.items() if c.startswith(node.code + ".")]
        sheet.append([node.code, node.name, node.max_points,
                      sum(p for p in own if isinstance(p, int | float))])


def make(methodology: Methodology, out: Path, seed: int = SEED) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def save(workbook: Workbook, name: str) -> None:
        path = out / name
        workbook.save(path)
        written.append(path)

    def plain(unit: str, edit=None, **options) -> tuple[Workbook, FormTemplate, dict]:
        """A unit's form as saved by Excel, after ``edit(sheet, template, values)``."""
        values = unit_values(methodology, rng, **options)
        workbook, template = filled(methodology, unit, values)
        if edit is not None:
            edit(workbook[template.sheet], template, values)
        totals_as_values(workbook[template.sheet], template, methodology)
        return workbook, template, values

    workbook, _t, _v = plain("Xã Minh Tiến", overclaim=2)
    save(workbook, "xa_minh_tien.xlsx")

    workbook, template, _v = plain("Phường Minh Khai")
    sheet = workbook[template.sheet]
    numbers_as_text(sheet, template, "Không phát sinh")
    sheet["B6"] = unicodedata.normalize("NFD", "Phường Minh Khai")
    sheet["A1"] = unicodedata.normalize("NFD", "UBND PHƯỜNG MINH KHAI")
    save(workbook, "phuong_minh_khai.xlsx")

    workbook, template, values = plain("Xã Tân Lập")
    renumber(workbook[template.sheet], template, methodology, "trailing")
    workbook.move_sheet("Hướng dẫn", offset=-1)
    summary_sheet(workbook, template, methodology, values)
    save(workbook, "xa_tan_lap.xlsx")

    workbook, template, _v = plain("Xã Yên Thế", overclaim=1)
    renumber(workbook[template.sheet], template, methodology, "roman")
    save(workbook, "xa_yen_the.xlsx")

    values = unit_values(methodology, rng, second_round=True)
    workbook, template = filled(methodology, "Phường Trần Phú", values)
    save(workbook, "phuong_tran_phu.xlsx")  # formulas left as a script writes them

    workbook, template, _v = plain("Xã Cẩm Hoà")
    sheet = workbook[template.sheet]
    sheet.cell(template.header_row + 1, template.columns["self_points"], "ĐIỂM TỰ CHẤM")
    sheet.cell(template.header_row + 1, template.columns["appraisal_1"], "Điểm HĐTĐ")
    sheet.cell(template.header_row + 1, template.columns["appraisal_2"], "HĐTĐ lần 2")
    sheet.cell(template.header_row, template.columns["name"], "NỘI DUNG\nTIÊU CHÍ")
    sheet["A3"] = "(Kèm theo Công văn số 45/UBND-NV ngày 05/12/2024 của UBND huyện Minh Sơn)"
    renumber(sheet, template, methodology, "numbers")
    save(workbook, "xa_cam_hoa.xlsx")

    workbook, template, _v = plain("Xã Thạch Bàn", appraised=False, overclaim=3)
    renumber(workbook[template.sheet], template, methodology, "spaces")
    save(workbook, "xa_thach_ban.xlsx")

    workbook, template, values = plain("Xã Phú Mỹ")
    save(workbook, "xa_phu_my.xlsx")
    fill_form(workbook[template.sheet], template, {
        code: {"self_points": typed["self_points"]} for code, typed in list(values.items())[:3]
        if isinstance(typed.get("self_points"), float)})
    save(workbook, "Xa Phu My - gui lai.xlsx")  # the same unit, sent again

    def not_numbers(sheet: Worksheet, template: FormTemplate, values: dict) -> None:
        leaves = [c for c, v in values.items() if isinstance(v.get("self_points"), float)]
        sheet.cell(template.rows[leaves[4]], template.columns["self_points"], "đạt")
        high = methodology.tree.set_index("code").loc[leaves[9], "stated_max"] + 1
        sheet.cell(template.rows[leaves[9]], template.columns["appraisal_1"], high)

    workbook, _t, _v = plain("Xã Đồng Tâm", not_numbers)
    save(workbook, "xa_dong_tam.xlsx")

    def rows_changed(sheet: Worksheet, template: FormTemplate, values: dict) -> None:
        leaves = [c for c, v in values.items() if isinstance(v.get("self_points"), float)]
        gone = template.rows[leaves[12]]
        for col in range(1, len(template.columns) + 1):
            sheet.cell(gone, col).value = None  # a criterion's row emptied
        own = template.total_row  # a row of its own where the total was
        sheet.cell(own, template.columns["code"], f"{leaves[-1].split('.')[0]}.9")
        sheet.cell(own, template.columns["name"], "Nội dung đơn vị tự bổ sung")
        sheet.cell(own, template.columns["max_points"]).value = None
        sheet.cell(own, template.columns["self_points"], 1)
        wrong = sheet.cell(template.rows[leaves[6]], template.columns["max_points"])
        wrong.value = wrong.value * 2

    workbook, _t, _v = plain("Xã Quang Trung", rows_changed)
    save(workbook, "xa_quang_trung.xlsx")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT,
                        help=f"the folder to write (default: {OUT.relative_to(OUT.parents[1])})")
    out = parser.parse_args(argv).output
    for path in make(load_methodology("xa-phuong-minh-hoa"), out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
