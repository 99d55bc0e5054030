"""Results to report on, for the workbook and chart tests: the bundled sample district
(a consolidated table) and a batch of per-unit forms built in code (self-scores,
appraisals, a second appraisal, KPS of both rules, survey, bonus and penalty)."""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from engine_helpers import form, full_marks

from cchc_index import Batch, load_methodology, run, score_batch
from cchc_index._internal.pipeline import RunResult

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_district"
FIRST_UNIT = "Xã Minh Tiến"
FORM_UNITS = [("Xã Minh Tiến", "Xã"), ("Xã Hòa Bình", "Xã"), ("Xã Tân Lập", "Xã"),
              ("Xã Đồng Tâm", "Xã"), ("Phường Trần Phú", "Phường"), ("Phường Lê Lợi", "Phường")]


def small_sample(folder: Path, keep: int = 4) -> Path:
    """A copy of the sample district table with only its first ``keep`` units, for quick
    command-line runs."""
    from openpyxl import load_workbook

    book = load_workbook(SAMPLE / "tong_hop_huyen_minh_son_2024.xlsx")
    sheet = book.active
    first = next(r for r in range(1, 40) if sheet.cell(r, 2).value == FIRST_UNIT)
    sheet.delete_rows(first + keep, 20 - keep)
    path = folder / "tong_hop_nho.xlsx"
    book.save(path)
    return path


@cache
def sample_result() -> RunResult:
    return run([SAMPLE], load_methodology())


@cache
def forms_result() -> RunResult:
    """Six units scored from forms; each claims a little more than the council confirms."""
    methodology = load_methodology()
    tree = methodology.tree.set_index("code")
    rng = random.Random(4)
    batches = []
    for position, (name, group) in enumerate(FORM_UNITS):
        quality = 0.6 + 0.06 * position
        points: dict[str, object] = {}
        for code, maximum in full_marks(methodology).items():
            confirmed = round(maximum * min(1.0, quality + rng.uniform(-0.1, 0.1)) * 4) / 4
            if tree.loc[code, "component"] == "survey":
                points[code] = {"appraisal_1": confirmed}
            else:
                claim = min(maximum, confirmed + rng.choice([0.0, 0.25, 0.5]))
                points[code] = {"self_points": claim, "appraisal_1": confirmed}
        points["1.3.2"] = "KPS"  # not arisen, full points
        if position % 2:
            points["2.1.1"] = points["2.1.2"] = "KPS"  # not arisen, left out
        points["3.2.1"] = {"self_points": 5.0, "appraisal_1": 4.0, "appraisal_2": 4.5}
        points["9.1"] = {"self_points": 1.0, "appraisal_1": 1.0 if position == 0 else 0.0}
        points["9.2"] = {"appraisal_1": 0.5 if position == 1 else 0.0}
        batches.append(form(name, points, group=group))
    return score_batch(Batch.combine(batches), methodology)
