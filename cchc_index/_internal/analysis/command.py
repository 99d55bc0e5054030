"""The analysis options of ``score``, kept out of the thin CLI: one call each to add the
options, read their files before scoring (from :class:`AnalysisOptions`, the typed values
the command line builds), run the analyses after, and write their outputs.

    python -m cchc_index score data/sample_district/ \\
        --previous data/sample_previous/ket_qua_2023.csv \\
        --crosswalk data/sample_previous/crosswalk.xlsx \\
        --robustness 1000 --seed 1 --summary --docx bao_cao.docx -o ket_qua.xlsx
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cchc_index._internal.analysis.crosswalk import read_crosswalk
from cchc_index._internal.analysis.previous import PreviousResults, read_previous
from cchc_index._internal.analysis.run import Analyses, analyse, with_analyses
from cchc_index._internal.errors import Problem, UsageError
from cchc_index._internal.messages import both, ui
from cchc_index._internal.pipeline import RunResult

if TYPE_CHECKING:
    import pandas as pd

def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The analysis options of the ``score`` command."""
    parser.add_argument("--previous", metavar="KET_QUA_NAM_TRUOC.xlsx|csv",
                        help=both("cli", "previous"))
    parser.add_argument("--crosswalk", metavar="CHUYEN_DOI.xlsx",
                        help=both("cli", "crosswalk"))
    parser.add_argument("--robustness", type=int, metavar="N",
                        help=both("cli", "robustness"))
    parser.add_argument("--seed", type=int, default=1,
                        help=both("cli", "seed"))
    parser.add_argument("--summary", action="store_true",
                        help=both("cli", "summary"))
    parser.add_argument("--docx", metavar="BAO_CAO.docx",
                        help=both("cli", "docx"))


@dataclass(frozen=True)
class AnalysisOptions:
    """The analysis options of ``score`` as typed values (see :func:`add_arguments`)."""

    previous: Path | None = None
    crosswalk: Path | None = None
    robustness: int | None = None
    seed: int = 1
    summary: bool = False
    docx: Path | None = None

    def asked(self) -> bool:
        """Whether any analysis option was given."""
        return bool(self.previous or self.crosswalk or self.robustness is not None
                    or self.summary or self.docx)


@dataclass
class AnalysisPlan:
    """What the options asked for, with last year's results and the crosswalk already read."""

    previous: PreviousResults | None = None
    crosswalk: pd.DataFrame | None = None
    runs: int = 0
    seed: int = 1
    summary: bool = False
    docx: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    analyses: Analyses | None = None

    @classmethod
    def read(cls, options: AnalysisOptions,
             outputs: Sequence[Path | None] = ()) -> AnalysisPlan | None:
        """None when no analysis option was given; raises a CchcError for a bad option or
        an unreadable file, before anything is scored. ``outputs``: the paths the run
        will write (-o, --csv, --docx), none of which may be last year's results or the
        crosswalk."""
        if not options.asked():
            return None
        previous, crosswalk, runs = options.previous, options.crosswalk, options.robustness
        if crosswalk and not previous:
            raise UsageError([Problem("A013", found=str(crosswalk))])
        if runs is not None and runs < 1:
            raise UsageError([Problem("A010", found=str(runs))])
        _refuse_overwriting(outputs, [previous, crosswalk])
        plan = cls(runs=runs or 0, seed=options.seed, summary=options.summary,
                   docx=options.docx)
        if previous:
            plan.previous = read_previous(previous)
        if crosswalk:
            plan.crosswalk, plan.problems = read_crosswalk(crosswalk)
        return plan

    def apply(self, result: RunResult, lang: str = "vi") -> RunResult:
        """The run with its analyses (columns, sheets, problems) attached."""
        if result.results.empty:
            return result
        self.analyses = analyse(result, self.previous, self.crosswalk, self.runs, self.seed,
                                lang)
        self.analyses.problems[:0] = self.problems
        return with_analyses(result, self.analyses)

    def write_workbook(self, result: RunResult, path: str | Path, lang: str = "vi") -> Path:
        """The results workbook with the analysis sheets appended."""
        shown = self.analyses if self.summary or self.analyses is None else _without_summary(
            self.analyses)
        # openpyxl's writer (~0.13 s): loaded only when a workbook is written
        from cchc_index._internal.analysis.workbook import write_analysed_workbook

        return write_analysed_workbook(result, path, lang, analyses=shown)

    def finish(self, result: RunResult, lang: str = "vi") -> None:
        """Print the summary and write the Word draft, as asked."""
        if self.analyses is None:
            return
        if self.summary and self.analyses.summary:
            print(ui("summary_heading", lang) + ":")
            for paragraph in self.analyses.summary.splitlines():
                print(textwrap.fill(paragraph, width=100))
            print()
        if self.docx:
            from cchc_index._internal.analysis.docx_report import write_docx  # only for --docx

            path = write_docx(result, self.docx, self.analyses.comparison,
                              self.analyses.robust, self.analyses.summary, lang)
            print(ui("wrote", lang, path=path))


def _refuse_overwriting(outputs: Sequence[Path | None],
                       sources: Sequence[Path | None]) -> None:
    """Never write an output over last year's results or the crosswalk."""
    kept = {Path(s).resolve() for s in sources if s}
    for output in outputs:
        if output and Path(output).resolve() in kept:
            raise UsageError([Problem("U001", found=str(output))])


def _without_summary(analyses: Analyses) -> Analyses:
    from dataclasses import replace

    return replace(analyses, summary="")
