"""Public names imported on first use (PEP 562), for the package's public modules.

``import cchc_index`` and ``python -m cchc_index --help`` do not pay for pandas, pandera,
matplotlib and the readers: each public module lists where its names live, and
:func:`attach` gives it the ``__getattr__`` and ``__dir__`` that import them when asked.

>>> getattr_, dir_ = attach("example", {"sqrt": "math"}, ["sqrt"])
>>> getattr_("sqrt")(9.0)
3.0
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def attach(module: str, names: dict[str, str],
           public: list[str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``module``: ``names`` maps each public name to
    the module that defines it; ``public`` is the module's ``__all__``."""

    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(names[name]), name)
        if module in sys.modules:  # later lookups find it without calling here
            setattr(sys.modules[module], name, value)
        return value

    def __dir__() -> list[str]:
        here = vars(sys.modules[module]) if module in sys.modules else {}
        return sorted({*here, *public})

    return __getattr__, __dir__
