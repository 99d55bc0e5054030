"""cchc_index: score Vietnam's administrative-reform index (Chỉ số CCHC).

Data flows one way: read → validate → score → rank/classify → report/plot. Each stage
is a pure function on DataFrames, so a notebook can run them one by one.
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
}

if TYPE_CHECKING:
    from cchc_index.entries import Batch
    from cchc_index.errors import CchcError, InputError, MethodologyError, Problem, problems_frame
    from cchc_index.methodology.load import bundled_names, load_methodology
    from cchc_index.methodology.model import Band, Component, Criterion, Methodology, NotArisenRule
    from cchc_index.pipeline import RunResult, run, score_batch
    from cchc_index.ranking import rank_and_classify
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
