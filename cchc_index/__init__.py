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

The analyses (year over year, robustness, points lost) and their charts are in
:mod:`cchc_index.analysis`; the scoring rules from raw figures and the council's draft in
:mod:`cchc_index.rules`. Every other module is private (:mod:`cchc_index._internal`).

>>> from cchc_index import load_methodology, run, ranked_bars, write_workbook
>>> result = run(["data/sample_district/"], load_methodology())  # doctest: +SKIP
>>> ax = ranked_bars(result, top=5)  # doctest: +SKIP
>>> write_workbook(result, "ket_qua.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cchc_index._lazy import attach
from cchc_index._version import __version__

# The public names, imported on first use (PEP 562): ``python -m cchc_index --help`` and
# the command line's start-up do not pay for pandas, pandera and the readers they skip.
_LAZY = {
    "Batch": "cchc_index._internal.entries",
    "CchcError": "cchc_index._internal.errors",
    "InputError": "cchc_index._internal.errors",
    "MethodologyError": "cchc_index._internal.errors",
    "Problem": "cchc_index._internal.errors",
    "problems_frame": "cchc_index._internal.errors",
    "bundled_names": "cchc_index._internal.methodology.load",
    "load_methodology": "cchc_index._internal.methodology.load",
    "Band": "cchc_index._internal.methodology.model",
    "Component": "cchc_index._internal.methodology.model",
    "Criterion": "cchc_index._internal.methodology.model",
    "Methodology": "cchc_index._internal.methodology.model",
    "NotArisenRule": "cchc_index._internal.methodology.model",
    "RunResult": "cchc_index._internal.pipeline",
    "run": "cchc_index._internal.pipeline",
    "score_batch": "cchc_index._internal.pipeline",
    "rank_and_classify": "cchc_index._internal.ranking",
    "resolve_points": "cchc_index._internal.scoring",
    "subindices": "cchc_index._internal.scoring",
    "unit_scores": "cchc_index._internal.scoring",
    "validate_batch": "cchc_index._internal.validate",
    "make_entries": "cchc_index._internal.entries",
    "make_units": "cchc_index._internal.entries",
    "find_inputs": "cchc_index._internal.io.inputs",
    "read_file": "cchc_index._internal.io.inputs",
    "number_text": "cchc_index._internal.messages",
    "annex_frame": "cchc_index._internal.report.display",
    "styled": "cchc_index._internal.report.display",
    "class_counts": "cchc_index._internal.report.tables",
    "profile_table": "cchc_index._internal.report.tables",
    "write_csv": "cchc_index._internal.report.csv",
    "write_workbook": "cchc_index._internal.report.workbook",
    "readable": "cchc_index._internal.analysis.readable",
    "write_docx": "cchc_index._internal.analysis.docx_report",
    "class_distribution": "cchc_index._internal.plots.charts",
    "field_heatmap": "cchc_index._internal.plots.charts",
    "ranked_bars": "cchc_index._internal.plots.charts",
    "self_vs_appraised": "cchc_index._internal.plots.compare",
    "unit_profile": "cchc_index._internal.plots.compare",
    "year_over_year": "cchc_index._internal.plots.compare",
    "write_charts": "cchc_index._internal.plots",
}

if TYPE_CHECKING:
    from cchc_index._internal.analysis.docx_report import write_docx
    from cchc_index._internal.analysis.readable import readable
    from cchc_index._internal.entries import Batch, make_entries, make_units
    from cchc_index._internal.errors import (
        CchcError,
        InputError,
        MethodologyError,
        Problem,
        problems_frame,
    )
    from cchc_index._internal.io.inputs import find_inputs, read_file
    from cchc_index._internal.messages import number_text
    from cchc_index._internal.methodology.load import bundled_names, load_methodology
    from cchc_index._internal.methodology.model import (
        Band,
        Component,
        Criterion,
        Methodology,
        NotArisenRule,
    )
    from cchc_index._internal.pipeline import RunResult, run, score_batch
    from cchc_index._internal.plots import write_charts
    from cchc_index._internal.plots.charts import class_distribution, field_heatmap, ranked_bars
    from cchc_index._internal.plots.compare import self_vs_appraised, unit_profile, year_over_year
    from cchc_index._internal.ranking import rank_and_classify
    from cchc_index._internal.report.csv import write_csv
    from cchc_index._internal.report.display import annex_frame, styled
    from cchc_index._internal.report.tables import class_counts, profile_table
    from cchc_index._internal.report.workbook import write_workbook
    from cchc_index._internal.scoring import resolve_points, subindices, unit_scores
    from cchc_index._internal.validate import validate_batch


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

__getattr__, __dir__ = attach(__name__, _LAZY, __all__)
