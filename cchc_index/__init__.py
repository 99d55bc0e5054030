"""cchc_index: score Vietnam's administrative-reform index (Chỉ số CCHC).

Data flows one way: read → validate → score → rank/classify → report/plot. Each stage
is a pure function on DataFrames, so a notebook can run them one by one. Everything a
notebook needs is here:

- the methodology: :func:`load_methodology`, :func:`bundled_names`;
- reading: :func:`find_inputs`, :func:`read_file`, or :func:`make_units` and
  :func:`make_entries` for tables built in code;
- the whole run: :func:`run` (files → :class:`RunResult`), :func:`score_batch` (a batch);
  step by step: :func:`validate_batch`, :func:`resolve_points`, :func:`unit_scores`,
  :func:`subindices`, :func:`rank_and_classify`;
- the result tables: :func:`annex_frame`, :func:`class_counts`, :func:`profile_table`,
  shown with :func:`styled` (numbers written 91,58) and :func:`readable` (an analysis
  table with the workbook's Vietnamese headings), :func:`number_text`;
- the outputs: :func:`write_workbook`, :func:`write_csv`, :func:`write_docx`;
- the charts (each returns its Axes, or draws on yours with ``ax=``):
  :func:`ranked_bars`, :func:`class_distribution`, :func:`field_heatmap`,
  :func:`self_vs_appraised`, :func:`unit_profile`, :func:`year_over_year`, and
  :func:`write_charts` for all of them as files.

The analyses (year over year, robustness, points lost) are in :mod:`cchc_index.analysis`.

>>> from cchc_index import load_methodology, run, ranked_bars, write_workbook
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> ax = ranked_bars(result, top=5)  # doctest: +SKIP
>>> write_workbook(result, "ket_qua.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from cchc_index._version import __version__

# The public names, imported on first use (PEP 562): ``python -m cchc_index --help`` and
# the command line's start-up do not pay for pandas, pandera and the readers they skip.
_LAZY = {
    "Batch": "cchc_index.entries",
    "CchcError": "cchc_index.errors",
    "InputError": "cchc_index.errors",
    "MethodologyError": "cchc_index.errors",
    "Problem": "cchc_index.errors",
    "problems_frame": "cchc_index.errors",
    "bundled_names": "cchc_index.methodology.load",
    "load_methodology": "cchc_index.methodology.load",
    "Band": "cchc_index.methodology.model",
    "Component": "cchc_index.methodology.model",
    "Criterion": "cchc_index.methodology.model",
    "Methodology": "cchc_index.methodology.model",
    "NotArisenRule": "cchc_index.methodology.model",
    "RunResult": "cchc_index.pipeline",
    "run": "cchc_index.pipeline",
    "score_batch": "cchc_index.pipeline",
    "rank_and_classify": "cchc_index.ranking",
    "resolve_points": "cchc_index.scoring",
    "subindices": "cchc_index.scoring",
    "unit_scores": "cchc_index.scoring",
    "validate_batch": "cchc_index.validate",
    "make_entries": "cchc_index.entries",
    "make_units": "cchc_index.entries",
    "find_inputs": "cchc_index.io.inputs",
    "read_file": "cchc_index.io.inputs",
    "number_text": "cchc_index.messages",
    "annex_frame": "cchc_index.report.display",
    "styled": "cchc_index.report.display",
    "class_counts": "cchc_index.report.tables",
    "profile_table": "cchc_index.report.tables",
    "write_csv": "cchc_index.report.csv",
    "write_workbook": "cchc_index.report.workbook",
    "readable": "cchc_index.analysis.readable",
    "write_docx": "cchc_index.analysis.docx_report",
    "class_distribution": "cchc_index.plots.charts",
    "field_heatmap": "cchc_index.plots.charts",
    "ranked_bars": "cchc_index.plots.charts",
    "self_vs_appraised": "cchc_index.plots.compare",
    "unit_profile": "cchc_index.plots.compare",
    "year_over_year": "cchc_index.plots.compare",
    "write_charts": "cchc_index.plots",
}

if TYPE_CHECKING:
    from cchc_index.analysis.docx_report import write_docx
    from cchc_index.analysis.readable import readable
    from cchc_index.entries import Batch, make_entries, make_units
    from cchc_index.errors import CchcError, InputError, MethodologyError, Problem, problems_frame
    from cchc_index.io.inputs import find_inputs, read_file
    from cchc_index.messages import number_text
    from cchc_index.methodology.load import bundled_names, load_methodology
    from cchc_index.methodology.model import Band, Component, Criterion, Methodology, NotArisenRule
    from cchc_index.pipeline import RunResult, run, score_batch
    from cchc_index.plots import write_charts
    from cchc_index.plots.charts import class_distribution, field_heatmap, ranked_bars
    from cchc_index.plots.compare import self_vs_appraised, unit_profile, year_over_year
    from cchc_index.ranking import rank_and_classify
    from cchc_index.report.csv import write_csv
    from cchc_index.report.display import annex_frame, styled
    from cchc_index.report.tables import class_counts, profile_table
    from cchc_index.report.workbook import write_workbook
    from cchc_index.scoring import resolve_points, subindices, unit_scores
    from cchc_index.validate import validate_batch


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'cchc_index' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Band",
    "Batch",
    "CchcError",
    "Component",
    "Criterion",
    "InputError",
    "Methodology",
    "MethodologyError",
    "NotArisenRule",
    "Problem",
    "RunResult",
    "__version__",
    "annex_frame",
    "bundled_names",
    "class_counts",
    "class_distribution",
    "field_heatmap",
    "find_inputs",
    "load_methodology",
    "make_entries",
    "make_units",
    "number_text",
    "problems_frame",
    "profile_table",
    "rank_and_classify",
    "ranked_bars",
    "read_file",
    "readable",
    "resolve_points",
    "run",
    "score_batch",
    "self_vs_appraised",
    "styled",
    "subindices",
    "unit_profile",
    "unit_scores",
    "validate_batch",
    "write_charts",
    "write_csv",
    "write_docx",
    "write_workbook",
    "year_over_year",
]
