"""Time the robustness Monte Carlo: 1,000 runs on 700 units scored leaf by leaf.

The units are built in memory (one appraised form per unit on the bundled commune
methodology, every leaf scored in quarter steps, survey leaves from the survey team), so
the figure is the analysis alone, not reading workbooks.

    python benchmarks/bench_robustness.py [--units 700] [--runs 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time

from cchc_index._internal.analysis.robustness import robustness
from cchc_index._internal.entries import Batch, make_entries, make_units
from cchc_index._internal.methodology.load import load_methodology
from cchc_index._internal.pipeline import score_batch


def build(units: int, seed: int):
    methodology = load_methodology("xa-phuong-minh-hoa")
    tree = methodology.tree
    leaves = tree[tree["is_leaf"]]
    rng = random.Random(seed)
    unit_rows, entry_rows = [], []
    for number in range(units):
        unit_id = f"form_{number}.xlsx|Tự đánh giá"
        unit_rows.append({"unit_id": unit_id, "unit": f"Xã Số {number + 1}",
                          "group": "Phường" if number % 5 == 0 else "Xã",
                          "file": f"form_{number}.xlsx", "sheet": "Tự đánh giá"})
        quality = rng.uniform(0.55, 0.98)
        for code, component, maximum in zip(leaves["code"], leaves["component"],
                                            leaves["stated_max"], strict=True):
            entry = {"unit_id": unit_id, "code": code, "file": f"form_{number}.xlsx",
                     "sheet": "Tự đánh giá"}
            if component in ("bonus", "penalty"):
                entry["appraisal_1"] = 0.0
            else:
                share = min(1.0, max(0.0, quality + rng.gauss(0, 0.1)))
                points = round(maximum * share * 4) / 4
                key = "appraisal_1" if component == "appraisal" else "given_points"
                entry[key] = points
                if component == "appraisal":
                    entry["self_points"] = maximum
            entry_rows.append(entry)
    batch = Batch(make_units(unit_rows), make_entries(entry_rows))
    return score_batch(batch, methodology, group_by=None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=700)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    result = build(args.units, args.seed)
    built = time.perf_counter() - started
    print(f"scored {len(result.results)} units, {len(result.nodes)} scored nodes "
          f"in {built:.1f} s (set-up, not timed below)")
    timings = []
    for repeat in range(3):
        started = time.perf_counter()
        frame = robustness(result, runs=args.runs, seed=args.seed + repeat)
        timings.append(time.perf_counter() - started)
    unsettled = int((~frame["settled"]).sum())
    print(f"robustness: {args.runs} runs × {len(frame)} units: best {min(timings):.2f} s, "
          f"worst {max(timings):.2f} s over 3 repeats; {unsettled} units not settled")


if __name__ == "__main__":
    main()
