"""Run every analysis a report needs at once, and carry them beside the run's results.

:func:`analyse` is what the CLI calls; each analysis is also a function of its own module
for notebooks. :func:`with_analyses` returns the run with the analysis columns added after
the contract columns of the results CSV (``prev_index_pct, index_change, prev_rank,
rank_change, prev_classification, comparable, rank_p05, rank_p95, class_probability``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from cchc_index._internal.analysis.lost_points import (
    appraisal_disagreement,
    has_evidence,
    lost_across_units,
    lost_by_unit,
    missing_evidence,
    overclaim_by_unit,
)
from cchc_index._internal.analysis.previous import PreviousResults
from cchc_index._internal.analysis.robustness import robustness
from cchc_index._internal.analysis.summary import summary_text
from cchc_index._internal.analysis.yoy import compare_fields, compare_years
from cchc_index._internal.errors import Problem
from cchc_index._internal.methodology.model import Methodology
from cchc_index._internal.pipeline import RunResult

YOY_COLUMNS = ["prev_index_pct", "index_change", "prev_rank", "rank_change",
               "prev_classification", "comparable"]
ROBUST_COLUMNS = ["rank_p05", "rank_p95", "class_probability"]


@dataclass
class Analyses:
    """The analyses of one run; a frame is None when it was not asked for."""

    comparison: pd.DataFrame | None = None
    field_comparison: pd.DataFrame | None = None
    robust: pd.DataFrame | None = None
    lost_by_unit: pd.DataFrame | None = None
    lost_across: pd.DataFrame | None = None
    overclaim: pd.DataFrame | None = None
    disagreement: pd.DataFrame | None = None
    evidence: pd.DataFrame | None = None
    summary: str = ""
    problems: list[Problem] = field(default_factory=list)


@dataclass
class AnalysedResult(RunResult):
    """A run with its analyses; ``results`` also carries the analysis columns."""

    analyses: Analyses | None = None


def analyse(result: RunResult, previous: PreviousResults | None = None,
            crosswalk: pd.DataFrame | None = None, runs: int = 0, seed: int = 1,
            lang: str = "vi", previous_methodology: Methodology | None = None,
            top: int = 3) -> Analyses:
    """Year over year (with ``previous``), robustness (``runs`` > 0), where the points were
    lost, self-assessment against appraisal, evidence, and the summary paragraph."""
    done = Analyses()
    if result.results.empty:
        return done
    if previous is not None:
        done.comparison = compare_years(result, previous, crosswalk, previous_methodology)
        done.field_comparison = compare_fields(result, previous, crosswalk, previous_methodology)
        done.problems += previous.problems + done.comparison.attrs["problems"]
    if runs > 0:
        done.robust = robustness(result, runs=runs, seed=seed)
    done.lost_by_unit = lost_by_unit(result, top)
    done.lost_across = lost_across_units(result)
    done.overclaim = overclaim_by_unit(result)
    done.disagreement = appraisal_disagreement(result)
    done.evidence = missing_evidence(result) if has_evidence(result) else None
    done.summary = summary_text(result, done.comparison, done.robust, lang, top)
    return done


def with_analyses(result: RunResult, analyses: Analyses) -> AnalysedResult:
    """The run with the analysis columns appended to ``results`` and their problems added."""
    results = result.results.copy()
    if analyses.comparison is not None:
        extra = analyses.comparison.set_index("unit_id")[YOY_COLUMNS]
        results = results.join(extra, on="unit_id")
    if analyses.robust is not None:
        extra = analyses.robust.set_index("unit_id")[ROBUST_COLUMNS]
        results = results.join(extra, on="unit_id")
    values = {f.name: getattr(result, f.name) for f in fields(RunResult) if f.init}
    values.update(results=results, problems=[*result.problems, *analyses.problems])
    return AnalysedResult(**values, analyses=analyses)
