"""cchc_index: score Vietnam's administrative-reform index (Chỉ số CCHC).

Data flows one way: read → validate → score → rank/classify → report/plot. Each stage
is a pure function on DataFrames, so a notebook can run them one by one.
"""

from cchc_index.entries import Batch
from cchc_index.errors import CchcError, InputError, MethodologyError, Problem, problems_frame
from cchc_index.methodology.load import bundled_names, load_methodology
from cchc_index.methodology.model import Band, Component, Criterion, Methodology, NotArisenRule
from cchc_index.pipeline import RunResult, run, score_batch
from cchc_index.ranking import rank_and_classify
from cchc_index.scoring import resolve_points, subindices, unit_scores
from cchc_index.validate import validate_batch

__version__ = "0.1.0"

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
    "bundled_names",
    "load_methodology",
    "problems_frame",
    "rank_and_classify",
    "resolve_points",
    "run",
    "score_batch",
    "subindices",
    "unit_scores",
    "validate_batch",
]
