"""How fast is a province, or the whole country? Side by side, in one run:

  (a) a bare python-calamine read of every form, one process: the floor;
  (b) a naive loop of ``pandas.read_excel(engine="openpyxl")``: what an analyst writes;
  (c) our whole ``score`` (find, check, read, validate, score, rank, write the CSV), as a
      user runs it: ``python -m cchc_index score DIR --csv out.csv``, in one process
      (``-j 1``) and with the default (all cores for a batch this size).

Forms are generated once with a seeded generator (benchmarks/make_forms.py: the province's
template filled in as units fill it) and cached. Every measurement runs in a fresh process;
(a) and (b) time their loop inside it, (c) is timed from outside, start-up included, and its
cost per form is (time for N forms - time for one form) / (N - 1). Medians of ``--runs``.
Beside the wall time, the CPU time of each one-process measurement ((a) and (c1): the
loop's ``process_time``, the process's user + system time) gives the same ratios with
less of the noise of other programs sharing the machine.
Peak memory (psutil, sampled every 50 ms) is the RSS of the largest process and the sum
over the process and its workers.

    python benchmarks/bench_batch.py                 # 2,000 forms (a province, many times)
    python benchmarks/bench_batch.py --n 10000       # the whole country before 2025
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR_VERSION = 2  # bump when make_forms.py changes what it writes


# ---------------------------------------------------------------- measured in a child

def _measure(kind: str, list_file: str) -> None:
    """Run one loop over the files listed in ``list_file``; print its time as JSON."""
    paths = Path(list_file).read_text(encoding="utf-8").splitlines()
    if kind == "calamine":
        from python_calamine import CalamineWorkbook

        start, cpu = time.perf_counter(), time.process_time()
        cells = 0
        for path in paths:
            workbook = CalamineWorkbook.from_path(path)
            for name in workbook.sheet_names:
                cells += sum(len(r) for r in workbook.get_sheet_by_name(name).to_python())
            workbook.close()
    elif kind == "pandas-openpyxl":
        import pandas as pd

        start, cpu = time.perf_counter(), time.process_time()
        cells = 0
        for path in paths:
            cells += pd.read_excel(path, engine="openpyxl", header=None).size
    else:
        raise SystemExit(f"unknown measurement {kind}")
    print(json.dumps({"seconds": time.perf_counter() - start,
                      "cpu": time.process_time() - cpu, "cells": cells}))


# ---------------------------------------------------------------- run and watch a child

def _watch(command: list[str], cwd: Path = ROOT) -> dict:
    """Run ``command``; its wall time, exit code, output, and (psutil, sampled every 50 ms)
    the peak RSS of its largest process and of the process and its workers together.

    Not ``ru_maxrss``: on Linux a child started from this process reports this process's
    high-water mark when that is higher (it survives fork and exec).
    """
    try:
        import psutil
    except ImportError:
        psutil = None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err)
        process_peak, tree_peak, next_sample = 0, 0, start
        watched = psutil.Process(process.pid) if psutil else None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            now = time.perf_counter()
            if watched is not None and now >= next_sample:
                sizes = _tree_rss(watched, psutil)
                if sizes:
                    process_peak = max(process_peak, max(sizes))
                    tree_peak = max(tree_peak, sum(sizes))
                next_sample = now + 0.05
            time.sleep(0.002)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "code": process.returncode,
                "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")[-2000:],
                "rss": process_peak, "tree_rss": tree_peak,
                "cpu": usage.ru_utime + usage.ru_stime}


def _tree_rss(process, psutil) -> list[int]:
    """The RSS of ``process`` and of each of its descendants."""
    sizes = []
    try:
        for member in [process, *process.children(recursive=True)]:
            sizes.append(member.memory_info().rss)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass
    return sizes


def _python(*args: str) -> list[str]:
    return [sys.executable, *args]


# ---------------------------------------------------------------- the benchmark

def forms(n: int, seed: int, folder: Path | None) -> tuple[Path, list[Path]]:
    folder = folder or Path(tempfile.gettempdir()) / (
        f"cchc_bench_forms_n{n}_s{seed}_v{GENERATOR_VERSION}")
    existing = sorted(folder.glob("*.xlsx")) if folder.is_dir() else []
    if len(existing) != n:
        sys.path.insert(0, str(HERE))
        from make_forms import generate

        shutil.rmtree(folder, ignore_errors=True)
        print(f"Generating {n} forms in {folder} …", flush=True)
        start = time.perf_counter()
        existing = generate(folder, n, seed)
        print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
    return folder, existing


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    try:
        total = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
        memory = f", {total / 2**30:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{model}, {cores} cores usable{memory}; {platform.system()} {platform.release()}"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [f"Python {platform.python_version()}"]
    for name in ("pandas", "pandera", "openpyxl", "python-calamine", "numpy"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            parts.append(f"{name} -")
    return ", ".join(parts)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _mb(count: float) -> str:
    return f"{count / 2**20:,.0f} MB" if count else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="forms (default 2000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--naive-runs", type=int, default=None,
                        help="runs of (b), the slow naive loop (default: --runs)")
    parser.add_argument("--forms-dir", type=Path, help="where the generated forms are kept")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "LIST"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        _measure(*args.measure)
        return 0
    if args.n < 2:
        parser.error("--n must be at least 2")
    folder, paths = forms(args.n, args.seed, args.forms_dir)
    work = Path(tempfile.mkdtemp(prefix="cchc_bench_"))
    listing = work / "files.txt"
    listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
    one = work / "one"
    one.mkdir()
    shutil.copy(paths[0], one / paths[0].name)
    script = str(Path(__file__).resolve())
    score = ["-m", "cchc_index", "score"]
    measurements = {
        "a": _python(script, "--measure", "calamine", str(listing)),
        "b": _python(script, "--measure", "pandas-openpyxl", str(listing)),
        "c1": _python(*score, str(folder), "--csv", str(work / "c1.csv"), "-q", "-j", "1"),
        "call": _python(*score, str(folder), "--csv", str(work / "call.csv"), "-q"),
        "one": _python(*score, str(one), "--csv", str(work / "one.csv"), "-q"),
        "help": _python("-m", "cchc_index", "--help"),
        "import": _python("-X", "importtime", "-c", "import cchc_index._internal.commands"),
    }
    naive_runs = args.naive_runs if args.naive_runs is not None else args.runs
    times: dict[str, list[float]] = {k: [] for k in measurements}
    rss: dict[str, list[float]] = {k: [] for k in measurements}
    tree: dict[str, list[float]] = {k: [] for k in measurements}
    cpu: dict[str, list[float]] = {k: [] for k in measurements}
    imports: list[float] = []
    print(f"Timing {args.n} forms, {args.runs} runs …", flush=True)
    for run in range(max(args.runs, naive_runs)):
        for key, command in measurements.items():
            if (key == "b" and run >= naive_runs) or (key != "b" and run >= args.runs):
                continue
            if key == "import":
                imports.append(_import_seconds(command))
                continue
            watched = _watch(command)
            if key in ("a", "b"):
                if watched["code"] != 0:
                    raise SystemExit(f"measurement {key} failed:\n{watched['stderr']}")
                measured = json.loads(watched["stdout"].strip().splitlines()[-1])
                times[key].append(measured["seconds"])
                cpu[key].append(measured["cpu"])
            else:
                if watched["code"] not in (0, 1):
                    raise SystemExit(f"{' '.join(command)} exited {watched['code']}:\n"
                                     f"{watched['stderr']}")
                times[key].append(watched["wall"])
                cpu[key].append(watched["cpu"])
            rss[key].append(watched["rss"])
            tree[key].append(watched["tree_rss"])
            print(f"  run {run + 1}: {key:5s} {times[key][-1]:8.2f} s", flush=True)
    report(args, folder, work, times, rss, tree, imports, cpu)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _import_seconds(command: list[str]) -> float:
    """The package's import time for a ``score``: the cumulative time -X importtime gives
    to ``cchc_index._internal.commands`` (what ``python -m cchc_index score`` imports)."""
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines():
        if line.rstrip().endswith("| cchc_index._internal.commands"):
            return int(line.split("|")[1]) / 1e6
    return float("nan")


def report(args, folder, work, times, rss, tree, imports, cpu=None) -> None:
    """Print the measurements; "—" for one not run (``--naive-runs 0``), and the ratios
    that need it are left out."""
    n = args.n
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    a, b = _median(times["a"]), _median(times["b"])
    c1, call, t1 = _median(times["c1"]), _median(times["call"]), _median(times["one"])
    per = {"a": a / n, "b": b / n, "c1": (c1 - t1) / (n - 1), "call": (call - t1) / (n - 1)}
    rows = [
        ("a", "python-calamine, bare read, 1 process", a, per["a"]),
        ("b", "pandas.read_excel(openpyxl) loop, 1 process", b, per["b"]),
        ("c1", "score --csv, 1 process (-j 1)", c1, per["c1"]),
        ("call", f"score --csv, default (all {cores} cores)", call, per["call"]),
    ]
    print()
    print(f"Machine: {machine()}")
    print(f"Software: {versions()}")
    print(f"Forms: {n} generated with seed {args.seed} in {folder} "
          f"({sum(p.stat().st_size for p in folder.glob('*.xlsx')) / 2**20:.0f} MB)")
    print(f"Command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"Medians of {args.runs} runs ((b): {len(times['b'])}).")
    print()
    print(f"{'':5s}{'what':46s}{'total':>10s}{'per form':>11s}{'forms/s':>10s}"
          f"{'peak RSS':>11s}{'all procs':>11s}")
    for key, label, total, cost in rows:
        print(f"{key:5s}{label:46s}{_shown(total, '9.2f', 's'):>10s}"
              f"{_shown(cost * 1e3, '9.2f', 'ms'):>11s}{_shown(1 / cost, '10.0f'):>10s}"
              f"{_mb(max(rss[key], default=0)):>11s}{_mb(max(tree[key], default=0)):>11s}")
    print()
    print(f"One form end to end (score one.xlsx --csv, start-up included): "
          f"{_shown(t1, '.2f', ' s')} (target < 1.5 s)")
    print(f"python -m cchc_index --help: {_shown(_median(times['help']), '.2f', ' s')}; "
          f"import of the package for a score (cchc_index._internal.commands, -X importtime): "
          f"{_shown(_median(imports), '.2f', ' s')}")
    print()
    print("Ratios of the cost per form (targets from issue 6):")
    ratios = [
        ("c/a, one process:    ", per["c1"], per["a"], "   (target <= 1.5)"),
        ("c/a, all cores:      ", per["call"], per["a"], "   (target <= 1.0)"),
        ("b/c, one process:    ", per["b"], per["c1"], "   (target >= 8)"),
        ("b/c, all cores:      ", per["b"], per["call"], ""),
    ]
    for label, top, bottom, target in ratios:
        if _measured(top) and _measured(bottom):
            print(f"  {label} {top / bottom:6.2f}{target}")
    if _measured(per["c1"]) and _measured(per["call"]):
        print(f"  speed-up of all cores over one process: {per['c1'] / per['call']:.2f}")
    print(f"  peak memory of the score, all processes: {_mb(max(tree['call'], default=0))} "
          f"(target < 1 GiB at 10,000 forms)")
    if cpu:
        cpu_a = _median(cpu["a"]) / n
        cpu_c1 = (_median(cpu["c1"]) - _median(cpu["one"])) / (n - 1)
        print(f"CPU time per form, one process (user + system; less disturbed by other "
              f"programs): (a) {_shown(cpu_a * 1e3, '.2f', ' ms')}, "
              f"(c1) {_shown(cpu_c1 * 1e3, '.2f', ' ms')}, c/a {_shown(cpu_c1 / cpu_a, '.2f')}")


def _measured(value: float) -> bool:
    return not math.isnan(value)


def _shown(value: float, spec: str, unit: str = "") -> str:
    """``value`` formatted with ``spec`` and ``unit``, or "—" for a measurement not run."""
    return f"{value:{spec}}{unit}" if _measured(value) else "—"

if __name__ == "__main__":
    sys.exit(main())
