"""What each CLI command does: call the library, print for a person, pick the exit code."""

from __future__ import annotations

import argparse
import gc
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from cchc_index.accounting import account_lines, file_accounts, read_unit_list
from cchc_index.analysis.command import AnalysisPlan
from cchc_index.council import add_council_sheet, print_council, run_with_draft
from cchc_index.errors import Problem, UsageError, problems_frame
from cchc_index.files import outputs_together
from cchc_index.io.inputs import find_inputs
from cchc_index.io.template import write_template
from cchc_index.messages import number_text, ui
from cchc_index.methodology.export import write_methodology
from cchc_index.methodology.load import bundled_names, load_methodology
from cchc_index.methodology.model import Rounding
from cchc_index.methodology.show import tree_text
from cchc_index.pipeline import RunResult, run
from cchc_index.report.csv import write_csv
from cchc_index.report.sheets import write_check_report
from cchc_index.report.tables import annex_order, ranked_apart, survey_missing_text
from cchc_index.report.workbook import write_workbook
from cchc_index.text import safe_line


def score(args: argparse.Namespace) -> int:
    methodology = load_methodology(args.methodology)
    _refuse_overwriting_inputs(args, [args.output, args.csv, getattr(args, "docx", None)])
    _refuse_output_clashes({"-o": args.output, "--csv": args.csv,
                            "--docx": getattr(args, "docx", None),
                            "--charts": getattr(args, "charts", None)})
    if getattr(args, "top", None) and not getattr(args, "charts", None):
        raise UsageError([Problem("U009", found=f"--top {args.top}")])
    plan = AnalysisPlan.from_args(args)  # --previous, --robustness, --summary, --docx …
    runner = run
    if getattr(args, "draft_appraisal", False):
        runner = run_with_draft
    _settle_imports()
    result = runner(args.inputs, methodology, group_by=args.group_by,
                    expected_units=_expected_units(args), **_reading(args))
    _refuse_overwriting_inputs(args, [args.output, args.csv, getattr(args, "docx", None)],
                               [f.path for f in result.files])
    if plan:
        result = plan.apply(result, args.lang)
    print_results(result, args.lang)
    print_problems(result.problems, args.lang)
    # Every output is written to a temporary file and all are renamed into place together
    # at the end (cchc_index.files: all old or all new); what is said meanwhile
    # ("Đã ghi …") is printed once they are.
    later: list[Problem] = []  # what writing the outputs warned about, counted at the end
    with _held_output(), outputs_together():
        if not result.results.empty:
            later = _write_outputs(args, result, plan)
        if plan:
            plan.finish(result, args.lang)  # the summary; the Word draft
    print(account(result, args.lang, args.inputs, later))
    return result.exit_code


def _write_outputs(args: argparse.Namespace, result: RunResult, plan) -> list[Problem]:
    """Write the outputs asked for; returns the problems met (printed here)."""
    notes: list[Problem] = []
    if args.csv:
        print(ui("wrote", args.lang, path=write_csv(result, args.csv)))
    if args.output:
        write = plan.write_workbook if plan else write_workbook
        print(ui("wrote", args.lang, path=write(result, args.output, args.lang)))
    if getattr(args, "charts", None):
        from cchc_index.plots import write_charts  # matplotlib (~0.7 s): only for --charts

        _written, notes = write_charts(result, args.charts, lang=args.lang,
                                       top=getattr(args, "top", None))
        print_problems(notes, args.lang)
        print(ui("wrote", args.lang, path=args.charts))
    return notes


@contextmanager
def _held_output() -> Iterator[None]:
    """Hold back what the block prints until it ends without an exception: the lines
    about outputs that are not in place until the block's end."""
    shown, held = sys.stdout, io.StringIO()
    sys.stdout = held
    try:
        yield
    finally:
        sys.stdout = shown
    shown.write(held.getvalue())


def validate(args: argparse.Namespace) -> int:
    methodology = load_methodology(args.methodology)
    _refuse_overwriting_inputs(args, [args.output])
    _refuse_output_clashes({"-o": args.output})
    _settle_imports()
    result = run(args.inputs, methodology, expected_units=_expected_units(args),
                 **_reading(args))
    _refuse_overwriting_inputs(args, [args.output], [f.path for f in result.files])
    if args.json:
        frame = result.report(args.lang)
        print(json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1))
    else:
        print_problems(result.problems, args.lang)
        print_council(result, args.lang)
        if not result.problems:
            print(ui("valid", args.lang))
        print(account(result, args.lang, args.inputs))
    if args.output:
        path = write_check_report(result, args.output, args.lang)
        add_council_sheet(args.output, result, args.lang)
        if not args.json:  # the JSON on stdout stays one document
            print(ui("wrote", args.lang, path=path))
    return result.exit_code


def template(args: argparse.Namespace) -> int:
    methodology = load_methodology(args.methodology)
    path = write_template(methodology, args.output, unit=args.unit, year=args.year)
    print(ui("wrote", args.lang, path=path))
    return 0


def _settle_imports() -> None:
    """Move what is loaded so far (modules, the methodology) out of the cyclic garbage
    collector's reach: a command runs once, these live to its end, and a batch of
    thousands of forms otherwise has the collector walk them again and again (about 5 %
    of a run's time; benchmarks/bench_batch.py). Forked readers inherit it. No collection
    first: it would cost a one-form run 40 ms for the few cycles the imports left."""
    gc.freeze()


def _reading(args: argparse.Namespace) -> dict[str, object]:
    """How the inputs are read: processes (--jobs) and a progress bar unless --quiet."""
    return {"jobs": getattr(args, "jobs", None), "progress": not getattr(args, "quiet", False),
            "lang": args.lang}


def _expected_units(args: argparse.Namespace) -> list[str] | None:
    if not getattr(args, "units", None):
        return None
    return read_unit_list(args.units)


def methodology(args: argparse.Namespace) -> int:
    if args.action == "list":
        print(ui("bundled", args.lang))
        for name in bundled_names():
            print(f"  {name:<24} {load_methodology(name).describe()}")
        return 0
    if args.action == "show":
        print(tree_text(load_methodology(args.source), args.lang))
        return 0
    if args.action == "export":
        path = write_methodology(load_methodology(args.source), args.output)
        print(ui("wrote", args.lang, path=path))
        return 0
    print("methodology list | show | export", file=sys.stderr)
    return 2


def _refuse_overwriting_inputs(args: argparse.Namespace, outputs: list[str | None],
                               found: list[str] | None = None) -> None:
    """Refuse an output that is an input: a file given, the list of units, or a file found
    in an input folder.

    Before the run (``found`` None) the folders are searched only for an output that
    already exists inside one of them; after reading, ``found`` (the paths of the files
    the run found) settles the rest, before anything is written.
    """
    given = [*args.inputs, *([args.units] if getattr(args, "units", None) else [])]
    named = {Path(p).resolve() for p in given}
    if found is not None:
        named |= {Path(p).resolve() for p in found}  # a link found in a folder: its file
    folders = [Path(p).resolve() for p in args.inputs if Path(p).is_dir()]
    searched: set[Path] | None = None
    for output in outputs:
        if not output:
            continue
        target = Path(output).resolve()
        if (target not in named and found is None and target.exists()
                and any(target.is_relative_to(folder) for folder in folders)):
            searched = _found_inputs(args.inputs) if searched is None else searched
        if target in named or target in (searched or ()):
            raise UsageError([Problem("U001", found=output)])


def _refuse_output_clashes(outputs: dict[str, str | None]) -> None:
    """Before anything is written: no two outputs on one path (one would silently replace
    the other), and no chart folder where a file stands."""
    seen: dict[Path, str] = {}
    for option, output in outputs.items():
        if not output:
            continue
        target = Path(output).resolve()
        if target in seen:
            raise UsageError([Problem("U002", found=output,
                                      expected=f"{seen[target]}, {option}")])
        seen[target] = option
    charts = outputs.get("--charts")
    if charts and Path(charts).is_file():
        raise UsageError([Problem("U003", found=charts)])
    for option, output in outputs.items():
        wanted = _OUTPUT_SUFFIXES.get(option)
        if (output and wanted and Path(output).suffix.lower() != wanted
                and not Path(output).is_dir()):  # a folder is told as such when written
            raise UsageError([Problem("U008", found=output, expected=wanted,
                                      params={"option": option})])


# What each output option writes: a workbook named .csv would open as garbage (it was
# written silently as an .xlsx under that name).
_OUTPUT_SUFFIXES = {"-o": ".xlsx", "--csv": ".csv", "--docx": ".docx"}


def _found_inputs(inputs: list[str]) -> set[Path]:
    return set(find_inputs(inputs)[0])


def print_results(result: RunResult, lang: str = "vi") -> None:
    """The ranked table, per group when units are ranked within groups."""
    if result.results.empty:
        print(ui("nothing_scored", lang))
        return
    methodology = result.methodology
    grouped = ranked_apart(result.results)  # ranked all together: one table, one ranking
    frame = annex_order(result.results)  # the annex's order, the one order of the units
    frame = frame.assign(unit=frame["unit"].astype(str).map(safe_line),
                         classification=frame["classification"].astype(str).map(safe_line))
    width = max(frame["unit"].str.len().max(), len(ui("unit", lang)))
    header = (f"{ui('rank', lang):>4}  {ui('unit', lang):<{width}}  {ui('points', lang):>8}  "
              f"{ui('max', lang):>7}  {ui('index', lang):>10}  {ui('class', lang)}")
    rows = _result_rows(frame, width, methodology.rounding, lang)
    groups, names = pd.factorize(frame["group"]) if grouped else (
        np.zeros(len(frame), dtype=np.int64), [""])
    bounds = np.searchsorted(groups, np.arange(len(names) + 1))  # sorted by group
    lines = [ui("heading", lang, name=methodology.describe())]
    for number, group in enumerate(names):
        title = [safe_line(f"{ui('group', lang)}: {group or ui('all_units', lang)}")
                 ] if grouped else []
        lines += ["", *title, header, *rows[bounds[number]:bounds[number + 1]]]
    missing = survey_missing_text(result, lang)
    lines += ["", safe_line(missing)] if missing else []
    print("\n".join(lines))
    print()


def _result_rows(frame: pd.DataFrame, width: int, rounding: Rounding,
                 lang: str) -> list[str]:
    """One line of the ranked table per unit, column by column; points rounded as the
    methodology rounds (truncated when it truncates), as the workbook shows them."""
    decimals = rounding.decimals

    def numbers(column: str, size: int) -> pd.Series:
        return frame[column].map(lambda v: number_text(rounding.apply(v), decimals, lang)
                                 ).str.rjust(size)

    rank = frame["rank"].astype("string").fillna("").str.rjust(4)
    note = np.where(frame["appraised"].astype(bool), "", f"  ({ui('not_appraised', lang)})")
    if "draft" in frame:
        drafted = frame["draft"].fillna(False).astype(bool)
        note = note + np.where(drafted, f"  ({ui('draft', lang)})", "")
    text = (rank + "  " + frame["unit"].astype(str).str.ljust(width) + "  "
            + numbers("points", 8) + "  " + numbers("max_points", 7) + "  "
            + numbers("index_display", 10) + "  " + frame["classification"].astype(str) + note)
    return text.tolist()


def print_problems(problems: list[Problem], lang: str = "vi") -> None:
    """Every problem, grouped by file, in the report's order (file, sheet, row, column)."""
    if not problems:
        return
    frame = problems_frame(problems, lang)
    marks = {"error": "LỖI" if lang == "vi" else "ERROR",
             "warning": "cảnh báo" if lang == "vi" else "warning"}
    lines = ("  [" + frame["severity"].map(marks) + "] " + frame["message"].map(safe_line)
             ).to_numpy()
    group, files = pd.factorize(frame["file"])
    order = np.argsort(group, kind="stable")  # groups in order, rows in order within
    starts = np.searchsorted(group[order], np.arange(len(files)))
    titles = [ui("problems_in", lang, file=safe_line(file)) if file else
              ui("problems_general", lang) for file in files]
    print("\n".join(np.insert(lines[order], starts, titles).tolist()))
    print()


def account(result: RunResult, lang: str = "vi", inputs: Sequence[str] = (),
            later: Sequence[Problem] = ()) -> str:
    """The account of the run: files found, scored and rejected (each with its reason),
    units missing from the list, files skipped, then one line of totals, which counts
    every problem printed: the run's and those met ``later``, writing the outputs."""
    accounts = file_accounts(result, lang)
    read = sum(1 for f in accounts if f.scored)
    units = len(result.batch.units)
    problems = [*result.problems, *later]
    errors = sum(1 for p in problems if p.severity == "error")
    total = ui("account", lang, found=len(result.files), read=read,
               rejected=len(result.files) - read, scored=len(result.results),
               unscored=units - len(result.results), errors=errors,
               warnings=len(problems) - errors)
    return "\n".join(safe_line(line) for line in
                     [*account_lines(result, lang, inputs, accounts), total])
