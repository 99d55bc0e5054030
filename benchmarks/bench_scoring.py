"""What does everything after reading cost? Per stage, per form, for a province and the
country.

The forms of ``benchmarks/bench_batch.py`` (seeded, cached in /tmp) are read once with
:func:`~cchc_index._internal.io.batch_read.read_batch` as
:func:`~cchc_index._internal.pipeline.run` reads them,
and the combined batch is pickled in /tmp keyed on the count, the seed and the generator
version (``--fresh`` reads again). A bigger N is the batch repeated with distinct files,
unit ids and unit names (``_r2``, ``_r3`` …), with a folder of hard links of those names
so the account's scan of the input folder sees what it would see.

Then each stage of :func:`cchc_index._internal.pipeline.score_batch` is timed in the order it runs
(validate_batch, rule_problems, resolve_points, unit_scores, appraised_units,
rank_and_classify, the published-figures check …), and the output side of
``python -m cchc_index score DIR --csv out.csv`` (the overwrite check, the CSV, the console
table, the problems, the account, the file labels, the problems report). The best and the
median of ``--runs``, in ms per form (other processes on the machine move the median).
Not a test.

    python benchmarks/bench_scoring.py                  # N = 2,000 and 10,000
    python benchmarks/bench_scoring.py --n 2000 --runs 5
    python benchmarks/bench_scoring.py --profile 2000   # cProfile of the whole, top 40
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_batch import GENERATOR_VERSION, forms, machine, versions  # noqa: E402

from cchc_index._internal import commands, pipeline  # noqa: E402
from cchc_index._internal.accounting import (  # noqa: E402
    account_lines,
    file_accounts,
    file_labels,
    skipped_problems,
)
from cchc_index._internal.entries import Batch  # noqa: E402
from cchc_index._internal.io.batch_read import read_batch  # noqa: E402
from cchc_index._internal.io.inputs import find_inputs  # noqa: E402
from cchc_index._internal.methodology.load import load_methodology  # noqa: E402
from cchc_index._internal.methodology.model import Methodology  # noqa: E402
from cchc_index._internal.ranking import rank_and_classify  # noqa: E402
from cchc_index._internal.report.csv import write_csv  # noqa: E402
from cchc_index._internal.rules.apply import rule_problems  # noqa: E402
from cchc_index._internal.scoring import appraised_units, resolve_points, unit_scores  # noqa: E402
from cchc_index._internal.validate import validate_batch  # noqa: E402

CACHE_VERSION = 1  # bump when the Batch read from the forms changes shape


# ---------------------------------------------------------------- the batch

def base_batch(n: int, seed: int, fresh: bool) -> tuple[Path, Batch]:
    """The batch of the ``n`` generated forms, as ``run`` has it before scoring."""
    folder, _paths = forms(n, seed, None)
    cache = Path(tempfile.gettempdir()) / (
        f"cchc_bench_batch_n{n}_s{seed}_v{GENERATOR_VERSION}_c{CACHE_VERSION}.pickle")
    if cache.exists() and not fresh:
        with cache.open("rb") as handle:
            return folder, pickle.load(handle)
    print(f"Reading {n} forms once (cached in {cache}) …", flush=True)
    start = time.perf_counter()
    found, problems = find_inputs([folder])
    problems += skipped_problems([folder], found)
    methodology = load_methodology()
    batch = read_batch(found, methodology, file_labels(found), progress=False)
    batch.problems[:0] = problems
    print(f"  read in {time.perf_counter() - start:.1f} s", flush=True)
    with cache.open("wb") as handle:
        pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return folder, batch


def scaled(batch: Batch, folder: Path, copies: int) -> tuple[Path, Batch]:
    """``copies`` copies of ``batch`` with distinct files, unit ids and names, and a folder
    of hard links (symbolic where a hard link fails) named as those files (the run's input
    folder)."""
    if copies == 1:
        return folder, batch
    links = Path(tempfile.gettempdir()) / f"cchc_bench_links_{folder.name}_x{copies}_v2"
    links.mkdir(exist_ok=True)
    parts = [_relabelled(batch, links, r) for r in range(1, copies + 1)]
    for info in (f for part in parts for f in part.files):
        link = Path(info.path)
        if not link.exists():
            try:
                os.link(folder / _original_name(link.name), link)  # a file as a user has
            except OSError:
                link.symlink_to(folder / _original_name(link.name))
    return links, Batch.combine(parts)


def _relabelled(batch: Batch, links: Path, copy: int) -> Batch:
    suffix = f"_r{copy}"
    files = {label: _renamed(label, suffix) for label in batch.units["file"].unique()}
    files |= {p.file: _renamed(p.file, suffix) for p in batch.problems if p.file}
    names = {u: f"{u} {copy}" for u in batch.units["unit"].unique()}
    units = batch.units.copy()
    entries = batch.entries.copy()
    ids = {u: _renamed_id(u, f, files) for u, f in zip(units["unit_id"], units["file"],
                                                        strict=True)}
    units["unit_id"] = units["unit_id"].map(ids)
    units["file"] = units["file"].map(files)
    units["unit"] = units["unit"].map(names)
    entries["unit_id"] = entries["unit_id"].map(ids)
    entries["file"] = entries["file"].map(files)
    problems = [replace(p, file=files.get(p.file, p.file), unit=names.get(p.unit, p.unit))
                for p in batch.problems]
    infos = [replace(f, path=str(links / _renamed(Path(f.path).name, suffix)),
                     sha256=f"{f.sha256}{suffix}") for f in batch.files]
    return Batch(units, entries, problems, infos)


def _renamed(label: str, suffix: str) -> str:
    path = Path(label)
    return path.with_name(f"{path.stem}{suffix}{path.suffix}").as_posix()


def _renamed_id(unit_id: str, file: str, files: dict[str, str]) -> str:
    return files[file] + unit_id[len(file):] if unit_id.startswith(file) else unit_id + "#"


def _original_name(name: str) -> str:
    stem, _, ext = name.rpartition(".")
    return f"{stem.rsplit('_r', 1)[0]}.{ext}"


# ---------------------------------------------------------------- the stages

def score_stages(batch: Batch, methodology: Methodology) -> tuple[dict[str, float], object]:
    """Seconds per stage of ``score_batch``, run in its order on its intermediate values."""
    seconds: dict[str, float] = {}

    def timed(name: str, call: Callable[[], object]) -> object:
        start = time.perf_counter()
        value = call()
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
        return value

    units = timed("copy units", lambda: batch.units.copy())
    checked = timed("validate_batch",
                    lambda: validate_batch(Batch(units, batch.entries), methodology))
    timed("rule_problems", lambda: rule_problems(batch.entries, units, methodology))
    kept_units = units[~units["unit_id"].isin(checked.rejected_units)]
    entries = batch.entries[batch.entries["unit_id"].isin(kept_units["unit_id"])]
    nodes, _notes = timed("resolve_points",
                          lambda: resolve_points(entries, methodology, kept_units))
    scores = timed("unit_scores", lambda: unit_scores(nodes, methodology, kept_units["unit_id"]))
    results = kept_units.merge(scores, on="unit_id", how="inner")
    appraised = timed("appraised_units", lambda: appraised_units(entries, methodology))
    results["appraised"] = results["unit_id"].map(appraised).fillna(False).astype(bool)
    results = timed("rank_and_classify", lambda: rank_and_classify(results, methodology))
    timed("_published_differences", lambda: pipeline._published_differences(results))
    result = timed("score_batch (whole)", lambda: pipeline.score_batch(batch, methodology))
    return seconds, result


def output_stages(result, folder: Path, work: Path) -> dict[str, float]:
    """Seconds per step of the output side of ``score DIR --csv out.csv``."""
    seconds: dict[str, float] = {}
    args = argparse.Namespace(inputs=[str(folder)], units=None, lang="vi")
    paths = [Path(f.path) for f in result.files]
    steps = [
        ("refuse overwriting inputs",
         lambda: commands._refuse_overwriting_inputs(args, [None, str(work / "out.csv")])),
        ("file_labels", lambda: file_labels(paths)),
        ("write_csv", lambda: write_csv(result, work / "out.csv")),
        ("print_results", lambda: commands.print_results(result, "vi")),
        ("print_problems", lambda: commands.print_problems(result.problems, "vi")),
        ("file_accounts", lambda: file_accounts(result, "vi")),
        ("account_lines", lambda: account_lines(result, "vi", [str(folder)])),
        ("account (whole)", lambda: commands.account(result, "vi", [str(folder)])),
        ("problems report", lambda: result.report("vi")),
    ]
    for name, call in steps:
        with contextlib.redirect_stdout(io.StringIO()):
            start = time.perf_counter()
            call()
            seconds[name] = time.perf_counter() - start
    return seconds


def measure(batch: Batch, folder: Path, methodology: Methodology, runs: int
            ) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    scoring: dict[str, list[float]] = {}
    output: dict[str, list[float]] = {}
    work = Path(tempfile.mkdtemp(prefix="cchc_bench_scoring_"))
    warm = batch.units["unit_id"].head(50)  # first calls pay for imports and caches
    score_stages(Batch(batch.units.head(50), batch.entries[batch.entries["unit_id"].isin(warm)],
                       [], batch.files[:50]), methodology)
    for _ in range(runs):
        seconds, result = score_stages(batch, methodology)
        for name, value in seconds.items():
            scoring.setdefault(name, []).append(value)
        for name, value in output_stages(result, folder, work).items():
            output.setdefault(name, []).append(value)
    return scoring, output


def report(n: int, units: int, problems: int, scoring: dict[str, list[float]],
           output: dict[str, list[float]]) -> None:
    print(f"\nN = {n:,} forms ({units:,} units, {problems:,} problems before scoring)")
    print(f"  {'stage':34s}{'best':>9s}{'per form':>11s}{'median':>9s}{'per form':>11s}")
    for title, table in (("score_batch", scoring), ("output of score --csv", output)):
        print(f"  -- {title}")
        for name, values in table.items():
            best, median = min(values), statistics.median(values)
            print(f"  {name:34s}{best:8.3f}s{best / n * 1e3:9.4f}ms"
                  f"{median:8.3f}s{median / n * 1e3:9.4f}ms")
    # What ``score DIR --csv out.csv`` runs after reading (the problems report is for
    # ``validate --json/-o``; file_accounts and account_lines are parts of the account).
    used = ["refuse overwriting inputs", "file_labels", "write_csv", "print_results",
            "print_problems", "account (whole)"]
    for label, pick in (("best", min), ("median", statistics.median)):
        total = pick(scoring["score_batch (whole)"]) + sum(pick(output[k]) for k in used)
        print(f"  {'score --csv after reading, ' + label:34s}{total:8.3f}s"
              f"{total / n * 1e3:9.4f}ms")


def profile(batch: Batch, folder: Path, methodology: Methodology) -> None:
    import cProfile
    import pstats

    work = Path(tempfile.mkdtemp(prefix="cchc_bench_scoring_"))
    profiler = cProfile.Profile()
    profiler.enable()
    result = pipeline.score_batch(batch, methodology)
    output_stages(result, folder, work)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[2000, 10000],
                        help="batch sizes, multiples of --base (default 2000 10000)")
    parser.add_argument("--base", type=int, default=2000, help="forms read (default 2000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    parser.add_argument("--fresh", action="store_true", help="read the forms again")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one run at N")
    args = parser.parse_args(argv)
    folder, base = base_batch(args.base, args.seed, args.fresh)
    methodology = load_methodology()
    print(f"Machine: {machine()}")
    print(f"Software: {versions()}")
    print(f"Command: {' '.join([Path(sys.executable).name, *sys.argv])}; best and median "
          f"of {args.runs} runs")
    for n in ([args.profile] if args.profile else args.n):
        if n % args.base:
            parser.error(f"--n {n} is not a multiple of --base {args.base}")
        where, batch = scaled(base, folder, n // args.base)
        if args.profile:
            profile(batch, where, methodology)
            continue
        scoring, output = measure(batch, where, methodology, args.runs)
        report(n, len(batch.units), len(batch.problems), scoring, output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
