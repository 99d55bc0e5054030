"""What each CLI command does: call the library, print for a person, pick the exit code.

Each command takes its options as typed values (:class:`ScoreOptions`,
:class:`ValidateOptions`, :class:`TemplateOptions`, :class:`MethodologyOptions`), built
once from the parsed command line by :func:`cchc_index._internal.cli.command_options`; nothing here
reads the parser's namespace.
"""

from __future__ import annotations

import gc
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cchc_index._internal.accounting import account_lines, file_accounts, read_unit_list
from cchc_index._internal.analysis.command import AnalysisOptions, AnalysisPlan
from cchc_index._internal.council import add_council_sheet, print_council, run_with_draft
from cchc_index._internal.errors import Problem, UsageError, problems_frame
from cchc_index._internal.files import outputs_together
from cchc_index._internal.io.inputs import find_inputs
from cchc_index._internal.messages import number_text, ui
from cchc_index._internal.methodology.load import bundled_names, load_methodology
from cchc_index._internal.methodology.model import Rounding
from cchc_index._internal.methodology.show import tree_text
from cchc_index._internal.pipeline import RunResult, run
from cchc_index._internal.report.csv import write_csv
from cchc_index._internal.report.tables import annex_order, ranked_apart, survey_missing_text
from cchc_index._internal.text import safe_line


@dataclass(frozen=True)
class ScoreOptions:
    """``score``: the inputs, how to read them, what to write, and the analyses.

    ``methodology``: a bundled name or a workbook (None: the default); ``units``: the list
    of units expected; ``jobs``: reading processes (None: chosen by the batch's size);
    ``top``: with ``charts``, the first and last N units of each ranking."""

    inputs: tuple[Path, ...]
    methodology: str | None = None
    units: Path | None = None
    jobs: int | None = None
    quiet: bool = False
    group_by: str | None = None
    output: Path | None = None
    csv: Path | None = None
    charts: Path | None = None
    top: int | None = None
    draft_appraisal: bool = False
    analysis: AnalysisOptions = field(default_factory=AnalysisOptions)
    lang: str = "vi"
    debug: bool = False


@dataclass(frozen=True)
class ValidateOptions:
    """``validate``: the inputs, how to read them, the report workbook, JSON or text."""

    inputs: tuple[Path, ...]
    methodology: str | None = None
    units: Path | None = None
    jobs: int | None = None
    quiet: bool = False
    output: Path | None = None
    json: bool = False
    lang: str = "vi"
    debug: bool = False


@dataclass(frozen=True)
class TemplateOptions:
    """``template``: the blank form of a methodology, for one unit and year if given."""

    output: Path
    methodology: str | None = None
    unit: str | None = None
    year: str | None = None
    lang: str = "vi"
    debug: bool = False


@dataclass(frozen=True)
class MethodologyOptions:
    """``methodology list|show|export``: ``action`` None when none was given."""

    action: str | None = None
    source: str | None = None
    output: Path | None = None
    lang: str = "vi"
    debug: bool = False


Options = ScoreOptions | ValidateOptions | TemplateOptions | MethodologyOptions


def score(options: ScoreOptions) -> int:
    """Score, rank and classify the inputs; print the table, the problems and the account;
    write the outputs asked for. Usage errors are refused before any input is read."""
    methodology = load_methodology(options.methodology)
    outputs = [options.output, options.csv, options.analysis.docx]
    _refuse_overwriting_inputs(options, outputs)
    _refuse_output_clashes({"-o": options.output, "--csv": options.csv,
                            "--docx": options.analysis.docx, "--charts": options.charts})
    if options.top and not options.charts:
        raise UsageError([Problem("U009", found=f"--top {options.top}")])
    plan = AnalysisPlan.read(options.analysis, outputs)  # --previous, --robustness …
    runner = run_with_draft if options.draft_appraisal else run
    _settle_imports()
    result = runner(options.inputs, methodology, group_by=options.group_by,
                    expected_units=_expected_units(options), **_reading(options))
    _refuse_overwriting_inputs(options, outputs, [f.path for f in result.files])
    if plan:
        result = plan.apply(result, options.lang)
    print_results(result, options.lang)
    print_problems(result.problems, options.lang)
    # Every output is written to a temporary file and all are renamed into place together
    # at the end (cchc_index._internal.files: all old or all new); what is said meanwhile
    # ("Đã ghi …") is printed once they are.
    later: list[Problem] = []  # what writing the outputs warned about, counted at the end
    with _held_output(), outputs_together():
        if not result.results.empty:
            later = _write_outputs(options, result, plan)
        if plan:
            plan.finish(result, options.lang)  # the summary; the Word draft
    print(account(result, options.lang, options.inputs, later))
    return result.exit_code


def _write_outputs(options: ScoreOptions, result: RunResult,
                   plan: AnalysisPlan | None) -> list[Problem]:
    """Write the outputs asked for; returns the problems met (printed here)."""
    notes: list[Problem] = []
    lang = options.lang
    if options.csv:
        print(ui("wrote", lang, path=write_csv(result, options.csv)))
    if options.output:
        # openpyxl's writer (~0.13 s): loaded only when a workbook is written (not for --csv)
        from cchc_index._internal.report.workbook import write_workbook

        write = plan.write_workbook if plan else write_workbook
        print(ui("wrote", lang, path=write(result, options.output, lang)))
    if options.charts:
        from cchc_index._internal.plots import (
            write_charts,  # matplotlib (~0.7 s): only for --charts
        )

        _written, notes = write_charts(result, options.charts, lang=lang, top=options.top)
        print_problems(notes, lang)
        print(ui("wrote", lang, path=options.charts))
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


def validate(options: ValidateOptions) -> int:
    """Check the inputs only: print (or give as JSON) every problem and the account;
    write the report workbook if asked."""
    methodology = load_methodology(options.methodology)
    lang = options.lang
    _refuse_overwriting_inputs(options, [options.output])
    _refuse_output_clashes({"-o": options.output})
    _settle_imports()
    result = run(options.inputs, methodology, expected_units=_expected_units(options),
                 **_reading(options))
    _refuse_overwriting_inputs(options, [options.output], [f.path for f in result.files])
    if options.json:
        frame = result.report(lang)
        print(json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1))
    else:
        print_problems(result.problems, lang)
        print_council(result, lang)
        if not result.problems:
            print(ui("valid", lang))
        print(account(result, lang, options.inputs))
    if options.output:
        from cchc_index._internal.report.sheets import write_check_report  # openpyxl's writer

        path = write_check_report(result, options.output, lang)
        add_council_sheet(options.output, result, lang)
        if not options.json:  # the JSON on stdout stays one document
            print(ui("wrote", lang, path=path))
    return result.exit_code


def template(options: TemplateOptions) -> int:
    """Write the blank self-assessment form."""
    methodology = load_methodology(options.methodology)
    from cchc_index._internal.io.template import write_template  # openpyxl's writer

    path = write_template(methodology, options.output, unit=options.unit, year=options.year)
    print(ui("wrote", options.lang, path=path))
    return 0


def _settle_imports() -> None:
    """Move what is loaded so far (modules, the methodology) out of the cyclic garbage
    collector's reach: a command runs once, these live to its end, and a batch of
    thousands of forms otherwise has the collector walk them again and again (about 5 %
    of a run's time; benchmarks/bench_batch.py). Forked readers inherit it. No collection
    first: it would cost a one-form run 40 ms for the few cycles the imports left."""
    gc.freeze()


def _reading(options: ScoreOptions | ValidateOptions) -> dict[str, object]:
    """How the inputs are read: processes (--jobs) and a progress bar unless --quiet."""
    return {"jobs": options.jobs, "progress": not options.quiet, "lang": options.lang}


def _expected_units(options: ScoreOptions | ValidateOptions) -> list[str] | None:
    """The units the list (--units) names, None without a list."""
    return read_unit_list(options.units) if options.units else None


def methodology(options: MethodologyOptions) -> int:
    """List the bundled methodologies, show one as a tree, or export it as a workbook."""
    lang = options.lang
    if options.action == "list":
        print(ui("bundled", lang))
        for name in bundled_names():
            print(f"  {name:<24} {load_methodology(name).describe()}")
        return 0
    if options.action == "show":
        print(tree_text(load_methodology(options.source), lang))
        return 0
    if options.action == "export" and options.output is not None:
        from cchc_index._internal.methodology.export import write_methodology  # openpyxl's writer

        path = write_methodology(load_methodology(options.source), options.output)
        print(ui("wrote", lang, path=path))
        return 0
    print("methodology list | show | export", file=sys.stderr)
    return 2


def _refuse_overwriting_inputs(options: ScoreOptions | ValidateOptions,
                               outputs: Sequence[Path | None],
                               found: list[str] | None = None) -> None:
    """Refuse an output that is an input: a file given, the list of units, or a file found
    in an input folder.

    Before the run (``found`` None) the folders are searched only for an output that
    already exists inside one of them; after reading, ``found`` (the paths of the files
    the run found) settles the rest, before anything is written.
    """
    given = [*options.inputs, *([options.units] if options.units else [])]
    named = {Path(p).resolve() for p in given}
    if found is not None:
        named |= {Path(p).resolve() for p in found}  # a link found in a folder: its file
    folders = [Path(p).resolve() for p in options.inputs if Path(p).is_dir()]
    searched: set[Path] | None = None
    for output in outputs:
        if not output:
            continue
        target = Path(output).resolve()
        if (target not in named and found is None and target.exists()
                and any(target.is_relative_to(folder) for folder in folders)):
            searched = _found_inputs(options.inputs) if searched is None else searched
        if target in named or target in (searched or ()):
            raise UsageError([Problem("U001", found=str(output))])


def _refuse_output_clashes(outputs: dict[str, Path | None]) -> None:
    """Before anything is written: no two outputs on one path (one would silently replace
    the other), and no chart folder where a file stands."""
    seen: dict[Path, str] = {}
    for option, output in outputs.items():
        if not output:
            continue
        target = Path(output).resolve()
        if target in seen:
            raise UsageError([Problem("U002", found=str(output),
                                      expected=f"{seen[target]}, {option}")])
        seen[target] = option
    charts = outputs.get("--charts")
    if charts and Path(charts).is_file():
        raise UsageError([Problem("U003", found=str(charts))])
    for option, output in outputs.items():
        wanted = _OUTPUT_SUFFIXES.get(option)
        if (output and wanted and Path(output).suffix.lower() != wanted
                and not Path(output).is_dir()):  # a folder is told as such when written
            raise UsageError([Problem("U008", found=str(output), expected=wanted,
                                      params={"option": option})])


# What each output option writes: a workbook named .csv would open as garbage (it was
# written silently as an .xlsx under that name).
_OUTPUT_SUFFIXES = {"-o": ".xlsx", "--csv": ".csv", "--docx": ".docx"}


def _found_inputs(inputs: Sequence[str | Path]) -> set[Path]:
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
    marks = {"error": ui("error_mark", lang), "warning": ui("warning_mark", lang)}
    lines = ("  [" + frame["severity"].map(marks) + "] " + frame["message"].map(safe_line)
             ).to_numpy()
    group, files = pd.factorize(frame["file"])
    order = np.argsort(group, kind="stable")  # groups in order, rows in order within
    starts = np.searchsorted(group[order], np.arange(len(files)))
    titles = [ui("problems_in", lang, file=safe_line(file)) if file else
              ui("problems_general", lang) for file in files]
    print("\n".join(np.insert(lines[order], starts, titles).tolist()))
    print()


def account(result: RunResult, lang: str = "vi", inputs: Sequence[str | Path] = (),
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
