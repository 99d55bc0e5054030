"""Generate realistic per-unit self-assessment forms for benchmarks, seeded.

Each form is the province's blank form (:func:`cchc_index._internal.io.template.build_form`: title
block, a header merged over two rows, a "(1) (2) …" row, one row per node of the tree, a
total row, a signature block, a guide sheet) filled in the way units fill it: raw figures
(Số liệu) for the leaves scored by a rule, with the self-score the rule gives; points
elsewhere; evidence or an explanation; "KPS" where a leaf did not arise; the council's
appraisal; survey points (missing in some forms). Half the forms keep the parent rows'
SUM formulas without cached values (written by a script); the other half hold the values
a spreadsheet program would have saved. One form in ten has its points typed as text with
decimal commas.

The same seed and count give the same forms. Generation runs on all cores.

    python benchmarks/make_forms.py OUT_DIR --n 2000 [--seed 2024]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from cchc_index._internal.io.template import POINTS, build_form, fill_form
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.methodology.model import Component, Methodology, NotArisenRule
from cchc_index._internal.rules.apply import rules_of
from cchc_index._internal.rules.figures import parse_figure
from cchc_index._internal.rules.model import RuleKind

# The sample forms' script (data/make_sample_forms.py) fills parent rows the same way.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
from make_sample_forms import parents_as_values, quarter

YEAR = 2024
PREFIXES = ["Xã", "Xã", "Xã", "Phường", "Thị trấn"]
SYLLABLES = ["An", "Bình", "Cẩm", "Đông", "Đức", "Giang", "Hà", "Hải", "Hòa", "Hồng", "Hưng",
             "Khánh", "Kim", "Lạc", "Lâm", "Lộc", "Long", "Minh", "Mỹ", "Nam", "Nghĩa", "Ninh",
             "Phong", "Phú", "Phúc", "Quang", "Sơn", "Tân", "Thạch", "Thanh", "Thành", "Thịnh",
             "Thuận", "Tiến", "Trung", "Trường", "Vĩnh", "Xuân", "Yên"]
DOCUMENTS = ["Kế hoạch số {n}/KH-UBND ngày {d}/{m}/2024",
             "Báo cáo số {n}/BC-UBND ngày {d}/{m}/2024",
             "Quyết định số {n}/QĐ-UBND ngày {d}/{m}/2024",
             "Công văn số {n}/UBND-VP ngày {d}/{m}/2024",
             "https://xa{n}.gov.vn/tin-tuc/cai-cach-hanh-chinh-{d}{m}"]


def unit_names(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct unit names ("Xã Minh Tiến", "Phường Hòa Lạc Sơn" …)."""
    names: dict[str, None] = {}
    length = 2
    while len(names) < n:
        if len(names) > 0.5 * len(PREFIXES) * len(SYLLABLES) ** length:
            length += 1
        words = " ".join(rng.choice(SYLLABLES) for _ in range(length))
        names.setdefault(f"{rng.choice(PREFIXES)} {words}")
    return list(names)


def _figure(rule, rng: random.Random, good: bool) -> str:
    """A raw figure as a unit writes it for ``rule``."""
    if rule.kind == RuleKind.DEADLINE:
        return (f"Đúng hạn (Kế hoạch số {rng.randint(2, 40)}/KH-UBND ngày "
                f"{rng.randint(5, 28)}/01/{YEAR})" if good
                else f"Trễ hạn (ban hành ngày {rng.randint(1, 28)}/03/{YEAR})")
    if rule.kind == RuleKind.PASS_FAIL:
        return "Đạt" if good else "Không đạt"
    if rule.kind == RuleKind.DEDUCTION:
        return f"{0 if good else rng.randint(1, 3)} {rule.measure.unit}"
    if rule.measure.is_percent:
        if rng.random() < 0.5:
            total = rng.randint(300, 2400)
            done = total if good else int(total * rng.uniform(0.9, 0.99))
            return f"{done:,}/{total:,} hồ sơ".replace(",", ".")
        share = 100.0 if good else rng.uniform(60, 99)
        return f"{share:.1f}%".replace(".0%", "%").replace(".", ",")
    target = float(getattr(rule, "target", 0) or max(s.bound for s in rule.steps))
    count = int(target * (rng.uniform(1.0, 1.4) if good else rng.uniform(0.4, 0.9)))
    return f"{count} {rule.measure.unit}"


def unit_values(methodology: Methodology, rng: random.Random) -> dict[str, dict[str, object]]:
    """What one unit, and then the council, type into the form: by leaf code and role."""
    quality = rng.uniform(0.6, 0.98)
    survey_given = rng.random() < 0.8
    rules = rules_of(methodology)
    values: dict[str, dict[str, object]] = {}
    tree = methodology.tree
    for node in tree[tree["is_leaf"]].itertuples():
        maximum = float(node.stated_max)
        if node.component == Component.SURVEY:
            survey = quarter(maximum * rng.uniform(0.6, 0.95))
            values[node.code] = {"appraisal_1": survey} if survey_given else {}
            continue
        if node.not_arisen != NotArisenRule.NOT_ALLOWED and rng.random() < 0.15:
            values[node.code] = {"self_points": "KPS", "appraisal_1": "KPS",
                                 "explanation": "Trong năm không phát sinh"}
            continue
        typed: dict[str, object] = {}
        rule = rules.get(node.code)
        if rule is not None:
            typed["raw_figure"] = _figure(rule, rng, rng.random() < quality)
            own = float(rule.points(parse_figure(typed["raw_figure"])) or 0.0)
        elif node.component == Component.BONUS:
            own = maximum / 2 if rng.random() < 0.3 else 0.0
        else:
            own = quarter(maximum * min(1.0, max(0.0, quality + rng.gauss(0, 0.15))))
        typed["self_points"] = own
        if rng.random() < 0.9:
            typed["evidence"] = rng.choice(DOCUMENTS).format(
                n=rng.randint(1, 250), d=rng.randint(1, 28), m=rng.randint(1, 12))
        else:
            typed["explanation"] = "Đã thực hiện, tài liệu lưu tại Văn phòng UBND"
        cut = 0.25 * rng.randint(1, 2) if rule is None and rng.random() < 0.2 else 0.0
        typed["appraisal_1"] = max(0.0, own - cut)
        values[node.code] = typed
    return values


def _totals_as_values(sheet, template, methodology: Methodology) -> None:
    """Parent formulas replaced by what a spreadsheet program saves: the sums shown; the
    total row left blank."""
    parents_as_values(sheet, template, methodology)
    for role in POINTS:
        sheet.cell(template.total_row, template.columns[role]).value = None


def _numbers_as_text(sheet, template) -> None:
    for row in template.rows.values():
        for role in POINTS:
            cell = sheet.cell(row, template.columns[role])
            if isinstance(cell.value, float | int) and not isinstance(cell.value, bool):
                cell.value = f"{cell.value:g}".replace(".", ",")


@cache
def _methodology(name: str) -> Methodology:
    return load_methodology(name)


def write_form(path: Path, unit: str, methodology: Methodology, seed: int) -> Path:
    """One unit's filled form at ``path``."""
    rng = random.Random(seed)
    workbook, template = build_form(methodology, unit, YEAR)
    sheet = workbook[template.sheet]
    fill_form(sheet, template, unit_values(methodology, rng))
    if rng.random() < 0.5:
        _totals_as_values(sheet, template, methodology)
    if rng.random() < 0.1:
        _numbers_as_text(sheet, template)
    workbook.save(path)
    return path


def _one(task: tuple[str, str, str, int]) -> str:
    path, unit, methodology, seed = task
    write_form(Path(path), unit, _methodology(methodology), seed)
    return path


def generate(folder: Path, n: int, seed: int = 2024, methodology: str = "xa-phuong-minh-hoa",
             jobs: int | None = None) -> list[Path]:
    """Write ``n`` forms into ``folder`` (created) and return their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    tasks = [(str(folder / f"tu_danh_gia_{i:05d}.xlsx"), unit, methodology, rng.randrange(2**32))
             for i, unit in enumerate(unit_names(n, rng), start=1)]
    if jobs is None:
        jobs = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1)
    if jobs == 1 or n < 20:
        return [Path(_one(t)) for t in tasks]
    with ProcessPoolExecutor(jobs) as pool:
        return [Path(p) for p in pool.map(_one, tasks, chunksize=max(1, n // (jobs * 8)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--methodology", default="xa-phuong-minh-hoa")
    args = parser.parse_args(argv)
    paths = generate(args.out, args.n, args.seed, args.methodology)
    print(f"{len(paths)} forms in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
