"""What a stray value in the last cells of a sheet costs: time and peak memory of reading a
unit's form (7 KB packed) with one value in A1048576 or XFD1048576, beside the same form
without it.

python-calamine builds a dense grid up to the farthest value: A1048576 costs a few hundred
MiB and seconds; XFD1048576 makes it request about 512 GiB and abort the process
(SIGABRT). Each case is read in a fresh process, two ways:

- ``read_file``: :func:`cchc_index._internal.io.inputs.read_file`, the file read in that process;
- ``run -j 1``: :func:`cchc_index._internal.pipeline.run` with ``jobs=1``, as the command reads a
  small batch (a hazardous file is then read in a process of its own: its peak is
  reported apart, as "child").

Printed: the median time of the read (imports excluded), the peak RSS of the reading
process and of its children, the units read and the problem codes; "died: SIGABRT" where
the process was killed. The forms are built with the package's own template and written to
a temporary folder, removed at the end (``--keep DIR`` keeps them there).

    python benchmarks/bench_far_cell.py                        # this checkout
    python benchmarks/bench_far_cell.py --code /tmp/before     # another copy of the code

To measure the code before a change: ``git archive <commit> cchc_index | tar -x -C
/tmp/before`` and pass ``--code /tmp/before`` (the readers run with that folder first on
their path, from a neutral working folder).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CELLS = ("A1048576", "XFD1048576")
SHEET = "xl/worksheets/sheet1.xml"

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
def peak_mib():  # VmHWM starts again at exec; ru_maxrss keeps the parent's mark (Linux)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
import cchc_index
from cchc_index._internal.methodology.load import load_methodology
methodology = load_methodology()
mode, path = sys.argv[1], Path(sys.argv[2])
start = time.perf_counter()
if mode == "read_file":
    from cchc_index._internal.io.inputs import read_file
    batch = read_file(path, methodology)
    units, problems = len(batch.units), batch.problems
else:
    from cchc_index._internal.pipeline import run
    result = run([path], methodology, jobs=1)
    units, problems = len(result.results), result.problems
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds, "units": units, "codes": sorted({p.code for p in problems}),
    "peak": peak_mib(),
    "child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "code": str(Path(cchc_index.__file__).parent.parent)}))
"""


def build_forms(folder: Path) -> dict[str, Path]:
    """A filled form of the bundled methodology, and copies with one value in each far
    cell (a few bytes of XML added to the sheet)."""
    sys.path.insert(0, str(ROOT))
    from cchc_index._internal.io.template import build_form, fill_form
    from cchc_index._internal.methodology.load import load_methodology

    methodology = load_methodology()
    workbook, template = build_form(methodology, unit="Xã Lộc Thủy", year=2024)
    tree = methodology.tree
    leaves = tree[tree["is_leaf"] & tree["component"].isin(["appraisal", "survey"])]
    fill_form(workbook.active, template, {  # every leaf at its maximum, as appraised
        code: {"appraisal_1": float(most)} if kind == "survey" else
        {"self_points": float(most), "appraisal_1": float(most)}
        for code, kind, most in zip(leaves["code"], leaves["component"],
                                    leaves["max_points"], strict=True)})
    plain = folder / "form.xlsx"
    workbook.save(plain)
    forms = {"plain form": plain}
    for cell in CELLS:
        row = cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        stray = (f'<row r="{row}"><c r="{cell}" t="inlineStr"><is><t>x</t></is></c></row>'
                 "</sheetData>").encode()
        path = folder / f"form_{cell}.xlsx"
        with zipfile.ZipFile(plain) as source, zipfile.ZipFile(
                path, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info)
                if info.filename == SHEET:
                    content = content.replace(b"</sheetData>", stray)
                target.writestr(info.filename, content)
        forms[cell] = path
    return forms


def measure(code: Path, mode: str, path: Path, runs: int) -> dict:
    """Median time and largest peaks of ``runs`` fresh processes reading ``path``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(code), *filter(None, [os.environ.get("PYTHONPATH")])])}
    seen = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)],
                              capture_output=True, text=True, env=env, cwd=path.parent,
                              timeout=600)
        if done.returncode != 0:
            how = (signal.Signals(-done.returncode).name if done.returncode < 0
                   else f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}")
            return {"died": how}
        seen.append(json.loads(done.stdout.splitlines()[-1]))
    return {"seconds": statistics.median(s["seconds"] for s in seen),
            "peak": max(s["peak"] for s in seen), "child": max(s["child"] for s in seen),
            "units": seen[0]["units"], "codes": seen[0]["codes"], "code": seen[0]["code"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="folder holding the cchc_index package to measure "
                             "(default: this checkout)")
    parser.add_argument("--runs", type=int, default=3, help="processes per case (median)")
    parser.add_argument("--keep", type=Path, help="write the forms here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        forms = build_forms(folder)
        print(f"code: {args.code.resolve()}")
        print(f"{'form':<12} {'read':<10} {'time':>8} {'peak':>9} {'child':>9}  result")
        for name, path in forms.items():
            for mode, shown in (("read_file", "read_file"), ("run", "run -j 1")):
                got = measure(args.code.resolve(), mode, path, args.runs)
                if "died" in got:
                    print(f"{name:<12} {shown:<10} {'died: ' + got['died']:>29}")
                    continue
                child = f"{got['child']:.0f} MiB" if got["child"] else "—"
                print(f"{name:<12} {shown:<10} {got['seconds']:>6.2f} s {got['peak']:>5.0f} MiB "
                      f"{child:>9}  {got['units']} unit(s) {' '.join(got['codes'])}")


if __name__ == "__main__":
    main()
